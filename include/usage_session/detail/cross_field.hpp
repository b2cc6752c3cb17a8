#ifndef USAGE_SESSION_DETAIL_CROSS_FIELD_HPP
#define USAGE_SESSION_DETAIL_CROSS_FIELD_HPP

// The cross-field rules of SPEC §6, checked on the session as it will be
// after the update, without building that session first: each member is
// taken from the patch when the patch has it, else from the stored session.

#include <usage_session/detail/text.hpp>
#include <usage_session/detail/vocabulary.hpp>
#include <usage_session/json_pointer.hpp>
#include <usage_session/options.hpp>
#include <usage_session/report.hpp>
#include <usage_session/timestamp.hpp>

#include <boost/json/object.hpp>
#include <cstdio>
#include <optional>
#include <string>

namespace usage_session {
namespace detail {

// One member of the merged session: its value (nullptr when absent or
// cleared) and whether the patch supplied it.
struct merged_member
{
    boost::json::value const* value = nullptr;
    bool from_patch = false;
};

inline merged_member merged(boost::json::object const* stored,
                            boost::json::object const* patch,
                            std::string_view key) noexcept
{
    if(patch)
        if(boost::json::value const* p = patch->if_contains(key))
            return merged_member{p->is_null() ? nullptr : p, true};
    if(stored)
        if(boost::json::value const* s = stored->if_contains(key))
            return merged_member{s->is_null() ? nullptr : s, false};
    return {};
}

// The members the cross-field rules look at.
struct merged_session
{
    merged_member start;
    merged_member end;
};

inline merged_session merged_view(boost::json::object const* stored,
                                  boost::json::object const* patch) noexcept
{
    return merged_session{merged(stored, patch, names::start_time),
                          merged(stored, patch, names::end_time)};
}

// A stored value that is not a valid timestamp cannot be compared: the
// field rules report it, the cross-field rules skip it.
inline std::optional<boost::posix_time::ptime> time_of(merged_member m) noexcept
{
    if(!m.value || !m.value->is_string())
        return std::nullopt;
    auto r = parse_utc_timestamp(m.value->get_string());
    if(!r)
        return std::nullopt;
    return *r;
}

// "2026-11-28T18:24:58Z" (with microseconds when there are any).
inline std::string format_utc(boost::posix_time::ptime t)
{
    auto const d = t.date();
    auto const tod = t.time_of_day();
    char buf[48];
    long const micros = static_cast<long>(tod.fractional_seconds() *
        1000000 / boost::posix_time::time_duration::ticks_per_second());
    int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d",
        static_cast<int>(d.year()), static_cast<int>(d.month()), static_cast<int>(d.day()),
        static_cast<int>(tod.hours()), static_cast<int>(tod.minutes()),
        static_cast<int>(tod.seconds()));
    if(micros != 0 && n > 0)
        n += std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), ".%06ld", micros);
    return std::string(buf) + "Z";
}

inline void check_cross_field(merged_session const& m, update_options const& o, report& r)
{
    auto const start = time_of(m.start);
    auto const end = time_of(m.end);

    if(o.require_end_after_start && start && end && *end < *start)
    {
        // Point at what the patch changed: that is what the client must fix.
        std::string_view const blamed =
            m.end.from_patch || !m.start.from_patch ? names::end_time : names::start_time;
        if(!r.add(violation{make_pointer(blamed), error::end_before_start,
                  std::string(names::end_time) + " " + quoted(m.end.value->get_string()) +
                  " is before " + std::string(names::start_time) + " " +
                  quoted(m.start.value->get_string()) + "."}))
            return;
    }

    // A special `now` (not_a_date_time, +/-infinity) is no clock reading:
    // the rule is off, as without `now`.
    if(o.now && !o.now->is_special())
    {
        boost::posix_time::ptime const latest = *o.now + o.max_clock_skew;
        auto const in_future = [&](merged_member m, std::string_view name) {
            // The message is built only for a violation: most updates pass.
            return r.add(violation{make_pointer(name), error::time_in_future,
                std::string(name) + " " + quoted(m.value->get_string()) +
                " is later than the current time " + format_utc(*o.now) +
                " plus the allowed clock skew of " +
                std::to_string(o.max_clock_skew.total_seconds()) + " seconds."});
        };
        if(start && *start > latest && !in_future(m.start, names::start_time))
            return;
        if(end && *end > latest)
            in_future(m.end, names::end_time);
    }
}

} // namespace detail
} // namespace usage_session

#endif
