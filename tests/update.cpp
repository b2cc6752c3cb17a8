#include <usage_session/update.hpp>
#include <usage_session/parse.hpp>

#include "test_data.hpp"
#include "test_support.hpp"

#include <boost/container/pmr/memory_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace us = usage_session;
using test_support::stored;
namespace json = boost::json;

namespace {

json::value patch(char const* text)
{
    return json::parse(text);
}

// Member order matters here, and json::value's == ignores it.
std::string text(json::object const& o)
{
    return json::serialize(o);
}

std::vector<std::string> codes(us::report const& r)
{
    std::vector<std::string> out;
    for(auto const& v : r)
        out.push_back(std::string(us::code_name(v.code)) + " " + v.pointer);
    return out;
}

boost::posix_time::ptime at(char const* utc)
{
    return us::parse_utc_timestamp(utc).value();
}

}   // namespace

BOOST_AUTO_TEST_SUITE(update)

BOOST_AUTO_TEST_CASE(valid_patch_is_merged_in_order)
{
    auto const result = us::apply_update(stored(), patch(R"({
        "_startTime": "2026-11-20T08:00:00Z", "_state": "DONE",
        "_endTime": "2026-11-20T09:00:00Z",
        "_name": null,
        "_summary": {"_stopReasonCode": "COMPLETION", "volumeDeliveredMl": 55},
        "ward": null, "bed": 7 })"));
    BOOST_TEST_REQUIRE(result.has_value());
    BOOST_TEST(text(*result) == text(json::parse(R"({
        "_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "_device": { "_id": "0e5f7f3a-8d8c-4f57-9a4b-4b1d1c6a1b11" },
        "_patient": { "_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7" },
        "_creationTime": "2026-11-20T08:00:00Z",
        "_lastModifiedTime": "2026-11-20T08:05:00Z",
        "_startTime": "2026-11-20T08:00:00Z",
        "_state": "DONE",
        "_configuration": { "rateMlPerHour": 12.5, "drug": "saline" },
        "_summary": { "volumeDeliveredMl": 55, "_stopReasonCode": "COMPLETION" },
        "_endTime": "2026-11-20T09:00:00Z",
        "bed": 7 })")
                                         .as_object()));
}

BOOST_AUTO_TEST_CASE(merged_session_passes_validate_session)
{
    auto const result = us::apply_update(stored(), patch(R"({
        "_startTime": "2026-11-20T08:00:00Z", "_state": "PAUSED", "_configuration": {"drug": null}})"));
    BOOST_TEST_REQUIRE(result.has_value());
    BOOST_TEST(us::validate_session(*result).ok());
    BOOST_TEST(!result->at("_configuration").as_object().contains("drug"));
}

BOOST_AUTO_TEST_CASE(invalid_patch_leaves_session_byte_for_byte_unchanged)
{
    json::object session = stored();
    std::string const before = text(session);
    char const* const bad_patches[] = {
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "RUNNING", "ward": "4C"})",
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_id": "x"})",
        R"({"_state": "DONE"})",
        R"([1, 2])",
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_endTime": "2026-11-20T07:00:00Z"})",
    };
    for(char const* p : bad_patches)
    {
        BOOST_TEST_CONTEXT(p)
        {
            us::report const r = us::apply_update_in_place(session, patch(p));
            BOOST_TEST(!r.ok());
            BOOST_TEST(text(session) == before);
            BOOST_TEST(!us::apply_update(session, patch(p)).has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(applying_twice_equals_applying_once)
{
    json::value const p = patch(R"({
        "_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_endTime": "2026-11-20T09:00:00Z",
        "_summary": {"_stopReason": "Manual Stop", "volumeDeliveredMl": null},
        "tags": ["a", "b"], "ward": {"floor": 3, "wing": null}, "_name": null})");
    json::object once = stored();
    BOOST_TEST_REQUIRE(us::apply_update_in_place(once, p).ok());
    json::object twice = once;
    BOOST_TEST_REQUIRE(us::apply_update_in_place(twice, p).ok());
    BOOST_TEST(text(once) == text(twice));

    auto const copied = us::apply_update(stored(), p);
    BOOST_TEST_REQUIRE(copied.has_value());
    BOOST_TEST(text(*copied) == text(once));
}

BOOST_AUTO_TEST_CASE(apply_update_does_not_modify_its_input)
{
    json::object const session = stored();
    std::string const before = text(session);
    BOOST_TEST(us::apply_update(session, patch(
                                             R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "ward": null})"))
                   .has_value());
    BOOST_TEST(text(session) == before);
}

BOOST_AUTO_TEST_CASE(end_before_start)
{
    // Only the end is patched: the stored start is the other side.
    auto r = us::apply_update(stored(), patch(
                                            R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_endTime": "2026-11-20T07:59:59.999Z"})"));
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST(codes(r.error()) == std::vector<std::string>{"end_before_start /_endTime"});
    BOOST_TEST(r.error()[0].message.find("2026-11-20T07:59:59.999Z") != std::string::npos);

    // Equal times are fine: "not before".
    BOOST_TEST(us::apply_update(stored(), patch(
                                              R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_endTime": "2026-11-20T08:00:00Z"})"))
                   .has_value());

    // With a stored end, moving only the start past it blames the start.
    json::object ended = stored();
    ended["_endTime"] = "2026-11-20T09:00:00Z";
    us::schema const relaxed = us::schema_builder().require_start_and_state(false).build().value();
    r = us::apply_update(ended, patch(R"({"_startTime": "2026-11-20T10:00:00Z"})"), relaxed);
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST(codes(r.error()) == std::vector<std::string>{"end_before_start /_startTime"});

    // Clearing the end removes the conflict.
    BOOST_TEST(us::apply_update(ended, patch(R"({"_startTime": "2026-11-20T10:00:00Z", "_endTime": null})"),
                                relaxed)
                   .has_value());

    // The rule can be switched off.
    us::update_options off;
    off.require_end_after_start = false;
    BOOST_TEST(us::apply_update(stored(), patch(R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_endTime": "2026-11-20T07:00:00Z"})"),
                                us::schema::standard(), off)
                   .has_value());
}

BOOST_AUTO_TEST_CASE(leap_second_end_is_after_the_last_regular_second)
{
    json::object session = stored();
    session["_startTime"] = "2016-12-31T23:59:59.999Z";
    BOOST_TEST(us::apply_update(session, patch(
                                             R"({"_startTime": "2016-12-31T23:59:59.999Z", "_state": "DONE", "_endTime": "2016-12-31T23:59:60Z"})"))
                   .has_value());
    BOOST_TEST(!us::apply_update(session, patch(
                                              R"({"_startTime": "2017-01-01T00:00:00Z", "_state": "DONE", "_endTime": "2016-12-31T23:59:60Z"})"))
                    .has_value());
}

// The cross-field rules compare the fields the validator parsed, not
// ptimes: they must still read a leap second (with any fraction) as
// 23:59:59.999999, as parse_utc_timestamp does, both in the patch and in
// the stored session.
BOOST_AUTO_TEST_CASE(leap_second_with_a_fraction_is_the_last_microsecond)
{
    json::object session = stored();
    BOOST_TEST(us::apply_update(session, patch(
                                             R"({"_startTime": "2016-12-31T23:59:60.5Z", "_state": "DONE", "_endTime": "2016-12-31T23:59:59.999999Z"})"))
                   .has_value());
    BOOST_TEST(!us::apply_update(session, patch(
                                              R"({"_startTime": "2016-12-31T23:59:60.5Z", "_state": "DONE", "_endTime": "2016-12-31T23:59:59.999998Z"})"))
                    .has_value());
    // The stored _startTime is parsed by the cross-field rules themselves
    // (a patch without _startTime needs a schema that allows one).
    us::schema const relaxed = us::schema_builder().require_start_and_state(false).build().value();
    session["_startTime"] = "2016-12-31T23:59:60.25Z";
    BOOST_TEST(us::apply_update(session, patch(R"({"_state": "DONE", "_endTime": "2016-12-31T23:59:59.999999Z"})"), relaxed).has_value());
    BOOST_TEST(!us::apply_update(session, patch(R"({"_state": "DONE", "_endTime": "2016-12-31T23:59:59.5Z"})"), relaxed).has_value());

    // The future rule: a leap second is not past 23:59:59.999999, in the
    // patch or in the stored session.
    us::update_options o;
    o.now = at("2016-12-31T23:54:59.999999Z");   // plus 5 minutes: the last microsecond of the year
    json::value const p = patch(R"({"_startTime": "2016-12-31T23:59:60.9Z", "_state": "ACTIVE"})");
    json::value const keep_start = patch(R"({"_name": "x"})");
    BOOST_TEST(us::apply_update(stored(), p, us::schema::standard(), o).has_value());
    BOOST_TEST(us::apply_update(session, keep_start, relaxed, o).has_value());
    o.now = at("2016-12-31T23:54:59.999998Z");
    BOOST_TEST(!us::apply_update(stored(), p, us::schema::standard(), o).has_value());
    BOOST_TEST(!us::apply_update(session, keep_start, relaxed, o).has_value());
}

BOOST_AUTO_TEST_CASE(time_in_future)
{
    json::value const p = patch(
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_endTime": "2026-11-20T09:10:00Z"})");

    // Without `now` the library has no clock, so the rule is off.
    BOOST_TEST(us::apply_update(stored(), p).has_value());

    us::update_options o;
    o.now = at("2026-11-20T09:05:00Z");   // end is exactly now + 5 min: allowed
    BOOST_TEST(us::apply_update(stored(), p, us::schema::standard(), o).has_value());

    o.now = at("2026-11-20T09:04:59Z");   // one second too early
    auto r = us::apply_update(stored(), p, us::schema::standard(), o);
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST(codes(r.error()) == std::vector<std::string>{"time_in_future /_endTime"});

    o.max_clock_skew = boost::posix_time::minutes(10);
    BOOST_TEST(us::apply_update(stored(), p, us::schema::standard(), o).has_value());

    // Both times in the future: both reported, start first.
    o.now = at("2026-11-19T00:00:00Z");
    r = us::apply_update(stored(), p, us::schema::standard(), o);
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST(codes(r.error()) == (std::vector<std::string>{
                                       "time_in_future /_startTime", "time_in_future /_endTime"}));
}

BOOST_AUTO_TEST_CASE(relaxed_schema_keeps_stored_start_and_state)
{
    us::schema const relaxed = us::schema_builder().require_start_and_state(false).build().value();
    // The platform's own "stop a session" example sends no _startTime.
    auto const r = us::apply_update(stored(), patch(R"({"_state": "DONE", "_summary": {"_stopReasonCode": "COMPLETION"}})"), relaxed);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->at("_startTime").as_string() == "2026-11-20T08:00:00Z");
    BOOST_TEST(r->at("_state").as_string() == "DONE");

    // The standard schema refuses the same patch.
    auto const strict = us::apply_update(stored(), patch(
                                                       R"({"_state": "DONE", "_summary": {"_stopReasonCode": "COMPLETION"}})"));
    BOOST_TEST_REQUIRE(!strict.has_value());
    BOOST_TEST(codes(strict.error()) == std::vector<std::string>{"missing_required /_startTime"});
}

BOOST_AUTO_TEST_CASE(result_value_throws_report_error)
{
    auto const r = us::apply_update(stored(), patch(R"({"_state": 1})"));
    BOOST_TEST(!r.has_value());
    BOOST_CHECK_THROW(r.value(), us::report_error);
}

namespace {

// Fails the N-th allocation with std::bad_alloc; every other one succeeds.
class failing_resource final : public boost::container::pmr::memory_resource
{
public:
    explicit failing_resource(std::size_t fail_at) noexcept : fail_at_(fail_at) {}
    std::size_t allocations() const noexcept { return count_; }
    bool failed() const noexcept { return failed_; }

private:
    void* do_allocate(std::size_t n, std::size_t align) override
    {
        if(++count_ == fail_at_)
        {
            failed_ = true;
            throw std::bad_alloc();
        }
        return ::operator new(n, std::align_val_t(align));
    }
    void do_deallocate(void* p, std::size_t, std::size_t align) override
    {
        ::operator delete(p, std::align_val_t(align));
    }
    bool do_is_equal(boost::container::pmr::memory_resource const& other) const noexcept override
    {
        return this == &other;
    }

    std::size_t fail_at_;
    std::size_t count_ = 0;
    bool failed_ = false;
};

}   // namespace

// docs/contract.md §10: apply_update_in_place leaves the session untouched unless it
// returns ok, even when memory runs out in the middle of the merge.
BOOST_AUTO_TEST_CASE(allocation_failure_never_leaves_a_half_updated_session)
{
    json::value const p = patch(R"({
        "_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_endTime": "2026-11-20T09:00:00Z",
        "_name": null, "_configuration": {"drug": null, "rateMlPerHour": 10, "new": {"a": [1, {"b": 2}]}},
        "_summary": {"_stopReasonCode": "COMPLETION", "notes": "a long enough string to need memory"},
        "ward": null, "bed": {"x": 1}, "tags": ["one", "two"]})");
    json::object expected = stored();
    BOOST_TEST_REQUIRE(us::apply_update_in_place(expected, p).ok());

    // How many allocations copying the stored session into the resource
    // takes: failures are injected only after that.
    std::size_t setup = 0;
    {
        failing_resource never(0);
        json::object const session(stored(), json::storage_ptr(&never));
        setup = never.allocations();
    }

    std::size_t failures = 0;
    for(std::size_t n = setup + 1;; ++n)
    {
        failing_resource resource(n);
        {
            json::object session(stored(), json::storage_ptr(&resource));
            std::string const before = text(session);
            bool threw = false;
            try
            {
                BOOST_TEST(us::apply_update_in_place(session, p).ok());
            }
            catch(std::bad_alloc const&)
            {
                threw = true;
            }
            if(threw)
            {
                ++failures;
                BOOST_TEST_CONTEXT("allocation " << n)
                BOOST_TEST(text(session) == before);
            }
            else
            {
                BOOST_TEST(text(session) == text(expected));
                break;   // no allocation left to fail
            }
        }
    }
    // The merge allocates for staged values and new member names: several
    // failure points were exercised.
    BOOST_TEST(failures >= 10u);
}

// apply_update copies the stored session before it merges: with Boost.JSON's
// copy constructor when the session nests a few levels (detail::copy_object),
// member by member when some member nests deeper than that constructor may
// recurse. Both copies keep the member order, agree with the in-place
// update, and leave the input as it was when memory runs out anywhere.
BOOST_AUTO_TEST_CASE(apply_update_copies_shallow_and_deep_sessions_atomically)
{
    json::value const p = patch(R"({
        "_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_endTime": "2026-11-20T09:00:00Z",
        "_summary": {"_stopReasonCode": "COMPLETION"}, "ward": null, "tags": ["one", "two"]})");
    // 40 nested objects: deeper than detail::max_library_copy_depth (and
    // than json::parse accepts by default, so built in code).
    json::value deep_member = 1;
    for(int i = 0; i < 40; ++i)
    {
        json::object wrapper;
        wrapper["a"] = std::move(deep_member);
        deep_member = std::move(wrapper);
    }
    json::object deep_session = stored();
    deep_session["deep"] = deep_member;
    for(json::object const& original : {stored(), deep_session})
    {
        json::object expected = original;
        BOOST_TEST_REQUIRE(us::apply_update_in_place(expected, p).ok());
        auto const copied = us::apply_update(original, p);
        BOOST_TEST_REQUIRE(copied.has_value());
        BOOST_TEST(text(*copied) == text(expected));

        std::size_t setup = 0;
        {
            failing_resource never(0);
            json::object const session(original, json::storage_ptr(&never));
            setup = never.allocations();
        }
        std::size_t failures = 0;
        for(std::size_t n = setup + 1;; ++n)
        {
            failing_resource resource(n);
            json::object const session(original, json::storage_ptr(&resource));
            std::string const before = text(session);
            try
            {
                auto const result = us::apply_update(session, p);
                BOOST_TEST_REQUIRE(result.has_value());
                BOOST_TEST(text(*result) == text(expected));
                BOOST_TEST(text(session) == before);
                break;   // no allocation left to fail
            }
            catch(std::bad_alloc const&)
            {
                ++failures;
                BOOST_TEST_CONTEXT("allocation " << n)
                BOOST_TEST(text(session) == before);
            }
        }
        // The copy of the session alone allocates for every string and
        // container in it.
        BOOST_TEST(failures >= 20u);
    }
}

// A patch that repeats what the session already holds (every patch repeats
// _startTime) changes nothing and so allocates nothing in its memory
// resource: the merge keeps the stored values instead of copying equal ones.
BOOST_AUTO_TEST_CASE(repeated_values_allocate_nothing)
{
    failing_resource counting(0);
    json::object session(stored(), json::storage_ptr(&counting));
    std::string const before = text(session);
    std::size_t const setup = counting.allocations();
    json::value const p = patch(R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "ACTIVE",
        "_name": "Night infusion", "_configuration": {"drug": "saline"}, "ward": "3B"})");
    BOOST_TEST(us::apply_update_in_place(session, p).ok());
    BOOST_TEST(counting.allocations() == setup);
    BOOST_TEST(text(session) == before);
}

// Typed custom attributes (docs/contract.md §5) through a whole update: the stored
// session (tests/data/stored_session.json) under a tenant schema.
BOOST_AUTO_TEST_CASE(typed_schema_checks_and_required_attributes)
{
    us::attribute_definition rate("rateMlPerHour", us::attribute_type::decimal);
    rate.required = true;
    rate.minimum = 0;
    rate.maximum = 50;
    us::attribute_definition drug("drug", us::attribute_type::enumeration);
    drug.allowed_values = {"saline", "heparin"};
    us::attribute_definition ward("ward", us::attribute_type::string);
    ward.required = true;
    us::attribute_definition bed("bed", us::attribute_type::integer);
    bed.required = true;
    us::schema_builder b;
    b.define(us::scope::configuration, rate).define(us::scope::configuration, drug).define(us::scope::top_level, ward);
    us::schema const s = b.build().value();
    us::schema const with_bed = b.define(us::scope::top_level, bed).build().value();

    json::object const original = stored();
    BOOST_TEST(us::validate_session(original, s).ok());
    BOOST_TEST(codes(us::validate_session(original, with_bed)) == (std::vector<std::string>{"missing_required /bed"}),
               boost::test_tools::per_element());

    struct expectation
    {
        us::schema const* schema;
        char const* patch;
        std::vector<std::string> codes;
    };
    expectation const table[] = {
        {&s, R"({"_configuration": {"rateMlPerHour": 60}})", {"out_of_range /_configuration/rateMlPerHour"}},
        {&s, R"({"_configuration": {"drug": "Saline"}})", {"not_in_enum /_configuration/drug"}},
        {&s, R"({"_configuration": {"rateMlPerHour": null}})", {"null_not_allowed /_configuration/rateMlPerHour"}},
        {&s, R"({"ward": null})", {"null_not_allowed /ward"}},
        {&s, R"({"_configuration": {"drug": null, "rateMlPerHour": 50}, "ward": "4C"})", {}},
        {&with_bed, R"({"ward": "4C"})", {"missing_required /bed"}},
        {&with_bed, R"({"bed": 2.5})", {"not_an_integer /bed"}},
        {&with_bed, R"({"bed": 12})", {}},
    };
    for(auto const& e : table)
    {
        BOOST_TEST_CONTEXT(e.patch)
        {
            json::value const p = json::parse(std::string(R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "ACTIVE", )") +
                                              (e.patch + 1));
            json::object session = stored();
            us::report const r = us::apply_update_in_place(session, p, *e.schema);
            BOOST_TEST(codes(r) == e.codes, boost::test_tools::per_element());
            auto const copy = us::apply_update(original, p, *e.schema);
            BOOST_TEST(copy.has_value() == e.codes.empty());
            if(r.ok())
            {
                BOOST_TEST(text(session) == text(copy.value()));
                BOOST_TEST(us::validate_session(session, *e.schema).ok());
            }
            else
                BOOST_TEST(text(session) == text(original));   // byte for byte
        }
    }
}

// apply_update_in_place and apply_update take a patch the caller gives away
// (an rvalue) by value&&: the values they add to the session are moved out of
// it instead of copied when both use one memory resource. Everything else is
// the copying overloads': the same report and the same session for every
// patch (here the 127 patches of tests/data/patch_cases.json and this file's
// own, under the standard schema and a relaxed one, with and without the
// platform's rules), and a patch that fails the checks is left as it was.
BOOST_AUTO_TEST_CASE(moved_patch_gives_the_same_report_and_session)
{
    json::value const cases = test_data::load_json("patch_cases.json");
    std::vector<json::value> patches;
    for(auto const& c : cases.at("cases").as_array())
        patches.push_back(c.at("patch"));
    for(char const* p : {
            R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_endTime": "2026-11-20T09:00:00Z",
                "_name": null, "_summary": {"_stopReasonCode": "COMPLETION", "volumeDeliveredMl": 55},
                "ward": null, "bed": 7, "tags": ["a", {"b": null}], "extra": {"x": {"y": 1, "z": null}}})",
            R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "PAUSED", "_configuration": {"drug": null}})",
            R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_endTime": "2026-11-20T07:00:00Z"})",
            R"({"_state": "DONE", "_summary": {"_stopReasonCode": "COMPLETION", "note": "a string too long for SBO"}})",
            R"([1, 2])"})
        patches.push_back(patch(p));

    us::schema const relaxed = us::schema_builder().require_start_and_state(false).build().value();
    us::update_options const platform = us::update_options::platform();
    std::size_t merged = 0;
    std::size_t refused = 0;
    for(json::value const& p : patches)
        for(us::schema const* s : {&us::schema::standard(), &relaxed})
            for(us::update_options const* o : {&platform, static_cast<us::update_options const*>(nullptr)})
            {
                us::update_options const options = o ? *o : us::update_options{};
                BOOST_TEST_CONTEXT(json::serialize(p) << (s == &relaxed ? " relaxed" : "")
                                                      << (o ? " platform" : ""))
                {
                    json::object copied = stored();
                    us::report const by_copy = us::apply_update_in_place(copied, p, *s, options);

                    json::object moved = stored();
                    json::value given = p;   // the default resource, as the session's
                    us::report const by_move = us::apply_update_in_place(moved, std::move(given), *s, options);
                    BOOST_TEST(codes(by_move) == codes(by_copy), boost::test_tools::per_element());
                    BOOST_TEST(text(moved) == text(copied));
                    if(!by_move.ok())
                        BOOST_TEST(json::serialize(given) == json::serialize(p));   // untouched

                    json::value given_again = p;
                    auto const result = us::apply_update(stored(), std::move(given_again), *s, options);
                    BOOST_TEST(result.has_value() == by_copy.ok());
                    if(result)
                        BOOST_TEST(text(*result) == text(copied));
                    else
                    {
                        BOOST_TEST(codes(result.error()) == codes(by_copy), boost::test_tools::per_element());
                        BOOST_TEST(json::serialize(given_again) == json::serialize(p));
                    }
                    (by_copy.ok() ? merged : refused) += 1;
                }
            }
    // Both outcomes are well represented.
    BOOST_TEST(merged >= 50u);
    BOOST_TEST(refused >= 50u);
}

namespace {

// A patch that adds members, replaces stored values with bigger strings,
// arrays and objects, merges into nested objects and deletes: every kind of
// staged value.
constexpr char const* staging_patch = R"({
    "_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_endTime": "2026-11-20T09:00:00Z",
    "_name": "a name longer than the stored one, needing memory",
    "_configuration": {"drug": null, "rateMlPerHour": 10, "new": {"a": [1, {"b": 2}]}},
    "_summary": {"_stopReasonCode": "COMPLETION", "notes": "a long enough string to need memory"},
    "ward": ["3B", "a second ward, named at length"], "bed": {"x": 1}, "tags": ["one", "two"]})";

}   // namespace

// The point of the rvalue overload: with the patch in the session's memory
// resource, the update allocates only what the session's objects need to
// grow and the names of new members; the copying overload also copies every
// staged value (here 13 allocations: strings, arrays, objects and their
// members' names).
BOOST_AUTO_TEST_CASE(moved_patch_allocates_less)
{
    failing_resource counting(0);   // never fails: counts
    json::storage_ptr const sp(&counting);
    json::object expected = stored();
    BOOST_TEST_REQUIRE(us::apply_update_in_place(expected, patch(staging_patch)).ok());

    json::object copied(stored(), sp);
    json::value const kept = json::parse(staging_patch, sp);
    std::size_t mark = counting.allocations();
    BOOST_TEST_REQUIRE(us::apply_update_in_place(copied, kept).ok());
    std::size_t const by_copy = counting.allocations() - mark;

    json::object moved(stored(), sp);
    json::value given = json::parse(staging_patch, sp);
    mark = counting.allocations();
    BOOST_TEST_REQUIRE(us::apply_update_in_place(moved, std::move(given)).ok());
    std::size_t const by_move = counting.allocations() - mark;

    BOOST_TEST(text(copied) == text(expected));
    BOOST_TEST(text(moved) == text(expected));
    BOOST_TEST(json::serialize(kept) == json::serialize(patch(staging_patch)));   // an lvalue is copied
    BOOST_TEST_MESSAGE("allocations: copied " << by_copy << ", moved " << by_move);
    // Moved: 9 allocations, the tables of the top level, _configuration and
    // _summary (none has spare room) and 6 new names (_endTime, bed, tags,
    // _configuration's new, _summary's _stopReasonCode and notes). Copied,
    // also: _endTime's and _name's strings (1 + 1), "new" (the object, its
    // name "a", the array, the inner object and its name "b": 5), notes (1),
    // ward (the array and its long string: 2), bed (the object and its
    // name "x": 2) and tags (the array; its strings fit in place: 1).
    BOOST_TEST(by_move == 9u);
    BOOST_TEST(by_copy == 9u + 13u);

    // A patch in another resource (the default one here) is copied: the
    // session must not hold memory it does not own.
    json::object elsewhere(stored(), sp);
    json::value foreign = patch(staging_patch);
    mark = counting.allocations();
    BOOST_TEST_REQUIRE(us::apply_update_in_place(elsewhere, std::move(foreign)).ok());
    BOOST_TEST(counting.allocations() - mark == by_copy);
    BOOST_TEST(text(elsewhere) == text(expected));

    // apply_update copies the session, then merges as apply_update_in_place.
    json::object const original(stored(), sp);
    json::value given_to_update = json::parse(staging_patch, sp);
    mark = counting.allocations();
    auto const result = us::apply_update(original, std::move(given_to_update));
    BOOST_TEST_REQUIRE(result.has_value());
    std::size_t const update_moved = counting.allocations() - mark;
    BOOST_TEST(text(*result) == text(expected));
    mark = counting.allocations();
    BOOST_TEST(us::apply_update(original, kept).has_value());
    BOOST_TEST(update_moved + 13u == counting.allocations() - mark);
}

// docs/contract.md §10 for the rvalue overloads: fail each allocation in turn, with the
// session and the patch in one resource so that values are moved. The
// session is untouched whenever memory runs out (the patch, given away, may
// have lost values), and fully updated otherwise.
BOOST_AUTO_TEST_CASE(allocation_failure_with_a_moved_patch_leaves_the_session_untouched)
{
    json::object expected = stored();
    BOOST_TEST_REQUIRE(us::apply_update_in_place(expected, patch(staging_patch)).ok());

    for(bool in_place : {true, false})
    {
        // The allocations before the update: the session and the patch.
        std::size_t setup = 0;
        {
            failing_resource never(0);
            json::object const session(stored(), json::storage_ptr(&never));
            json::value const p = json::parse(staging_patch, json::storage_ptr(&never));
            setup = never.allocations();
        }
        std::size_t failures = 0;
        for(std::size_t n = setup + 1;; ++n)
        {
            failing_resource resource(n);
            json::storage_ptr const sp(&resource);
            json::object session(stored(), sp);
            json::value p = json::parse(staging_patch, sp);
            BOOST_TEST_REQUIRE(resource.allocations() == setup);
            std::string const before = text(session);
            bool threw = false;
            std::string after;
            try
            {
                if(in_place)
                {
                    BOOST_TEST(us::apply_update_in_place(session, std::move(p)).ok());
                    after = text(session);
                }
                else
                {
                    auto const result = us::apply_update(session, std::move(p));
                    BOOST_TEST_REQUIRE(result.has_value());
                    after = text(*result);
                }
            }
            catch(std::bad_alloc const&)
            {
                threw = true;
            }
            BOOST_TEST_CONTEXT((in_place ? "apply_update_in_place" : "apply_update") << ", allocation " << n)
            {
                if(threw)
                {
                    ++failures;
                    BOOST_TEST(text(session) == before);
                }
                else
                {
                    BOOST_TEST(after == text(expected));
                    if(!in_place)
                        BOOST_TEST(text(session) == before);
                    break;   // no allocation left to fail
                }
            }
        }
        // In place: 3 tables and 6 names (see moved_patch_allocates_less);
        // apply_update also copies the session.
        BOOST_TEST(failures >= (in_place ? 9u : 20u));
    }
}

// The rvalue overloads add candidates to every call: calls with any kind of
// patch argument must still compile (none ambiguous) and give the same
// session. An lvalue, const or not, picks the copying overload and is left
// as it was.
BOOST_AUTO_TEST_CASE(every_kind_of_patch_argument_still_compiles)
{
    char const* const p = R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "ward": "4C"})";
    json::object expected = stored();
    BOOST_TEST_REQUIRE(us::apply_update_in_place(expected, patch(p)).ok());

    json::value lvalue = patch(p);
    json::value const const_lvalue = patch(p);
    json::object object_lvalue = patch(p).as_object();
    auto parsed = us::parse_patch(p);
    BOOST_TEST_REQUIRE(parsed.has_value());
    us::schema const& s = us::schema::standard();

    std::vector<json::object> sessions(9, stored());
    std::vector<us::report> reports;
    reports.push_back(us::apply_update_in_place(sessions[0], lvalue));
    reports.push_back(us::apply_update_in_place(sessions[1], const_lvalue));
    reports.push_back(us::apply_update_in_place(sessions[2], object_lvalue));   // converted: a temporary
    reports.push_back(us::apply_update_in_place(sessions[3], *parsed));
    reports.push_back(us::apply_update_in_place(sessions[4], patch(p), s));
    reports.push_back(us::apply_update_in_place(
        sessions[5], {{"_startTime", "2026-11-20T08:00:00Z"}, {"_state", "DONE"}, {"ward", "4C"}}));
    reports.push_back(us::apply_update_in_place(sessions[6], json::object(object_lvalue), s, {}));
    reports.push_back(us::apply_update_in_place(sessions[7], std::move(*parsed)));
    json::value moved = patch(p);
    reports.push_back(us::apply_update_in_place(sessions[8], std::move(moved)));
    for(std::size_t i = 0; i < reports.size(); ++i)
    {
        BOOST_TEST_CONTEXT("call " << i)
        {
            BOOST_TEST(reports[i].ok());
            BOOST_TEST(text(sessions[i]) == text(expected));
        }
    }
    BOOST_TEST(json::serialize(lvalue) == json::serialize(patch(p)));
    BOOST_TEST(json::serialize(object_lvalue) == json::serialize(patch(p)));

    // The same for apply_update.
    json::object const session = stored();
    std::vector<boost::system::result<json::object, us::report>> results;
    results.push_back(us::apply_update(session, lvalue));
    results.push_back(us::apply_update(session, const_lvalue));
    results.push_back(us::apply_update(session, object_lvalue));
    results.push_back(us::apply_update(session, patch(p), s, us::update_options{}));
    results.push_back(us::apply_update(session, {{"_startTime", "2026-11-20T08:00:00Z"}, {"_state", "DONE"}, {"ward", "4C"}}));
    results.push_back(us::apply_update(session, std::move(lvalue)));
    for(std::size_t i = 0; i < results.size(); ++i)
    {
        BOOST_TEST_CONTEXT("apply_update call " << i)
        {
            BOOST_TEST_REQUIRE(results[i].has_value());
            BOOST_TEST(text(*results[i]) == text(expected));
        }
    }
    BOOST_TEST(json::serialize(const_lvalue) == json::serialize(patch(p)));

    // What a service's handler writes: the parsed body given away.
    static_assert(std::is_same<decltype(us::apply_update_in_place(std::declval<json::object&>(),
                                                                  std::declval<json::value>())),
                               us::report>::value,
                  "");
    static_assert(std::is_same<decltype(us::apply_update_in_place(std::declval<json::object&>(),
                                                                  std::declval<json::object const&>())),
                               us::report>::value,
                  "");
}

BOOST_AUTO_TEST_SUITE_END()
