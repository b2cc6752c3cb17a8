// Tests of usage_session/serialize.hpp: JSON text with numbers as the
// platform's JavaScript clients write them. The reference texts come from
// node's JSON.stringify (data/numbers_as_written.json and
// data/strings_as_written.json, made by data/generate_as_written.js); the
// tests read them and do not need node.
#include <usage_session/serialize.hpp>
#include <usage_session/detail/number_text.hpp>
#include <usage_session/parse.hpp>
#include <usage_session/update.hpp>

#include "test_data.hpp"
#include "test_support.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace json = boost::json;
namespace us = usage_session;

namespace {

double from_bits(std::uint64_t bits)
{
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

std::uint64_t bits_of(double d)
{
    std::uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    return bits;
}

std::string written(double d)
{
    return us::serialize(json::value(d));
}

// The one element of "[text]" read by parse_patch, the library's front door.
json::value read_back(std::string const& text)
{
    auto parsed = us::parse_patch("[" + text + "]");
    BOOST_REQUIRE_MESSAGE(parsed.has_value(), "parse_patch refuses [" << text << "]");
    return parsed->as_array().at(0);
}

// The double a number reads as: integers convert exactly (the corpus holds
// integral doubles only below 2^64 or as doubles).
double number_of(json::value const& v)
{
    if(v.is_double())
        return v.get_double();
    if(v.is_int64())
        return static_cast<double>(v.get_int64());
    return static_cast<double>(v.get_uint64());
}

struct number_case
{
    double value;
    std::string text;   // JSON.stringify(value)
};

std::vector<number_case> number_cases()
{
    std::vector<number_case> cases;
    json::value const data = test_data::load_json("numbers_as_written.json");
    for(json::value const& c : data.at("cases").as_array())
    {
        json::array const& pair = c.as_array();
        std::uint64_t const bits = std::stoull(std::string(pair.at(0).as_string()), nullptr, 16);
        cases.push_back({from_bits(bits), std::string(pair.at(1).as_string())});
    }
    return cases;
}

std::vector<std::string> string_cases()
{
    std::vector<std::string> cases;
    json::value const data = test_data::load_json("strings_as_written.json");
    for(json::value const& c : data.at("cases").as_array())
        cases.emplace_back(c.as_string());
    return cases;
}

bool has_double(json::value const& v)
{
    if(v.is_double())
        return true;
    if(v.is_array())
        for(json::value const& e : v.get_array())
            if(has_double(e))
                return true;
    if(v.is_object())
        for(auto const& m : v.get_object())
            if(has_double(m.value()))
                return true;
    return false;
}

// A stored session in the text a JavaScript client would have written:
// `numbers` (untouched by the patches below) holds every corpus number,
// `ward` and `volumeDeliveredMl` are what the patches change.
std::string session_text(std::string const& ward, std::string const& volume, std::string const& numbers)
{
    std::string text = R"({"_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6",)"
                       R"("_device":{"_id":"0e5f7f3a-8d8c-4f57-9a4b-4b1d1c6a1b11"},)"
                       R"("_creationTime":"2026-11-20T08:00:00Z","_startTime":"2026-11-20T08:00:00Z",)"
                       R"("_state":"ACTIVE","_name":"Night \"infusion\"\n",)";
    text += R"("_configuration":{"rateMlPerHour":12.5,"numbers":[)";
    text += numbers;
    text += R"(],"tiny":1e-7,"big":1e+21},"_summary":{"volumeDeliveredMl":)";
    text += volume;
    text += R"(,"ratio":0.30000000000000004},"ward":")";
    text += ward;
    text += R"("})";
    return text;
}

}   // namespace

BOOST_AUTO_TEST_SUITE(serialize)

BOOST_AUTO_TEST_CASE(the_examples_of_the_docs)
{
    BOOST_TEST(written(12.5) == "12.5");
    BOOST_TEST(written(1.0) == "1");
    BOOST_TEST(written(100.0) == "100");
    BOOST_TEST(written(1e-7) == "1e-7");
    BOOST_TEST(written(0.000001) == "0.000001");
    BOOST_TEST(written(1e21) == "1e+21");
    BOOST_TEST(written(1e20) == "100000000000000000000");
    BOOST_TEST(written(-1.5e-300) == "-1.5e-300");
    BOOST_TEST(written(0.1 + 0.2) == "0.30000000000000004");
    BOOST_TEST(written(0.0) == "0");
    BOOST_TEST(written(-0.0) == "-0.0");
    // What Boost.JSON writes instead (docs/serialize.md).
    BOOST_TEST(json::serialize(json::value(12.5)) == "1.25E1");
    BOOST_TEST(json::serialize(json::value(1.0)) == "1E0");
    BOOST_TEST(json::serialize(json::value(-0.0)) == "-0E0");
}

// (a) Every corpus double is written as JSON.stringify writes it, and that
// text reads back (parse_patch) as the same number and is written again
// byte for byte.
BOOST_AUTO_TEST_CASE(numbers_are_written_as_javascript_writes_them)
{
    std::vector<number_case> const cases = number_cases();
    BOOST_TEST(cases.size() > 2000u);
    std::size_t read_as_integers = 0;
    for(number_case const& c : cases)
    {
        BOOST_TEST(written(c.value) == c.text, "bits " << std::hex << bits_of(c.value));
        json::value const v = read_back(c.text);
        BOOST_TEST(bits_of(number_of(v)) == bits_of(c.value), c.text);
        BOOST_TEST(us::serialize(v) == c.text);
        if(!v.is_double())
            ++read_as_integers;
    }
    // Integral doubles below 10^21 are written as integers and so read back
    // as int64 or uint64 of the same value: the corpus has both kinds.
    BOOST_TEST(read_as_integers > 10u);
    BOOST_TEST(read_as_integers < cases.size() / 2);
}

// (c) The next double up has its own text, which reads back as itself:
// shortest never means "too short to tell apart".
BOOST_AUTO_TEST_CASE(neighbouring_doubles_get_different_texts)
{
    for(number_case const& c : number_cases())
    {
        double const next = std::nextafter(c.value, std::numeric_limits<double>::infinity());
        if(!std::isfinite(next))
            continue;
        std::string const text = written(next);
        BOOST_TEST(text != c.text);
        BOOST_TEST(bits_of(number_of(read_back(text))) == bits_of(next), text);
    }
    BOOST_TEST(written(0.3) == "0.3");
    BOOST_TEST(written(0.1 + 0.2) != written(0.3));
    BOOST_TEST(written(std::nextafter(1e21, 0.0)) == "999999999999999900000");
}

// Texts a client would not write come back in the client's form, not as
// they were: only JavaScript's own form is a fixed point.
BOOST_AUTO_TEST_CASE(other_forms_come_back_in_the_javascript_form)
{
    std::pair<char const*, char const*> const rewritten[] = {
        {"1.0", "1"},
        {"12.50", "12.5"},
        {"1e2", "100"},
        {"1E21", "1e+21"},
        {"0.1e-6", "1e-7"},
        {"-0", "0"},
        {"1e-6", "0.000001"},
        {"123456789012345678901234", "1.2345678901234569e+23"},
    };
    for(auto const& [stored, comes_back] : rewritten)
    {
        BOOST_TEST(us::serialize(read_back(stored)) == comes_back, stored);
        BOOST_TEST(us::serialize(read_back(comes_back)) == comes_back, comes_back);
    }
}

BOOST_AUTO_TEST_CASE(negative_zero_keeps_its_sign)
{
    // JSON.stringify(-0) is "0", which reads back as +0; "-0" reads back
    // as the integer 0 (Boost.JSON and parse_patch alike); "-0.0" as -0.0.
    BOOST_TEST(written(-0.0) == "-0.0");
    json::value const back = read_back("-0.0");
    BOOST_TEST(back.is_double());
    BOOST_TEST(std::signbit(back.get_double()));
    BOOST_TEST(us::serialize(back) == "-0.0");
    BOOST_TEST(written(0.0) == "0");
    BOOST_TEST(read_back("-0").is_int64());
    BOOST_TEST(us::serialize(read_back("-0")) == "0");
}

BOOST_AUTO_TEST_CASE(non_finite_doubles_are_written_as_null)
{
    // Only a value built in code holds one; JSON.stringify writes null too.
    json::array a{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                  std::numeric_limits<double>::quiet_NaN()};
    BOOST_TEST(us::serialize(a) == "[null,null,null]");
    BOOST_TEST(us::serialize(json::value(std::numeric_limits<double>::infinity())) == "null");
    BOOST_TEST(json::serialize(a) != "[null,null,null]");   // Boost.JSON writes 1e99999 or Infinity
}

BOOST_AUTO_TEST_CASE(integers_are_written_as_integers)
{
    BOOST_TEST(us::serialize(json::value(std::numeric_limits<std::int64_t>::min())) == "-9223372036854775808");
    BOOST_TEST(us::serialize(json::value(std::numeric_limits<std::int64_t>::max())) == "9223372036854775807");
    BOOST_TEST(us::serialize(json::value(std::numeric_limits<std::uint64_t>::max())) == "18446744073709551615");
    BOOST_TEST(us::serialize(json::value(0)) == "0");
    BOOST_TEST(us::serialize(json::value(-40)) == "-40");
    // The same number as a double: the same text (JavaScript has one number type).
    BOOST_TEST(written(-40.0) == "-40");
    BOOST_TEST(written(18446744073709551616.0) == "18446744073709552000");
    BOOST_TEST(read_back("18446744073709552000").is_double());
    BOOST_TEST(read_back("18446744073709551615").is_uint64());
}

// Both sources of the shortest digits (std::to_chars where the standard
// library has it for double, Boost.JSON's writer elsewhere) agree.
BOOST_AUTO_TEST_CASE(both_digit_sources_agree)
{
#if defined(USAGE_SESSION_DETAIL_HAS_TO_CHARS_DOUBLE)
    std::vector<double> values;
    for(number_case const& c : number_cases())
        values.push_back(std::fabs(c.value));
    std::mt19937_64 random(20261208);
    for(int i = 0; i < 200000; ++i)
    {
        double const d = std::fabs(from_bits(random()));
        if(std::isfinite(d) && d != 0)
            values.push_back(d);
    }
    std::size_t differences = 0;
    for(double d : values)
    {
        if(d == 0)
            continue;
        auto const a = us::detail::shortest_with_to_chars(d);
        auto const b = us::detail::shortest_with_boost_json(d);
        bool const same = a.count == b.count && a.point == b.point &&
                          std::string_view(a.digits, static_cast<std::size_t>(a.count)) ==
                              std::string_view(b.digits, static_cast<std::size_t>(b.count));
        if(!same && ++differences <= 5)
            BOOST_ERROR("shortest digits differ for bits " << std::hex << bits_of(d));
    }
    BOOST_TEST(differences == 0u);
    BOOST_TEST(values.size() > 150000u);
#else
    BOOST_TEST_MESSAGE("no std::to_chars for double here: only Boost.JSON's digits are used");
    BOOST_TEST(us::detail::shortest_with_boost_json(12.5).point == 2);
#endif
}

BOOST_AUTO_TEST_CASE(strings_are_escaped_as_javascript_escapes_them)
{
    std::vector<std::string> const cases = string_cases();
    BOOST_TEST(cases.size() > 140u);
    for(std::string const& text : cases)
    {
        json::value const v = read_back(text);
        BOOST_TEST(us::serialize(v) == text);
        BOOST_TEST(json::serialize(v) == text);
        // Member names the same way.
        json::object o;
        o[v.as_string()] = v;
        BOOST_TEST(us::serialize(o) == "{" + text + ":" + text + "}");
    }
}

BOOST_AUTO_TEST_CASE(every_byte_is_escaped_as_boost_json_escapes_it)
{
    // Bytes that are not UTF-8 only a value built in code can hold; they
    // are copied unchanged, as Boost.JSON copies them.
    for(int byte = 0; byte < 256; ++byte)
    {
        json::string s("a");
        s.push_back(static_cast<char>(byte));
        s.append("b\"");
        BOOST_TEST(us::serialize(json::value(s)) == json::serialize(json::value(s)), "byte " << byte);
    }
    BOOST_TEST(us::serialize(json::value("\x7f\xff")) == "\"\x7f\xff\"");
}

// Without doubles the text is Boost.JSON's, byte for byte; with them,
// writing what serialize wrote gives the same text again.
BOOST_AUTO_TEST_CASE(the_rest_of_the_text_is_boost_jsons)
{
    std::size_t compared = 0;
    for(char const* name : {"rfc7396_appendix_a.json", "merge_order.json", "transitions.json",
                            "timestamps.json", "patch_cases.json", "parse_cases.json",
                            "stored_session.json", "custom_attribute_cases.json"})
    {
        json::value const v = test_data::load_json(name);
        std::string const text = us::serialize(v);
        if(!has_double(v))
        {
            BOOST_TEST(text == json::serialize(v), name);
            ++compared;
        }
        auto again = us::parse_patch(text, {16 * 1024 * 1024, 256});
        BOOST_REQUIRE_MESSAGE(again.has_value(), name);
        BOOST_TEST(us::serialize(*again) == text, name);
    }
    BOOST_TEST(compared >= 3u);
    BOOST_TEST(us::serialize(json::value(json::object())) == "{}");
    BOOST_TEST(us::serialize(json::array{json::array(), json::object(), nullptr, true, false}) ==
               "[[],{},null,true,false]");
}

// (b) A stored session whose untouched members hold such numbers comes
// back byte for byte after apply_update with a patch that changes others.
BOOST_AUTO_TEST_CASE(untouched_members_come_back_byte_for_byte)
{
    std::string numbers;
    for(number_case const& c : number_cases())
        numbers += (numbers.empty() ? "" : ",") + c.text;
    std::string const stored = session_text("3B", "40", numbers);
    std::string const expected = session_text("4C", "52.5", numbers);
    std::string const patch_text =
        R"({"_startTime":"2026-11-20T08:00:00Z","_state":"ACTIVE","ward":"4C",)"
        R"("_summary":{"volumeDeliveredMl":52.5}})";

    auto session = us::parse_patch(stored);
    auto patch = us::parse_patch(patch_text);
    BOOST_REQUIRE(session.has_value());
    BOOST_REQUIRE(patch.has_value());
    BOOST_TEST(us::serialize(*session) == stored);   // read and written again: unchanged

    auto merged = us::apply_update(session->as_object(), *patch);
    BOOST_REQUIRE_MESSAGE(merged.has_value(), test_support::codes(merged.error()));
    BOOST_TEST(us::serialize(*merged) == expected);

    json::object in_place = session->as_object();
    us::report const r = us::apply_update_in_place(in_place, std::move(*patch));
    BOOST_TEST(r.ok());
    BOOST_TEST(us::serialize(in_place) == expected);

    // The failing side: Boost.JSON's own text rewrites the untouched numbers.
    BOOST_TEST(json::serialize(*merged) != expected);
}

BOOST_AUTO_TEST_CASE(appending_keeps_what_the_buffer_held)
{
    json::value const v = read_back(R"({"a":[12.5,"x"],"b":{}})");
    std::string out = "prefix ";
    us::serialize(v, out);
    BOOST_TEST(out == R"(prefix {"a":[12.5,"x"],"b":{}})");
    us::serialize(v.as_object(), out);
    us::serialize(v.at("a").as_array(), out);
    BOOST_TEST(out == R"(prefix {"a":[12.5,"x"],"b":{}}{"a":[12.5,"x"],"b":{}}[12.5,"x"])");

    // A warm buffer is reused: cleared, it holds the next document in place.
    out.clear();
    char const* const buffer = out.data();
    us::serialize(v, out);
    BOOST_TEST(out.data() == buffer);
    BOOST_TEST(out == us::serialize(v));
}

BOOST_AUTO_TEST_CASE(any_depth_is_written)
{
    // Deeper than any call stack would hold if the writer recursed; only a
    // value built in code gets this deep (parse_patch limits depth).
    constexpr std::size_t depth = 200000;
    json::value inner = json::array{1.5};
    for(std::size_t i = 0; i < depth; ++i)
    {
        json::array a;
        a.push_back(std::move(inner));
        json::object o;
        o["a"] = std::move(a);
        inner = std::move(o);
    }
    test_support::deep_value const deep(std::move(inner));
    std::string const text = us::serialize(deep.v);
    BOOST_TEST(text.size() == depth * std::string(R"({"a":[]})").size() + std::string("[1.5]").size());
    BOOST_TEST(text.compare(0, 8, R"({"a":[{")") == 0);
    BOOST_TEST(text.find(R"({"a":[[1.5]]}]})") == (depth - 1) * 6);   // after depth - 1 openings
    BOOST_TEST(text.compare(text.size() - 4, 4, "]}]}") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
