#ifndef USAGE_SESSION_OPTIONS_HPP
#define USAGE_SESSION_OPTIONS_HPP

/** @file
    Options of validation and of applying an update.
*/

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

/** Which cross-field rules (SPEC §6) are checked on the merged session.

    The library never reads a clock: `time_in_future` is checked only when
    the caller passes `now`.
*/
struct update_options
{
    /// `end_before_start`: `_endTime`, when present, is not before `_startTime`.
    bool require_end_after_start = true;

    /// `time_in_future`: when set (and not a special value such as
    /// `not_a_date_time`), neither time may be later than `now + max_clock_skew`.
    std::optional<boost::posix_time::ptime> now;

    /// Tolerance for the clocks of devices and servers (default 5 minutes).
    boost::posix_time::time_duration max_clock_skew = boost::posix_time::minutes(5);

    /// Report size for the validation of the patch.
    validate_options validation;
};

} // namespace usage_session

#endif
