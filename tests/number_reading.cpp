// Exact number reading (detail/patch_parser.hpp): std::from_chars where the
// standard library has it for double, fast_float where it does not. Both
// readers must give the same double, bit for bit, for every JSON number; a
// seeded corpus of over a million number texts checks it against each other
// and against the C library's strtod, and halfway cases against the rounding
// rule itself. Also: numbers whose exponent Boost.JSON cannot count.
#include <usage_session/detail/patch_parser.hpp>
#include <usage_session/parse.hpp>

#include "splitmix64.hpp"

#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace detail = usage_session::detail;

std::uint64_t bits(double d)
{
    std::uint64_t b = 0;
    std::memcpy(&b, &d, sizeof b);
    return b;
}

double from_bits(std::uint64_t b)
{
    double d = 0;
    std::memcpy(&d, &b, sizeof d);
    return d;
}

using random_source = usage_session_tests::splitmix64;

// The reference: the C library's strtod (correctly rounded in glibc, musl,
// macOS and the MSVC runtime since 2019). nullopt-like false when the
// value is beyond the largest double. Locale: the tests never set one, so
// the decimal point is '.'.
bool read_with_strtod(std::string const& text, double& out)
{
    errno = 0;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    if(end != text.c_str() + text.size())
        BOOST_ERROR("strtod stopped early in " << text);
    if(std::isinf(out))
        return false;
    if(out == 0)   // an underflow: glibc gives +0 for "-1e-400" on some versions
        out = text.front() == '-' ? -0.0 : 0.0;
    return true;
}

std::string printed(char const* format, int precision, double d)
{
    char buffer[64];
    int const n = std::snprintf(buffer, sizeof buffer, format, precision, d);
    return std::string(buffer, static_cast<std::size_t>(n));
}

// JSON has no "inf", no leading '+' and no "1." or ".5": printf's %g never
// writes those for finite values, but its exponent has a '+', which JSON
// allows, and may have leading zeros ("1e+05"), which JSON allows too.
std::string shortest(double d)
{
    auto const reads_back = [d](std::string const& s) { return std::strtod(s.c_str(), nullptr) == d; };
    // Most doubles need 16 or 17 digits: try 15 first, and only below 15
    // when 15 already reads back.
    std::string s = printed("%.*g", 15, d);
    if(!reads_back(s))
    {
        s = printed("%.*g", 16, d);
        return reads_back(s) ? s : printed("%.*g", 17, d);
    }
    for(int precision = 14; precision > 0; --precision)
    {
        std::string shorter = printed("%.*g", precision, d);
        if(!reads_back(shorter))
            break;
        s = std::move(shorter);
    }
    return s;
}

// A decimal with `digits` random digits (the first not zero), a point
// somewhere or none, and perhaps an exponent.
std::string random_decimal(random_source& r, int digits, long long exponent, bool with_exponent)
{
    std::string s;
    if(r.below(2))
        s += '-';
    std::string d;
    d += static_cast<char>('1' + r.below(9));
    for(int i = 1; i < digits; ++i)
        d += static_cast<char>('0' + r.below(10));
    // Where the point goes: after digit k (k == digits: no point).
    std::size_t const k = 1 + r.below(static_cast<std::uint64_t>(digits));
    if(r.below(4) == 0)
    {
        // 0.000ddd: leading zeros after the point.
        s += "0.";
        s.append(static_cast<std::size_t>(r.below(30)), '0');
        s += d;
    }
    else
    {
        s += d.substr(0, k);
        if(k < d.size())
            s += "." + d.substr(k);
    }
    if(with_exponent)
    {
        s += "eE"[r.below(2)];
        if(exponent < 0)
            s += '-';
        else if(r.below(2))
            s += '+';
        s += std::to_string(exponent < 0 ? -exponent : exponent);
    }
    return s;
}

// A non-negative big integer in base 10, least significant digit first.
using big_decimal = std::vector<unsigned char>;

void multiply(big_decimal& n, std::uint64_t m)
{
    std::uint64_t carry = 0;
    for(unsigned char& digit : n)
    {
        std::uint64_t const x = digit * m + carry;
        digit = static_cast<unsigned char>(x % 10);
        carry = x / 10;
    }
    for(; carry > 0; carry /= 10)
        n.push_back(static_cast<unsigned char>(carry % 10));
}

// n * base^count, in steps of base^step (which fits 32 bits).
void multiply_by_power(big_decimal& n, std::uint64_t base, int count, int step)
{
    std::uint64_t chunk = 1;
    for(int i = 0; i < step; ++i)
        chunk *= base;
    for(; count >= step; count -= step)
        multiply(n, chunk);
    for(; count > 0; --count)
        multiply(n, base);
}

std::string text_of(big_decimal const& n)
{
    std::string s;
    for(std::size_t i = n.size(); i-- > 0;)
        s += static_cast<char>('0' + n[i]);
    return s;
}

// The exact decimal text of the midpoint between the positive finite double
// `d` and the next one up: (2m + 1) * 2^(e - 1) for d = m * 2^e, as
// "digits" (an integer) or "digitse-k" (digits ending in 5).
std::string midpoint_text(double d)
{
    int e = 0;
    double const fraction = std::frexp(d, &e);   // d = fraction * 2^e, fraction in [0.5, 1)
    // m * 2^(e - 53) with m a 53-bit integer (subnormals: the exponent is
    // fixed at -1074 and m smaller).
    int exponent = e - 53;
    std::uint64_t m = static_cast<std::uint64_t>(std::ldexp(fraction, 53));
    if(exponent < -1074)
    {
        m >>= (-1074 - exponent);
        exponent = -1074;
    }
    big_decimal n;
    for(std::uint64_t odd = 2 * m + 1; odd > 0; odd /= 10)   // midpoint = odd * 2^(exponent - 1)
        n.push_back(static_cast<unsigned char>(odd % 10));
    int const power = exponent - 1;
    if(power >= 0)
    {
        multiply_by_power(n, 2, power, 30);
        return text_of(n);
    }
    // odd * 2^-k = odd * 5^k * 10^-k
    multiply_by_power(n, 5, -power, 13);
    return text_of(n) + "e-" + std::to_string(-power);
}

// The decimal integer text `n` minus one (n > 0).
std::string minus_one(std::string n)
{
    std::size_t i = n.size();
    while(n[--i] == '0')
        n[i] = '9';
    --n[i];
    if(n.size() > 1 && n.front() == '0')
        n.erase(0, 1);
    return n;
}

// Both readers of this build (and the one read_decimal picks) against the
// reference; returns the number of texts checked.
struct comparison
{
    std::size_t texts = 0;
    std::size_t mismatches = 0;

    void check(std::string const& text)
    {
        ++texts;
        double reference = 0;
        bool const finite = read_with_strtod(text, reference);
        double picked = 0;
        bool const picked_ok = detail::read_decimal(text, picked);
        bool same = picked_ok == finite && (!finite || bits(picked) == bits(reference));
#if defined(USAGE_SESSION_DETAIL_HAS_FROM_CHARS_DOUBLE)
        double a = 0;
        bool const a_ok = detail::read_decimal_from_chars(text, a);
        same = same && a_ok == finite && (!finite || bits(a) == bits(reference));
#endif
#if defined(USAGE_SESSION_DETAIL_HAS_FAST_FLOAT)
        double b = 0;
        bool const b_ok = detail::read_decimal_fast_float(text, b);
        same = same && b_ok == finite && (!finite || bits(b) == bits(reference));
#endif
        if(!same && ++mismatches <= 10)
            BOOST_ERROR("readers disagree on " << text);
    }
};

}   // namespace

BOOST_AUTO_TEST_SUITE(number_reading)

BOOST_AUTO_TEST_CASE(this_build_has_a_reader)
{
    // The tests compare two readers where both exist; say which ran.
#if defined(USAGE_SESSION_DETAIL_HAS_FROM_CHARS_DOUBLE) && defined(USAGE_SESSION_DETAIL_HAS_FAST_FLOAT)
    BOOST_TEST_MESSAGE("number_reading: std::from_chars and fast_float, both compared");
#elif defined(USAGE_SESSION_DETAIL_HAS_FAST_FLOAT)
    BOOST_TEST_MESSAGE("number_reading: fast_float only (no std::from_chars for double)");
#else
    BOOST_TEST_MESSAGE("number_reading: std::from_chars only (no fast_float installed)");
#endif
#if !defined(USAGE_SESSION_DETAIL_HAS_FROM_CHARS_DOUBLE)
    BOOST_TEST(bool(USAGE_SESSION_DETAIL_READS_WITH_FAST_FLOAT));
#endif
    double d = 0;
    BOOST_TEST(detail::read_decimal("12.5", d));
    BOOST_TEST(d == 12.5);
}

BOOST_AUTO_TEST_CASE(edges)
{
    struct row
    {
        char const* text;
        bool finite;
        double value;
    };
    double const max = std::numeric_limits<double>::max();
    double const min_subnormal = std::numeric_limits<double>::denorm_min();
    row const rows[] = {
        {"1.7976931348623157e308", true, max},
        {"1.7976931348623158e308", true, max},   // below the midpoint to the next power
        {"1.7976931348623159e308", false, 0},    // rounds to infinity
        {"-1.7976931348623159e308", false, 0},
        {"1e400", false, 0},
        {"-1e400", false, 0},
        {"4.9406564584124654e-324", true, min_subnormal},
        {"2.4703282292062328e-324", true, min_subnormal},            // just above half of it
        {"2.4703282292062327e-324", true, 0.0},                      // just below: zero
        {"2.2250738585072011e-308", true, 2.225073858507201e-308},   // subnormal
        {"1e-400", true, 0.0},
        {"-1e-400", true, -0.0},
        {"0.0000000000000000000000000000000000000000001e-250", true, 1e-293},
        {"-0.0", true, -0.0},
        {"0e999", true, 0.0},
        {"-0.000e-999", true, -0.0},
        {"123456789012345678901234567890e-10", true, 12345678901234567890.1234567890},
    };
    for(row const& x : rows)
    {
        std::string const text = x.text;
        double d = 1;
        bool const ok = detail::read_decimal(text, d);
        BOOST_TEST(ok == x.finite, text);
        if(ok && x.finite)
            BOOST_TEST(bits(d) == bits(x.value), text << " read as " << d);
#if defined(USAGE_SESSION_DETAIL_HAS_FROM_CHARS_DOUBLE)
        double a = 1;
        BOOST_TEST(detail::read_decimal_from_chars(text, a) == x.finite, text);
        if(x.finite)
            BOOST_TEST(bits(a) == bits(x.value), text);
#endif
#if defined(USAGE_SESSION_DETAIL_HAS_FAST_FLOAT)
        double b = 1;
        BOOST_TEST(detail::read_decimal_fast_float(text, b) == x.finite, text);
        if(x.finite)
            BOOST_TEST(bits(b) == bits(x.value), text);
#endif
    }
}

BOOST_AUTO_TEST_CASE(below_one_decides_an_out_of_range_value)
{
    BOOST_TEST(detail::is_below_one("1e-400"));
    BOOST_TEST(detail::is_below_one("-0.0001e-330"));
    BOOST_TEST(detail::is_below_one("0.000"));
    BOOST_TEST(detail::is_below_one("123e-999999999999999999999999"));
    BOOST_TEST(detail::is_below_one("0.5"));
    BOOST_TEST(!detail::is_below_one("1e400"));
    BOOST_TEST(!detail::is_below_one("-1e400"));
    BOOST_TEST(!detail::is_below_one("0.001e401"));
    BOOST_TEST(!detail::is_below_one("1"));
    BOOST_TEST(!detail::is_below_one("99999999999999999999999e999999999999999999999"));
    // Thousands of zeros before the point still count.
    BOOST_TEST(!detail::is_below_one("1" + std::string(2000, '0') + "e-1000"));
    BOOST_TEST(detail::is_below_one("1" + std::string(999, '0') + "e-2000"));
}

BOOST_AUTO_TEST_CASE(a_million_numbers_read_the_same)
{
    random_source r(0x5EED2026);
    comparison c;
    constexpr int rounds = 100000;
    for(int i = 0; i < rounds; ++i)
    {
        // Random finite doubles, all exponents, subnormals included:
        // shortest and 17 digits.
        std::uint64_t b = r.next();
        if((b >> 52 & 0x7FF) == 0x7FF)
            b &= ~(std::uint64_t(1) << 62);   // not inf or NaN
        double const d = from_bits(b);
        c.check(shortest(d));
        c.check(printed("%.*g", 17, d));
        // Subnormals: exponent field zero.
        double const sub = from_bits(r.next() & 0x800FFFFFFFFFFFFFull);
        c.check(printed("%.*g", 17, sub));
        c.check(shortest(sub));
        // Decimals of 1 to 40 digits, plain and with exponents near the
        // ends of the range.
        int const digits = static_cast<int>(1 + r.below(40));
        c.check(random_decimal(r, digits, 0, false));
        c.check(random_decimal(r, digits, r.between(-30, 30), true));
        c.check(random_decimal(r, digits, r.between(-345, -280), true));
        c.check(random_decimal(r, digits, r.between(280, 320), true));
        // Huge and tiny exponents.
        c.check(random_decimal(r, digits, r.between(-99999, -400), true));
        c.check(random_decimal(r, digits, r.between(400, 99999), true));
    }
    BOOST_TEST(c.texts == 10u * rounds);
    BOOST_TEST(c.mismatches == 0u);
}

BOOST_AUTO_TEST_CASE(halfway_cases_round_to_even)
{
    random_source r(0x4A1F);
    comparison c;
    std::size_t checked = 0;
    auto const expect = [&](std::string const& text, double want) {
        double d = 0;
        BOOST_TEST(detail::read_decimal(text, d), text);
        BOOST_TEST(bits(d) == bits(want), text << " read as " << d);
        c.check(text);
        ++checked;
    };
    for(int i = 0; i < 3000; ++i)
    {
        // Doubles from the subnormals to 2^200: midpoints up to a few
        // hundred digits.
        double d = 0;
        switch(i % 3)
        {
        case 0:
            d = std::ldexp(1.0 + static_cast<double>(r.below(1ull << 52)) / 4503599627370496.0,
                           static_cast<int>(r.between(-60, 60)));
            break;
        case 1:
            d = std::ldexp(1.0 + static_cast<double>(r.below(1ull << 52)) / 4503599627370496.0,
                           static_cast<int>(r.between(-1022, 200)));
            break;
        default: d = from_bits(1 + r.below((std::uint64_t(1) << 52) - 1)); break;   // subnormal
        }
        double const up = std::nextafter(d, std::numeric_limits<double>::infinity());
        double const even = (bits(d) & 1) == 0 ? d : up;
        std::string const mid = midpoint_text(d);
        expect(mid, even);
        // Just above and just below the midpoint.
        std::size_t const e = mid.find('e');
        std::string const digits = mid.substr(0, e);
        std::string const exponent = e == std::string::npos ? std::string() : mid.substr(e);
        if(e == std::string::npos)
        {
            expect(mid + ".000000000000000000000000001", up);
            expect(minus_one(mid) + ".999999999999999999999999", d);
        }
        else
        {
            // digits * 10^-k, and digits end in 5.
            expect(digits + "000000000000000000001" + exponent.substr(0, 2) +
                       std::to_string(std::stoi(exponent.substr(2)) + 21),
                   up);
            expect(digits.substr(0, digits.size() - 1) + "4999999999999999999999" +
                       exponent.substr(0, 2) + std::to_string(std::stoi(exponent.substr(2)) + 21),
                   d);
        }
    }
    BOOST_TEST(checked == 9000u);
    BOOST_TEST(c.mismatches == 0u);
}

// Boost.JSON refuses an exponent beyond INT_MAX; tame_huge_exponents
// rewrites such exponents in place, byte for byte, outside strings only.
BOOST_AUTO_TEST_CASE(huge_exponents_are_rewritten_in_place)
{
    struct row
    {
        std::string in;
        std::string out;
    };
    row const rows[] = {
        {"0e999999999999999999999999", "0e000000000000000999999999"},
        {"[1E-1234567890, 2e+12345678901]", "[1E-0999999999, 2e+00999999999]"},
        {"1e999999999", "1e999999999"},                             // nine digits: Boost counts it
        {"1e0000000000000000000001", "1e0000000000000000000001"},   // leading zeros
        {R"({"1e99999999999": "2e99999999999"})", R"({"1e99999999999": "2e99999999999"})"},
        {R"({"a\"1e99999999999": 1.5e99999999999})", R"({"a\"1e99999999999": 1.5e00999999999})"},
        {R"(["\\", 3e-99999999999])", R"(["\\", 3e-00999999999])"},
    };
    for(row const& x : rows)
    {
        std::string text = x.in;
        bool const changed = detail::tame_huge_exponents(text);
        BOOST_TEST(text == x.out);
        BOOST_TEST(changed == (x.in != x.out), x.in);
    }
}

BOOST_AUTO_TEST_CASE(huge_exponents_read_as_their_double)
{
    struct row
    {
        char const* body;
        double value;
    };
    row const rows[] = {
        {"0e999999999999999999999999", 0.0},
        {"-0e999999999999999999999999", -0.0},
        {"123e-999999999999999999999999", 0.0},
        {"-123e-999999999999999999999999", -0.0},
        {"-0.0e-99999999999999999999", -0.0},
        {"0.0000e+99999999999999999999", 0.0},
        {"1E-2147483648", 0.0},   // INT_MIN: Boost.JSON's last refused one
        {"1e-2147483647", 0.0},   // Boost.JSON counts this one itself
    };
    for(row const& x : rows)
    {
        auto const v = usage_session::parse_patch(x.body);
        BOOST_TEST_REQUIRE(v.has_value(), x.body);
        BOOST_TEST(v->is_double(), x.body);
        BOOST_TEST(bits(v->as_double()) == bits(x.value), x.body);
    }
    // Beyond the largest double: refused as 1e400 is, at the same offset.
    for(char const* body : {"1e99999999999999999999", "-1.5E+2147483648", "[1e12345678901]"})
    {
        auto const v = usage_session::parse_patch(body);
        BOOST_TEST_REQUIRE(v.has_error(), body);
        BOOST_TEST(usage_session::code_name(v.error()[0].code) == "invalid_json");
        BOOST_TEST(v.error()[0].message.find("too large for a double") != std::string::npos,
                   v.error()[0].message);
    }
}

BOOST_AUTO_TEST_SUITE_END()
