// Adversarial inputs: hostile request bodies through the
// whole front door (parse_patch, then validate_patch / apply_update, then
// to_problem_details), each with its exact expected code.
//
// Many of these cases already have an exact test next to the function they
// exercise; those are referenced below instead of repeated, and this file
// fills the gaps around them:
//  * parse/very_deep_nesting_is_rejected_without_crash: 200 000 '[' (no
//    closers) -> too_deep at offset 32.
//  * validate/very_deep_values_do_not_crash: 100 000-deep values built in code.
//  * parse/fifty_megabytes_of_garbage_is_too_large: 50 MB of 0xff -> too_large.
//  * data/parse_cases.json (parse/table_cases): duplicate_at_top_level,
//    duplicate_in_nested_object, duplicate_in_object_in_array,
//    duplicate_in_top_level_array, duplicate_differing_by_escape ("_state"
//    vs "_st\u0061te"), duplicate_with_nul; lone_high/low_surrogate_in_value
//    and _in_key (\ud800, \udc00); overflowing_number (1e400), negative_zero,
//    uint64_overflow_becomes_double, int64_underflow_becomes_double.
//  * parse/raw_invalid_utf8_in_values and _in_keys: stray bytes, the 2-byte
//    overlong slash, truncated sequences, CESU-8 surrogates, > U+10FFFF.
//  * parse/large_numbers_become_finite_doubles: the three big numbers parse.
//  * validate/name_with_embedded_nul_counts_every_character: a 65-character
//    _name with a NUL, built in code.
//  * validate/report_is_capped_at_100_plus_one: 150 unknown members.
//  * validate/control_characters_are_escaped: CR, LF, ESC, quote in a short
//    _state value.
#include <usage_session.hpp>

#include "test_support.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace us = usage_session;
namespace json = boost::json;
using test_support::codes;
using test_support::stored;

namespace {

constexpr char const* valid_members = R"("_startTime":"2007-12-20T10:15:30Z","_state":"ACTIVE")";

// A valid patch body with `extra` (members text, no braces) appended.
std::string valid_body(std::string const& extra)
{
    return std::string("{") + valid_members + (extra.empty() ? "" : ",") + extra + "}";
}

std::string repeat(std::string_view piece, std::size_t n)
{
    std::string s;
    s.reserve(piece.size() * n);
    for(std::size_t i = 0; i < n; ++i)
        s.append(piece.data(), piece.size());
    return s;
}

// The N of "at byte offset N", or npos.
std::size_t reported_offset(std::string const& message)
{
    static constexpr std::string_view marker = "at byte offset ";
    std::size_t const at = message.rfind(marker);
    if(at == std::string::npos)
        return std::string::npos;
    std::size_t pos = at + marker.size();
    if(pos >= message.size() || message[pos] < '0' || message[pos] > '9')
        return std::string::npos;
    std::size_t n = 0;
    for(; pos < message.size() && message[pos] >= '0' && message[pos] <= '9'; ++pos)
        n = n * 10 + static_cast<std::size_t>(message[pos] - '0');
    return n;
}

// The offset of the first byte below 0x20 (or DEL too, with `del`), or npos.
std::size_t control_byte(std::string const& text, bool del = true)
{
    for(std::size_t i = 0; i < text.size(); ++i)
    {
        auto const b = static_cast<unsigned char>(text[i]);
        if(b < 0x20 || (del && b == 0x7f))
            return i;
    }
    return std::string::npos;
}

// parse_patch must fail with exactly one violation of code `expected`;
// returns it (a default violation when it did not fail).
us::violation parse_error(std::string_view body, us::error expected,
                          us::parse_limits const& limits = {})
{
    auto const r = us::parse_patch(body, limits);
    BOOST_TEST_REQUIRE(r.has_error(), "accepted, expected " << us::code_name(expected));
    us::report const rep = r.error();
    BOOST_TEST_REQUIRE(rep.size() == 1u, codes(rep));
    BOOST_TEST(us::code_name(rep[0].code) == us::code_name(expected), rep[0].message);
    BOOST_TEST(reported_offset(rep[0].message) != std::string::npos, rep[0].message);
    BOOST_TEST(control_byte(rep[0].message) == std::string::npos, rep[0].message);
    return rep[0];
}

// Parses `body` (which must parse) and returns the codes of validate_patch.
std::string validated(std::string_view body, us::parse_limits const& limits = {})
{
    auto const r = us::parse_patch(body, limits);
    BOOST_TEST_REQUIRE(r.has_value(), "rejected: " << (r.has_error() ? codes(r.error()) : ""));
    return codes(us::validate_patch(*r));
}

// {"a":{"a":...{}...}}: `depth` objects, balanced.
std::string nested_objects(std::size_t depth)
{
    return repeat("{\"a\":", depth - 1) + "{}" + std::string(depth - 1, '}');
}

// Every message of `r` has no control byte; the problem document and the
// platform error made from it serialize to JSON that a strict parser reads
// back with the same number of entries.
void check_report_output(us::report const& r)
{
    for(us::violation const& v : r)
        BOOST_TEST_CONTEXT("violation at " << json::serialize(json::string(v.pointer)))
        {
            BOOST_TEST(!v.message.empty());
            BOOST_TEST(control_byte(v.message) == std::string::npos, v.message);
        }

    std::string const problem = json::serialize(us::to_problem_details(r));
    // Serialized JSON escapes every byte below 0x20 (DEL may stay raw in a
    // pointer: JSON allows it, and the pointer is the client's own name).
    BOOST_TEST(control_byte(problem, false) == std::string::npos, problem);
    boost::system::error_code ec;
    json::value const back = json::parse(problem, ec);
    BOOST_TEST_REQUIRE(!ec, ec.message() << ": " << problem);
    BOOST_TEST(back.at("status").as_int64() == 400);
    BOOST_TEST(back.at("errors").as_array().size() == r.size());
    for(std::size_t i = 0; i < r.size() && i < back.at("errors").as_array().size(); ++i)
        BOOST_TEST(back.at("errors").as_array()[i].at("pointer").as_string() == r[i].pointer);

    std::string const platform = json::serialize(us::to_platform_error(r));
    BOOST_TEST(control_byte(platform, false) == std::string::npos, platform);
    json::parse(platform, ec);
    BOOST_TEST(!ec, ec.message() << ": " << platform);
}

}   // namespace

BOOST_AUTO_TEST_SUITE(adversarial)

// --- nesting 200 000 deep ----------------------------------------------------

BOOST_AUTO_TEST_CASE(arrays_200000_deep_are_too_deep)
{
    // A balanced document (the unbalanced one is parse/very_deep_nesting_...).
    std::string const body = std::string(200'000, '[') + std::string(200'000, ']');
    us::violation const v = parse_error(body, us::error::too_deep);
    BOOST_TEST(v.pointer == "");
    BOOST_TEST(reported_offset(v.message) == 32u, v.message);
}

BOOST_AUTO_TEST_CASE(objects_200000_deep_are_too_deep)
{
    std::string const body = nested_objects(200'000);
    // 1.2 MB: over the default 1 MiB, so with default limits the size wins.
    BOOST_TEST_REQUIRE(body.size() > 1024u * 1024u);
    parse_error(body, us::error::too_large);

    us::violation const v = parse_error(body, us::error::too_deep, us::parse_limits{body.size(), 32});
    BOOST_TEST(v.pointer == "");
    // Each level before the 33rd is the 5 bytes {"a": so its '{' is at 32 * 5.
    BOOST_TEST(reported_offset(v.message) == 160u, v.message);

    // Unbalanced: only the openers.
    std::string const open = repeat("{\"a\":", 200'000);
    us::violation const o = parse_error(open, us::error::too_deep, us::parse_limits{open.size(), 32});
    BOOST_TEST(reported_offset(o.message) == 160u, o.message);
}

BOOST_AUTO_TEST_CASE(mixed_nesting_200000_deep_inside_a_valid_patch_is_too_deep)
{
    // [{"a":[{"a":... inside a custom attribute of an otherwise valid patch.
    std::string deep = repeat("[{\"a\":", 100'000) + "1" + repeat("}]", 100'000);
    std::string const body = valid_body("\"c\":" + deep);
    us::violation const v = parse_error(body, us::error::too_deep, us::parse_limits{body.size(), 32});
    // The patch object is level 1; the 32nd opener of `deep` opens level 33.
    std::size_t const deep_at = body.find("\"c\":") + 4;
    // Openers alternate '[' (1 byte) and '{"a":' (5 bytes); opener k (0-based)
    // of `deep` is at 6 * (k / 2) + (k % 2).
    std::size_t const k = 31;
    BOOST_TEST(reported_offset(v.message) == deep_at + 6 * (k / 2) + (k % 2), v.message);

    // The same through apply_update cannot happen: parsing stops first. With
    // a generous depth the parser still refuses past max_depth = 1000.
    parse_error(body, us::error::too_deep, us::parse_limits{body.size(), 1000});
}

// --- 50 MB -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(fifty_megabytes_of_well_formed_json_is_too_large)
{
    // 50 MB bodies that would fail differently if they were read at all: a
    // duplicate at byte 9, or nesting past 32. too_large proves the size is
    // checked before any parsing (parse/fifty_megabytes_of_garbage_is_too_large
    // does the same with invalid bytes).
    constexpr std::size_t fifty_mb = 50'000'000;
    std::string dup = "{\"a\":1,\"a\":2,\"pad\":\"";
    dup += std::string(fifty_mb - dup.size() - 2, 'x');
    dup += "\"}";
    BOOST_TEST_REQUIRE(dup.size() == fifty_mb);
    us::violation const v = parse_error(dup, us::error::too_large);
    BOOST_TEST(v.pointer == "");
    // The first byte over the default 1 MiB limit.
    BOOST_TEST(reported_offset(v.message) == 1024u * 1024u, v.message);

    std::string const deep = std::string(fifty_mb / 2, '[') + std::string(fifty_mb / 2, ']');
    parse_error(deep, us::error::too_large);

    // A limit of one byte less than the body is still too small.
    parse_error(dup, us::error::too_large, us::parse_limits{fifty_mb - 1, 32});
}

// --- duplicate keys ----------------------------------------------------------

BOOST_AUTO_TEST_CASE(duplicates_differing_only_by_escapes)
{
    struct row
    {
        char const* what;
        std::string body;
        std::string pointer;
    };
    row const rows[] = {
        {"escaped solidus", R"({"a/b":1,"a\/b":2})", "/a~1b"},
        {"escaped backslash and quote", R"({"a\\\"":1,"a\u005c\u0022":2})", "/a\\\""},
        {"\\u escape vs raw 2-byte UTF-8", "{\"\xc3\xa9\":1,\"\\u00e9\":2}", "/\xc3\xa9"},
        {"upper vs lower hex digits", R"({"\u00E9":1,"\u00e9":2})", "/\xc3\xa9"},
        {"surrogate pair vs raw 4-byte UTF-8", "{\"\xf0\x9f\x98\x80\":1,\"\\ud83d\\ude00\":2}",
         "/\xf0\x9f\x98\x80"},
        {"escaped NUL twice", R"({"_name\u0000":1,"_nam\u0065\u0000":2})", std::string("/_name\0", 7)},
        {"_state escaped, nested", R"({"o":{"_state":1,"_st\u0061te":2}})", "/o/_state"},
        {"_state escaped, in an array", R"({"a":[1,{"_state":1,"\u005f\u0073tate":2}]})", "/a/1/_state"},
        {"_state escaped, in a top-level array", R"([{"_st\u0061te":1,"_state":2}])", "/0/_state"},
        {"escaped in _summary", R"({"_summary":{"_stopReasonCode":"TIMEOUT","_stopReasonC\u006fde":"COMPLETION"}})",
         "/_summary/_stopReasonCode"},
    };
    for(row const& r : rows)
        BOOST_TEST_CONTEXT(r.what)
        {
            us::violation const v = parse_error(r.body, us::error::duplicate_key);
            BOOST_TEST(v.pointer == r.pointer);
        }
}

BOOST_AUTO_TEST_CASE(duplicate_at_the_deepest_allowed_level)
{
    // 31 arrays put the object at level 32 (the default maximum): still
    // checked for duplicates.
    std::string const body = std::string(31, '[') + R"({"x":1,"x":2})" + std::string(31, ']');
    us::violation const v = parse_error(body, us::error::duplicate_key);
    BOOST_TEST(v.pointer == repeat("/0", 31) + "/x");
    // And with the duplicate removed it parses.
    std::string const fine = std::string(31, '[') + R"({"x":1,"y":2})" + std::string(31, ']');
    BOOST_TEST(us::parse_patch(fine).has_value());
}

// --- invalid UTF-8, overlong forms, lone surrogates --------------------------

BOOST_AUTO_TEST_CASE(overlong_encodings_in_keys_and_values)
{
    // The 2-byte overlong slash (C0 AF) is in parse/raw_invalid_utf8_...;
    // these are the other lengths, and the overlong NUL.
    std::string const overlong[] = {
        "\xc0\x80",               // NUL in 2 bytes
        "\xc1\xbf",               // U+007F in 2 bytes
        "\xe0\x80\xaf",           // slash in 3 bytes
        "\xe0\x9f\xbf",           // U+07FF in 3 bytes
        "\xf0\x80\x80\xaf",       // slash in 4 bytes
        "\xf0\x8f\xbf\xbf",       // U+FFFF in 4 bytes
        "\xf8\x88\x80\x80\x80",   // 5-byte form
    };
    for(std::string const& bytes : overlong)
        BOOST_TEST_CONTEXT("bytes " << json::serialize(json::string(bytes)).size())
        {
            parse_error(valid_body("\"v\":\"" + bytes + "\""), us::error::invalid_json);
            parse_error(valid_body("\"" + bytes + "\":1"), us::error::invalid_json);
            parse_error(valid_body("\"_name\":\"ok" + bytes + "\""), us::error::invalid_json);
            parse_error(valid_body("\"o\":{\"k" + bytes + "\":[1]}"), us::error::invalid_json);
        }
}

BOOST_AUTO_TEST_CASE(lone_surrogates_in_keys_and_values)
{
    // Escaped lone surrogates wherever a string may be (the plain
    // {"a":"\ud800"} and {"\ud800":1} are in data/parse_cases.json).
    std::string const strings[] = {
        R"(\ud800)", R"(\udbff)", R"(\udc00)", R"(\udfff)",
        R"(x\ud800y)",       // followed by a plain character
        R"(\ud800\ud800)",   // two high halves
        R"(\udc00\ud800)",   // reversed pair
        R"(\ud800\u0041)",   // high half then a BMP escape
        R"(\ud800\n)",       // high half then another escape
    };
    for(std::string const& s : strings)
        BOOST_TEST_CONTEXT(s)
        {
            parse_error(R"({"_startTime":"2007-12-20T10:15:30Z","_state":")" + s + "\"}",
                        us::error::invalid_json);
            parse_error(valid_body("\"_name\":\"" + s + "\""), us::error::invalid_json);
            parse_error(valid_body("\"c\":[\"" + s + "\"]"), us::error::invalid_json);
            parse_error(valid_body("\"" + s + "\":1"), us::error::invalid_json);
            parse_error(valid_body("\"_configuration\":{\"" + s + "\":1}"), us::error::invalid_json);
            parse_error("[{\"" + s + "\":1}]", us::error::invalid_json);
        }
    // Raw (CESU-8) surrogate halves in nested keys.
    parse_error(valid_body("\"o\":{\"\xed\xb0\x80\":1}"), us::error::invalid_json);
    parse_error(valid_body("\"o\":[{\"\xed\xbf\xbf\":1}]"), us::error::invalid_json);
}

// --- NUL inside keys and values ---------------------------------------------

BOOST_AUTO_TEST_CASE(name_with_nul_is_counted_whole)
{
    // 65 code points with a NUL somewhere: too_long wherever the NUL is (a
    // C-string length would see 3, 64 or 0 characters).
    std::string const n64 = repeat("n", 64);
    std::string const bodies[] = {
        valid_body("\"_name\":\"nnn\\u0000" + repeat("n", 61) + "\""),
        valid_body("\"_name\":\"" + n64 + "\\u0000\""),
        valid_body("\"_name\":\"\\u0000" + n64 + "\""),
        valid_body("\"_name\":\"" + repeat("\\u0000", 65) + "\""),
    };
    for(std::string const& body : bodies)
        BOOST_TEST_CONTEXT(body)
        {
            BOOST_TEST(validated(body) == "/_name too_long");
            auto const merged = us::apply_update(stored(), us::parse_patch(body).value());
            BOOST_TEST_REQUIRE(merged.has_error());
            BOOST_TEST(codes(merged.error()) == "/_name too_long");
            check_report_output(merged.error());
        }
    // 64 code points with a NUL fit.
    BOOST_TEST(validated(valid_body("\"_name\":\"" + repeat("n", 63) + "\\u0000\"")) == "");
    BOOST_TEST(validated(valid_body("\"_name\":\"" + repeat("\\u0000", 64) + "\"")) == "");
}

BOOST_AUTO_TEST_CASE(enum_values_with_nul_are_not_in_enum)
{
    std::string const body = R"({"_startTime":"2007-12-20T10:15:30Z","_state":"ACTIVE\u0000"})";
    us::report const r = us::validate_patch(us::parse_patch(body).value());
    BOOST_TEST(codes(r) == "/_state not_in_enum");
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].message.find("ACTIVE\\u0000") != std::string::npos, r[0].message);
    check_report_output(r);

    BOOST_TEST(validated(R"({"_startTime":"2007-12-20T10:15:30Z","_state":"\u0000ACTIVE"})") ==
               "/_state not_in_enum");
    BOOST_TEST(validated(R"({"_startTime":"2007-12-20T10:15:30Z","_state":"ACT\u0000IVE"})") ==
               "/_state not_in_enum");
    BOOST_TEST(validated(valid_body(R"("_summary":{"_stopReasonCode":"COMPLETION\u0000"})")) ==
               "/_summary/_stopReasonCode not_in_enum");
    BOOST_TEST(validated(R"({"_startTime":"2007-12-20T10:15:30Z\u0000","_state":"ACTIVE"})") ==
               "/_startTime bad_timestamp");

    // apply_update refuses it and leaves the session as it was.
    json::object session = stored();
    std::string const before = json::serialize(session);
    us::report const in_place = us::apply_update_in_place(session, us::parse_patch(body).value());
    BOOST_TEST(codes(in_place) == "/_state not_in_enum");
    BOOST_TEST(json::serialize(session) == before);
}

BOOST_AUTO_TEST_CASE(system_attribute_names_with_nul_are_unknown)
{
    // "_state\u0000" is not "_state": an unknown reserved name, and the real
    // _state is missing.
    us::report const r = us::validate_patch(
        us::parse_patch(R"({"_startTime":"2007-12-20T10:15:30Z","_state\u0000":"ACTIVE"})").value());
    BOOST_TEST(codes(r) == std::string("/_state\0 unknown_attribute; /_state missing_required", 52));
    check_report_output(r);
    BOOST_TEST(validated(valid_body(R"("_summary":{"_stopReason\u0000":"x"})")) ==
               std::string("/_summary/_stopReason\0 unknown_attribute", 40));
    // A custom attribute may hold a NUL in its name and value; it is kept whole.
    auto const merged = us::apply_update(stored(), us::parse_patch(valid_body(R"("ward\u0000x":"a\u0000b")")).value());
    BOOST_TEST_REQUIRE(merged.has_value());
    BOOST_TEST(merged->at("ward").as_string() == "3B");
    BOOST_TEST(merged->at(std::string_view("ward\0x", 6)).as_string() == std::string_view("a\0b", 3));
}

// --- numbers -----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(overflowing_numbers_anywhere_are_invalid_json)
{
    for(char const* number : {"1e400", "-1e400", "1E+400", "123456789e999", "0.1e400"})
        BOOST_TEST_CONTEXT(number)
        {
            parse_error(valid_body(std::string("\"c\":") + number), us::error::invalid_json);
            parse_error(valid_body(std::string("\"_name\":") + number), us::error::invalid_json);
            parse_error(valid_body(std::string("\"_configuration\":{\"r\":[") + number + "]}"),
                        us::error::invalid_json);
        }
    // A long digit string that is still finite is fine.
    BOOST_TEST(validated(valid_body("\"c\":" + repeat("9", 300))) == "");
}

BOOST_AUTO_TEST_CASE(edge_numbers_are_accepted_finite_and_round_trip)
{
    std::string const body = valid_body(
        R"("z":-0,"big":18446744073709551616,"small":-9223372036854775809,)"
        R"("_configuration":{"z":-0.0,"big":[18446744073709551616],"small":{"v":-9223372036854775809}})");
    auto const parsed = us::parse_patch(body);
    BOOST_TEST_REQUIRE(parsed.has_value());
    json::object const& p = parsed->as_object();
    for(char const* key : {"z", "big", "small"})
        BOOST_TEST_CONTEXT(key)
        {
            BOOST_TEST(std::isfinite(p.at(key).to_number<double>()));
        }
    BOOST_TEST(p.at("z").to_number<double>() == 0.0);
    BOOST_TEST(p.at("big").to_number<double>() == 18446744073709551616.0);
    BOOST_TEST(p.at("small").to_number<double>() == -9223372036854775808.0);
    BOOST_TEST(us::validate_patch(*parsed).ok(), codes(us::validate_patch(*parsed)));

    // Merged, stored, and read back through the same strict front door.
    auto const merged = us::apply_update(stored(), *parsed);
    BOOST_TEST_REQUIRE(merged.has_value());
    BOOST_TEST(us::validate_session(*merged).ok());
    std::string const text = json::serialize(*merged);
    BOOST_TEST(text.find("Infinity") == std::string::npos, text);
    BOOST_TEST(text.find("NaN") == std::string::npos, text);
    auto const again = us::parse_patch(text);
    BOOST_TEST_REQUIRE(again.has_value(), text);
    BOOST_TEST(std::isfinite(again->at("_configuration").at("big").as_array()[0].to_number<double>()));
}

// --- one million unknown members ---------------------------------------------

BOOST_AUTO_TEST_CASE(one_million_unknown_members_give_a_capped_report)
{
    // Completes and is capped; linear time is not asserted (no timing).
    constexpr std::size_t n = 1'000'000;
    std::string body = "{";
    body.reserve(16 * n);
    for(std::size_t i = 0; i < n; ++i)
    {
        body += "\"_x" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    }
    body += valid_members;
    body += "}";

    // Over 1 MiB: the default limits refuse it unread.
    parse_error(body, us::error::too_large);

    us::parse_limits const limits{body.size(), 32};
    auto const parsed = us::parse_patch(body, limits);
    BOOST_TEST_REQUIRE(parsed.has_value());
    BOOST_TEST(parsed->as_object().size() == n + 2);

    us::report const r = us::validate_patch(*parsed);
    BOOST_TEST_REQUIRE(r.size() == 101u);
    BOOST_TEST(r.full());
    for(std::size_t i = 0; i < 100; ++i)
    {
        BOOST_TEST(r[i].pointer == "/_x" + std::to_string(i));
        BOOST_TEST(us::code_name(r[i].code) == "unknown_attribute");
    }
    BOOST_TEST(us::code_name(r[100].code) == "too_many_violations");
    check_report_output(r);

    // apply_update gives the same capped report and changes nothing.
    json::object session = stored();
    std::string const before = json::serialize(session);
    us::report const in_place = us::apply_update_in_place(session, *parsed);
    BOOST_TEST(in_place.size() == 101u);
    BOOST_TEST((in_place == r));
    BOOST_TEST(json::serialize(session) == before);
}

// --- CR, LF, ESC and quotes in attribute values -----------------------------

BOOST_AUTO_TEST_CASE(control_characters_and_quotes_are_escaped_and_cut)
{
    // Long values full of CR, LF, ESC, quotes and backslashes, through the
    // raw body, into every place a value or name is echoed.
    std::string const nasty = repeat(R"(\r\n\u001b\"\\)", 200);   // 1000 code points
    struct row
    {
        char const* what;
        std::string extra;
        char const* expected;
    };
    row const rows[] = {
        {"_state", "", "/_state not_in_enum"},
        {"_startTime", "", "/_startTime bad_timestamp"},
        {"_name", "", "/_name too_long"},
        {"_stopReasonCode", "", "/_summary/_stopReasonCode not_in_enum"},
        {"reserved name", "", ""},
    };
    for(row const& x : rows)
        BOOST_TEST_CONTEXT(x.what)
        {
            std::string body;
            std::string expected = x.expected;
            std::string const what = x.what;
            if(what == "_state")
                body = R"({"_startTime":"2007-12-20T10:15:30Z","_state":")" + nasty + "\"}";
            else if(what == "_startTime")
                body = R"({"_state":"ACTIVE","_startTime":")" + nasty + "\"}";
            else if(what == "_name")
                body = valid_body("\"_name\":\"" + nasty + "\"");
            else if(what == "_stopReasonCode")
                body = valid_body("\"_summary\":{\"_stopReasonCode\":\"" + nasty + "\"}");
            else
            {
                body = valid_body("\"_" + nasty + "\":1");
                expected = "/_" + repeat("\r\n\x1b\"\\", 200) + " unknown_attribute";
            }
            auto const parsed = us::parse_patch(body);
            BOOST_TEST_REQUIRE(parsed.has_value());
            us::report const r = us::validate_patch(*parsed);
            BOOST_TEST_REQUIRE(r.size() == 1u, codes(r));
            BOOST_TEST(codes(r) == expected);
            std::string const& m = r[0].message;
            // Escaped: no raw control byte, ESC shown as \u001b, CR and LF as
            // \r and \n, the quote as \".
            BOOST_TEST(control_byte(m) == std::string::npos, m);
            BOOST_TEST(m.find("\\r\\n\\u001b\\\"\\\\") != std::string::npos, m);
            // Cut: at most 64 of the 1000 code points (5 per piece) are shown.
            BOOST_TEST(m.find(repeat(R"(\r\n\u001b\"\\)", 13)) == std::string::npos, m);
            BOOST_TEST(m.find("...") != std::string::npos, m);
            BOOST_TEST(m.size() < 600u, m);
            check_report_output(r);
        }
}

BOOST_AUTO_TEST_CASE(every_control_character_is_escaped)
{
    // All 32 C0 controls and DEL in one value and one name.
    std::string value;
    for(int c = 1; c < 0x20; ++c)
    {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\u%04x", c);
        value += hex;
    }
    value += "\\u0000\x7f";
    std::string const body = R"({"_startTime":"2007-12-20T10:15:30Z","_state":")" + value +
                             R"(","_)" + value + R"(":1})";
    auto const parsed = us::parse_patch(body);
    BOOST_TEST_REQUIRE(parsed.has_value());
    us::report const r = us::validate_patch(*parsed);
    BOOST_TEST_REQUIRE(r.size() == 2u, codes(r));
    BOOST_TEST(us::code_name(r[0].code) == "not_in_enum");
    BOOST_TEST(us::code_name(r[1].code) == "unknown_attribute");
    check_report_output(r);
}

BOOST_AUTO_TEST_CASE(path_parameters_with_control_characters)
{
    // The path parameters come from the URL: same escaping rules.
    std::string const device = "pump\r\nX-Injected: 1\x1b[31m\"" + repeat("d", 200);
    us::report const r = us::validate_path(device, std::string("\0\r\n\"", 4));
    BOOST_TEST(codes(r) == "/deviceId bad_device_id; /id bad_uuid");
    check_report_output(r);
}

BOOST_AUTO_TEST_SUITE_END()
