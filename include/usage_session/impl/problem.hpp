#ifndef USAGE_SESSION_IMPL_PROBLEM_HPP
#define USAGE_SESSION_IMPL_PROBLEM_HPP

#include <boost/json/array.hpp>
#include <string>
#include <utility>

namespace usage_session {

boost::json::object to_problem_details(report const& r, boost::json::storage_ptr sp)
{
    boost::json::object problem(sp);
    problem["type"] = problem_type;
    problem["title"] = "The request does not satisfy the Update Usage Session rules";
    problem["status"] = 400;
    std::string detail;
    if(r.ok())
        detail = "No violations.";
    else
    {
        detail = r.size() == 1 ? "1 violation: " : std::to_string(r.size()) + " violations: ";
        detail += r[0].message;
        if(r.size() > 1)
            detail += " (see errors for the others)";
    }
    problem["detail"] = detail;
    boost::json::array errors(sp);
    errors.reserve(r.size());
    for(violation const& v : r)
    {
        boost::json::object e(sp);
        e["pointer"] = v.pointer;
        e["code"] = code_name(v.code);
        e["detail"] = v.message;
        errors.push_back(std::move(e));
    }
    problem["errors"] = std::move(errors);
    return problem;
}

}   // namespace usage_session

#endif
