#ifndef USAGE_SESSION_DETAIL_COPY_HPP
#define USAGE_SESSION_DETAIL_COPY_HPP

// A deep copy of a JSON value without unbounded recursion. Boost.JSON's
// copy constructor recurses once per nesting level, so a value built in
// code 100,000 levels deep would overflow the stack; for a value that nests
// only a few levels it is the cheapest copy there is (an object copy skips
// the duplicate-name check that inserting member by member pays), so it is
// used whenever a bounded check says the nesting is shallow.

#include <boost/json/value.hpp>
#include <cstddef>
#include <vector>

namespace usage_session {
namespace detail {

// What to do with the members of objects while copying.
enum class null_members
{
    keep,   // a plain copy
    drop    // RFC 7396 MergePatch({}, patch): nulls delete, so they vanish
};

// Boost.JSON's copy constructors may be used for a value whose containers
// nest at most this deep: they then recurse at most this often.
constexpr std::size_t max_library_copy_depth = 32;

// True when `v` can be copied by Boost.JSON's own copy constructor: its
// containers nest at most `levels_left` deep and, with `drop_nulls`, no
// object reached through objects from `v` has a null member (those are
// left out, which that constructor cannot do). The recursion stops after
// `levels_left` levels, so it is bounded too.
inline bool library_copy_fits(boost::json::value const& v, std::size_t levels_left,
                              bool drop_nulls) noexcept
{
    if(v.is_object())
    {
        if(levels_left == 0)
            return false;
        for(auto const& member : v.get_object())
            if((drop_nulls && member.value().is_null()) ||
               (member.value().is_structured() &&
                !library_copy_fits(member.value(), levels_left - 1, drop_nulls)))
                return false;
        return true;
    }
    if(v.is_array())
    {
        if(levels_left == 0)
            return false;
        // Inside an array nothing is dropped (see copy_value).
        for(auto const& element : v.get_array())
            if(element.is_structured() && !library_copy_fits(element, levels_left - 1, false))
                return false;
        return true;
    }
    return true;   // a scalar or a string
}

// Copies `source` into `sp`. With null_members::drop, null members of
// `source` and of the objects nested in it through objects are left out;
// what lies inside an array is copied as it is (the merge replaces arrays
// wholesale).
inline boost::json::value copy_value(boost::json::value const& source,
                                     boost::json::storage_ptr const& sp,
                                     null_members nulls = null_members::keep)
{
    // A scalar or a string has no nesting: no work list is needed. Most
    // values a patch sets are of this kind. A string is built from its
    // text, which takes fewer steps inside Boost.JSON than the string copy
    // constructor (that one goes through assign()).
    if(source.is_string())
        return boost::json::value(boost::json::string_view(source.get_string()), sp);
    if(!source.is_structured() ||
       library_copy_fits(source, max_library_copy_depth, nulls == null_members::drop))
        return boost::json::value(source, sp);

    // Containers are created empty with their final capacity, so filling
    // them never moves an element whose address is in the work list.
    auto shell = [&sp](boost::json::value const& v) -> boost::json::value {
        if(v.is_object())
        {
            boost::json::object o(sp);
            o.reserve(v.get_object().size());
            return o;
        }
        if(v.is_array())
        {
            boost::json::array a(sp);
            a.reserve(v.get_array().size());
            return a;
        }
        return boost::json::value(v, sp);   // a scalar or a string: no nesting
    };

    struct pending
    {
        boost::json::value const* from;
        boost::json::value* to;
        bool drop_nulls;   // only objects reached through objects drop them
    };
    // Only containers nested in containers go through the work list, so
    // an object or array of scalars allocates nothing but itself.
    std::vector<pending> todo;
    boost::json::value result = shell(source);
    pending next{&source, &result, nulls == null_members::drop};
    for(;;)
    {
        if(next.from->is_object())
        {
            boost::json::object& to = next.to->get_object();
            for(auto const& member : next.from->get_object())
            {
                if(next.drop_nulls && member.value().is_null())
                    continue;
                boost::json::value& child = to.emplace(member.key(), shell(member.value())).first->value();
                if(member.value().is_structured())
                    todo.push_back(pending{&member.value(), &child, next.drop_nulls});
            }
        }
        else
        {
            boost::json::array& to = next.to->get_array();
            for(auto const& element : next.from->get_array())
            {
                boost::json::value& child = to.emplace_back(shell(element));
                if(element.is_structured())
                    todo.push_back(pending{&element, &child, false});
            }
        }
        if(todo.empty())
            break;
        next = todo.back();
        todo.pop_back();
    }
    return result;
}

inline boost::json::object copy_object(boost::json::object const& source,
                                       boost::json::storage_ptr const& sp)
{
    // A stored session nests a few levels: Boost.JSON's copy constructor
    // then copies it without checking each name for a duplicate.
    bool shallow = true;
    for(auto const& member : source)
        if(member.value().is_structured() &&
           !library_copy_fits(member.value(), max_library_copy_depth - 1, false))
        {
            shallow = false;
            break;
        }
    if(shallow)
        return boost::json::object(source, sp);
    // Deep somewhere: the names are unique already, but no public
    // boost::json::object call inserts without checking them.
    boost::json::object result(sp);
    result.reserve(source.size());
    for(auto const& member : source)
        result.emplace(member.key(), copy_value(member.value(), sp));
    return result;
}

}   // namespace detail
}   // namespace usage_session

#endif
