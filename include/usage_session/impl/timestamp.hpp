#ifndef USAGE_SESSION_IMPL_TIMESTAMP_HPP
#define USAGE_SESSION_IMPL_TIMESTAMP_HPP

#include <usage_session/detail/grammar.hpp>

#include <tuple>

namespace usage_session {
namespace detail {

// The fields of a timestamp parse_date_time accepted, in the order of the
// instants they name. The leap second orders as the last representable
// instant of 23:59:59 (23:59:59.999999); the offset is always zero, as
// parse_date_time accepts only UTC. The cross-field rules compare these
// directly, without building a ptime.
inline std::tuple<int, int, int, int, int, int, int> instant_order(date_time_fields const& f) noexcept
{
    bool const leap = f.second == 60;
    return {f.year, f.month, f.day, f.hour, f.minute, leap ? 59 : f.second,
            leap ? 999999 : f.microsecond};
}

// The ptime of fields parse_date_time accepted. Every field is in range
// (years 1400-9999 included), so none of the constructors can throw.
inline boost::posix_time::ptime to_ptime(date_time_fields const& f)
{
    auto const [year, month, day, hour, minute, second, microsecond] = instant_order(f);
    return boost::posix_time::ptime(
        boost::gregorian::date(static_cast<unsigned short>(year),
                               static_cast<unsigned short>(month),
                               static_cast<unsigned short>(day)),
        boost::posix_time::hours(hour) + boost::posix_time::minutes(minute) +
            boost::posix_time::seconds(second) + boost::posix_time::microseconds(microsecond));
}

}   // namespace detail

boost::system::result<boost::posix_time::ptime>
parse_utc_timestamp(std::string_view text) noexcept
{
    detail::date_time_fields f;
    if(int const ec = detail::parse_date_time(text, f))
        return make_error_code(static_cast<error>(ec));
    return detail::to_ptime(f);
}

}   // namespace usage_session

#endif
