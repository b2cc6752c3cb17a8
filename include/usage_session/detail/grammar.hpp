#ifndef USAGE_SESSION_DETAIL_GRAMMAR_HPP
#define USAGE_SESSION_DETAIL_GRAMMAR_HPP

// Small hand-written grammars (RFC 3339 date-time and full-date, UUID) over
// string views. No regex: linear, noexcept, no allocation, no locale.

#include <usage_session/error.hpp>

#include <cstdint>
#include <string_view>

namespace usage_session {
namespace detail {

constexpr bool is_digit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

constexpr bool is_hex_digit(char c) noexcept
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Reads exactly `n` ASCII digits at s[pos]; false if any is missing.
inline bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) noexcept
{
    if(s.size() < pos + n)
        return false;
    int v = 0;
    for(std::size_t i = 0; i < n; ++i)
    {
        char const c = s[pos + i];
        if(!is_digit(c))
            return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

constexpr bool is_leap_year(int y) noexcept
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr int days_in_month(int y, int m) noexcept
{
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

// The fields of a date-time, already range-checked.
struct date_time_fields
{
    int year = 0, month = 0, day = 0;
    int hour = 0, minute = 0, second = 0;
    int microsecond = 0;        // fraction truncated to microseconds
    int offset_minutes = 0;     // signed offset from UTC
};

// Full-date "YYYY-MM-DD" at s[0..10): syntax and calendar.
inline bool parse_full_date(std::string_view s, date_time_fields& f) noexcept
{
    return read_digits(s, 0, 4, f.year) && s[4] == '-' &&
           read_digits(s, 5, 2, f.month) && s[7] == '-' &&
           read_digits(s, 8, 2, f.day) &&
           f.month >= 1 && f.month <= 12 &&
           f.day >= 1 && f.day <= days_in_month(f.year, f.month);
}

// The first and last years Boost.Date_Time's greg_year accepts.
inline constexpr int min_supported_year = 1400;
inline constexpr int max_supported_year = 9999;

// RFC 3339 date-time. Returns 0 (no error) with `f` filled, or the code:
// bad_timestamp for syntax and impossible fields, not_utc for a well-formed
// non-zero offset, timestamp_out_of_range for a year Boost cannot hold.
inline int parse_date_time(std::string_view s, date_time_fields& f) noexcept
{
    constexpr int bad = static_cast<int>(error::bad_timestamp);
    // "YYYY-MM-DDTHH:MM:SS" is 19 characters; a zone adds at least one.
    if(s.size() < 20 || !parse_full_date(s, f))
        return bad;
    if(!(s[10] == 'T' || s[10] == 't') ||
       !read_digits(s, 11, 2, f.hour) || s[13] != ':' ||
       !read_digits(s, 14, 2, f.minute) || s[16] != ':' ||
       !read_digits(s, 17, 2, f.second))
        return bad;
    std::size_t pos = 19;
    f.microsecond = 0;
    if(s[pos] == '.')
    {
        ++pos;
        std::size_t const first = pos;
        int scale = 100000;
        while(pos < s.size() && is_digit(s[pos]))
        {
            // Digits past the sixth only matter for syntax, not for value.
            f.microsecond += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if(pos == first)
            return bad;
    }
    if(pos >= s.size())
        return bad;
    char const zone = s[pos];
    if(zone == 'Z' || zone == 'z')
    {
        f.offset_minutes = 0;
        ++pos;
    }
    else if(zone == '+' || zone == '-')
    {
        int oh, om;
        if(!read_digits(s, pos + 1, 2, oh) || s.size() < pos + 4 || s[pos + 3] != ':' ||
           !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
            return bad;
        f.offset_minutes = (zone == '-' ? -1 : 1) * (oh * 60 + om);
        pos += 6;
    }
    else
        return bad;
    if(pos != s.size())
        return bad;
    if(f.hour > 23 || f.minute > 59 || f.second > 60)
        return bad;
    if(f.second == 60)
    {
        // A leap second exists only at 23:59:60 UTC; for a local time, shift
        // by the offset first (RFC 3339 §5.7).
        int const local = f.hour * 60 + f.minute;
        int const utc = ((local - f.offset_minutes) % 1440 + 1440) % 1440;
        if(utc != 23 * 60 + 59)
            return bad;
    }
    if(f.offset_minutes != 0)
        return static_cast<int>(error::not_utc);
    if(f.year < min_supported_year || f.year > max_supported_year)
        return static_cast<int>(error::timestamp_out_of_range);
    return 0;
}

// 8-4-4-4-12 hexadecimal digits, any case, any version or variant.
inline bool is_uuid(std::string_view s) noexcept
{
    if(s.size() != 36)
        return false;
    for(std::size_t i = 0; i < 36; ++i)
    {
        bool const dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        if(dash_position ? s[i] != '-' : !is_hex_digit(s[i]))
            return false;
    }
    return true;
}

} // namespace detail
} // namespace usage_session

#endif
