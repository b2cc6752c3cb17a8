#ifndef USAGE_SESSION_LIFECYCLE_HPP
#define USAGE_SESSION_LIFECYCLE_HPP

/** @file
    The session lifecycle: typed states and stop reason codes, and the table
    of allowed state changes (docs/contract.md §6, docs/lifecycle.md).
*/

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace usage_session {

/// The `_state` of a usage session, in the seed's order.
enum class session_state : std::uint8_t
{
    active,       ///< `ACTIVE`
    done,         ///< `DONE` (final)
    paused,       ///< `PAUSED`
    activating,   ///< `ACTIVATING`: a remote start waits for the device
    pausing,      ///< `PAUSING`: a remote pause waits for the device
    resuming,     ///< `RESUMING`: a remote resume waits for the device
    stopping      ///< `STOPPING`: a remote stop waits for the device
};

/// The number of @ref session_state values.
inline constexpr std::size_t session_state_count = 7;

/// The `_summary._stopReasonCode` of a finished session.
enum class stop_reason_code : std::uint8_t
{
    completion,             ///< `COMPLETION`
    general_device_error,   ///< `GENERAL_DEVICE_ERROR`
    timeout                 ///< `TIMEOUT`: the device never acknowledged a command
};

/// The number of @ref stop_reason_code values.
inline constexpr std::size_t stop_reason_code_count = 3;

/// The API spelling of a state (`"ACTIVE"`); empty for an invalid value. No allocation.
constexpr std::string_view to_string(session_state s) noexcept;

/// The API spelling of a stop reason code (`"TIMEOUT"`); empty for an invalid value.
constexpr std::string_view to_string(stop_reason_code c) noexcept;

/// The state spelled exactly `text` (case-sensitive), or nothing.
constexpr std::optional<session_state> session_state_from_string(std::string_view text) noexcept;

/// The stop reason code spelled exactly `text` (case-sensitive), or nothing.
constexpr std::optional<stop_reason_code> stop_reason_code_from_string(std::string_view text) noexcept;

/** Which state changes an update may make: a 7 x 7 table of booleans.

    Staying in the same state is always allowed (an update that only changes
    the summary or custom attributes), whatever the table says. A
    default-constructed table allows nothing else; @ref lifecycle is the
    documented default (docs/lifecycle.md).

    @code
    constexpr auto strict = usage_session::transition_table::lifecycle()
        .forbid(usage_session::session_state::paused, usage_session::session_state::done);
    @endcode
*/
class transition_table
{
public:
    /// A table that allows only staying in the same state.
    constexpr transition_table() noexcept = default;

    /// The default lifecycle; see docs/lifecycle.md for every edge and why.
    static constexpr transition_table lifecycle() noexcept;

    /// Allows going from `from` to `to`; a value outside the seven states changes nothing.
    constexpr transition_table& allow(session_state from, session_state to) noexcept;

    /// Forbids going from `from` to `to` (staying in a state stays allowed);
    /// a value outside the seven states changes nothing.
    constexpr transition_table& forbid(session_state from, session_state to) noexcept;

    /// Whether an update may change the state from `from` to `to`.
    constexpr bool allows(session_state from, session_state to) const noexcept;

private:
    // One bit per target state, one row per source state.
    std::array<std::uint8_t, session_state_count> rows_{};
};

}   // namespace usage_session

// Only constexpr functions: every translation unit needs their definitions,
// also in separate compilation (docs/separate-compilation.md).
#include <usage_session/impl/lifecycle.hpp>

#endif
