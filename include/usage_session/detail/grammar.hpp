#ifndef USAGE_SESSION_DETAIL_GRAMMAR_HPP
#define USAGE_SESSION_DETAIL_GRAMMAR_HPP

// Small hand-written grammars (RFC 3339 date-time and full-date, UUID) over
// string views. No regex: linear, noexcept, no allocation, no locale.

#include <usage_session/error.hpp>

#include <cstddef>
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

constexpr bool is_leap_year(int y) noexcept
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Days in each month of a common year. At namespace scope, not in
// days_in_month: a local array would be copied onto the stack on every call.
inline constexpr int days_in_common_month[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

constexpr int days_in_month(int y, int m) noexcept
{
    return m == 2 && is_leap_year(y) ? 29 : days_in_common_month[m - 1];
}

// The fields of a date-time, already range-checked.
struct date_time_fields
{
    int year = 0, month = 0, day = 0;
    int hour = 0, minute = 0, second = 0;
    int microsecond = 0;      // fraction truncated to microseconds
    int offset_minutes = 0;   // signed offset from UTC
};

// The value of the ASCII digit `c`, or a number above 9 when `c` is not a
// digit (the unsigned subtraction wraps for characters below '0').
constexpr unsigned digit_value(char c) noexcept
{
    return static_cast<unsigned>(static_cast<unsigned char>(c)) - unsigned('0');
}

// The two digits at s[pos] and s[pos + 1] as a number, or a number above 99
// when either is not a digit. The caller has checked the size.
inline unsigned two_digits(std::string_view s, std::size_t pos) noexcept
{
    unsigned const tens = digit_value(s[pos]);
    unsigned const ones = digit_value(s[pos + 1]);
    return tens > 9 || ones > 9 ? 100 : tens * 10 + ones;
}

// Full-date "YYYY-MM-DD" at s[0..10): syntax and calendar.
inline bool parse_full_date(std::string_view s, date_time_fields& f) noexcept
{
    if(s.size() < 10 || s[4] != '-' || s[7] != '-')
        return false;
    unsigned const century = two_digits(s, 0), year_of_century = two_digits(s, 2);
    unsigned const month = two_digits(s, 5), day = two_digits(s, 8);
    // Any non-digit makes its pair exceed 99, and so fails a range check.
    if(century > 99 || year_of_century > 99 || month < 1 || month > 12 || day < 1)
        return false;
    f.year = static_cast<int>(century * 100 + year_of_century);
    f.month = static_cast<int>(month);
    f.day = static_cast<int>(day);
    return f.day <= days_in_month(f.year, f.month);
}

// The first and last years Boost.Date_Time's greg_year accepts.
inline constexpr int min_supported_year = 1400;
inline constexpr int max_supported_year = 9999;

// RFC 3339 date-time. Returns 0 (no error) with `f` filled, or the code:
// bad_timestamp for syntax and impossible fields, not_utc for a well-formed
// non-zero offset, timestamp_out_of_range for a year Boost cannot hold.
//
// The common shape has fixed positions up to the seconds, so those are
// checked in place, two digits at a time; only the fraction has a loop.
inline int parse_date_time(std::string_view s, date_time_fields& f) noexcept
{
    constexpr int bad = static_cast<int>(error::bad_timestamp);
    // "YYYY-MM-DDTHH:MM:SS" is 19 characters; a zone adds at least one.
    if(s.size() < 20 || !parse_full_date(s, f))
        return bad;
    unsigned const hour = two_digits(s, 11), minute = two_digits(s, 14), second = two_digits(s, 17);
    // Non-digits make a pair exceed 99, so the range checks catch them too.
    if(!(s[10] == 'T' || s[10] == 't') || s[13] != ':' || s[16] != ':' ||
       hour > 23 || minute > 59 || second > 60)
        return bad;
    f.hour = static_cast<int>(hour);
    f.minute = static_cast<int>(minute);
    f.second = static_cast<int>(second);
    std::size_t pos = 19;
    f.microsecond = 0;
    if(s[pos] == '.')
    {
        ++pos;
        std::size_t const first = pos;
        int scale = 100000;
        for(unsigned d; pos < s.size() && (d = digit_value(s[pos])) <= 9; ++pos)
        {
            // Digits past the sixth only matter for syntax, not for value.
            f.microsecond += static_cast<int>(d) * scale;
            scale /= 10;
        }
        if(pos == first || pos == s.size())
            return bad;
    }
    char const zone = s[pos];
    if(zone == 'Z' || zone == 'z')
    {
        f.offset_minutes = 0;
        ++pos;
    }
    else if(zone == '+' || zone == '-')
    {
        // "+HH:MM", exactly six characters, ends the text.
        if(s.size() - pos != 6 || s[pos + 3] != ':')
            return bad;
        unsigned const offset_hours = two_digits(s, pos + 1), offset_minutes = two_digits(s, pos + 4);
        if(offset_hours > 23 || offset_minutes > 59)
            return bad;
        int const magnitude = static_cast<int>(offset_hours * 60 + offset_minutes);
        f.offset_minutes = zone == '-' ? -magnitude : magnitude;
        pos += 6;
    }
    else
        return bad;
    if(pos != s.size())
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

}   // namespace detail
}   // namespace usage_session

#endif
