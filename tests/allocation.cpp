// Allocation control (docs/performance.md, target 5). A gateway runs a whole request out of
// one fixed stack buffer: a boost::json::monotonic_resource over a
// char[8192] whose upstream is the null resource (which throws instead of
// reaching the heap), holding the stored session and the patch, through
// parse_patch -> validate_patch -> apply_update_in_place.
//
// This file also replaces the global operator new with a counting one, to
// show which steps still use the heap outside the caller's storage_ptr.
// Not under sanitizers, which bring their own operator new.

#include <usage_session.hpp>

#include "test_data.hpp"
#include "test_support.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/null_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define USAGE_SESSION_TEST_NO_COUNTING
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define USAGE_SESSION_TEST_NO_COUNTING
#endif
#endif

namespace {

std::atomic<std::uint64_t> global_allocations{0};

}   // namespace

#ifndef USAGE_SESSION_TEST_NO_COUNTING
// Counting replacements for the whole test binary; plain malloc and free.
// g++ inlines these deletes into this file's callers of the (replaced)
// operator new and then warns about new paired with free: here it is meant.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t size)
{
    global_allocations.fetch_add(1, std::memory_order_relaxed);
    if(void* p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void* operator new(std::size_t size, std::nothrow_t const&) noexcept
{
    try
    {
        return ::operator new(size);
    }
    catch(...)
    {
        return nullptr;
    }
}
void* operator new[](std::size_t size, std::nothrow_t const&) noexcept
{
    try
    {
        return ::operator new(size);
    }
    catch(...)
    {
        return nullptr;
    }
}
void* operator new(std::size_t size, std::align_val_t al)
{
    global_allocations.fetch_add(1, std::memory_order_relaxed);
    std::size_t const alignment = static_cast<std::size_t>(al);
    std::size_t const rounded = (size + alignment - 1) / alignment * alignment;
    if(void* p = std::aligned_alloc(alignment, rounded ? rounded : alignment))
        return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t al) { return ::operator new(size, al); }
void* operator new(std::size_t size, std::align_val_t al, std::nothrow_t const&) noexcept
{
    try
    {
        return ::operator new(size, al);
    }
    catch(...)
    {
        return nullptr;
    }
}
void* operator new[](std::size_t size, std::align_val_t al, std::nothrow_t const&) noexcept
{
    try
    {
        return ::operator new(size, al);
    }
    catch(...)
    {
        return nullptr;
    }
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete[](void* p, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, std::nothrow_t const&) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#pragma GCC diagnostic pop
#endif
#endif

namespace us = usage_session;
namespace json = boost::json;

namespace {

// A typical request body (the 571-byte patch of benchmarks/data): 11
// members, custom attributes at the top level, in _configuration and in
// _summary; it ends the stored session of tests/data/stored_session.json.
constexpr std::string_view body = R"json({
  "_startTime": "2026-11-20T08:00:00Z",
  "_state": "DONE",
  "_endTime": "2026-11-20T09:30:00.250Z",
  "_name": "Night infusion, bed 12 (3B)",
  "_configuration": {"rateMlPerHour": 12.5, "drug": "saline", "bolusEnabled": false, "alarmLowMlPerHour": 2, "alarmHighMlPerHour": 20},
  "_summary": {"_stopReason": "Infusion completed as prescribed", "_stopReasonCode": "COMPLETION", "volumeDeliveredMl": 1125.5, "occlusions": 0, "alarms": ["AIR_IN_LINE", "DOOR_OPEN"]},
  "ward": "3B",
  "bed": 12,
  "nurseInitials": "MK",
  "batteryPercent": 87,
  "handoverNote": null
})json";

constexpr std::size_t fixed_buffer_size = 8192;

// Global operator new calls of each step of one request.
struct step_allocations
{
    std::uint64_t parse = 0;
    std::uint64_t validate = 0;
    std::uint64_t apply = 0;
};

// How the gateway hands the parsed patch to apply_update_in_place: as an
// lvalue (its values are copied into the session), or given away with
// std::move (they are moved: both live in `sp`).
enum class patch_handover
{
    copied,
    moved
};

// One request, everything in `sp`: the stored session (as the gateway reads
// it from its store), the parsed patch, and what the update adds to the
// session. Returns the updated session as text; throws std::bad_alloc when
// the resource runs out.
std::string run_request(std::string const& stored_text, json::storage_ptr const& sp,
                        step_allocations& counts, patch_handover handover = patch_handover::copied)
{
    json::value session = json::parse(stored_text, sp);

    std::uint64_t mark = global_allocations.load();
    auto patch = us::parse_patch(body, {}, sp);
    counts.parse = global_allocations.load() - mark;
    BOOST_TEST_REQUIRE(patch.has_value(), test_support::codes(patch.error()));

    mark = global_allocations.load();
    us::report const checked = us::validate_patch(*patch);
    counts.validate = global_allocations.load() - mark;
    BOOST_TEST_REQUIRE(checked.ok(), test_support::codes(checked));

    mark = global_allocations.load();
    us::report const applied = handover == patch_handover::moved
                                   ? us::apply_update_in_place(session.as_object(), std::move(*patch), us::schema::standard(),
                                                               us::update_options::platform())
                                   : us::apply_update_in_place(session.as_object(), *patch, us::schema::standard(),
                                                               us::update_options::platform());
    counts.apply = global_allocations.load() - mark;
    BOOST_TEST_REQUIRE(applied.ok(), test_support::codes(applied));

    return json::serialize(session);   // the text is on the heap: after counting
}

// The same request with the default allocator, for comparison.
std::string expected_session()
{
    auto const result = us::apply_update(test_support::stored(), json::parse(body),
                                         us::schema::standard(), us::update_options::platform());
    BOOST_TEST_REQUIRE(result.has_value());
    return json::serialize(*result);
}

// Whether the request fits a buffer of `size` bytes.
bool fits(std::string const& stored_text, std::size_t size, patch_handover handover)
{
    std::vector<unsigned char> buffer(size);
    json::monotonic_resource mr(buffer.data(), buffer.size(), json::get_null_resource());
    step_allocations ignored;
    try
    {
        run_request(stored_text, json::storage_ptr(&mr), ignored, handover);
        return true;
    }
    catch(std::bad_alloc const&)
    {
        return false;
    }
}

}   // namespace

BOOST_AUTO_TEST_SUITE(allocation)

BOOST_AUTO_TEST_CASE(whole_request_in_a_fixed_stack_buffer)
{
    std::string const stored_text = test_data::read_text("stored_session.json");
    std::string const expected = expected_session();

    alignas(std::max_align_t) unsigned char buffer[fixed_buffer_size];
    for(patch_handover handover : {patch_handover::copied, patch_handover::moved})
    {
        json::monotonic_resource mr(buffer, sizeof buffer, json::get_null_resource());
        step_allocations counts;
        std::string updated;
        BOOST_REQUIRE_NO_THROW(updated = run_request(stored_text, json::storage_ptr(&mr), counts, handover));
        BOOST_TEST(updated == expected);
    }
}

// The smallest buffer this request fits, found by bisection; the size the
// gateway above uses must keep some room to spare. Given away, the patch's
// values become the session's: the copies the other way makes need room.
BOOST_AUTO_TEST_CASE(smallest_fixed_buffer)
{
    std::string const stored_text = test_data::read_text("stored_session.json");
    std::size_t smallest[2] = {0, 0};
    for(patch_handover handover : {patch_handover::copied, patch_handover::moved})
    {
        std::size_t too_small = 0;
        std::size_t enough = 64 * 1024;
        BOOST_TEST_REQUIRE(fits(stored_text, enough, handover));
        while(enough - too_small > 16)
        {
            std::size_t const middle = (too_small + enough) / 2;
            (fits(stored_text, middle, handover) ? enough : too_small) = middle;
        }
        BOOST_TEST_MESSAGE("smallest fixed buffer for the sample request, patch "
                           << (handover == patch_handover::moved ? "moved: " : "copied: ") << enough << " bytes");
        BOOST_TEST(enough <= fixed_buffer_size);
        smallest[handover == patch_handover::moved ? 1 : 0] = enough;
    }
    // The copies of the new strings, arrays and objects: well over the
    // bisection's 16-byte resolution.
    BOOST_TEST(smallest[1] + 64u <= smallest[0]);
}

// Zero heap allocations outside the caller's storage_ptr, step by step:
// validate_patch, parse_patch (its scratch in inline buffers; the default
// resource only for bodies far bigger than a patch) and
// apply_update_in_place.
BOOST_AUTO_TEST_CASE(no_heap_allocation_outside_the_buffer)
{
#ifdef USAGE_SESSION_TEST_NO_COUNTING
    BOOST_TEST_MESSAGE("sanitizer build: operator new is the sanitizer's, nothing counted");
#else
    std::string const stored_text = test_data::read_text("stored_session.json");
    alignas(std::max_align_t) unsigned char buffer[fixed_buffer_size];
    step_allocations counts;
    for(patch_handover handover : {patch_handover::copied, patch_handover::moved})
    {
        for(int round = 0; round < 2; ++round)   // the first builds schema::standard() and other statics
        {
            json::monotonic_resource mr(buffer, sizeof buffer, json::get_null_resource());
            run_request(stored_text, json::storage_ptr(&mr), counts, handover);
        }
        BOOST_TEST_MESSAGE("global operator new calls, patch "
                           << (handover == patch_handover::moved ? "moved" : "copied") << ": parse_patch "
                           << counts.parse << ", validate_patch " << counts.validate
                           << ", apply_update_in_place " << counts.apply);
        BOOST_TEST(counts.validate == 0u);
        BOOST_TEST(counts.parse == 0u);
        BOOST_TEST(counts.apply == 0u);
    }
#endif
}

// parse_patch alone: the value in the caller's resource, the scratch memory
// in inline buffers, no heap. The sample patch fits 4 KiB with the null
// resource upstream; so does a bigger one (31 members, 40 names, nesting,
// escaped names) that still fits the inline buffers.
BOOST_AUTO_TEST_CASE(parse_patch_of_a_typical_patch_uses_no_heap)
{
    std::string bigger = R"({"_configuration": {"a\u0062c": 1, "x": [1, 2.5, "three", {"four": [4]}]})";
    for(int i = 0; i < 30; ++i)
        bigger += ", \"custom" + std::to_string(i) + "\": " + std::to_string(i * 0.5);
    bigger += "}";

    for(int round = 0; round < 2; ++round)   // the first may build statics
        for(std::string_view const patch : {body, std::string_view(bigger)})
        {
            alignas(std::max_align_t) unsigned char buffer[4096];
            json::monotonic_resource mr(buffer, sizeof buffer, json::get_null_resource());
            std::uint64_t const mark = global_allocations.load();
            auto const parsed = us::parse_patch(patch, {}, json::storage_ptr(&mr));
            std::uint64_t const allocations = global_allocations.load() - mark;
            BOOST_TEST_REQUIRE(parsed.has_value());
            BOOST_TEST(parsed->as_object().size() == (patch == body ? 11u : 31u));
#ifndef USAGE_SESSION_TEST_NO_COUNTING
            if(round == 1)
                BOOST_TEST(allocations == 0u, patch.substr(0, 40));
#else
            (void)allocations;
#endif
        }
}

BOOST_AUTO_TEST_SUITE_END()
