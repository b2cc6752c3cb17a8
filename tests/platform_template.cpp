// Included first: proves the header is self-contained.
#include <usage_session/platform_template.hpp>
#include <usage_session/platform_error.hpp>
#include <usage_session/problem.hpp>
#include <usage_session/update.hpp>
#include <usage_session/validate.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include "test_support.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

// Built twice: in usage_session_tests with whatever the library target says
// about RE2, and in usage_session_no_re2_tests without RE2, where every
// regex is a bad_schema mistake (tests/CMakeLists.txt).

namespace json = boost::json;
namespace us = usage_session;
using test_support::codes;

namespace {

#ifdef USAGE_SESSION_HAS_RE2
constexpr bool has_re2 = true;
#else
constexpr bool has_re2 = false;
#endif

json::object const& cases_file()
{
    static json::object const cases = test_data::load_json("platform_template_cases.json").as_object();
    return cases;
}

us::scope scope_named(std::string_view name)
{
    if(name == "topLevel")
        return us::scope::top_level;
    if(name == "configuration")
        return us::scope::configuration;
    BOOST_REQUIRE(name == "summary");
    return us::scope::summary;
}

constexpr us::scope all_scopes[] = {us::scope::top_level, us::scope::configuration, us::scope::summary};
constexpr char const* scope_keys[] = {"topLevel", "configuration", "summary"};

us::template_options options_from(json::value const* v)
{
    us::template_options o;
    if(!v)
        return o;
    json::object const& j = v->as_object();
    if(auto const* c = j.if_contains("categories"))
    {
        o.categories.clear();
        for(auto const& pair : c->as_array())
            o.categories.push_back({std::string(pair.at(0).as_string()), scope_named(pair.at(1).as_string())});
    }
    if(auto const* u = j.if_contains("uncategorized"))
        o.uncategorized = u->is_null() ? std::nullopt : std::optional<us::scope>(scope_named(u->as_string()));
    if(auto const* i = j.if_contains("ignore_unknown_validation_rules"))
        o.ignore_unknown_validation_rules = i->as_bool();
    if(auto const* m = j.if_contains("max_violations"))
        o.max_violations = static_cast<std::size_t>(m->to_number<std::uint64_t>());
    return o;
}

std::string expected_codes(json::array const& lines)
{
    std::string s;
    for(auto const& line : lines)
    {
        if(!s.empty())
            s += "; ";
        s += std::string(line.as_string());
    }
    return s;
}

std::string outcome(boost::system::result<us::schema, us::report> const& r)
{
    return r ? std::string() : codes(r.error());
}

// The attributes of each scope, as {"topLevel": n, ...}.
void check_counts(us::schema const& s, json::object const& counts)
{
    for(std::size_t i = 0; i < 3; ++i)
        BOOST_TEST(s.attributes(all_scopes[i]).size() ==
                       static_cast<std::size_t>(counts.at(scope_keys[i]).to_number<std::uint64_t>()),
                   scope_keys[i]);
}

json::object load_template(std::string_view file)
{
    return test_data::load_json(std::string(file)).as_object();
}

// A one-attribute template.
json::value one(json::object attribute)
{
    return json::object{{"customAttributes", json::array{std::move(attribute)}}};
}

json::object patch_with(json::object extra)
{
    json::object p{{"_startTime", "2025-01-20T08:00:00Z"}, {"_state", "ACTIVE"}};
    for(auto& m : extra)
        p[m.key()] = std::move(m.value());
    return p;
}

// The stored session of the other tests without its custom attributes
// (which belong to no sample template): system attributes only.
json::object system_only_session()
{
    json::object session = test_support::stored();
    json::object out;
    for(auto const& m : session)
    {
        if(m.key().empty() || m.key().front() != '_')
            continue;
        if(m.key() == "_configuration" || m.key() == "_summary")
        {
            json::object inner;
            for(auto const& x : m.value().as_object())
                if(!x.key().empty() && x.key().front() == '_')
                    inner[x.key()] = x.value();
            out[m.key()] = std::move(inner);
        }
        else
            out[m.key()] = m.value();
    }
    return out;
}

}   // namespace

BOOST_AUTO_TEST_SUITE(platform_template)

BOOST_AUTO_TEST_CASE(default_options)
{
    us::template_options const o;
    BOOST_TEST(o.categories.size() == 3u);
    BOOST_TEST(o.categories[0].name == "REGULAR");
    BOOST_TEST((o.categories[0].where == us::scope::top_level));
    BOOST_TEST(o.categories[1].name == "CONFIGURATION");
    BOOST_TEST((o.categories[1].where == us::scope::configuration));
    BOOST_TEST(o.categories[2].name == "SUMMARY");
    BOOST_TEST((o.categories[2].where == us::scope::summary));
    BOOST_TEST((o.uncategorized == us::scope::top_level));
    BOOST_TEST(!o.accept_unknown_top_level);
    BOOST_TEST(!o.accept_unknown_configuration);
    BOOST_TEST(!o.accept_unknown_summary);
    BOOST_TEST(!o.ignore_unknown_validation_rules);
    BOOST_TEST(o.max_violations == us::default_max_violations);
}

// tests/data/platform_template_cases.json: every rule with a passing and a
// failing template, and the exact report.
BOOST_AUTO_TEST_CASE(case_table)
{
    std::size_t count = 0;
    for(auto const& c : cases_file().at("cases").as_array())
    {
        json::object const& k = c.as_object();
        BOOST_TEST_CONTEXT(k.at("name").as_string())
        {
            auto const* expect = &k.at("expect");
            if(!has_re2 && k.contains("expect_without_re2"))
                expect = &k.at("expect_without_re2");
            auto const r = us::schema_from_platform_template(k.at("template"), options_from(k.if_contains("options")));
            BOOST_TEST(outcome(r) == expected_codes(expect->as_array()));
            if(r)
            {
                BOOST_TEST(expect->as_array().empty());
                if(auto const* counts = k.if_contains("attributes"))
                    check_counts(*r, counts->as_object());
            }
            else
            {
                BOOST_TEST(!r.error().ok());
                for(auto const& v : r.error())
                    BOOST_TEST(!v.message.empty());
            }
            ++count;
        }
    }
    BOOST_TEST(count >= 80u);
}

// One attribute of each of the 20 types and the definition it becomes.
BOOST_AUTO_TEST_CASE(mapping_of_every_type)
{
    json::object const& m = cases_file().at("mapping").as_object();
    json::value const& tmpl = m.at("template");
    std::set<std::string> types;
    for(auto const& a : tmpl.at("customAttributes").as_array())
        types.insert(std::string(a.at("type").as_string()));
    BOOST_TEST(types.size() == 20u);

    auto const built = us::schema_from_platform_template(tmpl);
    if(!has_re2)
    {
        // The one regex of the template is the only mistake.
        BOOST_TEST(outcome(built) == "/customAttributes/0/validation/regex bad_schema");
        return;
    }
    BOOST_TEST_REQUIRE(outcome(built) == "");
    us::schema const& s = *built;
    std::size_t total = 0;
    for(auto const& e : m.at("definitions").as_array())
    {
        json::object const& x = e.as_object();
        std::string const name(x.at("name").as_string());
        BOOST_TEST_CONTEXT(name)
        {
            us::attribute_definition const* d = s.find(scope_named(x.at("scope").as_string()), name);
            BOOST_TEST_REQUIRE(d);
            BOOST_TEST(us::to_string(d->type) == x.at("type").as_string());
            auto flag = [&](char const* key, bool fallback) {
                auto const* v = x.if_contains(key);
                return v ? v->as_bool() : fallback;
            };
            BOOST_TEST(d->required == flag("required", false));
            BOOST_TEST(d->nullable == flag("nullable", true));
            BOOST_TEST(d->sensitive == flag("sensitive", false));
            auto count = [&](char const* key) -> std::optional<std::uint64_t> {
                auto const* v = x.if_contains(key);
                return v ? std::optional<std::uint64_t>(v->to_number<std::uint64_t>()) : std::nullopt;
            };
            auto bound = [&](char const* key) -> std::optional<double> {
                auto const* v = x.if_contains(key);
                return v ? std::optional<double>(v->to_number<double>()) : std::nullopt;
            };
            BOOST_TEST((d->min_length == count("minLength")));
            BOOST_TEST((d->max_length == count("maxLength")));
            BOOST_TEST((d->minimum == bound("minimum")));
            BOOST_TEST((d->maximum == bound("maximum")));
            std::vector<std::string> values;
            if(auto const* v = x.if_contains("values"))
                for(auto const& item : v->as_array())
                    values.emplace_back(item.as_string());
            BOOST_TEST(d->allowed_values == values, boost::test_tools::per_element());
            auto const* p = x.if_contains("pattern");
            BOOST_TEST(d->pattern == (p ? std::string(p->as_string()) : std::string()));
            ++total;
        }
    }
    BOOST_TEST(total == 20u);
    BOOST_TEST(s.attributes(us::scope::top_level).size() + s.attributes(us::scope::configuration).size() +
                   s.attributes(us::scope::summary).size() ==
               20u);
}

// The three sample templates: realistic size and spread, every type used.
BOOST_AUTO_TEST_CASE(sample_templates_are_realistic)
{
    std::set<std::string> types;
    for(auto const& s : cases_file().at("samples").as_array())
    {
        json::object const t = load_template(s.at("file").as_string());
        json::array const& attributes = t.at("customAttributes").as_array();
        BOOST_TEST_CONTEXT(s.at("file").as_string())
        {
            BOOST_TEST(attributes.size() >= 15u);
            BOOST_TEST(attributes.size() <= 30u);
            std::set<std::string> categories;
            bool phi = false, regex = false, mandatory = false, select = false, range = false;
            for(auto const& a : attributes)
            {
                types.insert(std::string(a.at("type").as_string()));
                categories.insert(std::string(a.at("category").at("name").as_string()));
                phi = phi || a.at("phi").as_bool();
                json::object const& v = a.at("validation").as_object();
                regex = regex || v.at("regex").is_string();
                mandatory = mandatory || v.at("mandatory").as_bool();
                select = select || a.at("selectableValues").is_array();
                range = range || (a.at("numericMetaData").is_object() && v.at("max").is_number());
            }
            BOOST_TEST(categories.size() == 3u);
            BOOST_TEST(phi);
            BOOST_TEST(regex);
            BOOST_TEST(mandatory);
            BOOST_TEST(select);
            BOOST_TEST(range);
        }
    }
    BOOST_TEST(types.size() == 20u);
}

BOOST_AUTO_TEST_CASE(sample_templates_compile)
{
    for(auto const& s : cases_file().at("samples").as_array())
    {
        json::object const t = load_template(s.at("file").as_string());
        BOOST_TEST_CONTEXT(s.at("file").as_string())
        {
            auto const r = us::schema_from_platform_template(t);
            if(has_re2)
            {
                BOOST_TEST_REQUIRE(outcome(r) == "");
                check_counts(*r, s.at("attributes").as_object());
                for(us::scope where : all_scopes)
                    BOOST_TEST(!r->accepts_unknown(where));
            }
            else
            {
                // Without RE2: exactly one mistake per regex, nothing else.
                std::string expected;
                std::size_t i = 0;
                for(auto const& a : t.at("customAttributes").as_array())
                {
                    if(a.at("validation").at("regex").is_string())
                        expected += (expected.empty() ? "" : "; ") + std::string("/customAttributes/") +
                                    std::to_string(i) + "/validation/regex bad_schema";
                    ++i;
                }
                BOOST_TEST(!expected.empty());
                BOOST_TEST(outcome(r) == expected);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(sample_patches)
{
    if(!has_re2)
        return;   // the samples use regexes: no schema without RE2 (sample_templates_compile)
    std::size_t checked = 0;
    for(auto const& s : cases_file().at("samples").as_array())
    {
        BOOST_TEST_CONTEXT(s.at("file").as_string())
        {
            auto const r = us::schema_from_platform_template(load_template(s.at("file").as_string()));
            BOOST_TEST_REQUIRE(outcome(r) == "");
            us::schema const& schema = *r;
            json::value const& valid = s.at("valid");
            BOOST_TEST(codes(us::validate_patch(valid, schema)) == "");
            // The valid patch carries every mandatory attribute: an update of a
            // session holding only system attributes passes as a whole.
            auto const updated = us::apply_update(system_only_session(), valid, schema);
            BOOST_TEST((updated ? std::string() : codes(updated.error())) == "");
            if(updated)
                BOOST_TEST(codes(us::validate_session(*updated, schema)) == "");
            for(auto const& b : s.at("invalid").as_array())
            {
                BOOST_TEST_CONTEXT(json::serialize(b.at("patch")))
                {
                    BOOST_TEST(codes(us::validate_patch(b.at("patch"), schema)) ==
                               expected_codes(b.at("expect").as_array()));
                }
                ++checked;
            }
        }
    }
    BOOST_TEST(checked >= 40u);
}

// Mandatory attributes a session lacks are missing_required in whole-session
// checks; a partial patch may leave them out.
BOOST_AUTO_TEST_CASE(mandatory_attributes_of_a_sample)
{
    if(!has_re2)
        return;
    auto const r = us::schema_from_platform_template(load_template("templates/ventilator.json"));
    BOOST_TEST_REQUIRE(outcome(r) == "");
    json::value const p = patch_with({{"fio2Percent", 30}});
    BOOST_TEST(codes(us::validate_patch(p, *r)) == "");
    auto const updated = us::apply_update(system_only_session(), p, *r);
    BOOST_TEST_REQUIRE(!updated);
    BOOST_TEST(codes(updated.error()) ==
               "/ventilationMode missing_required; /medicalRecordNumber missing_required; "
               "/_configuration/patientCategory missing_required");
}

// A phi attribute's value appears nowhere, whatever rule it breaks.
BOOST_AUTO_TEST_CASE(phi_values_are_never_echoed)
{
    if(!has_re2)
        return;
    auto const r = us::schema_from_platform_template(load_template("templates/ventilator.json"));
    BOOST_TEST_REQUIRE(outcome(r) == "");
    for(char const* secret : {"MRN-SECRET42", "SECRET-MRN-1"})
    {
        us::report const rep = us::validate_patch(patch_with({{"medicalRecordNumber", secret}}), *r);
        BOOST_TEST(codes(rep) == "/medicalRecordNumber pattern_mismatch");
        BOOST_TEST(json::serialize(us::to_problem_details(rep)).find("SECRET") == std::string::npos);
        BOOST_TEST(json::serialize(us::to_platform_error(rep)).find("SECRET") == std::string::npos);
        for(auto const& v : rep)
            BOOST_TEST(v.message.find("SECRET") == std::string::npos);
    }
}

// Patterns run on RE2: whole-value match, UTF-8, linear time.
BOOST_AUTO_TEST_CASE(patterns_match_the_whole_value)
{
    auto const r = us::schema_from_platform_template(
        one({{"name", "code"}, {"type", "LABEL"}, {"validation", {{"regex", "[A-Z]{2}-[0-9]+|\\p{Greek}+"}}}}));
    if(!has_re2)
    {
        BOOST_TEST(outcome(r) == "/customAttributes/0/validation/regex bad_schema");
        return;
    }
    BOOST_TEST_REQUIRE(outcome(r) == "");
    for(char const* good : {"AB-1", "ZZ-0123456789", "\xce\xb1\xce\xb2\xce\xb3"})   // αβγ
        BOOST_TEST(codes(us::validate_patch(patch_with({{"code", good}}), *r)) == "", good);
    for(char const* bad : {"AB-", "xAB-1", "AB-1x", "ab-1", "AB-1\n", "", "\xce\xb1x"})
        BOOST_TEST(codes(us::validate_patch(patch_with({{"code", bad}}), *r)) == "/code pattern_mismatch", bad);
}

// `(a+)+$` makes a backtracking engine take exponential time on "aaa...a!".
// RE2 answers in linear time; the test asserts the answer, not a time.
BOOST_AUTO_TEST_CASE(pathological_pattern_on_a_large_value)
{
    auto const r = us::schema_from_platform_template(
        one({{"name", "x"}, {"type", "PARAGRAPH"}, {"validation", {{"regex", "(a+)+$"}}}}));
    if(!has_re2)
    {
        BOOST_TEST(outcome(r) == "/customAttributes/0/validation/regex bad_schema");
        return;
    }
    BOOST_TEST_REQUIRE(outcome(r) == "");
    std::string evil(100 * 1024, 'a');
    BOOST_TEST(codes(us::validate_patch(patch_with({{"x", evil}}), *r)) == "");
    evil += '!';
    BOOST_TEST(codes(us::validate_patch(patch_with({{"x", evil}}), *r)) == "/x pattern_mismatch");
}

BOOST_AUTO_TEST_CASE(regex_messages)
{
    auto const r = us::schema_from_platform_template(json::object{{"customAttributes", json::array{
                                                                                           json::object{{"name", "a"}, {"type", "LABEL"}, {"validation", {{"regex", "(a)\\1"}}}},
                                                                                           json::object{{"name", "b"}, {"type", "LABEL"}, {"validation", {{"regex", "(?<=x)y"}}}},
                                                                                           json::object{{"name", "c"}, {"type", "LABEL"}, {"validation", {{"regex", "(\x01"}}}},
                                                                                           json::object{{"name", "d"}, {"type", "LABEL"}, {"validation", {{"regex", "\xff"}}}}}}});
    BOOST_TEST_REQUIRE(!r);
    us::report const& rep = r.error();
    BOOST_TEST_REQUIRE(rep.size() == 4u);
    for(auto const& v : rep)
    {
        BOOST_TEST((v.code == us::error::bad_schema));
        BOOST_TEST(v.message.find('\x01') == std::string::npos);
    }
    BOOST_TEST(rep[3].message.find("not valid UTF-8") != std::string::npos, rep[3].message);
    if(has_re2)
    {
        BOOST_TEST(rep[0].message.find("a backreference is not supported by a linear-time") != std::string::npos,
                   rep[0].message);
        BOOST_TEST(rep[1].message.find("lookbehind is not supported by a linear-time") != std::string::npos,
                   rep[1].message);
        BOOST_TEST(rep[2].message.find("RE2 cannot compile it: missing ): (\\u0001") != std::string::npos,
                   rep[2].message);
    }
    else
    {
        for(std::size_t i = 0; i < 3; ++i)
            BOOST_TEST(rep[i].message.find("has none (build with RE2") != std::string::npos, rep[i].message);
    }
}

BOOST_AUTO_TEST_CASE(messages_name_the_attribute_and_the_rule)
{
    auto const r = us::schema_from_platform_template(json::object{{"customAttributes", json::array{
                                                                                           json::object{{"name", "rate"}, {"type", "DECIMAL"}, {"validation", {{"min", 5}, {"max", 1}}}},
                                                                                           json::object{{"name", "1bad"}, {"type", "FOO"}},
                                                                                           json::object{{"type", "LABEL"}, {"category", {{"name", "NOPE"}}}}}}});
    BOOST_TEST_REQUIRE(!r);
    us::report const& rep = r.error();
    BOOST_TEST(codes(rep) == "/customAttributes/0/validation/min bad_schema; /customAttributes/1/name bad_schema; "
                             "/customAttributes/1/type bad_schema; /customAttributes/2/category/name bad_schema; "
                             "/customAttributes/2/name bad_schema");
    BOOST_TEST_REQUIRE(rep.size() == 5u);
    BOOST_TEST(rep[0].message == "The template attribute \"rate\" has min 5 above max 1.");
    BOOST_TEST(rep[1].message == "The template attribute \"1bad\" has the name \"1bad\"; a name starts "
                                 "with a letter and has only letters, digits and _.");
    BOOST_TEST(rep[2].message.find("unknown type \"FOO\"; the types are LABEL, PARAGRAPH,") != std::string::npos,
               rep[2].message);
    BOOST_TEST(rep[3].message == "The template attribute at index 2 has the unknown category \"NOPE\"; "
                                 "the categories are \"REGULAR\", \"CONFIGURATION\", \"SUMMARY\".");
    BOOST_TEST(rep[4].message == "The template attribute at index 2 has no name.");
}

// Numbers a parser never produces, but a document built in code may hold.
BOOST_AUTO_TEST_CASE(non_finite_numbers_built_in_code)
{
    double const inf = std::numeric_limits<double>::infinity();
    auto const r = us::schema_from_platform_template(json::object{{"customAttributes", json::array{
                                                                                           json::object{{"name", "a"}, {"type", "DECIMAL"}, {"validation", {{"min", -inf}, {"max", std::nan("")}}}},
                                                                                           json::object{{"name", "b"}, {"type", "LABEL"}, {"validation", {{"max", inf}}}},
                                                                                           json::object{{"name", "c"}, {"type", "INTEGER"}, {"numericMetaData", {{"upperRange", inf}}}}}}});
    BOOST_TEST(outcome(r) == "/customAttributes/0/validation/min bad_schema; "
                             "/customAttributes/0/validation/max bad_schema; "
                             "/customAttributes/1/validation/max bad_schema; "
                             "/customAttributes/2/numericMetaData/upperRange bad_schema");
}

BOOST_AUTO_TEST_CASE(length_limits_beyond_32_bits)
{
    // 2^40 code points: a valid (if generous) limit on every platform.
    auto const r = us::schema_from_platform_template(
        one({{"name", "a"}, {"type", "PARAGRAPH"}, {"validation", {{"max", 1099511627776.0}}}}));
    BOOST_TEST_REQUIRE(outcome(r) == "");
    BOOST_TEST((r->find(us::scope::top_level, "a")->max_length == std::uint64_t(1) << 40));
    auto const big = us::schema_from_platform_template(
        one({{"name", "a"}, {"type", "PARAGRAPH"}, {"validation", {{"max", 1e30}}}}));
    BOOST_TEST(outcome(big) == "/customAttributes/0/validation/max bad_schema");
}

BOOST_AUTO_TEST_CASE(unknown_attribute_policy)
{
    json::value const t = one({{"name", "a"}, {"type", "LABEL"}});
    json::value const p = patch_with({{"a", "x"}, {"b", 1}, {"_configuration", {{"c", 2}}}, {"_summary", {{"d", 3}}}});

    auto const strict = us::schema_from_platform_template(t);
    BOOST_TEST_REQUIRE(outcome(strict) == "");
    BOOST_TEST(codes(us::validate_patch(p, *strict)) ==
               "/b unknown_attribute; /_configuration/c unknown_attribute; /_summary/d unknown_attribute");

    us::template_options o;
    o.accept_unknown_configuration = true;
    o.accept_unknown_summary = true;
    o.base.accept_unknown(us::scope::top_level, true);   // overridden by accept_unknown_top_level
    auto const relaxed = us::schema_from_platform_template(t, o);
    BOOST_TEST_REQUIRE(outcome(relaxed) == "");
    BOOST_TEST(!relaxed->accepts_unknown(us::scope::top_level));
    BOOST_TEST(codes(us::validate_patch(p, *relaxed)) == "/b unknown_attribute");
}

BOOST_AUTO_TEST_CASE(base_settings_and_attributes)
{
    us::template_options o;
    o.base.require_start_and_state(false).max_depth(8);
    o.base.define(us::scope::summary, us::attribute_definition("batteryPercent", us::attribute_type::integer));
    json::value const t = json::object{{"customAttributes", json::array{
                                                                json::object{{"name", "a"}, {"type", "LABEL"}},
                                                                json::object{{"name", "note"}, {"type", "PARAGRAPH"}, {"category", {{"name", "SUMMARY"}}}}}}};
    auto const r = us::schema_from_platform_template(t, o);
    BOOST_TEST_REQUIRE(outcome(r) == "");
    BOOST_TEST(!r->require_start_and_state());
    BOOST_TEST(r->max_depth() == 8u);
    BOOST_TEST_REQUIRE(r->attributes(us::scope::summary).size() == 2u);
    BOOST_TEST(r->attributes(us::scope::summary)[0].name == "batteryPercent");   // the base's come first
    BOOST_TEST(r->attributes(us::scope::summary)[1].name == "note");
    BOOST_TEST(codes(us::validate_patch(json::parse(R"({"_summary": {"batteryPercent": "x"}})"), *r)) ==
               "/_summary/batteryPercent wrong_type");

    // A template attribute with the name of a base attribute: the builder
    // finds the clash, reported at the template attribute.
    json::value const clash = json::object{{"customAttributes", json::array{
                                                                    json::object{{"name", "a"}, {"type", "LABEL"}},
                                                                    json::object{{"name", "batteryPercent"}, {"type", "INTEGER"}, {"category", {{"name", "SUMMARY"}}}}}}};
    auto const c = us::schema_from_platform_template(clash, o);
    BOOST_TEST(outcome(c) == "/customAttributes/1/name bad_schema");

    // A base that is broken by itself reports its own mistakes.
    us::template_options broken;
    broken.base.define(us::scope::top_level, us::attribute_definition("_bad", us::attribute_type::string));
    auto const b = us::schema_from_platform_template(clash, broken);
    BOOST_TEST_REQUIRE(!b);
    BOOST_TEST(b.error().size() == 1u);
    BOOST_TEST((b.error()[0].code == us::error::bad_schema));
    BOOST_TEST(b.error()[0].pointer == "/topLevel/attributes/0/name");
}

BOOST_AUTO_TEST_CASE(mandatory_and_phi)
{
    auto const r = us::schema_from_platform_template(json::object{{"customAttributes", json::array{
                                                                                           json::object{{"name", "m"}, {"type", "LABEL"}, {"phi", true}, {"validation", {{"mandatory", true}}}},
                                                                                           json::object{{"name", "o"}, {"type", "LABEL"}, {"phi", false}, {"validation", {{"mandatory", false}}}}}}});
    BOOST_TEST_REQUIRE(outcome(r) == "");
    us::attribute_definition const* m = r->find(us::scope::top_level, "m");
    us::attribute_definition const* o = r->find(us::scope::top_level, "o");
    BOOST_TEST_REQUIRE(m);
    BOOST_TEST_REQUIRE(o);
    BOOST_TEST(m->required);
    BOOST_TEST(!m->nullable);
    BOOST_TEST(m->sensitive);
    BOOST_TEST(!o->required);
    BOOST_TEST(o->nullable);
    BOOST_TEST(!o->sensitive);
    BOOST_TEST(codes(us::validate_patch(patch_with({{"m", nullptr}, {"o", nullptr}}), *r)) == "/m null_not_allowed");
}

BOOST_AUTO_TEST_CASE(pure_and_repeatable)
{
    json::object const t = load_template("templates/infusion_pump.json");
    json::object const copy = t;
    auto const a = us::schema_from_platform_template(t);
    auto const b = us::schema_from_platform_template(t);
    BOOST_TEST(t == copy);
    BOOST_TEST(outcome(a) == outcome(b));
    json::value const broken = json::parse(R"({"customAttributes": [{"name": "1"}, 2, {"type": "X"}]})");
    BOOST_TEST(outcome(us::schema_from_platform_template(broken)) ==
               outcome(us::schema_from_platform_template(broken)));
}

BOOST_AUTO_TEST_SUITE_END()
