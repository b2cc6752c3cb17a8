#ifndef USAGE_SESSION_IMPL_SESSION_VIEW_HPP
#define USAGE_SESSION_IMPL_SESSION_VIEW_HPP

#include <usage_session/detail/cross_field.hpp>
#include <usage_session/detail/vocabulary.hpp>
#include <usage_session/timestamp.hpp>
#include <usage_session/validate.hpp>

namespace usage_session {

boost::system::result<session_view, report>
session_view::make(boost::json::object const& session, schema const& s, update_options const& o)
{
    report r = validate_session(session, s, o);
    if(!r.ok())
        return {boost::system::in_place_error, std::move(r)};
    // Validation guarantees these members exist and parse.
    auto const state = session_state_from_string(session.at(detail::names::state).get_string());
    auto const start = parse_utc_timestamp(session.at(detail::names::start_time).get_string());
    std::optional<boost::posix_time::ptime> end;
    boost::json::value const* e = session.if_contains(detail::names::end_time);
    if(e && e->is_string())
        end = *parse_utc_timestamp(e->get_string());
    return session_view(session, *state, *start, end);
}

std::optional<boost::posix_time::time_duration> session_view::duration() const noexcept
{
    if(!end_)
        return std::nullopt;
    return *end_ - start_;
}

std::optional<std::string_view>
session_view::string_member(boost::json::object const* o, std::string_view key) const noexcept
{
    if(!o)
        return std::nullopt;
    boost::json::value const* v = o->if_contains(key);
    if(!v || !v->is_string())
        return std::nullopt;
    return std::string_view(v->get_string());
}

std::optional<std::string_view> session_view::name() const noexcept
{
    return string_member(session_, detail::names::name);
}

std::optional<stop_reason_code> session_view::stop_code() const noexcept
{
    auto const text = string_member(detail::summary_of(session_), detail::names::stop_reason_code);
    if(!text)
        return std::nullopt;
    return stop_reason_code_from_string(*text);
}

std::optional<std::string_view> session_view::stop_reason() const noexcept
{
    return string_member(detail::summary_of(session_), detail::names::stop_reason);
}

}   // namespace usage_session

#endif
