#ifndef USAGE_SESSION_IMPL_REPORT_HPP
#define USAGE_SESSION_IMPL_REPORT_HPP

#include <utility>

namespace usage_session {

bool report::add(violation v)
{
    if(full_)
        return false;
    if(violations_.size() >= max_violations_)
    {
        full_ = true;
        violations_.push_back(violation{
            std::string(), error::too_many_violations,
            "The report stops after " + std::to_string(max_violations_) +
                (max_violations_ == 1 ? " violation" : " violations") +
                "; further violations were not recorded."});
        return false;
    }
    violations_.push_back(std::move(v));
    return true;
}

bool report::append(report const& other)
{
    for(violation const& v : other)
        if(!add(v))
            return false;
    return true;
}

namespace detail {

inline std::string report_summary(report const& r)
{
    if(r.ok())
        return "no violations";
    std::string s = r[0].message;
    if(r.size() > 1)
        s += " (and " + std::to_string(r.size() - 1) + " more)";
    return s;
}

}   // namespace detail

report_error::report_error(report r)
    : std::runtime_error(detail::report_summary(r)), report_(std::move(r))
{
}

}   // namespace usage_session

#endif
