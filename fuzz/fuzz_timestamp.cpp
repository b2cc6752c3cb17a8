// parse_utc_timestamp on arbitrary bytes, differentially against the slow
// reference in reference_timestamp.hpp (written from the RFC 3339 ABNF):
// same code on every input, and for valid timestamps the same time.
#include "check.hpp"
#include "reference_timestamp.hpp"

#include <usage_session/timestamp.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace us = usage_session;
    namespace pt = boost::posix_time;
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    auto const t = us::parse_utc_timestamp(text);
    usage_session_fuzz::reference_timestamp const expected = usage_session_fuzz::reference_parse_timestamp(text);

    if(!t)
    {
        USAGE_SESSION_FUZZ_CHECK(t.error().category() == us::usage_session_category());
        USAGE_SESSION_FUZZ_CHECK(t.error().value() == expected.code);
        USAGE_SESSION_FUZZ_CHECK(expected.code != 0);
        return 0;
    }
    USAGE_SESSION_FUZZ_CHECK(expected.code == 0);
    USAGE_SESSION_FUZZ_CHECK(!t->is_special());
    USAGE_SESSION_FUZZ_CHECK(t->date().year() == expected.year);
    USAGE_SESSION_FUZZ_CHECK(t->date().month() == expected.month);
    USAGE_SESSION_FUZZ_CHECK(t->date().day() == expected.day);
    pt::time_duration const tod = t->time_of_day();
    USAGE_SESSION_FUZZ_CHECK(tod.hours() == expected.hour);
    USAGE_SESSION_FUZZ_CHECK(tod.minutes() == expected.minute);
    USAGE_SESSION_FUZZ_CHECK(tod.seconds() == expected.second);
    USAGE_SESSION_FUZZ_CHECK(tod.total_microseconds() % 1000000 == expected.microsecond);
    // The same instant, counted independently of Boost's calendar.
    pt::ptime const origin(boost::gregorian::date(1400, 1, 1));
    USAGE_SESSION_FUZZ_CHECK((*t - origin).total_microseconds() == expected.since_1400);
    return 0;
}
