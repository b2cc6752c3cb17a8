#ifndef USAGE_SESSION_IMPL_MERGE_PATCH_HPP
#define USAGE_SESSION_IMPL_MERGE_PATCH_HPP

#include <usage_session/detail/copy.hpp>

#include <boost/config.hpp>

#include <algorithm>
#include <deque>
#include <cstddef>
#include <vector>

namespace usage_session {
namespace detail {

// RFC 7396 in place with the strong exception guarantee and no recursion.
//
// Everything that can allocate happens before the target changes, or can be
// undone without allocating:
//   1. plan (top-down walk): reserve room for the new members of every
//      object the patch reaches, and copy every new value into the target's
//      memory resource. Reserving keeps contents; it only allocates. A patch
//      object that lands where the target has no object is merged into a
//      fresh staged object by the same walk (no recursion).
//   2. insert a null placeholder for every new member. Only the member
//      name is allocated (the room is reserved, so no table moves); if that
//      fails, the placeholders inserted so far are erased again.
//   3. commit, which cannot fail: swap the staged values in (last planned
//      first, so a staged object is complete before it moves into place),
//      then erase the members the patch deletes, deepest objects first, so
//      that no erase moves an object that a later step still points to.
class atomic_merge
{
public:
    atomic_merge(boost::json::object& target, boost::json::object const& patch)
    {
        plan(target, patch);
        insert_placeholders();
        commit();
    }

private:
    struct assignment
    {
        boost::json::object* into;
        boost::json::string_view key;   // points into the patch, which outlives us
        boost::json::value value;       // already in into's memory resource
        bool is_new;
    };
    struct removal
    {
        boost::json::object* into;
        boost::json::string_view key;
        std::size_t depth;
    };

    // A deque: staged objects are merged into where they lie, so their
    // addresses must not change as more assignments are planned.
    std::deque<assignment> assignments_;
    std::vector<removal> removals_;

    void plan(boost::json::object& target, boost::json::object const& patch)
    {
        struct level
        {
            boost::json::object* into;
            boost::json::object const* patch;
            std::size_t depth;
        };
        std::vector<level> todo{level{&target, &patch, 0}};
        while(!todo.empty())
        {
            level const l = todo.back();
            todo.pop_back();
            boost::json::object& into = *l.into;

            std::size_t added = 0;
            for(auto const& member : *l.patch)
                if(!member.value().is_null() && !into.contains(member.key()))
                    ++added;
            // Before any pointer into `into` is taken: reserving may move
            // its members, and later insertions then never will.
            into.reserve(into.size() + added);

            for(auto const& member : *l.patch)
            {
                boost::json::value const& change = member.value();
                boost::json::value* const slot = into.if_contains(member.key());
                if(change.is_null())
                {
                    if(slot)
                        removals_.push_back(removal{&into, member.key(), l.depth});
                }
                else if(change.is_object() && slot && slot->is_object())
                    todo.push_back(level{&slot->get_object(), &change.get_object(), l.depth + 1});
                else if(change.is_object())
                {
                    // RFC 7396: merge the patch object into {} in place of
                    // whatever the target has (dropping its nulls).
                    assignments_.push_back(assignment{&into, member.key(),
                        boost::json::object(into.storage()), slot == nullptr});
                    todo.push_back(level{&assignments_.back().value.get_object(),
                                         &change.get_object(), l.depth + 1});
                }
                else
                    assignments_.push_back(assignment{&into, member.key(),
                        detail::copy_value(change, into.storage()), slot == nullptr});
            }
        }
    }

    void insert_placeholders()
    {
        std::size_t inserted = 0;
#ifndef BOOST_NO_EXCEPTIONS
        try
        {
#endif
            for(assignment& a : assignments_)
                if(a.is_new)
                {
                    a.into->emplace(a.key, nullptr);
                    ++inserted;
                }
#ifndef BOOST_NO_EXCEPTIONS
        }
        catch(...)
        {
            // Placeholders were appended: erasing them restores the target.
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
        for(auto a = assignments_.rbegin(); a != assignments_.rend(); ++a)
            a->into->find(a->key)->value().swap(a->value);
        std::stable_sort(removals_.begin(), removals_.end(),
            [](removal const& x, removal const& y) { return x.depth > y.depth; });
        for(removal const& r : removals_)
            r.into->stable_erase(r.into->find(r.key));
    }
};

} // namespace detail

inline void merge_patch_into(boost::json::object& target, boost::json::object const& patch)
{
    detail::atomic_merge(target, patch);
}

inline boost::json::value merge_patch(boost::json::value const& target, boost::json::value const& patch)
{
    if(!patch.is_object())
        return detail::copy_value(patch, target.storage());
    boost::json::value result = target.is_object()
        ? detail::copy_value(target, target.storage())
        : boost::json::value(boost::json::object(target.storage()));
    merge_patch_into(result.get_object(), patch.get_object());
    return result;
}

} // namespace usage_session

#endif
