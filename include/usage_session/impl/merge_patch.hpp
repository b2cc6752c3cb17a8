#ifndef USAGE_SESSION_IMPL_MERGE_PATCH_HPP
#define USAGE_SESSION_IMPL_MERGE_PATCH_HPP

#include <usage_session/detail/copy.hpp>

#include <boost/config.hpp>
#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <type_traits>
#include <utility>

namespace usage_session {
namespace detail {

// True when replacing `stored` by `change` would leave the same value
// behind, so the merge can keep `stored` and copy nothing. Only for a
// scalar or a string `change`: comparing containers would recurse.
inline bool same_scalar(boost::json::value const& stored, boost::json::value const& change) noexcept
{
    if(stored.kind() != change.kind())
        return false;   // 1 and 1.0 (or 1u) serialise differently
    switch(change.kind())
    {
    case boost::json::kind::string:
        return stored.get_string() == change.get_string();
    case boost::json::kind::double_:
    {
        // Bit for bit: -0.0 == 0.0, yet they serialise differently.
        double const a = stored.get_double();
        double const b = change.get_double();
        return std::memcmp(&a, &b, sizeof a) == 0;
    }
    case boost::json::kind::int64:
        return stored.get_int64() == change.get_int64();
    case boost::json::kind::uint64:
        return stored.get_uint64() == change.get_uint64();
    case boost::json::kind::bool_:
        return stored.get_bool() == change.get_bool();
    default:
        return false;   // null deletes; containers are not compared
    }
}

// Where the merge takes the values it adds to the target from: copies of
// the patch's (the patch is left as it is), or the patch's own values,
// moved out of a patch the caller gives away (apply_update_in_place with
// an rvalue): no allocation and no copy for a value that already lives in
// the target's memory resource.
enum class patch_values
{
    copy,
    move
};

// RFC 7396 in place with the strong exception guarantee and no recursion.
//
// Everything that can allocate happens before the target changes, or can be
// undone without allocating:
//   1. plan (top-down walk over the objects the patch reaches, one lookup
//      per patch member): stage a copy, in the target's memory resource,
//      of every value that replaces a stored one and cannot be written in
//      place or moved, and of every new container (a patch object that
//      lands where the target has no object is merged into {} by the
//      copy); with patch_values::move, values already in that resource
//      are not staged but moved in steps 2 and 3 (an object with nulls to
//      drop is copied even then). Then reserve room for the new members
//      of every object. Reserving keeps contents and member order; it only
//      allocates. Members are remembered by position, which reserving
//      keeps, not by address, which it changes.
//   2. insert every new member: its staged value, the patch's value moved,
//      or a copy of the patch's scalar or string made right there. Only
//      that copy and the member name are allocated (the room is reserved,
//      so no table moves); if that fails, the members inserted so far are
//      erased again.
//   3. commit, which cannot fail: write the changes that need no memory
//      (numbers, booleans, strings that fit the stored string's buffer)
//      over the stored values, swap the staged or moved values in (the
//      stored values they replace go to *this or, moved, to the patch,
//      and are freed with it), then erase
//      the members the patch deletes, deepest objects first and the last
//      position first, so that no erase moves a member that a later step
//      still refers to.
//
// The cost is linear in the patch, except for two things boost::json::object
// does in time linear in the object changed: growing it (a copy of the
// stored session has no spare room, so its first new member moves and
// rehashes every member; object::reserve then leaves half as much again
// spare, so later additions to the same object are amortised) and
// stable_erase (it shifts, and rehashes, every member after the erased one).
//
// With patch_values::move the target keeps the same guarantee; the patch
// loses the values moved out of it (they are left null or empty, or hold
// the stored values they replaced), also when inserting then fails with
// std::bad_alloc: the caller gave it away. A failure while planning leaves
// the patch as it was: nothing is moved before step 2. Only
// values are moved, never names or the patch's objects the walk descends
// into, so the keys the bookkeeping points to stay valid.
template<patch_values From>
class atomic_merge
{
    static constexpr bool moving = From == patch_values::move;
    // What the walk reads the patch through: read-only unless it may move.
    using patch_object = std::conditional_t<moving, boost::json::object, boost::json::object const>;
    using patch_value = std::conditional_t<moving, boost::json::value, boost::json::value const>;

public:
    atomic_merge(boost::json::object& target, patch_object& patch)
    {
        plan(target, patch);
        insert_new_members();
        commit();
    }

private:
    // Where an assigned value comes from when it is put in place. Staging
    // (copying before anything changes) is needed only for a value that
    // replaces a stored one, as commit() must not fail; the others are
    // taken from the patch when they are inserted or swapped in, so no
    // value is copied or moved twice.
    enum class source
    {
        staged,   // the copy in `staged`
        moved,    // the patch's value itself (moving merge, see movable)
        copied    // a copy of a new member's scalar or string, made by the insertion
    };
    struct assignment
    {
        boost::json::object* into;
        boost::json::string_view key;   // points into the patch, which outlives us
        std::size_t position;           // in `into`; unused for a new member
        bool is_new;
        source from;
        patch_value* change;         // in the patch; used unless from is source::staged
        boost::json::value staged;   // a copy in into's memory resource, for source::staged
    };
    // A scalar, or a string that fits the capacity of the stored string,
    // written over the stored value in commit(): no copy is staged, as
    // the write allocates nothing (see fits_in_place).
    struct overwrite
    {
        boost::json::object* into;
        std::size_t position;
        boost::json::value const* change;   // in the patch, which outlives us
    };

    struct removal
    {
        boost::json::object* into;
        std::size_t position;
        std::size_t depth;
    };
    // An object of the target that the patch merges into: member
    // `position` of `parent`, or the target itself when `parent` is null.
    // Resolved only when the walk gets there, after `parent` has reserved
    // its room, so its address is final.
    struct level
    {
        boost::json::object* parent;
        std::size_t position;
        patch_object* patch;
        std::size_t depth;
    };

    // A typical patch sets a dozen members and reaches two nested objects:
    // room for that on the stack, so the bookkeeping allocates nothing.
    // Bigger patches spill to the heap.
    boost::container::small_vector<assignment, 16> assignments_;
    boost::container::small_vector<overwrite, 16> overwrites_;
    boost::container::small_vector<removal, 4> removals_;

    // True when commit() can write `change` over `stored` without
    // allocating: a number or a boolean replaces any non-container (freeing
    // a stored string frees, never allocates), and a string is copied into
    // a stored string whose buffer is big enough. A stored container is
    // left to the staged path: it may hold the patch itself.
    static bool fits_in_place(boost::json::value const& stored,
                              boost::json::value const& change) noexcept
    {
        if(stored.is_structured())
            return false;
        switch(change.kind())
        {
        case boost::json::kind::bool_:
        case boost::json::kind::int64:
        case boost::json::kind::uint64:
        case boost::json::kind::double_:
            return true;
        case boost::json::kind::string:
            return stored.is_string() &&
                   stored.get_string().capacity() >= change.get_string().size();
        default:
            return false;   // null deletes; containers are copied
        }
    }

    // The position of `key` in `o`, or o.size() when absent. A patch
    // usually lists members in the order the stored object has them (both
    // come from the same serialiser), leaving out a member or two it does
    // not change, so the three members after the one found last are tried
    // first: a comparison of names each instead of hashing the name (or, in
    // a small object, comparing it with every member before). Written out
    // rather than as a loop: g++ made the loop cost more than the lookups
    // it saved (callgrind, apply_2KB: three tries 189 instructions fewer
    // than one, the loop 160 more).
    static std::size_t position_of(boost::json::object const& o, boost::json::string_view key,
                                   std::size_t next) noexcept
    {
        auto const is_at = [&o, key](std::size_t i) { return i < o.size() && o.begin()[i].key() == key; };
        if(is_at(next))
            return next;
        if(is_at(next + 1))
            return next + 1;
        if(is_at(next + 2))
            return next + 2;
        return static_cast<std::size_t>(o.find(key) - o.begin());
    }

    // True when a moving merge can give `into` the patch's value `change`
    // itself, without allocating: it is in into's memory resource already
    // (Boost.JSON's moves then steal; in any other resource they would
    // copy, recursively) and, being an object that RFC 7396 merges into
    // {}, it has no null to drop: copy_value drops them, and
    // library_copy_fits finds them, bounded in depth, so an object nested
    // deeper than that is copied too (rare in a patch).
    static bool movable(boost::json::value const& change, boost::json::object const& into) noexcept
    {
        return *change.storage() == *into.storage() &&
               (!change.is_object() || library_copy_fits(change, max_library_copy_depth, true));
    }

    // The value a new or replaced member of `into` gets when it is not
    // movable: a copy of `change` merged into {} when it is an object (its
    // nulls vanish, but not inside arrays), in into's memory resource.
    static boost::json::value stage(boost::json::value const& change, boost::json::object const& into)
    {
        return copy_value(change, into.storage(),
                          change.is_object() ? null_members::drop : null_members::keep);
    }

    // How an assignment of `change` to a member of `into` gets its value.
    static source source_of(patch_value& change, boost::json::object const& into, bool is_new) noexcept
    {
        if constexpr(moving)
            if(movable(change, into))
                return source::moved;
        // A new member's insertion may fail (it is undone), so it can copy
        // there; a container is staged all the same, as copy_value copies
        // any nesting without recursion and drops an object's nulls.
        return is_new && !change.is_structured() ? source::copied : source::staged;
    }

    // The value an assignment swaps in for a stored one: staged or moved.
    static boost::json::value& replacement(assignment& a) noexcept
    {
        if constexpr(moving)
            if(a.from == source::moved)
                return *a.change;
        return a.staged;
    }

    // Appends the new member of an assignment; it allocates the name, and
    // the value unless that is moved or staged.
    static void insert_member(assignment& a)
    {
        if constexpr(moving)
            if(a.from == source::moved)
            {
                a.into->emplace(a.key, std::move(*a.change));
                return;
            }
        if(a.from == source::staged)
            a.into->emplace(a.key, std::move(a.staged));
        else if(a.change->is_string())   // from its text, as copy_value does
            a.into->emplace(a.key, boost::json::string_view(a.change->get_string()));
        else
            a.into->emplace(a.key, static_cast<boost::json::value const&>(*a.change));   // a scalar
    }

    // Writes a change that fits_in_place. Cannot fail: nothing allocates.
    static void write_in_place(boost::json::value& stored, boost::json::value const& change) noexcept
    {
        switch(change.kind())
        {
        case boost::json::kind::bool_: stored.emplace_bool() = change.get_bool(); break;
        case boost::json::kind::int64: stored.emplace_int64() = change.get_int64(); break;
        case boost::json::kind::uint64: stored.emplace_uint64() = change.get_uint64(); break;
        case boost::json::kind::double_: stored.emplace_double() = change.get_double(); break;
        case boost::json::kind::string:
            // Within capacity, assign copies the characters and allocates nothing.
            stored.get_string().assign(change.get_string());
            break;
        default:
            break;   // fits_in_place admits nothing else
        }
    }

    void plan(boost::json::object& target, patch_object& patch)
    {
        boost::container::small_vector<level, 4> todo;
        level next{nullptr, 0, &patch, 0};
        for(;;)
        {
            boost::json::object& into = next.parent
                                            ? (next.parent->begin() + next.position)->value().get_object()
                                            : target;
            plan_level(into, next, todo);
            if(todo.empty())
                break;
            next = todo.back();
            todo.pop_back();
        }
    }

    template<class Levels>
    void plan_level(boost::json::object& into, level const& l, Levels& todo)
    {
        std::size_t added = 0;
        std::size_t next = 0;   // after the member found last
        for(auto& member : *l.patch)
        {
            patch_value& change = member.value();
            std::size_t const position = position_of(into, member.key(), next);
            bool const exists = position != into.size();
            auto const found = into.begin() + position;   // not dereferenced unless it exists
            if(exists)
                next = position + 1;
            if(change.is_null())
            {
                if(exists)
                    removals_.push_back(removal{&into, position, l.depth});
            }
            else if(exists && change.is_object() && found->value().is_object())
                todo.push_back(level{&into, position, &change.get_object(), l.depth + 1});
            else if(exists && same_scalar(found->value(), change))
                continue;   // e.g. the _startTime every patch repeats
            else if(exists && fits_in_place(found->value(), change))
                overwrites_.push_back(overwrite{&into, position, &change});
            else
            {
                // RFC 7396: a patch object merges into {} in place of
                // whatever the target has (see movable and stage).
                source const from = source_of(change, into, !exists);
                assignments_.push_back(assignment{&into, member.key(), position, !exists, from, &change,
                                                  from == source::staged ? stage(change, into)
                                                                         : boost::json::value()});
                added += exists ? 0 : 1;
            }
        }
        // Positions, not addresses, were kept: reserving may move every
        // member, and afterwards inserting the new ones never does.
        into.reserve(into.size() + added);
    }

    void insert_new_members()
    {
        std::size_t inserted = 0;
#ifndef BOOST_NO_EXCEPTIONS
        try
        {
#endif
            for(assignment& a : assignments_)
                if(a.is_new)
                {
                    // Moving within one memory resource allocates nothing
                    // but the member name. A value moved from the patch is
                    // lost if that fails: the caller gave the patch away.
                    insert_member(a);
                    ++inserted;
                }
#ifndef BOOST_NO_EXCEPTIONS
        }
        catch(...)
        {
            // New members were appended: erasing them restores the target.
            for(assignment& a : assignments_)
            {
                if(inserted == 0)
                    break;
                if(a.is_new)
                {
                    a.into->stable_erase(a.into->find(a.key));
                    --inserted;
                }
            }
            throw;
        }
#endif
    }

    void commit() noexcept
    {
        // First, while every position is as planned and no stored value has
        // been replaced yet (none of these overwrites a container).
        for(overwrite const& w : overwrites_)
            write_in_place((w.into->begin() + w.position)->value(), *w.change);
        // Same memory resource on both sides: swap cannot allocate. The
        // old values are freed with *this, or, swapped into the patch,
        // with the patch.
        for(assignment& a : assignments_)
            if(!a.is_new)
                (a.into->begin() + a.position)->value().swap(replacement(a));
        // An erase moves the members after it, and the objects among them:
        // deeper objects first, and within one object the last position
        // first. Positions of different objects at one depth are unrelated,
        // their relative order does not matter. std::sort needs no buffer.
        std::sort(removals_.begin(), removals_.end(), [](removal const& x, removal const& y) {
            return x.depth != y.depth ? x.depth > y.depth : x.position > y.position;
        });
        for(removal const& r : removals_)
            r.into->stable_erase(r.into->begin() + r.position);
    }
};

// merge_patch_into for a patch the caller gives away: the values the merge
// adds are moved out of `patch` when it uses the target's memory resource.
// `patch` is left valid but unspecified, also on std::bad_alloc; `target`
// keeps the strong guarantee.
inline void merge_patch_moving_into(boost::json::object& target, boost::json::object& patch)
{
    atomic_merge<patch_values::move>(target, patch);
}

}   // namespace detail

// The definitions of the public header; a white-box test may include this
// file for the machinery above, and gets them only where they belong.
#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)

void merge_patch_into(boost::json::object& target, boost::json::object const& patch)
{
    detail::atomic_merge<detail::patch_values::copy>(target, patch);
}

boost::json::value merge_patch(boost::json::value const& target, boost::json::value const& patch)
{
    if(!patch.is_object())
        return detail::copy_value(patch, target.storage());
    boost::json::value result = target.is_object()
                                    ? detail::copy_value(target, target.storage())
                                    : boost::json::value(boost::json::object(target.storage()));
    merge_patch_into(result.get_object(), patch.get_object());
    return result;
}

#endif   // public definitions

}   // namespace usage_session

#endif
