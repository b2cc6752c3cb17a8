#ifndef USAGE_SESSION_PLATFORM_ERROR_HPP
#define USAGE_SESSION_PLATFORM_ERROR_HPP

/** @file
    Reports in the platform's own error envelope, for services that must
    answer exactly as the platform does (docs/contract.md §7, docs/platform_error.md).
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/report.hpp>

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <string_view>

namespace usage_session {

/// The platform's name for a violation and the HTTP status it answers with.
struct platform_code
{
    std::string_view code;   ///< e.g. `"SELECT_ATTRIBUTE_INVALID_VALUE"`
    int http_status;         ///< e.g. 400, or 409 for `SESSION_STATE_CHANGE_INVALID`
};

/** The platform code of one violation.

    Mostly a function of `v.code` (docs/platform_error.md has the table);
    `stop_data_state_mismatch` splits into STOP_DATA_NULL_FOR_DONE_SESSION
    and STOP_DATA_NOT_NULL_FOR_NON_DONE_SESSION by `v.details["state"]`,
    and `out_of_range` into VALIDATION_MINIMUM_ALLOWED_VALUE (when
    `v.details` has `minimum`) and VALIDATION_MAX_ALLOWED_VALUE.
*/
USAGE_SESSION_DECL
platform_code to_platform_code(violation const& v) noexcept;

/** The platform's error envelope for a report:

    @code{.json}
    { "code": "SESSION_STATE_CHANGE_INVALID",
      "message": "_state cannot go from DONE to ACTIVE.",
      "details": { "attributeName": "_state", "currentState": "DONE", "targetState": "ACTIVE" } }
    @endcode

    The platform answers one error per response: this is the report's
    first violation, which is the first faulty member in document order
    (field rules come before cross-field rules, which only run on a patch
    without field violations). `details` holds `attributeName` (the pointer
    as a dotted name, absent for the whole body) and the violation's own
    details (`value`, `type`, `state`, `currentState`, `targetState`, ...).
    Send it with `to_platform_code(r[0]).http_status`. An ok report gives
    an empty object.

    @par Complexity Linear in the size of the first violation.
    @par Exception Safety Strong; only `std::bad_alloc` may be thrown.
*/
USAGE_SESSION_DECL
boost::json::object to_platform_error(report const& r, boost::json::storage_ptr sp = {});

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/platform_error.hpp>
#endif

#endif
