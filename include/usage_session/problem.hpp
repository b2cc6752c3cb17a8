#ifndef USAGE_SESSION_PROBLEM_HPP
#define USAGE_SESSION_PROBLEM_HPP

/** @file
    Reports as RFC 9457 problem details (`application/problem+json`).
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/report.hpp>

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <string_view>

namespace usage_session {

/// The `type` URI of every problem document the library makes.
inline constexpr std::string_view problem_type = "urn:usage-session:problem:invalid-request";

/** Turns a report into an RFC 9457 problem details object, ready to send
    with status 400 and `Content-Type: application/problem+json`:

    @code{.json}
    { "type": "urn:usage-session:problem:invalid-request",
      "title": "The request does not satisfy the Update Usage Session rules",
      "status": 400,
      "detail": "2 violations: _state must be one of ...",
      "errors": [ { "pointer": "/_state", "code": "not_in_enum", "detail": "..." } ] }
    @endcode

    `errors` lists every violation in report order. Messages are already
    safe to return (escaped, cut, no sensitive values).

    @par Complexity Linear in the size of the report.
    @par Exception Safety Strong; only `std::bad_alloc` may be thrown.
    @see RFC 9457 §3
*/
USAGE_SESSION_DECL
boost::json::object to_problem_details(report const& r, boost::json::storage_ptr sp = {});

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/problem.hpp>
#endif

#endif
