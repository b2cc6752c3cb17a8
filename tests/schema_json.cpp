// Tests of usage_session/schema_json.hpp: schema_from_json and the JSON
// definition format (docs/schema-format.md). The table of definitions and
// their exact reports is data/schema_json_cases.json; valid definitions are
// in data/schemas/, with patches judged against them in
// data/schemas/rich_patches.json.
#include <usage_session/schema_json.hpp>

#include <usage_session/update.hpp>
#include <usage_session/validate.hpp>

#include "test_data.hpp"
#include "test_support.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace json = boost::json;
namespace us = usage_session;
using test_support::codes;

namespace {

// Whether this build can use patterns (a linear-time engine is present):
// asked of the library rather than of a macro, so the tests follow it.
bool has_pattern_engine()
{
    us::attribute_definition d("code", us::attribute_type::string);
    d.pattern = "[A-Z]+";
    return us::schema_builder().define(us::scope::top_level, d).build().has_value();
}

// "/a bad_schema; /b bad_schema", as test_support::codes, from a table's
// [[pointer, code], ...] list.
std::string expected_codes(json::array const& expect)
{
    std::string s;
    for(json::value const& e : expect)
    {
        if(!s.empty())
            s += "; ";
        s += std::string(e.as_array().at(0).as_string()) + " " +
             std::string(e.as_array().at(1).as_string());
    }
    return s;
}

std::string report_of(boost::system::result<us::schema, us::report> const& r)
{
    return r ? std::string() : codes(r.error());
}

// The JSON value a pointer names, or null when a step does not exist.
json::value const* resolve(json::value const& doc, std::string_view pointer)
{
    json::value const* at = &doc;
    std::size_t i = 0;
    while(at && i < pointer.size())
    {
        std::size_t const end = std::min(pointer.find('/', i + 1), pointer.size());
        std::string token;
        for(std::size_t j = i + 1; j < end; ++j)
        {
            if(pointer[j] == '~' && j + 1 < end)
                token += pointer[++j] == '1' ? '/' : '~';
            else
                token += pointer[j];
        }
        i = end;
        if(at->is_object())
            at = at->as_object().if_contains(token);
        else if(at->is_array())
        {
            bool digits = !token.empty() && token.size() < 10 &&
                          token.find_first_not_of("0123456789") == std::string::npos;
            std::size_t const k = digits ? std::stoul(token) : std::size_t(-1);
            at = k < at->as_array().size() ? &at->as_array()[k] : nullptr;
        }
        else
            at = nullptr;
    }
    return at;
}

std::string parent_of(std::string const& pointer)
{
    return pointer.substr(0, pointer.rfind('/'));
}

// Every violation: bad_schema (or the closing too_many_violations), one
// sentence, and a pointer that names a member of the document or a missing
// member of an object that exists. No message carries a control byte, even
// where it quotes the regular expression engine's own error text.
void check_violations_point_into(json::value const& doc, us::report const& r)
{
    for(us::violation const& v : r)
    {
        for(char c : v.message)
            BOOST_TEST((static_cast<unsigned char>(c) >= 0x20 && c != 0x7f), v.message);
        if(v.code == us::error::too_many_violations)
        {
            BOOST_TEST((&v == &r.violations().back()));
            continue;
        }
        BOOST_TEST(us::code_name(v.code) == "bad_schema");
        BOOST_TEST(!v.message.empty());
        BOOST_TEST(v.message.back() == '.', v.message);
        if(resolve(doc, v.pointer))
            continue;
        json::value const* parent = resolve(doc, parent_of(v.pointer));
        BOOST_TEST((parent && parent->is_object()),
                   v.pointer << " points nowhere in " << json::serialize(doc));
    }
}

// The same field-by-field as a definition in JSON, with the format's defaults.
void check_definition(json::object const& j, us::attribute_definition const& d)
{
    std::string const name(j.at("name").as_string());
    BOOST_TEST_CONTEXT(name)
    {
        BOOST_TEST(d.name == name);
        BOOST_TEST(us::to_string(d.type) == std::string_view(j.at("type").as_string()));
        auto flag = [&](char const* key, bool fallback) {
            json::value const* v = j.if_contains(key);
            return v ? v->as_bool() : fallback;
        };
        BOOST_TEST(d.nullable == flag("nullable", true));
        BOOST_TEST(d.required == flag("required", false));
        BOOST_TEST(d.sensitive == flag("sensitive", false));
        auto count = [&](char const* key) -> std::optional<std::uint64_t> {
            json::value const* v = j.if_contains(key);
            if(!v)
                return std::nullopt;
            return json::value_to<std::uint64_t>(*v);
        };
        BOOST_TEST((d.min_length == count("minLength")));
        BOOST_TEST((d.max_length == count("maxLength")));
        auto number = [&](char const* key) -> std::optional<double> {
            json::value const* v = j.if_contains(key);
            if(!v)
                return std::nullopt;
            return v->to_number<double>();
        };
        BOOST_TEST((d.minimum == number("minimum")));
        BOOST_TEST((d.maximum == number("maximum")));
        std::vector<std::string> values;
        if(json::value const* v = j.if_contains("values"))
            for(json::value const& s : v->as_array())
                values.emplace_back(s.as_string());
        BOOST_TEST(d.allowed_values == values, boost::test_tools::per_element());
        json::value const* pattern = j.if_contains("pattern");
        BOOST_TEST(d.pattern == (pattern ? std::string(pattern->as_string()) : std::string()));
    }
}

// Every definition of `doc` is found in `s`, in document order, and equal.
void check_schema_reflects(json::value const& doc, us::schema const& s)
{
    static constexpr char const* scope_names[] = {"topLevel", "configuration", "summary"};
    json::object const& root = doc.as_object();
    for(int i = 0; i < 3; ++i)
    {
        us::scope const where = static_cast<us::scope>(i);
        json::array none;
        json::array const* defs = &none;
        if(json::value const* sc = root.if_contains(scope_names[i]))
        {
            if(json::value const* a = sc->as_object().if_contains("attributes"))
                defs = &a->as_array();
            json::value const* accept = sc->as_object().if_contains("acceptUnknown");
            BOOST_TEST(s.accepts_unknown(where) == (accept ? accept->as_bool() : true));
        }
        else
            BOOST_TEST(s.accepts_unknown(where));
        std::vector<us::attribute_definition> const& built = s.attributes(where);
        BOOST_TEST_REQUIRE(built.size() == defs->size());
        for(std::size_t k = 0; k < defs->size(); ++k)
        {
            json::object const& j = (*defs)[k].as_object();
            check_definition(j, built[k]);
            us::attribute_definition const* found = s.find(where, j.at("name").as_string());
            BOOST_TEST((found == &built[k]));
        }
    }
    json::value const* rsas = root.if_contains("requireStartAndState");
    BOOST_TEST(s.require_start_and_state() == (rsas ? rsas->as_bool() : true));
    json::value const* depth = root.if_contains("maxDepth");
    BOOST_TEST(s.max_depth() == (depth ? json::value_to<std::size_t>(*depth) : 32u));
    std::vector<std::string> read_only(us::default_read_only_attributes.begin(),
                                       us::default_read_only_attributes.end());
    if(json::value const* ro = root.if_contains("readOnlyAttributes"))
        read_only = json::value_to<std::vector<std::string>>(*ro);
    std::sort(read_only.begin(), read_only.end());
    BOOST_TEST(s.read_only_attributes() == read_only, boost::test_tools::per_element());
}

// A definition without its patterns, for builds without a pattern engine.
json::value without_patterns(json::value doc)
{
    for(char const* scope_name : {"topLevel", "configuration", "summary"})
        if(json::value* sc = doc.as_object().if_contains(scope_name))
            if(json::value* a = sc->as_object().if_contains("attributes"))
                for(json::value& d : a->as_array())
                    d.as_object().erase("pattern");
    return doc;
}

// data/schemas/rich.json, written with schema_builder instead.
us::schema rich_in_code(bool with_pattern)
{
    using t = us::attribute_type;
    auto def = [](char const* name, t type) { return us::attribute_definition(name, type); };
    us::schema_builder b;
    b.require_start_and_state(false)
        .read_only_attributes({"_id", "_device", "_patient", "_template", "_creationTime",
                               "_lastModifiedTime"})
        .max_depth(12)
        .accept_unknown(us::scope::top_level, false)
        .accept_unknown(us::scope::configuration, true)
        .accept_unknown(us::scope::summary, false);

    us::scope w = us::scope::top_level;
    us::attribute_definition d = def("drugName", t::string);
    d.nullable = false;
    d.required = true;
    d.min_length = 1;
    d.max_length = 64;
    b.define(w, d);
    d = def("drugCode", t::string);
    if(with_pattern)
        d.pattern = "[0-9]{4,5}-[0-9]{3,4}-[0-9]{1,2}";
    b.define(w, d);
    d = def("concentrationMgPerMl", t::decimal);
    d.minimum = 0.001;
    d.maximum = 1000;
    b.define(w, d);
    d = def("doseCount", t::integer);
    d.minimum = 1;
    d.maximum = 24;
    b.define(w, d);
    b.define(w, def("keepVeinOpen", t::boolean));
    b.define(w, def("prescriptionDate", t::date));
    b.define(w, def("scheduledStart", t::date_time));
    d = def("orderId", t::uuid);
    d.nullable = false;
    b.define(w, d);
    d = def("route", t::enumeration);
    d.allowed_values = {"IV", "SC", "EPIDURAL"};
    b.define(w, d);
    d = def("patientNote", t::string);
    d.sensitive = true;
    d.max_length = 256;
    b.define(w, d);
    b.define(w, def("bagLabel", t::object));
    d = def("alarms", t::array);
    d.max_length = 8;
    d.allowed_values = {"OCCLUSION", "AIR_IN_LINE", "LOW_BATTERY", "DOOR_OPEN"};
    b.define(w, d);
    b.define(w, def("notes", t::any));

    w = us::scope::configuration;
    d = def("rateMlPerHour", t::decimal);
    d.required = true;
    d.minimum = 0.1;
    d.maximum = 999.9;
    b.define(w, d);
    d = def("vtbiMl", t::decimal);
    d.minimum = 1;
    d.maximum = 9999;
    b.define(w, d);
    d = def("bolusCount", t::integer);
    d.minimum = 0;
    d.maximum = 10;
    b.define(w, d);
    d = def("mode", t::enumeration);
    d.nullable = false;
    d.allowed_values = {"CONTINUOUS", "INTERMITTENT", "PCA"};
    b.define(w, d);
    d = def("weightKg", t::decimal);
    d.sensitive = true;
    d.minimum = 0.5;
    d.maximum = 350;
    b.define(w, d);
    d = def("profile", t::string);
    d.allowed_values = {"ADULT", "PEDIATRIC", "NEONATAL"};
    b.define(w, d);
    d = def("channels", t::array);
    d.min_length = 1;
    d.max_length = 4;
    b.define(w, d);
    d = def("secondaryInfusion", t::boolean);
    d.nullable = false;
    b.define(w, d);
    b.define(w, def("startOfDay", t::date));
    b.define(w, def("programmedAt", t::date_time));
    b.define(w, def("libraryId", t::uuid));
    b.define(w, def("limits", t::object));
    b.define(w, def("vendorData", t::any));

    w = us::scope::summary;
    d = def("volumeInfusedMl", t::decimal);
    d.minimum = 0;
    d.maximum = 10000;
    b.define(w, d);
    d = def("batteryPercent", t::integer);
    d.minimum = 0;
    d.maximum = 100;
    b.define(w, d);
    d = def("occlusionCount", t::integer);
    d.minimum = 0;
    b.define(w, d);
    b.define(w, def("completedNormally", t::boolean));
    b.define(w, def("lastServiceDate", t::date));
    b.define(w, def("completedAt", t::date_time));
    b.define(w, def("reportId", t::uuid));
    d = def("outcome", t::enumeration);
    d.allowed_values = {"COMPLETE", "PARTIAL", "ABORTED"};
    b.define(w, d);
    d = def("clinicianComment", t::string);
    d.sensitive = true;
    d.min_length = 1;
    d.max_length = 500;
    b.define(w, d);
    d = def("alarmLog", t::array);
    d.max_length = 100;
    b.define(w, d);
    b.define(w, def("totals", t::object));
    d = def("extra", t::any);
    d.nullable = false;
    b.define(w, d);
    return b.build().value();
}

// rich.json as read, without its pattern when the build has no engine.
us::schema rich_from_json()
{
    json::value doc = test_data::load_json("schemas/rich.json");
    if(!has_pattern_engine())
        doc = without_patterns(std::move(doc));
    auto r = us::schema_from_json(doc);
    BOOST_TEST_REQUIRE(r.has_value(), report_of(r));
    return *r;
}

// A seeded change to a copy of `doc`: one value somewhere replaced by a
// value of another kind, a member renamed, removed or added.
json::value random_value(std::mt19937& rng)
{
    switch(rng() % 12)
    {
    case 0: return nullptr;
    case 1: return rng() % 2 == 0;
    case 2: return -static_cast<std::int64_t>(rng() % 5);
    case 3: return static_cast<std::int64_t>(rng() % 300);
    case 4: return 0.5 * static_cast<double>(rng() % 9);
    case 5: return "string";
    case 6: return "_x";
    case 7: return json::array{"A", 1};
    case 8: return json::object{{"name", "a"}, {"type", "integer"}};
    case 9: return std::numeric_limits<double>::infinity();
    case 10: return json::array{};
    default: return "";
    }
}

void mutate(json::value& doc, std::mt19937& rng)
{
    // Walk down a random path, then change what is there.
    json::value* at = &doc;
    while(rng() % 4 != 0)
    {
        if(at->is_object() && !at->as_object().empty())
        {
            auto& o = at->as_object();
            at = &(o.begin() + static_cast<std::ptrdiff_t>(rng() % o.size()))->value();
        }
        else if(at->is_array() && !at->as_array().empty())
            at = &at->as_array()[rng() % at->as_array().size()];
        else
            break;
    }
    static char const* const keys[] = {"name", "type", "values", "minLength", "maxLenght",
                                       "minimum", "maximum", "pattern", "nullable", "x/y~z",
                                       "attributes", "acceptUnknown", "format", "maxDepth"};
    if(at->is_object() && rng() % 2 == 0)
    {
        auto& o = at->as_object();
        if(!o.empty() && rng() % 2 == 0)
            o.erase(o.begin() + static_cast<std::ptrdiff_t>(rng() % o.size()));
        else
            o[keys[rng() % (sizeof keys / sizeof *keys)]] = random_value(rng);
    }
    else
        *at = random_value(rng);
}

// A position of each step in `doc`, as the reader orders violations.
std::vector<std::size_t> position(json::value const& doc, std::string_view pointer)
{
    std::vector<std::size_t> out;
    json::value const* at = &doc;
    std::size_t i = 0;
    while(i < pointer.size())
    {
        std::size_t const end = std::min(pointer.find('/', i + 1), pointer.size());
        std::string token;
        for(std::size_t j = i + 1; j < end; ++j)
        {
            if(pointer[j] == '~' && j + 1 < end)
                token += pointer[++j] == '1' ? '/' : '~';
            else
                token += pointer[j];
        }
        i = end;
        if(at && at->is_object())
        {
            auto const& o = at->as_object();
            auto const it = o.find(token);
            out.push_back(it == o.end() ? o.size() : static_cast<std::size_t>(it - o.begin()));
            at = it == o.end() ? nullptr : &it->value();
        }
        else if(at && at->is_array())
        {
            std::size_t const k = std::stoul(token);
            out.push_back(k);
            at = k < at->as_array().size() ? &at->as_array()[k] : nullptr;
        }
        else
        {
            out.push_back(0);
            at = nullptr;
        }
    }
    return out;
}

}   // namespace

BOOST_AUTO_TEST_SUITE(schema_json)

BOOST_AUTO_TEST_CASE(table_of_definitions)
{
    bool const engine = has_pattern_engine();
    json::value const data = test_data::load_json("schema_json_cases.json");
    std::size_t count = 0;
    std::size_t failing = 0;
    for(json::value const& c : data.at("cases").as_array())
    {
        json::object const& tc = c.as_object();
        std::string const name(tc.at("name").as_string());
        BOOST_TEST_CONTEXT(name)
        {
            json::value const& definition = tc.at("definition");
            json::value const* expect = &tc.at("expect");
            if(!engine)
                if(json::value const* other = tc.if_contains("expect_without_re2"))
                    expect = other;
            auto const r = us::schema_from_json(definition);
            BOOST_TEST(report_of(r) == expected_codes(expect->as_array()));
            if(!r)
                check_violations_point_into(definition, r.error());
            // Pure: the same document gives the same outcome.
            auto const again = us::schema_from_json(definition);
            BOOST_TEST(r.has_value() == again.has_value());
            if(!r && !again)
                BOOST_TEST((r.error() == again.error()));
            ++count;
            failing += expect->as_array().empty() ? 0 : 1;
        }
    }
    BOOST_TEST(count >= 120u);
    BOOST_TEST(failing >= 85u);
}

BOOST_AUTO_TEST_CASE(rich_definition_reflects_every_field)
{
    json::value doc = test_data::load_json("schemas/rich.json");
    if(!has_pattern_engine())
    {
        // The one pattern is then the one mistake, where it is written.
        auto const r = us::schema_from_json(doc);
        BOOST_TEST(report_of(r) == "/topLevel/attributes/1/pattern bad_schema");
        doc = without_patterns(std::move(doc));
    }
    auto const r = us::schema_from_json(doc);
    BOOST_TEST_REQUIRE(r.has_value(), report_of(r));
    check_schema_reflects(doc, *r);

    // A few fields spelled out, so the comparison above cannot agree with itself by accident.
    us::schema const& s = *r;
    BOOST_TEST(!s.require_start_and_state());
    BOOST_TEST(s.max_depth() == 12u);
    BOOST_TEST(!s.accepts_unknown(us::scope::top_level));
    BOOST_TEST(s.accepts_unknown(us::scope::configuration));
    BOOST_TEST(!s.accepts_unknown(us::scope::summary));
    BOOST_TEST(s.read_only_attributes().size() == 6u);
    BOOST_TEST(s.is_read_only("_device"));
    BOOST_TEST(!s.is_read_only("_caption"));
    BOOST_TEST(s.attributes(us::scope::top_level).size() == 13u);
    BOOST_TEST(s.attributes(us::scope::configuration).size() == 13u);
    BOOST_TEST(s.attributes(us::scope::summary).size() == 12u);
    us::attribute_definition const* note = s.find(us::scope::top_level, "patientNote");
    BOOST_TEST_REQUIRE(note);
    BOOST_TEST(note->sensitive);
    BOOST_TEST(note->nullable);
    BOOST_TEST(!note->required);
    BOOST_TEST(us::to_string(note->type) == "string");
    BOOST_TEST(!note->min_length.has_value());
    BOOST_TEST(*note->max_length == 256u);
    us::attribute_definition const* rate = s.find(us::scope::configuration, "rateMlPerHour");
    BOOST_TEST_REQUIRE(rate);
    BOOST_TEST(rate->required);
    BOOST_TEST(*rate->minimum == 0.1);
    BOOST_TEST(*rate->maximum == 999.9);
    us::attribute_definition const* route = s.find(us::scope::top_level, "route");
    BOOST_TEST_REQUIRE(route);
    BOOST_TEST(us::to_string(route->type) == "enumeration");
    BOOST_TEST(route->allowed_values == (std::vector<std::string>{"IV", "SC", "EPIDURAL"}),
               boost::test_tools::per_element());
    BOOST_TEST(!s.find(us::scope::summary, "patientNote"));
    BOOST_TEST(!s.find(us::scope::top_level, "batteryPercent"));
    BOOST_TEST(s.find(us::scope::summary, "batteryPercent"));
    std::size_t types_seen = 0;
    for(int t = 0; t <= static_cast<int>(us::attribute_type::any); ++t)
    {
        bool seen[3] = {false, false, false};
        for(int w = 0; w < 3; ++w)
            for(auto const& d : s.attributes(static_cast<us::scope>(w)))
                seen[w] = seen[w] || d.type == static_cast<us::attribute_type>(t);
        types_seen += seen[0] && seen[1] && seen[2];
    }
    BOOST_TEST(types_seen == 11u);   // every type in every scope
}

BOOST_AUTO_TEST_CASE(other_valid_definitions)
{
    for(char const* file : {"schemas/minimal.json", "schemas/relaxed.json"})
    {
        BOOST_TEST_CONTEXT(file)
        {
            json::value const doc = test_data::load_json(file);
            auto const r = us::schema_from_json(doc);
            BOOST_TEST_REQUIRE(r.has_value(), report_of(r));
            check_schema_reflects(doc, *r);
        }
    }
}

BOOST_AUTO_TEST_CASE(empty_definition_is_the_standard_schema)
{
    auto const r = us::schema_from_json(json::object{});
    BOOST_TEST_REQUIRE(r.has_value());
    us::schema const& s = *r;
    us::schema const& standard = us::schema::standard();
    BOOST_TEST(s.read_only_attributes() == standard.read_only_attributes(),
               boost::test_tools::per_element());
    BOOST_TEST(s.require_start_and_state());
    BOOST_TEST(s.max_depth() == standard.max_depth());
    for(int w = 0; w < 3; ++w)
    {
        BOOST_TEST(s.accepts_unknown(static_cast<us::scope>(w)));
        BOOST_TEST(s.attributes(static_cast<us::scope>(w)).empty());
    }
    for(char const* p : {R"({"_state": "x", "_id": 1, "c": [1], "_configuration": {"_q": 1}})",
                         R"({"_startTime": "2007-12-20T10:15:30Z", "_state": "ACTIVE", "a": {"b": 1}})",
                         R"({"_summary": {"_stopReasonCode": "NOPE", "x": null}})"})
    {
        json::value const patch = json::parse(p);
        BOOST_TEST((us::validate_patch(patch, s) == us::validate_patch(patch)), p);
    }
}

// The schema read from rich.json and the same schema written in code judge
// every patch of rich_patches.json alike, and as the file says.
BOOST_AUTO_TEST_CASE(json_and_code_schemas_validate_alike)
{
    bool const engine = has_pattern_engine();
    us::schema const from_json = rich_from_json();
    us::schema const in_code = rich_in_code(engine);
    for(int w = 0; w < 3; ++w)
    {
        auto const& a = from_json.attributes(static_cast<us::scope>(w));
        auto const& b = in_code.attributes(static_cast<us::scope>(w));
        BOOST_TEST_REQUIRE(a.size() == b.size());
        for(std::size_t i = 0; i < a.size(); ++i)
        {
            BOOST_TEST_CONTEXT(a[i].name)
            {
                BOOST_TEST(a[i].name == b[i].name);
                BOOST_TEST((a[i].type == b[i].type));
                BOOST_TEST(a[i].nullable == b[i].nullable);
                BOOST_TEST(a[i].required == b[i].required);
                BOOST_TEST(a[i].sensitive == b[i].sensitive);
                BOOST_TEST((a[i].min_length == b[i].min_length));
                BOOST_TEST((a[i].max_length == b[i].max_length));
                BOOST_TEST((a[i].minimum == b[i].minimum));
                BOOST_TEST((a[i].maximum == b[i].maximum));
                BOOST_TEST(a[i].allowed_values == b[i].allowed_values, boost::test_tools::per_element());
                BOOST_TEST(a[i].pattern == b[i].pattern);
            }
        }
    }

    json::value const data = test_data::load_json("schemas/rich_patches.json");
    json::object const session = test_data::load_json("schemas/rich_session.json").as_object();
    std::size_t count = 0;
    for(json::value const& c : data.at("patches").as_array())
    {
        json::object const& tc = c.as_object();
        if(!engine && tc.contains("needs_re2"))
            continue;
        BOOST_TEST_CONTEXT(tc.at("name").as_string())
        {
            json::value const& patch = tc.at("patch");
            us::report const a = us::validate_patch(patch, from_json);
            us::report const b = us::validate_patch(patch, in_code);
            BOOST_TEST((a == b), codes(a) << " <> " << codes(b));
            BOOST_TEST(codes(a) == expected_codes(tc.at("expect").as_array()));
            // Whole updates too: required attributes, merge, cross-field rules.
            auto const ua = us::apply_update(session, patch, from_json);
            auto const ub = us::apply_update(session, patch, in_code);
            BOOST_TEST(ua.has_value() == ub.has_value());
            if(ua && ub)
                BOOST_TEST((*ua == *ub));
            else if(!ua && !ub)
                BOOST_TEST((ua.error() == ub.error()));
            ++count;
        }
    }
    BOOST_TEST(count >= 20u);
    BOOST_TEST(us::validate_session(session, from_json).ok(), codes(us::validate_session(session, from_json)));
}

BOOST_AUTO_TEST_CASE(relaxed_definition_in_use)
{
    auto const r = us::schema_from_json(test_data::load_json("schemas/relaxed.json"));
    BOOST_TEST_REQUIRE(r.has_value(), report_of(r));
    us::schema const& s = *r;
    auto judge = [&](char const* text) { return codes(us::validate_patch(json::parse(text), s)); };
    BOOST_TEST(judge(R"({"_summary": {"batteryPercent": 100}})") == "");
    BOOST_TEST(judge(R"({"_summary": {"batteryPercent": 101}})") == "/_summary/batteryPercent out_of_range");
    BOOST_TEST(judge(R"({"_summary": {"batteryPercent": "full"}})") == "/_summary/batteryPercent wrong_type");
    BOOST_TEST(judge(R"({"_summary": {"batteryPercnt": 1}})") == "/_summary/batteryPercnt unknown_attribute");
    BOOST_TEST(judge(R"({"note": 1})") == "/note unknown_attribute");
    BOOST_TEST(judge(R"({"_configuration": {"anything": {"goes": [1]}}})") == "");
    BOOST_TEST(judge(R"({"_configuration": {"a": {"b": {"c": 1}}}})") == "");
    BOOST_TEST(judge(R"({"_configuration": {"a": {"b": {"c": {}}}}})") == "/_configuration/a/b/c too_deep");
    // No read-only attributes: _id is simply unknown.
    BOOST_TEST(judge(R"({"_id": "x"})") == "/_id unknown_attribute");
}

BOOST_AUTO_TEST_CASE(messages_say_what_is_wrong)
{
    auto message = [](char const* text) {
        auto const r = us::schema_from_json(json::parse(text));
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST_REQUIRE(r.error().size() == 1u);
        return r.error()[0].message;
    };
    auto has = [](std::string const& m, char const* part) {
        BOOST_TEST(m.find(part) != std::string::npos, m << " lacks " << part);
    };
    std::string m = message(R"({"topLevel": {"attributes": [{"name": "rate", "type": "string", "maxLenght": 3}]}})");
    has(m, "\"maxLenght\"");
    has(m, "the topLevel attribute \"rate\"");
    has(m, "did you mean \"maxLength\"?");
    m = message(R"({"summary": {"attributes": [{"name": "rate", "type": "datetime"}]}})");
    has(m, "not the string \"datetime\"");
    has(m, "did you mean \"date_time\"?");
    m = message(R"({"summary": {"attributes": [{"name": "rate", "type": "int"}]}})");
    BOOST_TEST(m.find("did you mean") == std::string::npos, m);
    m = message(R"({"configuration": {"attributes": [{"name": "n", "type": "string", "minLength": -1}]}})");
    has(m, "\"minLength\" of the configuration attribute \"n\" must be an integer from 0 to 18446744073709551615, not the number -1.");
    m = message(R"({"configuration": {"attributes": [{"type": "string"}]}})");
    BOOST_TEST(m == "The configuration attribute at index 0 needs a \"name\".");
    m = message(R"({"maxDepth": null})");
    BOOST_TEST(m == "\"maxDepth\" must be an integer from 1 to 256, not null; leave the member out to get its default.");
    m = message(R"({"toplevel": {}})");
    has(m, "did you mean \"topLevel\"?");
    m = message(R"({"readOnlyAttributes": ["_id", "_id"]})");
    BOOST_TEST(m == "The read-only attribute \"_id\" is listed twice.");
    m = message("[1]");
    BOOST_TEST(m == "A schema definition must be a JSON object, not an array.");
    // Control characters and long input are escaped and cut, as everywhere.
    m = message(R"({"a\u0001\nb": 1})");
    has(m, "\"a\\u0001\\nb\"");
    m = message(("{\"" + std::string(200, 'k') + "\": 1}").c_str());
    BOOST_TEST(m.size() < 260u, m);
    has(m, "...");
}

BOOST_AUTO_TEST_CASE(report_is_capped)
{
    json::array attributes;
    for(int i = 0; i < 150; ++i)
        attributes.push_back(json::object{{"name", "a" + std::to_string(i)}, {"type", "text"}});
    json::value const doc = json::object{{"topLevel", json::object{{"attributes", attributes}}}};
    auto const r = us::schema_from_json(doc);
    BOOST_TEST_REQUIRE(!r.has_value());
    us::report const full = r.error();
    BOOST_TEST(full.size() == 101u);
    BOOST_TEST(full[99].pointer == "/topLevel/attributes/99/type");
    BOOST_TEST(us::code_name(full[100].code) == "too_many_violations");

    us::validate_options o;
    o.max_violations = 3;
    auto const few = us::schema_from_json(doc, o);
    BOOST_TEST_REQUIRE(!few.has_value());
    BOOST_TEST(codes(few.error()) == "/topLevel/attributes/0/type bad_schema; "
                                     "/topLevel/attributes/1/type bad_schema; "
                                     "/topLevel/attributes/2/type bad_schema; "
                                     " too_many_violations");

    // The same with mistakes only build() finds, and with both kinds mixed:
    // the cap applies to the merged, ordered report.
    json::array reserved;
    for(int i = 0; i < 150; ++i)
        reserved.push_back(json::object{{"name", "_a" + std::to_string(i)}, {"type", "any"}});
    auto const by_build = us::schema_from_json(json::object{{"summary", json::object{{"attributes", reserved}}}});
    BOOST_TEST_REQUIRE(!by_build.has_value());
    BOOST_TEST(by_build.error().size() == 101u);
    BOOST_TEST(by_build.error()[0].pointer == "/summary/attributes/0/name");
    BOOST_TEST(us::code_name(by_build.error()[100].code) == "too_many_violations");

    json::value const mixed = json::parse(R"({"summary": {"attributes": [{"name": "_a", "type": "any"}]},
                                              "maxDepth": 0, "topLevel": {"attributes": [{"name": "b", "type": "x"}]}})");
    o.max_violations = 2;
    auto const m = us::schema_from_json(mixed, o);
    BOOST_TEST_REQUIRE(!m.has_value());
    BOOST_TEST(codes(m.error()) == "/summary/attributes/0/name bad_schema; /maxDepth bad_schema; "
                                   " too_many_violations");
}

BOOST_AUTO_TEST_CASE(values_only_code_can_build)
{
    // Non-finite numbers, invalid UTF-8: not JSON text, but a json::value can hold them.
    json::value doc = json::parse(R"({"topLevel": {"attributes": [
        {"name": "a", "type": "decimal", "minimum": 0, "maximum": 1},
        {"name": "b", "type": "string", "minLength": 0}]}})");
    auto& defs = doc.at("topLevel").at("attributes").as_array();
    defs[0].as_object()["minimum"] = -std::numeric_limits<double>::infinity();
    defs[0].as_object()["maximum"] = std::nan("");
    defs[1].as_object()["minLength"] = std::nan("");
    auto r = us::schema_from_json(doc);
    BOOST_TEST(report_of(r) == "/topLevel/attributes/0/minimum bad_schema; "
                               "/topLevel/attributes/0/maximum bad_schema; "
                               "/topLevel/attributes/1/minLength bad_schema");

    json::value names = json::parse(R"({"summary": {"attributes": [{"name": "x", "type": "enumeration", "values": ["A"]}]},
                                        "readOnlyAttributes": ["_ok"]})");
    names.at("summary").at("attributes").as_array()[0].as_object()["name"] = std::string_view("a\xff", 2);
    names.at("summary").at("attributes").as_array()[0].as_object()["values"].as_array().push_back(json::string(std::string_view("\xc3(", 2)));
    names.at("readOnlyAttributes").as_array().push_back(json::string(std::string_view("_\xe2\x82", 3)));
    r = us::schema_from_json(names);
    BOOST_TEST(report_of(r) == "/summary/attributes/0/name bad_schema; "
                               "/summary/attributes/0/values/1 bad_schema; "
                               "/readOnlyAttributes/1 bad_schema");
    if(!r)
        for(us::violation const& v : r.error())
            BOOST_TEST(v.message.find('\xff') == std::string::npos, v.message);
}

BOOST_AUTO_TEST_CASE(nested_values_are_not_walked)
{
    // A definition is never walked deeper than its fixed shape: a deeply
    // nested value where a string belongs is one mistake, at its top.
    // Built with moves only: copying a value this deep would recurse.
    json::value nested = json::array{};
    for(int i = 0; i < 100000; ++i)
    {
        json::array outer;
        outer.emplace_back(std::move(nested));
        nested = std::move(outer);
    }
    test_support::deep_value doc(json::parse(R"({"topLevel": {"attributes": [
        {"name": "a", "type": "enumeration", "values": []}]}})"));
    doc.v.at("topLevel").at("attributes").as_array()[0].at("values").as_array().emplace_back(std::move(nested));
    auto const r = us::schema_from_json(doc.v);
    BOOST_TEST(report_of(r) == "/topLevel/attributes/0/values/0 bad_schema");
}

BOOST_AUTO_TEST_CASE(many_attributes)
{
    json::array attributes;
    for(int i = 0; i < 5000; ++i)
        attributes.push_back(json::object{{"name", "attr" + std::to_string(i)}, {"type", "integer"}, {"minimum", 0}, {"maximum", i}});
    json::value const doc = json::object{{"configuration", json::object{{"attributes", attributes}}}};
    auto const r = us::schema_from_json(doc);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->attributes(us::scope::configuration).size() == 5000u);
    us::attribute_definition const* d = r->find(us::scope::configuration, "attr4321");
    BOOST_TEST_REQUIRE(d);
    BOOST_TEST(*d->maximum == 4321.0);
}

// Seeded random changes to rich.json: never an exception, only bad_schema,
// every pointer into the document, the report in document order and the
// same on a second read.
BOOST_AUTO_TEST_CASE(mutated_definitions)
{
    json::value const base = without_patterns(test_data::load_json("schemas/rich.json"));
    std::mt19937 rng(20240229);
    std::size_t rejected = 0;
    for(int round = 0; round < 3000; ++round)
    {
        json::value doc = base;
        for(unsigned n = 1 + rng() % 3; n > 0; --n)
            mutate(doc, rng);
        auto const r = us::schema_from_json(doc);
        if(r)
            continue;
        ++rejected;
        BOOST_TEST_CONTEXT(json::serialize(doc))
        {
            us::report const rep = r.error();
            BOOST_TEST(!rep.ok());
            check_violations_point_into(doc, rep);
            for(std::size_t i = 1; i < rep.size(); ++i)
                if(rep[i].code != us::error::too_many_violations)
                    BOOST_TEST((position(doc, rep[i - 1].pointer) <= position(doc, rep[i].pointer)),
                               rep[i - 1].pointer << " before " << rep[i].pointer);
            auto const again = us::schema_from_json(doc);
            BOOST_TEST_REQUIRE(!again.has_value());
            BOOST_TEST((again.error() == rep));
        }
    }
    BOOST_TEST(rejected > 1000u);
}

BOOST_AUTO_TEST_SUITE_END()
