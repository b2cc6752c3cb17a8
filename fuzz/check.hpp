#ifndef USAGE_SESSION_FUZZ_CHECK_HPP
#define USAGE_SESSION_FUZZ_CHECK_HPP

// A property that must hold for every input. On failure the target aborts,
// which libFuzzer (and CTest, via the replay main) report as a crash.
#include <cstdio>
#include <cstdlib>

#define USAGE_SESSION_FUZZ_CHECK(condition)                                          \
    do                                                                               \
    {                                                                                \
        if(!(condition))                                                             \
        {                                                                            \
            std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, \
                         #condition);                                                \
            std::abort();                                                            \
        }                                                                            \
    } while(false)

#endif
