// Included first: proves the header is self-contained.
#include <usage_session/schema.hpp>
#include <usage_session/validate.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include "test_support.hpp"

#include <algorithm>
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

} // namespace

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
    us::schema const built = us::schema_builder().build();
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
    us::schema const relaxed = us::schema_builder().require_start_and_state(false).build();
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
    us::schema const s = us::schema_builder().read_only_attributes({"_foo"}).build();
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
    us::schema const sorted = us::schema_builder().read_only_attributes({"_b", "_a", "_b"}).build();
    BOOST_TEST(sorted.read_only_attributes() == (std::vector<std::string>{"_a", "_b"}),
               boost::test_tools::per_element());
    us::schema const none = us::schema_builder().read_only_attributes({}).build();
    BOOST_TEST(none.read_only_attributes().empty());
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_caption", "c"}}), none)) ==
               "/_caption unknown_attribute");
}

BOOST_AUTO_TEST_CASE(reject_unknown_at_top_level)
{
    us::schema const s = us::schema_builder().accept_unknown(us::scope::top_level, false).build();
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
    us::schema const s = us::schema_builder().accept_unknown(us::scope::configuration, false).build();
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
    us::schema const s = us::schema_builder().accept_unknown(us::scope::summary, false).build();
    BOOST_TEST(s.accepts_unknown(us::scope::top_level));
    BOOST_TEST(s.accepts_unknown(us::scope::configuration));
    BOOST_TEST(!s.accepts_unknown(us::scope::summary));

    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_summary", {{"x", 1}, {"y", 2}}}}), s)) ==
               "/_summary/x unknown_attribute; /_summary/y unknown_attribute");
    // The two system members of _summary are not custom attributes.
    BOOST_TEST(codes(us::validate_patch(valid_patch(
                   {{"_summary", {{"_stopReason", "r"}, {"_stopReasonCode", "TIMEOUT"}}}}), s)) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", 1}, {"_configuration", {{"x", 1}}}}), s)) == "");
}

BOOST_AUTO_TEST_CASE(reject_unknown_everywhere)
{
    us::schema const s = us::schema_builder()
        .accept_unknown(us::scope::top_level, false)
        .accept_unknown(us::scope::configuration, false)
        .accept_unknown(us::scope::summary, false)
        .build();
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
        .build();
    BOOST_TEST(codes(us::validate_patch(p, back)) == "");
}

BOOST_AUTO_TEST_CASE(max_depth_three)
{
    us::schema const s = us::schema_builder().max_depth(3).build();
    BOOST_TEST(s.max_depth() == 3u);
    // Patch = level 1, a custom value = level 2, its child = level 3.
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", {{"y", json::object{}}}}}), s)) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", {{"y", {{"z", 1}}}}}}), s)) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", {{"y", {{"z", json::object{}}}}}}}), s)) ==
               "/x/y/z too_deep");
    BOOST_TEST(codes(us::validate_patch(patch(R"({"x": [[[]]], "_startTime": "2007-12-20T10:15:30Z",
        "_state": "DONE"})"), s)) == "/x/0/0 too_deep");
    // Inside _configuration (level 2), a custom value is level 3.
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_configuration", {{"a", json::object{}}}}}), s)) == "");
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"_configuration", {{"a", {{"b", json::array{}}}}}}}), s)) ==
               "/_configuration/a/b too_deep");
    BOOST_TEST(codes(us::validate_patch(patch(R"({"_summary": {"a": [[]]},
        "_startTime": "2007-12-20T10:15:30Z", "_state": "DONE"})"), s)) == "/_summary/a/0 too_deep");
    // The standard schema accepts all of these.
    BOOST_TEST(codes(us::validate_patch(valid_patch({{"x", {{"y", {{"z", json::object{}}}}}}}))) == "");
    // One too_deep per offending branch, in document order.
    BOOST_TEST(codes(us::validate_patch(patch(R"({"x": [[[1]], {"k": {"m": {}}}], "y": {"z": [[]]},
        "_startTime": "2007-12-20T10:15:30Z", "_state": "DONE"})"), s)) ==
               "/x/0/0 too_deep; /x/1/k too_deep; /y/z/0 too_deep");
}

BOOST_AUTO_TEST_CASE(built_schema_is_independent_of_the_builder)
{
    us::schema_builder b;
    b.read_only_attributes({"_foo"});
    us::schema const first = b.build();

    b.require_start_and_state(false)
        .read_only_attributes({"_bar"})
        .accept_unknown(us::scope::top_level, false)
        .max_depth(2);
    us::schema const second = b.build();

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

BOOST_AUTO_TEST_SUITE_END()
