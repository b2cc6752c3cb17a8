#ifndef USAGE_SESSION_IMPL_UPDATE_HPP
#define USAGE_SESSION_IMPL_UPDATE_HPP

#include <usage_session/detail/copy.hpp>
#include <usage_session/detail/cross_field.hpp>

namespace usage_session {
namespace detail {

// Everything apply_update checks before it changes anything.
inline report check_update(boost::json::object const& session, boost::json::value const& patch,
                           schema const& s, update_options const& o)
{
    // The validator hands over where the members the cross-field rules
    // read are in the patch, and the timestamps it parsed: no second
    // search, no second parse.
    patch_findings found;
    report r = validate_patch(patch, s, o.validation, &found);
    // Only a well-formed patch can be merged in thought: the required
    // attributes the merged session would lack come first (docs/contract.md §7.4: missing
    // required members follow the present ones), then the cross-field rules.
    // The findings are complete, as the patch passed.
    if(r.ok() && check_required_merged(s, session, patch.get_object(), r))
        check_cross_field(merged_view(&session, &found), o, r, &found);
    return r;
}

}   // namespace detail

boost::system::result<boost::json::object, report>
apply_update(boost::json::object const& session, boost::json::value const& patch,
             schema const& s, update_options const& o)
{
    report r = detail::check_update(session, patch, s, o);
    if(!r.ok())
        return {boost::system::in_place_error, std::move(r)};
    boost::json::object merged = detail::copy_object(session, session.storage());
    merge_patch_into(merged, patch.get_object());
    return {boost::system::in_place_value, std::move(merged)};
}

boost::system::result<boost::json::object, report>
apply_update(boost::json::object const& session, boost::json::value&& patch,
             schema const& s, update_options const& o)
{
    report r = detail::check_update(session, patch, s, o);
    if(!r.ok())
        return {boost::system::in_place_error, std::move(r)};
    boost::json::object merged = detail::copy_object(session, session.storage());
    detail::merge_patch_moving_into(merged, patch.get_object());
    return {boost::system::in_place_value, std::move(merged)};
}

report apply_update_in_place(boost::json::object& session, boost::json::value const& patch,
                             schema const& s, update_options const& o)
{
    report r = detail::check_update(session, patch, s, o);
    if(r.ok())
        merge_patch_into(session, patch.get_object());
    return r;
}

report apply_update_in_place(boost::json::object& session, boost::json::value&& patch,
                             schema const& s, update_options const& o)
{
    // The checks only read the patch: on a violation it is unchanged.
    report r = detail::check_update(session, patch, s, o);
    // The merge moves each value it stages out of the patch when that value
    // is in the session's memory resource, and copies it otherwise.
    if(r.ok())
        detail::merge_patch_moving_into(session, patch.get_object());
    return r;
}

}   // namespace usage_session

#endif
