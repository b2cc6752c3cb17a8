// Included first: proves the header is self-contained.
#include <usage_session/merge_patch.hpp>

#include "test_data.hpp"
#include "test_support.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace json = boost::json;
namespace us = usage_session;
using test_support::deep_value;

namespace {

// boost::json::value's operator== ignores member order; the serialised text
// does not, so every comparison of results goes through it.
std::string text(json::value const& v)
{
    return json::serialize(v);
}

// Each test loads its own copy, so a test that damages its data (a bug that
// moves out of the patch, say) cannot hide or cause failures in another.
json::array load_cases(std::string const& name)
{
    return test_data::load_json(name).at("cases").as_array();
}

json::array appendix_a()
{
    return load_cases("rfc7396_appendix_a.json");
}

json::array order_cases()
{
    return load_cases("merge_order.json");
}

// {"a":{"a":...{"a":innermost}...}} with `depth` objects, built iteratively.
json::value nest(std::size_t depth, json::value innermost)
{
    json::value v = std::move(innermost);
    for(std::size_t i = 0; i < depth; ++i)
    {
        json::object o;
        o["a"] = std::move(v);
        v = std::move(o);
    }
    return v;
}

// Follows "a" down from `v` while it finds single-member objects; returns the
// number of objects passed and the value where the walk stopped.
std::pair<std::size_t, json::value const*> walk_nest(json::value const& v)
{
    std::size_t depth = 0;
    json::value const* p = &v;
    while(p->is_object() && p->get_object().size() == 1 && p->get_object().contains("a"))
    {
        p = &p->get_object().at("a");
        ++depth;
    }
    return {depth, p};
}

// [[[...[innermost]...]]] with `depth` arrays, built iteratively.
json::value nest_array(std::size_t depth, json::value innermost)
{
    json::value v = std::move(innermost);
    for(std::size_t i = 0; i < depth; ++i)
    {
        json::array a;
        a.push_back(std::move(v));
        v = std::move(a);
    }
    return v;
}

// Number of single-element arrays passed going down from `v`, and where it stopped.
std::pair<std::size_t, json::value const*> walk_array_nest(json::value const& v)
{
    std::size_t depth = 0;
    json::value const* p = &v;
    while(p->is_array() && p->get_array().size() == 1)
    {
        p = &p->get_array()[0];
        ++depth;
    }
    return {depth, p};
}

constexpr std::size_t deep = 100000;

} // namespace

BOOST_AUTO_TEST_SUITE(merge_patch)

BOOST_AUTO_TEST_CASE(appendix_a_data_is_complete)
{
    json::value const doc = test_data::load_json("rfc7396_appendix_a.json");
    BOOST_TEST(doc.at("source").as_string() == "RFC 7396, Appendix A (Example Test Cases)");
    BOOST_TEST(doc.at("cases").as_array().size() == 15u);
    for(auto const& c : doc.at("cases").as_array())
    {
        BOOST_TEST(c.as_object().size() == 3u);
        BOOST_TEST(c.as_object().contains("original"));
        BOOST_TEST(c.as_object().contains("patch"));
        BOOST_TEST(c.as_object().contains("result"));
    }
}

BOOST_AUTO_TEST_CASE(rfc7396_appendix_a)
{
    json::array const cases = appendix_a();
    BOOST_TEST_REQUIRE(cases.size() == 15u);
    std::size_t n = 0;
    for(auto const& c : cases)
    {
        BOOST_TEST_CONTEXT("appendix A case " << ++n << ": " << text(c))
        {
            json::value const result = us::merge_patch(c.at("original"), c.at("patch"));
            BOOST_TEST(text(result) == text(c.at("result")));
        }
    }
}

BOOST_AUTO_TEST_CASE(member_order)
{
    json::array const cases = order_cases();
    BOOST_TEST_REQUIRE(cases.size() >= 5u);
    for(auto const& c : cases)
    {
        BOOST_TEST_CONTEXT("case: " << c.at("why").as_string())
        {
            json::value const result = us::merge_patch(c.at("original"), c.at("patch"));
            BOOST_TEST(text(result) == text(c.at("result")));
        }
    }
}

BOOST_AUTO_TEST_CASE(member_order_data_catches_unstable_erase)
{
    // The data must contain a case that object::erase (which moves the last
    // member into the gap) gets wrong; otherwise member_order proves little.
    bool found = false;
    for(auto const& c : order_cases())
    {
        json::object const& original = c.at("original").as_object();
        json::object const& patch = c.at("patch").as_object();
        if(original.size() < 4 || patch.size() != 1)
            continue;
        json::object unstable = original;
        auto const& member = *patch.begin();
        if(!member.value().is_null() || original.begin()[1].key() != member.key())
            continue;
        unstable.erase(unstable.find(member.key()));
        found = found || text(unstable) != text(c.at("result"));
    }
    BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(merge_patch_into_matches_merge_patch)
{
    std::size_t used = 0;
    json::array const a = appendix_a();
    json::array const o = order_cases();
    for(auto const* cases : {&a, &o})
    {
        for(auto const& c : *cases)
        {
            if(!c.at("original").is_object() || !c.at("patch").is_object())
                continue;
            BOOST_TEST_CONTEXT("case: " << text(c))
            {
                json::object target = c.at("original").get_object();
                us::merge_patch_into(target, c.at("patch").get_object());
                BOOST_TEST(text(target) == text(c.at("result")));
                BOOST_TEST(text(target) == text(us::merge_patch(c.at("original"), c.at("patch"))));
                ++used;
            }
        }
    }
    // 10 of the 15 appendix A cases have an object on both sides.
    BOOST_TEST(used == 10u + o.size());
}

BOOST_AUTO_TEST_CASE(applying_twice_equals_once)
{
    std::size_t used = 0;
    json::array const a = appendix_a();
    json::array const o = order_cases();
    for(auto const* cases : {&a, &o})
    {
        for(auto const& c : *cases)
        {
            json::value const& patch = c.at("patch");
            if(!patch.is_object())
                continue;
            BOOST_TEST_CONTEXT("case: " << text(c))
            {
                json::value const once = us::merge_patch(c.at("original"), patch);
                json::value const twice = us::merge_patch(once, patch);
                BOOST_TEST(text(twice) == text(once));

                if(once.is_object())
                {
                    json::object in_place = once.get_object();
                    us::merge_patch_into(in_place, patch.get_object());
                    BOOST_TEST(text(in_place) == text(once));
                }
                ++used;
            }
        }
    }
    // 11 of the 15 appendix A patches are objects.
    BOOST_TEST(used == 11u + o.size());
}

BOOST_AUTO_TEST_CASE(inputs_are_not_modified)
{
    json::array const a = appendix_a();
    json::array const o = order_cases();
    for(auto const* cases : {&a, &o})
    {
        for(auto const& c : *cases)
        {
            BOOST_TEST_CONTEXT("case: " << text(c))
            {
                json::value const original = c.at("original");
                json::value const patch = c.at("patch");
                std::string const original_before = text(original);
                std::string const patch_before = text(patch);

                json::value result = us::merge_patch(original, patch);

                BOOST_TEST(text(original) == original_before);
                BOOST_TEST(text(patch) == patch_before);
                // The result is a separate value: changing it leaves both inputs alone.
                result = "changed";
                BOOST_TEST(text(original) == original_before);
                BOOST_TEST(text(patch) == patch_before);

                if(original.is_object() && patch.is_object())
                {
                    json::object target = original.get_object();
                    us::merge_patch_into(target, patch.get_object());
                    BOOST_TEST(text(patch) == patch_before);
                    target.clear();
                    BOOST_TEST(text(patch) == patch_before);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(non_object_patch_replaces)
{
    std::vector<json::value> const targets = {
        json::parse(R"({"a":1,"b":{"c":2}})"), json::parse("[1,2,3]"), json::parse(R"("s")"),
        json::parse("42"), json::parse("null"), json::parse("true"), json::parse("{}")};
    std::vector<json::value> const patches = {
        json::parse("null"), json::parse("[]"), json::parse(R"([{"a":null}])"),
        json::parse(R"("text")"), json::parse("0"), json::parse("-1.5"), json::parse("false")};
    for(auto const& target : targets)
    {
        for(auto const& patch : patches)
        {
            BOOST_TEST_CONTEXT("target " << text(target) << ", patch " << text(patch))
            {
                json::value const result = us::merge_patch(target, patch);
                BOOST_TEST(text(result) == text(patch));
                BOOST_TEST(result.kind() == patch.kind());
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(object_patch_on_non_object_target_starts_from_empty_object)
{
    for(auto const* target : {"null", "[1]", "\"s\"", "7", "false"})
    {
        BOOST_TEST_CONTEXT("target " << target)
        {
            json::value const result =
                us::merge_patch(json::parse(target), json::parse(R"({"x":null,"y":{"z":null,"w":1}})"));
            BOOST_TEST(text(result) == R"({"y":{"w":1}})");
        }
    }
}

BOOST_AUTO_TEST_CASE(deeply_nested_patch)
{
    // {"a":{"a":...{"a":1}...}}, 100,000 objects deep, onto {}: a recursive
    // merge would overflow the call stack.
    deep_value const patch(nest(deep, 1));
    {
        auto const walked = walk_nest(patch.v);
        BOOST_TEST_REQUIRE(walked.first == deep);
    }

    deep_value result(us::merge_patch(json::object(), patch.v));
    auto const walked = walk_nest(result.v);
    BOOST_TEST(walked.first == deep);
    BOOST_TEST(text(*walked.second) == "1");
    // The patch is untouched.
    BOOST_TEST(walk_nest(patch.v).first == deep);
}

BOOST_AUTO_TEST_CASE(deeply_nested_patch_into_deeply_nested_target)
{
    // Both sides 100,000 deep: the merge descends through existing objects.
    deep_value target(nest(deep, json::parse(R"({"x":1,"a":null})")));
    deep_value const patch(nest(deep, json::parse(R"({"a":null,"y":2})")));

    us::merge_patch_into(target.v.get_object(), patch.v.get_object());

    auto const walked = walk_nest(target.v);
    BOOST_TEST(walked.first == deep);
    BOOST_TEST(text(*walked.second) == R"({"x":1,"y":2})");
}

BOOST_AUTO_TEST_CASE(deeply_nested_null_patch_deletes_at_the_bottom)
{
    // A deep patch whose innermost member is null deletes only that member.
    json::object bottom;
    bottom["keep"] = 1;
    bottom["drop"] = 2;
    bottom["also"] = 3;
    deep_value target(nest(deep, std::move(bottom)));
    deep_value const patch(nest(deep, json::parse(R"({"drop":null})")));

    us::merge_patch_into(target.v.get_object(), patch.v.get_object());
    auto const walked = walk_nest(target.v);
    BOOST_TEST(walked.first == deep);
    BOOST_TEST(text(*walked.second) == R"({"keep":1,"also":3})");
}

BOOST_AUTO_TEST_CASE(result_uses_target_memory_resource)
{
    json::monotonic_resource mr;
    json::storage_ptr const sp(&mr);
    json::value const patch = json::parse(R"({"a":{"b":[1,{"c":2}]},"d":"a string long enough to allocate","e":null})");
    BOOST_TEST_REQUIRE(patch.storage().get() != sp.get());

    for(auto const* target_text : {R"({"a":{"x":1},"e":0,"f":"g"})", "{}", "[1,2]", "null", "\"s\""})
    {
        BOOST_TEST_CONTEXT("target " << target_text)
        {
            json::value const target = json::parse(target_text, sp);
            BOOST_TEST_REQUIRE(target.storage().get() == sp.get());

            json::value const result = us::merge_patch(target, patch);
            BOOST_TEST(result.storage().get() == target.storage().get());
            BOOST_TEST(result.at("a").storage().get() == sp.get());
            BOOST_TEST(result.at("a").at("b").storage().get() == sp.get());
            BOOST_TEST(result.at("d").storage().get() == sp.get());

            // A non-object patch replaces, but still in the target's resource.
            json::value const replaced = us::merge_patch(target, json::parse(R"(["replacement"])"));
            BOOST_TEST(replaced.storage().get() == target.storage().get());
            BOOST_TEST(text(replaced) == R"(["replacement"])");
        }
    }

    // merge_patch_into keeps the target's resource for everything it adds.
    json::object target(sp);
    target["a"] = 1;
    us::merge_patch_into(target, patch.get_object());
    BOOST_TEST(target.storage().get() == sp.get());
    BOOST_TEST(target.at("a").storage().get() == sp.get());
    BOOST_TEST(target.at("a").at("b").storage().get() == sp.get());
    BOOST_TEST(target.at("d").storage().get() == sp.get());
}

BOOST_AUTO_TEST_CASE(result_uses_target_memory_resource_not_patch_resource)
{
    // The patch lives in a monotonic resource; the default-resource target
    // must not pick it up.
    json::monotonic_resource mr;
    json::storage_ptr const patch_sp(&mr);
    json::value const patch = json::parse(R"({"k":{"v":1}})", patch_sp);
    json::value const target = json::parse(R"({"k":0})");
    json::value const result = us::merge_patch(target, patch);
    BOOST_TEST(result.storage().get() == target.storage().get());
    BOOST_TEST(result.storage().get() != patch_sp.get());
    BOOST_TEST(result.at("k").storage().get() != patch_sp.get());

    json::value const replaced = us::merge_patch(target, json::parse(R"([1])", patch_sp));
    BOOST_TEST(replaced.storage().get() == target.storage().get());
}

// The header promises "any nesting depth is safe" for merge_patch. The next
// tests hold it to that for the parts the merge copies rather than walks: the
// whole target, and non-object values taken from the patch. They come last
// so that a stack overflow in them cannot hide the results above.

BOOST_AUTO_TEST_CASE(deeply_nested_target)
{
    deep_value const target(nest(deep, 1));
    deep_value result(us::merge_patch(target.v, json::parse(R"({"b":2})")));
    BOOST_TEST_REQUIRE(result.v.is_object());
    BOOST_TEST(result.v.get_object().size() == 2u);
    BOOST_TEST(text(result.v.at("b")) == "2");
    auto const walked = walk_nest(result.v.at("a"));
    BOOST_TEST(walked.first == deep - 1);
    BOOST_TEST(text(*walked.second) == "1");
}

BOOST_AUTO_TEST_CASE(deeply_nested_array_in_patch)
{
    json::object member;
    member["a"] = nest_array(deep, 1);
    deep_value const patch{json::value(std::move(member))};

    deep_value result(us::merge_patch(json::object(), patch.v));
    BOOST_TEST_REQUIRE(result.v.is_object());
    auto const walked = walk_array_nest(result.v.at("a"));
    BOOST_TEST(walked.first == deep);
    BOOST_TEST(text(*walked.second) == "1");
}

BOOST_AUTO_TEST_CASE(deeply_nested_non_object_patch)
{
    deep_value const patch(nest_array(deep, 1));
    deep_value result(us::merge_patch(json::object(), patch.v));
    auto const walked = walk_array_nest(result.v);
    BOOST_TEST(walked.first == deep);
    BOOST_TEST(text(*walked.second) == "1");
}

BOOST_AUTO_TEST_SUITE_END()
