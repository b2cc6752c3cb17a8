#ifndef USAGE_SESSION_IMPL_ERROR_HPP
#define USAGE_SESSION_IMPL_ERROR_HPP

namespace usage_session {

namespace detail {

// The rule's short English name, one per enumerator like code_name
// (error.hpp): the test walking every code catches a missing one.
constexpr char const* rule_message(error e) noexcept
{
    switch(e)
    {
    case error::not_an_object: return "value is not a JSON object";
    case error::missing_required: return "required member is missing";
    case error::null_not_allowed: return "null is not allowed";
    case error::wrong_type: return "value has the wrong JSON type";
    case error::unknown_attribute: return "attribute is not defined";
    case error::read_only_attribute: return "attribute is read-only";
    case error::not_in_enum: return "value is not one of the allowed values";
    case error::too_short: return "value is too short";
    case error::too_long: return "value is too long";
    case error::out_of_range: return "number is out of range";
    case error::not_an_integer: return "number is not an integer";
    case error::bad_timestamp: return "timestamp is malformed";
    case error::not_utc: return "timestamp is not in UTC";
    case error::timestamp_out_of_range: return "timestamp year is out of range";
    case error::bad_date: return "date is malformed";
    case error::bad_uuid: return "value is not a UUID";
    case error::bad_device_id: return "device id is invalid";
    case error::end_before_start: return "end time is before start time";
    case error::time_in_future: return "time is in the future";
    case error::stop_data_state_mismatch: return "stop data does not fit the session state";
    case error::end_time_state_mismatch: return "end time does not fit the session state";
    case error::illegal_transition: return "state change is not allowed";
    case error::invalid_json: return "body is not valid JSON";
    case error::duplicate_key: return "member name appears twice";
    case error::too_deep: return "document is nested too deeply";
    case error::too_large: return "body is too large";
    case error::too_many_violations: return "too many violations";
    case error::bad_schema: return "schema definition is invalid";
    case error::pattern_mismatch: return "value does not match the pattern";
    }
    return "unknown usage_session error";
}

class error_category_impl final : public boost::system::error_category
{
public:
    // A fixed id makes codes compare equal across shared libraries even if
    // each has its own copy of the category object.
    constexpr error_category_impl() noexcept
        : boost::system::error_category(0x9a3b6c1e5d2f4071ULL)
    {
    }

    char const* name() const noexcept override
    {
        return "usage_session";
    }

    std::string message(int ev) const override
    {
        return rule_message(static_cast<error>(ev));
    }

    char const* message(int ev, char*, std::size_t) const noexcept override
    {
        return rule_message(static_cast<error>(ev));
    }
};

}   // namespace detail

boost::system::error_category const& usage_session_category() noexcept
{
    // Function-local static: constant-initialised, so no start-up order issue
    // and no mutable global state.
    static detail::error_category_impl const category;
    return category;
}

boost::system::error_code make_error_code(error e) noexcept
{
    return boost::system::error_code(static_cast<int>(e), usage_session_category());
}

}   // namespace usage_session

#endif
