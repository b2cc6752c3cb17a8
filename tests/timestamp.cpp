// Tests of usage_session/timestamp.hpp: the RFC 3339 UTC grammar of docs/contract.md §3.
// The cases live in data/timestamps.json, one object per input with its reason.
#include <usage_session/timestamp.hpp>

#include "test_data.hpp"
// The independent reference of the fuzz target, for the differential test.
#include "../fuzz/reference_timestamp.hpp"

#include <usage_session/detail/grammar.hpp>

#include <boost/date_time/posix_time/posix_time.hpp>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

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
    return usage_session::error::bad_timestamp;   // not reached
}

ptime parse_ok(std::string_view text)
{
    auto const r = parse_utc_timestamp(text);
    BOOST_TEST_REQUIRE(r.has_value(), "expected " << text << " to parse");
    return *r;
}

}   // namespace

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
                  "parse_utc_timestamp must be noexcept (docs/contract.md §3, §10)");
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

// parse_utc_timestamp against the fuzz target's reference on many strings
// near valid stamps: every single-character change of some seeds, then random
// runs of changes. Same code always; for valid stamps, the same fields.
void check_against_reference(std::string const& text)
{
    auto const got = parse_utc_timestamp(text);
    auto const want = usage_session_fuzz::reference_parse_timestamp(text);
    BOOST_TEST_CONTEXT("input \"" << text << "\"")
    {
        if(!got)
        {
            BOOST_TEST(got.error().value() == want.code);
            BOOST_TEST(want.code != 0);
            return;
        }
        BOOST_TEST_REQUIRE(want.code == 0);
        BOOST_TEST(got->date().year() == want.year);
        BOOST_TEST(got->date().month() == want.month);
        BOOST_TEST(got->date().day() == want.day);
        auto const tod = got->time_of_day();
        BOOST_TEST(tod.hours() == want.hour);
        BOOST_TEST(tod.minutes() == want.minute);
        BOOST_TEST(tod.seconds() == want.second);
        BOOST_TEST(tod.total_microseconds() % 1000000 == want.microsecond);
    }
}

std::vector<std::string> const timestamp_seeds = {
    "2024-02-29T23:59:60Z", "1400-01-01T00:00:00.123456789+00:00", "9999-12-31t23:59:59z",
    "2026-11-20T09:30:00.250-05:30", "2016-12-31T23:59:60.5Z", "2017-01-01T05:29:60+05:30",
    "1399-12-31T23:59:59Z", "2023-02-28T12:00:00-00:00", "2000-02-29T00:00:00.0Z"};

// Characters that matter to the grammar, and a few that do not.
std::string const timestamp_alphabet = std::string("0123456789-:.TtZz+ x/\xff") + '\0';

BOOST_AUTO_TEST_CASE(agrees_with_the_fuzz_reference)
{
    for(std::string const& seed : timestamp_seeds)
    {
        check_against_reference(seed);
        for(std::size_t i = 0; i <= seed.size(); ++i)
        {
            check_against_reference(seed.substr(0, i));
            if(i < seed.size())
                check_against_reference(seed.substr(0, i) + seed.substr(i + 1));
            for(char c : timestamp_alphabet)
            {
                check_against_reference(seed.substr(0, i) + c + seed.substr(i));
                if(i < seed.size())
                {
                    std::string changed = seed;
                    changed[i] = c;
                    check_against_reference(changed);
                }
            }
        }
    }
    std::mt19937 random(20261129);
    auto pick = [&random](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
    for(int round = 0; round < 20000; ++round)
    {
        std::string text = timestamp_seeds[pick(timestamp_seeds.size())];
        for(std::size_t changes = 1 + pick(3); changes > 0 && !text.empty(); --changes)
        {
            std::size_t const at = pick(text.size());
            char const c = timestamp_alphabet[pick(timestamp_alphabet.size())];
            switch(pick(3))
            {
            case 0: text[at] = c; break;
            case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
            default: text.erase(at, 1); break;
            }
        }
        check_against_reference(text);
    }
}

// The DATE attribute's grammar (detail::parse_full_date on 10 characters)
// accepts exactly the dates the reference accepts as the head of a stamp.
BOOST_AUTO_TEST_CASE(full_date_agrees_with_the_fuzz_reference)
{
    std::mt19937 random(29);
    std::string const date_alphabet = "0123456789-x";
    for(int round = 0; round < 20000; ++round)
    {
        // Mostly digits and dashes in the right places, sometimes not.
        std::string date = "2024-02-29";
        for(char& c : date)
            if(random() % 3 == 0)
                c = date_alphabet[random() % date_alphabet.size()];
        usage_session::detail::date_time_fields fields;
        bool const got = usage_session::detail::parse_full_date(date, fields);
        auto const want = usage_session_fuzz::reference_parse_timestamp(date + "T00:00:00Z");
        BOOST_TEST_CONTEXT("date \"" << date << "\"")
        {
            BOOST_TEST(got == (want.code != static_cast<int>(usage_session::error::bad_timestamp)));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
