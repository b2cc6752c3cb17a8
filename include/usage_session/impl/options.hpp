#ifndef USAGE_SESSION_IMPL_OPTIONS_HPP
#define USAGE_SESSION_IMPL_OPTIONS_HPP

namespace usage_session {

update_options update_options::platform() noexcept
{
    update_options o;
    o.require_end_after_start = true;
    o.check_stop_data = true;
    o.check_end_time_state = true;
    o.check_transitions = true;
    return o;
}

}   // namespace usage_session

#endif
