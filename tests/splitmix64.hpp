#ifndef USAGE_SESSION_TESTS_SPLITMIX64_HPP
#define USAGE_SESSION_TESTS_SPLITMIX64_HPP

// The tests' seeded random numbers: splitmix64 gives the same numbers on
// every platform and standard library (std::uniform_int_distribution is not
// specified bit for bit), so a seed names one corpus everywhere.

#include <cstdint>
#include <limits>
#include <vector>

namespace usage_session_tests {

class splitmix64
{
public:
    explicit splitmix64(std::uint64_t seed) noexcept : state_(seed) {}

    std::uint64_t next() noexcept
    {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    // 0 <= result < n (n > 0); the bias is irrelevant here.
    std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }

    std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept
    {
        std::uint64_t const span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
        if(span == std::numeric_limits<std::uint64_t>::max())
            return static_cast<std::int64_t>(next());
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + below(span + 1));
    }

    bool chance(unsigned percent) noexcept { return below(100) < percent; }

    template<class T>
    T const& pick(std::vector<T> const& v) noexcept
    {
        return v[below(v.size())];
    }

private:
    std::uint64_t state_;
};

}   // namespace usage_session_tests

#endif
