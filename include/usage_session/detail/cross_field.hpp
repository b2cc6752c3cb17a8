#ifndef USAGE_SESSION_DETAIL_CROSS_FIELD_HPP
#define USAGE_SESSION_DETAIL_CROSS_FIELD_HPP

// The cross-field rules of docs/contract.md §6.3, checked on the session as it will be
// after the update, without building that session first: each member is
// taken from the patch when the patch has it, else from the stored session.

#include <usage_session/detail/text.hpp>
#include <usage_session/detail/validator.hpp>
#include <usage_session/detail/vocabulary.hpp>
#include <usage_session/json_pointer.hpp>
#include <usage_session/lifecycle.hpp>
#include <usage_session/options.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>
#include <usage_session/timestamp.hpp>

#include <boost/json/object.hpp>
#include <cstdio>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

namespace usage_session {
namespace detail {

// One member of the merged session: its value (nullptr when absent or
// cleared) and whether the patch supplied it.
struct merged_member
{
    boost::json::value const* value = nullptr;
    bool from_patch = false;
};

// The merged member `key` when it is known whether the patch has it:
// `in_patch` is the patch's value, or null when the patch lacks it.
inline merged_member merged_known(boost::json::object const* stored,
                                  boost::json::value const* in_patch,
                                  std::string_view key) noexcept
{
    if(in_patch)
        return merged_member{in_patch->is_null() ? nullptr : in_patch, true};
    if(stored)
        if(boost::json::value const* s = stored->if_contains(key))
            return merged_member{s->is_null() ? nullptr : s, false};
    return {};
}

inline merged_member merged(boost::json::object const* stored,
                            boost::json::object const* patch,
                            std::string_view key) noexcept
{
    return merged_known(stored, patch ? patch->if_contains(key) : nullptr, key);
}

// The members the cross-field rules look at. A stored session checked on
// its own (validate_session) has no state change to judge.
struct merged_session
{
    merged_member start;
    merged_member end;
    merged_member state;
    merged_member stop_reason;                          // in _summary
    merged_member stop_reason_code;                     // in _summary
    bool summary_readable = true;                       // false when a _summary is not an object
    boost::json::value const* stored_state = nullptr;   // only for an update
};

inline boost::json::object const* summary_of(boost::json::object const* o) noexcept
{
    if(!o)
        return nullptr;
    boost::json::value const* s = o->if_contains(names::summary);
    return s && s->is_object() ? &s->get_object() : nullptr;
}

// The view of `stored` updated by a patch in which the members the rules
// read are `in_patch` (null when a stored session is checked on its own).
inline merged_session merged_view(boost::json::object const* stored,
                                  patch_findings const* in_patch) noexcept
{
    patch_findings const none;
    patch_findings const& p = in_patch ? *in_patch : none;
    // A patch's _summary merges into the stored one member by member; the
    // stop members the patch has are those of an object _summary.
    boost::json::object const* const stored_summary = summary_of(stored);
    bool const patch_summary = p.summary && p.summary->is_object();
    merged_session m;
    m.start = merged_known(stored, p.start_time, names::start_time);
    m.end = merged_known(stored, p.end_time, names::end_time);
    m.state = merged_known(stored, p.state, names::state);
    m.stop_reason = merged_known(stored_summary, patch_summary ? p.stop_reason : nullptr,
                                 names::stop_reason);
    m.stop_reason_code = merged_known(stored_summary, patch_summary ? p.stop_reason_code : nullptr,
                                      names::stop_reason_code);
    // A _summary that is not an object is a field violation already; its
    // stop data cannot be judged.
    m.summary_readable = !(stored && !stored_summary && stored->contains(names::summary));
    // When the patch lacks _state, merged_known found the stored one
    // already: no second lookup.
    if(in_patch && stored)
        m.stored_state = m.state.from_patch ? stored->if_contains(names::state)
                                            : m.state.value;
    return m;
}

inline std::optional<session_state> state_of(boost::json::value const* v) noexcept
{
    if(!v || !v->is_string())
        return std::nullopt;
    return session_state_from_string(v->get_string());
}

// The fields of a merged timestamp: the validator's, when the patch
// supplied it (`kept`, null or empty when not kept), else parsed here. A
// stored value that is not a valid timestamp cannot be compared: the field
// rules report it, the cross-field rules skip it.
inline std::optional<date_time_fields> time_of(merged_member m,
                                               std::optional<date_time_fields> const* kept) noexcept
{
    if(!m.value || !m.value->is_string())
        return std::nullopt;
    if(m.from_patch && kept && *kept)
        return *kept;
    date_time_fields f;
    if(parse_date_time(m.value->get_string(), f) != 0)
        return std::nullopt;
    return f;
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

// The merged _startTime and _endTime as fields, each parsed once for all
// the rules that compare them (they are parsed only when such a rule is on,
// and not at all when the validator kept them).
struct merged_times
{
    std::optional<date_time_fields> start;
    std::optional<date_time_fields> end;
};

// Each rule adds at most one violation; returns false once the report is full.
inline bool check_end_after_start(merged_session const& m, merged_times const& t,
                                  update_options const& o, report& r)
{
    if(!o.require_end_after_start || !t.start || !t.end ||
       !(instant_order(*t.end) < instant_order(*t.start)))
        return true;
    // Point at what the patch changed: that is what the client must fix.
    std::string_view const blamed =
        m.end.from_patch || !m.start.from_patch ? names::end_time : names::start_time;
    violation v{make_pointer(blamed), error::end_before_start,
                std::string(names::end_time) + " " + quoted(m.end.value->get_string()) +
                    " is before " + std::string(names::start_time) + " " +
                    quoted(m.start.value->get_string()) + "."};
    v.details["startTime"] = m.start.value->get_string();
    v.details["endTime"] = m.end.value->get_string();
    return r.add(std::move(v));
}

// A special `now` (not_a_date_time, +/-infinity) is no clock reading: the
// rule is off, as without `now`.
inline bool checks_future(update_options const& o) noexcept
{
    return o.now && !o.now->is_special();
}

inline bool check_not_in_future(merged_session const& m, merged_times const& t,
                                update_options const& o, report& r)
{
    if(!checks_future(o))
        return true;
    boost::posix_time::ptime const latest = *o.now + o.max_clock_skew;
    for(auto const& [member, time, name] : {std::tuple(m.start, t.start, names::start_time),
                                            std::tuple(m.end, t.end, names::end_time)})
    {
        if(!time || !(to_ptime(*time) > latest))
            continue;
        // The message is built only for a violation: most updates pass.
        violation v{make_pointer(name), error::time_in_future,
                    std::string(name) + " " + quoted(member.value->get_string()) +
                        " is later than the current time " + format_utc(*o.now) +
                        " plus the allowed clock skew of " +
                        std::to_string(o.max_clock_skew.total_seconds()) + " seconds."};
        v.details["value"] = member.value->get_string();
        if(!r.add(std::move(v)))
            return false;
    }
    return true;
}

inline bool check_stop_data(merged_session const& m, update_options const& o, report& r)
{
    auto const state = state_of(m.state.value);
    if(!o.check_stop_data || !state || !m.summary_readable)
        return true;
    // Stop data on a session that is not DONE: blame the code first, as it
    // is what marks a session as stopped.
    bool const done = *state == session_state::done;
    bool const code = m.stop_reason_code.value != nullptr;
    if(done ? code : !code && !m.stop_reason.value)
        return true;
    // Only now, with a violation to report, is anything allocated.
    char const* const label_code = "_summary._stopReasonCode";
    violation v;
    v.code = error::stop_data_state_mismatch;
    v.details["state"] = to_string(*state);
    if(done)
    {
        v.pointer = "/_summary/_stopReasonCode";
        v.message = std::string("A session whose _state is DONE needs ") + label_code +
                    " (COMPLETION, GENERAL_DEVICE_ERROR or TIMEOUT).";
        return r.add(std::move(v));
    }
    v.pointer = code ? "/_summary/_stopReasonCode" : "/_summary/_stopReason";
    v.message = std::string(code ? label_code : "_summary._stopReason") +
                " is only allowed while _state is DONE; the session would be " +
                std::string(to_string(*state)) + ". Clear it with null.";
    return r.add(std::move(v));
}

inline bool check_end_time_state(merged_session const& m, update_options const& o, report& r)
{
    auto const state = state_of(m.state.value);
    if(!o.check_end_time_state || !state || !m.end.value ||
       *state == session_state::done || *state == session_state::stopping)
        return true;
    violation v{make_pointer(names::end_time), error::end_time_state_mismatch,
                "_endTime is only allowed while _state is DONE or STOPPING; the session would be " +
                    std::string(to_string(*state)) + ". Clear it with null."};
    v.details["state"] = to_string(*state);
    return r.add(std::move(v));
}

inline bool check_transition(merged_session const& m, update_options const& o, report& r)
{
    auto const from = state_of(m.stored_state);
    auto const to = state_of(m.state.value);
    if(!o.check_transitions || !from || !to || o.transitions.allows(*from, *to))
        return true;
    violation v{make_pointer(names::state), error::illegal_transition,
                "_state cannot go from " + std::string(to_string(*from)) + " to " +
                    std::string(to_string(*to)) + "."};
    v.details["currentState"] = to_string(*from);
    v.details["targetState"] = to_string(*to);
    return r.add(std::move(v));
}

// Every required custom attribute of the schema must have a value in the
// merged session: from the patch (which may not clear it, validate_patch
// rejects that) or kept from the stored session. A stored null counts as
// missing. The merge replaces a stored scope member that is not an object,
// so then only the patch's members count. Reported in schema order, at
// the pointer where the attribute should be. Returns false once the report
// is full.
inline bool check_required_merged(schema const& s, boost::json::object const& stored,
                                  boost::json::object const& patch, report& r)
{
    location const root;
    for(std::size_t w = 0; w < 3; ++w)
    {
        scope const where = static_cast<scope>(w);
        scope_data const* sd = schema_access::scope_of(s, where);
        if(!sd || !sd->any_required)
            continue;
        boost::json::object const* stored_scope = &stored;
        boost::json::object const* patch_scope = &patch;
        location const scope_at = root.member(w == 1 ? names::configuration : names::summary);
        location const& parent = w == 0 ? root : scope_at;
        if(w != 0)
        {
            boost::json::value const* sv = stored.if_contains(parent.key);
            boost::json::value const* pv = patch.if_contains(parent.key);
            stored_scope = sv && sv->is_object() ? &sv->get_object() : nullptr;
            patch_scope = pv && pv->is_object() ? &pv->get_object() : nullptr;
        }
        for(attribute_definition const& d : sd->attributes)
        {
            if(!d.required || merged(stored_scope, patch_scope, d.name).value)
                continue;
            location const at = parent.member(d.name);
            if(!r.add(violation{at.pointer(), error::missing_required,
                                attribute_label(at) + " is required; the session would not have it."}))
                return false;
        }
    }
    return true;
}

// The order of the report: first what the times say on their own, then
// whether the state may change at all, then whether stop data and end time
// fit the new state. A forbidden change comes before its consequences, so
// to_platform_error answers DONE -> ACTIVE with SESSION_STATE_CHANGE_INVALID
// rather than with the stop data the old state left behind. Values that
// cannot be read (reported by the field rules, or bad stored data) are
// skipped.
//
// `kept` holds the patch's timestamps as validate_patch parsed them, when
// there is a patch.
inline void check_cross_field(merged_session const& m, update_options const& o, report& r,
                              patch_findings const* kept = nullptr)
{
    merged_times t;
    if(o.require_end_after_start || checks_future(o))
    {
        t.start = time_of(m.start, kept ? &kept->start : nullptr);
        t.end = time_of(m.end, kept ? &kept->end : nullptr);
    }
    if(!check_end_after_start(m, t, o, r) || !check_not_in_future(m, t, o, r) ||
       !check_transition(m, o, r) || !check_stop_data(m, o, r))
        return;
    check_end_time_state(m, o, r);
}

}   // namespace detail
}   // namespace usage_session

#endif
