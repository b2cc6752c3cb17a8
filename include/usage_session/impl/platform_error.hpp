#ifndef USAGE_SESSION_IMPL_PLATFORM_ERROR_HPP
#define USAGE_SESSION_IMPL_PLATFORM_ERROR_HPP

#include <string>

namespace usage_session {
namespace detail {

// "/_summary/_stopReasonCode" -> "_summary._stopReasonCode" (RFC 6901
// escapes undone), the way the platform names nested attributes.
inline std::string attribute_name(std::string_view pointer)
{
    std::string name;
    for(std::size_t i = 0; i < pointer.size(); ++i)
    {
        char const c = pointer[i];
        if(c == '/')
        {
            if(i != 0)
                name += '.';
        }
        else if(c == '~' && i + 1 < pointer.size())
            name += pointer[++i] == '1' ? '/' : '~';
        else
            name += c;
    }
    return name;
}

}   // namespace detail

platform_code to_platform_code(violation const& v) noexcept
{
    // Codes the platform publishes where one fits; the others (marked
    // "ours" in docs/platform_error.md) name what the platform does not.
    switch(v.code)
    {
    case error::missing_required:
    case error::null_not_allowed:
        return {"ATTRIBUTE_IS_MANDATORY", 400};
    case error::not_an_object:
    case error::wrong_type:
    case error::not_an_integer:
    case error::bad_timestamp:
    case error::not_utc:
    case error::timestamp_out_of_range:
    case error::bad_date:
    case error::bad_uuid:
    case error::bad_device_id:
    case error::pattern_mismatch:
        return {"ATTRIBUTE_VALUE_TYPE_MISMATCH", 400};
    case error::unknown_attribute:
    case error::read_only_attribute:
        return {"ATTRIBUTE_NOT_VALID_FOR_TEMPLATE", 400};
    case error::not_in_enum:
        return {"SELECT_ATTRIBUTE_INVALID_VALUE", 400};
    case error::too_short:
        return {"VALIDATION_MINIMUM_ALLOWED_VALUE", 400};
    case error::out_of_range:
        // Below a minimum carries details.minimum; above a maximum, and a
        // non-finite number (over every maximum), does not.
        if(v.details.contains("minimum"))
            return {"VALIDATION_MINIMUM_ALLOWED_VALUE", 400};
        return {"VALIDATION_MAX_ALLOWED_VALUE", 400};
    case error::too_long:
        return {"VALIDATION_MAX_ALLOWED_VALUE", 400};
    case error::end_before_start:
        return {"START_TIME_AFTER_END_TIME", 400};
    case error::time_in_future:
        return {"TIME_IN_FUTURE", 400};
    case error::stop_data_state_mismatch:
    {
        boost::json::value const* state = v.details.if_contains("state");
        bool const done = state && state->is_string() && state->get_string() == "DONE";
        return {done ? "STOP_DATA_NULL_FOR_DONE_SESSION"
                     : "STOP_DATA_NOT_NULL_FOR_NON_DONE_SESSION",
                400};
    }
    case error::end_time_state_mismatch:
        return {"END_TIME_VALUE_INVALID_FOR_SESSION_STATE", 400};
    case error::illegal_transition:
        return {"SESSION_STATE_CHANGE_INVALID", 409};
    case error::invalid_json:
    case error::duplicate_key:
    case error::too_deep:
    case error::too_many_violations:
        return {"INVALID_REQUEST_BODY", 400};
    case error::too_large:
        return {"REQUEST_BODY_TOO_LARGE", 413};
    case error::bad_schema:
        return {"INVALID_SCHEMA", 500};
    }
    return {"INVALID_REQUEST_BODY", 400};
}

boost::json::object to_platform_error(report const& r, boost::json::storage_ptr sp)
{
    boost::json::object envelope(sp);
    if(r.ok())
        return envelope;
    violation const& first = r[0];
    envelope["code"] = to_platform_code(first).code;
    envelope["message"] = first.message;
    boost::json::object details(sp);
    if(!first.pointer.empty())
        details["attributeName"] = detail::attribute_name(first.pointer);
    for(auto const& fact : first.details)
        details[fact.key()] = fact.value();
    envelope["details"] = std::move(details);
    return envelope;
}

}   // namespace usage_session

#endif
