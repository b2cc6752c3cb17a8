#ifndef USAGE_SESSION_VALIDATE_HPP
#define USAGE_SESSION_VALIDATE_HPP

/** @file
    Validation of a patch document and of a whole stored session.
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/json_pointer.hpp>
#include <usage_session/options.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>
#include <usage_session/timestamp.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace usage_session {

/** Checks an Update Usage Session patch and reports **every** violation.

    The rules are docs/contract.md §2 to §5: the body is an object; `_startTime` and
    `_state` are required (unless the schema relaxes it) and may not be null;
    `_endTime` and `_name` may be null; timestamps are UTC RFC 3339; `_name`
    has 1 to 64 code points; `_configuration` and `_summary` are objects whose
    members are custom attributes (plus `_stopReason` and `_stopReasonCode`
    in `_summary`); other `_` names are `read_only_attribute` or
    `unknown_attribute`; custom attributes follow the schema. Anywhere in the
    patch, numbers must be finite, strings and names valid UTF-8, and nesting
    within `s.max_depth()`.

    @par Complexity Linear in the size of `patch`; recursion never deeper
    than `s.max_depth()`.
    @par Exception Safety Only `std::bad_alloc` may be thrown. A valid patch
    allocates nothing.
*/
USAGE_SESSION_DECL
report validate_patch(boost::json::value const& patch,
                      schema const& s = schema::standard(),
                      validate_options const& o = {});

/** Checks a whole stored session with the same rules as a patch, where the
    read-only system attributes (`_id`, ...) are of course allowed and
    `_startTime` and `_state` are always required; then the cross-field rules
    of docs/contract.md §6 that `o` switches on.

    @par Complexity Linear in the size of `session`.
    @par Exception Safety Only `std::bad_alloc` may be thrown.
*/
USAGE_SESSION_DECL
report validate_session(boost::json::object const& session,
                        schema const& s = schema::standard(),
                        update_options const& o = {});

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/validate.hpp>
#endif

#endif
