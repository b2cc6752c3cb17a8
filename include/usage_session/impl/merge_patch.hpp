#ifndef USAGE_SESSION_IMPL_MERGE_PATCH_HPP
#define USAGE_SESSION_IMPL_MERGE_PATCH_HPP

#include <cstddef>
#include <vector>

namespace usage_session {

inline void merge_patch_into(boost::json::object& target, boost::json::object const& patch)
{
    // An explicit stack instead of recursion: a patch built in code may be
    // nested arbitrarily deep and must not overflow the call stack.
    struct frame
    {
        boost::json::object* target;
        boost::json::object const* patch;
        boost::json::object::const_iterator next;
    };
    std::vector<frame> stack;
    stack.push_back(frame{&target, &patch, patch.begin()});
    while(!stack.empty())
    {
        frame& top = stack.back();
        if(top.next == top.patch->end())
        {
            stack.pop_back();
            continue;
        }
        boost::json::key_value_pair const& member = *top.next++;
        boost::json::object& into = *top.target;
        boost::json::value const& change = member.value();
        if(change.is_null())
        {
            // stable_erase keeps the order of the remaining members.
            auto const it = into.find(member.key());
            if(it != into.end())
                into.stable_erase(it);
        }
        else if(change.is_object())
        {
            // RFC 7396: a non-object target member is first replaced by {}.
            boost::json::value& slot = into[member.key()];
            if(!slot.is_object())
                slot.emplace_object();
            stack.push_back(frame{&slot.get_object(), &change.get_object(),
                                  change.get_object().begin()});
        }
        else
        {
            into[member.key()] = change;
        }
    }
}

inline boost::json::value merge_patch(boost::json::value const& target, boost::json::value const& patch)
{
    if(!patch.is_object())
        return boost::json::value(patch, target.storage());
    boost::json::value result = target.is_object()
        ? boost::json::value(target)
        : boost::json::value(boost::json::object(target.storage()));
    merge_patch_into(result.get_object(), patch.get_object());
    return result;
}

} // namespace usage_session

#endif
