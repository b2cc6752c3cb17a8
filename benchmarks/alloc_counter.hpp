#ifndef USAGE_SESSION_BENCHMARKS_ALLOC_COUNTER_HPP
#define USAGE_SESSION_BENCHMARKS_ALLOC_COUNTER_HPP

// Counts every call of the global operator new (all its forms) in a program
// that links alloc_counter.cpp, which replaces them. Reading the count costs
// one relaxed load, so benchmarks read it around their timed region.

#include <cstdint>

namespace bench {

// Global operator new calls since the program started.
std::uint64_t allocations() noexcept;

}   // namespace bench

#endif
