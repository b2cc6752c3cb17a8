#ifndef USAGE_SESSION_ERROR_HPP
#define USAGE_SESSION_ERROR_HPP

/** @file
    The error codes of usage_session, as a Boost.System error enum.
*/

#include <boost/system/error_code.hpp>
#include <string_view>
#include <type_traits>

namespace usage_session {

/** Every rule the library checks, one enumerator per rule (SPEC §7).

    Zero is reserved for "no error", as Boost.System requires, so the first
    code is 1. The numeric values are part of the ABI: new codes are only ever
    appended.
*/
enum class error
{
    not_an_object = 1,        ///< the document (or `_configuration`/`_summary`) is not a JSON object
    missing_required,         ///< a required member is absent
    null_not_allowed,         ///< `null` was given where it may not clear the member
    wrong_type,               ///< the JSON type of the value is not the one the rule wants
    unknown_attribute,        ///< the member is not defined by the schema
    read_only_attribute,      ///< the member is a read-only system attribute of a stored session
    not_in_enum,              ///< the string is not one of the allowed values
    too_short,                ///< fewer code points (or items) than allowed
    too_long,                 ///< more code points (or items) than allowed
    out_of_range,             ///< a number outside its bounds, or not finite
    not_an_integer,           ///< a number with a fraction where an integer is wanted
    bad_timestamp,            ///< not an RFC 3339 date-time, or a date or time that does not exist
    not_utc,                  ///< a well-formed timestamp with a non-zero UTC offset
    timestamp_out_of_range,   ///< a year outside 1400–9999
    bad_date,                 ///< not a `YYYY-MM-DD` date that exists
    bad_uuid,                 ///< not a UUID in 8-4-4-4-12 hex form
    bad_device_id,            ///< empty, over 256 bytes, invalid UTF-8 or with control characters
    end_before_start,         ///< `_endTime` is before `_startTime`
    time_in_future,           ///< a time later than `now + max_clock_skew`
    stop_data_state_mismatch, ///< stop data on a session that is not DONE, or a DONE one without it
    end_time_state_mismatch,  ///< `_endTime` on a session that is not DONE or STOPPING
    illegal_transition,       ///< the state change is not allowed by the transition table
    invalid_json,             ///< malformed JSON, invalid UTF-8, or a number that overflows a double
    duplicate_key,            ///< the same member name twice in one object
    too_deep,                 ///< nesting deeper than the limit
    too_large,                ///< a body larger than the limit
    too_many_violations,      ///< the report is full; more violations were not recorded
    bad_schema,               ///< a schema definition is itself invalid
    pattern_mismatch          ///< a string does not match its attribute's pattern
};

/// The number of enumerators of @ref error (the last one's value).
inline constexpr int error_count = static_cast<int>(error::pattern_mismatch);

/** The identifier of a code, exactly as spelled in C++ (`"not_utc"`).

    This is the machine-readable `code` of problem details. Returns an empty
    view for a value that is not an enumerator.
*/
constexpr std::string_view code_name(error e) noexcept;

/** The Boost.System category of @ref error; its name is `"usage_session"`.

    The `message()` of a code is a short English name of the rule, such as
    `"timestamp is not in UTC"`.
*/
boost::system::error_category const& usage_session_category() noexcept;

/// Makes `e` usable wherever a `boost::system::error_code` is wanted.
boost::system::error_code make_error_code(error e) noexcept;

} // namespace usage_session

namespace boost {
namespace system {
template<>
struct is_error_code_enum<::usage_session::error> : std::true_type {};
} // namespace system
} // namespace boost

#include <usage_session/impl/error.hpp>

#endif
