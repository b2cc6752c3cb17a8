#include <usage_session/session_view.hpp>

#include <usage_session/merge_patch.hpp>
#include <usage_session/validate.hpp>

#include "test_data.hpp"
#include "test_support.hpp"

#include <boost/date_time/posix_time/posix_time_io.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace us = usage_session;
using test_support::stored;
using test_support::stored_with;
namespace json = boost::json;
namespace pt = boost::posix_time;
using test_support::codes;

namespace {

pt::ptime at(char const* utc)
{
    return us::parse_utc_timestamp(utc).value();
}

std::string why(boost::system::result<us::session_view, us::report> const& r)
{
    return r.has_error() ? codes(r.error()) : std::string();
}

}   // namespace

BOOST_AUTO_TEST_SUITE(session_view)

BOOST_AUTO_TEST_CASE(typed_values_of_a_finished_session)
{
    json::object const session = stored_with(R"({"_state": "DONE", "_endTime": "2026-11-20T09:30:15.25Z",
        "_summary": {"_stopReasonCode": "GENERAL_DEVICE_ERROR", "_stopReason": "Occlusion"}})");
    auto const view = us::session_view::make(session);
    BOOST_TEST_REQUIRE(view.has_value(), why(view));
    BOOST_TEST((view->state() == us::session_state::done));
    BOOST_TEST(view->start_time() == at("2026-11-20T08:00:00Z"));
    BOOST_TEST_REQUIRE(view->end_time().has_value());
    BOOST_TEST(*view->end_time() == at("2026-11-20T09:30:15.25Z"));
    BOOST_TEST_REQUIRE(view->duration().has_value());
    BOOST_TEST(*view->duration() == pt::hours(1) + pt::minutes(30) + pt::seconds(15) +
                                        pt::milliseconds(250));
    BOOST_TEST_REQUIRE(view->name().has_value());
    BOOST_TEST(*view->name() == "Night infusion");
    BOOST_TEST_REQUIRE(view->stop_code().has_value());
    BOOST_TEST((*view->stop_code() == us::stop_reason_code::general_device_error));
    BOOST_TEST_REQUIRE(view->stop_reason().has_value());
    BOOST_TEST(*view->stop_reason() == "Occlusion");
}

BOOST_AUTO_TEST_CASE(every_state_and_stop_code_is_read)
{
    for(char const* s : {"ACTIVE", "DONE", "PAUSED", "ACTIVATING", "PAUSING", "RESUMING", "STOPPING"})
    {
        json::object session = stored();
        session["_state"] = s;
        auto const view = us::session_view::make(session);
        BOOST_TEST_REQUIRE(view.has_value(), why(view));
        BOOST_TEST(us::to_string(view->state()) == s);
    }
    for(char const* c : {"COMPLETION", "GENERAL_DEVICE_ERROR", "TIMEOUT"})
    {
        json::object session = stored();
        session["_state"] = "DONE";
        session["_summary"].as_object()["_stopReasonCode"] = c;
        auto const view = us::session_view::make(session);
        BOOST_TEST_REQUIRE(view.has_value(), why(view));
        BOOST_TEST_REQUIRE(view->stop_code().has_value());
        BOOST_TEST(us::to_string(*view->stop_code()) == c);
    }
}

BOOST_AUTO_TEST_CASE(missing_optional_members_are_nullopt)
{
    json::object session = stored();
    session.erase("_name");
    session.erase("_summary");
    auto const view = us::session_view::make(session);
    BOOST_TEST_REQUIRE(view.has_value(), why(view));
    BOOST_TEST((view->state() == us::session_state::active));
    BOOST_TEST(!view->end_time().has_value());
    BOOST_TEST(!view->duration().has_value());
    BOOST_TEST(!view->name().has_value());
    BOOST_TEST(!view->stop_code().has_value());
    BOOST_TEST(!view->stop_reason().has_value());

    // A _summary without stop data.
    json::object const with_summary = stored();   // the view must not outlive it
    auto const plain = us::session_view::make(with_summary);
    BOOST_TEST_REQUIRE(plain.has_value(), why(plain));
    BOOST_TEST(!plain->stop_code().has_value());
    BOOST_TEST(!plain->stop_reason().has_value());
    BOOST_TEST(plain->name().has_value());
}

BOOST_AUTO_TEST_CASE(null_members_read_as_absent)
{
    json::object const session = stored_with(R"({"_name": "x"})");
    json::object cleared = session;
    cleared["_name"] = nullptr;
    cleared["_endTime"] = nullptr;
    cleared["_summary"].as_object()["_stopReasonCode"] = nullptr;
    cleared["_summary"].as_object()["_stopReason"] = nullptr;
    BOOST_TEST_REQUIRE(us::validate_session(cleared).ok(), codes(us::validate_session(cleared)));
    auto const view = us::session_view::make(cleared);
    BOOST_TEST_REQUIRE(view.has_value(), why(view));
    BOOST_TEST(!view->name().has_value());
    BOOST_TEST(!view->end_time().has_value());
    BOOST_TEST(!view->duration().has_value());
    BOOST_TEST(!view->stop_code().has_value());
    BOOST_TEST(!view->stop_reason().has_value());
}

BOOST_AUTO_TEST_CASE(invalid_session_gives_the_report_of_validate_session)
{
    json::object missing_state = stored();
    missing_state.erase("_state");
    json::object const cases[] = {
        missing_state,
        stored_with(R"({"_state": "RUNNING"})"),
        stored_with(R"({"_startTime": "2026-11-20 08:00:00"})"),
        stored_with(R"({"_startTime": 5, "_name": "", "_endTime": "2026-11-20T07:00:00+02:00"})"),
        stored_with(R"({"_endTime": "2026-11-20T07:00:00Z"})"),   // before the start
        stored_with(R"({"_summary": {"_stopReasonCode": "FINISHED"}})"),
    };
    for(auto const& session : cases)
    {
        BOOST_TEST_CONTEXT(session)
        {
            us::report const expected = us::validate_session(session);
            BOOST_TEST_REQUIRE(!expected.ok());
            auto const view = us::session_view::make(session);
            BOOST_TEST_REQUIRE(view.has_error());
            BOOST_TEST((view.error() == expected), codes(view.error()) << " vs " << codes(expected));
        }
    }
}

BOOST_AUTO_TEST_CASE(options_and_schema_are_those_of_validate_session)
{
    // DONE without a stop code: fine by default, refused with platform().
    json::object const done = stored_with(R"({"_state": "DONE"})");
    BOOST_TEST(us::session_view::make(done).has_value());
    us::update_options const o = us::update_options::platform();
    auto const strict = us::session_view::make(done, us::schema::standard(), o);
    BOOST_TEST_REQUIRE(strict.has_error());
    BOOST_TEST((strict.error() == us::validate_session(done, us::schema::standard(), o)));
    BOOST_TEST(codes(strict.error()) == "/_summary/_stopReasonCode stop_data_state_mismatch");

    // A schema that closes the top level rejects the custom "ward".
    us::schema const closed = us::schema_builder().accept_unknown(us::scope::top_level, false).build().value();
    json::object const session = stored();
    auto const closed_view = us::session_view::make(session, closed);
    BOOST_TEST_REQUIRE(closed_view.has_error());
    BOOST_TEST((closed_view.error() == us::validate_session(session, closed)));
    BOOST_TEST(codes(closed_view.error()) == "/ward unknown_attribute");
}

BOOST_AUTO_TEST_CASE(leap_second_start)
{
    json::object const session = stored_with(
        R"({"_startTime": "2016-12-31T23:59:60Z", "_endTime": "2017-01-01T00:00:00Z", "_state": "DONE"})");
    auto const view = us::session_view::make(session);
    BOOST_TEST_REQUIRE(view.has_value(), why(view));
    pt::ptime const expected(boost::gregorian::date(2016, 12, 31),
                             pt::hours(23) + pt::minutes(59) + pt::seconds(59) + pt::microseconds(999999));
    BOOST_TEST(view->start_time() == expected);
    BOOST_TEST_REQUIRE(view->duration().has_value());
    BOOST_TEST(*view->duration() == pt::microseconds(1));
    // The stored text is not rewritten.
    BOOST_TEST(view->session().at("_startTime") == "2016-12-31T23:59:60Z");
}

BOOST_AUTO_TEST_CASE(view_refers_to_the_session_itself)
{
    json::object const session = stored();
    auto const view = us::session_view::make(session);
    BOOST_TEST_REQUIRE(view.has_value(), why(view));
    BOOST_TEST(&view->session() == &session);
    // Strings are views into the session, not copies.
    BOOST_TEST_REQUIRE(view->name().has_value());
    BOOST_TEST(static_cast<void const*>(view->name()->data()) ==
               static_cast<void const*>(session.at("_name").as_string().data()));
    us::session_view const copy = *view;
    BOOST_TEST(&copy.session() == &session);
}

BOOST_AUTO_TEST_SUITE_END()
