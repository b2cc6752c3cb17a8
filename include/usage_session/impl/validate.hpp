#ifndef USAGE_SESSION_IMPL_VALIDATE_HPP
#define USAGE_SESSION_IMPL_VALIDATE_HPP

#include <usage_session/detail/cross_field.hpp>
#include <usage_session/detail/validator.hpp>

namespace usage_session {

namespace detail {

// validate_patch, noting in `findings` (when given) what the cross-field
// rules of apply_update need again.
inline report validate_patch(boost::json::value const& patch, schema const& s,
                             validate_options const& o, patch_findings* findings)
{
    report r = report::capped(o.max_violations);
    validator v(s, document_kind::patch, r);
    if(findings)
        v.note_findings(*findings);
    v.check_document(patch);
    return r;
}

}   // namespace detail

report validate_patch(boost::json::value const& patch, schema const& s,
                      validate_options const& o)
{
    return detail::validate_patch(patch, s, o, nullptr);
}

report validate_session(boost::json::object const& session, schema const& s,
                        update_options const& o)
{
    report r = report::capped(o.validation.max_violations);
    detail::validator(s, detail::document_kind::session, r).check_object(session);
    // Every violation is reported: the cross-field rules run after field
    // violations too, skipping only values they cannot read.
    if(!r.full())
        detail::check_cross_field(detail::merged_view(&session, nullptr), o, r);
    return r;
}

}   // namespace usage_session

#endif
