// A second translation unit including the umbrella header and calling every
// entry point. Linked into the same binary as the other tests, it proves that
// the header-only library has no ODR violations (a non-inline definition in a
// header would fail to link).
#include <usage_session.hpp>

#include <boost/json/parse.hpp>

namespace odr_check {

bool every_entry_point_links()
{
    namespace us = usage_session;
    boost::json::value const patch = boost::json::parse(
        R"({"_startTime": "2007-12-20T10:15:30Z", "_state": "ACTIVE"})");
    boost::json::object session = patch.as_object();
    return us::validate_patch(patch).ok() &&
           us::validate_session(session).ok() &&
           us::validate_path("device-1", "3fa85f64-5717-4562-b3fc-2c963f66afa6").ok() &&
           us::parse_utc_timestamp("2007-12-20T10:15:30Z").has_value() &&
           us::merge_patch(patch, patch) == patch &&
           us::apply_update(session, patch).has_value() &&
           us::apply_update_in_place(session, patch).ok() &&
           us::parse_patch("{}").has_value() &&
           us::to_problem_details(us::report()).contains("errors");
}

} // namespace odr_check
