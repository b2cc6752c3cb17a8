#ifndef USAGE_SESSION_ERROR_HPP
#define USAGE_SESSION_ERROR_HPP

/** @file
    The error codes of usage_session, as a Boost.System error enum.
*/

#include <usage_session/detail/config.hpp>

#include <boost/system/error_code.hpp>
#include <string_view>
#include <type_traits>

namespace usage_session {

/** Every rule the library checks, one enumerator per rule (docs/contract.md §7).

    Zero is reserved for "no error", as Boost.System requires, so the first
    code is 1. The numeric values are part of the ABI: new codes are only ever
    appended.
*/
enum class error
{
    not_an_object = 1,          ///< the document is not a JSON object (a member that must be one gets `wrong_type`)
    missing_required,           ///< a required member is absent
    null_not_allowed,           ///< `null` was given where it may not clear the member
    wrong_type,                 ///< the JSON type of the value is not the one the rule wants
    unknown_attribute,          ///< the member is not defined by the schema
    read_only_attribute,        ///< the member is a read-only system attribute of a stored session
    not_in_enum,                ///< the string is not one of the allowed values
    too_short,                  ///< fewer code points (or items) than allowed
    too_long,                   ///< more code points (or items) than allowed
    out_of_range,               ///< a number outside its bounds, or not finite
    not_an_integer,             ///< a number with a fraction where an integer is wanted
    bad_timestamp,              ///< not an RFC 3339 date-time, or a date or time that does not exist
    not_utc,                    ///< a well-formed timestamp with a non-zero UTC offset
    timestamp_out_of_range,     ///< a year outside 1400–9999
    bad_date,                   ///< not a `YYYY-MM-DD` date that exists
    bad_uuid,                   ///< not a UUID in 8-4-4-4-12 hex form
    bad_device_id,              ///< empty, over 256 bytes, invalid UTF-8 or with control characters
    end_before_start,           ///< `_endTime` is before `_startTime`
    time_in_future,             ///< a time later than `now + max_clock_skew`
    stop_data_state_mismatch,   ///< stop data on a session that is not DONE, or a DONE one without it
    end_time_state_mismatch,    ///< `_endTime` on a session that is not DONE or STOPPING
    illegal_transition,         ///< the state change is not allowed by the transition table
    invalid_json,               ///< malformed JSON, invalid UTF-8, or a number that overflows a double
    duplicate_key,              ///< the same member name twice in one object
    too_deep,                   ///< nesting deeper than the limit
    too_large,                  ///< a body larger than the limit
    too_many_violations,        ///< the report is full; more violations were not recorded
    bad_schema,                 ///< a schema definition is itself invalid
    pattern_mismatch            ///< a string does not match its attribute's pattern
};

/// The number of enumerators of @ref error (the last one's value).
inline constexpr int error_count = static_cast<int>(error::pattern_mismatch);

// Defined here, not in impl/: a constexpr function must be seen by every
// translation unit, also in separate compilation.
/** The identifier of a code, exactly as spelled in C++ (`"not_utc"`).

    This is the machine-readable `code` of problem details. Returns an empty
    view for a value that is not an enumerator.
*/
constexpr std::string_view code_name(error e) noexcept
{
    switch(e)
    {
    case error::not_an_object: return "not_an_object";
    case error::missing_required: return "missing_required";
    case error::null_not_allowed: return "null_not_allowed";
    case error::wrong_type: return "wrong_type";
    case error::unknown_attribute: return "unknown_attribute";
    case error::read_only_attribute: return "read_only_attribute";
    case error::not_in_enum: return "not_in_enum";
    case error::too_short: return "too_short";
    case error::too_long: return "too_long";
    case error::out_of_range: return "out_of_range";
    case error::not_an_integer: return "not_an_integer";
    case error::bad_timestamp: return "bad_timestamp";
    case error::not_utc: return "not_utc";
    case error::timestamp_out_of_range: return "timestamp_out_of_range";
    case error::bad_date: return "bad_date";
    case error::bad_uuid: return "bad_uuid";
    case error::bad_device_id: return "bad_device_id";
    case error::end_before_start: return "end_before_start";
    case error::time_in_future: return "time_in_future";
    case error::stop_data_state_mismatch: return "stop_data_state_mismatch";
    case error::end_time_state_mismatch: return "end_time_state_mismatch";
    case error::illegal_transition: return "illegal_transition";
    case error::invalid_json: return "invalid_json";
    case error::duplicate_key: return "duplicate_key";
    case error::too_deep: return "too_deep";
    case error::too_large: return "too_large";
    case error::too_many_violations: return "too_many_violations";
    case error::bad_schema: return "bad_schema";
    case error::pattern_mismatch: return "pattern_mismatch";
    }
    return {};
}

/** The Boost.System category of @ref error; its name is `"usage_session"`.

    The `message()` of a code is a short English name of the rule, such as
    `"timestamp is not in UTC"`.
*/
USAGE_SESSION_DECL
boost::system::error_category const& usage_session_category() noexcept;

/// Makes `e` usable wherever a `boost::system::error_code` is wanted.
USAGE_SESSION_DECL
boost::system::error_code make_error_code(error e) noexcept;

}   // namespace usage_session

namespace boost {
namespace system {
template<>
struct is_error_code_enum<::usage_session::error> : std::true_type
{};
}   // namespace system
}   // namespace boost

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/error.hpp>
#endif

#endif
