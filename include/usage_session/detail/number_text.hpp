#ifndef USAGE_SESSION_DETAIL_NUMBER_TEXT_HPP
#define USAGE_SESSION_DETAIL_NUMBER_TEXT_HPP

// Doubles as ECMAScript's Number::toString writes them, for serialize.

#include <boost/json/serializer.hpp>
#include <boost/json/string_view.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>

// The shortest digits of a double come from std::to_chars where the
// standard library has it for double: libstdc++ 11 and newer (and MSVC)
// announce it with __cpp_lib_to_chars; libc++ has it from release 14 but
// announces nothing before from_chars(double) arrives (LLVM 20), and Apple's
// libc++ ties it to the deployment target. Everywhere else Boost.JSON's own
// shortest output (1.25E1) is laid out anew; both give the same digits
// (tests/serialize.cpp compares them).
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
#define USAGE_SESSION_DETAIL_HAS_TO_CHARS_DOUBLE 1
#elif defined(_LIBCPP_VERSION) && _LIBCPP_VERSION >= 14000 && !defined(__APPLE__)
#define USAGE_SESSION_DETAIL_HAS_TO_CHARS_DOUBLE 1
#endif

namespace usage_session {
namespace detail {

// The shortest decimal of a positive double: digits d1...dk without leading
// or trailing zeros and the exponent n of value = 0.d1...dk * 10^n, the k
// and n of ECMAScript's Number::toString.
struct decimal_digits
{
    char digits[24] = {};   // a double needs at most 17
    int count = 0;          // k
    int point = 0;          // n
};

// Reads the scientific text of a positive double, "1.25E1" (Boost.JSON) or
// "1.25e+01" (std::to_chars), into digits and exponent.
inline decimal_digits digits_of_scientific(char const* p, char const* end) noexcept
{
    decimal_digits d;
    int before_point = 0;
    bool after_point = false;
    for(; p != end && *p != 'e' && *p != 'E'; ++p)
    {
        if(*p == '.')
        {
            after_point = true;
            continue;
        }
        if(d.count < static_cast<int>(sizeof d.digits))
            d.digits[d.count++] = *p;
        if(!after_point)
            ++before_point;
    }
    int exponent = 0;
    bool negative = false;
    if(p != end)
    {
        ++p;
        if(p != end && (*p == '+' || *p == '-'))
            negative = *p++ == '-';
        for(; p != end; ++p)
            exponent = exponent * 10 + (*p - '0');
    }
    // Neither writer leaves trailing zeros; the layout must not see any.
    while(d.count > 1 && d.digits[d.count - 1] == '0')
        --d.count;
    d.point = before_point + (negative ? -exponent : exponent);
    return d;
}

#if defined(USAGE_SESSION_DETAIL_HAS_TO_CHARS_DOUBLE)
inline decimal_digits shortest_with_to_chars(double positive) noexcept
{
    char text[32];
    auto const r = std::to_chars(text, text + sizeof text, positive, std::chars_format::scientific);
    return digits_of_scientific(text, r.ptr);
}
#endif

// Boost.JSON writes the shortest digits too (its Ryu), in its own layout.
// A scalar needs none of the serializer's stack, so nothing is allocated.
inline decimal_digits shortest_with_boost_json(double positive)
{
    boost::json::value const v(positive);
    boost::json::serializer sr;
    sr.reset(&v);
    char text[32];
    boost::json::string_view const written = sr.read(text, sizeof text);
    return digits_of_scientific(written.data(), written.data() + written.size());
}

inline decimal_digits shortest_digits(double positive)
{
#if defined(USAGE_SESSION_DETAIL_HAS_TO_CHARS_DOUBLE)
    return shortest_with_to_chars(positive);
#else
    return shortest_with_boost_json(positive);
#endif
}

// The longest text write_double makes: "-0.00000" and 17 digits.
constexpr std::size_t max_double_text = 32;

// A finite double as ECMAScript's Number::toString writes it (ECMA-262
// §6.1.6.1.20), except -0.0 (see serialize). `out` has room for
// max_double_text characters; returns the end.
inline char* write_double(double x, char* out)
{
    if(x == 0)
    {
        char const* text = std::signbit(x) ? "-0.0" : "0";
        while(*text != '\0')
            *out++ = *text++;
        return out;
    }
    if(x < 0)
    {
        *out++ = '-';
        x = -x;
    }
    decimal_digits const d = shortest_digits(x);
    int const k = d.count;
    int const n = d.point;
    auto const copy = [&](int from, int to) {
        for(int i = from; i < to; ++i)
            *out++ = d.digits[i];
    };
    auto const zeros = [&](int count) {
        for(int i = 0; i < count; ++i)
            *out++ = '0';
    };
    if(k <= n && n <= 21)
    {
        // An integer below 10^21: all its digits (1e20 as 100000000000000000000).
        copy(0, k);
        zeros(n - k);
    }
    else if(0 < n && n <= 21)
    {
        copy(0, n);
        *out++ = '.';
        copy(n, k);
    }
    else if(-6 < n && n <= 0)
    {
        *out++ = '0';
        *out++ = '.';
        zeros(-n);
        copy(0, k);
    }
    else
    {
        copy(0, 1);
        if(k > 1)
        {
            *out++ = '.';
            copy(1, k);
        }
        *out++ = 'e';
        *out++ = n - 1 < 0 ? '-' : '+';
        out = std::to_chars(out, out + 4, n - 1 < 0 ? 1 - n : n - 1).ptr;
    }
    return out;
}

}   // namespace detail
}   // namespace usage_session

#endif
