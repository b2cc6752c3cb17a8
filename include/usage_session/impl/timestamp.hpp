#ifndef USAGE_SESSION_IMPL_TIMESTAMP_HPP
#define USAGE_SESSION_IMPL_TIMESTAMP_HPP

#include <usage_session/detail/grammar.hpp>

namespace usage_session {

inline boost::system::result<boost::posix_time::ptime>
parse_utc_timestamp(std::string_view text) noexcept
{
    detail::date_time_fields f;
    if(int const ec = detail::parse_date_time(text, f))
        return make_error_code(static_cast<error>(ec));

    // Every field is in range now, so none of these constructors can throw.
    boost::gregorian::date const day(
        static_cast<unsigned short>(f.year),
        static_cast<unsigned short>(f.month),
        static_cast<unsigned short>(f.day));
    long microseconds = f.microsecond;
    int second = f.second;
    if(second == 60)
    {
        // The leap second orders as the last representable instant of 23:59:59.
        second = 59;
        microseconds = 999999;
    }
    return boost::posix_time::ptime(day,
        boost::posix_time::hours(f.hour) +
        boost::posix_time::minutes(f.minute) +
        boost::posix_time::seconds(second) +
        boost::posix_time::microseconds(microseconds));
}

} // namespace usage_session

#endif
