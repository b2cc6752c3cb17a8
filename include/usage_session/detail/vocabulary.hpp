#ifndef USAGE_SESSION_DETAIL_VOCABULARY_HPP
#define USAGE_SESSION_DETAIL_VOCABULARY_HPP

// The fixed names of the Update Usage Session API (docs/contract.md §2).

#include <usage_session/lifecycle.hpp>

#include <array>
#include <string>
#include <string_view>

namespace usage_session {
namespace detail {

namespace names {
inline constexpr std::string_view start_time = "_startTime";
inline constexpr std::string_view state = "_state";
inline constexpr std::string_view end_time = "_endTime";
inline constexpr std::string_view name = "_name";
inline constexpr std::string_view configuration = "_configuration";
inline constexpr std::string_view summary = "_summary";
inline constexpr std::string_view stop_reason = "_stopReason";
inline constexpr std::string_view stop_reason_code = "_stopReasonCode";
}   // namespace names

// The allowed `_state` and `_stopReasonCode` values are the spellings of
// session_state and stop_reason_code (lifecycle.hpp): state_names and
// stop_reason_code_names.

// Length limits in code points.
inline constexpr std::size_t name_min_length = 1;
inline constexpr std::size_t name_max_length = 64;
inline constexpr std::size_t stop_reason_max_length = 128;

template<std::size_t N>
bool is_one_of(std::string_view s, std::array<std::string_view, N> const& allowed) noexcept
{
    for(std::string_view a : allowed)
        if(a == s)
            return true;
    return false;
}

template<std::size_t N>
std::string join(std::array<std::string_view, N> const& values)
{
    std::string out;
    for(std::string_view v : values)
    {
        if(!out.empty())
            out += ", ";
        out.append(v.data(), v.size());
    }
    return out;
}

}   // namespace detail
}   // namespace usage_session

#endif
