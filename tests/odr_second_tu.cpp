// A second translation unit including the umbrella header and calling every
// entry point. Linked into the same binary as the other tests, it proves that
// the library has no ODR violations in either mode: header-only, where a
// non-inline definition in a header would fail to link; and separately
// compiled (USAGE_SESSION_SEPARATE_COMPILATION), where every function this
// file sees only declared must be defined once, in the library.
#include <usage_session.hpp>

#include <boost/json/parse.hpp>

namespace odr_check {

bool every_entry_point_links()
{
    namespace us = usage_session;
    boost::json::value const patch = boost::json::parse(
        R"({"_startTime": "2007-12-20T10:15:30Z", "_state": "ACTIVE"})");
    boost::json::object session = patch.as_object();
    boost::json::value const definition = boost::json::parse(R"({"format": "usage-session-schema/1"})");
    boost::json::value const tmpl = boost::json::parse(R"({"customAttributes": []})");
    us::report one;
    one.add({"/_state", us::error::not_in_enum, "_state is not one of the allowed values."});
    return us::validate_patch(patch).ok() &&
           us::validate_session(session).ok() &&
           us::validate_patch_bytes(R"({"_startTime": "2007-12-20T10:15:30Z", "_state": "ACTIVE"})").ok() &&
           us::validate_path("device-1", "3fa85f64-5717-4562-b3fc-2c963f66afa6").ok() &&
           us::parse_utc_timestamp("2007-12-20T10:15:30Z").has_value() &&
           us::merge_patch(patch, patch) == patch &&
           us::apply_update(session, patch).has_value() &&
           us::apply_update_in_place(session, patch).ok() &&
           us::parse_patch("{}").has_value() &&
           us::to_problem_details(us::report()).contains("errors") &&
           us::to_platform_error(one).contains("code") &&
           us::to_platform_code(one[0]).http_status == 400 &&
           us::schema_from_json(definition).has_value() &&
           us::schema_from_platform_template(tmpl).has_value() &&
           us::to_json_schema(us::schema::standard()).contains("$schema") &&
           us::session_view::make(session, us::schema::standard(), us::update_options::platform()).has_value() &&
           us::attribute_type_from_string("uuid") == us::attribute_type::uuid &&
           us::make_pointer("a/b") == "/a~1b" &&
           us::serialize(patch) == R"({"_startTime":"2007-12-20T10:15:30Z","_state":"ACTIVE"})" &&
           // One error category object per program: the one make_error_code
           // uses (the library's own, when compiled separately) is the one
           // this file sees.
           &us::make_error_code(us::error::not_utc).category() == &us::usage_session_category();
}

}   // namespace odr_check
