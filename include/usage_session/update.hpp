#ifndef USAGE_SESSION_UPDATE_HPP
#define USAGE_SESSION_UPDATE_HPP

/** @file
    Applying a validated patch to a stored session (docs/contract.md §6).
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/json_pointer.hpp>
#include <usage_session/merge_patch.hpp>
#include <usage_session/options.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>
#include <usage_session/timestamp.hpp>
#include <usage_session/validate.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

namespace usage_session {

/** Validates `patch`, checks the cross-field rules on the session it would
    produce, and returns that session, or the report.

    Steps: (1) @ref validate_patch; any violation and nothing is merged;
    (2) the cross-field rules of docs/contract.md §6 switched on in `o`, on the merged
    values; (3) a copy of `session` with the patch merged in (RFC 7396,
    member order kept). Read-only system attributes are never touched (a
    patch naming one fails step 1). Applying the same patch twice gives the
    same session as applying it once.

    @par Complexity Linear in the size of `patch` for the checks, plus the
    copy of `session`.
    @par Exception Safety Strong; only `std::bad_alloc` may be thrown.
*/
USAGE_SESSION_DECL
boost::system::result<boost::json::object, report>
apply_update(boost::json::object const& session, boost::json::value const& patch,
             schema const& s = schema::standard(), update_options const& o = {});

/** Same as @ref apply_update for a patch the caller no longer needs (an
    rvalue, e.g. `std::move(*parse_patch(body))`): the values the merge adds
    are moved out of `patch` instead of copied, when they are in the
    session's memory resource (`*patch.storage() == *session.storage()`, as
    when both use the default one); otherwise they are copied.

    The report is the same as the other overload's for every input. When it
    is not ok, `patch` is unchanged; otherwise, and on `std::bad_alloc`,
    `patch` is left valid but unspecified (moved-from values are null or
    empty).

    @par Exception Safety Strong for `session`; only `std::bad_alloc` may
    be thrown.
*/
USAGE_SESSION_DECL
boost::system::result<boost::json::object, report>
apply_update(boost::json::object const& session, boost::json::value&& patch,
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
USAGE_SESSION_DECL
report apply_update_in_place(boost::json::object& session, boost::json::value const& patch,
                             schema const& s = schema::standard(), update_options const& o = {});

/** Same as the overload above for a patch the caller no longer needs (an
    rvalue, e.g. `std::move(*parse_patch(body))`): the values the merge adds
    to the session are moved out of `patch`, with no allocation and no
    copy, when they are in the session's memory resource
    (`*patch.storage() == *session.storage()`, as when both use the default
    one, or one arena holds both); otherwise they are copied, as above.

    The report is the same as the other overload's for every input. When it
    is not ok, neither `session` nor `patch` has changed. When it is ok,
    and on `std::bad_alloc`, `patch` is left valid but unspecified
    (moved-from values are null or empty): destroy it or assign to it.
    Any patch argument that is not a `boost::json::value` lvalue (a
    temporary such as `boost::json::parse(text)`, an object converted to a
    value, a braced list) picks this overload.

    @par Complexity As above, without the copies of the new values.
    @par Exception Safety Strong for `session`: on a violation nothing
    changes, and on `std::bad_alloc` the session is exactly as before.
*/
USAGE_SESSION_DECL
report apply_update_in_place(boost::json::object& session, boost::json::value&& patch,
                             schema const& s = schema::standard(), update_options const& o = {});

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/update.hpp>
#endif

#endif
