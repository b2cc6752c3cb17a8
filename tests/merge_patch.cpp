// Included first: proves the header is self-contained.
#include <usage_session/merge_patch.hpp>
// White-box checks of detail::merge_patch_moving_into and the copy limits.
#include <usage_session/impl/merge_patch.hpp>

#include "test_data.hpp"
#include "test_support.hpp"

#include <boost/container/pmr/memory_resource.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <new>
#include <string>
#include <string_view>
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

// {"a":{"a":...{"a":innermost}...}} with `depth` objects, built iteratively,
// in `sp`.
json::value nest(std::size_t depth, json::value innermost, json::storage_ptr const& sp = {})
{
    json::value v(std::move(innermost), sp);
    for(std::size_t i = 0; i < depth; ++i)
    {
        json::object o(sp);
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

// [[[...[innermost]...]]] with `depth` arrays, built iteratively, in `sp`.
json::value nest_array(std::size_t depth, json::value innermost, json::storage_ptr const& sp = {})
{
    json::value v(std::move(innermost), sp);
    for(std::size_t i = 0; i < depth; ++i)
    {
        json::array a(sp);
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

}   // namespace

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

namespace {

// Counts the allocations made through it; with fail_at != 0, the fail_at-th
// one throws std::bad_alloc instead. (Objects in it are printed with
// json::serialize: text() would copy them into it first.)
class counting_resource final : public boost::container::pmr::memory_resource
{
public:
    explicit counting_resource(std::size_t fail_at = 0) noexcept : fail_at_(fail_at) {}
    std::size_t allocations() const noexcept { return count_; }

private:
    void* do_allocate(std::size_t n, std::size_t align) override
    {
        if(++count_ == fail_at_)
            throw std::bad_alloc();
        return ::operator new(n, std::align_val_t(align));
    }
    void do_deallocate(void* p, std::size_t, std::size_t align) override
    {
        ::operator delete(p, std::align_val_t(align));
    }
    bool do_is_equal(boost::container::pmr::memory_resource const& other) const noexcept override
    {
        return this == &other;
    }

    std::size_t fail_at_;
    std::size_t count_ = 0;
};

// RFC 7396 §2 as written, recursively, with Boost.JSON's own order-keeping
// operations: the reference the non-recursive merge must agree with.
json::value reference_merge(json::value const& target, json::value const& patch)
{
    if(!patch.is_object())
        return patch;
    json::object result = target.is_object() ? target.get_object() : json::object();
    for(auto const& member : patch.get_object())
    {
        if(member.value().is_null())
        {
            result.stable_erase(member.key());
            continue;
        }
        json::value const* current = result.if_contains(member.key());
        json::value merged = reference_merge(current ? *current : json::value(), member.value());
        result[member.key()] = std::move(merged);
    }
    return result;
}

// A small deterministic generator (a linear congruential one): the same
// cases on every platform and every run.
class case_generator
{
public:
    explicit case_generator(std::uint32_t seed) noexcept : state_(seed) {}

    std::uint32_t below(std::uint32_t n) noexcept
    {
        state_ = state_ * 1664525u + 1013904223u;
        return (state_ >> 8) % n;
    }

    json::value leaf()
    {
        switch(below(6))
        {
        case 0: return static_cast<std::int64_t>(below(5));
        case 1: return static_cast<double>(below(5)) / 2;
        case 2: return below(2) == 0;
        case 3: return "s";
        case 4: return "a string long enough to need its own memory";
        default: return json::array{1, "two", json::object{{"k", nullptr}}};
        }
    }

    // An object of `size` members named k0, k1, ...: scalars and, while
    // `depth` allows, objects.
    json::object target(std::size_t size, int depth)
    {
        json::object o;
        for(std::size_t i = 0; i < size; ++i)
            o[key(i)] = depth > 0 && below(4) == 0 ? json::value(target(below(25), depth - 1)) : leaf();
        return o;
    }

    // A patch for an object of `size` members: deletes (some of them
    // neighbours, some missing), replaces, adds, and merges objects,
    // including objects where the target has none.
    json::object patch(std::size_t size, int depth)
    {
        json::object p;
        std::size_t const changes = below(8) + 1;
        for(std::size_t i = 0; i < changes; ++i)
        {
            std::string const name = key(below(static_cast<std::uint32_t>(size + 4)));
            switch(below(4))
            {
            case 0: p[name] = nullptr; break;
            case 1: p[name] = leaf(); break;
            default:
                p[name] = depth > 0 ? json::value(patch(25, depth - 1)) : leaf();
                break;
            }
        }
        return p;
    }

private:
    static std::string key(std::size_t i)
    {
        return "k" + std::to_string(i);
    }

    std::uint32_t state_;
};

}   // namespace

// Several deletions in one object, deletions before a nested object that is
// merged into, additions next to deletions, objects over 18 members (which
// Boost.JSON indexes with a hash table) and under: every outcome agrees with
// the recursive reference, member order included.
BOOST_AUTO_TEST_CASE(merge_patch_into_matches_a_recursive_reference)
{
    case_generator g(20261129u);
    for(int i = 0; i < 400; ++i)
    {
        std::size_t const size = i % 3 == 0 ? 3 : i % 3 == 1 ? 20
                                                             : 40;
        json::object const original = g.target(size, 2);
        json::object const patch = g.patch(size, 2);
        BOOST_TEST_CONTEXT("original " << text(original) << "\npatch " << text(patch))
        {
            json::object target = original;
            us::merge_patch_into(target, patch);
            BOOST_TEST(text(target) == text(reference_merge(original, patch)));
        }
    }
}

BOOST_AUTO_TEST_CASE(several_deletions_in_one_object_keep_order)
{
    json::object target;
    for(int i = 0; i < 30; ++i)
        target["m" + std::to_string(i)] = i;
    target["inner"] = json::parse(R"({"a":1,"b":2,"c":3,"d":4})");
    target["last"] = 0;
    json::value const patch = json::parse(
        R"({"m29":null,"m0":null,"inner":{"c":null,"a":null,"e":5},"m1":null,"m15":null,"new":1,"m14":null})");
    json::value const original = target;
    us::merge_patch_into(target, patch.get_object());
    BOOST_TEST(text(target) == text(reference_merge(original, patch)));
    std::string expected = "{";
    for(int i = 2; i < 29; ++i)
        if(i != 14 && i != 15)
            expected += "\"m" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    expected += R"("inner":{"b":2,"d":4,"e":5},"last":0,"new":1})";
    BOOST_TEST(json::serialize(target) == expected);
}

// The merge keeps its bookkeeping for a dozen changes on the stack; a
// patch far bigger than that (1,000 additions, replacements and deletions
// in one object and in one nested object) takes the heap path.
BOOST_AUTO_TEST_CASE(large_patch_matches_the_reference)
{
    json::object original;
    json::object nested;
    json::object patch;
    json::object nested_patch;
    for(int i = 0; i < 1000; ++i)
    {
        std::string const name = "m" + std::to_string(i);
        original[name] = i;
        nested[name] = i;
        json::value change = i % 3 == 0 ? json::value(nullptr) : json::value(-i);
        patch[name] = change;
        nested_patch[name] = change;
        patch["new" + std::to_string(i)] = i;
    }
    original["nested"] = nested;
    patch["nested"] = nested_patch;
    json::object target = original;
    us::merge_patch_into(target, patch);
    BOOST_TEST(target.size() == 1000u - 334u + 1000u + 1u);
    BOOST_TEST(text(target) == text(reference_merge(original, patch)));
}

// Deleting a member moves the objects after it: deletions inside an object
// must be done before deletions in its parent move it, or they would land
// in the sibling that took its place.
BOOST_AUTO_TEST_CASE(deletions_in_children_come_before_deletions_in_parents)
{
    json::object target = json::parse(R"({"a":1,"b":{"x":1,"y":2},"c":{"x":3,"y":4},"d":{"x":5}})").as_object();
    json::value const patch = json::parse(R"({"a":null,"b":{"x":null},"c":null,"d":{"x":null}})");
    us::merge_patch_into(target, patch.get_object());
    BOOST_TEST(text(target) == R"({"b":{"y":2},"d":{}})");
}

// A patch object that lands where the target has no object is merged into
// {}: its nulls vanish, but only in objects reached through objects; an
// array is taken as it is.
BOOST_AUTO_TEST_CASE(new_object_drops_nulls_outside_arrays)
{
    json::object target = json::parse(R"({"a":1,"b":{"keep":true}})").as_object();
    json::value const patch = json::parse(
        R"({"a":{"x":null,"arr":[null,{"k":null}],"o":{"y":null,"z":1}},"c":{"n":null}})");
    us::merge_patch_into(target, patch.get_object());
    BOOST_TEST(text(target) == R"({"a":{"arr":[null,{"k":null}],"o":{"z":1}},"b":{"keep":true},"c":{}})");
}

// detail::copy_value hands a value that nests at most
// detail::max_library_copy_depth (32) levels to Boost.JSON's copy
// constructor and walks deeper ones itself. Around that depth both ways give
// the same copy, and a new object from the patch loses its nulls at every
// depth reached through objects, but not inside arrays.
BOOST_AUTO_TEST_CASE(copies_agree_around_the_library_copy_depth)
{
    for(std::size_t depth = 28; depth <= 36; ++depth)
    {
        BOOST_TEST_CONTEXT("depth " << depth)
        {
            // merge_patch copies the whole target.
            json::value const target = nest(depth, json::array{1, "a string too long for SBO", nullptr});
            BOOST_TEST(text(us::merge_patch(target, json::object())) == text(target));

            json::value const patch = json::object{
                {"n", nest(depth, json::object{{"gone", nullptr}, {"kept", json::array{nullptr}}})}};
            json::value const wanted = json::object{
                {"n", nest(depth, json::object{{"kept", json::array{nullptr}}})}};
            BOOST_TEST(text(us::merge_patch(json::object(), patch)) == text(wanted));
            json::object target_object;
            us::merge_patch_into(target_object, patch.get_object());
            BOOST_TEST(text(target_object) == text(wanted));
        }
    }
}

// A member the patch sets to the value it already has is left alone: no
// copy, no allocation (every patch repeats _startTime, for one).
BOOST_AUTO_TEST_CASE(unchanged_values_are_not_copied)
{
    counting_resource resource;
    json::object target(json::parse(
                            R"({"s":"a string long enough to need its own memory","i":-3,"u":18446744073709551615,"d":0.5,"b":true})",
                            json::storage_ptr(&resource))
                            .as_object());
    std::string const before = json::serialize(target);
    std::size_t const setup = resource.allocations();
    us::merge_patch_into(target, json::parse(before).as_object());
    BOOST_TEST(resource.allocations() == setup);
    BOOST_TEST(json::serialize(target) == before);
}

// ...but "the same" means the same text and kind: 1 and 1.0 and -0.0 and
// 0.0 compare equal as numbers, yet the patch's value must win.
BOOST_AUTO_TEST_CASE(equal_numbers_of_another_kind_or_sign_replace)
{
    json::object target;
    target["zero"] = 0.0;
    target["one"] = 1;
    target["signed"] = std::int64_t(5);
    target["unsigned"] = std::uint64_t(7);
    target["double"] = 2.0;
    json::object patch;
    patch["zero"] = -0.0;
    patch["one"] = 1.0;
    patch["signed"] = std::uint64_t(5);
    patch["unsigned"] = std::int64_t(7);
    patch["double"] = 2;
    us::merge_patch_into(target, patch);
    BOOST_TEST(text(target) == text(patch));
    for(auto const& member : patch)
    {
        BOOST_TEST_CONTEXT(member.key())
        BOOST_TEST(target.at(member.key()).kind() == member.value().kind());
    }
}

// A number or boolean, and a string that fits the stored string's buffer,
// is written over the stored value at commit time: nothing is copied or
// allocated for it. Everything else is still copied first.
BOOST_AUTO_TEST_CASE(changes_that_fit_are_written_in_place)
{
    counting_resource resource;
    json::object target(json::parse(R"({
        "shorter": "a stored string long enough to need its own memory",
        "number_over_string": "another stored string that needs memory of its own",
        "bool_over_number": 1,
        "double_over_bool": true,
        "uint_over_double": 0.5,
        "int_over_null": null,
        "short_string_over_number": 5,
        "longer": "short",
        "array_over_string": "text"
    })",
                                    json::storage_ptr(&resource))
                            .as_object());
    json::object const patch = json::parse(R"({
        "shorter": "still too long for a small-string buffer",
        "number_over_string": -42,
        "bool_over_number": false,
        "double_over_bool": 2.5,
        "uint_over_double": 18446744073709551615,
        "int_over_null": 3,
        "short_string_over_number": "x",
        "longer": "now a string that needs memory of its own, surely",
        "array_over_string": [1]
    })")
                                   .as_object();
    std::string const expected = text(reference_merge(target, patch));
    std::size_t const setup = resource.allocations();
    us::merge_patch_into(target, patch);
    BOOST_TEST(json::serialize(target) == expected);
    // Only "longer" (a bigger string) and the array need memory.
    BOOST_TEST(resource.allocations() - setup == 2u);
    for(auto const& member : patch)
    {
        BOOST_TEST_CONTEXT(member.key())
        BOOST_TEST(target.at(member.key()).kind() == member.value().kind());
    }
    BOOST_TEST(target.at("shorter").get_string().size() ==
               patch.at("shorter").get_string().size());
}

// The merge looks for each patch member first right after the member it
// found last (patches tend to list members in the stored order). Whatever
// the order, hit or miss, the outcome is the reference merge's.
BOOST_AUTO_TEST_CASE(members_are_found_in_any_order)
{
    // Big enough for Boost.JSON to hash the names (small objects are searched
    // member by member), and a nested object that is searched that way.
    json::object target;
    for(int i = 0; i < 40; ++i)
        target["m" + std::to_string(i)] = i;
    target["nested"] = json::parse(R"({"a": 1, "b": 2, "c": 3, "d": 4})");
    std::vector<std::string> const patches = {
        // the stored order, with gaps, a new member and a deletion in between
        R"({"m1": "x", "m2": null, "new": 1, "m3": 7, "m5": true, "nested": {"a": 0, "c": null, "e": 5, "d": 9}})",
        // the reverse order
        R"({"nested": {"d": 0, "c": 1, "b": null, "a": 3}, "m39": 1, "m20": null, "m1": 2, "m0": 3})",
        // the member right after the last one found is named like it but differs
        R"({"m3": 1, "m4x": 2, "m4": 3, "m40": 4, "m39": 5})",
        // one, two, three and four stored members skipped (the first three
        // within the positions tried before a lookup), near the end too
        R"({"m0": 1, "m2": 2, "m5": 3, "m9": 4, "m14": null, "m36": 5, "m38": 6, "nested": {"b": 0, "e": 1}, "m39": 7})",
        // a name the stored object lacks between names it has
        R"({"m1": 1, "absent": 2, "m2": 3, "m4": null, "zzz": null})",
    };
    for(std::string const& text_of_patch : patches)
    {
        json::object const patch = json::parse(text_of_patch).as_object();
        json::object merged = target;
        us::merge_patch_into(merged, patch);
        BOOST_TEST_CONTEXT(text_of_patch)
        BOOST_TEST(text(merged) == text(reference_merge(target, patch)));
    }
}

// boost::json::object grows to 1.5 times what it needs: a stored object
// (copied or parsed with no spare room) updated again and again does not
// move its members on every new member.
BOOST_AUTO_TEST_CASE(repeated_additions_reuse_spare_room)
{
    counting_resource resource;
    json::object grown;
    for(int i = 0; i < 40; ++i)
        grown["m" + std::to_string(i)] = i;
    json::object target(grown, json::storage_ptr(&resource));   // a copy: capacity == size
    BOOST_TEST_REQUIRE(target.capacity() == target.size());
    std::size_t const setup = resource.allocations();
    constexpr int additions = 100;
    for(int i = 0; i < additions; ++i)
        us::merge_patch_into(target, json::object{{"n" + std::to_string(i), i}});
    BOOST_TEST(target.size() == 140u);
    // One allocation per member name, plus a few for the growing table:
    // reserving exactly what each patch needs would reallocate 100 times.
    std::size_t const tables = resource.allocations() - setup - additions;
    BOOST_TEST(tables <= 5u);
}

// docs/contract.md §10 for the merge alone: 30 generated cases, each allocation failed
// in turn; the target is either unchanged or fully merged, never in
// between. `moving`: the patch is given away (detail::merge_patch_moving_into)
// and lives in the target's resource, so its values are moved, not copied.
// Returns how many allocations failed.
std::size_t fail_each_allocation_in_turn(unsigned seed, bool moving)
{
    case_generator g(seed);
    std::size_t cases = 0;
    std::size_t failures = 0;
    for(int i = 0; i < 30; ++i)
    {
        json::object const original = g.target(i % 2 == 0 ? 8 : 30, 2);
        json::object const patch = g.patch(i % 2 == 0 ? 8 : 30, 2);
        std::string const expected = text(reference_merge(original, patch));
        std::size_t setup = 0;
        {
            counting_resource never;
            json::object const target(original, json::storage_ptr(&never));
            if(moving)
            {
                json::object const given(patch, json::storage_ptr(&never));
            }
            setup = never.allocations();
        }
        for(std::size_t n = setup + 1;; ++n)
        {
            counting_resource resource(n);
            json::object target(original, json::storage_ptr(&resource));
            // Made before the merge, so its allocations come first.
            json::object given(patch, moving ? json::storage_ptr(&resource) : json::storage_ptr());
            std::string const before = json::serialize(target);
            try
            {
                if(moving)
                    us::detail::merge_patch_moving_into(target, given);
                else
                    us::merge_patch_into(target, patch);
            }
            catch(std::bad_alloc const&)
            {
                ++failures;
                BOOST_TEST_CONTEXT("case " << i << ", allocation " << n)
                BOOST_TEST(json::serialize(target) == before);
                continue;
            }
            BOOST_TEST(json::serialize(target) == expected);
            break;
        }
        ++cases;
    }
    BOOST_TEST(cases == 30u);
    return failures;
}

BOOST_AUTO_TEST_CASE(allocation_failure_leaves_target_unchanged)
{
    BOOST_TEST(fail_each_allocation_in_turn(7u, false) >= 100u);
}

// detail::merge_patch_moving_into (apply_update_in_place with an rvalue
// patch): the same merge, moving each staged value out of the patch when it
// is in the target's memory resource. The outcome must be the copying
// merge's, byte for byte, for the appendix A and member order cases and the
// generated ones.
BOOST_AUTO_TEST_CASE(moving_merge_matches_the_copying_merge)
{
    std::size_t used = 0;
    auto check = [&used](json::object const& original, json::object const& patch) {
        json::object copied = original;
        us::merge_patch_into(copied, patch);
        json::object moved = original;
        json::object given = patch;   // both in the default resource: values move
        us::detail::merge_patch_moving_into(moved, given);
        BOOST_TEST(text(moved) == text(copied));
        BOOST_TEST(text(moved) == text(reference_merge(original, patch)));
        ++used;
    };
    json::array const a = appendix_a();
    json::array const o = order_cases();
    for(auto const* cases : {&a, &o})
        for(auto const& c : *cases)
            if(c.at("original").is_object() && c.at("patch").is_object())
            {
                BOOST_TEST_CONTEXT("case: " << text(c))
                check(c.at("original").get_object(), c.at("patch").get_object());
            }
    case_generator g(20261130u);
    for(int i = 0; i < 400; ++i)
    {
        std::size_t const size = i % 3 == 0 ? 3 : i % 3 == 1 ? 20
                                                             : 40;
        json::object const original = g.target(size, 2);
        json::object const patch = g.patch(size, 2);
        BOOST_TEST_CONTEXT("original " << text(original) << "\npatch " << text(patch))
        check(original, patch);
    }
    BOOST_TEST(used == 10u + o.size() + 400u);
}

// Moving allocates only what the target needs to hold more members (a
// bigger table, the new names); copying also copies each staged value.
BOOST_AUTO_TEST_CASE(moving_merge_allocates_no_staged_value)
{
    counting_resource resource;
    json::storage_ptr const sp(&resource);
    char const* const original = R"({"a": "a stored string long enough to need memory", "b": 1})";
    // "a": an array and "b": an object replace stored values, "c" is new.
    char const* const patch = R"({"a": [1, "two"], "b": {"x": "long enough to need memory of its own"},
                                  "c": "another string that needs memory of its own"})";
    std::string const expected = text(reference_merge(json::parse(original), json::parse(patch)));

    json::object copied = json::parse(original, sp).as_object();
    json::object const kept = json::parse(patch, sp).as_object();
    std::size_t mark = resource.allocations();
    us::merge_patch_into(copied, kept);
    std::size_t const by_copy = resource.allocations() - mark;

    json::object moved = json::parse(original, sp).as_object();
    json::object given = json::parse(patch, sp).as_object();
    mark = resource.allocations();
    us::detail::merge_patch_moving_into(moved, given);
    std::size_t const by_move = resource.allocations() - mark;

    BOOST_TEST(json::serialize(copied) == expected);
    BOOST_TEST(json::serialize(moved) == expected);
    // The table for 3 members and the name "c"; copying adds the array ("two"
    // fits in the string itself), the object (its table, its name "x", its
    // string) and "c"'s string.
    BOOST_TEST(by_move == 2u);
    BOOST_TEST(by_copy == 2u + 5u);
    BOOST_TEST(moved.at("b").storage().get() == sp.get());
    BOOST_TEST(moved.at("b").at("x").storage().get() == sp.get());
}

// A patch in another memory resource than the target's is copied, not
// moved: the target never holds memory of a resource it does not own. The
// patch is then left as it was.
BOOST_AUTO_TEST_CASE(moving_merge_copies_from_another_resource)
{
    json::monotonic_resource mr;
    json::object given = json::parse(
                             R"({"a": {"b": [1, {"c": "a string long enough to need memory"}]}, "d": "another long string, too", "e": null})",
                             json::storage_ptr(&mr))
                             .as_object();
    std::string const before = json::serialize(given);
    json::object target = json::parse(R"({"a": 1, "e": 2, "f": "g"})").as_object();
    std::string const expected = text(reference_merge(target, given));
    us::detail::merge_patch_moving_into(target, given);
    BOOST_TEST(json::serialize(target) == expected);
    BOOST_TEST(json::serialize(given) == before);
    BOOST_TEST(target.at("a").storage().get() != &mr);
    BOOST_TEST(target.at("a").at("b").storage().get() != &mr);
    BOOST_TEST(target.at("d").storage().get() != &mr);
}

// A patch object that lands where the target has no object is merged into
// {}: one with nulls to drop is copied without them even when moving, one
// without is moved as it is; arrays keep their nulls either way.
BOOST_AUTO_TEST_CASE(moving_merge_drops_nulls_of_new_objects)
{
    json::object target = json::parse(R"({"a":1,"b":{"keep":true}})").as_object();
    json::object given = json::parse(
                             R"({"a":{"x":null,"arr":[null,{"k":null}],"o":{"y":null,"z":1}},"c":{"n":null},"d":{"m":[null]}})")
                             .as_object();
    us::detail::merge_patch_moving_into(target, given);
    BOOST_TEST(text(target) ==
               R"({"a":{"arr":[null,{"k":null}],"o":{"z":1}},"b":{"keep":true},"c":{},"d":{"m":[null]}})");
}

// A new member's string (or number) is copied by its insertion, after the
// table has grown, not staged before: only values that replace stored ones
// must be copied before anything changes. So the merge's first allocation
// is the bigger table, not the string.
BOOST_AUTO_TEST_CASE(new_members_are_copied_when_inserted)
{
    class recording_resource final : public boost::container::pmr::memory_resource
    {
    public:
        std::vector<std::size_t> sizes;

    private:
        void* do_allocate(std::size_t n, std::size_t align) override
        {
            sizes.push_back(n);
            return ::operator new(n, std::align_val_t(align));
        }
        void do_deallocate(void* p, std::size_t, std::size_t align) override
        {
            ::operator delete(p, std::align_val_t(align));
        }
        bool do_is_equal(boost::container::pmr::memory_resource const& other) const noexcept override
        {
            return this == &other;
        }
    };
    recording_resource resource;
    json::object target(json::parse(R"({"a": 1, "b": 2})").as_object(), json::storage_ptr(&resource));
    json::value const patch = json::parse(R"({"c": "a string that needs memory", "d": 4})");
    resource.sizes.clear();
    us::merge_patch_into(target, patch.get_object());
    std::vector<std::size_t> const sizes = resource.sizes;   // text() below copies target
    BOOST_TEST(text(target) == R"({"a":1,"b":2,"c":"a string that needs memory","d":4})");
    // The table, then for "c" its string and name, then the name "d".
    BOOST_TEST_REQUIRE(sizes.size() == 4u);
    BOOST_TEST(sizes[0] >= 4 * sizeof(json::key_value_pair));
    BOOST_TEST(sizes[1] > std::string_view("a string that needs memory").size());
}

// A moving merge takes each value out of the patch only when it puts it in
// place (no staged move first): the stored value it replaces is swapped
// into the patch and freed with it, and a merge that fails before it
// inserts anything (here growing the table, the first allocation) leaves
// the patch as it was.
BOOST_AUTO_TEST_CASE(moving_merge_swaps_replaced_values_into_the_patch)
{
    json::object target = json::parse(R"({"a": "the stored string, long enough to need memory", "b": 1})").as_object();
    json::object given = json::parse(R"({"a": [1, 2], "c": "new"})").as_object();
    us::detail::merge_patch_moving_into(target, given);
    BOOST_TEST(text(target) == R"({"a":[1,2],"b":1,"c":"new"})");
    BOOST_TEST(text(given.at("a")) == R"("the stored string, long enough to need memory")");
}

BOOST_AUTO_TEST_CASE(moving_merge_failing_before_any_insertion_leaves_the_patch_whole)
{
    char const* const patch = R"({"a": [1, "a string long enough to need memory"], "c": {"d": "new"}})";
    json::object const original = json::parse(R"({"a": 1, "b": 2})").as_object();
    std::size_t setup = 0;
    {
        counting_resource counting;
        json::object const target(original, json::storage_ptr(&counting));
        json::value const given = json::parse(patch, json::storage_ptr(&counting));
        setup = counting.allocations();
    }
    counting_resource failing(setup + 1);   // the merge's first allocation: the bigger table
    json::object target(original, json::storage_ptr(&failing));
    json::value given_value = json::parse(patch, json::storage_ptr(&failing));
    json::object& given = given_value.as_object();
    BOOST_TEST_REQUIRE(target.capacity() == target.size());
    BOOST_CHECK_THROW(us::detail::merge_patch_moving_into(target, given), std::bad_alloc);
    BOOST_TEST(text(target) == R"({"a":1,"b":2})");
    BOOST_TEST(text(given) == text(json::parse(patch)));
}

// The same for the moving merge: target and patch in one resource.
BOOST_AUTO_TEST_CASE(allocation_failure_in_a_moving_merge_leaves_target_unchanged)
{
    // Fewer than when copying: only tables and names are allocated.
    BOOST_TEST(fail_each_allocation_in_turn(11u, true) >= 50u);
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

// Values 100,000 levels deep landing where the target has none, given away:
// moved, or copied (an object deeper than the null check looks, or any value
// in another memory resource, which Boost.JSON's moves would copy
// recursively), the merge must not recurse.
BOOST_AUTO_TEST_CASE(deeply_nested_patch_moved)
{
    json::monotonic_resource mr;
    for(json::storage_ptr const& sp : {json::storage_ptr(), json::storage_ptr(&mr)})
    {
        json::object member(sp);
        member["n"] = nest(deep, 1, sp);
        member["arr"] = nest_array(deep, 1, sp);
        deep_value given{json::value(std::move(member))};
        deep_value target{json::value(json::object())};
        us::detail::merge_patch_moving_into(target.v.get_object(), given.v.get_object());
        auto const walked = walk_nest(target.v.at("n"));
        BOOST_TEST(walked.first == deep);
        BOOST_TEST(text(*walked.second) == "1");
        auto const walked_array = walk_array_nest(target.v.at("arr"));
        BOOST_TEST(walked_array.first == deep);
        BOOST_TEST(walked_array.second->storage().get() == target.v.storage().get());
    }
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
