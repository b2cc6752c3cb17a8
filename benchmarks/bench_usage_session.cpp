// The library against Boost.JSON's own parse, on the sample data of
// benchmarks/data. Every line of docs/performance.md is a ratio
// to boost_json_parse/default measured in the same run.
//
// Times are CPU time (the default): on a machine shared with other builds
// they move far less than wall-clock time. Operations that need a fresh
// session each time run in batches on copies made with the timer paused
// (bench::on_fresh_copies), or, for the `hot` whole-request lines, on a copy
// made right before each operation, which alone is timed
// (bench::on_each_fresh_copy, wall-clock). The "allocs" counter is global
// operator new calls per operation (alloc_counter.cpp), counted in the
// timed part only.

#include "support.hpp"

#include <usage_session.hpp>
#if __has_include(<usage_session/platform_template.hpp>)
#include <usage_session/platform_template.hpp>
#define USAGE_SESSION_BENCH_TEMPLATES 1
#endif

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace json = boost::json;
namespace us = usage_session;

namespace {

// Big enough that no monotonic_resource below ever reaches its upstream.
constexpr std::size_t arena_size = 16 * 1024;

//----------------------------------------------------------------------------
// Baselines: Boost.JSON 1.81 parse of the patch bytes.

void boost_json_parse_default(benchmark::State& state)
{
    std::string const& bytes = bench::patch_bytes();
    std::uint64_t const before = bench::allocations();
    for(auto _ : state)
    {
        json::value v = json::parse(bytes);
        benchmark::DoNotOptimize(v);
    }
    bench::set_allocations(state, bench::allocations() - before);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(boost_json_parse_default)->Name("boost_json_parse/default");

// One monotonic_resource over a stack buffer, released before every parse:
// what a server that keeps one arena per worker does.
void boost_json_parse_monotonic(benchmark::State& state)
{
    std::string const& bytes = bench::patch_bytes();
    alignas(std::max_align_t) static unsigned char arena[arena_size];
    json::monotonic_resource mr(arena, sizeof arena);
    json::storage_ptr const sp(&mr);
    std::uint64_t const before = bench::allocations();
    for(auto _ : state)
    {
        mr.release();
        json::value v = json::parse(bytes, sp);
        benchmark::DoNotOptimize(v);
    }
    bench::set_allocations(state, bench::allocations() - before);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(boost_json_parse_monotonic)->Name("boost_json_parse/monotonic");

//----------------------------------------------------------------------------
// parse_patch: the same bytes with duplicate detection and limits.

void parse_patch_default(benchmark::State& state)
{
    std::string const& bytes = bench::patch_bytes();
    us::parse_limits const limits;
    std::uint64_t const before = bench::allocations();
    for(auto _ : state)
    {
        auto v = us::parse_patch(bytes, limits);
        benchmark::DoNotOptimize(v);
    }
    bench::set_allocations(state, bench::allocations() - before);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(parse_patch_default)->Name("parse_patch/default");

void parse_patch_monotonic(benchmark::State& state)
{
    std::string const& bytes = bench::patch_bytes();
    us::parse_limits const limits;
    alignas(std::max_align_t) static unsigned char arena[arena_size];
    json::monotonic_resource mr(arena, sizeof arena);
    json::storage_ptr const sp(&mr);
    std::uint64_t const before = bench::allocations();
    for(auto _ : state)
    {
        mr.release();
        auto v = us::parse_patch(bytes, limits, sp);
        benchmark::DoNotOptimize(v);
    }
    bench::set_allocations(state, bench::allocations() - before);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(parse_patch_monotonic)->Name("parse_patch/monotonic");

//----------------------------------------------------------------------------
// validate_patch on the pre-parsed valid patch.

// "/x unknown_attribute; ...": a report in one line, for skip messages.
std::string report_codes(us::report const& r)
{
    std::string s;
    for(us::violation const& v : r)
        s += (s.empty() ? "" : "; ") + v.pointer + " " + std::string(us::code_name(v.code));
    return s;
}

// Every schema is measured through this one function: a new schema needs
// only a BENCHMARK that passes it (as the two below do).
void validate_with(benchmark::State& state, us::schema const& s)
{
    json::value const& patch = bench::patch_value();
    if(!us::validate_patch(patch, s).ok())
    {
        static std::string why;
        why = "the sample patch is not valid under this schema: " + report_codes(us::validate_patch(patch, s));
        state.SkipWithError(why.c_str());
        return;
    }
    std::uint64_t const before = bench::allocations();
    for(auto _ : state)
    {
        us::report r = us::validate_patch(patch, s);
        benchmark::DoNotOptimize(r);
    }
    bench::set_allocations(state, bench::allocations() - before);
}

void validate_patch_standard(benchmark::State& state)
{
    validate_with(state, us::schema::standard());
}
BENCHMARK(validate_patch_standard)->Name("validate_patch/standard");

// ===========================================================================
// 30-ATTRIBUTE TEMPLATE SCHEMA (docs/performance.md target 1, second half).
// data/template.json is a platform template of 30 custom attributes (10 per
// scope: labels, paragraphs, integers, decimals, booleans, single and
// multi selects, a date, date-times, a regex) that the sample patch
// satisfies, compiled by schema_from_platform_template and measured through
// validate_with() like the standard schema. Without platform_template.hpp
// the line is skipped with a message.
// ===========================================================================

std::optional<us::schema> template_schema(std::string& why)
{
#ifdef USAGE_SESSION_BENCH_TEMPLATES
    auto made = us::schema_from_platform_template(json::parse(bench::read_data("template.json")));
    if(made)
        return std::optional<us::schema>(*made);
    why = "data/template.json was refused by schema_from_platform_template: " + report_codes(made.error());
#else
    why = "usage_session/platform_template.hpp does not exist yet";
#endif
    return std::nullopt;
}

void validate_patch_template30(benchmark::State& state)
{
    static std::string why;
    static std::optional<us::schema> const s = template_schema(why);
    if(!s)
    {
        state.SkipWithError(why.c_str());
        return;
    }
    // The template must do its job: a value outside its selectable values fails.
    json::value bad = bench::patch_value();
    bad.at("_configuration").at("drug") = "morphine";
    if(us::validate_patch(bad, *s).ok())
    {
        state.SkipWithError("the template schema accepts a drug it does not list");
        return;
    }
    validate_with(state, *s);
}
BENCHMARK(validate_patch_template30)->Name("validate_patch/template30");

//----------------------------------------------------------------------------
// validate_patch_bytes (docs/performance.md target 4): the same patch bytes and the same
// two schemas, validated while parsing, no DOM. Its ratio to
// boost_json_parse/default compares two operations on the same bytes.

void validate_bytes_with(benchmark::State& state, us::schema const& s)
{
    std::string const& bytes = bench::patch_bytes();
    if(!us::validate_patch_bytes(bytes, s).ok())
    {
        static std::string why;
        why = "the sample patch is not valid under this schema: " +
              report_codes(us::validate_patch_bytes(bytes, s));
        state.SkipWithError(why.c_str());
        return;
    }
    std::uint64_t const before = bench::allocations();
    for(auto _ : state)
    {
        us::report r = us::validate_patch_bytes(bytes, s);
        benchmark::DoNotOptimize(r);
    }
    bench::set_allocations(state, bench::allocations() - before);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}

void validate_patch_bytes_standard(benchmark::State& state)
{
    validate_bytes_with(state, us::schema::standard());
}
BENCHMARK(validate_patch_bytes_standard)->Name("validate_patch_bytes/standard");

void validate_patch_bytes_template30(benchmark::State& state)
{
    static std::string why;
    static std::optional<us::schema> const s = template_schema(why);
    if(!s)
    {
        state.SkipWithError(why.c_str());
        return;
    }
    validate_bytes_with(state, *s);
}
BENCHMARK(validate_patch_bytes_template30)->Name("validate_patch_bytes/template30");

//----------------------------------------------------------------------------
// merge_patch (RFC 7396) on the 2 KB session, no validation.

void merge_patch_copy_and_merge(benchmark::State& state)
{
    json::value const session(bench::session_2kb());
    json::value const& patch = bench::patch_value();
    std::uint64_t const before = bench::allocations();
    for(auto _ : state)
    {
        json::value merged = us::merge_patch(session, patch);
        benchmark::DoNotOptimize(merged);
    }
    bench::set_allocations(state, bench::allocations() - before);
}
BENCHMARK(merge_patch_copy_and_merge)->Name("merge_patch/copy_and_merge");

// Into a fresh copy of the session, made outside the timed region.
void merge_patch_into_copied(benchmark::State& state)
{
    json::object const& patch = bench::patch_value().get_object();
    bench::on_fresh_copies(state, bench::session_2kb(), 64, [&](json::object& target) {
        us::merge_patch_into(target, patch);
        return true;
    });
}
BENCHMARK(merge_patch_into_copied)->Name("merge_patch_into/copied_session");

//----------------------------------------------------------------------------
// apply_update_in_place: validate_patch + cross-field rules (all that
// update_options::platform() switches on) + merge into the stored session,
// on a fresh copy each time (the patch adds _endTime and deletes
// handoverNote, so reusing one session would measure a different operation
// from the second time on). A session copied or parsed from storage has no
// spare capacity, like these copies. One copy per batch: the copy is then
// the last thing written, as a session just parsed from storage would be
// (a batch of 200 KB copies would not fit the cache); scripts/bench
// subtracts what pause_overhead/1 measures. The 200 KB copies cost far more
// than the update, so those lines run a fixed number of iterations.

bool apply(json::object& session, json::value const& patch)
{
    static us::update_options const o = us::update_options::platform();
    return us::apply_update_in_place(session, patch, us::schema::standard(), o).ok();
}

void apply_update_in_place_2kb(benchmark::State& state)
{
    json::value const& patch = bench::patch_value();
    bench::on_fresh_copies(state, bench::session_2kb(), 1,
                           [&](json::object& s) { return apply(s, patch); });
}
BENCHMARK(apply_update_in_place_2kb)->Name("apply_update_in_place/session_2KB");

void apply_update_in_place_200kb(benchmark::State& state)
{
    json::value const& patch = bench::patch_value();
    bench::on_fresh_copies(state, bench::session_200kb(), 1,
                           [&](json::object& s) { return apply(s, patch); });
}
BENCHMARK(apply_update_in_place_200kb)->Name("apply_update_in_place/session_200KB")->Iterations(1000);

// The same 200 KB of readings in one top-level array attribute: the
// top-level table the patch grows and shrinks is as small as the 2 KB
// session's, so only the cache (the 200 KB copy made just before) differs.
void apply_update_in_place_200kb_one_array(benchmark::State& state)
{
    json::value const& patch = bench::patch_value();
    bench::on_fresh_copies(state, bench::session_200kb_one_array(), 1,
                           [&](json::object& s) { return apply(s, patch); });
}
BENCHMARK(apply_update_in_place_200kb_one_array)->Name("apply_update_in_place/session_200KB_one_array")->Iterations(1000);

// The same three updates, each started with the update's code, the schema
// and the patch warm (bench::caches::warm), so that what copying 200 KB
// rather than 2 KB evicts does not count as cost that grows with the session.
void apply_warm_2kb(benchmark::State& state)
{
    bench::on_fresh_copies(
        state, bench::session_2kb(), 1,
        [&](json::object& s) { return apply(s, bench::patch_value()); }, bench::caches::warm);
}
BENCHMARK(apply_warm_2kb)->Name("apply_update_in_place/session_2KB/warm")->Iterations(1000);

void apply_warm_200kb_one_array(benchmark::State& state)
{
    bench::on_fresh_copies(
        state, bench::session_200kb_one_array(), 1,
        [&](json::object& s) { return apply(s, bench::patch_value()); }, bench::caches::warm);
}
BENCHMARK(apply_warm_200kb_one_array)->Name("apply_update_in_place/session_200KB_one_array/warm")->Iterations(1000);

void apply_warm_200kb(benchmark::State& state)
{
    bench::on_fresh_copies(
        state, bench::session_200kb(), 1,
        [&](json::object& s) { return apply(s, bench::patch_value()); }, bench::caches::warm);
}
BENCHMARK(apply_warm_200kb)->Name("apply_update_in_place/session_200KB/warm")->Iterations(1000);

// Diagnosis of the 200 KB line: the same patch without its one new
// top-level member (_endTime) and its one deletion (handoverNote), so every
// change lands on a member the session has.
json::value const& patch_changing_only()
{
    static json::value const p = [] {
        json::value v = bench::patch_value();
        v.get_object().erase("_endTime");
        v.get_object().erase("handoverNote");
        return v;
    }();
    return p;
}

void apply_changing_only_2kb(benchmark::State& state)
{
    bench::on_fresh_copies(state, bench::session_2kb(), 1,
                           [&](json::object& s) { return apply(s, patch_changing_only()); });
}
BENCHMARK(apply_changing_only_2kb)->Name("apply_update_in_place/session_2KB/no_insert_no_delete");

void apply_changing_only_200kb(benchmark::State& state)
{
    bench::on_fresh_copies(state, bench::session_200kb(), 1,
                           [&](json::object& s) { return apply(s, patch_changing_only()); });
}
BENCHMARK(apply_changing_only_200kb)->Name("apply_update_in_place/session_200KB/no_insert_no_delete")->Iterations(1000);

//----------------------------------------------------------------------------
// The whole request: bytes -> parse_patch -> apply_update_in_place (which
// runs validate_patch and the cross-field rules before it merges) on a
// fresh copy of the 2 KB session. A separate validate_patch call before it
// would validate twice. Each is measured two ways: `hot`, the session
// copied right before the request and only the request timed
// (bench::on_each_fresh_copy), as in a service that has just read the
// session from storage; and in batches of 64 copies made with the timer
// paused (bench::on_fresh_copies), where a request's session was copied up
// to 63 copies earlier and is colder in cache.

bool request_default_allocator(json::object& session)
{
    auto patch = us::parse_patch(bench::patch_bytes(), us::parse_limits{});
    return patch && apply(session, *patch);
}

// The patch in a reused arena; the session keeps the default allocator (it
// is the stored document and outlives the request).
bool request_patch_in_arena(json::object& session)
{
    alignas(std::max_align_t) static unsigned char arena[arena_size];
    static json::monotonic_resource mr(arena, sizeof arena);
    mr.release();
    auto patch = us::parse_patch(bench::patch_bytes(), us::parse_limits{}, json::storage_ptr(&mr));
    return patch && apply(session, *patch);
}

// The patch given away (std::move): apply_update_in_place then moves the
// values it adds to the session out of the patch instead of copying them
// (both use the default allocator), as in a service that parses the body
// and throws the patch away after the update.
bool request_patch_moved(json::object& session)
{
    static us::update_options const o = us::update_options::platform();
    auto patch = us::parse_patch(bench::patch_bytes(), us::parse_limits{});
    return patch && us::apply_update_in_place(session, std::move(*patch), us::schema::standard(), o).ok();
}

void whole_request_default_hot(benchmark::State& state)
{
    bench::on_each_fresh_copy(state, bench::session_2kb(), request_default_allocator);
}
BENCHMARK(whole_request_default_hot)->Name("whole_request/default/hot")->UseManualTime();

void whole_request_monotonic_hot(benchmark::State& state)
{
    bench::on_each_fresh_copy(state, bench::session_2kb(), request_patch_in_arena);
}
BENCHMARK(whole_request_monotonic_hot)->Name("whole_request/monotonic/hot")->UseManualTime();

void whole_request_moved_hot(benchmark::State& state)
{
    bench::on_each_fresh_copy(state, bench::session_2kb(), request_patch_moved);
}
BENCHMARK(whole_request_moved_hot)->Name("whole_request/moved/hot")->UseManualTime();

void whole_request_default(benchmark::State& state)
{
    bench::on_fresh_copies(state, bench::session_2kb(), 64, request_default_allocator);
}
BENCHMARK(whole_request_default)->Name("whole_request/default");

void whole_request_monotonic(benchmark::State& state)
{
    bench::on_fresh_copies(state, bench::session_2kb(), 64, request_patch_in_arena);
}
BENCHMARK(whole_request_monotonic)->Name("whole_request/monotonic");

void whole_request_moved(benchmark::State& state)
{
    bench::on_fresh_copies(state, bench::session_2kb(), 64, request_patch_moved);
}
BENCHMARK(whole_request_moved)->Name("whole_request/moved");

//----------------------------------------------------------------------------
// What on_fresh_copies adds to every operation it times: the timed part of
// PauseTiming/ResumeTiming, alone and spread over a batch of 64.

void pause_overhead(benchmark::State& state)
{
    json::object const empty;
    bench::on_fresh_copies(state, empty, static_cast<std::size_t>(state.range(0)),
                           [](json::object& s) { benchmark::DoNotOptimize(s); return true; });
}
BENCHMARK(pause_overhead)->Name("pause_overhead")->Arg(1)->Arg(64);

}   // namespace

BENCHMARK_MAIN();
