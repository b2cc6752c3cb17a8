#ifndef USAGE_SESSION_IMPL_LIFECYCLE_HPP
#define USAGE_SESSION_IMPL_LIFECYCLE_HPP

namespace usage_session {
namespace detail {

// Indexed by the enumerators' values, which follow the seed's order.
inline constexpr std::array<std::string_view, session_state_count> state_names = {
    "ACTIVE", "DONE", "PAUSED", "ACTIVATING", "PAUSING", "RESUMING", "STOPPING"};

inline constexpr std::array<std::string_view, stop_reason_code_count> stop_reason_code_names = {
    "COMPLETION", "GENERAL_DEVICE_ERROR", "TIMEOUT"};

constexpr std::size_t index_of(session_state s) noexcept
{
    return static_cast<std::size_t>(s);
}

}   // namespace detail

constexpr std::string_view to_string(session_state s) noexcept
{
    std::size_t const i = detail::index_of(s);
    return i < session_state_count ? detail::state_names[i] : std::string_view();
}

constexpr std::string_view to_string(stop_reason_code c) noexcept
{
    std::size_t const i = static_cast<std::size_t>(c);
    return i < stop_reason_code_count ? detail::stop_reason_code_names[i] : std::string_view();
}

constexpr std::optional<session_state> session_state_from_string(std::string_view text) noexcept
{
    for(std::size_t i = 0; i < session_state_count; ++i)
        if(detail::state_names[i] == text)
            return static_cast<session_state>(i);
    return std::nullopt;
}

constexpr std::optional<stop_reason_code> stop_reason_code_from_string(std::string_view text) noexcept
{
    for(std::size_t i = 0; i < stop_reason_code_count; ++i)
        if(detail::stop_reason_code_names[i] == text)
            return static_cast<stop_reason_code>(i);
    return std::nullopt;
}

constexpr transition_table& transition_table::allow(session_state from, session_state to) noexcept
{
    // A value outside the seven states (a cast integer) names no edge.
    if(detail::index_of(from) >= session_state_count || detail::index_of(to) >= session_state_count)
        return *this;
    rows_[detail::index_of(from)] = static_cast<std::uint8_t>(
        rows_[detail::index_of(from)] | (1u << detail::index_of(to)));
    return *this;
}

constexpr transition_table& transition_table::forbid(session_state from, session_state to) noexcept
{
    if(detail::index_of(from) >= session_state_count || detail::index_of(to) >= session_state_count)
        return *this;
    rows_[detail::index_of(from)] = static_cast<std::uint8_t>(
        rows_[detail::index_of(from)] & ~(1u << detail::index_of(to)));
    return *this;
}

constexpr bool transition_table::allows(session_state from, session_state to) const noexcept
{
    if(from == to)
        return true;
    std::size_t const f = detail::index_of(from);
    std::size_t const t = detail::index_of(to);
    return f < session_state_count && t < session_state_count && ((rows_[f] >> t) & 1u) != 0;
}

constexpr transition_table transition_table::lifecycle() noexcept
{
    // Each edge is explained in docs/lifecycle.md; keep the two in step.
    using s = session_state;
    transition_table t;
    // A device runs and finishes sessions on its own.
    t.allow(s::active, s::done).allow(s::active, s::paused).allow(s::paused, s::active).allow(s::paused, s::done);
    // Remote commands enter the waiting states...
    t.allow(s::active, s::pausing).allow(s::active, s::stopping).allow(s::paused, s::resuming).allow(s::paused, s::stopping).allow(s::activating, s::stopping).allow(s::pausing, s::stopping).allow(s::resuming, s::stopping);
    // ...and leave them when the device acknowledges,
    t.allow(s::activating, s::active).allow(s::pausing, s::paused).allow(s::resuming, s::active).allow(s::stopping, s::done);
    // or refuses (the command had no effect),
    t.allow(s::pausing, s::active).allow(s::resuming, s::paused);
    // or never answers: the session ends with stop code TIMEOUT.
    t.allow(s::activating, s::done).allow(s::pausing, s::done).allow(s::resuming, s::done);
    // DONE is final: no edge leaves it.
    return t;
}

}   // namespace usage_session

#endif
