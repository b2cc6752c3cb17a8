#ifndef USAGE_SESSION_MERGE_PATCH_HPP
#define USAGE_SESSION_MERGE_PATCH_HPP

/** @file
    JSON Merge Patch (RFC 7396).
*/

#include <usage_session/detail/config.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace usage_session {

/** Returns `target` with `patch` applied, exactly as RFC 7396 §2 says.

    A patch that is not an object replaces the target; `null` members delete;
    objects merge recursively; arrays and scalars replace. Existing members
    keep their place and new members are appended, so member order is
    preserved. The result uses `target`'s memory resource.

    Unlike @ref apply_update this checks nothing: it is the plain algorithm.

    @par Complexity Linear in the size of `target` (which is copied) plus the
    size of `patch`. Copies and merges keep their own stack, so any nesting
    depth is safe (but note that destroying a very deep `boost::json::value`
    recurses inside Boost.JSON).
    @par Exception Safety Strong; only `std::bad_alloc` may be thrown.
    @see RFC 7396 §2 and appendix A
*/
USAGE_SESSION_DECL
boost::json::value merge_patch(boost::json::value const& target, boost::json::value const& patch);

/** Applies the object `patch` to `target` in place (RFC 7396 §2).

    Only the members named by the patch are touched, and a member the patch
    sets to the value it already has (same kind, same text) is kept as it
    is, without a copy. A number or boolean replacing a stored non-container,
    and a string replacing a stored string whose buffer is big enough, are
    written over the stored value without a copy or an allocation.

    @par Complexity Linear in the size of `patch`, plus what
    `boost::json::object` charges for each object of `target` that gains or
    loses members: an object with no spare room (a copied or freshly parsed
    one) moves and rehashes all its members to grow, then keeps half as much
    again spare, so repeated additions cost amortised constant time; and
    removing a member shifts, and rehashes, every member after it, which is
    what keeps the order.

    @par Exception Safety Strong: every allocation happens before `target`
    changes (or is undone without allocating), so on `std::bad_alloc`
    `target` is exactly as before.
*/
USAGE_SESSION_DECL
void merge_patch_into(boost::json::object& target, boost::json::object const& patch);

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/merge_patch.hpp>
#endif

#endif
