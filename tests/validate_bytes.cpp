// validate_patch_bytes (docs/performance.md, target 4): validation while parsing must
// give the report of parse_patch + validate_patch, to the byte, for every
// input. Checked on every test and fuzz corpus input, on every prefix of the
// shorter ones (documents cut short), with a report capped at one violation
// and uncapped, and with small and default parse limits.
#include <usage_session/validate_bytes.hpp>
#include <usage_session.hpp>

#include "definition_reader.hpp"
#include "test_data.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/null_resource.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef USAGE_SESSION_FUZZ_DIR
#error "USAGE_SESSION_FUZZ_DIR must name fuzz/"
#endif

namespace json = boost::json;
namespace us = usage_session;

namespace {

// The whole report as text: pointer, code, message and details of each
// violation, so a failed comparison shows every difference.
std::string full_text(us::report const& r)
{
    std::string s;
    for(us::violation const& v : r)
        s += v.pointer + " " + std::string(us::code_name(v.code)) + " " + v.message + " " +
             json::serialize(v.details) + "\n";
    return s;
}

// What validate_patch_bytes stands for.
us::report through_dom(std::string_view body, us::schema const& s, us::validate_options const& o,
                       us::parse_limits const& limits)
{
    auto parsed = us::parse_patch(body, limits);
    if(!parsed)
        return parsed.error();
    return us::validate_patch(*parsed, s, o);
}

us::parse_limits small_limits()
{
    us::parse_limits l;
    l.max_bytes = 100;
    l.max_depth = 3;
    return l;
}

// Compares both ways of validating `body` under every option combination
// and counts the bodies checked; a difference fails with both reports.
struct comparer
{
    std::size_t checked = 0;

    void same(std::string_view body, us::schema const& s, std::string const& what)
    {
        for(std::size_t cap : {std::size_t(1), us::default_max_violations})
            for(us::parse_limits const& limits : {us::parse_limits(), small_limits()})
            {
                us::validate_options o;
                o.max_violations = cap;
                us::report const expected = through_dom(body, s, o, limits);
                us::report const got = us::validate_patch_bytes(body, s, o, limits);
                ++checked;
                // operator== compares pointer, code, message and details.
                if(got != expected)
                    BOOST_TEST(full_text(got) == full_text(expected),
                               what << " (" << body.size() << " bytes, max_violations " << cap
                                    << ", max_depth " << limits.max_depth << "): "
                                    << std::string(body.substr(0, 200)));
            }
    }

    // The body and, under 1 KiB, each of its prefixes.
    void same_with_prefixes(std::string_view body, us::schema const& s, std::string const& what)
    {
        same(body, s, what);
        if(body.size() >= 1024)
            return;
        for(std::size_t cut = 0; cut < body.size(); ++cut)
            same(body.substr(0, cut), s, what + " cut at " + std::to_string(cut));
    }
};

json::object const& custom_cases()
{
    static json::object const d = test_data::load_json("custom_attribute_cases.json").as_object();
    return d;
}

us::schema schema_from(char const* key)
{
    return test_definitions::read_builder(custom_cases().at(key).as_object()).build().value();
}

std::string read_file(std::filesystem::path const& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Every file under fuzz/corpus/ and fuzz/regressions/ (sorted: a failure
// names the same file each run).
std::vector<std::filesystem::path> fuzz_inputs()
{
    std::vector<std::filesystem::path> files;
    for(char const* folder : {"corpus", "regressions"})
        for(auto const& e : std::filesystem::recursive_directory_iterator(
                std::filesystem::path(USAGE_SESSION_FUZZ_DIR) / folder))
            if(e.is_regular_file())
                files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string code_of(us::violation const& v)
{
    return std::string(us::code_name(v.code));
}

us::report bytes(std::string_view body, std::size_t cap = us::default_max_violations)
{
    us::validate_options o;
    o.max_violations = cap;
    return us::validate_patch_bytes(body, us::schema::standard(), o);
}

}   // namespace

BOOST_AUTO_TEST_SUITE(validate_bytes)

// ---------------------------------------------------------- every corpus

BOOST_AUTO_TEST_CASE(parse_cases_give_identical_reports)
{
    json::value const cases = test_data::load_json("parse_cases.json");
    comparer c;
    for(auto const& k : cases.at("cases").as_array())
        c.same_with_prefixes(k.at("body").as_string(), us::schema::standard(),
                             std::string(k.at("name").as_string()));
    BOOST_TEST(c.checked > 4 * 60u);
}

BOOST_AUTO_TEST_CASE(patch_cases_give_identical_reports)
{
    json::value const cases = test_data::load_json("patch_cases.json");
    comparer c;
    for(auto const& k : cases.at("cases").as_array())
        c.same_with_prefixes(json::serialize(k.at("patch")), us::schema::standard(),
                             std::string(k.at("name").as_string()));
    BOOST_TEST(c.checked > 4 * 100u);
}

BOOST_AUTO_TEST_CASE(custom_attribute_cases_give_identical_reports)
{
    us::schema const typed = schema_from("schema");
    us::schema const sensitive = schema_from("sensitiveSchema");
    comparer c;
    for(auto const& k : custom_cases().at("cases").as_array())
        c.same_with_prefixes(json::serialize(k.at("patch")), typed, std::string(k.at("name").as_string()));
    for(auto const& k : custom_cases().at("updates").as_array())
        c.same_with_prefixes(json::serialize(k.at("patch")), typed, std::string(k.at("name").as_string()));
    // A stored session as a patch: read-only names, required attributes.
    for(auto const& k : custom_cases().at("sessions").as_array())
        c.same_with_prefixes(json::serialize(k.at("session")), typed, std::string(k.at("name").as_string()));
    for(auto const& k : custom_cases().at("sensitive").as_array())
        c.same_with_prefixes(json::serialize(k.at("patch")), sensitive,
                             std::string(k.at("name").as_string()));
    BOOST_TEST(c.checked > 4 * 290u);
}

BOOST_AUTO_TEST_CASE(template_samples_give_identical_reports)
{
    json::value const cases = test_data::load_json("platform_template_cases.json");
    comparer c;
    for(auto const& sample : cases.at("samples").as_array())
    {
        auto const made = us::schema_from_platform_template(
            test_data::load_json(std::string(sample.at("file").as_string())));
#ifdef USAGE_SESSION_HAS_RE2
        BOOST_TEST_REQUIRE(made.has_value());
#endif
        if(!made)
            continue;   // without RE2 the samples' regexes make no schema
        std::string const file(sample.at("file").as_string());
        c.same_with_prefixes(json::serialize(sample.at("valid")), *made, file + " valid");
        c.same_with_prefixes(json::serialize(sample.at("valid")), us::schema::standard(), file + " standard");
        for(auto const& bad : sample.at("invalid").as_array())
            c.same_with_prefixes(json::serialize(bad.at("patch")), *made, file + " invalid");
    }
#ifdef USAGE_SESSION_HAS_RE2
    BOOST_TEST(c.checked > 4 * 30u);
#endif
}

// The schema-format cases: every type and constraint, in every scope.
BOOST_AUTO_TEST_CASE(schema_file_patches_give_identical_reports)
{
    auto const rich = us::schema_from_json(test_data::load_json("schemas/rich.json"));
#ifdef USAGE_SESSION_HAS_RE2
    BOOST_TEST_REQUIRE(rich.has_value());
#endif
    if(!rich)
        return;   // its pattern needs RE2
    json::value const data = test_data::load_json("schemas/rich_patches.json");
    comparer c;
    for(auto const& k : data.at("patches").as_array())
        c.same_with_prefixes(json::serialize(k.at("patch")), *rich, std::string(k.at("name").as_string()));
    BOOST_TEST(c.checked > 4 * 10u);
}

BOOST_AUTO_TEST_CASE(fuzz_corpora_give_identical_reports)
{
    us::schema const typed = schema_from("schema");
    comparer c;
    std::size_t files = 0;
    for(auto const& p : fuzz_inputs())
    {
        std::string const body = read_file(p);
        c.same_with_prefixes(body, us::schema::standard(), p.string());
        c.same(body, typed, p.string() + " (typed schema)");
        ++files;
    }
    BOOST_TEST(files >= 80u);
}

BOOST_AUTO_TEST_CASE(benchmark_sample_gives_identical_reports)
{
    comparer c;
    std::string const body = read_file(std::filesystem::path(USAGE_SESSION_SOURCE_DIR) /
                                       "benchmarks" / "data" / "patch.json");
    c.same_with_prefixes(body, us::schema::standard(), "benchmarks/data/patch.json");
    BOOST_TEST(bytes(body).ok());
}

// The quick test of scalar members (streaming_validator::scalar_accepted)
// skips the validator for values it finds valid: each of its rules, just
// inside and just outside every bound, in every scope, against the
// validator's own verdict. A rule the quick test gets wrong shows here as
// a missing violation.
namespace {

us::attribute_definition definition(char const* name, us::attribute_type type)
{
    return us::attribute_definition(name, type);
}

// One definition of every type and constraint the quick test reads.
us::schema_builder bounds_builder()
{
    using t = us::attribute_type;
    std::vector<us::attribute_definition> defs;
    us::attribute_definition d = definition("s", t::string);
    d.min_length = 2;
    d.max_length = 3;
    defs.push_back(d);
    d = definition("s0", t::string);
    d.max_length = 0;
    defs.push_back(d);
    d = definition("sv", t::string);
    d.allowed_values = {"p", "q"};
    defs.push_back(d);
    d = definition("i", t::integer);
    d.minimum = -2.5;
    d.maximum = 7.5;
    defs.push_back(d);
    d = definition("ibig", t::integer);
    d.maximum = 9223372036854775807.0;   // 2^63: every int64 is below it
    defs.push_back(d);
    d = definition("ineg", t::integer);
    d.minimum = -9223372036854775808.0;
    d.maximum = -1;
    defs.push_back(d);
    defs.push_back(definition("iu", t::integer));
    d = definition("dec", t::decimal);
    d.minimum = 0;
    d.maximum = 1.5;
    defs.push_back(d);
    d = definition("decu", t::decimal);
    d.minimum = 1e19;
    defs.push_back(d);
    // The integer range of a value_rule (compiled_attribute::min_integer)
    // where doubles no longer hold every integer, and an empty one.
    d = definition("i53", t::integer);
    d.minimum = 9007199254740992.0;   // 2^53
    d.maximum = 9007199254740994.0;
    defs.push_back(d);
    d = definition("ihuge", t::integer);
    d.minimum = 1e19;
    defs.push_back(d);
    d = definition("dfrac", t::decimal);
    d.minimum = -0.5;
    d.maximum = 0.5;
    d.nullable = false;
    defs.push_back(d);
    defs.push_back(definition("b", t::boolean));
    defs.push_back(definition("d", t::date));
    defs.push_back(definition("dt", t::date_time));
    defs.push_back(definition("u", t::uuid));
    d = definition("e", t::enumeration);
    d.allowed_values = {"x", "y"};
    defs.push_back(d);
    d = definition("req", t::string);
    d.required = true;
    defs.push_back(d);
    d = definition("nn", t::string);
    d.nullable = false;
    defs.push_back(d);
    defs.push_back(definition("any", t::any));
    d = definition("anyreq", t::any);   // any scalar but null
    d.nullable = false;
    defs.push_back(d);
    defs.push_back(definition("obj", t::object));
    defs.push_back(definition("arr", t::array));
    us::schema_builder b;
    b.require_start_and_state(false);
    for(us::scope where : {us::scope::top_level, us::scope::configuration, us::scope::summary})
        for(auto const& def : defs)
            b.define(where, def);
    return b;
}

std::string repeat(std::string const& s, std::size_t n)
{
    std::string out;
    for(std::size_t i = 0; i < n; ++i)
        out += s;
    return out;
}

}   // namespace

BOOST_AUTO_TEST_CASE(scalar_quick_test_gives_identical_reports)
{
    std::string const e2 = "\xC3\xA9";           // é: 2 bytes, 1 code point
    std::string const e4 = "\xF0\x9F\x98\x80";   // 😀: 4 bytes, 1 code point
    // Scalars (as JSON text) for every rule's edges.
    std::vector<std::string> const values = {
        "null",
        "true",
        "false",
        "0",
        "-0",
        "1",
        "-1",
        "-2",
        "-3",
        "7",
        "8",
        "1.0",
        "-0.0",
        "0.5",
        "1.5",
        "1.5000000000000002",
        "2",
        "1e308",
        "-1e-400",
        "7.0",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "18446744073709551615",
        "10000000000000000000",
        "9999999999999999999",
        "\"\"",
        "\"a\"",
        "\"ab\"",
        "\"abc\"",
        "\"abcd\"",
        "\"p\"",
        "\"q\"",
        "\"r\"",
        "\"x\"",
        "\"z\"",
        "\"" + e2 + "\"",
        "\"" + repeat(e2, 2) + "\"",
        "\"" + repeat(e2, 3) + "\"",
        "\"" + repeat(e2, 4) + "\"",
        "\"" + e4 + "\"",
        "\"" + repeat(e4, 2) + "\"",
        "\"" + repeat(e4, 3) + "\"",
        "\"" + repeat(e4, 4) + "\"",
        "\"a" + e4 + "\"",
        "\"2024-02-29\"",
        "\"2023-02-29\"",
        "\"1399-12-31\"",
        "\"1400-01-01\"",
        "\"9999-12-31\"",
        "\"2024-2-29\"",
        "\"2024-02-29T00:00:00Z\"",
        "\"2024-01-01T00:00:00+01:00\"",
        "\"2024-01-01T00:00:00+00:00\"",
        "\"1399-12-31T23:59:59Z\"",
        "\"2007-12-20T10:15:30.5Z\"",
        "\"123e4567-e89b-12d3-a456-426614174000\"",
        "\"123E4567-E89B-12D3-A456-426614174000\"",
        "\"123e4567-e89b-12d3-a456-42661417400\"",
        "\"DONE\"",
        "\"done\"",
        "\"COMPLETION\"",
        "\"" + repeat("a", 64) + "\"",
        "\"" + repeat("a", 65) + "\"",
        "\"" + repeat(e2, 64) + "\"",
        "\"" + repeat(e2, 65) + "\"",
        "\"" + repeat(e4, 16) + "\"",
        "\"" + repeat("a", 128) + "\"",
        "\"" + repeat("a", 129) + "\"",
        "\"" + repeat(e2, 128) + "\"",
        "\"" + repeat(e2, 129) + "\"",
        "\"" + repeat(e4, 128) + "\"",
        "\"" + repeat(e4, 129) + "\"",
        "9007199254740991",
        "9007199254740992",
        "9007199254740993",
        "9007199254740994",
        "9007199254740995",
        "-0.5",
        "-0.5000000000000001",
        "0.5000000000000001",
        // Integers by their double (only up to 2^53 - 1 when written with
        // a fraction or exponent) and exponents Boost.JSON cannot count.
        "9007199254740991.0",
        "9007199254740992.0",
        "-9007199254740991.0",
        "1e2",
        "1e17",
        "-9223372036854775808.5",
        "9223372036854775807.5",
        "9007199254740993.5",
        "0e999999999999999999999999",
        "123e-999999999999999999999999",
        "-0.0e-99999999999999999999",
        "1e99999999999999999999",
        "5e-2147483648",
        // Escaped strings come in pieces (on_string_part): a value_rule
        // must not judge the last piece alone.
        "\"a\\u0062\"",
        "\"ab\\u0063d\"",
        "\"\\u0078\"",
        "\"DO\\u004EE\"",
        "\"2024-02-29T00:00:00\\u005A\"",
        // Containers as member values: the rule of the name is for a
        // scalar value, not for the items.
        "[\"abcd\"]",
        "[\"ab\"]",
        "[5]",
        "[null]",
        "[\"x\"]",
        "{\"i\":\"abcd\"}",
        "{\"s\":5}",
    };
    std::vector<std::string> const custom = {"s", "s0", "sv", "i", "ibig", "ineg", "iu", "dec",
                                             "decu", "i53", "ihuge", "dfrac", "b", "d", "dt",
                                             "u", "e", "req", "nn", "any", "anyreq", "obj", "arr",
                                             "unknown", "_x"};
    std::vector<std::string> const system = {"_startTime", "_state", "_endTime", "_name",
                                             "_configuration", "_summary", "_id"};
    std::vector<std::string> const summary_only = {"_stopReason", "_stopReasonCode"};
    us::schema const closed = bounds_builder().build().value();
    us::schema const open = bounds_builder()
                                .accept_unknown(us::scope::top_level, true)
                                .accept_unknown(us::scope::configuration, true)
                                .accept_unknown(us::scope::summary, true)
                                .build()
                                .value();
    comparer c;
    for(us::schema const* s : {&closed, &open, &us::schema::standard()})
        for(std::string const& v : values)
        {
            for(std::string const& name : custom)
            {
                c.same("{\"" + name + "\":" + v + "}", *s, name);
                c.same("{\"_configuration\":{\"" + name + "\":" + v + "}}", *s, "_configuration." + name);
                c.same("{\"_summary\":{\"" + name + "\":" + v + "}}", *s, "_summary." + name);
            }
            for(std::string const& name : system)
                c.same("{\"" + name + "\":" + v + "}", *s, name);
            for(std::string const& name : summary_only)
            {
                c.same("{\"_summary\":{\"" + name + "\":" + v + "}}", *s, "_summary." + name);
                c.same("{\"_configuration\":{\"" + name + "\":" + v + "}}", *s, "_configuration." + name);
            }
        }
    BOOST_TEST(c.checked > 4 * 3 * 70 * 70u);
}

// The value rules (streaming_validator::value_rule) with several members
// per body, in every scope, before and after the report is full (the
// comparer caps it at one violation too): valid and invalid values of
// each rule, one after another.
BOOST_AUTO_TEST_CASE(value_rules_in_longer_bodies)
{
    us::schema const closed = bounds_builder().build().value();
    std::vector<std::string> const members = {
        "\"unknown\":1", "\"i\":100", "\"i\":3", "\"s\":\"abcd\"", "\"s\":\"ab\"",
        "\"dec\":2.5", "\"dec\":0.25", "\"b\":1", "\"b\":true", "\"e\":\"z\"", "\"e\":\"x\"",
        "\"nn\":null", "\"req\":null", "\"s\":null", "\"any\":[1,{\"a\":2}]", "\"_x\":1"};
    std::vector<std::string> const top_only = {
        "\"_startTime\":\"x\"", "\"_startTime\":\"2024-01-01T00:00:00Z\"", "\"_state\":\"done\"",
        "\"_state\":\"DONE\"", "\"_endTime\":null", "\"_endTime\":5", "\"_name\":\"\"",
        "\"_name\":null", "\"_name\":\"n\""};
    std::vector<std::string> const summary_only = {
        "\"_stopReason\":5", "\"_stopReason\":null", "\"_stopReason\":\"r\"",
        "\"_stopReasonCode\":\"NOPE\"", "\"_stopReasonCode\":\"COMPLETION\"",
        "\"_stopReasonCode\":null"};
    auto const join = [](std::vector<std::string> const& parts, std::size_t first) {
        std::string out;
        for(std::size_t i = 0; i < parts.size(); ++i)
        {
            if(i != 0)
                out += ",";
            out += parts[(first + i) % parts.size()];
        }
        return out;
    };
    std::vector<std::string> top = members;
    top.insert(top.end(), top_only.begin(), top_only.end());
    std::vector<std::string> summary = members;
    summary.insert(summary.end(), summary_only.begin(), summary_only.end());
    comparer c;
    for(us::schema const* s : {&closed, &us::schema::standard()})
        for(std::size_t first = 0; first < top.size(); ++first)
        {
            std::string const scopes = "\"_configuration\":{" + join(summary, first) +
                                       "},\"_summary\":{" + join(summary, first + 1) + "}";
            c.same("{" + join(top, first) + "," + scopes + "}", *s, "rules");
            c.same("{" + scopes + "," + join(top, first) + "}", *s, "rules, scopes first");
        }
    BOOST_TEST(c.checked > 4 * 2 * 20u);
}

// ---------------------------------------------------------- single paths

// Schema violations found before a parse fault are dropped: only the
// fault is reported, as parse_patch would.
BOOST_AUTO_TEST_CASE(a_parse_fault_replaces_earlier_violations)
{
    us::report const r = bytes(R"({"_state":"BAD","_name":"","x":)");
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(code_of(r[0]) == "invalid_json");
    us::report const dup = bytes(R"({"_state":"BAD","_state":"ACTIVE"})");
    BOOST_TEST_REQUIRE(dup.size() == 1u);
    BOOST_TEST(code_of(dup[0]) == "duplicate_key");
    BOOST_TEST(dup[0].pointer == "/_state");
    us::report const big = bytes(R"({"_state":"BAD","n":1e400})");
    BOOST_TEST_REQUIRE(big.size() == 1u);
    BOOST_TEST(code_of(big[0]) == "invalid_json");
    us::report const extra = bytes(R"({"_state":"BAD"} {})");
    BOOST_TEST_REQUIRE(extra.size() == 1u);
    BOOST_TEST(code_of(extra[0]) == "invalid_json");
}

// A full report stops the checks, not the parse: a later fault still wins.
BOOST_AUTO_TEST_CASE(a_full_report_keeps_parsing)
{
    std::string const body = R"({"_state":"BAD","_name":"","_summary":{"a":1,"a":2}})";
    us::report const r = bytes(body, 1);
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(code_of(r[0]) == "duplicate_key");
    BOOST_TEST(r[0].pointer == "/_summary/a");
    us::report const fine = bytes(R"({"_state":"BAD","_name":"","_summary":{"a":1}})", 1);
    BOOST_TEST(fine.size() == 2u);   // one violation, then too_many_violations
}

// Duplicates are found at every depth, also inside a walked scope object
// and inside a materialised value.
BOOST_AUTO_TEST_CASE(duplicates_at_every_depth)
{
    for(char const* body : {R"({"_configuration":{"a":1,"a":1}})", R"({"x":{"a":{"b":1,"b":1}}})",
                            R"({"_summary":{"x":[{"k":1,"k":2}]}})", R"({"_st\u0061te":"ACTIVE","_state":"ACTIVE"})"})
    {
        us::report const r = bytes(body);
        BOOST_TEST_REQUIRE(r.size() == 1u, body);
        BOOST_TEST(code_of(r[0]) == "duplicate_key", body);
        BOOST_TEST(full_text(r) == full_text(through_dom(body, us::schema::standard(), {}, {})));
    }
}

// small_duplicate_finder handles bodies up to its limits (16 members per
// object, 64 names in open objects, 16 open objects, 512 bytes of copied
// names); beyond, the body is walked again with duplicate_key_tracker.
// Either way, a duplicate is found and nothing else changes.
BOOST_AUTO_TEST_CASE(duplicate_finder_limits)
{
    // `{"k0":0,...}` with n members, keys made by `name`.
    auto const object = [](std::size_t n, auto name, std::string const& extra = "") {
        std::string o = "{";
        for(std::size_t i = 0; i < n; ++i)
            o += (i ? ",\"" : "\"") + name(i) + "\":" + std::to_string(i);
        return o + extra + "}";
    };
    auto const plain = [](std::size_t i) { return "k" + std::to_string(i); };
    auto const escaped = [](std::size_t i) { return "\\u006b" + std::string(30, 'e') + std::to_string(i); };
    // Same size, same last and middle bytes: one fingerprint, other names.
    auto const alike = [](std::size_t i) { return std::string(1, char('a' + i % 26)) + std::string(1, char('a' + i / 26)) + "xyz"; };
    // `depth` nested objects, each with a member before the next.
    auto const nested = [](std::size_t depth, std::string const& inner) {
        std::string o;
        for(std::size_t i = 0; i < depth; ++i)
            o += "{\"m\":1,\"n\":";
        o += inner;
        for(std::size_t i = 0; i < depth; ++i)
            o += "}";
        return o;
    };
    std::vector<std::string> bodies;
    for(std::size_t n : {15u, 16u, 17u, 40u, 70u})
    {
        bodies.push_back(object(n, plain));
        bodies.push_back(object(n, plain, ",\"k0\":1"));   // first again, last
        bodies.push_back(object(n, plain, ",\"k" + std::to_string(n - 1) + "\":1"));
        bodies.push_back(object(n, escaped));
        bodies.push_back(object(n, escaped, ",\"k" + std::string(30, 'e') + "3\":1"));
        bodies.push_back(object(n, alike));
        bodies.push_back(object(n, alike, ",\"bbxyz\":1"));
        bodies.push_back("{\"_configuration\":" + object(n, plain) + ",\"_summary\":" +
                         object(n, alike, ",\"aaxyz\":1") + "}");
        bodies.push_back("{\"x\":[" + object(n, plain) + "," + object(n, plain, ",\"k1\":1") + "]}");
    }
    for(std::size_t depth : {14u, 15u, 16u, 17u, 20u})
    {
        bodies.push_back(nested(depth, "1"));
        bodies.push_back(nested(depth, "{\"a\":1,\"a\":2}"));
        bodies.push_back("{\"_configuration\":" + nested(depth, "{\"m\":1}") + "}");
    }
    // Names of closed objects are forgotten: no false duplicates.
    bodies.push_back(R"({"\u0061":{"\u0062":1,"c":{"b":1}},"\u0062":1,"c":2})");
    bodies.push_back(R"({"\u0061":{"\u0062":1},"\u0062":1,"\u0061":2})");
    // "ab" and "bb" share a fingerprint: "bb" is compared with the names
    // of its own object only, not with those of the closed one.
    bodies.push_back(R"({"ab":1,"x":{"bb":1},"bb":2})");
    bodies.push_back(R"({"ab":1,"x":[{"bb":1}],"bb":2,"bb":3})");
    // 16 names in each of `levels` nested objects: 64 names open at once
    // fit, 80 do not; and escaped names past the 512 bytes of the arena.
    for(std::size_t levels : {3u, 4u, 5u})
    {
        std::string inner = object(16, plain);
        std::string with_duplicate = object(15, plain, ",\"k3\":1");
        for(std::size_t i = 1; i < levels; ++i)
        {
            inner = object(15, plain, ",\"n\":" + inner);
            with_duplicate = object(15, plain, ",\"n\":" + with_duplicate);
        }
        bodies.push_back(inner);
        bodies.push_back(with_duplicate);
    }
    for(std::size_t n : {10u, 14u, 15u})
    {
        bodies.push_back(object(n, escaped, ",\"z\":" + object(n, escaped)));
        bodies.push_back(object(n, escaped, ",\"z\":" + object(n, escaped, ",\"k" + std::string(30, 'e') + "1\":1")));
    }
    comparer c;
    for(std::string const& body : bodies)
    {
        c.same(body, us::schema::standard(), "duplicate finder");
        c.same(body, us::schema_builder().accept_unknown(us::scope::configuration, true).accept_unknown(us::scope::summary, true).build().value(), "open scopes");
    }
    BOOST_TEST(c.checked == 8 * bodies.size());
    // A valid body never takes the DOM path (no false duplicates): that
    // path would build the document in `nothing`, which throws.
    us::schema const relaxed = us::schema_builder().require_start_and_state(false).build().value();
    json::storage_ptr const nothing(json::get_null_resource());
    std::size_t valid = 0;
    for(std::string const& body : bodies)
        if(through_dom(body, relaxed, {}, {}).ok())
        {
            ++valid;
            BOOST_CHECK_NO_THROW(BOOST_TEST(us::validate_patch_bytes(body, relaxed, {}, {}, nothing).ok(), body));
        }
    BOOST_TEST(valid > 30u);
    // The valid ones are valid, whichever duplicate check walked them.
    BOOST_TEST(bytes("{\"_startTime\":\"2026-01-01T00:00:00Z\",\"_state\":\"ACTIVE\"," +
                     object(40, plain).substr(1))
                   .ok());
    BOOST_TEST(code_of(bytes(object(40, plain, ",\"k39\":1"))[0]) == "duplicate_key");
}

// The names of the patch and of a walked `_configuration` / `_summary`
// without a bit of their own (undefined custom names, unknown `_` names)
// go to walked_names, one per walked object: duplicates are found among the
// names of that object only (escaped ones copied), and names sharing a
// fingerprint (same length and last byte) are told apart.
BOOST_AUTO_TEST_CASE(walked_object_names)
{
    std::string const head = R"({"_startTime":"2026-01-01T00:00:00Z","_state":"ACTIVE",)";
    std::vector<std::string> const duplicates = {
        head + R"("wx":1,"ax":2,"w\u0078":3})",
        head + R"("\u0061b":1,"bb":2,"ab":3})",
        head + R"("_configuration":{"ab":1,"bb":2,"b\u0062":3}})",
        head + R"("_summary":{"_x":1,"_y":2,"_x":3}})",
        head + R"("_summary":{"_stopReason":"a","ab":1,"_stopReason":"b"}})",
        head + R"("_configuration":{"ab":1},"_summary":{"ab":1,"\u0061b":2}})"};
    std::vector<std::string> const valid = {
        head + R"("ab":1,"bb":2,"cb":3,"\u0064b":4})",
        head + R"("_configuration":{"ab":1,"bb":2},"ab":1,"bb":2})",
        // Each scope object has its names of its own: none is a duplicate.
        head + R"("_configuration":{"ab":1,"x":1},"_summary":{"ab":1,"x":2}})",
        head + R"("_summary":{"x":1},"_configuration":{"x":1},"x":1})",
        head + R"("\u0061":{"b":1},"b":{"\u0061":1},"c":[{"b":1,"\u0061":2}]})"};
    us::schema const open_scopes = us::schema_builder()
                                       .accept_unknown(us::scope::configuration, true)
                                       .accept_unknown(us::scope::summary, true)
                                       .build()
                                       .value();
    comparer c;
    for(std::string const& body : duplicates)
    {
        BOOST_TEST(code_of(bytes(body)[0]) == "duplicate_key", body);
        c.same(body, us::schema::standard(), "walked duplicate");
        c.same(body, open_scopes, "walked duplicate, open scopes");
    }
    json::storage_ptr const nothing(json::get_null_resource());
    for(std::string const& body : valid)
    {
        c.same(body, open_scopes, "walked names");
        // No false duplicate: the DOM path would build in `nothing`, which throws.
        BOOST_CHECK_NO_THROW(
            BOOST_TEST(us::validate_patch_bytes(body, open_scopes, {}, {}, nothing).ok(), body));
    }
    BOOST_TEST(c.checked == 4 * (2 * duplicates.size() + valid.size()));
}

// Timestamps of the usual form ("YYYY-MM-DDTHH:MM:SS[.digits]Z") are
// accepted by a quick check of their own (is_plain_utc_timestamp), others
// go to parse_date_time: both must agree with the validator on every
// boundary of the form, for `_startTime`, `_endTime` and a date-time
// attribute.
BOOST_AUTO_TEST_CASE(timestamp_quick_check)
{
    std::vector<std::string> const stamps = {
        "2026-11-20T08:00:00Z", "2026-11-20T09:30:00.250Z", "2026-11-20T09:30:00.2Z",
        "2026-11-20T09:30:00.123456789012Z", "2026-11-20T09:30:00.Z", "2026-11-20T09:30:00.2",
        "2026-11-20T09:30:00.2x5Z", "2026-11-20T09:30:00.2ZZ", "2026-11-20T09:30:00ZZ",
        "2026-11-20T09:30:00z", "2026-11-20t09:30:00Z", "2026-11-20 09:30:00Z",
        "2026-11-20T09:30:00+00:00", "2026-11-20T09:30:00-01:00", "2026-11-20T09:30:00",
        "2026-11-20T09:30Z", "2026-11-20", "2026-1-20T09:30:00Z", "2026-11-20T09:30:00.5+00:00",
        "2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2026-04-30T00:00:00Z", "2026-04-31T00:00:00Z", "2026-12-31T23:59:59Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z",
        "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z",
        "2026-01-01T12:00:60Z", "2026-01-01T23:59:61Z", "1400-01-01T00:00:00Z", "1399-12-31T23:59:59Z",
        "9999-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z", "2O26-01-01T00:00:00Z",
        "2026-01-01T0a:00:00Z", "2026-01-01T00:00:0/Z", "2026/01/01T00:00:00Z", "2026-01-01T00-00-00Z",
        "\\u0032026-01-01T00:00:00Z"};
    us::schema const with_date_time =
        us::schema_builder()
            .define(us::scope::top_level, us::attribute_definition("at", us::attribute_type::date_time))
            .build()
            .value();
    comparer c;
    for(std::string const& t : stamps)
    {
        std::string const v = "\"" + t + "\"";
        c.same(R"({"_startTime":)" + v + R"(,"_state":"ACTIVE"})", us::schema::standard(), t);
        c.same(R"({"_startTime":"2026-01-01T00:00:00Z","_state":"DONE","_endTime":)" + v + "}",
               us::schema::standard(), t);
        c.same(R"({"_startTime":"2026-01-01T00:00:00Z","_state":"ACTIVE","at":)" + v + "}",
               with_date_time, t);
    }
    BOOST_TEST(c.checked == 3 * 4 * stamps.size());
    // Both paths are taken: valid stamps of the usual form and others.
    BOOST_TEST(bytes(R"({"_startTime":"2026-11-20T09:30:00.250Z","_state":"ACTIVE"})").ok());
    BOOST_TEST(bytes(R"({"_startTime":"2026-01-01T23:59:60Z","_state":"ACTIVE"})").ok());
    BOOST_TEST(!bytes(R"({"_startTime":"2026-04-31T00:00:00Z","_state":"ACTIVE"})").ok());
}

// A free-form value is not built: its depth is counted against the
// schema's limit while it is parsed, and one too deep gets the
// validator's too_deep report (through the DOM path).
BOOST_AUTO_TEST_CASE(free_form_depth)
{
    for(std::size_t depth : {1u, 2u, 3u, 4u, 5u})
    {
        us::schema_builder b;
        b.require_start_and_state(false).max_depth(depth);
        for(us::scope where : {us::scope::top_level, us::scope::configuration, us::scope::summary})
        {
            b.accept_unknown(where, true);
            b.define(where, us::attribute_definition("o", us::attribute_type::object));
            b.define(where, us::attribute_definition("any", us::attribute_type::any));
        }
        us::schema const s = b.build().value();
        comparer c;
        for(std::string const value : {"[]", "{}", "[[1]]", "{\"a\":{\"b\":[]}}", "[{\"a\":[[{}]]}]",
                                       "[1,[2,[3,[4]]]]", "{\"a\":1,\"b\":[[\"x\"]],\"c\":{}}"})
            for(std::string const name : {"o", "any", "free"})
            {
                c.same_with_prefixes("{\"" + name + "\":" + value + "}", s, name + " " + value);
                c.same("{\"_configuration\":{\"" + name + "\":" + value + "},\"_summary\":{\"" + name +
                           "\":" + value + "}}",
                       s, "scopes " + name + " " + value);
            }
        BOOST_TEST(c.checked > 0u);
    }
}

// A top level that is not an object takes the DOM path: not_an_object.
BOOST_AUTO_TEST_CASE(non_object_roots)
{
    for(char const* body : {"[]", "[1,{\"a\":2}]", "1", "-2.5", "\"x\"", "null", "true", " []"})
    {
        us::report const r = bytes(body);
        BOOST_TEST_REQUIRE(r.size() == 1u, body);
        BOOST_TEST(code_of(r[0]) == "not_an_object", body);
        BOOST_TEST(full_text(r) == full_text(through_dom(body, us::schema::standard(), {}, {})));
    }
}

// Names longer than the inline buffer, values larger than the scratch
// buffer, escapes: what the parser hands over in pieces or that spills.
BOOST_AUTO_TEST_CASE(long_names_and_values)
{
    std::string const long_name(300, 'n');
    std::string const long_value(5000, 'v');
    std::string const escaped = "\\u00e9\\n" + std::string(100, 'e') + "\\\"";
    std::string long_escaped;
    for(int i = 0; i < 3000; ++i)
        long_escaped += "a\\n";
    std::vector<std::string> bodies = {
        "{\"_" + long_name + "\":1}",
        "{\"" + long_name + "\":{\"_" + long_name + "\":1}}",
        "{\"_configuration\":{\"_" + long_name + "\":1,\"" + long_name + "\":1}}",
        "{\"_name\":\"" + long_value + "\"}",
        "{\"_summary\":{\"_stopReason\":\"" + long_value + "\"}}",
        "{\"_state\":\"" + escaped + "\",\"_" + escaped + "\":\"" + escaped + "\"}",
        "{\"x\":[\"" + long_value + "\",\"" + long_value + "\",{\"" + long_name + "\":\"" + long_value + "\"}]}",
        "{\"_name\":" + std::string(500, '1') + "}",
        // Escaped text longer than the parser's 4 KiB buffer comes in parts.
        "{\"_name\":\"" + long_escaped + "\",\"" + long_escaped + "\":\"" + long_escaped + "\"}",
        "{\"_" + long_escaped + "\":1,\"_summary\":{\"_" + long_escaped + "\":\"" + long_escaped + "\"}}",
        "{\"_configuration\":{\"" + long_escaped + "\":[\"" + long_escaped + "\",{\"" + long_escaped +
            "\":1," + "\"" + long_escaped + "\":2}]}}",
        "{\"_name\":1." + std::string(500, '1') + "e-3}",
    };
    std::size_t reports = 0;
    for(std::string const& body : bodies)
    {
        us::report const r = bytes(body);
        reports += r.size();
        BOOST_TEST(full_text(r) == full_text(through_dom(body, us::schema::standard(), {}, {})),
                   body.substr(0, 80));
    }
    BOOST_TEST(reports >= bodies.size());
    // The long name is reported whole in the pointer.
    BOOST_TEST(bytes("{\"_configuration\":{\"_" + long_name + "\":1}}")[0].pointer ==
               "/_configuration/_" + long_name);
}

// The schema's depth limit: the scope object is level 2, materialised
// values are checked by the validator as in validate_patch.
BOOST_AUTO_TEST_CASE(schema_depth_limits)
{
    for(std::size_t depth : {1u, 2u, 3u})
    {
        us::schema const s = us::schema_builder().require_start_and_state(false).max_depth(depth).build().value();
        comparer c;
        for(char const* body : {R"({"_configuration":{"a":1},"_summary":{"b":[[1]]},"_state":"X"})",
                                R"({"a":{"b":{"c":1}},"_configuration":[1],"_summary":{"_stopReasonCode":"X"}})",
                                R"({"_summary":{},"_configuration":{"a":{}},"z":[]})"})
            c.same_with_prefixes(body, s, "max_depth " + std::to_string(depth));
        BOOST_TEST(c.checked > 0u);
        us::report const r = us::validate_patch_bytes(R"({"_configuration":{"a":1}})", s);
        BOOST_TEST(r.ok() == (depth >= 2), depth);
    }
}

// System names and defined attributes find their duplicates by a bit of
// their own (known_name_bit); other names go to small_duplicate_finder.
// Duplicates of either kind are found wherever the names are walked (the
// patch, `_configuration`, `_summary`), names that only look alike (same
// fingerprint, a defined name's twin by case) are not duplicates, and a
// known name that arrives escaped or in parts is the same name.
BOOST_AUTO_TEST_CASE(known_name_duplicates)
{
    using t = us::attribute_type;
    // Escaped text longer than the parser's 4 KiB buffer comes in parts.
    std::string long_known = "a";
    std::string long_known_escaped = "\\u0061";
    for(int i = 0; i < 1500; ++i)
    {
        long_known += "b\n";
        long_known_escaped += "b\\n";
    }
    us::schema_builder b;
    b.require_start_and_state(false);
    for(us::scope where : {us::scope::top_level, us::scope::configuration, us::scope::summary})
    {
        b.define(where, us::attribute_definition("ward", t::string));
        b.define(where, us::attribute_definition("rate", t::decimal));
        b.define(where, us::attribute_definition("ab", t::integer));
        b.define(where, us::attribute_definition(long_known, t::any));
    }
    // Past bit 63: definitions from index 48 on go to the finder.
    for(int i = 0; i < 60; ++i)
        b.define(us::scope::top_level, us::attribute_definition("d" + std::to_string(i), t::any));
    us::schema const defined = b.build().value();
    us::schema const relaxed = us::schema_builder().require_start_and_state(false).build().value();

    std::string const long_member = "\"" + long_known_escaped + "\":1";
    std::vector<std::string> const duplicates = {
        // Every system name at the top level, each bit its own.
        R"({"_startTime":"2026-01-01T00:00:00Z","_startTime":"2026-01-01T00:00:00Z"})",
        R"({"_state":"ACTIVE","_name":"n","_state":"ACTIVE"})",
        R"({"_endTime":null,"_endTime":null})",
        R"({"_name":"a","_name":"b"})",
        R"({"_configuration":{},"_configuration":{}})",
        R"({"_summary":{},"_summary":{}})",
        R"({"_stopReason":"x","_stopReason":"x"})",
        R"({"_stopReasonCode":null,"_stopReasonCode":null})",
        R"({"_id":1,"_id":2})",   // a reserved name without rules: the finder
        // Defined attributes, at the top level and in both scopes.
        R"({"ward":"3B","rate":1,"ward":"3C"})",
        R"({"w\u0061rd":"3B","ward":"3B"})",
        R"({"_configuration":{"rate":1,"ab":2,"rate":1}})",
        R"({"_summary":{"ab":1,"x":2,"ab":1}})",
        R"({"_summary":{"_stopReasonCode":null,"_stopReasonCode":null}})",
        R"({"_configuration":{"_stopReason":"x","_stopReason":"x"}})",
        R"({"_configuration":{"ward":"1"},"_summary":{"ward":"1","ward":"2"}})",
        R"({"d0":1,"d47":1,"d48":1,"d59":1,"d47":2})",
        R"({"d0":1,"d47":1,"d48":1,"d59":1,"d59":2})",
        R"({"d48":1,"d0":1,"d48":2})",
        // Unknown names next to known ones.
        R"({"ward":"3B","x":1,"y":2,"x":3})",
        R"({"_summary":{"ab":1,"ba":1,"ba":2}})",
        // Names in parts.
        "{" + long_member + "," + long_member + "}",
        "{\"" + long_known_escaped + "\":1,\"u\\u0031\":1,\"u1\":2}",
        "{\"_configuration\":{\"ward\":\"1\"," + long_member + ",\"ward\":\"2\"}}",
        "{\"_summary\":{\"x\":1," + long_member + ",\"x\":2}}",
        // A full report stops the checks, not the duplicate search.
        R"({"_state":"BAD","_name":"","_state":"X"})",
        R"({"_state":"BAD","_configuration":{"rate":"r","ab":"x","rate":1}})",
    };
    std::vector<std::string> const distinct = {
        R"({"_state":"ACTIVE","_startTime":"2026-01-01T00:00:00Z","_endTime":null,"_name":"n"})",
        // The same name in different objects.
        R"({"ward":"3B","_configuration":{"ward":"3B"},"_summary":{"ward":"3B"}})",
        R"({"rate":1,"x":{"rate":1,"y":{"rate":1}},"_summary":{"rate":1,"z":[{"rate":1}]}})",
        // Alike, not equal: a defined name's neighbours and its fingerprint twins.
        R"({"ab":1,"ba":1,"Ab":1,"aB":1,"bb":1,"_configuration":{"ab":1,"ba":2}})",
        R"({"ward":1,"warD":1,"Ward":1,"word":1,"ward ":1})",
        R"({"d1":1,"d10":1,"d11":1,"d48":1,"d49":1,"d5":1,"d50":1,"d59":1,"d6":1})",
        "{" + long_member + ",\"_configuration\":{" + long_member + ",\"ward\":\"1\"},\"a\":1}",
    };
    comparer c;
    for(std::string const& body : duplicates)
    {
        for(us::schema const* s : {&defined, &relaxed, &us::schema::standard()})
        {
            us::report const r = us::validate_patch_bytes(body, *s);
            BOOST_TEST_REQUIRE(!r.ok(), body.substr(0, 80));
            BOOST_TEST(code_of(r[0]) == "duplicate_key", body.substr(0, 80));
            c.same(body, *s, "known names");
        }
    }
    // Valid bodies never take the DOM path (no false duplicates): that
    // path would build the document in `nothing`, which throws.
    json::storage_ptr const nothing(json::get_null_resource());
    for(std::string const& body : distinct)
    {
        for(us::schema const* s : {&defined, &relaxed})
            c.same(body, *s, "known names");
        BOOST_CHECK_NO_THROW(
            BOOST_TEST(us::validate_patch_bytes(body, relaxed, {}, {}, nothing).ok(), body.substr(0, 80)));
        BOOST_TEST(through_dom(body, defined, {}, {}).size() == us::validate_patch_bytes(body, defined).size());
    }
    BOOST_TEST(c.checked == 4 * (3 * duplicates.size() + 2 * distinct.size()));
}

// A multi-select (an array attribute with allowed values) is checked item
// by item while it is parsed; whatever the quick check cannot accept goes
// to the DOM path. Either way the report is the one of validate_patch.
BOOST_AUTO_TEST_CASE(multi_select_arrays)
{
    using t = us::attribute_type;
    us::attribute_definition bounded("alarms", t::array);
    bounded.allowed_values = {"AIR", "DOOR", "LOW", "\xC3\xA9t\xC3\xA9"};
    bounded.min_length = 1;
    bounded.max_length = 3;
    us::attribute_definition open("tags", t::array);
    open.allowed_values = {"a", "b"};
    us::attribute_definition plain("list", t::array);   // no allowed values: built
    us::attribute_definition secret = bounded;
    secret.name = "secret";
    secret.sensitive = true;
    us::attribute_definition required = open;
    required.name = "needed";
    required.required = true;
    required.nullable = false;
    std::string const long_item = std::string(5000, 'x') + "\\n";   // comes in parts
    us::attribute_definition long_one("long", t::array);
    long_one.allowed_values = {std::string(5000, 'x') + "\n"};
    std::vector<us::schema> schemas;
    for(std::size_t depth : {1u, 2u, 3u, 32u})
    {
        us::schema_builder b;
        b.require_start_and_state(false).max_depth(depth);
        for(us::scope where : {us::scope::top_level, us::scope::configuration, us::scope::summary})
            for(auto const& d : {bounded, open, plain, secret, required, long_one})
                b.define(where, d);
        schemas.push_back(b.build().value());
    }
    std::vector<std::string> const values = {
        R"([])",
        R"(["AIR"])",
        R"(["AIR","DOOR","LOW"])",
        R"(["AIR","DOOR","LOW","AIR"])",
        R"(["AIR","AIR"])",
        R"(["air"])",
        R"(["AIR","x"])",
        R"(["\u0041IR"])",
        "[\"\xC3\xA9t\xC3\xA9\"]",
        R"(["\u00e9t\u00e9"])",
        R"(["a","b","a","b","a"])",
        R"([1])",
        R"(["AIR",null])",
        R"([true])",
        R"(["AIR",["DOOR"]])",
        R"([{"a":1}])",
        R"(["AIR",1.5])",
        R"(null)",
        R"("AIR")",
        R"({})",
        R"([[]])",
        "[\"" + long_item + "\"]",
        "[\"AIR\",\"" + long_item + "\"]",
    };
    std::vector<std::string> bodies;
    for(std::string const& v : values)
        for(char const* name : {"alarms", "tags", "list", "secret", "needed", "long"})
        {
            std::string const member = "\"" + std::string(name) + "\":" + v;
            bodies.push_back("{" + member + "}");
            bodies.push_back("{\"_configuration\":{" + member + ",\"z\":1},\"_state\":\"X\"}");
            bodies.push_back("{\"_summary\":{\"_stopReason\":\"r\"," + member + "}," + member + "}");
        }
    comparer c;
    for(us::schema const& s : schemas)
        for(std::string const& body : bodies)
            c.same(body, s, "multi-select");
    BOOST_TEST(c.checked == 4 * schemas.size() * bodies.size());
    for(char const* body : {R"({"_summary":{"alarms":["AIR","DOOR"],"tags":[]}})",
                            R"({"_configuration":{"alarms":["x"]},"tags":["a"]})"})
        c.same_with_prefixes(body, schemas.back(), "multi-select prefixes");

    // A valid multi-select is not built: 400 items would need more than
    // the stack buffers, and the null resource would throw.
    std::string many = "[";
    for(int i = 0; i < 400; ++i)
        many += i ? ",\"b\"" : "\"a\"";
    many += "]";
    json::storage_ptr const nothing(json::get_null_resource());
    for(std::string const& body : {"{\"tags\":" + many + "}", "{\"_summary\":{\"tags\":" + many + "}}"})
        BOOST_CHECK_NO_THROW(BOOST_TEST(us::validate_patch_bytes(body, schemas.back(), {}, {}, nothing).ok()));
    BOOST_TEST(us::validate_patch_bytes("{\"tags\":" + many + "}", schemas.back()).ok());
}

// sp serves whatever spills from the stack buffers; a fixed buffer with
// the null resource upstream is enough for the sample patch.
BOOST_AUTO_TEST_CASE(caller_storage)
{
    std::string const body = read_file(std::filesystem::path(USAGE_SESSION_SOURCE_DIR) /
                                       "benchmarks" / "data" / "patch.json");
    alignas(std::max_align_t) unsigned char buffer[8192];
    json::monotonic_resource mr(buffer, sizeof buffer, json::get_null_resource());
    us::report const r = us::validate_patch_bytes(body, us::schema::standard(), {}, {}, json::storage_ptr(&mr));
    BOOST_TEST(r.ok());
    // A value built for the validator beyond the stack buffers reaches sp:
    // the null resource throws. (`_name` holding an array is built: the
    // validator reports it.)
    json::storage_ptr const nothing(json::get_null_resource());
    std::string const big = "{\"_name\":[\"" + std::string(5000, 'v') + "\"]}";
    BOOST_CHECK_THROW(us::validate_patch_bytes(big, us::schema::standard(), {}, {}, nothing), std::bad_alloc);
    // A free-form value is checked without being built: no memory at all.
    std::string const free_form = "{\"x\":[\"" + std::string(5000, 'v') + "\",{\"y\":[1.5]}]}";
    us::schema const relaxed = us::schema_builder().require_start_and_state(false).build().value();
    BOOST_TEST(us::validate_patch_bytes(free_form, relaxed, {}, {}, nothing).ok());
}

BOOST_AUTO_TEST_SUITE_END()
