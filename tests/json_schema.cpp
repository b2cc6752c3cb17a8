// Tests of usage_session/json_schema.hpp: to_json_schema, the patch rules as
// a JSON Schema (draft 2020-12) document. Expected
// documents and the pattern translation table are data in
// tests/data/json_schema/; tests/ajv/ checks the documents' meaning against
// Ajv, this file their exact shape.
#include <usage_session/json_schema.hpp>

#include <usage_session/detail/ecma_regex.hpp>
#include <usage_session/detail/grammar.hpp>
#include <usage_session/detail/pattern.hpp>
#include <usage_session/schema.hpp>
#include <usage_session/timestamp.hpp>
// White-box checks of the writer (detail::json_schema).
#include <usage_session/impl/json_schema.hpp>

#include "test_data.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace {

namespace us = usage_session;
using us::attribute_definition;
using us::attribute_type;
using us::scope;

attribute_definition def(std::string name, attribute_type type)
{
    return attribute_definition(std::move(name), type);
}

// Every type and constraint of docs/contract.md §5, nullable, required and sensitive,
// and a different unknown-attribute policy per scope. No pattern, so that
// it builds without RE2 too (patterns have their own test below).
us::schema_builder rich_builder()
{
    us::schema_builder b;
    b.accept_unknown(scope::top_level, false)
        .accept_unknown(scope::configuration, false)
        .accept_unknown(scope::summary, true);

    attribute_definition drug = def("drugName", attribute_type::string);
    drug.min_length = 1;
    drug.max_length = 64;
    drug.required = true;
    b.define(scope::top_level, drug);

    attribute_definition note = def("patientNote", attribute_type::string);
    note.max_length = 2000;
    note.sensitive = true;
    b.define(scope::top_level, note);

    attribute_definition doses = def("doseCount", attribute_type::integer);
    doses.minimum = 0;
    doses.maximum = 100;
    b.define(scope::top_level, doses);

    b.define(scope::top_level, def("counter", attribute_type::integer));

    attribute_definition odd = def("oddBounds", attribute_type::integer);
    odd.minimum = -2.5;
    odd.maximum = 1e19;   // beyond int64: the int64 bound stays
    b.define(scope::top_level, odd);

    attribute_definition rate = def("rateMlPerHour", attribute_type::decimal);
    rate.minimum = 0.1;
    rate.maximum = 999.9;
    rate.nullable = false;
    b.define(scope::top_level, rate);

    b.define(scope::top_level, def("ratio", attribute_type::decimal));
    b.define(scope::top_level, def("paused", attribute_type::boolean));
    b.define(scope::top_level, def("manufactured", attribute_type::date));

    attribute_definition calibrated = def("calibratedAt", attribute_type::date_time);
    calibrated.nullable = false;
    b.define(scope::top_level, calibrated);

    b.define(scope::top_level, def("orderId", attribute_type::uuid));

    attribute_definition mode = def("mode", attribute_type::enumeration);
    mode.allowed_values = {"CONTINUOUS", "BOLUS", "PCA"};
    b.define(scope::top_level, mode);

    b.define(scope::top_level, def("bagLabel", attribute_type::object));

    attribute_definition alarms = def("alarms", attribute_type::array);
    alarms.min_length = 0;
    alarms.max_length = 5;
    alarms.allowed_values = {"HIGH", "LOW", "OCCLUSION"};
    b.define(scope::top_level, alarms);

    attribute_definition readings = def("readings", attribute_type::array);
    readings.max_length = 100;
    b.define(scope::top_level, readings);

    attribute_definition blob = def("blob", attribute_type::any);
    blob.nullable = false;
    b.define(scope::top_level, blob);

    b.define(scope::top_level, def("anything", attribute_type::any));
    // A name every JavaScript object inherits: validators must look at own members only.
    b.define(scope::top_level, def("toString", attribute_type::boolean));

    attribute_definition limit = def("volumeLimitMl", attribute_type::decimal);
    limit.minimum = 0;
    limit.maximum = 5000;
    b.define(scope::configuration, limit);

    attribute_definition language = def("language", attribute_type::string);
    language.allowed_values = {"en", "de", "fr"};
    b.define(scope::configuration, language);

    attribute_definition weight = def("weightKg", attribute_type::decimal);
    weight.minimum = 0.5;
    weight.maximum = 350;
    weight.sensitive = true;
    weight.required = true;
    b.define(scope::configuration, weight);

    attribute_definition total = def("totalVolumeMl", attribute_type::decimal);
    total.minimum = 0;
    b.define(scope::summary, total);

    attribute_definition interruptions = def("interruptions", attribute_type::integer);
    interruptions.minimum = 0;
    b.define(scope::summary, interruptions);
    return b;
}

us::schema rich()
{
    auto built = rich_builder().build();
    BOOST_TEST_REQUIRE(built.has_value());
    return *built;
}

// The first difference between two documents, as a JSON Pointer, for a
// readable failure; empty when equal.
std::string first_difference(boost::json::value const& a, boost::json::value const& b,
                             std::string const& at = "")
{
    if(a.kind() != b.kind() && !(a.is_number() && b.is_number()))
        return at + " (kinds differ)";
    if(a.is_object())
    {
        auto const& x = a.get_object();
        auto const& y = b.get_object();
        auto xi = x.begin();
        auto yi = y.begin();
        for(; xi != x.end() && yi != y.end(); ++xi, ++yi)
        {
            if(xi->key() != yi->key())
                return at + " (member order: " + std::string(xi->key()) + " vs " +
                       std::string(yi->key()) + ")";
            std::string d = first_difference(xi->value(), yi->value(),
                                             at + "/" + std::string(xi->key()));
            if(!d.empty())
                return d;
        }
        if(xi != x.end() || yi != y.end())
            return at + " (member count)";
        return {};
    }
    if(a.is_array())
    {
        auto const& x = a.get_array();
        auto const& y = b.get_array();
        if(x.size() != y.size())
            return at + " (array size)";
        for(std::size_t i = 0; i < x.size(); ++i)
        {
            std::string d = first_difference(x[i], y[i], at + "/" + std::to_string(i));
            if(!d.empty())
                return d;
        }
        return {};
    }
    return a == b ? std::string() : at + ": " + boost::json::serialize(a) + " vs " + boost::json::serialize(b);
}

void check_document(boost::json::object const& got, char const* expected_file)
{
    boost::json::value const expected = test_data::load_json(expected_file);
    std::string const diff = first_difference(got, expected);
    BOOST_TEST(diff.empty(), expected_file << " differs at " << diff << "\ngot: "
                                           << boost::json::serialize(got));
}

// Every value inside `v` (itself included) uses memory resource `sp`.
bool all_in(boost::json::value const& v, boost::json::storage_ptr const& sp)
{
    if(v.storage().get() != sp.get())
        return false;
    if(v.is_object())
    {
        for(auto const& m : v.get_object())
            if(!all_in(m.value(), sp))
                return false;
    }
    else if(v.is_array())
    {
        for(auto const& e : v.get_array())
            if(!all_in(e, sp))
                return false;
    }
    return true;
}

boost::json::object const& property(boost::json::object const& doc, char const* name)
{
    return doc.at("properties").as_object().at(name).as_object();
}

}   // namespace

BOOST_AUTO_TEST_SUITE(json_schema)

BOOST_AUTO_TEST_CASE(standard_schema_document)
{
    check_document(us::to_json_schema(us::schema::standard()), "json_schema/standard.json");
}

BOOST_AUTO_TEST_CASE(rich_schema_document)
{
    check_document(us::to_json_schema(rich()), "json_schema/rich.json");
}

BOOST_AUTO_TEST_CASE(relaxed_schema_has_no_required_members)
{
    auto relaxed = us::schema_builder().require_start_and_state(false).build();
    BOOST_TEST_REQUIRE(relaxed.has_value());
    boost::json::object doc = us::to_json_schema(*relaxed);
    BOOST_TEST(!doc.contains("required"));
    // Everything else is the standard document.
    boost::json::object standard = us::to_json_schema(us::schema::standard());
    BOOST_TEST_REQUIRE(standard.stable_erase("required") == 1u);
    BOOST_TEST(first_difference(doc, standard) == "");
}

BOOST_AUTO_TEST_CASE(unknown_attribute_policy_per_scope)
{
    for(int closed = 0; closed < 3; ++closed)
        BOOST_TEST_CONTEXT("closed scope " << closed)
        {
            auto s = us::schema_builder().accept_unknown(static_cast<scope>(closed), false).build();
            BOOST_TEST_REQUIRE(s.has_value());
            boost::json::object const doc = us::to_json_schema(*s);
            BOOST_TEST(doc.at("additionalProperties") == (closed != 0));
            BOOST_TEST(property(doc, "_configuration").at("additionalProperties") == (closed != 1));
            BOOST_TEST(property(doc, "_summary").at("additionalProperties") == (closed != 2));
        }
}

BOOST_AUTO_TEST_CASE(id_is_emitted_only_when_given)
{
    boost::json::object const with = us::to_json_schema(us::schema::standard(),
                                                        "https://example.com/usage-session.json");
    BOOST_TEST(with.at("$id") == "https://example.com/usage-session.json");
    // $id comes right after $schema.
    BOOST_TEST((with.begin() + 1)->key() == "$id");
    BOOST_TEST(!us::to_json_schema(us::schema::standard()).contains("$id"));
    BOOST_TEST(!us::to_json_schema(us::schema::standard(), "").contains("$id"));
}

BOOST_AUTO_TEST_CASE(deterministic)
{
    us::schema const s = rich();
    std::string const first = boost::json::serialize(us::to_json_schema(s));
    BOOST_TEST(boost::json::serialize(us::to_json_schema(s)) == first);
    // A copy of the schema, and a schema built again from the same builder.
    us::schema const copy = s;
    BOOST_TEST(boost::json::serialize(us::to_json_schema(copy)) == first);
    BOOST_TEST(boost::json::serialize(us::to_json_schema(rich())) == first);
}

BOOST_AUTO_TEST_CASE(uses_the_given_memory_resource)
{
    boost::json::monotonic_resource arena;
    boost::json::storage_ptr sp(&arena);
    boost::json::object const doc = us::to_json_schema(rich(), "urn:x", sp);
    BOOST_TEST(all_in(doc, sp));
    BOOST_TEST(boost::json::serialize(doc) == boost::json::serialize(us::to_json_schema(rich(), "urn:x")));
}

BOOST_AUTO_TEST_CASE(sensitive_attributes_are_marked_and_otherwise_unchanged)
{
    // The same attribute, sensitive and not: the documents differ by the
    // vendor keyword alone, and no other attribute carries it.
    for(attribute_type type : {attribute_type::string, attribute_type::integer,
                               attribute_type::date, attribute_type::any})
        BOOST_TEST_CONTEXT("type " << us::to_string(type))
        {
            attribute_definition plain = def("note", type);
            attribute_definition secret = plain;
            secret.name = "secret";
            secret.sensitive = true;
            auto s = us::schema_builder()
                         .define(scope::top_level, plain)
                         .define(scope::top_level, secret)
                         .build();
            BOOST_TEST_REQUIRE(s.has_value());
            boost::json::object const doc = us::to_json_schema(*s);
            boost::json::object secret_schema = property(doc, "secret");
            BOOST_TEST(secret_schema.at("x-sensitive") == true);
            BOOST_TEST(!property(doc, "note").contains("x-sensitive"));
            BOOST_TEST_REQUIRE(secret_schema.erase("x-sensitive") == 1u);
            BOOST_TEST(first_difference(secret_schema, property(doc, "note")) == "");
        }
    // In the rich schema: exactly patientNote and _configuration.weightKg.
    boost::json::object const doc = us::to_json_schema(rich());
    std::string const text = boost::json::serialize(doc);
    std::size_t marks = 0;
    for(std::size_t at = text.find("x-sensitive"); at != std::string::npos;
        at = text.find("x-sensitive", at + 1))
        ++marks;
    BOOST_TEST(marks == 2u);
    BOOST_TEST(property(doc, "patientNote").at("x-sensitive") == true);
    BOOST_TEST(property(property(doc, "_configuration"), "weightKg").at("x-sensitive") == true);
}

BOOST_AUTO_TEST_CASE(required_attributes_are_not_required_in_a_patch_and_never_null)
{
    boost::json::object const doc = us::to_json_schema(rich());
    // Only the system attributes are required: a patch is partial.
    BOOST_TEST(doc.at("required") == boost::json::parse(R"(["_startTime", "_state"])"));
    BOOST_TEST(!property(doc, "_configuration").contains("required"));
    boost::json::object const& drug = property(doc, "drugName");
    BOOST_TEST(drug.at("type") == "string");   // no "null"
    BOOST_TEST(drug.at("x-mandatory") == true);
    // Required wins over nullable (weightKg is nullable by default).
    boost::json::object const& weight = property(property(doc, "_configuration"), "weightKg");
    BOOST_TEST(weight.at("type") == "number");
    BOOST_TEST(!property(doc, "patientNote").contains("x-mandatory"));
}

// RE2 patterns in the portable subset are translated; others are kept in
// x-re2-pattern (tests/data/json_schema/patterns.json).
BOOST_AUTO_TEST_CASE(pattern_translation_table)
{
    boost::json::value const table = test_data::load_json("json_schema/patterns.json");
    std::size_t n = 0;
    for(auto const& row : table.at("cases").as_array())
    {
        std::string const re2(row.at("re2").as_string());
        BOOST_TEST_CONTEXT("pattern " << re2)
        {
            std::string ecma;
            bool const portable = us::detail::to_ecma_full_match(re2, ecma);
            if(row.at("ecma").is_null())
                BOOST_TEST(!portable);
            else
            {
                BOOST_TEST(portable);
                BOOST_TEST(ecma == std::string(row.at("ecma").as_string()));
            }
            ++n;
        }
    }
    BOOST_TEST(n >= 40u);
}

#ifdef USAGE_SESSION_HAS_RE2

// The sample strings of the table match (or not) the RE2 pattern as the
// table says; tests/ajv/judge.js checks the same strings against the
// translated pattern in JavaScript, so both sides agree on them.
BOOST_AUTO_TEST_CASE(pattern_translation_samples_under_re2)
{
    boost::json::value const table = test_data::load_json("json_schema/patterns.json");
    for(auto const& row : table.at("cases").as_array())
    {
        std::string const re2(row.at("re2").as_string());
        std::string why;
        auto const p = us::detail::compile_pattern(re2, why);
        BOOST_TEST_REQUIRE(p, re2 << ": " << why);
        for(char const* key : {"matches", "rejects"})
            if(row.as_object().contains(key))
                for(auto const& sample : row.at(key).as_array())
                    BOOST_TEST(p->full_match(sample.as_string()) == (key[0] == 'm'),
                               re2 << " " << key << " " << boost::json::serialize(sample));
    }
}

// The emitted system patterns are in the syntax RE2 shares with ECMA-262:
// run under RE2 they agree with the library's own grammars.
BOOST_AUTO_TEST_CASE(system_patterns_agree_with_the_grammars)
{
    namespace js = us::detail::json_schema;
    std::string why;
    auto const date_time = us::detail::compile_pattern(std::string(js::utc_date_time_pattern), why);
    auto const date = us::detail::compile_pattern(std::string(js::date_pattern), why);
    auto const uuid = us::detail::compile_pattern(std::string(js::uuid_pattern), why);
    BOOST_TEST_REQUIRE((date_time && date && uuid), why);

    std::size_t checked = 0;
    boost::json::value const timestamps = test_data::load_json("timestamps.json");
    for(auto const& row : timestamps.as_array())
    {
        std::string_view const text = row.at("input").as_string();
        bool const ok = us::parse_utc_timestamp(text).has_value();
        BOOST_TEST(date_time->full_match(text) == ok, text);
        ++checked;
    }
    BOOST_TEST(checked >= 50u);

    // Every day of years around each leap-year rule and the range limits,
    // and days 00 and 32 of every month.
    char buffer[32];
    for(int year : {1399, 1400, 1401, 1500, 1600, 1700, 1800, 1900, 1996, 2000, 2023, 2024,
                    2100, 2400, 9996, 9999})
        for(int month = 0; month <= 13; ++month)
            for(int day = 0; day <= 32; ++day)
            {
                std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
                std::string_view const d(buffer);
                us::detail::date_time_fields f;
                bool const ok = us::detail::parse_full_date(d, f) &&
                                year >= us::detail::min_supported_year &&
                                year <= us::detail::max_supported_year;
                BOOST_TEST(date->full_match(d) == ok, d);
                std::string const t = std::string(d) + "T23:59:60.5z";
                BOOST_TEST(date_time->full_match(t) == us::parse_utc_timestamp(t).has_value(), t);
            }

    for(char const* u : {"123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000",
                         "123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
                         "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
                         "123e4567-e89b-12d3-a456-42661417400g", "123e4567-e89b-12d3-a456-4266141740000"})
        BOOST_TEST(uuid->full_match(u) == us::detail::is_uuid(u), u);
}

BOOST_AUTO_TEST_CASE(attribute_patterns_are_translated_or_kept)
{
    attribute_definition lot = def("lotNumber", attribute_type::string);
    lot.pattern = "[A-Z]{2}\\d{4,6}";
    attribute_definition mrn = def("mrn", attribute_type::string);
    mrn.pattern = "(?i)mrn-[0-9]+";
    mrn.sensitive = true;
    auto s = us::schema_builder().define(scope::top_level, lot).define(scope::top_level, mrn).build();
    BOOST_TEST_REQUIRE(s.has_value());
    boost::json::object const doc = us::to_json_schema(*s);
    boost::json::object const& l = property(doc, "lotNumber");
    BOOST_TEST(l.at("pattern") == "^(?:[A-Z]{2}\\d{4,6})$");
    BOOST_TEST(!l.contains("x-re2-pattern"));
    boost::json::object const& m = property(doc, "mrn");
    BOOST_TEST(!m.contains("pattern"));
    BOOST_TEST(m.at("x-re2-pattern") == "(?i)mrn-[0-9]+");
    BOOST_TEST(m.at("x-sensitive") == true);
}

#endif

BOOST_AUTO_TEST_SUITE_END()
