// validate_patch_bytes (issue #5, target 4): validation while parsing must
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

} // namespace

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
    // A value beyond the stack buffers reaches sp: the null resource throws.
    json::storage_ptr const nothing(json::get_null_resource());
    std::string const big = "{\"x\":[\"" + std::string(5000, 'v') + "\"]}";
    BOOST_CHECK_THROW(us::validate_patch_bytes(big, us::schema::standard(), {}, {}, nothing), std::bad_alloc);
}

BOOST_AUTO_TEST_SUITE_END()
