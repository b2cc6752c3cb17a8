// Included first: proves the header is self-contained.
#include <usage_session/validate.hpp>

#include <usage_session/detail/text.hpp>

#include "test_data.hpp"
#include "test_support.hpp"

#include <boost/json/array.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace json = boost::json;
namespace pt = boost::posix_time;
namespace us = usage_session;
using test_support::codes;
using test_support::deep_value;

namespace {

constexpr char const* start = "2007-12-20T10:15:30Z";

// A valid patch plus the given members (which replace or add to it).
json::object valid_patch(json::object extra = {})
{
    json::object p{{"_startTime", start}, {"_state", "ACTIVE"}};
    for(auto& m : extra)
        p[m.key()] = std::move(m.value());
    return p;
}

std::string codes(json::array const& expect)
{
    std::string s;
    for(auto const& e : expect)
    {
        if(!s.empty())
            s += "; ";
        s += std::string(e.at("pointer").as_string()) + " " +
             std::string(e.at("code").as_string());
    }
    return s;
}

std::string repeat(std::string_view piece, std::size_t n)
{
    std::string s;
    for(std::size_t i = 0; i < n; ++i)
        s.append(piece.data(), piece.size());
    return s;
}

std::size_t count_of(std::string const& haystack, std::string const& needle)
{
    std::size_t n = 0;
    for(auto pos = haystack.find(needle); pos != std::string::npos;
        pos = haystack.find(needle, pos + needle.size()))
        ++n;
    return n;
}

// Safe to log and to send to a client: valid UTF-8 without C0 controls,
// DEL, C1 controls (U+0080-U+009F, encoded C2 80..C2 9F) or U+2028/U+2029.
// Returns what is wrong, or "" when the text is safe.
std::string log_safety_problem(std::string const& text)
{
    for(std::size_t i = 0; i < text.size(); ++i)
    {
        auto const b = static_cast<unsigned char>(text[i]);
        auto const next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0u;
        if(b < 0x20 || b == 0x7F)
            return "control byte at offset " + std::to_string(i);
        if(b == 0xC2 && next >= 0x80 && next <= 0x9F)
            return "C1 control at offset " + std::to_string(i);
        if(b == 0xE2 && next == 0x80 && i + 2 < text.size() &&
           (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
            static_cast<unsigned char>(text[i + 2]) == 0xA9))
            return "U+2028/U+2029 at offset " + std::to_string(i);
    }
    // UTF-8 validity: round trip through Boost.JSON's own checking parser.
    std::string quoted = "\"";
    for(char c : text)
        quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    quoted += '"';
    boost::system::error_code ec;
    json::parse(quoted, ec);
    if(ec)
        return "not valid UTF-8 (" + ec.message() + ")";
    return "";
}

void check_messages_are_safe(us::report const& r)
{
    for(auto const& v : r)
    {
        BOOST_TEST_CONTEXT("violation at " << v.pointer << " (" << us::code_name(v.code) << ")")
        {
            BOOST_TEST(!v.message.empty());
            BOOST_TEST(log_safety_problem(v.message) == "");
        }
    }
}

json::array load_cases()
{
    return test_data::load_json("patch_cases.json").at("cases").as_array();
}

// {"a":{"a":...{}...}}: `containers` nested objects (the outermost included),
// built iteratively; the innermost is an empty object.
json::value nest_objects(std::size_t containers)
{
    json::value v = json::object();
    for(std::size_t i = 1; i < containers; ++i)
    {
        json::object o;
        o["a"] = std::move(v);
        v = std::move(o);
    }
    return v;
}

// [[...[]...]]: `containers` nested arrays, built iteratively.
json::value nest_arrays(std::size_t containers)
{
    json::value v = json::array();
    for(std::size_t i = 1; i < containers; ++i)
    {
        json::array a;
        a.push_back(std::move(v));
        v = std::move(a);
    }
    return v;
}

// "/c/a/a/a": `prefix` followed by `n` times "/a".
std::string pointer_down(std::string prefix, std::size_t n)
{
    return prefix + repeat("/a", n);
}

double const pos_inf = std::numeric_limits<double>::infinity();
double const quiet_nan = std::numeric_limits<double>::quiet_NaN();

// A complete stored session, as the platform returns it.
json::object stored_session()
{
    return json::object{
        {"_id", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"},
        {"_patient", {{"_id", "6b8b4567-327b-23c6-643c-986966334873"}}},
        {"_device", {{"_id", "ff7f0a1e-0d61-4d8e-9a57-5b4fa1c7f3a0"}, {"serial", "SN-1"}}},
        {"_ownerOrganization", {{"_id", "a1b2c3d4-e5f6-4a5b-8c7d-9e0f1a2b3c4d"}}},
        {"_initiator", {{"_id", "0d4d1b1e-8a4f-4f0b-9d9a-1f8c7b6a5e4d"}}},
        {"_requiredMeasurementIntervalMilliseconds", 60000},
        {"_template", {{"_id", "5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716"}}},
        {"_referencers", json::array{}},
        {"_creationTime", "2007-12-20T10:00:00Z"},
        {"_lastModifiedTime", "2007-12-20T12:00:00Z"},
        {"_sessionContext", {{"ward", "3B"}}},
        {"_caption", "Night measurement"},
        {"_startTime", start},
        {"_state", "DONE"},
        {"_endTime", "2007-12-20T11:15:30Z"},
        {"_name", "Night"},
        {"_configuration", {{"mode", "fast"}}},
        {"_summary", {{"_stopReasonCode", "COMPLETION"}, {"_stopReason", "finished"}}},
        {"patientNote", "custom attribute"}};
}

pt::ptime utc(char const* iso)
{
    return pt::from_iso_extended_string(iso);
}

}   // namespace

BOOST_AUTO_TEST_SUITE(validate)

// ---------------------------------------------------------------- data cases

BOOST_AUTO_TEST_CASE(patch_cases_data_is_well_formed)
{
    json::array const cases = load_cases();
    BOOST_TEST(cases.size() >= 100u);
    std::set<std::string> names;
    std::set<std::string> known_codes;
    for(int i = 1; i <= us::error_count; ++i)
        known_codes.insert(std::string(us::code_name(static_cast<us::error>(i))));
    for(auto const& c : cases)
    {
        json::object const& o = c.as_object();
        std::string const name(o.at("name").as_string());
        BOOST_TEST_CONTEXT("case: " << name)
        {
            BOOST_TEST(names.insert(name).second, "case names are unique");
            BOOST_TEST(o.size() == 3u);
            BOOST_TEST(o.contains("patch"));
            for(auto const& e : o.at("expect").as_array())
            {
                BOOST_TEST(e.as_object().size() == 2u);
                BOOST_TEST(known_codes.count(std::string(e.at("code").as_string())) == 1u,
                           "unknown code " << e.at("code"));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(patch_cases_cover_every_rule)
{
    // Each docs/contract.md §2.1 row needs a passing and a failing case: check the data
    // did not lose whole groups (a failing code per member, and passes).
    std::set<std::string> seen;      // "pointer code"
    std::set<std::string> passing;   // system members present in a valid case
    for(auto const& c : load_cases())
    {
        for(auto const& e : c.at("expect").as_array())
            seen.insert(std::string(e.at("pointer").as_string()) + " " +
                        std::string(e.at("code").as_string()));
        if(c.at("expect").as_array().empty() && c.at("patch").is_object())
            for(auto const& m : c.at("patch").as_object())
            {
                passing.insert(std::string(m.key()));
                if(m.key() == "_summary")
                    for(auto const& s : m.value().as_object())
                        passing.insert("_summary/" + std::string(s.key()));
            }
    }
    for(char const* expected : {
            "/_startTime missing_required", "/_startTime null_not_allowed",
            "/_startTime wrong_type", "/_startTime bad_timestamp", "/_startTime not_utc",
            "/_startTime timestamp_out_of_range", "/_state not_in_enum",
            "/_state null_not_allowed", "/_state missing_required", "/_state wrong_type",
            "/_endTime bad_timestamp", "/_name too_short", "/_name too_long",
            "/_name wrong_type", "/_configuration null_not_allowed",
            "/_configuration wrong_type", "/_configuration/_x unknown_attribute",
            "/_summary/_stopReason too_long", "/_summary/_stopReason wrong_type",
            "/_summary/_stopReasonCode not_in_enum", "/_summary/_other unknown_attribute",
            "/_summary null_not_allowed", "/_unknown unknown_attribute",
            " not_an_object"})
        BOOST_TEST(seen.count(expected) == 1u, "no failing case for " << expected);
    for(std::string_view ro : us::default_read_only_attributes)
        BOOST_TEST(seen.count("/" + std::string(ro) + " read_only_attribute") == 1u,
                   "no case for read-only " << ro);
    for(char const* member : {"_startTime", "_state", "_endTime", "_name", "_configuration",
                              "_summary", "_summary/_stopReason", "_summary/_stopReasonCode"})
        BOOST_TEST(passing.count(member) == 1u, "no passing case with " << member);
}

BOOST_AUTO_TEST_CASE(patch_cases)
{
    json::array const cases = load_cases();
    BOOST_TEST_REQUIRE(cases.size() >= 100u);
    for(auto const& c : cases)
    {
        BOOST_TEST_CONTEXT("case: " << c.at("name").as_string()
                                    << "\n  patch: " << json::serialize(c.at("patch")))
        {
            us::report const r = us::validate_patch(c.at("patch"));
            json::array const& expect = c.at("expect").as_array();
            BOOST_TEST(codes(r) == codes(expect));
            BOOST_TEST(r.ok() == expect.empty());
            BOOST_TEST(static_cast<bool>(r) == expect.empty());
            BOOST_TEST(r.size() == expect.size());
            check_messages_are_safe(r);
        }
    }
}

// ---------------------------------------------------------- _name in code points

BOOST_AUTO_TEST_CASE(name_length_counts_code_points)
{
    struct row
    {
        char const* what;
        std::string piece;   // one code point
    };
    for(row const& r : {row{"ASCII", "a"}, row{"2-byte e acute", "\xC3\xA9"},
                        row{"3-byte euro sign", "\xE2\x82\xAC"},
                        row{"4-byte emoji (2 UTF-16 units)", "\xF0\x9F\x98\x80"}})
    {
        BOOST_TEST_CONTEXT(r.what)
        {
            BOOST_TEST(codes(us::validate_patch(valid_patch({{"_name", repeat(r.piece, 1)}}))) == "");
            BOOST_TEST(codes(us::validate_patch(valid_patch({{"_name", repeat(r.piece, 64)}}))) == "");
            BOOST_TEST(codes(us::validate_patch(valid_patch({{"_name", repeat(r.piece, 65)}}))) ==
                       "/_name too_long");
        }
    }
    // 63 ASCII + one emoji: 67 bytes but 64 code points.
    BOOST_TEST(codes(us::validate_patch(valid_patch(
                   {{"_name", repeat("a", 63) + "\xF0\x9F\x98\x80"}}))) == "");
    // 32 emoji: 64 UTF-16 units, 32 code points; 33 emoji: 66 UTF-16 units.
    BOOST_TEST(codes(us::validate_patch(valid_patch(
                   {{"_name", repeat("\xF0\x9F\x98\x80", 33)}}))) == "");
    // A combining sequence counts per code point: "e" + U+0301 is two.
    BOOST_TEST(codes(us::validate_patch(valid_patch(
                   {{"_name", repeat("e\xCC\x81", 32)}}))) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch(
                   {{"_name", repeat("e\xCC\x81", 32) + "x"}}))) == "/_name too_long");
}

BOOST_AUTO_TEST_CASE(name_with_embedded_nul_counts_every_character)
{
    std::string with_nul = repeat("n", 65);
    with_nul[3] = '\0';
    BOOST_TEST_REQUIRE(with_nul.size() == 65u);
    json::object const patch = valid_patch({{"_name", json::string(with_nul)}});
    BOOST_TEST(patch.at("_name").as_string().size() == 65u);
    us::report const r = us::validate_patch(patch);
    BOOST_TEST(codes(r) == "/_name too_long");
    check_messages_are_safe(r);

    std::string ok = repeat("n", 64);
    ok[3] = '\0';
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_name", json::string(ok)}}))) == "");

    // A lone NUL is one code point, not an empty name.
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_name", json::string(std::string(1, '\0'))}}))) == "");
}

// ------------------------------------------------------------ several faults

BOOST_AUTO_TEST_CASE(five_faults_give_five_violations_in_document_order)
{
    json::value const patch = json::parse(R"({
        "_name": "",
        "_startTime": "2007-12-20T10:15:30+02:00",
        "_summary": {"_stopReasonCode": "completion", "steps": 3},
        "_id": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "custom": 1,
        "_configuration": null
    })");
    us::report const r = us::validate_patch(patch);
    BOOST_TEST_REQUIRE(r.size() == 6u, codes(r));
    std::vector<std::pair<std::string, us::error>> const expected = {
        {"/_name", us::error::too_short},
        {"/_startTime", us::error::not_utc},
        {"/_summary/_stopReasonCode", us::error::not_in_enum},
        {"/_id", us::error::read_only_attribute},
        {"/_configuration", us::error::null_not_allowed},
        {"/_state", us::error::missing_required}};
    for(std::size_t i = 0; i < expected.size(); ++i)
    {
        BOOST_TEST_CONTEXT("violation " << i)
        {
            BOOST_TEST(r[i].pointer == expected[i].first);
            BOOST_TEST(us::code_name(r[i].code) == us::code_name(expected[i].second));
        }
    }
    // The same five faults with _state present: exactly five.
    json::value with_state = patch;
    with_state.as_object()["_state"] = "DONE";
    BOOST_TEST(codes(us::validate_patch(with_state)) ==
               "/_name too_short; /_startTime not_utc; /_summary/_stopReasonCode not_in_enum; "
               "/_id read_only_attribute; /_configuration null_not_allowed");
}

BOOST_AUTO_TEST_CASE(order_is_document_order_not_alphabetical)
{
    // Same members, reversed order: the report follows the document.
    json::object forward{{"_a", 1}, {"_b", 1}, {"_c", 1}};
    json::object backward{{"_c", 1}, {"_b", 1}, {"_a", 1}};
    BOOST_TEST(codes(us::validate_patch(forward)) ==
               "/_a unknown_attribute; /_b unknown_attribute; /_c unknown_attribute; "
               "/_startTime missing_required; /_state missing_required");
    BOOST_TEST(codes(us::validate_patch(backward)) ==
               "/_c unknown_attribute; /_b unknown_attribute; /_a unknown_attribute; "
               "/_startTime missing_required; /_state missing_required");
}

// ------------------------------------------------------------------ messages

BOOST_AUTO_TEST_CASE(message_names_attribute_and_echoes_value)
{
    us::report const r = us::validate_patch(valid_patch({{"_state", "RUNNING"}}));
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].message.find("_state") != std::string::npos, r[0].message);
    BOOST_TEST(r[0].message.find("RUNNING") != std::string::npos, r[0].message);
    // The rule: the allowed values are named.
    BOOST_TEST(r[0].message.find("ACTIVE") != std::string::npos, r[0].message);

    struct row
    {
        json::object patch;
        char const* attribute;
        char const* value;
    };
    for(row const& x : {
            row{valid_patch({{"_startTime", "noon"}}), "_startTime", "noon"},
            row{valid_patch({{"_endTime", "2007-12-20T10:15:30+02:00"}}), "_endTime", "+02:00"},
            row{valid_patch({{"_name", repeat("z", 70)}}), "_name", "zzzz"},
            row{valid_patch({{"_summary", {{"_stopReasonCode", "OOPS"}}}}), "_stopReasonCode", "OOPS"},
            row{valid_patch({{"_wat", 1}}), "_wat", "_wat"},
            row{valid_patch({{"_caption", "x"}}), "_caption", "_caption"},
            row{valid_patch({{"_name", 12345}}), "_name", "12345"},
            row{json::object{{"_state", "DONE"}}, "_startTime", "_startTime"}})
    {
        us::report const rr = us::validate_patch(x.patch);
        BOOST_TEST_CONTEXT(json::serialize(x.patch))
        {
            BOOST_TEST_REQUIRE(rr.size() == 1u);
            BOOST_TEST(rr[0].message.find(x.attribute) != std::string::npos, rr[0].message);
            BOOST_TEST(rr[0].message.find(x.value) != std::string::npos, rr[0].message);
        }
    }
}

BOOST_AUTO_TEST_CASE(echoed_value_is_cut_to_64_code_points)
{
    us::report const r = us::validate_patch(valid_patch({{"_state", repeat("X", 1000)}}));
    BOOST_TEST_REQUIRE(r.size() == 1u);
    std::string const& m = r[0].message;
    BOOST_TEST(m.find(repeat("X", 64)) != std::string::npos, m);
    BOOST_TEST(m.find(repeat("X", 65)) == std::string::npos, m);
    BOOST_TEST(m.find("...") != std::string::npos, m);
    BOOST_TEST(m.size() < 400u, m);

    // Cut in code points, never inside a UTF-8 sequence.
    us::report const wide = us::validate_patch(valid_patch({{"_state", repeat("\xC3\xA9", 1000)}}));
    BOOST_TEST_REQUIRE(wide.size() == 1u);
    BOOST_TEST(count_of(wide[0].message, "\xC3\xA9") == 64u, wide[0].message);
    BOOST_TEST(log_safety_problem(wide[0].message) == "");

    // A value of exactly 64 code points is shown whole, without "...".
    us::report const exact = us::validate_patch(valid_patch({{"_state", repeat("X", 64)}}));
    BOOST_TEST_REQUIRE(exact.size() == 1u);
    BOOST_TEST(exact[0].message.find(repeat("X", 64)) != std::string::npos);
    BOOST_TEST(exact[0].message.find("...") == std::string::npos, exact[0].message);

    // Long attribute names are cut too.
    us::report const name = us::validate_patch(valid_patch({{"_" + repeat("k", 1000), 1}}));
    BOOST_TEST_REQUIRE(name.size() == 1u);
    BOOST_TEST(name[0].message.find(repeat("k", 65)) == std::string::npos);
    BOOST_TEST(name[0].message.size() < 400u, name[0].message);
}

BOOST_AUTO_TEST_CASE(control_characters_are_escaped)
{
    us::report const r = us::validate_patch(valid_patch({{"_state", "A\nB\x1b\"C\r"}}));
    BOOST_TEST_REQUIRE(r.size() == 1u);
    std::string const& m = r[0].message;
    BOOST_TEST(log_safety_problem(m) == "", m);
    BOOST_TEST(m.find('\x1b') == std::string::npos);
    BOOST_TEST(m.find("A\\nB") != std::string::npos, m);   // backslash and n
    BOOST_TEST(m.find("\\r") != std::string::npos, m);
    BOOST_TEST(m.find("\\\"C") != std::string::npos, m);   // the quote is escaped too

    // C1 controls, DEL, line and paragraph separators, a tab, NUL.
    std::string nasty = "a\xC2\x85"
                        "b\x7F"
                        "c\xE2\x80\xA8"
                        "d\xE2\x80\xA9"
                        "e\tf";
    nasty.push_back('\0');
    nasty += "g";
    us::report const c1 = us::validate_patch(valid_patch({{"_state", json::string(nasty)}}));
    BOOST_TEST_REQUIRE(c1.size() == 1u);
    BOOST_TEST(log_safety_problem(c1[0].message) == "", c1[0].message);
    BOOST_TEST(c1[0].message.find("\\t") != std::string::npos, c1[0].message);

    // Control characters in attribute names, at any level.
    json::object names = valid_patch({{"_a\x01"
                                       "b",
                                       1}});
    names["_summary"] = json::object{{"_x\ny", 1}};
    us::report const n = us::validate_patch(names);
    BOOST_TEST(codes(n) == "/_a\x01"
                           "b unknown_attribute; /_summary/_x\ny unknown_attribute");
    check_messages_are_safe(n);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_escaped_in_messages)
{
    us::report const r = us::validate_patch(valid_patch({{"_state", json::string("AC\xFFTIVE")}}));
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(us::code_name(r[0].code) != "too_many_violations");
    BOOST_TEST(log_safety_problem(r[0].message) == "", r[0].message);

    us::report const key = us::validate_patch(valid_patch({{json::string("bad\xC0key"), 1}}));
    BOOST_TEST_REQUIRE(key.size() == 1u);
    BOOST_TEST(log_safety_problem(key[0].message) == "", key[0].message);
}

// ---------------------------------------------------------------- report cap

BOOST_AUTO_TEST_CASE(report_is_capped_at_100_plus_one)
{
    json::object patch = valid_patch();
    for(int i = 0; i < 150; ++i)
        patch["_u" + std::to_string(i)] = i;
    us::report const r = us::validate_patch(patch);
    BOOST_TEST_REQUIRE(r.size() == 101u);
    for(std::size_t i = 0; i < 100; ++i)
    {
        BOOST_TEST(r[i].pointer == "/_u" + std::to_string(i));
        BOOST_TEST(us::code_name(r[i].code) == "unknown_attribute");
    }
    BOOST_TEST(us::code_name(r[100].code) == "too_many_violations");
    BOOST_TEST(r.full());
    BOOST_TEST(!r.ok());
    check_messages_are_safe(r);
    BOOST_TEST(r.violations().size() == 101u);
    BOOST_TEST(static_cast<std::size_t>(r.end() - r.begin()) == 101u);
}

BOOST_AUTO_TEST_CASE(report_with_exactly_100_violations_is_not_full)
{
    json::object patch;   // 98 unknown + 2 missing required = 100
    for(int i = 0; i < 98; ++i)
        patch["_u" + std::to_string(i)] = i;
    us::report const r = us::validate_patch(patch);
    BOOST_TEST_REQUIRE(r.size() == 100u);
    BOOST_TEST(!r.full());
    BOOST_TEST(r[98].pointer == "/_startTime");
    BOOST_TEST(r[99].pointer == "/_state");
    BOOST_TEST(us::code_name(r[99].code) == "missing_required");

    patch["_u98"] = 98;   // 101 violations: the 101st gives way to the marker
    us::report const over = us::validate_patch(patch);
    BOOST_TEST_REQUIRE(over.size() == 101u);
    BOOST_TEST(over[99].pointer == "/_startTime");
    BOOST_TEST(us::code_name(over[100].code) == "too_many_violations");
}

BOOST_AUTO_TEST_CASE(first_error_only)
{
    json::object patch = valid_patch({{"_state", "nope"}, {"_name", ""}, {"_x", 1}});
    us::report const r = us::validate_patch(patch, us::schema::standard(), us::validate_options{1});
    BOOST_TEST_REQUIRE(r.size() == 2u, codes(r));
    BOOST_TEST(r[0].pointer == "/_state");
    BOOST_TEST(us::code_name(r[0].code) == "not_in_enum");
    BOOST_TEST(us::code_name(r[1].code) == "too_many_violations");
    BOOST_TEST(r.max_violations() == 1u);

    // The first entry is the same as in the full report.
    us::report const full = us::validate_patch(patch);
    BOOST_TEST_REQUIRE(full.size() == 3u);
    BOOST_TEST((r[0] == full[0]));

    // With a single fault, the capped report is that fault alone.
    us::report const single = us::validate_patch(valid_patch({{"_x", 1}}), us::schema::standard(),
                                                 us::validate_options{1});
    BOOST_TEST(codes(single) == "/_x unknown_attribute");
    BOOST_TEST(!single.full());

    // Missing required members are capped like any other violation.
    us::report const missing = us::validate_patch(json::object{}, us::schema::standard(),
                                                  us::validate_options{1});
    BOOST_TEST(codes(missing) == "/_startTime missing_required;  too_many_violations");
}

BOOST_AUTO_TEST_CASE(report_is_deterministic)
{
    json::value const patch = json::parse(R"({"_b": 1, "_state": "x", "_summary": {"_q": 1,
        "_stopReason": 5}, "c": [1, 2, {"d": null}], "_a": 2, "_name": ""})");
    us::report const a = us::validate_patch(patch);
    us::report const b = us::validate_patch(patch);
    BOOST_TEST(a.size() == 7u, codes(a));
    BOOST_TEST((a == b));
    BOOST_TEST(codes(a) == codes(b));
    for(std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        BOOST_TEST(a[i].message == b[i].message);
    // A copy of the document gives the same report as well.
    json::value const copy = patch;
    BOOST_TEST((us::validate_patch(copy) == a));
}

// ------------------------------------------------- numbers and text built in code

BOOST_AUTO_TEST_CASE(non_finite_numbers_are_out_of_range)
{
    json::object patch = valid_patch();
    patch["custom"] = json::object{{"a", json::array{pos_inf, 1.0, quiet_nan, -pos_inf}},
                                   {"b", {{"c", quiet_nan}}},
                                   {"ok", 1.5}};
    patch["x"] = -pos_inf;
    patch["_configuration"] = json::object{{"k", quiet_nan}};
    // [[inf]] built step by step: `json::array{json::array{...}}` is a copy
    // of the inner array on some compilers, not an array holding it.
    json::array inner;
    inner.push_back(pos_inf);
    json::array outer;
    outer.push_back(std::move(inner));
    patch["_summary"] = json::object{{"k", std::move(outer)}};
    us::report const r = us::validate_patch(patch);
    BOOST_TEST(codes(r) ==
               "/custom/a/0 out_of_range; /custom/a/2 out_of_range; /custom/a/3 out_of_range; "
               "/custom/b/c out_of_range; /x out_of_range; /_configuration/k out_of_range; "
               "/_summary/k/0/0 out_of_range");
    check_messages_are_safe(r);
    for(auto const& v : r)
        BOOST_TEST(v.message.find("finite") != std::string::npos, v.message);

    // On a typed system attribute the type is what is wrong.
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_name", quiet_nan}}))) == "/_name wrong_type");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_summary", {{"_stopReason", pos_inf}}}}))) ==
               "/_summary/_stopReason wrong_type");
    // Finite extremes are fine.
    BOOST_TEST(codes(us::validate_patch(valid_patch(
                   {{"big", std::numeric_limits<double>::max()},
                    {"tiny", std::numeric_limits<double>::denorm_min()}}))) == "");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_invalid_json)
{
    struct row
    {
        char const* what;
        char const* bytes;
    };
    for(row const& x : {row{"lone 0xFF", "\xFF"},
                        row{"stray continuation byte", "a\x80"
                                                       "b"},
                        row{"truncated 3-byte sequence", "\xE2\x82"},
                        row{"overlong NUL", "\xC0\x80"},
                        row{"overlong slash", "\xE0\x80\xAF"},
                        row{"UTF-16 surrogate", "\xED\xA0\x80"},
                        row{"above U+10FFFF", "\xF4\x90\x80\x80"}})
    {
        BOOST_TEST_CONTEXT(x.what)
        {
            json::string const bad(x.bytes);
            json::object patch = valid_patch();
            patch["s"] = bad;
            patch["deep"] = json::object{{"list", json::array{1, bad}}};
            patch["_name"] = bad;
            patch["_configuration"] = json::object{{"c", bad}};
            patch["_summary"] = json::object{{"_stopReason", bad}, {"k", bad}};
            us::report const r = us::validate_patch(patch);
            BOOST_TEST(codes(r) ==
                       "/s invalid_json; /deep/list/1 invalid_json; /_name invalid_json; "
                       "/_configuration/c invalid_json; /_summary/_stopReason invalid_json; "
                       "/_summary/k invalid_json");
            check_messages_are_safe(r);
        }
    }
    // Member names of custom attributes, at the top and nested.
    json::object names = valid_patch();
    names[json::string("\xFF")] = 1;
    names["obj"] = json::object{{json::string("k\xC3"), 1}};
    us::report const r = us::validate_patch(names);
    BOOST_TEST(codes(r) == "/\xFF invalid_json; /obj/k\xC3 invalid_json");
    check_messages_are_safe(r);

    // Valid multi-byte text everywhere is fine.
    BOOST_TEST(codes(us::validate_patch(valid_patch(
                   {{"s", "\xF0\x9F\x98\x80 \xE2\x82\xAC \xC3\xA9"},
                    {"_name", "\xF4\x8F\xBF\xBF"}}))) == "");
}

namespace {

// Well-formed UTF-8 by the table of the Unicode standard (§3.9, table 3-7),
// one byte at a time: the reference the word-at-a-time count must match.
// Returns false for ill-formed input; `count` is the number of code points.
bool reference_count(std::string_view s, std::size_t& count)
{
    auto in = [](unsigned char b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
    count = 0;
    std::size_t i = 0;
    while(i < s.size())
    {
        auto at = [&](std::size_t k) -> unsigned char {
            return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
        };
        unsigned char const b = at(0);
        std::size_t len = 0;
        if(b <= 0x7F)
            len = 1;
        else if(in(b, 0xC2, 0xDF) && in(at(1), 0x80, 0xBF))
            len = 2;
        else if(b == 0xE0 && in(at(1), 0xA0, 0xBF) && in(at(2), 0x80, 0xBF))
            len = 3;
        else if((in(b, 0xE1, 0xEC) || in(b, 0xEE, 0xEF)) && in(at(1), 0x80, 0xBF) && in(at(2), 0x80, 0xBF))
            len = 3;
        else if(b == 0xED && in(at(1), 0x80, 0x9F) && in(at(2), 0x80, 0xBF))
            len = 3;
        else if(b == 0xF0 && in(at(1), 0x90, 0xBF) && in(at(2), 0x80, 0xBF) && in(at(3), 0x80, 0xBF))
            len = 4;
        else if(in(b, 0xF1, 0xF3) && in(at(1), 0x80, 0xBF) && in(at(2), 0x80, 0xBF) && in(at(3), 0x80, 0xBF))
            len = 4;
        else if(b == 0xF4 && in(at(1), 0x80, 0x8F) && in(at(2), 0x80, 0xBF) && in(at(3), 0x80, 0xBF))
            len = 4;
        if(len == 0 || i + len > s.size())
            return false;
        i += len;
        ++count;
    }
    return true;
}

// Compares the library with the reference on `s`; "" when they agree.
std::string utf8_disagreement(std::string const& s)
{
    std::size_t expected = 0;
    bool const expected_ok = reference_count(s, expected);
    std::size_t got = 0;
    bool const got_ok = us::detail::count_code_points(s, got);
    if(got_ok != expected_ok || us::detail::is_valid_utf8(s) != expected_ok ||
       (expected_ok && got != expected))
    {
        std::ostringstream out;
        out << "size " << s.size() << " bytes";
        for(char c : s)
            out << ' ' << std::hex << static_cast<unsigned>(static_cast<unsigned char>(c));
        out << ": expected " << (expected_ok ? "valid" : "invalid") << ' ' << std::dec << expected
            << ", got " << (got_ok ? "valid" : "invalid") << ' ' << got;
        return out.str();
    }
    return {};
}

}   // namespace

BOOST_AUTO_TEST_CASE(utf8_count_matches_a_byte_at_a_time_reference)
{
    // Every length from 0 to 40 (the 8-byte words and the tails after
    // them), with one special sequence at every position of ASCII text.
    std::vector<std::string> const specials = {
        std::string("\0", 1),                                                 // NUL counts like any character
        "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",   // valid, 2-4 bytes
        "\xFF", "\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\xAF",       // invalid bytes, overlongs
        "\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80",
        "\xC3", "\xE2\x82", "\xF0\x9F\x98",   // truncated
        "\xC3\x41", "\xE2\x41\x82", "\x7F"};
    for(std::size_t length = 0; length <= 40; ++length)
    {
        std::string const plain(length, 'a');
        BOOST_TEST(utf8_disagreement(plain) == "");
        for(std::size_t pos = 0; pos <= length; ++pos)
            for(std::string const& special : specials)
            {
                std::string s = plain;
                s.insert(pos, special);
                BOOST_TEST(utf8_disagreement(s) == "");
                // The same sequence replacing a byte, so that it also ends
                // exactly at the end of the text.
                if(pos < length)
                {
                    std::string r = plain;
                    r.replace(pos, 1, special);
                    BOOST_TEST(utf8_disagreement(r) == "");
                }
            }
    }

    // Random mixes of ASCII, NUL, lead, continuation and invalid bytes.
    unsigned char const alphabet[] = {'a', 0, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                      0xC2, 0xC3, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    std::uint32_t state = 12345;
    for(int round = 0; round < 20000; ++round)
    {
        state = state * 1664525u + 1013904223u;   // a fixed LCG: the same cases every run
        std::size_t const length = (state >> 8) % 41;
        std::string s;
        for(std::size_t i = 0; i < length; ++i)
        {
            state = state * 1664525u + 1013904223u;
            // Mostly ASCII, like real text, so that valid strings come up too.
            std::size_t const k = (state >> 16) % 64;
            s += static_cast<char>(k < sizeof(alphabet) ? alphabet[k] : 'a' + k % 26);
        }
        std::string const why = utf8_disagreement(s);
        BOOST_TEST(why == "");
        if(!why.empty())
            break;
    }
}

BOOST_AUTO_TEST_CASE(invalid_utf8_found_at_any_position)
{
    // Through the validator: a bad byte anywhere in a long value or member
    // name is found, and a multi-byte character is one character.
    for(std::size_t pos = 0; pos < 40; ++pos)
    {
        std::string value(40, 'x');
        value[pos] = '\xFF';
        json::object p = valid_patch({{"s", json::string(value)}});
        p[json::string(value)] = 1;
        BOOST_TEST(codes(us::validate_patch(p)) == "/s invalid_json; /" + value + " invalid_json", pos);

        // _name: at most 64 characters; 63 ASCII plus one 3-byte character is 64.
        std::string name(63, 'n');
        name.insert(std::min(pos, name.size()), "\xE2\x82\xAC");
        BOOST_TEST(codes(us::validate_patch(valid_patch({{"_name", json::string(name)}}))) == "", pos);
        name += "\xC3\xA9";
        BOOST_TEST(codes(us::validate_patch(valid_patch({{"_name", json::string(name)}}))) ==
                       "/_name too_long",
                   pos);
    }
}

// -------------------------------------------------------------------- depth

BOOST_AUTO_TEST_CASE(depth_limit_boundary)
{
    // The patch object is level 1, a top-level custom value level 2.
    {
        json::object patch = valid_patch({{"c", nest_objects(31)}});   // 32 levels
        BOOST_TEST(codes(us::validate_patch(patch)) == "");
    }
    {
        json::object patch = valid_patch({{"c", nest_objects(32)}});   // 33 levels
        BOOST_TEST(codes(us::validate_patch(patch)) == pointer_down("/c", 31) + " too_deep");
    }
    {
        json::object patch = valid_patch({{"c", nest_arrays(31)}});
        BOOST_TEST(codes(us::validate_patch(patch)) == "");
        patch["c"] = nest_arrays(32);
        BOOST_TEST(codes(us::validate_patch(patch)) == "/c" + repeat("/0", 31) + " too_deep");
    }
    {
        // Inside _configuration (level 2) a custom value is level 3.
        json::object patch = valid_patch({{"_configuration", {{"c", nest_objects(30)}}}});
        BOOST_TEST(codes(us::validate_patch(patch)) == "");
        patch["_configuration"] = json::object{{"c", nest_objects(31)}};
        BOOST_TEST(codes(us::validate_patch(patch)) ==
                   pointer_down("/_configuration/c", 30) + " too_deep");
        patch["_configuration"] = json::object();
        patch["_summary"] = json::object{{"c", nest_objects(31)}};
        BOOST_TEST(codes(us::validate_patch(patch)) == pointer_down("/_summary/c", 30) + " too_deep");
    }
    {
        // Scalars inside the deepest allowed container add no level.
        json::value inner = json::object{{"leaf", 1}, {"list", json::array{true, "x"}}};
        json::object patch = valid_patch({{"c", nest_objects(31)}});
        json::value* p = &patch["c"];
        while(p->as_object().contains("a"))
            p = &p->as_object()["a"];
        *p = json::object{{"leaf", 1}, {"s", "x"}};   // level 32, holding scalars
        BOOST_TEST(codes(us::validate_patch(patch)) == "");
        *p = std::move(inner);   // level 32 with an array at level 33
        BOOST_TEST(codes(us::validate_patch(patch)) == pointer_down("/c", 30) + "/list too_deep");
    }
}

BOOST_AUTO_TEST_CASE(too_deep_is_reported_once)
{
    json::object patch = valid_patch({{"c", nest_objects(40)}});
    us::report const r = us::validate_patch(patch);
    BOOST_TEST(codes(r) == pointer_down("/c", 31) + " too_deep");
    check_messages_are_safe(r);
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].message.find("32") != std::string::npos, r[0].message);
}

BOOST_AUTO_TEST_CASE(very_deep_values_do_not_crash)
{
    // Deep values are moved, never copied (copying recurses as well), and
    // dismantled by deep_value before they are destroyed.
    constexpr std::size_t deep = 100000;
    auto patch_with = [](char const* key, json::value v) {
        json::object p = valid_patch();
        p[key] = std::move(v);
        return json::value(std::move(p));
    };
    {
        deep_value patch(patch_with("c", nest_objects(deep)));
        BOOST_TEST(codes(us::validate_patch(patch.v)) == pointer_down("/c", 31) + " too_deep");
    }
    {
        deep_value patch(patch_with("c", nest_arrays(deep)));
        BOOST_TEST(codes(us::validate_patch(patch.v)) == "/c" + repeat("/0", 31) + " too_deep");
    }
    {
        json::object configuration;
        configuration["c"] = nest_arrays(deep);
        deep_value patch(patch_with("_configuration", std::move(configuration)));
        BOOST_TEST(codes(us::validate_patch(patch.v)) ==
                   "/_configuration/c" + repeat("/0", 30) + " too_deep");
    }
    {
        // The whole body nested: its one member is a custom attribute.
        deep_value patch(nest_objects(deep));
        BOOST_TEST(codes(us::validate_patch(patch.v)) == pointer_down("/a", 31) +
                                                             " too_deep; /_startTime missing_required; /_state missing_required");
    }
    {
        deep_value patch(nest_arrays(deep));
        BOOST_TEST(codes(us::validate_patch(patch.v)) == " not_an_object");
    }
    {
        // Typed system attributes never descend.
        deep_value patch(patch_with("_name", nest_arrays(deep)));
        patch.v.as_object()["_state"] = nest_objects(deep);
        BOOST_TEST(codes(us::validate_patch(patch.v)) == "/_state wrong_type; /_name wrong_type");
    }
    {
        json::object session = stored_session();
        session["_sessionContext"] = nest_objects(deep);
        deep_value holder(std::move(session));
        BOOST_TEST(codes(us::validate_session(holder.v.as_object())) ==
                   pointer_down("/_sessionContext", 31) + " too_deep");
    }
}

// ------------------------------------------------------------ validate_session

BOOST_AUTO_TEST_CASE(session_with_read_only_attributes_is_valid)
{
    json::object const session = stored_session();
    us::report const r = us::validate_session(session);
    BOOST_TEST(codes(r) == "");
    BOOST_TEST(r.ok());

    // The same document is not a valid patch: every read-only member is refused.
    us::report const as_patch = us::validate_patch(session);
    BOOST_TEST(as_patch.size() == us::default_read_only_attributes.size(), codes(as_patch));
    for(auto const& v : as_patch)
        BOOST_TEST(us::code_name(v.code) == "read_only_attribute");
}

BOOST_AUTO_TEST_CASE(session_values_are_checked_like_a_patch)
{
    json::object session = stored_session();
    session["_state"] = "done";
    session["_name"] = "";
    session["_unknown"] = 1;
    session["_summary"].as_object()["_stopReasonCode"] = "completion";
    session["_id"] = pos_inf;   // read-only values are still free-form JSON
    BOOST_TEST(codes(us::validate_session(session)) ==
               "/_id out_of_range; /_state not_in_enum; /_name too_short; "
               "/_summary/_stopReasonCode not_in_enum; /_unknown unknown_attribute");
}

BOOST_AUTO_TEST_CASE(session_requires_start_time_and_state_even_when_schema_relaxes_it)
{
    us::schema const relaxed = us::schema_builder().require_start_and_state(false).build().value();
    json::object session = stored_session();
    session.erase("_startTime");
    BOOST_TEST(codes(us::validate_session(session)) == "/_startTime missing_required");
    BOOST_TEST(codes(us::validate_session(session, relaxed)) == "/_startTime missing_required");
    session.erase("_state");
    BOOST_TEST(codes(us::validate_session(session, relaxed)) ==
               "/_startTime missing_required; /_state missing_required");
    // ... while the relaxed schema does accept such a patch.
    BOOST_TEST(codes(us::validate_patch(json::object{{"_name", "x"}}, relaxed)) == "");
}

BOOST_AUTO_TEST_CASE(session_end_before_start)
{
    json::object session = stored_session();
    session["_endTime"] = "2007-12-20T10:15:29.999999Z";   // 1 µs before _startTime
    us::report const r = us::validate_session(session);
    BOOST_TEST(codes(r) == "/_endTime end_before_start");
    check_messages_are_safe(r);
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].message.find("_endTime") != std::string::npos, r[0].message);
    BOOST_TEST(r[0].message.find("_startTime") != std::string::npos, r[0].message);

    us::update_options off;
    off.require_end_after_start = false;
    BOOST_TEST(codes(us::validate_session(session, us::schema::standard(), off)) == "");

    session["_endTime"] = start;   // equal is fine
    BOOST_TEST(codes(us::validate_session(session)) == "");
    session["_endTime"] = "2007-12-20T10:15:30.0000009Z";   // below a microsecond: equal
    BOOST_TEST(codes(us::validate_session(session)) == "");
    session["_endTime"] = nullptr;   // no end time: nothing to compare
    BOOST_TEST(codes(us::validate_session(session)) == "");

    // A leap second orders as the last instant of 23:59:59.
    session["_startTime"] = "2016-12-31T23:59:60Z";
    session["_endTime"] = "2016-12-31T23:59:59.999999Z";
    BOOST_TEST(codes(us::validate_session(session)) == "");
    session["_endTime"] = "2016-12-31T23:59:59.5Z";
    BOOST_TEST(codes(us::validate_session(session)) == "/_endTime end_before_start");
}

BOOST_AUTO_TEST_CASE(session_time_in_future)
{
    json::object session = stored_session();
    session.erase("_endTime");
    us::update_options o;
    o.now = utc("2007-12-20T10:10:30");   // _startTime is now + 5 min exactly
    BOOST_TEST(codes(us::validate_session(session, us::schema::standard(), o)) == "");

    o.now = utc("2007-12-20T10:10:29.999999");   // 1 µs beyond the skew
    us::report const r = us::validate_session(session, us::schema::standard(), o);
    BOOST_TEST(codes(r) == "/_startTime time_in_future");
    check_messages_are_safe(r);

    o.now = utc("2007-12-20T10:15:00");   // 30 s in the future: within skew
    BOOST_TEST(codes(us::validate_session(session, us::schema::standard(), o)) == "");

    o.max_clock_skew = pt::seconds(0);
    BOOST_TEST(codes(us::validate_session(session, us::schema::standard(), o)) ==
               "/_startTime time_in_future");

    // Both times in the future: _startTime first, then _endTime.
    session["_endTime"] = "2007-12-20T11:00:00Z";
    o.now = utc("2007-12-20T09:00:00");
    o.max_clock_skew = pt::minutes(5);
    BOOST_TEST(codes(us::validate_session(session, us::schema::standard(), o)) ==
               "/_startTime time_in_future; /_endTime time_in_future");
    // Only _endTime in the future.
    o.now = utc("2007-12-20T10:30:00");
    BOOST_TEST(codes(us::validate_session(session, us::schema::standard(), o)) ==
               "/_endTime time_in_future");

    // Without `now` the rule is off: the library never reads a clock.
    session["_startTime"] = "9999-12-31T23:59:59Z";
    session["_endTime"] = "9999-12-31T23:59:59Z";
    BOOST_TEST(codes(us::validate_session(session)) == "");
}

BOOST_AUTO_TEST_CASE(session_with_special_now_does_not_throw)
{
    // Regression (fixed in detail/cross_field.hpp): a default-constructed ptime (not_a_date_time),
    // or pos_infin/neg_infin, in update_options::now made validate_session
    // throw boost::gregorian::bad_year, even for a valid session, because the
    // time_in_future message text (format_utc(now)) was built eagerly.
    // docs/contract.md §10: only std::bad_alloc may escape. options.hpp now documents a
    // special `now` as "rule off".
    json::object session = stored_session();
    session["_endTime"] = "9999-12-31T23:59:59Z";
    for(pt::ptime const now : {pt::ptime(), pt::ptime(pt::pos_infin), pt::ptime(pt::neg_infin)})
    {
        BOOST_TEST_CONTEXT("now = " << pt::to_simple_string(now))
        {
            us::update_options o;
            o.now = now;
            us::report r;
            BOOST_CHECK_NO_THROW(r = us::validate_session(session, us::schema::standard(), o));
            BOOST_TEST(codes(r) == "");
        }
    }
}

BOOST_AUTO_TEST_CASE(session_report_is_capped)
{
    json::object session = stored_session();
    for(int i = 0; i < 10; ++i)
        session["_u" + std::to_string(i)] = i;
    us::update_options o;
    o.validation.max_violations = 3;
    us::report const r = us::validate_session(session, us::schema::standard(), o);
    BOOST_TEST(codes(r) == "/_u0 unknown_attribute; /_u1 unknown_attribute; "
                           "/_u2 unknown_attribute;  too_many_violations");
}

BOOST_AUTO_TEST_SUITE_END()
