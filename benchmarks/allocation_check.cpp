// Heap allocations (global operator new calls) of one run of each operation
// on the sample data, one line each. Exits non-zero when validate_patch
// allocates on the valid sample patch (docs/performance.md target 1: zero), or when
// parse_patch does with a caller's resource (docs/performance.md target 5: zero), which
// is deterministic, so CTest runs this as a test (bench_allocations).
//
// Where an operation allocates: benchmarks/where_allocates.gdb.

#include "support.hpp"

#include <usage_session.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/null_resource.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <functional>
#include <new>
#include <string_view>
#include <vector>

namespace json = boost::json;
namespace us = usage_session;

namespace {

// Runs `op` once to warm up (function-local statics such as
// schema::standard() are built on first use), then counts a second run.
// Each run gets a fresh copy of the session, made before counting starts.
std::uint64_t count(std::function<bool(json::object&)> const& op)
{
    json::object warm = bench::session_2kb();
    if(!op(warm))
        std::fputs("the operation failed on the sample data\n", stderr);
    json::object session = bench::session_2kb();
    std::uint64_t const before = bench::allocations();
    op(session);
    return bench::allocations() - before;
}

// Whether the whole request fits a fixed buffer of `size` bytes with the
// null resource upstream: the 2 KB session (parsed into the buffer, as a
// gateway reads it from its store), the patch, and what the update adds.
bool fits(std::size_t size)
{
    static std::string const session_text = json::serialize(bench::session_2kb());
    std::vector<unsigned char> buffer(size);
    json::monotonic_resource mr(buffer.data(), buffer.size(), json::get_null_resource());
    json::storage_ptr const sp(&mr);
    try
    {
        json::value session = json::parse(session_text, sp);
        auto patch = us::parse_patch(bench::patch_bytes(), {}, sp);
        return patch && us::apply_update_in_place(session.as_object(), *patch, us::schema::standard(),
                                                  us::update_options::platform())
                            .ok();
    }
    catch(std::bad_alloc const&)
    {
        return false;
    }
}

}   // namespace

int main()
{
    std::string const& bytes = bench::patch_bytes();
    json::value const& patch = bench::patch_value();
    us::update_options const platform = us::update_options::platform();
    alignas(std::max_align_t) static unsigned char arena[16 * 1024];
    json::monotonic_resource mr(arena, sizeof arena);
    json::storage_ptr const sp(&mr);

    struct operation
    {
        char const* name;
        std::function<bool(json::object&)> run;
    };
    operation const operations[] = {
        {"boost_json_parse/default", [&](json::object&) { return json::parse(bytes).is_object(); }},
        {"boost_json_parse/monotonic", [&](json::object&) {
            mr.release();
            return json::parse(bytes, sp).is_object(); }},
        {"parse_patch/default", [&](json::object&) { return us::parse_patch(bytes).has_value(); }},
        {"parse_patch/monotonic", [&](json::object&) {
            mr.release();
            return us::parse_patch(bytes, {}, sp).has_value(); }},
        {"validate_patch/standard", [&](json::object&) { return us::validate_patch(patch).ok(); }},
        {"merge_patch_into/copied_session", [&](json::object& session) {
            us::merge_patch_into(session, patch.get_object());
            return true; }},
        {"apply_update_in_place/session_2KB", [&](json::object& session) { return us::apply_update_in_place(session, patch, us::schema::standard(), platform).ok(); }},
        {"whole_request/monotonic", [&](json::object& session) {
            mr.release();
            auto p = us::parse_patch(bytes, {}, sp);
            return p && us::apply_update_in_place(session, *p, us::schema::standard(), platform).ok(); }},
    };

    int status = 0;
    for(operation const& op : operations)
    {
        std::uint64_t const n = count(op.run);
        std::printf("%-36s %llu\n", op.name, static_cast<unsigned long long>(n));
        if(std::string_view(op.name) == "validate_patch/standard" && n != 0)
        {
            std::printf("FAILED: validate_patch allocates on the valid sample patch\n");
            status = 1;
        }
        if(std::string_view(op.name) == "parse_patch/monotonic" && n != 0)
        {
            std::printf("FAILED: parse_patch uses the heap besides the caller's resource\n");
            status = 1;
        }
    }

    std::size_t too_small = 0;
    std::size_t enough = 256 * 1024;
    while(enough - too_small > 16)
    {
        std::size_t const middle = (too_small + enough) / 2;
        (fits(middle) ? enough : too_small) = middle;
    }
    std::printf("smallest fixed buffer for the whole request (2 KB session + patch): %zu bytes\n", enough);
    return status;
}
