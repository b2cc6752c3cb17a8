#include <usage_session/platform_error.hpp>

#include <usage_session/options.hpp>
#include <usage_session/parse.hpp>
#include <usage_session/schema.hpp>
#include <usage_session/update.hpp>
#include <usage_session/validate.hpp>

#include "test_data.hpp"
#include "test_support.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <string_view>

namespace us = usage_session;
namespace json = boost::json;
using test_support::codes;

namespace {

json::object stored()
{
    return test_data::load_json("stored_session.json").as_object();
}

us::report patch_report(char const* text, us::schema const& s = us::schema::standard())
{
    return us::validate_patch(json::parse(text), s);
}

us::report update_report(json::object const& session, char const* text,
                         us::update_options const& o = us::update_options::platform())
{
    auto const r = us::apply_update(session, json::parse(text), us::schema::standard(), o);
    BOOST_TEST_REQUIRE(r.has_error(), "expected the update to fail: " << text);
    return r.error();
}

us::violation make(us::error code, json::object details = {})
{
    us::violation v{"/_state", code, "message"};
    v.details = std::move(details);
    return v;
}

// Checks the envelope's shape and returns its details.
json::object const& details_of(json::object const& envelope)
{
    BOOST_TEST(envelope.size() == 3u, envelope);
    BOOST_TEST(envelope.contains("code"));
    BOOST_TEST(envelope.contains("message"));
    BOOST_TEST_REQUIRE(envelope.contains("details"));
    BOOST_TEST_REQUIRE(envelope.at("details").is_object());
    return envelope.at("details").get_object();
}

}   // namespace

BOOST_AUTO_TEST_SUITE(platform_error)

BOOST_AUTO_TEST_CASE(every_error_code_is_mapped)
{
    std::set<int> const statuses = {400, 409, 413, 500};
    int walked = 0;
    for(int i = 1; i <= us::error_count; ++i)
    {
        auto const code = static_cast<us::error>(i);
        BOOST_TEST_CONTEXT(us::code_name(code))
        {
            BOOST_TEST(!us::code_name(code).empty());
            us::platform_code const p = us::to_platform_code(make(code));
            BOOST_TEST(!p.code.empty());
            BOOST_TEST(statuses.count(p.http_status) == 1u, p.http_status);
            // The platform spells its codes in upper snake case.
            for(char c : p.code)
                BOOST_TEST(((c >= 'A' && c <= 'Z') || c == '_'), p.code);
        }
        ++walked;
    }
    BOOST_TEST(walked == 29);
    BOOST_TEST(us::error_count == static_cast<int>(us::error::pattern_mismatch));
}

BOOST_AUTO_TEST_CASE(value_outside_the_enum_still_gets_a_code)
{
    for(int raw : {0, us::error_count + 1, 1000})
    {
        us::platform_code const p = us::to_platform_code(make(static_cast<us::error>(raw)));
        BOOST_TEST(!p.code.empty());
        BOOST_TEST(p.http_status == 400);
    }
}

BOOST_AUTO_TEST_CASE(specific_mappings)
{
    struct expectation
    {
        us::error code;
        std::string_view platform;
        int status;
    };
    expectation const table[] = {
        {us::error::not_in_enum, "SELECT_ATTRIBUTE_INVALID_VALUE", 400},
        {us::error::missing_required, "ATTRIBUTE_IS_MANDATORY", 400},
        {us::error::wrong_type, "ATTRIBUTE_VALUE_TYPE_MISMATCH", 400},
        {us::error::end_before_start, "START_TIME_AFTER_END_TIME", 400},
        {us::error::time_in_future, "TIME_IN_FUTURE", 400},
        {us::error::end_time_state_mismatch, "END_TIME_VALUE_INVALID_FOR_SESSION_STATE", 400},
        {us::error::illegal_transition, "SESSION_STATE_CHANGE_INVALID", 409},
        {us::error::unknown_attribute, "ATTRIBUTE_NOT_VALID_FOR_TEMPLATE", 400},
        {us::error::too_short, "VALIDATION_MINIMUM_ALLOWED_VALUE", 400},
        {us::error::too_long, "VALIDATION_MAX_ALLOWED_VALUE", 400},
        {us::error::out_of_range, "VALIDATION_MAX_ALLOWED_VALUE", 400},
        {us::error::not_an_integer, "ATTRIBUTE_VALUE_TYPE_MISMATCH", 400},
        {us::error::bad_date, "ATTRIBUTE_VALUE_TYPE_MISMATCH", 400},
        {us::error::bad_uuid, "ATTRIBUTE_VALUE_TYPE_MISMATCH", 400},
        {us::error::pattern_mismatch, "ATTRIBUTE_VALUE_TYPE_MISMATCH", 400},
        {us::error::bad_schema, "INVALID_SCHEMA", 500},
    };
    for(auto const& e : table)
    {
        BOOST_TEST_CONTEXT(us::code_name(e.code))
        {
            us::platform_code const p = us::to_platform_code(make(e.code));
            BOOST_TEST(p.code == e.platform);
            BOOST_TEST(p.http_status == e.status);
        }
    }
    us::platform_code const large = us::to_platform_code(make(us::error::too_large));
    BOOST_TEST(large.http_status == 413);
    BOOST_TEST(!large.code.empty());
    BOOST_TEST(us::to_platform_code(make(us::error::bad_schema)).http_status == 500);
}

BOOST_AUTO_TEST_CASE(stop_data_code_depends_on_the_state)
{
    auto const with_state = [](char const* s) {
        return us::to_platform_code(make(us::error::stop_data_state_mismatch, {{"state", s}}));
    };
    BOOST_TEST(with_state("DONE").code == "STOP_DATA_NULL_FOR_DONE_SESSION");
    for(char const* s : {"ACTIVE", "PAUSED", "ACTIVATING", "PAUSING", "RESUMING", "STOPPING"})
        BOOST_TEST_CONTEXT(s)
    BOOST_TEST(with_state(s).code == "STOP_DATA_NOT_NULL_FOR_NON_DONE_SESSION");
    BOOST_TEST(with_state("DONE").http_status == 400);
    BOOST_TEST(with_state("ACTIVE").http_status == 400);
}

BOOST_AUTO_TEST_CASE(ok_report_gives_an_empty_object)
{
    BOOST_TEST(us::to_platform_error(us::report()).empty());
    us::report const ok = patch_report(R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE"})");
    BOOST_TEST_REQUIRE(ok.ok());
    BOOST_TEST(us::to_platform_error(ok).empty());
}

BOOST_AUTO_TEST_CASE(not_in_enum_echoes_the_value)
{
    us::report const r = patch_report(R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "RUNNING"})");
    json::object const e = us::to_platform_error(r);
    json::object const& d = details_of(e);
    BOOST_TEST(e.at("code") == "SELECT_ATTRIBUTE_INVALID_VALUE");
    BOOST_TEST(e.at("message") == json::value(r[0].message));
    BOOST_TEST(d.size() == 2u, d);
    BOOST_TEST(d.at("attributeName") == "_state");
    BOOST_TEST(d.at("value") == "RUNNING");
}

BOOST_AUTO_TEST_CASE(nested_attribute_gets_a_dotted_name)
{
    us::report const r = patch_report(R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE",
                                          "_summary": {"_stopReasonCode": "FINISHED"}})");
    json::object const e = us::to_platform_error(r);
    json::object const& d = details_of(e);
    BOOST_TEST(e.at("code") == "SELECT_ATTRIBUTE_INVALID_VALUE");
    BOOST_TEST(d.at("attributeName") == "_summary._stopReasonCode");
    BOOST_TEST(d.at("value") == "FINISHED");
}

BOOST_AUTO_TEST_CASE(wrong_type_names_the_expected_type_and_echoes_scalars)
{
    us::report const r = patch_report(R"({"_startTime": "2026-11-20T08:00:00Z", "_state": 42})");
    json::object const e = us::to_platform_error(r);
    json::object const& d = details_of(e);
    BOOST_TEST(e.at("code") == "ATTRIBUTE_VALUE_TYPE_MISMATCH");
    BOOST_TEST(d.at("attributeName") == "_state");
    BOOST_TEST(d.at("type") == "string");
    BOOST_TEST(d.at("value") == 42);

    for(char const* scalar : {"true", "1.5", "-7"})
    {
        std::string const text = std::string(R"({"_startTime": )") + scalar + R"(, "_state": "DONE"})";
        BOOST_TEST_CONTEXT(text)
        {
            json::object const e2 = us::to_platform_error(patch_report(text.c_str()));
            json::object const& d2 = details_of(e2);
            BOOST_TEST(d2.at("attributeName") == "_startTime");
            BOOST_TEST(d2.at("value") == json::parse(scalar));
            BOOST_TEST(d2.at("type") == "string");
        }
    }

    // An object is not echoed; the type still is.
    json::object const obj = us::to_platform_error(patch_report(
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": {"a": 1}})"));
    json::object const& od = details_of(obj);
    BOOST_TEST(!od.contains("value"));
    BOOST_TEST(od.at("type") == "string");

    json::object const summary = us::to_platform_error(patch_report(
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_summary": 5})"));
    BOOST_TEST(summary.at("code") == "ATTRIBUTE_VALUE_TYPE_MISMATCH");
    BOOST_TEST(details_of(summary).at("type") == "object");
    BOOST_TEST(details_of(summary).at("attributeName") == "_summary");
}

BOOST_AUTO_TEST_CASE(echoed_value_is_cut_to_64_code_points)
{
    std::string const long_state(100, 'X');
    std::string const text = R"({"_startTime": "2026-11-20T08:00:00Z", "_state": ")" + long_state + "\"}";
    json::object const e = us::to_platform_error(patch_report(text.c_str()));
    BOOST_TEST(details_of(e).at("value") == json::value(std::string(64, 'X')));
}

BOOST_AUTO_TEST_CASE(missing_required_is_mandatory)
{
    json::object const e = us::to_platform_error(patch_report(R"({"_startTime": "2026-11-20T08:00:00Z"})"));
    json::object const& d = details_of(e);
    BOOST_TEST(e.at("code") == "ATTRIBUTE_IS_MANDATORY");
    BOOST_TEST(d.size() == 1u, d);
    BOOST_TEST(d.at("attributeName") == "_state");
}

BOOST_AUTO_TEST_CASE(first_violation_is_chosen)
{
    us::report const r = patch_report(R"({"_name": "", "_state": "RUNNING", "_startTime": 1})");
    BOOST_TEST_REQUIRE(r.size() == 3u, codes(r));
    json::object const e = us::to_platform_error(r);
    BOOST_TEST(e.at("code") == "VALIDATION_MINIMUM_ALLOWED_VALUE");
    BOOST_TEST(e.at("message") == json::value(r[0].message));
    json::object const& d = details_of(e);
    BOOST_TEST(d.size() == 2u, d);   // no "type" from the later wrong_type
    BOOST_TEST(d.at("attributeName") == "_name");
    BOOST_TEST(d.at("value") == "");

    // A report built by hand: only its first entry counts.
    us::report manual;
    manual.add(make(us::error::illegal_transition, {{"currentState", "DONE"}, {"targetState", "ACTIVE"}}));
    manual.add(us::violation{"/_endTime", us::error::end_time_state_mismatch, "second"});
    json::object const m = us::to_platform_error(manual);
    BOOST_TEST(m.at("code") == "SESSION_STATE_CHANGE_INVALID");
    BOOST_TEST(m.at("message") == "message");
    BOOST_TEST(details_of(m) == (json::object{
                                    {"attributeName", "_state"}, {"currentState", "DONE"}, {"targetState", "ACTIVE"}}));
}

BOOST_AUTO_TEST_CASE(cross_field_envelopes)
{
    // Transition: 409, both states.
    json::object done = stored();
    done["_state"] = "DONE";
    done["_summary"].as_object()["_stopReasonCode"] = "COMPLETION";
    us::report const t = update_report(done, R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "ACTIVE",
        "_summary": {"_stopReasonCode": null}})");
    BOOST_TEST_REQUIRE(t.size() == 1u, codes(t));
    json::object const te = us::to_platform_error(t);
    json::object const& td = details_of(te);
    BOOST_TEST(te.at("code") == "SESSION_STATE_CHANGE_INVALID");
    BOOST_TEST(us::to_platform_code(t[0]).http_status == 409);
    BOOST_TEST(td.at("attributeName") == "_state");
    BOOST_TEST(td.at("currentState") == "DONE");
    BOOST_TEST(td.at("targetState") == "ACTIVE");
    BOOST_TEST(te.at("message").as_string().find("cannot go from DONE to ACTIVE") != json::string::npos);

    // Not clearing the stop data the DONE state left: the forbidden change
    // is still what the envelope names (docs/platform_error.md).
    us::report const left = update_report(done, R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "ACTIVE"})");
    BOOST_TEST(left.size() == 2u, codes(left));
    BOOST_TEST(us::to_platform_error(left).at("code") == "SESSION_STATE_CHANGE_INVALID");

    // DONE without a stop code.
    json::object const nd = us::to_platform_error(update_report(stored(),
                                                                R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE"})"));
    BOOST_TEST(nd.at("code") == "STOP_DATA_NULL_FOR_DONE_SESSION");
    BOOST_TEST(details_of(nd).at("attributeName") == "_summary._stopReasonCode");
    BOOST_TEST(details_of(nd).at("state") == "DONE");

    // Stop data on an ACTIVE session.
    json::object const sd = us::to_platform_error(update_report(stored(),
                                                                R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "ACTIVE", "_summary": {"_stopReason": "x"}})"));
    BOOST_TEST(sd.at("code") == "STOP_DATA_NOT_NULL_FOR_NON_DONE_SESSION");
    BOOST_TEST(details_of(sd).at("attributeName") == "_summary._stopReason");
    BOOST_TEST(details_of(sd).at("state") == "ACTIVE");

    // End time on a PAUSED session.
    json::object const et = us::to_platform_error(update_report(stored(),
                                                                R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "PAUSED", "_endTime": "2026-11-20T09:00:00Z"})"));
    BOOST_TEST(et.at("code") == "END_TIME_VALUE_INVALID_FOR_SESSION_STATE");
    BOOST_TEST(details_of(et).at("attributeName") == "_endTime");
    BOOST_TEST(details_of(et).at("state") == "PAUSED");

    // End before start.
    json::object const bs = us::to_platform_error(update_report(stored(),
                                                                R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "STOPPING", "_endTime": "2026-11-20T07:00:00Z"})"));
    BOOST_TEST(bs.at("code") == "START_TIME_AFTER_END_TIME");
    BOOST_TEST(details_of(bs).at("attributeName") == "_endTime");

    // In the future.
    us::update_options o = us::update_options::platform();
    o.now = us::parse_utc_timestamp("2026-11-20T08:00:00Z").value();
    json::object const tf = us::to_platform_error(update_report(stored(),
                                                                R"({"_startTime": "2026-11-20T09:00:00Z", "_state": "ACTIVE"})", o));
    BOOST_TEST(tf.at("code") == "TIME_IN_FUTURE");
    BOOST_TEST(details_of(tf).at("attributeName") == "_startTime");
    BOOST_TEST(details_of(tf).at("value") == "2026-11-20T09:00:00Z");
}

BOOST_AUTO_TEST_CASE(pointer_escapes_are_undone_in_attribute_name)
{
    json::object const top = us::to_platform_error(patch_report(
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_a/b~c": 1})"));
    BOOST_TEST(top.at("code") == "ATTRIBUTE_NOT_VALID_FOR_TEMPLATE");
    BOOST_TEST(details_of(top).at("attributeName") == "_a/b~c");

    us::schema const closed = us::schema_builder().accept_unknown(us::scope::summary, false).build().value();
    us::report const nested = patch_report(
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_summary": {"x/y~0": 1}})", closed);
    BOOST_TEST_REQUIRE(nested.size() == 1u, codes(nested));
    BOOST_TEST(nested[0].pointer == "/_summary/x~1y~00");
    BOOST_TEST(details_of(us::to_platform_error(nested)).at("attributeName") == "_summary.x/y~0");

    us::report manual;
    manual.add(us::violation{"/a~1~0b/c", us::error::unknown_attribute, "m"});
    BOOST_TEST(details_of(us::to_platform_error(manual)).at("attributeName") == "a/~b.c");
}

BOOST_AUTO_TEST_CASE(whole_body_has_no_attribute_name)
{
    us::parse_limits limits;
    limits.max_bytes = 8;
    auto const parsed = us::parse_patch(R"({"_state": "DONE"})", limits);
    BOOST_TEST_REQUIRE(parsed.has_error());
    json::object const e = us::to_platform_error(parsed.error());
    BOOST_TEST(us::to_platform_code(parsed.error()[0]).http_status == 413);
    BOOST_TEST(details_of(e).empty());

    json::object const not_object = us::to_platform_error(us::validate_patch(json::parse("[1]")));
    BOOST_TEST(not_object.at("code") == "ATTRIBUTE_VALUE_TYPE_MISMATCH");
    BOOST_TEST(!details_of(not_object).contains("attributeName"));
}

BOOST_AUTO_TEST_CASE(envelope_uses_the_given_storage)
{
    json::monotonic_resource mr;
    json::storage_ptr const sp(&mr);
    us::report const r = patch_report(R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "RUNNING"})");
    json::object const e = us::to_platform_error(r, sp);
    BOOST_TEST((e.storage().get() == sp.get()));
    BOOST_TEST((e.at("details").as_object().storage().get() == sp.get()));
    BOOST_TEST((e.at("details").at("value").as_string().storage().get() == sp.get()));
    BOOST_TEST((e == us::to_platform_error(r)));
}

BOOST_AUTO_TEST_SUITE_END()
