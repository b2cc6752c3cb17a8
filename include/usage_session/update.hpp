#ifndef USAGE_SESSION_UPDATE_HPP
#define USAGE_SESSION_UPDATE_HPP

/** @file
    Applying a validated patch to a stored session (SPEC §6).
*/

#include <usage_session/merge_patch.hpp>
#include <usage_session/options.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>
#include <usage_session/validate.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

namespace usage_session {

/** Validates `patch`, checks the cross-field rules on the session it would
    produce, and returns that session, or the report.

    Steps: (1) @ref validate_patch; any violation and nothing is merged;
    (2) the cross-field rules of SPEC §6 switched on in `o`, on the merged
    values; (3) a copy of `session` with the patch merged in (RFC 7396,
    member order kept). Read-only system attributes are never touched (a
    patch naming one fails step 1). Applying the same patch twice gives the
    same session as applying it once.

    @par Complexity Linear in the size of `patch` for the checks, plus the
    copy of `session`.
    @par Exception Safety Strong; only `std::bad_alloc` may be thrown.
*/
boost::system::result<boost::json::object, report>
apply_update(boost::json::object const& session, boost::json::value const& patch,
             schema const& s = schema::standard(), update_options const& o = {});

/** Same as @ref apply_update, merging into `session` itself, and only once
    every check has passed: when the returned report is not ok, `session` is
    untouched.

    @par Complexity Linear in the size of `patch`: the session is not copied.
    A patch that adds or removes members also pays what
    @ref merge_patch_into describes for the objects it changes.
    @par Exception Safety Strong: on a violation nothing changes, and on
    `std::bad_alloc` the session is exactly as before (see
    @ref merge_patch_into).
*/
report apply_update_in_place(boost::json::object& session, boost::json::value const& patch,
                             schema const& s = schema::standard(), update_options const& o = {});

} // namespace usage_session

#include <usage_session/impl/update.hpp>

#endif
