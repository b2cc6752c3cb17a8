// Tests of usage_session/parse.hpp: parse_patch, the front door for raw
// request bytes (docs/contract.md §8). Table cases live in data/parse_cases.json; cases
// that need raw (non-UTF-8) bytes, big or generated bodies are written here.
#include <usage_session/parse.hpp>
#include <usage_session/detail/patch_parser.hpp>
#include <usage_session/update.hpp>
#include <usage_session/validate.hpp>
#include <usage_session/validate_bytes.hpp>

#include "test_data.hpp"

#include <boost/container/pmr/memory_resource.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/null_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <pthread.h>
#define USAGE_SESSION_TEST_HAS_PTHREAD 1
#endif

namespace {

using usage_session::code_name;
using usage_session::error;
using usage_session::parse_limits;
using usage_session::parse_patch;
using usage_session::violation;

// The N of "at byte offset N" in a message, or `no_offset` if it has none.
constexpr std::size_t no_offset = static_cast<std::size_t>(-1);

std::size_t reported_offset(std::string const& message)
{
    static constexpr std::string_view marker = "at byte offset ";
    std::size_t const at = message.rfind(marker);
    if(at == std::string::npos)
        return no_offset;
    std::size_t pos = at + marker.size();
    if(pos >= message.size() || message[pos] < '0' || message[pos] > '9')
        return no_offset;
    std::size_t n = 0;
    for(; pos < message.size() && message[pos] >= '0' && message[pos] <= '9'; ++pos)
        n = n * 10 + static_cast<std::size_t>(message[pos] - '0');
    return n;
}

// Parses `body`, requires that it fails with a one-violation report and
// returns that violation (a default one when the requirement fails).
violation expect_error(std::string_view body, error expected,
                       parse_limits const& limits = {})
{
    auto const r = parse_patch(body, limits);
    BOOST_TEST_REQUIRE(r.has_error(), "parse_patch accepted a body that should give "
                                          << code_name(expected));
    usage_session::report const rep = r.error();   // result::error() returns a copy
    BOOST_TEST_REQUIRE(rep.size() == 1u);
    BOOST_TEST(code_name(rep[0].code) == code_name(expected));
    BOOST_TEST(reported_offset(rep[0].message) != no_offset,
               "no byte offset in: " << rep[0].message);
    return rep[0];
}

void expect_ok(std::string_view body, parse_limits const& limits = {})
{
    auto const r = parse_patch(body, limits);
    BOOST_TEST(r.has_value(), "rejected: " << (r.has_error() && r.error().size() > 0
                                                   ? r.error()[0].message
                                                   : std::string()));
}

std::string nested_arrays(std::size_t depth)
{
    return std::string(depth, '[') + std::string(depth, ']');
}

// {"a":{"a":...{}...}}: `depth` objects, each level adds five bytes `{"a":`.
std::string nested_objects(std::size_t depth)
{
    std::string s;
    for(std::size_t i = 1; i < depth; ++i)
        s += "{\"a\":";
    s += "{}";
    s += std::string(depth - 1, '}');
    return s;
}

// "k0":0,"k1":0,... (n members, no braces), names starting at `first`.
std::string members(std::size_t n, std::string const& prefix = "k", std::size_t first = 0)
{
    std::string s;
    for(std::size_t i = first; i < first + n; ++i)
    {
        if(i != first)
            s += ',';
        s += '"' + prefix + std::to_string(i) + "\":" + std::to_string(i);
    }
    return s;
}

// {"o":{"o":...{<inner>}...}}: `levels` objects around `inner`.
std::string wrapped(std::size_t levels, std::string const& inner)
{
    std::string s;
    for(std::size_t i = 0; i < levels; ++i)
        s += "{\"o\":";
    s += "{" + inner + "}";
    s += std::string(levels, '}');
    return s;
}

// "/o/o/...": the pointer of the innermost object of wrapped(levels, ...).
std::string wrapped_pointer(std::size_t levels)
{
    std::string s;
    for(std::size_t i = 0; i < levels; ++i)
        s += "/o";
    return s;
}

// The bits of a double, to compare exactly (also -0.0 with 0.0).
std::uint64_t bits(double d)
{
    std::uint64_t b = 0;
    std::memcpy(&b, &d, sizeof b);
    return b;
}

// A memory resource that counts its allocations, served by the default one.
class counting_resource final : public boost::container::pmr::memory_resource
{
public:
    std::size_t allocations = 0;

private:
    void* do_allocate(std::size_t n, std::size_t align) override
    {
        ++allocations;
        return boost::json::storage_ptr()->allocate(n, align);
    }
    void do_deallocate(void* p, std::size_t n, std::size_t align) override
    {
        boost::json::storage_ptr()->deallocate(p, n, align);
    }
    bool do_is_equal(memory_resource const& other) const noexcept override
    {
        return this == &other;
    }
};

// One entry of data/parse_cases.json: {name, body, expect, pointer?, offset?}.
void check_table_case(boost::json::object const& c)
{
    boost::json::string const& body_text = c.at("body").as_string();
    std::string_view const body(body_text.data(), body_text.size());
    std::string const expect(c.at("expect").as_string());

    auto const r = parse_patch(body);
    if(expect == "ok")
    {
        BOOST_TEST(r.has_value(), "rejected: " << (r.has_error() && r.error().size() > 0
                                                       ? r.error()[0].message
                                                       : std::string()));
        return;
    }
    BOOST_TEST(r.has_error(), "accepted, expected " << expect);
    if(!r.has_error())
        return;
    BOOST_TEST(r.error().size() == 1u);
    if(r.error().size() != 1u)
        return;
    violation const v = r.error()[0];   // result::error() returns a copy
    BOOST_TEST(code_name(v.code) == expect);
    if(auto const* pointer = c.if_contains("pointer"))
        BOOST_TEST(v.pointer == std::string(pointer->as_string()));
    else
        BOOST_TEST(v.pointer == "");
    std::size_t const offset = reported_offset(v.message);
    BOOST_TEST(offset != no_offset, "no byte offset in: " << v.message);
    // Never past the end of the body (an empty body reports 0).
    BOOST_TEST((offset == no_offset || offset <= body.size()));
    if(auto const* expected = c.if_contains("offset"))
        BOOST_TEST(offset == static_cast<std::size_t>(expected->to_number<std::int64_t>()),
                   v.message);
}

}   // namespace

BOOST_AUTO_TEST_SUITE(parse)

// --- data-driven cases -------------------------------------------------------

BOOST_AUTO_TEST_CASE(table_cases)
{
    boost::json::value const data = test_data::load_json("parse_cases.json");
    boost::json::array const& cases = data.at("cases").as_array();
    BOOST_TEST_REQUIRE(cases.size() >= 60u);
    for(boost::json::value const& c : cases)
        BOOST_TEST_CONTEXT("case " << c.at("name").as_string())
        {
            check_table_case(c.as_object());
        }
}

// --- values that parse -------------------------------------------------------

BOOST_AUTO_TEST_CASE(parsed_value_matches_body)
{
    auto const r = parse_patch(R"({"_state":"ACTIVE","n":[1,-2,2.5,null,true],"o":{"k":"v"}})");
    BOOST_TEST_REQUIRE(r.has_value());
    boost::json::object const& o = r->as_object();
    BOOST_TEST(o.size() == 3u);
    BOOST_TEST(o.at("_state").as_string() == "ACTIVE");
    BOOST_TEST(o.at("n").as_array().size() == 5u);
    BOOST_TEST(o.at("n").as_array()[1].as_int64() == -2);
    BOOST_TEST(o.at("o").at("k").as_string() == "v");
}

BOOST_AUTO_TEST_CASE(top_level_non_object_is_not_checked)
{
    // parse_patch never checks the schema (docs/contract.md §8): a bare array is a value.
    auto const r = parse_patch("[1,2]");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->is_array());
}

BOOST_AUTO_TEST_CASE(nul_bytes_are_kept_in_keys_and_values)
{
    auto const r = parse_patch(R"({"a\u0000b":"x\u0000y","a\u0000c":1})");
    BOOST_TEST_REQUIRE(r.has_value());
    boost::json::object const& o = r->as_object();
    BOOST_TEST(o.size() == 2u);
    BOOST_TEST_REQUIRE(o.contains(std::string_view("a\0b", 3)));
    BOOST_TEST(o.contains(std::string_view("a\0c", 3)));
    BOOST_TEST(o.at(std::string_view("a\0b", 3)).as_string() == std::string_view("x\0y", 3));
}

BOOST_AUTO_TEST_CASE(large_numbers_become_finite_doubles)
{
    auto const big = parse_patch("18446744073709551616");
    BOOST_TEST_REQUIRE(big.has_value());
    BOOST_TEST(big->is_double());
    BOOST_TEST(big->as_double() == 18446744073709551616.0);

    auto const small = parse_patch("-9223372036854775809");
    BOOST_TEST_REQUIRE(small.has_value());
    BOOST_TEST(small->is_double());

    auto const max64 = parse_patch("18446744073709551615");
    BOOST_TEST_REQUIRE(max64.has_value());
    BOOST_TEST(max64->is_uint64());

    auto const negative_zero = parse_patch("-0");
    BOOST_TEST_REQUIRE(negative_zero.has_value());
    BOOST_TEST(negative_zero->to_number<double>() == 0.0);
}

// Regression: 1.7976931348623158e308 is a valid JSON number that rounds to
// DBL_MAX, so it does not overflow a double. Boost.JSON 1.81's imprecise
// number parser turns it into infinity; parse_patch re-checks such numbers
// with std::from_chars before rejecting them.
BOOST_AUTO_TEST_CASE(number_rounding_to_dbl_max_is_finite)
{
    expect_ok("1.7976931348623158e308");
}

// Regression (found by the Ajv cross-check): Boost.JSON 1.81 misrounds some
// decimals by one unit in the last place, so 9.999000000000001E2 (the double
// after 999.9) read as 999.9 and slipped under a maximum of 999.9. Every
// number with a fraction or exponent is now read exactly; a number split
// across input pieces takes the same path. Values below the smallest double
// round to (signed) zero, as in JavaScript.
BOOST_AUTO_TEST_CASE(numbers_are_correctly_rounded)
{
    struct case_t
    {
        char const* text;
        double expected;
    };
    case_t const cases[] = {
        {"9.999000000000001E2", 999.9000000000001},
        // Without an exponent, 17 and 18 characters: just past what
        // detail::boost_reads_exactly leaves to Boost.JSON, which misreads
        // these (as 999.9 and 99.99).
        {"999.9000000000001", 999.9000000000001},
        {"99.99000000000001", 99.99000000000001},
        {"-999.9000000000001", -999.9000000000001},
        {"0.09999999999999999", 0.09999999999999999},
        {"4503599627370495.5", 4503599627370495.5},
        {"1e-400", 0.0},
    };
    for(case_t const& c : cases)
    {
        auto const v = parse_patch(c.text);
        BOOST_TEST_REQUIRE(v.has_value(), c.text);
        BOOST_TEST(v->is_double(), c.text);
        BOOST_TEST(v->as_double() == c.expected, c.text);
    }
    BOOST_TEST(999.9000000000001 != 999.9);   // the cases above can fail
    BOOST_TEST(99.99000000000001 != 99.99);
    auto const negative_tiny = parse_patch("-1e-400");
    BOOST_TEST_REQUIRE(negative_tiny.has_value());
    BOOST_TEST(std::signbit(negative_tiny->as_double()));
}

// Short decimals (a mantissa of at most 2^53 in at most 19 digits, an
// exponent within 22) are read by a fast path (detail::read_short_decimal),
// everything else by read_decimal (std::from_chars or fast_float). Both
// must agree with it to the bit: boundary cases of the fast path first,
// then random decimals on both sides of it.
BOOST_AUTO_TEST_CASE(fast_number_path_matches_from_chars)
{
    std::vector<std::string> texts = {
        "0.1", "0.2", "0.3", "4.35", "12.5", "1125.5", "-0.0", "0.0", "-0e5", "0e999",
        "0.000e-999", "1e22", "1e23", "-1e-22", "1e-23", "123456789012345e-22",
        "1234567890123456e-22", "999999999999999e22", "9.99999999999999e22",
        "100000000000000000000000.0", "0.000000000000000000000123", "1.5E+3", "1.5e-0",
        "9007199254740993.0", "9.007199254740993e15", "2.2250738585072014e-308",
        "1.7976931348623157e308", "5e-324", "8.98846567431158e307",
        "0.30000000000000004", "123456789012345.6", "12345678901234.5",
        // The mantissa limit 2^53 = 9007199254740992, and the 19-digit limit.
        "9007199254740992e0", "9007199254740993e0", "-9007199254740992e-22",
        "900719925474099.2", "900719925474099.3", "9.007199254740991e22",
        "1234567890123456789e-5", "0.000000000000000001", "0.0000000000000000001",
        "0.00000000000000000012", "1000000000000000000e-22"};

    // Random mantissas of 1 to 17 digits, a decimal point anywhere, an
    // exponent from -30 to 30 (or none): about half take the fast path.
    std::mt19937_64 random(20261129);
    for(int i = 0; i < 20000; ++i)
    {
        std::string digits = std::to_string(random() % 9 + 1);
        std::size_t const length = 1 + random() % 17;
        while(digits.size() < length)
            digits += static_cast<char>('0' + random() % 10);
        std::size_t const point = 1 + random() % digits.size();
        std::string text = (random() % 2 ? "-" : "") + digits.substr(0, point);
        if(point < digits.size())
            text += "." + digits.substr(point);
        if(random() % 3 != 0 || point == digits.size())
            text += "e" + std::to_string(static_cast<int>(random() % 61) - 30);
        texts.push_back(text);
    }

    std::size_t fast = 0;
    for(std::string const& text : texts)
    {
        double expected = 0;
        // The exact reader of this build: std::from_chars, or fast_float
        // where from_chars has no double (tests/number_reading.cpp).
        BOOST_TEST_REQUIRE(usage_session::detail::read_decimal(text, expected), text);

        double short_read = 0;
        if(usage_session::detail::read_short_decimal(text, short_read))
        {
            ++fast;
            BOOST_TEST(bits(short_read) == bits(expected), text);
        }
        auto const parsed = parse_patch("[" + text + "]");
        BOOST_TEST_REQUIRE(parsed.has_value(), text);
        BOOST_TEST(bits(parsed->as_array()[0].as_double()) == bits(expected), text);
    }
    BOOST_TEST_MESSAGE(fast << " of " << texts.size() << " numbers took the fast path");
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    BOOST_TEST(fast > texts.size() / 4);
#endif
}

// The fast path only accepts what it reads whole and exactly; the rest goes
// to from_chars: a mantissa above 2^53, more than 19 digits (even with
// leading zeros), an exponent beyond 22, text that is not a number.
BOOST_AUTO_TEST_CASE(fast_number_path_declines_what_it_cannot_read)
{
    double out = 0;
    for(std::string_view text : {"9007199254740993", "9.007199254740993", "90071992547409930e-1",
                                 "12345678901234567890", "0.0000000000000000001",
                                 "1e23", "1e-23", "1.0000000000000000", "", "-", "1e", "1e+",
                                 ".5", "1x", "1.5x", "--1"})
        BOOST_TEST(!usage_session::detail::read_short_decimal(text, out), text);
}

// ...and accepts everything up to those limits.
BOOST_AUTO_TEST_CASE(fast_number_path_reads_up_to_its_limits)
{
    struct case_t
    {
        char const* text;
        double expected;
    };
    case_t const cases[] = {
        {"9007199254740992", 9007199254740992.0},
        {"-9.007199254740992", -9.007199254740992},
        {"1234567890123456e-22", 1234567890123456e-22},
        {"0.000000000000000001", 1e-18},   // 19 digits
        {"1e22", 1e22},
        {"-0e999", -0.0},
        {"12.5", 12.5},
    };
    for(case_t const& c : cases)
    {
        double out = 0;
        BOOST_TEST_REQUIRE(usage_session::detail::read_short_decimal(c.text, out), c.text);
        BOOST_TEST(bits(out) == bits(c.expected), c.text);
    }
}

// Plain decimals of at most 16 characters without an exponent ("12.5") keep
// Boost.JSON's own reading (detail::boost_reads_exactly): it must be exact.
// Random decimals of 1 to 15 digits, a point anywhere, either sign, against
// from_chars to the bit; the longer ones are read again (see
// numbers_are_correctly_rounded for ones Boost.JSON misreads).
BOOST_AUTO_TEST_CASE(short_plain_decimals_keep_boost_json_reading)
{
    using usage_session::detail::boost_reads_exactly;
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    BOOST_TEST(boost_reads_exactly("12.5"));
    BOOST_TEST(boost_reads_exactly("-0.0000000000001"));   // 16 characters
    BOOST_TEST(boost_reads_exactly("99999999999999.9"));
#endif
    BOOST_TEST(!boost_reads_exactly("-0.00000000000001"));   // 17 characters
    BOOST_TEST(!boost_reads_exactly("99.99000000000001"));
    BOOST_TEST(!boost_reads_exactly("1.5e3"));
    BOOST_TEST(!boost_reads_exactly("1.5E3"));
    BOOST_TEST(!boost_reads_exactly("1e400"));

    std::mt19937_64 random(20261130);
    std::size_t kept = 0;
    for(int i = 0; i < 20000; ++i)
    {
        std::size_t const length = 2 + random() % 14;            // digits
        std::size_t const point = 1 + random() % (length - 1);   // digits before it
        // JSON has no leading zeros ("07.5"): a longer integer part starts
        // with 1 to 9.
        std::string digits(1, static_cast<char>(point > 1 ? '1' + random() % 9
                                                          : '0' + random() % 10));
        while(digits.size() < length)
            digits += static_cast<char>('0' + random() % 10);
        std::string const text = (random() % 2 ? "-" : "") + digits.substr(0, point) + "." +
                                 digits.substr(point);
        double expected = 0;
        // The exact reader of this build: std::from_chars, or fast_float
        // where from_chars has no double (tests/number_reading.cpp).
        BOOST_TEST_REQUIRE(usage_session::detail::read_decimal(text, expected), text);
        kept += boost_reads_exactly(text) ? 1 : 0;
        auto const parsed = parse_patch("[" + text + "]");
        BOOST_TEST_REQUIRE(parsed.has_value(), text);
        BOOST_TEST(bits(parsed->as_array()[0].as_double()) == bits(expected), text);
    }
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    BOOST_TEST(kept > 10000u);
#endif
}

// --- invalid UTF-8 as raw bytes ---------------------------------------------

BOOST_AUTO_TEST_CASE(raw_invalid_utf8_in_values)
{
    // Every value starts at byte 6, after {"a":" . The offset must point into
    // the bad sequence [first, last] or at the byte right after it (where a
    // truncated sequence is noticed).
    struct row
    {
        char const* name;
        std::string body;
        std::size_t first;
        std::size_t last;
    };
    row const rows[] = {
        {"stray 0xff", "{\"a\":\"\xff\"}", 6, 6},
        {"overlong slash", "{\"a\":\"\xc0\xaf\"}", 6, 7},
        {"truncated euro sign", "{\"a\":\"\xe2\x82\"}", 6, 7},
        {"CESU-8 surrogate", "{\"a\":\"\xed\xa0\x80\"}", 6, 8},
        {"above U+10FFFF", "{\"a\":\"\xf4\x90\x80\x80\"}", 6, 9},
        {"lone continuation byte", "{\"a\":\"x\x80y\"}", 7, 7},
    };
    for(row const& r : rows)
        BOOST_TEST_CONTEXT(r.name)
        {
            violation const v = expect_error(r.body, error::invalid_json);
            BOOST_TEST(v.pointer == "");
            std::size_t const offset = reported_offset(v.message);
            BOOST_TEST(offset >= r.first, v.message);
            BOOST_TEST(offset <= r.last + 1, v.message);
        }
    // The two simplest cases exactly: 0xff and the overlong lead byte 0xc0
    // are invalid on their own, at byte 6.
    BOOST_TEST(reported_offset(expect_error(rows[0].body, error::invalid_json).message) == 6u);
    BOOST_TEST(reported_offset(expect_error(rows[1].body, error::invalid_json).message) == 6u);
}

BOOST_AUTO_TEST_CASE(raw_invalid_utf8_in_keys)
{
    std::string const bodies[] = {
        "{\"\xff\":1}",
        "{\"\xc0\xaf\":1}",
        "{\"\xe2\x82\":1}",
        "{\"\xed\xa0\x80\":1}",
        "{\"_state\xff\":\"ACTIVE\"}",
    };
    for(std::size_t i = 0; i < std::size(bodies); ++i)
        BOOST_TEST_CONTEXT("body #" << i)
        {
            violation const v = expect_error(bodies[i], error::invalid_json);
            BOOST_TEST(v.pointer == "");
        }
}

BOOST_AUTO_TEST_CASE(raw_valid_utf8_is_accepted)
{
    // The same places hold valid multi-byte UTF-8 fine: the rejections above
    // are about the bytes, not about non-ASCII.
    auto const r = parse_patch("{\"\xc3\xa9t\xc3\xa9\":\"\xe2\x82\xac \xf0\x9f\x98\x80\"}");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->as_object().at("\xc3\xa9t\xc3\xa9").as_string() == "\xe2\x82\xac \xf0\x9f\x98\x80");
}

BOOST_AUTO_TEST_CASE(nul_byte_after_document_is_trailing_garbage)
{
    std::string const body("{\"a\":1}\0", 8);
    violation const v = expect_error(body, error::invalid_json);
    BOOST_TEST(reported_offset(v.message) == 7u, v.message);
}

// --- too_large ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(body_of_exactly_max_bytes_is_accepted)
{
    parse_limits const limits{100, 32};
    std::string const head = "{\"a\":\"";
    std::string const body = head + std::string(100 - head.size() - 2, 'x') + "\"}";
    BOOST_TEST_REQUIRE(body.size() == 100u);
    expect_ok(body, limits);
}

BOOST_AUTO_TEST_CASE(body_of_max_bytes_plus_one_is_too_large)
{
    parse_limits const limits{100, 32};
    std::string const head = "{\"a\":\"";
    std::string const body = head + std::string(101 - head.size() - 2, 'x') + "\"}";
    BOOST_TEST_REQUIRE(body.size() == 101u);
    violation const v = expect_error(body, error::too_large, limits);
    BOOST_TEST(v.pointer == "");
    // The first byte over the limit is byte 100 (0-based).
    BOOST_TEST(reported_offset(v.message) == 100u, v.message);
}

BOOST_AUTO_TEST_CASE(size_is_checked_before_syntax)
{
    // Invalid JSON over the limit is too_large, not invalid_json: the size
    // check comes first.
    expect_error(std::string(101, '}'), error::too_large, parse_limits{100, 32});
    expect_error(std::string(101, '['), error::too_large, parse_limits{100, 32});
}

BOOST_AUTO_TEST_CASE(default_limit_is_one_mebibyte)
{
    std::string const head = "{\"a\":\"";
    std::string body = head + std::string(1024 * 1024 - head.size() - 2, 'x') + "\"}";
    BOOST_TEST_REQUIRE(body.size() == 1024u * 1024u);
    expect_ok(body);
    body.insert(head.size(), "x");
    expect_error(body, error::too_large);
}

BOOST_AUTO_TEST_CASE(fifty_megabytes_of_garbage_is_too_large)
{
    // Garbage that would be invalid_json at byte 0 if it were read at all:
    // too_large proves the body is rejected before any parsing.
    std::string const body(50'000'000, '\xff');
    violation const v = expect_error(body, error::too_large);
    BOOST_TEST(v.message.find("50000000") != std::string::npos, v.message);
}

// --- too_deep ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(default_depth_arrays)
{
    expect_ok(nested_arrays(32));
    violation const v = expect_error(nested_arrays(33), error::too_deep);
    BOOST_TEST(v.pointer == "");
    // The 33rd '[' is at offset 32: the first byte that opens level 33.
    BOOST_TEST(reported_offset(v.message) == 32u, v.message);
}

BOOST_AUTO_TEST_CASE(default_depth_objects)
{
    expect_ok(nested_objects(32));
    violation const v = expect_error(nested_objects(33), error::too_deep);
    // Each level before the 33rd is the 5 bytes {"a": so its '{' is at 32 * 5.
    BOOST_TEST(reported_offset(v.message) == 160u, v.message);
}

BOOST_AUTO_TEST_CASE(scalars_do_not_add_depth)
{
    expect_ok("[[[[[1]]]]]", parse_limits{100, 5});
    expect_ok(R"({"a":{"b":{"c":{"d":{"e":"x"}}}}})", parse_limits{100, 5});
}

BOOST_AUTO_TEST_CASE(custom_depth)
{
    parse_limits const limits{1024, 5};
    expect_ok(nested_arrays(5), limits);
    expect_ok(nested_objects(5), limits);
    expect_ok(R"({"a":[{"b":[{}]}]})", limits);
    expect_error(nested_arrays(6), error::too_deep, limits);
    expect_error(nested_objects(6), error::too_deep, limits);
    violation const v = expect_error(R"({"a":[{"b":[{"c":[]}]}]})", error::too_deep, limits);
    // {"a":[{"b":[{"c":[  -> the sixth opener '[' is at offset 17.
    BOOST_TEST(reported_offset(v.message) == 17u, v.message);
    // The limit is a parameter, not a constant: 6 levels pass with depth 6.
    expect_ok(nested_arrays(6), parse_limits{1024, 6});
}

BOOST_AUTO_TEST_CASE(very_deep_nesting_is_rejected_without_crash)
{
    std::string const body(200'000, '[');
    violation const v = expect_error(body, error::too_deep);
    BOOST_TEST(reported_offset(v.message) == 32u, v.message);
}

// --- the depth ceiling ------------------------------------------------------

// A patch nested `depth` levels deep (the patch itself is level 1): a
// custom attribute whose value alternates arrays and objects.
std::string deep_patch(std::size_t depth)
{
    std::string body = R"({"_startTime":"2026-11-20T08:00:00Z","_state":"ACTIVE","x":)";
    std::string close;
    for(std::size_t level = 2; level <= depth; ++level)
    {
        if(level % 2 == 0)
        {
            body += "[1,";
            close.insert(0, "]");
        }
        else
        {
            body += R"({"k":1.5,"a":)";
            close.insert(0, "}");
        }
    }
    return body + "0" + close + "}";
}

BOOST_AUTO_TEST_CASE(depth_limits_are_clamped_to_the_ceiling)
{
    BOOST_TEST(usage_session::max_depth_ceiling == 256u);
    parse_limits const huge{1024 * 1024, 1'000'000};
    expect_ok(deep_patch(256), huge);
    violation const v = expect_error(deep_patch(257), error::too_deep, huge);
    BOOST_TEST(v.message.find("deeper than 256 levels") != std::string::npos, v.message);
    // Exactly the ceiling is no clamp; below it the limit is the caller's.
    expect_error(deep_patch(257), error::too_deep, parse_limits{1024 * 1024, 256});
    expect_error(deep_patch(101), error::too_deep, parse_limits{1024 * 1024, 100});
    // The schema's limit too.
    usage_session::schema const s = usage_session::schema_builder().max_depth(1'000'000).build().value();
    BOOST_TEST(s.max_depth() == 256u);
    BOOST_TEST(usage_session::schema_builder().max_depth(256).build().value().max_depth() == 256u);
    BOOST_TEST(usage_session::schema_builder().max_depth(255).build().value().max_depth() == 255u);
}

// Everything that recurses once per level, at the ceiling, with every
// limit asked far above it: parsing, both validations, the merge (which
// copies the value into the session) and destroying the values.
void everything_at_the_ceiling(bool& passed)
{
    namespace us = usage_session;
    parse_limits const huge{1024 * 1024, 1'000'000};
    us::schema const s = us::schema_builder().max_depth(1'000'000).build().value();
    std::string const body = deep_patch(us::max_depth_ceiling);
    auto patch = parse_patch(body, huge);
    bool ok = patch.has_value();
    ok = ok && us::validate_patch(*patch, s).ok();
    ok = ok && us::validate_patch_bytes(body, s, {}, huge).ok();
    auto session = parse_patch(R"({"_startTime":"2026-11-20T08:00:00Z","_state":"ACTIVE","x":{}})");
    ok = ok && session.has_value() && us::apply_update_in_place(session->as_object(), *patch, s).ok();
    // One level more: refused cleanly by each.
    std::string const deeper = deep_patch(us::max_depth_ceiling + 1);
    ok = ok && parse_patch(deeper, huge).has_error();
    us::report const r = us::validate_patch_bytes(deeper, s, {}, huge);
    ok = ok && r.size() == 1 && r[0].code == error::too_deep;
    passed = ok;
}   // the values are destroyed here, recursively

#if defined(__SANITIZE_ADDRESS__)
constexpr bool under_asan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool under_asan = true;
#else
constexpr bool under_asan = false;
#endif
#else
constexpr bool under_asan = false;
#endif

BOOST_AUTO_TEST_CASE(the_ceiling_fits_a_modest_stack)
{
    bool passed = false;
#if defined(USAGE_SESSION_TEST_HAS_PTHREAD)
    // 256 KiB (a thread of musl's default is 128 KiB, of macOS 512 KiB),
    // 1 MiB under AddressSanitizer, whose frames are several times larger
    // (docs/decisions.md, "Depth ceiling").
    std::size_t const stack = (under_asan ? 1024 : 256) * std::size_t(1024);
    pthread_attr_t attributes;
    BOOST_TEST_REQUIRE(pthread_attr_init(&attributes) == 0);
    BOOST_TEST_REQUIRE(pthread_attr_setstacksize(&attributes, stack) == 0);
    pthread_t thread;
    auto const run = [](void* p) -> void* {
        everything_at_the_ceiling(*static_cast<bool*>(p));
        return nullptr;
    };
    BOOST_TEST_REQUIRE(pthread_create(&thread, &attributes, run, &passed) == 0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attributes);
#else
    everything_at_the_ceiling(passed);
#endif
    BOOST_TEST(passed);
}

// --- numbers with exponents Boost.JSON cannot count ---------------------------

BOOST_AUTO_TEST_CASE(huge_exponents_keep_every_offset)
{
    // Faults after such a number are reported where they are.
    violation v = expect_error(R"({"a":[0e99999999999999999999,]})", error::invalid_json);
    BOOST_TEST(reported_offset(v.message) == 29u, v.message);
    v = expect_error(R"({"a":1e-99999999999999999999,"a":2})", error::duplicate_key);
    BOOST_TEST(v.pointer == "/a");
    BOOST_TEST(reported_offset(v.message) == 31u, v.message);
    // A number beyond the largest double, at the end of its text.
    v = expect_error(R"({"a":[1,2e99999999999999999999]})", error::invalid_json);
    BOOST_TEST(reported_offset(v.message) == 30u, v.message);
    v = expect_error(R"({"a":1e400})", error::invalid_json);
    BOOST_TEST(reported_offset(v.message) == 10u, v.message);
    // An exponent Boost.JSON refuses in a string is no number.
    expect_ok(R"({"a":"1e99999999999999999999"})");
    // Invalid JSON stays invalid.
    expect_error("[1e99999999999999999999.5]", error::invalid_json);
    expect_error("[01e99999999999999999999]", error::invalid_json);
    expect_error("[1e99999999999999999999", error::invalid_json);
}

// --- byte offsets -----------------------------------------------------------

// How the expected offsets are derived (0-based byte positions):
//  * {"a":1,}  -> the '}' at 7 is the first byte that cannot follow ','.
//  * {"a":1,"a":2} -> the second key is `"a"` at 7..9; the name is complete,
//    and known to be a duplicate, at its closing quote 9.
//  * a body over 1 KiB is searched in pieces; the offset must still be exact.
BOOST_AUTO_TEST_CASE(offset_of_trailing_comma)
{
    violation const v = expect_error(R"({"a":1,})", error::invalid_json);
    BOOST_TEST(reported_offset(v.message) == 7u, v.message);
}

BOOST_AUTO_TEST_CASE(offset_of_duplicate_key)
{
    violation const v = expect_error(R"({"a":1,"a":2})", error::duplicate_key);
    BOOST_TEST(v.pointer == "/a");
    BOOST_TEST(reported_offset(v.message) == 9u, v.message);
}

BOOST_AUTO_TEST_CASE(offsets_beyond_the_first_kilobyte)
{
    std::string const pad(5000, ' ');

    // '{' + 5000 spaces puts the first "a" at 5001; `"a":1,` ends at 5006,
    // 5000 more spaces put the second "a" at 10007..10009.
    violation const dup = expect_error("{" + pad + "\"a\":1," + pad + "\"a\":2}",
                                       error::duplicate_key);
    BOOST_TEST(reported_offset(dup.message) == 10009u, dup.message);

    // {"a":1, then 5000 spaces: the '}' is at 7 + 5000.
    violation const comma = expect_error("{\"a\":1," + pad + "}", error::invalid_json);
    BOOST_TEST(reported_offset(comma.message) == 5007u, comma.message);

    // 5000 spaces, {"a":1} (7 bytes), 5000 spaces, then the stray 'x'.
    violation const extra = expect_error(pad + "{\"a\":1}" + pad + "x", error::invalid_json);
    BOOST_TEST(reported_offset(extra.message) == 10007u, extra.message);

    // A number overflowing at the end of a long body: the ']' right after it.
    std::string const array = "[" + pad + "1e400]";
    violation const number = expect_error(array, error::invalid_json);
    BOOST_TEST(reported_offset(number.message) == array.size() - 1, number.message);
}

BOOST_AUTO_TEST_CASE(offset_of_duplicate_key_straddling_a_kilobyte)
{
    // The duplicate name spans bytes 1020..1031, across the 1024 boundary.
    std::string const first = R"({"straddling":0,)";
    std::string const body = first + std::string(1020 - first.size(), ' ') +
                             R"("straddling":1})";
    violation const v = expect_error(body, error::duplicate_key);
    BOOST_TEST(v.pointer == "/straddling");
    BOOST_TEST(reported_offset(v.message) == 1031u, v.message);
}

BOOST_AUTO_TEST_CASE(offset_of_incomplete_body_is_at_its_end)
{
    // Nothing is wrong until the body ends: the offset is the last byte or
    // the end of the body.
    for(std::string_view body : {std::string_view(R"({"a":1)"), std::string_view("[1,2"),
                                 std::string_view(R"({"a")"), std::string_view(" \n")})
        BOOST_TEST_CONTEXT(body)
        {
            violation const v = expect_error(body, error::invalid_json);
            std::size_t const offset = reported_offset(v.message);
            BOOST_TEST(offset + 1 >= body.size(), v.message);
            BOOST_TEST(offset <= body.size(), v.message);
        }
}

// --- duplicate keys ----------------------------------------------------------

BOOST_AUTO_TEST_CASE(duplicate_message_names_the_member_safely)
{
    violation const v = expect_error(R"({"a\u0000b":1,"a\u0000b":2})", error::duplicate_key);
    BOOST_TEST(v.pointer == std::string("/a\0b", 4));
    // The NUL is escaped in the message, which has no control characters.
    BOOST_TEST(v.message.find("a\\u0000b") != std::string::npos, v.message);
    for(char ch : v.message)
        BOOST_TEST(static_cast<unsigned char>(ch) >= 0x20u);
}

BOOST_AUTO_TEST_CASE(duplicate_long_escaped_key)
{
    // A 10 000-byte name with an escape reaches the handler in parts.
    std::string const name(10'000, 'x');
    std::string const key = "\"" + name + "\\u0041\"";
    violation const v = expect_error("{" + key + ":1," + key + ":2}", error::duplicate_key);
    BOOST_TEST(v.pointer == "/" + name + "A");
    // The echoed name is cut, so the message stays short.
    BOOST_TEST(v.message.size() < 300u);
}

BOOST_AUTO_TEST_CASE(many_members_without_duplicates)
{
    // Past the size where the library switches to hashing, still no false hit.
    expect_ok("{" + members(100) + "}");
    expect_ok("{\"o\":{" + members(100) + "},\"p\":{" + members(100) + "}}");
    expect_ok("[{" + members(40) + "},{" + members(40) + "}]");
}

BOOST_AUTO_TEST_CASE(duplicate_in_large_object)
{
    violation const v = expect_error("{" + members(100) + ",\"k50\":0}", error::duplicate_key);
    BOOST_TEST(v.pointer == "/k50");
    violation const nested = expect_error("{\"o\":{" + members(100) + ",\"k7\":0}}",
                                          error::duplicate_key);
    BOOST_TEST(nested.pointer == "/o/k7");
}

// Regression: duplicate_key_tracker once kept one hash index for every open
// object that has 16 or more members, comparing names only. A child object
// with 16+ members that shares a name with its 16+-member parent is reported
// as a duplicate although each object is fine. Input below: parent k0..k15 and
// "c" with k0..k15. Expected: ok (was: duplicate_key at /c/k15).
BOOST_AUTO_TEST_CASE(large_child_reusing_parent_names_is_not_a_duplicate)
{
    expect_ok("{" + members(16) + ",\"c\":{" + members(16) + "}}");
}

// Regression, same cause: a false hit on a name the child holds only once.
// Input: parent k0..k15, child c = q0..q14 then "k3". Expected: ok (was:
// duplicate_key at /c/k3). Realistic form: 16+ custom attributes at the top
// level and a 16+-member _configuration reusing one of their names.
BOOST_AUTO_TEST_CASE(large_child_with_one_parent_name_is_not_a_duplicate)
{
    expect_ok("{" + members(16) + ",\"c\":{" + members(15, "q") + ",\"k3\":0}}");
    expect_ok("{" + members(16) + ",\"c\":[{" + members(16) + "}]}");
}

// Regression, same cause: a missed duplicate. When the 16+-member child
// closes it erases its names from the shared index by text, which also
// erases the parent's equal names; a later repeat in the parent then passes.
// Input: parent k0..k15, child c = k0..k14 plus "z", then "k0":"forged".
// Expected: duplicate_key at /k0 (was: ok, with "k0":"forged", the last one
// winning: the forged-field case docs/contract.md §8 is about).
BOOST_AUTO_TEST_CASE(duplicate_after_large_child_is_found)
{
    std::string const body = "{" + members(16) + ",\"c\":{" + members(15) + ",\"z\":0}," +
                             "\"k0\":\"forged\"}";
    auto const r = parse_patch(body);
    BOOST_TEST_REQUIRE(r.has_error(), "accepted; k0 = " << boost::json::serialize(
                                          r.has_value() ? r->as_object().at("k0") : boost::json::value()));
    BOOST_TEST_REQUIRE(r.error().size() == 1u);
    BOOST_TEST(code_name(r.error()[0].code) == "duplicate_key");
    BOOST_TEST(r.error()[0].pointer == "/k0");
}

// Valid bodies are parsed once, duplicates only counted: Boost.JSON keeps
// the last of equal names, so an object with a duplicate comes out smaller.
// Then a second parse finds the name. At every depth, in arrays, after a
// large sibling, the report must be the same.
BOOST_AUTO_TEST_CASE(duplicate_at_every_depth)
{
    for(std::size_t levels = 0; levels <= 30; ++levels)
        BOOST_TEST_CONTEXT("levels " << levels)
        {
            violation const v = expect_error(wrapped(levels, R"("a":1,"b":[],"a":{})"),
                                             error::duplicate_key);
            BOOST_TEST(v.pointer == wrapped_pointer(levels) + "/a");
            // The second "a" ends 16 bytes after the innermost '{'.
            BOOST_TEST(reported_offset(v.message) == 5 * levels + 16, v.message);
            expect_ok(wrapped(levels, R"("a":1,"b":[],"c":{})"));
        }
}

// The fast pass compares member counts; a duplicate must show whatever the
// repeated value: the same value again, a container whose members vanish
// with it, or a scalar replacing a container.
BOOST_AUTO_TEST_CASE(duplicate_whose_value_repeats)
{
    for(std::string_view body : {R"({"a":{"x":1,"y":2},"a":{"x":1,"y":2}})",
                                 R"({"a":1,"a":1})",
                                 R"({"a":{"x":1,"y":2},"a":1})",
                                 R"({"a":1,"a":{"x":1,"y":2}})",
                                 R"({"a":[{"b":1},{"b":1}],"a":[{"b":1},{"b":1}]})",
                                 R"({"o":{"a":null,"a":null}})"})
        BOOST_TEST_CONTEXT(body)
        {
            violation const v = expect_error(body, error::duplicate_key);
            BOOST_TEST(v.pointer.substr(v.pointer.size() - 2) == "/a");
        }
    violation const in_array = expect_error(R"([{"a":1},{"a":1},{"a":1,"b":2,"a":1}])",
                                            error::duplicate_key);
    BOOST_TEST(in_array.pointer == "/2/a");
    violation const deep = expect_error(R"({"x":[[{"y":{"a":[],"b":[],"a":[]}}]]})",
                                        error::duplicate_key);
    BOOST_TEST(deep.pointer == "/x/0/0/y/a");
}

BOOST_AUTO_TEST_CASE(duplicate_inside_arrays)
{
    violation const v = expect_error(R"([{"a":1},[{"a":1,"b":2}],[{"b":1,"b":2}]])",
                                     error::duplicate_key);
    BOOST_TEST(v.pointer == "/2/0/b");
    violation const later = expect_error(R"({"x":[{"a":1},{"a":[{"c":0,"c":0}]}]})",
                                         error::duplicate_key);
    BOOST_TEST(later.pointer == "/x/1/a/0/c");
    expect_ok(R"([{"a":1},{"a":1},[{"a":[{"a":1}]}]])");
}

// 15, 16 and 17 members: on both sides of where the library starts hashing.
BOOST_AUTO_TEST_CASE(duplicate_around_the_index_threshold)
{
    for(std::size_t n : {14u, 15u, 16u, 17u, 31u, 32u, 33u})
        for(std::size_t repeated : {std::size_t(0), n / 2, n - 1})
            BOOST_TEST_CONTEXT(n << " members, k" << repeated << " again")
            {
                std::string const name = "k" + std::to_string(repeated);
                std::string const inner = members(n) + ",\"" + name + "\":0";
                violation const top = expect_error("{" + inner + "}", error::duplicate_key);
                BOOST_TEST(top.pointer == "/" + name);
                violation const nested = expect_error(wrapped(2, inner), error::duplicate_key);
                BOOST_TEST(nested.pointer == wrapped_pointer(2) + "/" + name);
                expect_ok("{" + members(n) + "}");
                expect_ok(wrapped(2, members(n)));
            }
}

// Names that agree in size, last byte and middle byte (the tracker's
// fingerprint) but differ elsewhere are distinct.
BOOST_AUTO_TEST_CASE(names_alike_but_distinct)
{
    std::string body = "{";
    for(char first = 'a'; first < 'a' + 14; ++first)   // 15 with the repeat
        body += std::string(body.size() > 1 ? "," : "") + "\"" + first + "_mid_z\":0";
    expect_ok(body + "}");
    expect_ok(body + R"(,"A_mid_z":1})");
    violation const v = expect_error(body + R"(,"c_mid_z":1})", error::duplicate_key);
    BOOST_TEST(v.pointer == "/c_mid_z");
}

// A name written with escapes is unescaped before comparing; a long one
// reaches the parser's handler in parts. Both against the plain spelling.
BOOST_AUTO_TEST_CASE(escaped_and_plain_spellings_are_one_name)
{
    violation const v = expect_error(R"({"ab":1,"a\u0062":2})", error::duplicate_key);
    BOOST_TEST(v.pointer == "/ab");
    violation const w = expect_error(R"({"a\u0062":1,"ab":2})", error::duplicate_key);
    BOOST_TEST(w.pointer == "/ab");

    std::string const name(6000, 'x');
    violation const split = expect_error(
        "{\"" + name + "A\":1,\"" + name + "\\u0041\":2}", error::duplicate_key);
    BOOST_TEST(split.pointer == "/" + name + "A");
    violation const split_first = expect_error(
        "{\"" + name + "\\u0041\":1,\"" + name + "A\":2}", error::duplicate_key);
    BOOST_TEST(split_first.pointer == "/" + name + "A");
    expect_ok("{\"" + name + "A\":1,\"" + name + "\\u0042\":2}");
}

// A duplicate before a syntax error is what is reported; a syntax error
// before a duplicate is.
BOOST_AUTO_TEST_CASE(first_problem_wins)
{
    violation const dup = expect_error(R"({"a":1,"a":2,)", error::duplicate_key);
    BOOST_TEST(reported_offset(dup.message) == 9u, dup.message);
    violation const syntax = expect_error(R"({"a":1,,"a":2})", error::invalid_json);
    BOOST_TEST(reported_offset(syntax.message) == 7u, syntax.message);
    expect_error(R"({"a":[[[1]]],"a":2})", error::too_deep, parse_limits{1024, 3});
}

BOOST_AUTO_TEST_CASE(one_million_distinct_members)
{
    // Linear time is promised; the test only checks that a million members
    // complete (no timing assertion) and that the one duplicate at the very
    // end of such an object is still found.
    constexpr std::size_t n = 1'000'000;
    std::string body = "{" + members(n);
    parse_limits const limits{body.size() + 64, 32};

    std::string const distinct = body + "}";
    auto const r = parse_patch(distinct, limits);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->as_object().size() == n);

    // ...,"k0":1} : the duplicate's closing quote is 4 bytes before the end.
    std::string const duplicated = body + ",\"k0\":1}";
    violation const v = expect_error(duplicated, error::duplicate_key, limits);
    BOOST_TEST(v.pointer == "/k0");
    BOOST_TEST(reported_offset(v.message) == duplicated.size() - 4, v.message);
}

// --- every failure is one violation ----------------------------------------

BOOST_AUTO_TEST_CASE(each_failure_is_a_single_violation)
{
    // A body with several problems still yields one entry: parsing stops at
    // the first.
    auto const r = parse_patch(R"({"a":1,"a":2,"b":1e400,"c":[[[[]]]],)", parse_limits{1024, 3});
    BOOST_TEST_REQUIRE(r.has_error());
    BOOST_TEST(r.error().size() == 1u);
    BOOST_TEST(code_name(r.error()[0].code) == "duplicate_key");
}

// --- memory resource ---------------------------------------------------------

BOOST_AUTO_TEST_CASE(value_uses_the_given_memory_resource)
{
    boost::json::monotonic_resource mr;
    boost::json::storage_ptr const sp(&mr);
    auto const r = parse_patch(R"({"a":{"b":[1,"long enough to allocate a string"]}})", {}, sp);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->storage().get() == &mr);
    boost::json::value const& inner = r->as_object().at("a");
    BOOST_TEST(inner.storage().get() == &mr);
    BOOST_TEST(inner.at("b").storage().get() == &mr);
    BOOST_TEST(inner.at("b").as_array()[1].storage().get() == &mr);

    // Without one, the default resource is used.
    auto const plain = parse_patch(R"({"a":1})");
    BOOST_TEST_REQUIRE(plain.has_value());
    BOOST_TEST(plain->storage().get() != &mr);
}

// The caller's resource holds the value and nothing else, exactly as with
// boost::json::parse: the parser's scratch never takes room there (a
// monotonic resource would not get it back, see docs/cookbook.md).
BOOST_AUTO_TEST_CASE(the_given_resource_holds_only_the_value)
{
    auto const allocations = [](std::string_view body, bool use_boost) {
        counting_resource count;
        boost::json::storage_ptr const sp(&count);
        if(use_boost)
            BOOST_TEST(!boost::json::parse(body, sp).is_null());
        else
            BOOST_TEST(parse_patch(body, {}, sp).has_value());
        return count.allocations;
    };
    std::string const small = R"({"a":1,"b":true,"c":[null,"a string too long to be inlined"]})";
    BOOST_TEST(allocations(small, false) == allocations(small, true));

    // 300 members each holding an array: the value stack outgrows its buffer.
    std::string big = "{";
    for(int i = 0; i < 300; ++i)
        big += (i ? ",\"m" : "\"m") + std::to_string(i) + "\":[1,2,3]";
    big += "}";
    BOOST_TEST(allocations(big, false) == allocations(big, true));

    // The densest body of docs/cookbook.md fits 16 times its size.
    std::string dense = "[";
    while(dense.size() + 2 <= 4096 - 3)
        dense += "0,";
    dense += "0]";
    alignas(std::max_align_t) static unsigned char arena[16 * 4096];
    boost::json::monotonic_resource mr(arena, sizeof arena, boost::json::get_null_resource());
    BOOST_TEST(parse_patch(dense, {}, boost::json::storage_ptr(&mr)).has_value());
}

// The tracker keeps its first names, frames and index inline and grows into
// the resource it is given, here with names in a source text and copied.
BOOST_AUTO_TEST_CASE(duplicate_key_tracker_grows_into_its_resource)
{
    counting_resource count;
    std::string source;
    for(int i = 0; i < 1000; ++i)
        source += "name" + std::to_string(i) + ",";
    {
        usage_session::detail::duplicate_key_tracker keys{boost::json::storage_ptr(&count)};
        keys.set_source(source.data(), source.size());
        keys.open_object();
        keys.open_object();   // a small object: inline only
        BOOST_TEST(keys.add_key("a"));
        BOOST_TEST(!keys.add_key("a"));
        keys.close();
        BOOST_TEST(count.allocations == 0u);
        std::size_t start = 0;
        for(int i = 0; i < 1000; ++i)
        {
            std::size_t const end = source.find(',', start);
            std::string_view const name(source.data() + start, end - start);
            if(i % 2 == 0)
                BOOST_TEST(keys.add_key(name));   // read in place
            else
            {
                keys.append_key_part(name.substr(0, 2));   // copied, in parts
                BOOST_TEST(keys.add_key(name.substr(2)));
            }
            start = end + 1;
        }
        BOOST_TEST(!keys.add_key("name999"));
        BOOST_TEST(keys.current_pointer() == "/name999");
        BOOST_TEST(!keys.add_key(std::string("name0")));
        BOOST_TEST(keys.last_key() == "name0");
        BOOST_TEST(count.allocations > 0u);
    }
}

BOOST_AUTO_TEST_SUITE_END()
