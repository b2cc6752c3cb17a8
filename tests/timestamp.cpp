// Tests of usage_session/timestamp.hpp: the RFC 3339 UTC grammar of SPEC §3.
// The cases live in data/timestamps.json, one object per input with its reason.
#include <usage_session/timestamp.hpp>

#include "test_data.hpp"

#include <boost/date_time/posix_time/posix_time.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

namespace {

using boost::posix_time::ptime;
using usage_session::parse_utc_timestamp;

boost::system::error_code const bad_timestamp = usage_session::error::bad_timestamp;

// The enumerator whose code_name is `name`; fails the test for an unknown name.
usage_session::error error_named(std::string_view name)
{
    for(int i = 1; i <= usage_session::error_count; ++i)
    {
        auto const e = static_cast<usage_session::error>(i);
        if(usage_session::code_name(e) == name)
            return e;
    }
    BOOST_FAIL("timestamps.json names an unknown code: " << name);
    return usage_session::error::bad_timestamp; // not reached
}

ptime parse_ok(std::string_view text)
{
    auto const r = parse_utc_timestamp(text);
    BOOST_TEST_REQUIRE(r.has_value(), "expected " << text << " to parse");
    return *r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(timestamp)

BOOST_AUTO_TEST_CASE(cases_from_data_file)
{
    boost::json::value const data = test_data::load_json("timestamps.json");
    boost::json::array const& cases = data.as_array();
    BOOST_TEST_REQUIRE(cases.size() >= 60u);

    for(boost::json::value const& item : cases)
    {
        boost::json::object const& c = item.as_object();
        // A json::string's view keeps embedded NUL bytes (the "\u0000" case).
        std::string_view const input = c.at("input").as_string();
        std::string_view const expect = c.at("expect").as_string();
        std::string_view const why = c.at("why").as_string();

        // Printed as JSON so that "\u0000" and "\n" stay visible.
        BOOST_TEST_CONTEXT("input " << boost::json::serialize(c.at("input")) << " (" << why << ")")
        {
            // Both sides as text, so a mismatch prints e.g.
            // "timestamp is not in UTC" != "2007-12-20T10:15:30".
            auto const r = parse_utc_timestamp(input);
            std::string const got = r ? boost::posix_time::to_iso_extended_string(*r)
                                      : r.error().message();
            std::string const want = expect == "ok"
                ? std::string(c.at("iso").as_string())
                : make_error_code(error_named(expect)).message();
            BOOST_TEST(got == want);
            BOOST_TEST(r.has_value() == (expect == "ok"));
        }
    }
}

BOOST_AUTO_TEST_CASE(never_throws)
{
    static_assert(noexcept(parse_utc_timestamp(std::string_view())),
                  "parse_utc_timestamp must be noexcept (SPEC §3, §10)");
    auto const r = parse_utc_timestamp(std::string_view());
    BOOST_TEST(r.error() == bad_timestamp);
}

BOOST_AUTO_TEST_CASE(leap_second_orders_between_last_second_and_next_day)
{
    ptime const before = parse_ok("2016-12-31T23:59:59.999Z");
    ptime const leap = parse_ok("2016-12-31T23:59:60Z");
    ptime const next_day = parse_ok("2017-01-01T00:00:00Z");

    BOOST_TEST((before < leap));
    BOOST_TEST((leap < next_day));
    BOOST_TEST((next_day - leap == boost::posix_time::microseconds(1)));
}

BOOST_AUTO_TEST_CASE(sub_microsecond_digits_are_dropped_for_comparison)
{
    ptime const a = parse_ok("2007-12-20T10:15:30.1234561Z");
    ptime const b = parse_ok("2007-12-20T10:15:30.1234569Z");
    ptime const c = parse_ok("2007-12-20T10:15:30.123457Z");

    BOOST_TEST((a == b));
    BOOST_TEST((b < c));
}

BOOST_AUTO_TEST_CASE(utc_spellings_give_the_same_instant)
{
    ptime const z = parse_ok("2007-12-20T10:15:30Z");
    BOOST_TEST((parse_ok("2007-12-20t10:15:30z") == z));
    BOOST_TEST((parse_ok("2007-12-20T10:15:30+00:00") == z));
    BOOST_TEST((parse_ok("2007-12-20T10:15:30-00:00") == z));
    BOOST_TEST((z == ptime(boost::gregorian::date(2007, 12, 20),
                           boost::posix_time::time_duration(10, 15, 30))));
}

BOOST_AUTO_TEST_CASE(reads_only_inside_the_view)
{
    // The view is a prefix of a longer buffer: what follows must not count.
    std::string_view const buffer = "2007-12-20T10:15:30Z trailing";
    auto const whole = parse_utc_timestamp(buffer);
    BOOST_TEST(whole.error() == bad_timestamp);
    BOOST_TEST((parse_ok(buffer.substr(0, 20)) == parse_ok("2007-12-20T10:15:30Z")));

    // Every proper prefix of a valid stamp is malformed, never out of bounds.
    std::string_view const full = "2007-12-20T10:15:30.5+00:00";
    for(std::size_t n = 0; n < full.size(); ++n)
    {
        BOOST_TEST_CONTEXT("prefix of length " << n)
        {
            auto const r = parse_utc_timestamp(full.substr(0, n));
            BOOST_TEST(r.error() == bad_timestamp);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
