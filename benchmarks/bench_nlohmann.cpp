// Peer: nlohmann::json's merge_patch (RFC 7396) on the same 2 KB session and
// patch, parsed by nlohmann::json. nlohmann::json keeps members sorted in a
// std::map; merge_patch works in place on *this.

#include "support.hpp"

#include <nlohmann/json.hpp>

#include <boost/json/serialize.hpp>

#include <vector>

namespace {

nlohmann::json const& session()
{
    static nlohmann::json const s = nlohmann::json::parse(boost::json::serialize(bench::session_2kb()));
    return s;
}

nlohmann::json const& patch()
{
    static nlohmann::json const p = nlohmann::json::parse(bench::patch_bytes());
    return p;
}

void nlohmann_copy_and_merge(benchmark::State& state)
{
    std::uint64_t const before = bench::allocations();
    for(auto _ : state)
    {
        nlohmann::json merged = session();
        merged.merge_patch(patch());
        benchmark::DoNotOptimize(merged);
    }
    bench::set_allocations(state, bench::allocations() - before);
}
BENCHMARK(nlohmann_copy_and_merge)->Name("peer/nlohmann_merge_patch/copy_and_merge");

// Into a fresh copy made outside the timed region, as for ours (a batch of
// 64 copies per iteration; scripts/bench divides by the "batch" counter).
void nlohmann_merge_into_copied(benchmark::State& state)
{
    constexpr std::size_t batch = 64;
    std::vector<nlohmann::json> copies;
    std::uint64_t allocations = 0;
    std::uint64_t mark = bench::allocations();
    for(auto _ : state)
    {
        state.PauseTiming();
        allocations += bench::allocations() - mark;
        copies.assign(batch, session());
        mark = bench::allocations();
        state.ResumeTiming();
        for(nlohmann::json& target : copies)
            target.merge_patch(patch());
    }
    allocations += bench::allocations() - mark;
    bench::set_allocations(state, allocations, batch);
    state.counters["batch"] = static_cast<double>(batch);
}
BENCHMARK(nlohmann_merge_into_copied)->Name("peer/nlohmann_merge_patch/copied_session");

}   // namespace
