#include <usage_session/lifecycle.hpp>

#include <usage_session/options.hpp>
#include <usage_session/update.hpp>

#include "test_data.hpp"
#include "test_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace us = usage_session;
namespace json = boost::json;
using test_support::codes;

namespace {

using state = us::session_state;
using stop = us::stop_reason_code;

constexpr std::array<state, us::session_state_count> all_states = {
    state::active, state::done, state::paused, state::activating,
    state::pausing, state::resuming, state::stopping};

constexpr std::array<std::string_view, us::session_state_count> state_spellings = {
    "ACTIVE", "DONE", "PAUSED", "ACTIVATING", "PAUSING", "RESUMING", "STOPPING"};

constexpr std::array<stop, us::stop_reason_code_count> all_stop_codes = {
    stop::completion, stop::general_device_error, stop::timeout};

constexpr std::array<std::string_view, us::stop_reason_code_count> stop_spellings = {
    "COMPLETION", "GENERAL_DEVICE_ERROR", "TIMEOUT"};

// The state spelled `text`, failing the test when there is none.
state parse_state(json::value const& text)
{
    auto const s = us::session_state_from_string(text.as_string());
    BOOST_TEST_REQUIRE(s.has_value(), "no state is spelled " << text);
    return *s;
}

// The stored session of update.cpp's tests, moved to `from`.
json::object stored_in(std::string_view from)
{
    json::object s = test_data::load_json("stored_session.json").as_object();
    s["_state"] = from;
    return s;
}

// The 49 rows of tests/data/transitions.json.
json::array const& transition_rows()
{
    static json::value const data = test_data::load_json("transitions.json");
    return data.at("pairs").as_array();
}

}   // namespace

// Everything below is usable in constant expressions.
static_assert(us::to_string(us::session_state::stopping) == "STOPPING");
static_assert(us::to_string(us::stop_reason_code::timeout) == "TIMEOUT");
static_assert(us::session_state_from_string("PAUSED") == us::session_state::paused);
static_assert(!us::session_state_from_string("paused").has_value());
static_assert(us::stop_reason_code_from_string("COMPLETION") == us::stop_reason_code::completion);
static_assert(!us::stop_reason_code_from_string("").has_value());
static_assert(us::transition_table::lifecycle().allows(us::session_state::stopping,
                                                       us::session_state::done));
static_assert(!us::transition_table::lifecycle().allows(us::session_state::done,
                                                        us::session_state::active));
static_assert(us::transition_table().allows(us::session_state::done, us::session_state::done));
static_assert(!us::transition_table().allows(us::session_state::active, us::session_state::done));
// The header's own example.
constexpr auto strict = us::transition_table::lifecycle().forbid(us::session_state::paused,
                                                                 us::session_state::done);
static_assert(!strict.allows(us::session_state::paused, us::session_state::done));
static_assert(strict.allows(us::session_state::active, us::session_state::done));
static_assert(us::session_state_count == 7 && us::stop_reason_code_count == 3);

BOOST_AUTO_TEST_SUITE(lifecycle)

BOOST_AUTO_TEST_CASE(every_state_round_trips_through_its_spelling)
{
    for(std::size_t i = 0; i < all_states.size(); ++i)
    {
        BOOST_TEST_CONTEXT("state " << state_spellings[i])
        {
            BOOST_TEST(us::to_string(all_states[i]) == state_spellings[i]);
            auto const back = us::session_state_from_string(state_spellings[i]);
            BOOST_TEST_REQUIRE(back.has_value());
            BOOST_TEST((*back == all_states[i]));
            BOOST_TEST(static_cast<std::size_t>(all_states[i]) == i);   // the seed's order
        }
    }
}

BOOST_AUTO_TEST_CASE(every_stop_reason_code_round_trips_through_its_spelling)
{
    for(std::size_t i = 0; i < all_stop_codes.size(); ++i)
    {
        BOOST_TEST_CONTEXT("code " << stop_spellings[i])
        {
            BOOST_TEST(us::to_string(all_stop_codes[i]) == stop_spellings[i]);
            auto const back = us::stop_reason_code_from_string(stop_spellings[i]);
            BOOST_TEST_REQUIRE(back.has_value());
            BOOST_TEST((*back == all_stop_codes[i]));
        }
    }
}

BOOST_AUTO_TEST_CASE(from_string_is_exact_and_case_sensitive)
{
    std::string_view const not_states[] = {
        "active", "Active", "aCTIVE", " ACTIVE", "ACTIVE ", "ACTIVE\n",
        std::string_view("ACTIVE\0", 7), std::string_view("\0ACTIVE", 7),
        "ACTIV", "ACTIVEE", "", "done", "Done", "RUNNING", "COMPLETION"};
    for(std::string_view text : not_states)
        BOOST_TEST_CONTEXT("\"" << text << "\" (" << text.size() << " bytes)")
    BOOST_TEST(!us::session_state_from_string(text).has_value());

    std::string_view const not_codes[] = {
        "completion", "Completion", " TIMEOUT", "TIMEOUT ", std::string_view("TIMEOUT\0", 8),
        "GENERAL_DEVICE", "GENERAL-DEVICE-ERROR", "", "DONE"};
    for(std::string_view text : not_codes)
        BOOST_TEST_CONTEXT("\"" << text << "\" (" << text.size() << " bytes)")
    BOOST_TEST(!us::stop_reason_code_from_string(text).has_value());
}

BOOST_AUTO_TEST_CASE(invalid_enum_values_spell_as_empty)
{
    for(int raw : {7, 8, 200, 255})
        BOOST_TEST_CONTEXT("session_state " << raw)
    BOOST_TEST(us::to_string(static_cast<state>(raw)).empty());
    for(int raw : {3, 4, 255})
        BOOST_TEST_CONTEXT("stop_reason_code " << raw)
    BOOST_TEST(us::to_string(static_cast<stop>(raw)).empty());
    static_assert(us::to_string(static_cast<us::session_state>(7)).empty());
    static_assert(us::to_string(static_cast<us::stop_reason_code>(3)).empty());
}

BOOST_AUTO_TEST_CASE(data_file_covers_every_pair_once)
{
    json::array const& rows = transition_rows();
    BOOST_TEST_REQUIRE(rows.size() == 49u);
    bool seen[us::session_state_count][us::session_state_count] = {};
    std::size_t allowed = 0;
    for(auto const& row : rows)
    {
        std::size_t const f = static_cast<std::size_t>(parse_state(row.at("from")));
        std::size_t const t = static_cast<std::size_t>(parse_state(row.at("to")));
        BOOST_TEST(!seen[f][t], "pair listed twice: " << row);
        seen[f][t] = true;
        allowed += row.at("allowed").as_bool() ? 1 : 0;
    }
    BOOST_TEST(allowed == 27u);
}

BOOST_AUTO_TEST_CASE(default_table_matches_all_49_pairs_of_the_data)
{
    constexpr us::transition_table table = us::transition_table::lifecycle();
    std::size_t checked = 0;
    for(auto const& row : transition_rows())
    {
        state const from = parse_state(row.at("from"));
        state const to = parse_state(row.at("to"));
        bool const expected = row.at("allowed").as_bool();
        BOOST_TEST_CONTEXT(row.at("from").as_string() << " -> " << row.at("to").as_string())
        BOOST_TEST(table.allows(from, to) == expected);
        ++checked;
    }
    BOOST_TEST(checked == 49u);
}

BOOST_AUTO_TEST_CASE(default_table_is_the_documented_lifecycle)
{
    // Independent of the data file: the shape docs/lifecycle.md describes.
    constexpr us::transition_table t = us::transition_table::lifecycle();
    for(state s : all_states)
    {
        BOOST_TEST_CONTEXT(us::to_string(s))
        {
            BOOST_TEST(t.allows(s, s));                                   // summary updates
            BOOST_TEST(t.allows(s, state::done) == true);                 // every state may end
            BOOST_TEST(t.allows(state::done, s) == (s == state::done));   // DONE is final
            BOOST_TEST(t.allows(s, state::activating) == (s == state::activating));
        }
    }
    BOOST_TEST(!t.allows(state::stopping, state::active));
    BOOST_TEST(!t.allows(state::stopping, state::paused));
    BOOST_TEST(!t.allows(state::active, state::resuming));
    BOOST_TEST(!t.allows(state::paused, state::pausing));
}

BOOST_AUTO_TEST_CASE(default_constructed_table_allows_only_staying)
{
    us::transition_table const t;
    for(state from : all_states)
        for(state to : all_states)
            BOOST_TEST_CONTEXT(us::to_string(from) << " -> " << us::to_string(to))
    BOOST_TEST(t.allows(from, to) == (from == to));
}

BOOST_AUTO_TEST_CASE(allow_and_forbid_change_exactly_one_directed_edge)
{
    us::transition_table t;
    t.allow(state::done, state::active);
    for(state from : all_states)
        for(state to : all_states)
            BOOST_TEST_CONTEXT(us::to_string(from) << " -> " << us::to_string(to))
    BOOST_TEST(t.allows(from, to) ==
               (from == to || (from == state::done && to == state::active)));
    BOOST_TEST(!t.allows(state::active, state::done));   // directed

    t.allow(state::active, state::done).forbid(state::done, state::active);
    BOOST_TEST(!t.allows(state::done, state::active));
    BOOST_TEST(t.allows(state::active, state::done));

    // Allowing twice, forbidding twice: idempotent.
    t.allow(state::active, state::done).allow(state::active, state::done);
    BOOST_TEST(t.allows(state::active, state::done));
    t.forbid(state::active, state::done).forbid(state::active, state::done);
    BOOST_TEST(!t.allows(state::active, state::done));

    us::transition_table l = us::transition_table::lifecycle();
    l.forbid(state::active, state::paused);
    BOOST_TEST(!l.allows(state::active, state::paused));
    BOOST_TEST(l.allows(state::active, state::done));   // neighbours untouched
    BOOST_TEST(l.allows(state::paused, state::active));
}

BOOST_AUTO_TEST_CASE(forbidding_self_still_allows_staying)
{
    us::transition_table t = us::transition_table::lifecycle();
    for(state s : all_states)
        t.forbid(s, s);
    for(state s : all_states)
        BOOST_TEST_CONTEXT(us::to_string(s))
    BOOST_TEST(t.allows(s, s));
    // and forbidding self changed nothing else
    us::transition_table const l = us::transition_table::lifecycle();
    for(state from : all_states)
        for(state to : all_states)
            BOOST_TEST(t.allows(from, to) == l.allows(from, to));
}

BOOST_AUTO_TEST_CASE(apply_update_judges_all_49_pairs)
{
    us::update_options o;
    o.check_transitions = true;
    std::size_t checked = 0;
    for(auto const& row : transition_rows())
    {
        std::string const from(row.at("from").as_string());
        std::string const to(row.at("to").as_string());
        bool const allowed = row.at("allowed").as_bool();
        BOOST_TEST_CONTEXT(from << " -> " << to)
        {
            json::object const session = stored_in(from);
            json::value const patch = json::parse(
                R"({"_startTime": "2026-11-20T08:00:00Z", "_state": ")" + to + "\"}");
            auto const result = us::apply_update(session, patch, us::schema::standard(), o);
            BOOST_TEST(result.has_value() == allowed);
            if(allowed)
            {
                BOOST_TEST_REQUIRE(result.has_value());
                BOOST_TEST(result->at("_state").as_string() == to);
            }
            else
            {
                BOOST_TEST_REQUIRE(result.has_error());
                us::report const& r = result.error();
                BOOST_TEST_REQUIRE(r.size() == 1u, codes(r));
                BOOST_TEST((r[0].code == us::error::illegal_transition));
                BOOST_TEST(r[0].pointer == "/_state");
                BOOST_TEST(r[0].message.find("cannot go from " + from + " to " + to) !=
                               std::string::npos,
                           r[0].message);
                BOOST_TEST(r[0].details.size() == 2u);
                BOOST_TEST(r[0].details.at("currentState") == json::value(from));
                BOOST_TEST(r[0].details.at("targetState") == json::value(to));
            }
        }
        ++checked;
    }
    BOOST_TEST(checked == 49u);
}

BOOST_AUTO_TEST_CASE(apply_update_without_the_rule_accepts_all_49_pairs)
{
    // The rule is off by default: even DONE -> ACTIVE passes.
    for(auto const& row : transition_rows())
    {
        std::string const to(row.at("to").as_string());
        BOOST_TEST_CONTEXT(row.at("from").as_string() << " -> " << to)
        {
            json::value const patch = json::parse(
                R"({"_startTime": "2026-11-20T08:00:00Z", "_state": ")" + to + "\"}");
            auto const r = us::apply_update(stored_in(row.at("from").as_string()), patch);
            BOOST_TEST(r.has_value(), (r.has_error() ? codes(r.error()) : std::string()));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
