#ifndef USAGE_SESSION_BENCHMARKS_SUPPORT_HPP
#define USAGE_SESSION_BENCHMARKS_SUPPORT_HPP

// Sample data and helpers shared by the benchmarks. CMake passes the data
// folder's absolute path in USAGE_SESSION_BENCH_DATA_DIR, so nothing depends
// on the working directory.

#include "alloc_counter.hpp"

#include <benchmark/benchmark.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#ifndef USAGE_SESSION_BENCH_DATA_DIR
#error "USAGE_SESSION_BENCH_DATA_DIR must name benchmarks/data"
#endif

namespace bench {

inline std::string read_data(std::string const& name)
{
    std::string const path = std::string(USAGE_SESSION_BENCH_DATA_DIR) + "/" + name;
    std::ifstream in(path, std::ios::binary);
    if(!in)
        throw std::runtime_error("cannot open benchmark data " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The typical patch (data/patch.json): 571 bytes, 11 members, custom
// attributes at the top level, in _configuration and in _summary.
inline std::string const& patch_bytes()
{
    static std::string const bytes = read_data("patch.json");
    return bytes;
}

inline boost::json::value const& patch_value()
{
    static boost::json::value const v = boost::json::parse(patch_bytes());
    return v;
}

// The equivalent JSON Schema the peers validate against (draft-07 keywords
// that draft-04 also has; data/patch.schema.json).
inline std::string const& json_schema_text()
{
    static std::string const text = read_data("patch.schema.json");
    return text;
}

// The stored session of about 2 KB (data/session.json).
inline boost::json::object const& session_2kb()
{
    static boost::json::object const s = boost::json::parse(read_data("session.json")).as_object();
    return s;
}

// One logged reading of the 200 KB sessions below (about 90 bytes).
inline boost::json::object make_reading(int i)
{
    boost::json::object reading;
    reading["at"] = "2026-11-20T08:00:00Z";
    reading["rateMlPerHour"] = 12.5 + i % 7;
    reading["pressureMmHg"] = 80 + i % 40;
    reading["ok"] = i % 13 != 0;
    return reading;
}

// The 2 KB session grown to at least 200 KB in one of two shapes:
// - wide: custom members appended at the top level ("reading0000": {...},
//   ...; about 2,600 of them), the worst case for an update that inserts
//   or deletes a top-level member, since boost::json::object keeps its
//   members in one contiguous, ordered table;
// - one array: the same readings in one top-level custom attribute
//   ("infusionLog": [{...}, ...]), the shape a device log usually has; the
//   top-level object stays as small as the 2 KB session's.
enum class session_shape
{
    wide,
    one_array
};

inline boost::json::object make_session_200kb(session_shape shape)
{
    boost::json::object s = session_2kb();
    std::size_t size = boost::json::serialize(s).size();
    boost::json::array* log = nullptr;
    if(shape == session_shape::one_array)
        log = &s["infusionLog"].emplace_array();
    for(int i = 0; size < 200 * 1024; ++i)
    {
        boost::json::object reading = make_reading(i);
        size += boost::json::serialize(reading).size() + 1;
        if(log)
        {
            log->emplace_back(std::move(reading));
            continue;
        }
        char name[32];
        std::snprintf(name, sizeof name, "reading%04d", i);
        size += std::char_traits<char>::length(name) + 3;
        s[name] = std::move(reading);
    }
    return s;
}

inline boost::json::object const& session_200kb()
{
    static boost::json::object const s = make_session_200kb(session_shape::wide);
    return s;
}

inline boost::json::object const& session_200kb_one_array()
{
    static boost::json::object const s = make_session_200kb(session_shape::one_array);
    return s;
}

// Patches that an equivalent JSON Schema must reject: a peer that accepts
// one of them is not checking what validate_patch checks.
inline std::vector<std::string> const& bad_patches()
{
    static std::vector<std::string> const bad = {
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "done"})",
        R"({"_startTime": "2026-11-20T08:00:00+02:00", "_state": "DONE"})",
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_id": "x"})",
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_name": ""})",
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_summary": {"_x": 1}})",
        R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE", "_configuration": null})",
        R"({"_state": "DONE"})"};
    return bad;
}

// Heap allocations per operation, as a benchmark counter.
inline void set_allocations(benchmark::State& state, std::uint64_t total, std::size_t batch = 1)
{
    state.counters["allocs"] = benchmark::Counter(static_cast<double>(total) / static_cast<double>(batch),
                                                  benchmark::Counter::kAvgIterations);
}

// Runs `op` on fresh copies of `session`, `batch` of them per benchmark
// iteration; the copies are made (and the previous ones destroyed) with the
// timer paused. PauseTiming/ResumeTiming cost about a microsecond of system
// calls, a part of which is timed: batching spreads it over `batch`
// operations (the pause_overhead benchmark measures what is left). The
// benchmark's time is per iteration: the "batch" counter says how many
// operations that is, and scripts/bench divides.
//
// With `caches::warm`, `op` first runs once (timer paused) on a throwaway
// copy of the 2 KB session, after the copies are made: a service under load
// has the update's code, the schema and the patch in cache, while a 200 KB
// copy made just before the update evicts them and a 2 KB copy does not.
// That difference is the benchmark's, not work that grows with the session;
// the session itself is still the fresh copy.
enum class caches
{
    as_left,
    warm
};

template<class Op>
void on_fresh_copies(benchmark::State& state, boost::json::object const& session,
                     std::size_t batch, Op op, caches start = caches::as_left)
{
    std::vector<boost::json::object> copies;
    copies.reserve(batch);
    std::uint64_t allocations = 0;
    std::uint64_t mark = bench::allocations();
    for(auto _ : state)
    {
        state.PauseTiming();
        allocations += bench::allocations() - mark;
        copies.clear();
        for(std::size_t i = 0; i < batch; ++i)
            copies.emplace_back(session);
        if(start == caches::warm)
        {
            boost::json::object throwaway = session_2kb();
            op(throwaway);
        }
        mark = bench::allocations();
        state.ResumeTiming();
        for(boost::json::object& copy : copies)
            if(!op(copy))
            {
                state.SkipWithError("the sample data fails");
                return;
            }
    }
    allocations += bench::allocations() - mark;
    set_allocations(state, allocations, batch);
    state.counters["batch"] = static_cast<double>(batch);
}

// Runs `op` on a fresh copy of `session` per iteration, the copy made just
// before it, as a service that has just read the stored session would have
// it (in cache, no spare capacity). Only `op` is timed, by two reads of
// std::chrono::steady_clock around it (Google Benchmark's manual time, so
// the benchmark must be registered with UseManualTime()): unlike
// PauseTiming/ResumeTiming, which are system calls that evict part of the
// cache the operation then runs in, a steady_clock read is a vDSO call of
// some tens of nanoseconds, counted against the operation.
template<class Op>
void on_each_fresh_copy(benchmark::State& state, boost::json::object const& session, Op op)
{
    std::uint64_t allocations = 0;
    for(auto _ : state)
    {
        boost::json::object copy(session);
        std::uint64_t const mark = bench::allocations();
        auto const start = std::chrono::steady_clock::now();
        bool const ok = op(copy);
        auto const stop = std::chrono::steady_clock::now();
        allocations += bench::allocations() - mark;
        state.SetIterationTime(std::chrono::duration<double>(stop - start).count());
        if(!ok)
        {
            state.SkipWithError("the sample data fails");
            return;
        }
    }
    set_allocations(state, allocations);
}

}   // namespace bench

#endif
