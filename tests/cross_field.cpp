// The cross-field rules of docs/contract.md §6 that need options: stop data, end time
// against state, state transitions, their order, and update_options::platform().

#include <usage_session/update.hpp>

#include <usage_session/lifecycle.hpp>
#include <usage_session/options.hpp>
#include <usage_session/validate.hpp>

#include "test_data.hpp"
#include "test_support.hpp"

#include <boost/date_time/posix_time/posix_time_io.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

namespace us = usage_session;
using test_support::stored;
using test_support::stored_with;
namespace json = boost::json;
using test_support::codes;

namespace {

using state = us::session_state;

constexpr state all_states[] = {state::active, state::done, state::paused, state::activating,
                                state::pausing, state::resuming, state::stopping};

// A finished session: DONE, with an end time and a stop code.
json::object stored_done()
{
    return stored_with(R"({"_state": "DONE", "_endTime": "2026-11-20T09:00:00Z",
                           "_summary": {"_stopReasonCode": "COMPLETION", "_stopReason": "Done."}})");
}

json::value patch(std::string const& text)
{
    return json::parse(text);
}

// A patch setting `_state` to `to`, with `rest` (members text, may be empty) after it.
json::value to_state(std::string_view to, std::string const& rest = "")
{
    return patch(R"({"_startTime": "2026-11-20T08:00:00Z", "_state": ")" + std::string(to) +
                 "\"" + (rest.empty() ? "" : ", " + rest) + "}");
}

us::update_options only_stop_data()
{
    us::update_options o;
    o.check_stop_data = true;
    return o;
}

us::update_options only_end_time_state()
{
    us::update_options o;
    o.check_end_time_state = true;
    return o;
}

us::update_options only_transitions()
{
    us::update_options o;
    o.check_transitions = true;
    return o;
}

// The report of applying `p` to `session` (ok when it applies).
us::report outcome(json::object const& session, json::value const& p, us::update_options const& o)
{
    auto const r = us::apply_update(session, p, us::schema::standard(), o);
    return r.has_value() ? us::report() : r.error();
}

boost::posix_time::ptime at(char const* utc)
{
    return us::parse_utc_timestamp(utc).value();
}

}   // namespace

BOOST_AUTO_TEST_SUITE(cross_field)

// --- options -------------------------------------------------------------

BOOST_AUTO_TEST_CASE(defaults_switch_off_the_lifecycle_rules)
{
    us::update_options const o;
    BOOST_TEST(o.require_end_after_start);
    BOOST_TEST(!o.now.has_value());
    BOOST_TEST(!o.check_stop_data);
    BOOST_TEST(!o.check_end_time_state);
    BOOST_TEST(!o.check_transitions);
    us::transition_table const l = us::transition_table::lifecycle();
    for(state from : all_states)
        for(state to : all_states)
            BOOST_TEST(o.transitions.allows(from, to) == l.allows(from, to));
}

BOOST_AUTO_TEST_CASE(platform_switches_every_rule_on)
{
    us::update_options const o = us::update_options::platform();
    BOOST_TEST(o.require_end_after_start);
    BOOST_TEST(o.check_stop_data);
    BOOST_TEST(o.check_end_time_state);
    BOOST_TEST(o.check_transitions);
    BOOST_TEST(!o.now.has_value());   // the library never reads a clock
    BOOST_TEST(o.max_clock_skew == boost::posix_time::minutes(5));
    BOOST_TEST(o.validation.max_violations == us::default_max_violations);
    us::transition_table const l = us::transition_table::lifecycle();
    for(state from : all_states)
        for(state to : all_states)
            BOOST_TEST(o.transitions.allows(from, to) == l.allows(from, to));
}

// --- stop_data_state_mismatch ---------------------------------------------

BOOST_AUTO_TEST_CASE(done_without_stop_reason_code_fails)
{
    json::value const p = to_state("DONE", R"("_endTime": "2026-11-20T09:00:00Z")");
    BOOST_TEST(outcome(stored(), p, {}).ok());   // off by default

    for(us::update_options const& o : {only_stop_data(), us::update_options::platform()})
    {
        us::report const r = outcome(stored(), p, o);
        BOOST_TEST_REQUIRE(r.size() == 1u, codes(r));
        BOOST_TEST((r[0].code == us::error::stop_data_state_mismatch));
        BOOST_TEST(r[0].pointer == "/_summary/_stopReasonCode");
        BOOST_TEST(r[0].details.at("state") == "DONE");
        BOOST_TEST(r[0].message.find("DONE") != std::string::npos, r[0].message);
    }

    // A stop reason alone is not enough: the code is what is required.
    us::report const reason_only =
        outcome(stored(), to_state("DONE", R"("_summary": {"_stopReason": "Manual stop"})"),
                only_stop_data());
    BOOST_TEST(codes(reason_only) == "/_summary/_stopReasonCode stop_data_state_mismatch");

    // Clearing the code of a DONE session that stays DONE.
    us::report const cleared = outcome(
        stored_done(), to_state("DONE", R"("_summary": {"_stopReasonCode": null})"), only_stop_data());
    BOOST_TEST(codes(cleared) == "/_summary/_stopReasonCode stop_data_state_mismatch");

    // A null code is no code.
    us::report const null_code =
        outcome(stored(), to_state("DONE", R"("_summary": {"_stopReasonCode": null})"),
                only_stop_data());
    BOOST_TEST(codes(null_code) == "/_summary/_stopReasonCode stop_data_state_mismatch");
}

BOOST_AUTO_TEST_CASE(done_with_stop_reason_code_passes)
{
    for(char const* code : {"COMPLETION", "GENERAL_DEVICE_ERROR", "TIMEOUT"})
    {
        BOOST_TEST_CONTEXT(code)
        {
            us::report const r = outcome(
                stored(),
                to_state("DONE", std::string(R"("_summary": {"_stopReasonCode": ")") + code + "\"}"),
                only_stop_data());
            BOOST_TEST(r.ok(), codes(r));
        }
    }
    // The code may come from the stored session.
    json::object const session = stored_with(R"({"_summary": {"_stopReasonCode": "TIMEOUT"}})");
    BOOST_TEST(outcome(session, to_state("DONE"), only_stop_data()).ok());   // ACTIVE -> DONE
    BOOST_TEST(outcome(stored_done(), to_state("DONE"), only_stop_data()).ok());
}

BOOST_AUTO_TEST_CASE(stop_data_on_a_session_that_is_not_done_fails)
{
    json::value const with_code = to_state("ACTIVE", R"("_summary": {"_stopReasonCode": "TIMEOUT"})");
    BOOST_TEST(outcome(stored(), with_code, {}).ok());   // off by default

    for(us::update_options const& o : {only_stop_data(), us::update_options::platform()})
    {
        us::report const r = outcome(stored(), with_code, o);
        BOOST_TEST_REQUIRE(r.size() == 1u, codes(r));
        BOOST_TEST((r[0].code == us::error::stop_data_state_mismatch));
        BOOST_TEST(r[0].pointer == "/_summary/_stopReasonCode");
        BOOST_TEST(r[0].details.at("state") == "ACTIVE");
        BOOST_TEST(r[0].message.find("ACTIVE") != std::string::npos, r[0].message);
        BOOST_TEST(r[0].message.find("DONE") != std::string::npos, r[0].message);
    }

    // Only a stop reason: that is what is blamed.
    us::report const reason = outcome(
        stored(), to_state("PAUSED", R"("_summary": {"_stopReason": "Manual stop"})"), only_stop_data());
    BOOST_TEST_REQUIRE(reason.size() == 1u, codes(reason));
    BOOST_TEST(reason[0].pointer == "/_summary/_stopReason");
    BOOST_TEST(reason[0].details.at("state") == "PAUSED");

    // Both: one violation, on the code.
    us::report const both = outcome(
        stored(),
        to_state("ACTIVE", R"("_summary": {"_stopReason": "x", "_stopReasonCode": "COMPLETION"})"),
        only_stop_data());
    BOOST_TEST(codes(both) == "/_summary/_stopReasonCode stop_data_state_mismatch");

    // Every state other than DONE.
    for(state s : all_states)
    {
        if(s == state::done)
            continue;
        BOOST_TEST_CONTEXT(us::to_string(s))
        {
            us::report const r = outcome(
                stored(), to_state(us::to_string(s), R"("_summary": {"_stopReasonCode": "TIMEOUT"})"),
                only_stop_data());
            BOOST_TEST_REQUIRE(r.size() == 1u, codes(r));
            BOOST_TEST(r[0].details.at("state") == json::value(us::to_string(s)));
        }
    }
}

BOOST_AUTO_TEST_CASE(stored_stop_data_fails_when_the_patch_leaves_done)
{
    us::report const r = outcome(stored_done(), to_state("ACTIVE", R"("_endTime": null)"),
                                 only_stop_data());
    BOOST_TEST_REQUIRE(r.size() == 1u, codes(r));
    BOOST_TEST((r[0].code == us::error::stop_data_state_mismatch));
    BOOST_TEST(r[0].pointer == "/_summary/_stopReasonCode");
    BOOST_TEST(r[0].details.at("state") == "ACTIVE");

    // Clearing only the code leaves the stored reason: blamed next.
    us::report const reason = outcome(
        stored_done(), to_state("ACTIVE", R"("_summary": {"_stopReasonCode": null})"), only_stop_data());
    BOOST_TEST(codes(reason) == "/_summary/_stopReason stop_data_state_mismatch");
}

BOOST_AUTO_TEST_CASE(clearing_stop_data_with_null_while_leaving_done_passes)
{
    std::string const clear =
        R"("_endTime": null, "_summary": {"_stopReasonCode": null, "_stopReason": null})";
    BOOST_TEST(outcome(stored_done(), to_state("ACTIVE", clear), only_stop_data()).ok());

    // With every rule on, DONE -> ACTIVE needs a table that allows it.
    us::update_options o = us::update_options::platform();
    o.transitions.allow(state::done, state::active);
    auto const result = us::apply_update(stored_done(), to_state("ACTIVE", clear),
                                         us::schema::standard(), o);
    BOOST_TEST_REQUIRE(result.has_value(), (result.has_error() ? codes(result.error()) : ""));
    BOOST_TEST(!result->at("_summary").as_object().contains("_stopReasonCode"));
    BOOST_TEST(!result->at("_summary").as_object().contains("_stopReason"));
    BOOST_TEST(!result->contains("_endTime"));
    BOOST_TEST(us::validate_session(*result, us::schema::standard(), o).ok());

    // ...and the default table still refuses it, with that rule only.
    us::report const refused = outcome(stored_done(), to_state("ACTIVE", clear),
                                       us::update_options::platform());
    BOOST_TEST(codes(refused) == "/_state illegal_transition");
}

// --- end_time_state_mismatch ----------------------------------------------

BOOST_AUTO_TEST_CASE(end_time_is_allowed_only_with_done_and_stopping)
{
    std::string const end = R"("_endTime": "2026-11-20T09:00:00Z")";
    for(state s : all_states)
    {
        BOOST_TEST_CONTEXT(us::to_string(s))
        {
            json::value const p = to_state(us::to_string(s), end);
            BOOST_TEST(outcome(stored(), p, {}).ok());   // off by default
            us::report const r = outcome(stored(), p, only_end_time_state());
            if(s == state::done || s == state::stopping)
                BOOST_TEST(r.ok(), codes(r));
            else
            {
                BOOST_TEST_REQUIRE(r.size() == 1u, codes(r));
                BOOST_TEST((r[0].code == us::error::end_time_state_mismatch));
                BOOST_TEST(r[0].pointer == "/_endTime");
                BOOST_TEST(r[0].details.at("state") == json::value(us::to_string(s)));
                BOOST_TEST(r[0].message.find(std::string(us::to_string(s))) != std::string::npos,
                           r[0].message);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(end_time_rule_via_platform_and_stored_end_time)
{
    // The end time comes from the stored session; the patch moves to PAUSED.
    us::update_options o = us::update_options::platform();
    o.check_transitions = false;
    o.check_stop_data = false;
    json::object const ended = stored_with(R"({"_endTime": "2026-11-20T09:00:00Z"})");
    us::report const r = outcome(ended, to_state("PAUSED"), o);
    BOOST_TEST(codes(r) == "/_endTime end_time_state_mismatch");
    BOOST_TEST(outcome(ended, to_state("PAUSED"), {}).ok());

    // Clearing it with null passes.
    BOOST_TEST(outcome(ended, to_state("PAUSED", R"("_endTime": null)"), o).ok());
    // No end time at all passes whatever the state.
    for(state s : all_states)
        BOOST_TEST(outcome(stored(), to_state(us::to_string(s)), only_end_time_state()).ok());
}

// --- illegal_transition ---------------------------------------------------

BOOST_AUTO_TEST_CASE(illegal_transition_off_by_default_on_by_flag_and_platform)
{
    json::value const p = to_state("ACTIVE", R"("_endTime": null, "_summary": {"_stopReasonCode": null, "_stopReason": null})");
    BOOST_TEST(outcome(stored_done(), p, {}).ok());
    for(us::update_options const& o : {only_transitions(), us::update_options::platform()})
    {
        us::report const r = outcome(stored_done(), p, o);
        BOOST_TEST_REQUIRE(r.size() == 1u, codes(r));
        BOOST_TEST((r[0].code == us::error::illegal_transition));
        BOOST_TEST(r[0].pointer == "/_state");
        BOOST_TEST(r[0].message.find("cannot go from DONE to ACTIVE") != std::string::npos,
                   r[0].message);
        BOOST_TEST(r[0].details.at("currentState") == "DONE");
        BOOST_TEST(r[0].details.at("targetState") == "ACTIVE");
    }
    // An allowed change passes with the rule on.
    BOOST_TEST(outcome(stored(), to_state("PAUSED"), only_transitions()).ok());
}

BOOST_AUTO_TEST_CASE(custom_transition_table_is_used)
{
    us::update_options o = only_transitions();
    o.transitions = us::transition_table().allow(state::done, state::active);
    // DONE -> ACTIVE is now allowed, ACTIVE -> DONE (default: allowed) is not.
    BOOST_TEST(outcome(stored_with(R"({"_state": "DONE"})"), to_state("ACTIVE"), o).ok());
    us::report const r = outcome(stored(), to_state("DONE"), o);
    BOOST_TEST(codes(r) == "/_state illegal_transition");
    BOOST_TEST(r[0].message.find("cannot go from ACTIVE to DONE") != std::string::npos, r[0].message);
    // Staying is allowed by any table.
    BOOST_TEST(outcome(stored(), to_state("ACTIVE"), o).ok());

    // A stricter lifecycle.
    us::update_options strict = only_transitions();
    strict.transitions.forbid(state::active, state::done);
    BOOST_TEST(codes(outcome(stored(), to_state("DONE"), strict)) == "/_state illegal_transition");
    BOOST_TEST(outcome(stored(), to_state("STOPPING"), strict).ok());
}

BOOST_AUTO_TEST_CASE(patch_without_state_keeps_the_stored_state)
{
    us::schema const relaxed = us::schema_builder().require_start_and_state(false).build().value();
    us::update_options o = only_transitions();
    o.transitions = us::transition_table();   // nothing but staying
    auto const r = us::apply_update(stored_done(), patch(R"({"_name": "renamed"})"), relaxed, o);
    BOOST_TEST(r.has_value(), (r.has_error() ? codes(r.error()) : std::string()));
    // ...while the same table refuses an actual change.
    auto const moved = us::apply_update(stored_done(), patch(R"({"_state": "ACTIVE"})"), relaxed, o);
    BOOST_TEST_REQUIRE(moved.has_error());
    BOOST_TEST(codes(moved.error()) == "/_state illegal_transition");
}

BOOST_AUTO_TEST_CASE(validate_session_never_judges_a_transition)
{
    // A stored session alone has no previous state.
    us::update_options o = only_transitions();
    o.transitions = us::transition_table();
    BOOST_TEST(us::validate_session(stored_done(), us::schema::standard(), o).ok());
}

// --- validate_session with platform() -------------------------------------

BOOST_AUTO_TEST_CASE(validate_session_with_platform_options)
{
    us::update_options const o = us::update_options::platform();
    BOOST_TEST(us::validate_session(stored_done(), us::schema::standard(), o).ok());
    BOOST_TEST(us::validate_session(stored(), us::schema::standard(), o).ok());   // ACTIVE, nothing

    json::object const no_code = stored_with(R"({"_state": "DONE", "_endTime": "2026-11-20T09:00:00Z"})");
    us::report const r1 = us::validate_session(no_code, us::schema::standard(), o);
    BOOST_TEST(codes(r1) == "/_summary/_stopReasonCode stop_data_state_mismatch");
    BOOST_TEST(r1[0].details.at("state") == "DONE");
    BOOST_TEST(us::validate_session(no_code).ok());   // default options: not checked

    json::object const active_ended = stored_with(R"({"_endTime": "2026-11-20T09:00:00Z"})");
    BOOST_TEST(codes(us::validate_session(active_ended, us::schema::standard(), o)) ==
               "/_endTime end_time_state_mismatch");

    json::object const active_stopped = stored_with(R"({"_summary": {"_stopReasonCode": "TIMEOUT"}})");
    BOOST_TEST(codes(us::validate_session(active_stopped, us::schema::standard(), o)) ==
               "/_summary/_stopReasonCode stop_data_state_mismatch");

    json::object const stopping = stored_with(R"({"_state": "STOPPING", "_endTime": "2026-11-20T09:00:00Z"})");
    BOOST_TEST(us::validate_session(stopping, us::schema::standard(), o).ok());

    // Both rules at once, in the table's order.
    json::object const both = stored_with(
        R"({"_state": "PAUSED", "_endTime": "2026-11-20T09:00:00Z", "_summary": {"_stopReason": "x"}})");
    BOOST_TEST(codes(us::validate_session(both, us::schema::standard(), o)) ==
               "/_summary/_stopReason stop_data_state_mismatch; /_endTime end_time_state_mismatch");
}

// --- order and atomicity --------------------------------------------------

// The order is documented in docs/platform_error.md ("one error per
// response"): the times on their own, then whether the state may change at
// all, then whether stop data and end time fit the new state. This differs
// from a listing by topic (transitions last) on purpose: a forbidden change
// (DONE -> ACTIVE) is the cause, not the stop data the old state left behind.
BOOST_AUTO_TEST_CASE(several_rules_fail_in_the_documented_order)
{
    us::update_options o = us::update_options::platform();
    o.now = at("2026-11-20T10:00:00Z");
    // Stored: DONE with stop data. Patch: back to ACTIVE, with a start in
    // the future and an end before it (also in the future).
    json::value const p = patch(R"({"_state": "ACTIVE", "_endTime": "2030-01-01T00:00:00Z",
                                     "_startTime": "2031-01-01T00:00:00Z"})");
    us::report const r = outcome(stored_done(), p, o);
    BOOST_TEST(codes(r) ==
               "/_endTime end_before_start; "
               "/_startTime time_in_future; /_endTime time_in_future; "
               "/_state illegal_transition; "
               "/_summary/_stopReasonCode stop_data_state_mismatch; "
               "/_endTime end_time_state_mismatch");
    // Deterministic.
    BOOST_TEST((outcome(stored_done(), p, o) == r));

    // Each rule switched off drops exactly its entries, the others keep their order.
    us::update_options fewer = o;
    fewer.check_transitions = false;
    fewer.now.reset();
    BOOST_TEST(codes(outcome(stored_done(), p, fewer)) ==
               "/_endTime end_before_start; "
               "/_summary/_stopReasonCode stop_data_state_mismatch; "
               "/_endTime end_time_state_mismatch");
    fewer.require_end_after_start = false;
    fewer.check_stop_data = false;
    BOOST_TEST(codes(outcome(stored_done(), p, fewer)) == "/_endTime end_time_state_mismatch");
}

// The times are parsed once for both rules that compare them, and whenever
// either is on: the future rule alone still reads them.
BOOST_AUTO_TEST_CASE(future_rule_alone_reads_the_times)
{
    us::update_options o;
    o.require_end_after_start = false;
    o.now = at("2026-11-20T10:00:00Z");
    json::value const p = patch(R"({"_state": "DONE", "_endTime": "2030-01-01T00:00:00Z",
                                     "_startTime": "2031-01-01T00:00:00Z"})");
    BOOST_TEST(codes(outcome(stored_done(), p, o)) ==
               "/_startTime time_in_future; /_endTime time_in_future");
    o.now.reset();
    BOOST_TEST(codes(outcome(stored_done(), p, o)) == "");
    o.require_end_after_start = true;
    BOOST_TEST(codes(outcome(stored_done(), p, o)) == "/_endTime end_before_start");
}

BOOST_AUTO_TEST_CASE(forbidden_change_comes_before_what_the_old_state_left)
{
    // DONE -> ACTIVE without clearing the stop data or the end time.
    us::report const r = outcome(stored_done(), to_state("ACTIVE"), us::update_options::platform());
    BOOST_TEST(codes(r) ==
               "/_state illegal_transition; "
               "/_summary/_stopReasonCode stop_data_state_mismatch; "
               "/_endTime end_time_state_mismatch");
}

BOOST_AUTO_TEST_CASE(max_violations_caps_the_cross_field_rules)
{
    us::update_options o = us::update_options::platform();
    o.validation.max_violations = 1;
    us::report const r = outcome(stored_done(), to_state("ACTIVE"), o);
    BOOST_TEST(codes(r) == "/_state illegal_transition;  too_many_violations");
}

BOOST_AUTO_TEST_CASE(field_violations_come_without_cross_field_ones)
{
    // A patch with a field violation is not judged by the cross-field rules.
    us::report const r = outcome(stored_done(), to_state("ACTIVE", R"("_name": "")"),
                                 us::update_options::platform());
    BOOST_TEST(codes(r) == "/_name too_short");
}

BOOST_AUTO_TEST_CASE(failing_cross_field_rule_leaves_the_session_unchanged)
{
    struct failing
    {
        char const* session_extra;
        char const* patch;
    };
    failing const cases[] = {
        {R"({})", R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_name": "x"})"},
        {R"({})", R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "PAUSED",
                      "_endTime": "2026-11-20T09:00:00Z", "ward": null})"},
        {R"({})", R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "ACTIVE",
                      "_summary": {"_stopReason": "x", "volumeDeliveredMl": null}})"},
        {R"({"_state": "DONE", "_summary": {"_stopReasonCode": "TIMEOUT"}})",
         R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "ACTIVE",
             "_summary": {"_stopReasonCode": null}, "bed": 4})"},
        {R"({"_state": "STOPPING"})",
         R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "PAUSED", "_configuration": {"drug": null}})"},
    };
    for(auto const& c : cases)
    {
        BOOST_TEST_CONTEXT(c.patch)
        {
            json::object session = stored_with(c.session_extra);
            std::string const before = json::serialize(session);
            us::report const r = us::apply_update_in_place(session, patch(c.patch),
                                                           us::schema::standard(),
                                                           us::update_options::platform());
            BOOST_TEST(!r.ok());
            BOOST_TEST(json::serialize(session) == before);
        }
    }
}

BOOST_AUTO_TEST_CASE(passing_update_with_every_rule_on_is_applied)
{
    json::object session = stored();
    us::update_options o = us::update_options::platform();
    o.now = at("2026-11-20T10:00:00Z");
    us::report const r = us::apply_update_in_place(session, to_state("DONE", R"("_endTime": "2026-11-20T09:00:00Z", "_summary": {"_stopReasonCode": "COMPLETION"})"),
                                                   us::schema::standard(), o);
    BOOST_TEST(r.ok(), codes(r));
    BOOST_TEST(session.at("_state") == "DONE");
    BOOST_TEST(session.at("_summary").at("_stopReasonCode") == "COMPLETION");
    BOOST_TEST(us::validate_session(session, us::schema::standard(), o).ok());
}

BOOST_AUTO_TEST_SUITE_END()
