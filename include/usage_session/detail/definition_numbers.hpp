#ifndef USAGE_SESSION_DETAIL_DEFINITION_NUMBERS_HPP
#define USAGE_SESSION_DETAIL_DEFINITION_NUMBERS_HPP

// Numbers read out of schema documents (schema_from_json and
// schema_from_platform_template): bounds, lengths and counts. Both readers
// take a number in any of Boost.JSON's three kinds, so that `5`, `5.0` and
// `5e0` mean the same, as they do in a patch (docs/contract.md §5).

#include <boost/json/value.hpp>
#include <cmath>
#include <cstdint>

namespace usage_session {
namespace detail {

// A bound: any finite number.
inline bool read_definition_number(boost::json::value const& v, double& out) noexcept
{
    switch(v.kind())
    {
    case boost::json::kind::int64:
        out = static_cast<double>(v.get_int64());
        return true;
    case boost::json::kind::uint64:
        out = static_cast<double>(v.get_uint64());
        return true;
    case boost::json::kind::double_:
        out = v.get_double();
        return std::isfinite(out);
    default:
        return false;
    }
}

// A length or count: a whole number >= 0 that fits in 64 bits; 3.0 counts,
// as for attributes of type integer.
inline bool read_definition_count(boost::json::value const& v, std::uint64_t& out) noexcept
{
    switch(v.kind())
    {
    case boost::json::kind::int64:
        if(v.get_int64() < 0)
            return false;
        out = static_cast<std::uint64_t>(v.get_int64());
        return true;
    case boost::json::kind::uint64:
        out = v.get_uint64();
        return true;
    case boost::json::kind::double_:
    {
        double const d = v.get_double();
        if(!(d >= 0.0 && d < 18446744073709551616.0) || std::floor(d) != d)
            return false;
        out = static_cast<std::uint64_t>(d);
        return true;
    }
    default:
        return false;
    }
}

}   // namespace detail
}   // namespace usage_session

#endif
