#ifndef USAGE_SESSION_OPTIONS_HPP
#define USAGE_SESSION_OPTIONS_HPP

/** @file
    Options of validation and of applying an update.
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/lifecycle.hpp>
#include <usage_session/report.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <cstddef>
#include <optional>

namespace usage_session {

/// How much a validation walk reports.
struct validate_options
{
    /** The report keeps this many violations, then ends with one
        `too_many_violations` entry and the walk stops. `1` gives
        "first error only" from the same walk. */
    std::size_t max_violations = default_max_violations;
};

/** Which cross-field rules (docs/contract.md §6) are checked on the merged session.

    The library never reads a clock: `time_in_future` is checked only when
    the caller passes `now`. The defaults check `end_before_start` only;
    @ref platform switches on every rule the platform enforces.
*/
struct update_options
{
    /** Every cross-field rule on, as the platform enforces them (docs/contract.md §6):
        `end_before_start`, `stop_data_state_mismatch`,
        `end_time_state_mismatch` and `illegal_transition` with the default
        @ref transition_table::lifecycle. `time_in_future` still needs `now`. */
    USAGE_SESSION_DECL
    static update_options platform() noexcept;

    /// `end_before_start`: `_endTime`, when present, is not before `_startTime`.
    bool require_end_after_start = true;

    /// `time_in_future`: when set (and not a special value such as
    /// `not_a_date_time`), neither time may be later than `now + max_clock_skew`.
    std::optional<boost::posix_time::ptime> now;

    /// Tolerance for the clocks of devices and servers (default 5 minutes).
    boost::posix_time::time_duration max_clock_skew = boost::posix_time::minutes(5);

    /** `stop_data_state_mismatch`: stop data (`_summary._stopReason`,
        `_summary._stopReasonCode`) only while `_state` is DONE, and a DONE
        session has a `_stopReasonCode`. */
    bool check_stop_data = false;

    /// `end_time_state_mismatch`: `_endTime` only while `_state` is DONE or STOPPING.
    bool check_end_time_state = false;

    /// `illegal_transition`: the change from the stored `_state` must be in `transitions`.
    bool check_transitions = false;

    /// The allowed state changes when `check_transitions` is on.
    transition_table transitions = transition_table::lifecycle();

    /// Report size for the validation of the patch.
    validate_options validation;
};

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/options.hpp>
#endif

#endif
