#ifndef USAGE_SESSION_DETAIL_COPY_HPP
#define USAGE_SESSION_DETAIL_COPY_HPP

// A deep copy of a JSON value without recursion. Boost.JSON's copy
// constructor recurses once per nesting level, so a value built in code
// 100,000 levels deep would overflow the stack.

#include <boost/json/value.hpp>
#include <vector>

namespace usage_session {
namespace detail {

inline boost::json::value copy_value(boost::json::value const& source,
                                     boost::json::storage_ptr const& sp)
{
    // Containers are created empty with their final capacity, so filling
    // them never moves an element whose address is on the stack below.
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
    };
    boost::json::value result = shell(source);
    std::vector<pending> todo{pending{&source, &result}};
    while(!todo.empty())
    {
        pending const p = todo.back();
        todo.pop_back();
        if(p.from->is_object())
        {
            boost::json::object& to = p.to->get_object();
            for(auto const& member : p.from->get_object())
            {
                boost::json::value& child = to.emplace(member.key(), shell(member.value())).first->value();
                if(member.value().is_structured())
                    todo.push_back(pending{&member.value(), &child});
            }
        }
        else if(p.from->is_array())
        {
            boost::json::array& to = p.to->get_array();
            for(auto const& element : p.from->get_array())
            {
                boost::json::value& child = to.emplace_back(shell(element));
                if(element.is_structured())
                    todo.push_back(pending{&element, &child});
            }
        }
    }
    return result;
}

inline boost::json::object copy_object(boost::json::object const& source,
                                       boost::json::storage_ptr const& sp)
{
    boost::json::object result(sp);
    result.reserve(source.size());
    for(auto const& member : source)
        result.emplace(member.key(), copy_value(member.value(), sp));
    return result;
}

} // namespace detail
} // namespace usage_session

#endif
