#ifndef USAGE_SESSION_TIMESTAMP_HPP
#define USAGE_SESSION_TIMESTAMP_HPP

/** @file
    UTC timestamps: RFC 3339 `date-time`, restricted to UTC (docs/contract.md §3).
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/error.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <boost/system/result.hpp>
#include <string_view>

namespace usage_session {

/** Parses a UTC timestamp such as `2007-12-20T10:15:30Z`.

    Accepted: `YYYY-MM-DDTHH:MM:SS[.F+](Z|+00:00|-00:00)`, `T` and `Z` in
    either case, ASCII digits, nothing before or after. The date must exist in
    the proleptic Gregorian calendar; seconds may be `60` only at the leap
    second `23:59:60` UTC.

    The returned time keeps microseconds (finer digits are dropped); a leap
    second is returned as `23:59:59.999999`, the last instant before the next
    day, so that comparisons order it correctly.

    @return the time, or one of
    @li `error::bad_timestamp`: anything that is not such a timestamp;
    @li `error::not_utc`: a well-formed timestamp with a non-zero offset;
    @li `error::timestamp_out_of_range`: a year outside 1400-9999, which
        Boost.Date_Time cannot represent.

    @par Complexity Linear in `text.size()`.
    @par Exception Safety Never throws; every field is range-checked before a
    Boost.Date_Time type is built.
    @see RFC 3339 §5.6
*/
USAGE_SESSION_DECL
boost::system::result<boost::posix_time::ptime>
parse_utc_timestamp(std::string_view text) noexcept;

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/timestamp.hpp>
#endif

#endif
