#ifndef USAGE_SESSION_FUZZ_REFERENCE_TIMESTAMP_HPP
#define USAGE_SESSION_FUZZ_REFERENCE_TIMESTAMP_HPP

// An independent, slow reference for docs/contract.md §3 (RFC 3339 date-time restricted
// to UTC), for differential fuzzing of parse_utc_timestamp. Written straight
// from the RFC 3339 §5.6 ABNF, in a different style from the library's
// detail/grammar.hpp on purpose:
//   - the fixed-width head is matched against a picture string, one
//     character class per position;
//   - the zone is cut off from the *end* of the text, and what is left
//     between the seconds and the zone must be empty or a secfrac;
//   - calendar and clock arithmetic (leap years, days per month, days since
//     1400-01-01) are computed here, without std::tm or Boost.Date_Time.
//
//   date-fullyear   = 4DIGIT
//   date-month      = 2DIGIT  ; 01-12
//   date-mday       = 2DIGIT  ; 01-28, 01-29, 01-30, 01-31 based on month/year
//   time-hour       = 2DIGIT  ; 00-23
//   time-minute     = 2DIGIT  ; 00-59
//   time-second     = 2DIGIT  ; 00-58, 00-59, 00-60 based on leap second rules
//   time-secfrac    = "." 1*DIGIT
//   time-numoffset  = ("+" / "-") time-hour ":" time-minute
//   time-offset     = "Z" / time-numoffset
//   partial-time    = time-hour ":" time-minute ":" time-second [time-secfrac]
//   full-date       = date-fullyear "-" date-month "-" date-mday
//   full-time       = partial-time time-offset
//   date-time       = full-date "T" full-time
//
// docs/contract.md §3 on top: "T" and "Z" may be lower case (RFC 3339 §5.6 NOTE); a
// non-zero offset gives not_utc; a year outside 1400-9999 gives
// timestamp_out_of_range; 23:59:60 is a leap second only where the
// UTC-shifted time is 23:59 (RFC 3339 §5.7), and it is returned as
// 23:59:59.999999. Order of the codes (as the library documents them): any
// syntax or range fault is bad_timestamp; of well-formed ones, a non-zero
// offset is not_utc before the year is looked at.

#include <usage_session/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace usage_session_fuzz {

struct reference_timestamp
{
    // usage_session::error value, or 0 when the text is a valid UTC timestamp.
    int code = 0;
    // For code == 0: the value the library must return (leap second already
    // folded into 23:59:59.999999, fraction truncated to microseconds).
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    long microsecond = 0;
    // Microseconds since 1400-01-01T00:00:00, computed here from scratch.
    std::int64_t since_1400 = 0;
};

namespace reference_detail {

inline bool ascii_digit(char c)
{
    return std::string_view("0123456789").find(c) != std::string_view::npos;
}

// Value of the n decimal digits at text[at..at+n); all were checked before.
inline int number_at(std::string_view text, std::size_t at, std::size_t n)
{
    int value = 0;
    for(std::size_t k = at; k < at + n; ++k)
        value = value * 10 + static_cast<int>(std::string_view("0123456789").find(text[k]));
    return value;
}

inline bool gregorian_leap(int y)
{
    if(y % 400 == 0)
        return true;
    if(y % 100 == 0)
        return false;
    return y % 4 == 0;
}

inline int month_length(int y, int m)
{
    switch(m)
    {
    case 2:
        return gregorian_leap(y) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
        return 30;
    default:
        return 31;
    }
}

// Days from 1400-01-01 to y-m-d (y >= 1400), by counting: whole years as
// 365 plus the leap days among them, then the whole months of year y.
inline std::int64_t days_since_1400(int y, int m, int d)
{
    std::int64_t days = 0;
    for(int year = 1400; year < y; ++year)
        days += gregorian_leap(year) ? 366 : 365;
    for(int month = 1; month < m; ++month)
        days += month_length(y, month);
    return days + (d - 1);
}

}   // namespace reference_detail

inline reference_timestamp reference_parse_timestamp(std::string_view text)
{
    using namespace reference_detail;
    constexpr int bad = static_cast<int>(usage_session::error::bad_timestamp);
    reference_timestamp r;

    // 1. The fixed head: one character class per position.
    //    D = ASCII digit, T = 'T' or 't', anything else is itself.
    std::string_view const picture = "DDDD-DD-DDTDD:DD:DD";
    if(text.size() < picture.size())
        return r.code = bad, r;
    for(std::size_t i = 0; i < picture.size(); ++i)
    {
        char const want = picture[i];
        char const got = text[i];
        bool fits = false;
        if(want == 'D')
            fits = ascii_digit(got);
        else if(want == 'T')
            fits = got == 'T' || got == 't';
        else
            fits = got == want;
        if(!fits)
            return r.code = bad, r;
    }

    // 2. The zone, cut from the end: "Z" / "z", or "+HH:MM" / "-HH:MM".
    std::string_view rest = text.substr(picture.size());
    if(rest.empty())
        return r.code = bad, r;
    int offset_sign = 0, offset_hour = 0, offset_minute = 0;
    char const last = rest[rest.size() - 1];
    if(last == 'Z' || last == 'z')
        rest = rest.substr(0, rest.size() - 1);
    else
    {
        if(rest.size() < 6)
            return r.code = bad, r;
        std::string_view const zone = rest.substr(rest.size() - 6);
        if(!(zone[0] == '+' || zone[0] == '-') || !ascii_digit(zone[1]) || !ascii_digit(zone[2]) ||
           zone[3] != ':' || !ascii_digit(zone[4]) || !ascii_digit(zone[5]))
            return r.code = bad, r;
        offset_sign = zone[0] == '+' ? 1 : -1;
        offset_hour = number_at(zone, 1, 2);
        offset_minute = number_at(zone, 4, 2);
        if(offset_hour > 23 || offset_minute > 59)
            return r.code = bad, r;
        rest = rest.substr(0, rest.size() - 6);
    }

    // 3. Between seconds and zone: nothing, or "." 1*DIGIT.
    long microsecond = 0;
    if(!rest.empty())
    {
        if(rest[0] != '.' || rest.size() < 2)
            return r.code = bad, r;
        for(std::size_t i = 1; i < rest.size(); ++i)
            if(!ascii_digit(rest[i]))
                return r.code = bad, r;
        // Microseconds: the first six digits, padded with zeros.
        for(std::size_t i = 1; i <= 6; ++i)
            microsecond = microsecond * 10 + (i < rest.size() ? number_at(rest, i, 1) : 0);
    }

    // 4. Field ranges and the calendar.
    int const year = number_at(text, 0, 4);
    int const month = number_at(text, 5, 2);
    int const day = number_at(text, 8, 2);
    int const hour = number_at(text, 11, 2);
    int const minute = number_at(text, 14, 2);
    int second = number_at(text, 17, 2);
    if(month < 1 || month > 12 || day < 1 || day > month_length(year, month))
        return r.code = bad, r;
    if(hour > 23 || minute > 59 || second > 60)
        return r.code = bad, r;
    if(second == 60)
    {
        // Shift the local hour:minute to UTC (local = UTC + offset) and
        // require 23:59 there.
        int utc = hour * 60 + minute - offset_sign * (offset_hour * 60 + offset_minute);
        while(utc < 0)
            utc += 24 * 60;
        while(utc >= 24 * 60)
            utc -= 24 * 60;
        if(utc != 23 * 60 + 59)
            return r.code = bad, r;
    }

    // 5. Well-formed: now UTC, then the years Boost can hold.
    if(offset_sign != 0 && (offset_hour != 0 || offset_minute != 0))
        return r.code = static_cast<int>(usage_session::error::not_utc), r;
    if(year < 1400 || year > 9999)
        return r.code = static_cast<int>(usage_session::error::timestamp_out_of_range), r;

    if(second == 60)
    {
        second = 59;
        microsecond = 999999;
    }
    r.year = year;
    r.month = month;
    r.day = day;
    r.hour = hour;
    r.minute = minute;
    r.second = second;
    r.microsecond = microsecond;
    std::int64_t const seconds_of_day = hour * 3600 + minute * 60 + second;
    r.since_1400 = (days_since_1400(year, month, day) * 86400 + seconds_of_day) * 1000000 + microsecond;
    return r;
}

}   // namespace usage_session_fuzz

#endif
