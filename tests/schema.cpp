// Included first: proves the header is self-contained.
#include <usage_session/schema.hpp>
#include <usage_session/validate.hpp>
// White-box checks of the schema machinery (string_index, perfect_name_table ...).
#include <usage_session/impl/schema.hpp>
#include <usage_session/detail/validator.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include "definition_reader.hpp"
#include "test_data.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace json = boost::json;
namespace us = usage_session;
using test_support::codes;

namespace {

json::value patch(char const* text)
{
    return json::parse(text);
}

// A valid patch plus the given members.
json::object valid_patch(json::object extra = {})
{
    json::object p{{"_startTime", "2007-12-20T10:15:30Z"}, {"_state", "ACTIVE"}};
    for(auto& m : extra)
        p[m.key()] = std::move(m.value());
    return p;
}

}   // namespace

BOOST_AUTO_TEST_SUITE(schema)

BOOST_AUTO_TEST_CASE(standard_is_one_shared_instance)
{
    us::schema const& a = us::schema::standard();
    us::schema const& b = us::schema::standard();
    BOOST_TEST(&a == &b);
    BOOST_TEST(a.require_start_and_state());
    BOOST_TEST(a.max_depth() == 32u);
    BOOST_TEST(a.accepts_unknown(us::scope::top_level));
    BOOST_TEST(a.accepts_unknown(us::scope::configuration));
    BOOST_TEST(a.accepts_unknown(us::scope::summary));
}

BOOST_AUTO_TEST_CASE(standard_read_only_attributes)
{
    std::vector<std::string> expected = {
        "_id", "_patient", "_device", "_ownerOrganization", "_initiator",
        "_requiredMeasurementIntervalMilliseconds", "_template", "_referencers",
        "_creationTime", "_lastModifiedTime", "_sessionContext", "_caption"};
    std::sort(expected.begin(), expected.end());
    us::schema const& s = us::schema::standard();
    BOOST_TEST(s.read_only_attributes() == expected, boost::test_tools::per_element());
    BOOST_TEST(us::default_read_only_attributes.size() == 12u);
    for(std::string const& name : expected)
        BOOST_TEST(s.is_read_only(name), name);
    // Writable system attributes, wrong case, no underscore, prefixes: not read-only.
    for(char const* name : {"_startTime", "_state", "_endTime", "_name", "_configuration",
                            "_summary", "_ID", "id", "_", "", "_i", "_ids", "_caption "})
        BOOST_TEST(!s.is_read_only(name), '"' << name << '"');
}

BOOST_AUTO_TEST_CASE(default_builder_matches_standard)
{
    us::schema const built = us::schema_builder().build().value();
    us::schema const& standard = us::schema::standard();
    BOOST_TEST(built.read_only_attributes() == standard.read_only_attributes(),
               boost::test_tools::per_element());
    BOOST_TEST(built.require_start_and_state() == standard.require_start_and_state());
    BOOST_TEST(built.max_depth() == standard.max_depth());
    json::value const p = patch(R"({"_state": "x", "_id": 1, "c": [1], "_configuration": {"_q": 1}})");
    BOOST_TEST(codes(us::validate_patch(p, built)) == codes(us::validate_patch(p)));
    BOOST_TEST(codes(us::validate_patch(p, built)) ==
               "/_state not_in_enum; /_id read_only_attribute; "
               "/_configuration/_q unknown_attribute; /_startTime missing_required");
}

BOOST_AUTO_TEST_CASE(relaxed_start_and_state)
{
    us::schema const relaxed = us::schema_builder().require_start_and_state(false).build().value();
    BOOST_TEST(!relaxed.require_start_and_state());

    // The platform's own "stop a session" example carries neither.
    json::value const stop = patch(R"({"_state": "DONE", "_endTime": "2007-12-20T11:15:30Z",
        "_summary": {"_stopReasonCode": "COMPLETION"}})");
    BOOST_TEST(codes(us::validate_patch(stop, relaxed)) == "");
    BOOST_TEST(codes(us::validate_patch(stop)) == "/_startTime missing_required");
    BOOST_TEST(codes(us::validate_patch(json::object{}, relaxed)) == "");
    BOOST_TEST(codes(us::validate_patch(patch(R"({"_name": "n"})"), relaxed)) == "");

    // null is still refused, and present values are still checked.
    BOOST_TEST(codes(us::validate_patch(patch(R"({"_startTime": null})"), relaxed)) ==
               "/_startTime null_not_allowed");
    BOOST_TEST(codes(us::validate_patch(patch(R"({"_state": null})"), relaxed)) ==
               "/_state null_not_allowed");
    BOOST_TEST(codes(us::validate_patch(patch(R"({"_state": "done", "_startTime": 1})"), relaxed)) ==
               "/_state not_in_enum; /_startTime wrong_type");
    // Everything else is unchanged.
    BOOST_TEST(codes(us::validate_patch(patch(R"({"_id": 1, "_nope": 2})"), relaxed)) ==
               "/_id read_only_attribute; /_nope unknown_attribute");
    // A non-object body is still not_an_object.
    BOOST_TEST(codes(us::validate_patch(json::value(nullptr), relaxed)) == " not_an_object");
}

BOOST_AUTO_TEST_CASE(custom_read_only_list)
{
    us::schema const s = us::schema_builder().read_only_attributes({"_foo"}).build().value();
    BOOST_TEST(s.is_read_only("_foo"));
    BOOST_TEST(!s.is_read_only("_id"));
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_foo", 1}}), s)) == "/_foo read_only_attribute");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_id", 1}}), s)) == "/_id unknown_attribute");
    // The standard schema is unaffected.
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_foo", 1}}))) == "/_foo unknown_attribute");

    // A stored session may carry its read-only attributes, and only those.
    json::object session = valid_patch({{"_foo", {{"any", "thing"}}}});
    BOOST_TEST(codes(us::validate_session(session, s)) == "");
    session["_id"] = "x";
    BOOST_TEST(codes(us::validate_session(session, s)) == "/_id unknown_attribute");

    // Sorted and deduplicated; an empty list makes every _ name unknown.
    us::schema const sorted = us::schema_builder().read_only_attributes({"_b", "_a", "_b"}).build().value();
    BOOST_TEST(sorted.read_only_attributes() == (std::vector<std::string>{"_a", "_b"}),
               boost::test_tools::per_element());
    us::schema const none = us::schema_builder().read_only_attributes({}).build().value();
    BOOST_TEST(none.read_only_attributes().empty());
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_caption", "c"}}), none)) ==
               "/_caption unknown_attribute");
}

BOOST_AUTO_TEST_CASE(reject_unknown_at_top_level)
{
    us::schema const s = us::schema_builder().accept_unknown(us::scope::top_level, false).build().value();
    BOOST_TEST(!s.accepts_unknown(us::scope::top_level));
    BOOST_TEST(s.accepts_unknown(us::scope::configuration));
    BOOST_TEST(s.accepts_unknown(us::scope::summary));

    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", 1}}), s)) == "/x unknown_attribute");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", nullptr}}), s)) == "/x unknown_attribute");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_configuration", {{"x", 1}}}}), s)) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_summary", {{"x", 1}}}}), s)) == "");
    // System attributes are not custom attributes.
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_name", "n"}}), s)) == "");
    us::report const r = us::validate_patch(valid_patch({{"x", 1}}), s);
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].message.find('x') != std::string::npos, r[0].message);
}

BOOST_AUTO_TEST_CASE(reject_unknown_in_configuration)
{
    us::schema const s = us::schema_builder().accept_unknown(us::scope::configuration, false).build().value();
    BOOST_TEST(s.accepts_unknown(us::scope::top_level));
    BOOST_TEST(!s.accepts_unknown(us::scope::configuration));
    BOOST_TEST(s.accepts_unknown(us::scope::summary));

    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_configuration", {{"x", 1}}}}), s)) ==
               "/_configuration/x unknown_attribute");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_configuration", json::object{}}}), s)) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", 1}}), s)) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_summary", {{"x", 1}}}}), s)) == "");
    // RFC 6901 escaping of the offending name.
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_configuration", {{"a/b~c", 1}}}}), s)) ==
               "/_configuration/a~1b~0c unknown_attribute");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_configuration", {{"~01", 1}}}}), s)) ==
               "/_configuration/~001 unknown_attribute");
}

BOOST_AUTO_TEST_CASE(reject_unknown_in_summary)
{
    us::schema const s = us::schema_builder().accept_unknown(us::scope::summary, false).build().value();
    BOOST_TEST(s.accepts_unknown(us::scope::top_level));
    BOOST_TEST(s.accepts_unknown(us::scope::configuration));
    BOOST_TEST(!s.accepts_unknown(us::scope::summary));

    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_summary", {{"x", 1}, {"y", 2}}}}), s)) ==
               "/_summary/x unknown_attribute; /_summary/y unknown_attribute");
    // The two system members of _summary are not custom attributes.
    BOOST_TEST(codes(us::validate_patch(valid_patch(
                                            {{"_summary", {{"_stopReason", "r"}, {"_stopReasonCode", "TIMEOUT"}}}}),
                                        s)) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", 1}, {"_configuration", {{"x", 1}}}}), s)) == "");
}

BOOST_AUTO_TEST_CASE(reject_unknown_everywhere)
{
    us::schema const s = us::schema_builder()
                             .accept_unknown(us::scope::top_level, false)
                             .accept_unknown(us::scope::configuration, false)
                             .accept_unknown(us::scope::summary, false)
                             .build()
                             .value();
    json::value const p = patch(R"({"a": 1, "_configuration": {"b": 2}, "_summary": {"c": 3},
        "_startTime": "2007-12-20T10:15:30Z", "_state": "PAUSED"})");
    BOOST_TEST(codes(us::validate_patch(p, s)) ==
               "/a unknown_attribute; /_configuration/b unknown_attribute; "
               "/_summary/c unknown_attribute");
    BOOST_TEST(codes(us::validate_patch(p)) == "");
    // Turning it back on restores acceptance.
    us::schema const back = us::schema_builder()
                                .accept_unknown(us::scope::top_level, false)
                                .accept_unknown(us::scope::top_level, true)
                                .build()
                                .value();
    BOOST_TEST(codes(us::validate_patch(p, back)) == "");
}

BOOST_AUTO_TEST_CASE(max_depth_three)
{
    us::schema const s = us::schema_builder().max_depth(3).build().value();
    BOOST_TEST(s.max_depth() == 3u);
    // Patch = level 1, a custom value = level 2, its child = level 3.
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", {{"y", json::object{}}}}}), s)) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", {{"y", {{"z", 1}}}}}}), s)) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", {{"y", {{"z", json::object{}}}}}}}), s)) ==
               "/x/y/z too_deep");
    BOOST_TEST(codes(us::validate_patch(patch(R"({"x": [[[]]], "_startTime": "2007-12-20T10:15:30Z",
        "_state": "DONE"})"),
                                        s)) == "/x/0/0 too_deep");
    // Inside _configuration (level 2), a custom value is level 3.
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_configuration", {{"a", json::object{}}}}}), s)) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_configuration", {{"a", {{"b", json::array{}}}}}}}), s)) ==
               "/_configuration/a/b too_deep");
    BOOST_TEST(codes(us::validate_patch(patch(R"({"_summary": {"a": [[]]},
        "_startTime": "2007-12-20T10:15:30Z", "_state": "DONE"})"),
                                        s)) == "/_summary/a/0 too_deep");
    // The standard schema accepts all of these.
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", {{"y", {{"z", json::object{}}}}}}}))) == "");
    // One too_deep per offending branch, in document order.
    BOOST_TEST(codes(us::validate_patch(patch(R"({"x": [[[1]], {"k": {"m": {}}}], "y": {"z": [[]]},
        "_startTime": "2007-12-20T10:15:30Z", "_state": "DONE"})"),
                                        s)) ==
               "/x/0/0 too_deep; /x/1/k too_deep; /y/z/0 too_deep");
}

BOOST_AUTO_TEST_CASE(built_schema_is_independent_of_the_builder)
{
    us::schema_builder b;
    b.read_only_attributes({"_foo"});
    us::schema const first = b.build().value();

    b.require_start_and_state(false)
        .read_only_attributes({"_bar"})
        .accept_unknown(us::scope::top_level, false)
        .max_depth(2);
    us::schema const second = b.build().value();

    BOOST_TEST(first.require_start_and_state());
    BOOST_TEST(first.is_read_only("_foo"));
    BOOST_TEST(!first.is_read_only("_bar"));
    BOOST_TEST(first.accepts_unknown(us::scope::top_level));
    BOOST_TEST(first.max_depth() == 32u);

    BOOST_TEST(!second.require_start_and_state());
    BOOST_TEST(second.is_read_only("_bar"));
    BOOST_TEST(!second.is_read_only("_foo"));
    BOOST_TEST(!second.accepts_unknown(us::scope::top_level));
    BOOST_TEST(second.max_depth() == 2u);

    json::value const p = patch(R"({"_foo": 1, "x": 1})");
    BOOST_TEST(codes(us::validate_patch(p, first)) ==
               "/_foo read_only_attribute; /_startTime missing_required; /_state missing_required");
    BOOST_TEST(codes(us::validate_patch(p, second)) == "/_foo unknown_attribute; /x unknown_attribute");

    // Copies are independent values too.
    us::schema copy = second;
    copy = first;
    BOOST_TEST(copy.is_read_only("_foo"));
    BOOST_TEST(second.is_read_only("_bar"));
    BOOST_TEST(!us::schema::standard().is_read_only("_foo"));
}

// ---- typed custom attributes: the builder's checks and the lookups ------

namespace {

json::array const& builder_cases()
{
    static json::array const cases =
        test_data::load_json("schema_builder_cases.json").at("cases").as_array();
    return cases;
}

std::string expected_codes(json::value const& c)
{
    std::string s;
    for(auto const& e : c.at("expect").as_array())
    {
        if(!s.empty())
            s += "; ";
        s += std::string(e.at("pointer").as_string()) + " " + std::string(e.at("code").as_string());
    }
    return s;
}

std::string build_codes(us::schema_builder const& b)
{
    auto const r = b.build();
    return r ? std::string() : codes(r.error());
}

us::schema_builder with(us::scope where, us::attribute_definition d)
{
    us::schema_builder b;
    b.define(where, std::move(d));
    return b;
}

}   // namespace

BOOST_AUTO_TEST_CASE(builder_cases_from_data)
{
    std::set<std::string> names;
    std::size_t failing = 0;
    for(auto const& c : builder_cases())
    {
        std::string const name(c.at("name").as_string());
        BOOST_TEST_CONTEXT("case: " << name)
        {
            BOOST_TEST(names.insert(name).second);
            auto const built = test_definitions::read_builder(c.at("schema").as_object()).build();
            BOOST_TEST((built ? std::string() : codes(built.error())) == expected_codes(c));
            if(!built)
            {
                ++failing;
                for(us::violation const& v : built.error())
                {
                    // One English sentence; the attribute is named by name
                    // (or by index when the name is empty).
                    BOOST_TEST(v.message.back() == '.', v.message);
                    BOOST_TEST(v.message.find('\n') == std::string::npos);
                    BOOST_TEST(v.details.empty());
                }
            }
        }
    }
    BOOST_TEST(failing >= 25u);
}

BOOST_AUTO_TEST_CASE(builder_messages)
{
    struct expectation
    {
        us::attribute_definition d;
        char const* message;
    };
    auto def = [](char const* name, us::attribute_type t) { return us::attribute_definition(name, t); };
    us::attribute_definition lengths = def("note", us::attribute_type::string);
    lengths.min_length = 5;
    lengths.max_length = 4;
    us::attribute_definition bounds = def("rate", us::attribute_type::decimal);
    bounds.minimum = 2.5;
    bounds.maximum = -1;
    us::attribute_definition misplaced = def("n", us::attribute_type::integer);
    misplaced.pattern = "x";
    us::attribute_definition twice = def("e", us::attribute_type::enumeration);
    twice.allowed_values = {"A", "A"};
    expectation const table[] = {
        {def("_x", us::attribute_type::any),
         "The configuration attribute \"_x\" starts with _, which is reserved for system attributes."},
        {def("", us::attribute_type::any),
         "The configuration attribute at index 0 has an empty name."},
        {def("e", us::attribute_type::enumeration),
         "The configuration attribute \"e\" is an enumeration without values."},
        {lengths, "The configuration attribute \"note\" has minLength 5 above maxLength 4."},
        {bounds, "The configuration attribute \"rate\" has minimum 2.5 above maximum -1."},
        {misplaced, "The configuration attribute \"n\" has a pattern, which applies only to string "
                    "attributes; this one is integer."},
        {twice, "The configuration attribute \"e\" lists the allowed value \"A\" twice."},
    };
    for(auto const& e : table)
    {
        BOOST_TEST_CONTEXT(e.message)
        {
            auto const r = with(us::scope::configuration, e.d).build();
            BOOST_TEST_REQUIRE(!r);
            BOOST_TEST_REQUIRE(r.error().size() == 1u);
            BOOST_TEST(r.error()[0].message == e.message);
            BOOST_TEST((r.error()[0].code == us::error::bad_schema));
        }
    }
    auto const dup = us::schema_builder()
                         .define(us::scope::summary, def("a", us::attribute_type::any))
                         .define(us::scope::summary, def("a", us::attribute_type::any))
                         .build();
    BOOST_TEST_REQUIRE(!dup);
    BOOST_TEST(dup.error()[0].message ==
               "The summary attribute \"a\" is defined twice in the scope (first at index 0).");
    auto const depth = us::schema_builder().max_depth(0).build();
    BOOST_TEST_REQUIRE(!depth);
    BOOST_TEST(depth.error()[0].message == "maxDepth must be at least 1; the patch itself is level 1.");
    auto const ro = us::schema_builder().read_only_attributes({"id"}).build();
    BOOST_TEST_REQUIRE(!ro);
    BOOST_TEST(ro.error()[0].message ==
               "The read-only attribute \"id\" does not start with _; only system attributes can be read-only.");
}

// What JSON text cannot carry: invalid UTF-8, non-finite bounds.
BOOST_AUTO_TEST_CASE(builder_checks_built_in_code)
{
    double const inf = std::numeric_limits<double>::infinity();
    double const nan = std::numeric_limits<double>::quiet_NaN();
    us::attribute_definition bad_name("a\xff", us::attribute_type::any);
    BOOST_TEST(build_codes(with(us::scope::top_level, bad_name)) == "/topLevel/attributes/0/name bad_schema");
    auto const r = with(us::scope::top_level, bad_name).build();
    BOOST_TEST(r.error()[0].message == "The topLevel attribute \"a\\xff\" has a name that is not valid UTF-8.");

    us::attribute_definition bad_value("e", us::attribute_type::enumeration);
    bad_value.allowed_values = {"ok", "\xc0\xaf"};
    BOOST_TEST(build_codes(with(us::scope::summary, bad_value)) == "/summary/attributes/0/values/1 bad_schema");

    for(double x : {inf, -inf, nan})
    {
        us::attribute_definition lo("n", us::attribute_type::integer);
        lo.minimum = x;
        lo.maximum = 1;
        BOOST_TEST(build_codes(with(us::scope::configuration, lo)) ==
                   "/configuration/attributes/0/minimum bad_schema");
        us::attribute_definition hi("n", us::attribute_type::decimal);
        hi.maximum = x;
        BOOST_TEST(build_codes(with(us::scope::configuration, hi)) ==
                   "/configuration/attributes/0/maximum bad_schema");
    }

    us::attribute_definition bad_pattern("p", us::attribute_type::string);
    bad_pattern.pattern = "\xff";
    BOOST_TEST(build_codes(with(us::scope::top_level, bad_pattern)) == "/topLevel/attributes/0/pattern bad_schema");

    us::attribute_definition unknown_type("t", static_cast<us::attribute_type>(-1));
    BOOST_TEST(build_codes(with(us::scope::top_level, unknown_type)) == "/topLevel/attributes/0/type bad_schema");

    BOOST_TEST(build_codes(us::schema_builder().read_only_attributes({"_a", "_\xff"})) ==
               "/readOnlyAttributes/1 bad_schema");
}

BOOST_AUTO_TEST_CASE(builder_report_is_capped)
{
    us::schema_builder b;
    for(int i = 0; i < 150; ++i)
        b.define(us::scope::top_level, us::attribute_definition("_" + std::to_string(i), us::attribute_type::any));
    auto const r = b.build();
    BOOST_TEST_REQUIRE(!r);
    BOOST_TEST(r.error().size() == us::default_max_violations + 1);
    BOOST_TEST(r.error()[99].pointer == "/topLevel/attributes/99/name");
    BOOST_TEST((r.error()[100].code == us::error::too_many_violations));
}

BOOST_AUTO_TEST_CASE(lookups)
{
    us::schema_builder b;
    // Defined in reverse order: lookups must not depend on order.
    for(int i = 999; i >= 0; --i)
        b.define(us::scope::configuration, us::attribute_definition("attr" + std::to_string(i), us::attribute_type::integer));
    b.define(us::scope::summary, us::attribute_definition("attr5", us::attribute_type::string));
    us::schema const s = b.build().value();

    auto const& defs = s.attributes(us::scope::configuration);
    BOOST_TEST_REQUIRE(defs.size() == 1000u);
    BOOST_TEST(defs.front().name == "attr999");   // definition order kept
    BOOST_TEST(defs.back().name == "attr0");
    for(int i = 0; i < 1000; ++i)
    {
        std::string const name = "attr" + std::to_string(i);
        us::attribute_definition const* d = s.find(us::scope::configuration, name);
        BOOST_TEST_REQUIRE(d != nullptr, name);
        BOOST_TEST(d->name == name);
        BOOST_TEST(d == &defs[static_cast<std::size_t>(999 - i)]);
    }
    for(char const* missing : {"", "attr", "attr1000", "Attr1", "attr1 ", "attr01", "zzz"})
        BOOST_TEST(s.find(us::scope::configuration, missing) == nullptr, missing);

    // Scopes are separate.
    BOOST_TEST(s.find(us::scope::top_level, "attr5") == nullptr);
    BOOST_TEST_REQUIRE(s.find(us::scope::summary, "attr5") != nullptr);
    BOOST_TEST((s.find(us::scope::summary, "attr5")->type == us::attribute_type::string));
    BOOST_TEST((s.find(us::scope::configuration, "attr5")->type == us::attribute_type::integer));
    BOOST_TEST(s.attributes(us::scope::top_level).empty());
    BOOST_TEST(s.attributes(us::scope::summary).size() == 1u);

    // The standard schema defines nothing.
    us::schema const& standard = us::schema::standard();
    for(int w = 0; w < 3; ++w)
    {
        BOOST_TEST(standard.attributes(static_cast<us::scope>(w)).empty());
        BOOST_TEST(standard.find(static_cast<us::scope>(w), "attr5") == nullptr);
        BOOST_TEST(standard.find(static_cast<us::scope>(w), "") == nullptr);
    }
}

BOOST_AUTO_TEST_CASE(copies_share_the_definitions)
{
    us::attribute_definition d("rate", us::attribute_type::decimal);
    d.minimum = 0;
    us::schema const s = us::schema_builder().define(us::scope::configuration, d).build().value();
    us::schema const copy = s;   // NOLINT: the copy is the point
    BOOST_TEST(&copy.attributes(us::scope::configuration) == &s.attributes(us::scope::configuration));
    BOOST_TEST(copy.find(us::scope::configuration, "rate") == s.find(us::scope::configuration, "rate"));
    us::schema moved = us::schema(copy);
    BOOST_TEST(moved.find(us::scope::configuration, "rate") == s.find(us::scope::configuration, "rate"));
    moved = us::schema::standard();
    BOOST_TEST(moved.find(us::scope::configuration, "rate") == nullptr);
    BOOST_TEST(s.find(us::scope::configuration, "rate") != nullptr);
}

BOOST_AUTO_TEST_CASE(builder_is_reusable_and_built_schemas_independent)
{
    us::schema_builder b;
    b.define(us::scope::top_level, us::attribute_definition("a", us::attribute_type::string));
    us::schema const first = b.build().value();
    b.define(us::scope::top_level, us::attribute_definition("b", us::attribute_type::integer));
    us::schema const second = b.build().value();
    BOOST_TEST(first.attributes(us::scope::top_level).size() == 1u);
    BOOST_TEST(first.find(us::scope::top_level, "b") == nullptr);
    BOOST_TEST(second.attributes(us::scope::top_level).size() == 2u);
    BOOST_TEST(second.find(us::scope::top_level, "a") != first.find(us::scope::top_level, "a"));

    // A failed build leaves the builder usable; a mistake can be undone
    // only by a new builder (definitions are appended).
    b.define(us::scope::top_level, us::attribute_definition("a", us::attribute_type::any));
    BOOST_TEST(build_codes(b) == "/topLevel/attributes/2/name bad_schema");
    BOOST_TEST(build_codes(b) == "/topLevel/attributes/2/name bad_schema");
}

BOOST_AUTO_TEST_CASE(definitions_drive_validation)
{
    us::attribute_definition n("n", us::attribute_type::integer);
    n.maximum = 3;
    us::schema const s = us::schema_builder()
                             .define(us::scope::top_level, n)
                             .define(us::scope::configuration, us::attribute_definition("n", us::attribute_type::string))
                             .define(us::scope::summary, us::attribute_definition("n", us::attribute_type::boolean))
                             .build()
                             .value();
    // Defined names are typed; undefined ones follow the open scopes.
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"n", 4}, {"m", "free"}}), s)) == "/n out_of_range");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_configuration", {{"n", 4}}}}), s)) ==
               "/_configuration/n wrong_type");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_summary", {{"n", 4}}}}), s)) ==
               "/_summary/n wrong_type");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"n", 3}, {"_configuration", {{"n", "x"}}}, {"_summary", {{"n", true}}}}), s)) == "");
}

// ---- the name index (detail::string_index) ------------------------------
//
// Names are found through a hash table built once; these tests pick names
// whose hashes collide on purpose (found by brute force with the library's
// own hash), so that probing, the full-hash check and the fall-back to
// binary search are all exercised whatever the hash function is.

namespace {

// The slot a string would start probing at in a table of `table_size`.
std::size_t slot_of(std::string_view name, std::size_t table_size)
{
    return static_cast<std::size_t>(us::detail::hash_text(name)) & (table_size - 1);
}

// `count` names "<prefix><i>" that all start probing at the same slot of a
// table of `table_size`, and one more name of the same form that does too
// (a name that is absent but lands on an occupied slot).
std::vector<std::string> colliding_names(std::string const& prefix, std::size_t count,
                                         std::size_t table_size)
{
    std::vector<std::string> out;
    std::size_t const target = slot_of(prefix + "0", table_size);
    for(std::size_t i = 0; out.size() < count + 1; ++i)
    {
        std::string name = prefix + std::to_string(i);
        if(slot_of(name, table_size) == target)
            out.push_back(std::move(name));
    }
    return out;
}

bool hashed(us::schema const& s, us::scope where)
{
    return us::detail::schema_access::scope_of(s, where)->names.hashed();
}

// Whether schema::find takes the perfect_name_table of `where`.
bool perfect(us::schema const& s, us::scope where)
{
    return !us::detail::schema_access::scope_of(s, where)->fast_names.empty();
}

// schema::find through string_index alone, as for a scope without a
// perfect_name_table: the tests of string_index check it directly, as most
// of their schemas get a perfect table.
us::attribute_definition const* find_indexed(us::schema const& s, us::scope where,
                                             std::string_view name)
{
    us::detail::scope_data const& sd = *us::detail::schema_access::scope_of(s, where);
    std::size_t const i = us::detail::find_in_index(sd, name);
    return i == us::detail::string_index::npos ? nullptr : &sd.attributes[i];
}

}   // namespace

BOOST_AUTO_TEST_CASE(lookup_with_colliding_hashes)
{
    // 8 names in a table of 16 slots, all starting at the same slot: the
    // longest probe (7) is within the limit, so the table is kept.
    std::vector<std::string> names = colliding_names("ward", 8, 16);
    std::string const absent = names.back();
    names.pop_back();
    BOOST_TEST_REQUIRE(us::detail::string_index::probe_limit(16) >= 7u);
    us::schema_builder b;
    for(std::string const& n : names)
        b.define(us::scope::top_level, us::attribute_definition(n, us::attribute_type::integer));
    us::schema const s = b.build().value();
    BOOST_TEST(hashed(s, us::scope::top_level));
    auto const& defs = s.attributes(us::scope::top_level);
    for(std::size_t i = 0; i < names.size(); ++i)
    {
        BOOST_TEST(s.find(us::scope::top_level, names[i]) == &defs[i], names[i]);
        BOOST_TEST(find_indexed(s, us::scope::top_level, names[i]) == &defs[i], names[i]);
    }
    // Absent, but it probes the same full cluster: every slot is compared.
    BOOST_TEST(s.find(us::scope::top_level, absent) == nullptr);
    BOOST_TEST(find_indexed(s, us::scope::top_level, absent) == nullptr);
    BOOST_TEST(codes(us::validate_patch(valid_patch({{names[3], 1}, {absent, "free"}}), s)) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{names[7], "x"}}), s)) ==
               "/" + names[7] + " wrong_type");
}

BOOST_AUTO_TEST_CASE(lookup_falls_back_to_binary_search)
{
    // 16 names in a table of 32 slots, all at one slot: the longest probe
    // (15) exceeds the limit, so lookups binary-search instead of scanning.
    std::vector<std::string> names = colliding_names("bed", 16, 32);
    std::string const absent = names.back();
    names.pop_back();
    BOOST_TEST_REQUIRE(us::detail::string_index::probe_limit(32) < 15u);
    us::schema_builder b;
    for(std::string const& n : names)
        b.define(us::scope::summary, us::attribute_definition(n, us::attribute_type::boolean));
    us::schema const s = b.build().value();
    BOOST_TEST(!hashed(s, us::scope::summary));
    auto const& defs = s.attributes(us::scope::summary);
    for(std::size_t i = 0; i < names.size(); ++i)
    {
        BOOST_TEST(s.find(us::scope::summary, names[i]) == &defs[i], names[i]);
        BOOST_TEST(find_indexed(s, us::scope::summary, names[i]) == &defs[i], names[i]);
    }
    for(char const* missing : {absent.c_str(), "", "bed"})
    {
        BOOST_TEST(s.find(us::scope::summary, missing) == nullptr, missing);
        BOOST_TEST(find_indexed(s, us::scope::summary, missing) == nullptr, missing);
    }
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_summary", {{names[0], 1}}}}), s)) ==
               "/_summary/" + names[0] + " wrong_type");
}

BOOST_AUTO_TEST_CASE(lookup_of_similar_names)
{
    // Same lengths, shared first and last bytes, prefixes of each other
    // across the 4- and 8-byte words the hash reads, embedded NUL bytes and
    // non-ASCII names.
    std::vector<std::string> names = {
        "a", "ab", "abc", "abcd", "abcde", "abcdefg", "abcdefgh", "abcdefghi",
        "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghXjklmnop", "abcdefgXijklmnop",
        "aXcdefghijklmnop", "xbcdefghijklmnop", "abcdefghijklmnoX",
        "rateA", "rateB", "Arate", "Brate", "raXte", "rate1", "rate2",
        std::string("n\0", 2), std::string("n\0\0", 3), std::string("\0n", 2), "n",
        "\xC3\xA9t\xC3\xA9", "\xC3\xA9t\xC3\xA8", "\xE6\x97\xA5\xE6\x9C\xAC", "\xF0\x9F\x98\x80"};
    us::schema_builder b;
    for(std::string const& n : names)
        b.define(us::scope::configuration, us::attribute_definition(n, us::attribute_type::any));
    us::schema const s = b.build().value();
    auto const& defs = s.attributes(us::scope::configuration);
    for(std::size_t i = 0; i < names.size(); ++i)
    {
        us::attribute_definition const* d = s.find(us::scope::configuration, names[i]);
        BOOST_TEST(d == &defs[i], i);
        BOOST_TEST(find_indexed(s, us::scope::configuration, names[i]) == &defs[i], i);
    }
    for(std::string const& missing : {std::string(), std::string("abcdef"), std::string("abcdefghij"),
                                      std::string("abcdefghijklmno"), std::string("abcdefghijklmnopqr"),
                                      std::string("rate"), std::string("rateC"), std::string("n\0\0\0", 4),
                                      std::string("\0", 1), std::string("\xC3\xA9t"),
                                      std::string("\xF0\x9F\x98\x81")})
    {
        BOOST_TEST(s.find(us::scope::configuration, missing) == nullptr, missing.size());
        BOOST_TEST(find_indexed(s, us::scope::configuration, missing) == nullptr, missing.size());
    }
}

BOOST_AUTO_TEST_CASE(perfect_name_table_lookups)
{
    // 30 names of a platform template: the perfect table is built, finds
    // each name, and rejects names that agree with one of them on all the
    // key reads (length, first and last eight bytes) but not in the middle,
    // so a lookup that trusted the slot without comparing would fail.
    std::vector<std::string> const names = {
        "ward", "bed", "room", "nurseInitials", "batteryPercent", "handoverNote",
        "infusionSite", "weightKg", "fallRisk", "admittedAt", "rateMlPerHour", "drug",
        "bolusEnabled", "alarmLowMlPerHour", "alarmHighMlPerHour", "concentrationMgPerMl",
        "volumeToBeInfusedMl", "occlusionPressureLevel", "prescriptionId", "startDate",
        "volumeDeliveredMl", "occlusions", "alarms", "a", "ab", "abc", "x\xC3\xA9",
        std::string("n\0", 2), "stopNote", "durationMinutes"};
    us::schema_builder b;
    for(std::string const& n : names)
        b.define(us::scope::top_level, us::attribute_definition(n, us::attribute_type::any));
    us::schema const s = b.build().value();
    BOOST_TEST_REQUIRE(perfect(s, us::scope::top_level));
    auto const& defs = s.attributes(us::scope::top_level);
    for(std::size_t i = 0; i < names.size(); ++i)
        BOOST_TEST(s.find(us::scope::top_level, names[i]) == &defs[i], names[i]);
    for(std::string const& missing :
        {std::string("alarmLowXlPerHour"), std::string("occlusionPrXssureLevel"),
         std::string("nurseInitialz"), std::string("Ward"), std::string("wards"), std::string("b"),
         std::string("ac"), std::string("abd"), std::string("n\0\0", 3), std::string(), std::string("x")})
        BOOST_TEST(s.find(us::scope::top_level, missing) == nullptr, missing);
    // The first two share their key with a defined name: the table points
    // them at its slot, and only the comparison tells them apart.
    us::detail::perfect_name_table const& table =
        us::detail::schema_access::scope_of(s, us::scope::top_level)->fast_names;
    BOOST_TEST(table.candidate("alarmLowXlPerHour") == table.candidate("alarmLowMlPerHour"));
    BOOST_TEST(table.candidate("occlusionPrXssureLevel") ==
               table.candidate("occlusionPressureLevel"));
    BOOST_TEST(table.candidate("alarmLowMlPerHour") != us::detail::string_index::npos);
    // Another scope of the same schema has no table (no definitions).
    BOOST_TEST(!perfect(s, us::scope::summary));
    BOOST_TEST(s.find(us::scope::summary, "ward") == nullptr);
}

BOOST_AUTO_TEST_CASE(perfect_name_table_gives_up)
{
    // Two names of the same length with the same first and last eight
    // bytes share a key: no multiplier separates them, so the scope keeps
    // string_index alone, which still tells them apart.
    us::schema_builder b;
    b.define(us::scope::configuration, us::attribute_definition("alarmLowLimitPerHour",
                                                                us::attribute_type::integer));
    b.define(us::scope::configuration, us::attribute_definition("alarmHighLimitPerHour",
                                                                us::attribute_type::string));
    b.define(us::scope::configuration, us::attribute_definition("alarmLowXimitPerHour",
                                                                us::attribute_type::boolean));
    // More names than a byte-sized table holds: no table either.
    for(std::size_t i = 0; i <= us::detail::perfect_name_table::max_names; ++i)
        b.define(us::scope::summary, us::attribute_definition("counter" + std::to_string(i),
                                                              us::attribute_type::integer));
    us::schema const s = b.build().value();
    BOOST_TEST(!perfect(s, us::scope::configuration));
    BOOST_TEST(!perfect(s, us::scope::summary));
    auto const& config = s.attributes(us::scope::configuration);
    BOOST_TEST(s.find(us::scope::configuration, "alarmLowLimitPerHour") == &config[0]);
    BOOST_TEST(s.find(us::scope::configuration, "alarmHighLimitPerHour") == &config[1]);
    BOOST_TEST(s.find(us::scope::configuration, "alarmLowXimitPerHour") == &config[2]);
    BOOST_TEST(s.find(us::scope::configuration, "alarmLowYimitPerHour") == nullptr);
    auto const& summary = s.attributes(us::scope::summary);
    for(std::size_t i = 0; i < summary.size(); ++i)
        BOOST_TEST(s.find(us::scope::summary, summary[i].name) == &summary[i], i);
    BOOST_TEST(s.find(us::scope::summary, "counter") == nullptr);

    // Up to max_names names, a table is found.
    us::schema_builder many;
    for(std::size_t i = 0; i < us::detail::perfect_name_table::max_names; ++i)
        many.define(us::scope::summary, us::attribute_definition("counter" + std::to_string(i),
                                                                 us::attribute_type::integer));
    us::schema const m = many.build().value();
    BOOST_TEST(perfect(m, us::scope::summary));
    auto const& all = m.attributes(us::scope::summary);
    for(std::size_t i = 0; i < all.size(); ++i)
        BOOST_TEST(m.find(us::scope::summary, all[i].name) == &all[i], i);
    BOOST_TEST(m.find(us::scope::summary, "counter64") == nullptr);
}

BOOST_AUTO_TEST_CASE(string_index_matches_a_reference)
{
    // The hash table and the binary search it falls back to must agree
    // with std::set for every query, including the empty string.
    std::vector<std::string> const values = {
        "", "a", "b", "ab", "ba", "aaaaaaaa", "aaaaaaab", "baaaaaaa", "aaaaaaaaa",
        "COMPLETION", "COMPLETIONS", "COMPLETIO", "x\xC3\xA9", std::string("\0", 1)};
    auto const text = [&](std::size_t i) -> std::string_view { return values[i]; };
    us::detail::string_index hashed_index;
    hashed_index.build(values.size(), text);
    us::detail::string_index sorted_index;
    sorted_index.build(values.size(), text, 0);   // no probing allowed: binary search
    BOOST_TEST(hashed_index.hashed());
    BOOST_TEST(!sorted_index.hashed());
    std::vector<std::string> queries = values;
    for(std::string const& v : values)
    {
        queries.push_back(v + "a");
        queries.push_back(v + std::string("\0", 1));
        if(!v.empty())
            queries.push_back(v.substr(1));
    }
    for(std::string const& q : queries)
    {
        auto const it = std::find(values.begin(), values.end(), q);
        std::size_t const expected = it == values.end()
                                         ? us::detail::string_index::npos
                                         : static_cast<std::size_t>(it - values.begin());
        BOOST_TEST(hashed_index.find(q, text) == expected, q);
        BOOST_TEST(sorted_index.find(q, text) == expected, q);
    }

    // Nothing indexed: nothing found.
    us::detail::string_index empty;
    empty.build(0, text);
    BOOST_TEST(empty.find("", text) == us::detail::string_index::npos);
    BOOST_TEST(us::detail::string_index().find("a", text) == us::detail::string_index::npos);
}

BOOST_AUTO_TEST_CASE(allowed_values_lookup)
{
    // Many values, one of them empty, some prefixes of others: each is
    // allowed, near misses are not.
    us::attribute_definition d("drug", us::attribute_type::enumeration);
    for(int i = 0; i < 300; ++i)
        d.allowed_values.push_back("drug" + std::to_string(i));
    d.allowed_values.push_back("");
    d.allowed_values.push_back("saline");
    d.allowed_values.push_back("saline solution");
    us::schema const s = us::schema_builder().define(us::scope::configuration, d).build().value();
    auto check = [&](std::string const& value) {
        return codes(us::validate_patch(valid_patch({{"_configuration", {{"drug", value}}}}), s));
    };
    for(std::string const& v : d.allowed_values)
        BOOST_TEST(check(v) == "", v);
    for(char const* v : {"drug", "drug300", "drug01", "salin", "saline ", "Saline", " "})
        BOOST_TEST(check(v) == "/_configuration/drug not_in_enum", v);
}

BOOST_AUTO_TEST_CASE(perfect_name_table_compares_every_byte)
{
    // find compares a name of up to max_short_size bytes by its length and
    // first, middle and last words, and a longer one byte by byte: for
    // names of every length from 0 to 40, a query differing in any one
    // byte (or in length) must miss, and the name itself hit, through
    // find and (up to max_short_size) find_short.
    std::vector<std::string> names;
    for(std::size_t n = 0; n <= 40; ++n)
    {
        std::string name;
        for(std::size_t i = 0; i < n; ++i)
            name += static_cast<char>('a' + (i * 7 + n) % 26);
        names.push_back(name);
    }
    auto const text = [&](std::size_t i) -> std::string_view { return names[i]; };
    us::detail::perfect_name_table table;
    table.build(names.size(), text);
    BOOST_TEST_REQUIRE(!table.empty());
    constexpr std::size_t npos = us::detail::string_index::npos;
    constexpr std::size_t short_size = us::detail::perfect_name_table::max_short_size;
    for(std::size_t k = 0; k < names.size(); ++k)
    {
        std::string const& name = names[k];
        BOOST_TEST(table.find(name, text) == k, name);
        if(name.size() <= short_size)
            BOOST_TEST(table.find_short(name) == k, name);
        for(std::size_t i = 0; i < name.size(); ++i)
        {
            std::string other = name;
            other[i] = 'Z';
            BOOST_TEST(table.find(other, text) == npos, other);
            if(other.size() <= short_size)
                BOOST_TEST(table.find_short(other) == npos, other);
        }
        std::string const longer = name + "a";
        if(std::find(names.begin(), names.end(), longer) == names.end())
            BOOST_TEST(table.find(longer, text) == npos, longer);
    }
}

BOOST_AUTO_TEST_CASE(allowed_values_use_a_perfect_table)
{
    // A definition with up to perfect_name_table::max_names allowed values
    // gets the collision-free table (is_allowed_value's first way), one
    // with more only string_index; both answer alike.
    us::attribute_definition few("level", us::attribute_type::enumeration);
    few.allowed_values = {"LOW", "MEDIUM", "HIGH", "", "a-value-longer-than-24-bytes-1",
                          "a-value-longer-than-24-bytes-2", "seventeen-bytes-1", "seventeen-bytes-2"};
    us::attribute_definition many("drug", us::attribute_type::enumeration);
    for(std::size_t i = 0; i <= us::detail::perfect_name_table::max_names; ++i)
        many.allowed_values.push_back("drug" + std::to_string(i));
    us::schema const s = us::schema_builder()
                             .define(us::scope::configuration, few)
                             .define(us::scope::configuration, many)
                             .build()
                             .value();
    auto const compiled = [&](std::string_view name) -> us::detail::compiled_attribute const& {
        return us::detail::schema_access::compiled(s, us::scope::configuration,
                                                   *s.find(us::scope::configuration, name));
    };
    BOOST_TEST(!compiled("level").fast_values.empty());
    BOOST_TEST(compiled("drug").fast_values.empty());
    for(us::attribute_definition const* d : {&few, &many})
    {
        us::attribute_definition const& built = *s.find(us::scope::configuration, d->name);
        us::detail::compiled_attribute const& c = compiled(d->name);
        for(std::string const& v : d->allowed_values)
        {
            BOOST_TEST(us::detail::is_allowed_value(built, c, v), v);
            for(std::string const& miss : {v + "x", "x" + v, v.empty() ? v + " " : v.substr(1)})
                if(std::find(d->allowed_values.begin(), d->allowed_values.end(), miss) ==
                   d->allowed_values.end())
                    BOOST_TEST(!us::detail::is_allowed_value(built, c, miss), miss);
        }
    }
}

BOOST_AUTO_TEST_CASE(integer_range_of_bounds)
{
    // The int64 values within a definition's bounds, exactly (as
    // compare_exact decides), which validate_patch_bytes tests an integer
    // member against (compiled_attribute::min_integer / max_integer).
    constexpr std::int64_t min64 = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t max64 = std::numeric_limits<std::int64_t>::max();
    struct bounds_case
    {
        std::optional<double> minimum, maximum;
        std::int64_t lo, hi;
    };
    std::vector<bounds_case> const cases = {
        {std::nullopt, std::nullopt, min64, max64},
        {-2.5, 7.5, -2, 7},
        {-2.0, 7.0, -2, 7},
        {0.5, 0.75, 1, 0},   // no integer in between: empty
        {9007199254740992.0, 9007199254740994.0, 9007199254740992, 9007199254740994},
        {-9223372036854775808.0, std::nullopt, min64, max64},
        {std::nullopt, 9223372036854775808.0, min64, max64},   // 2^63: every int64 is below
        {-1e30, 1e30, min64, max64},
        {1e19, std::nullopt, max64, min64},    // above every int64: empty
        {std::nullopt, -1e19, max64, min64},   // below every int64: empty
        {9223372036854774784.0, std::nullopt, 9223372036854774784, max64},
    };
    for(bounds_case const& c : cases)
    {
        std::int64_t lo = 0, hi = 0;
        us::detail::integer_range(c.minimum, c.maximum, lo, hi);
        BOOST_TEST(lo == c.lo);
        BOOST_TEST(hi == c.hi);
        // Against compare_exact at and around the ends.
        for(std::int64_t x : {lo, hi, min64, max64, std::int64_t(0), std::int64_t(-3),
                              std::int64_t(8), std::int64_t(9007199254740993)})
        {
            for(std::int64_t step : {std::int64_t(-1), std::int64_t(0), std::int64_t(1)})
            {
                if((step < 0 && x == min64) || (step > 0 && x == max64))
                    continue;
                std::int64_t const v = x + step;
                bool const within = us::detail::compare_exact(v, c.minimum) >= 0 &&
                                    us::detail::compare_exact(v, c.maximum) <= 0;
                BOOST_TEST((lo <= v && v <= hi) == within, v);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(quick_checks_of_definitions)
{
    // What validate_patch_bytes settles by a definition's quick_check.
    using t = us::attribute_type;
    using q = us::detail::quick_check;
    auto const quick_of = [](us::attribute_definition d) {
        us::schema const s = us::schema_builder().define(us::scope::top_level, d).build().value();
        return us::detail::schema_access::compiled(s, us::scope::top_level,
                                                   *s.find(us::scope::top_level, d.name));
    };
    us::attribute_definition d("a", t::string);
    d.max_length = 8;
    us::detail::compiled_attribute c = quick_of(d);
    BOOST_TEST((c.quick == q::plain_string));
    BOOST_TEST(c.min_length == 0u);
    BOOST_TEST(c.max_length == 8u);
    BOOST_TEST(c.null_accepted);
    d.allowed_values = {"x"};   // values or a pattern: not plain
    BOOST_TEST((quick_of(d).quick == q::other));
    d.allowed_values.clear();
#ifdef USAGE_SESSION_HAS_RE2   // a build without a pattern engine refuses any pattern
    d.pattern = "^[A-Z]+$";
    BOOST_TEST((quick_of(d).quick == q::other));
#endif
    d = us::attribute_definition("a", t::decimal);
    d.minimum = 0.5;
    d.required = true;
    c = quick_of(d);
    BOOST_TEST((c.quick == q::decimal));
    BOOST_TEST(c.min_integer == 1);
    BOOST_TEST(c.max_integer == std::numeric_limits<std::int64_t>::max());
    BOOST_TEST(c.min_number == 0.5);
    BOOST_TEST(c.max_number == std::numeric_limits<double>::max());   // never infinity
    BOOST_TEST(!c.null_accepted);                                     // required
    d = us::attribute_definition("a", t::boolean);
    d.nullable = false;
    c = quick_of(d);
    BOOST_TEST((c.quick == q::boolean));
    BOOST_TEST(!c.null_accepted);
    BOOST_TEST((quick_of(us::attribute_definition("a", t::integer)).quick == q::integer));
    BOOST_TEST((quick_of(us::attribute_definition("a", t::any)).quick == q::any));
    d = us::attribute_definition("a", t::any);
    d.nullable = false;   // null is not any scalar here
    BOOST_TEST((quick_of(d).quick == q::other));
    d.nullable = true;
    d.required = true;
    BOOST_TEST((quick_of(d).quick == q::other));
    d = us::attribute_definition("a", t::enumeration);
    d.allowed_values = {"x"};
    BOOST_TEST((quick_of(d).quick == q::allowed_value));
    for(t other : {t::date, t::date_time, t::uuid, t::object, t::array})
        BOOST_TEST((quick_of(us::attribute_definition("a", other)).quick == q::other));
}

BOOST_AUTO_TEST_SUITE_END()
