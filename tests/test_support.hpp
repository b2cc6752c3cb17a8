#ifndef USAGE_SESSION_TESTS_TEST_SUPPORT_HPP
#define USAGE_SESSION_TESTS_TEST_SUPPORT_HPP

// Helpers shared by several test files.

#include <usage_session/merge_patch.hpp>
#include <usage_session/report.hpp>

#include "test_data.hpp"

#include <boost/json/value.hpp>
#include <string>
#include <utility>
#include <vector>

namespace test_support {

// "/x unknown_attribute; /_state missing_required": the whole report in one
// line, so a failed comparison shows everything.
inline std::string codes(usage_session::report const& r)
{
    std::string s;
    for(auto const& v : r)
    {
        if(!s.empty())
            s += "; ";
        s += v.pointer + " " + std::string(usage_session::code_name(v.code));
    }
    return s;
}

// Boost.JSON's destructor recurses once per nesting level. Moving every
// child out before its parent dies keeps each destruction shallow.
inline void dismantle(boost::json::value& root)
{
    std::vector<boost::json::value> pending;
    pending.push_back(std::move(root));
    root = nullptr;
    while(!pending.empty())
    {
        boost::json::value current = std::move(pending.back());
        pending.pop_back();
        if(current.is_object())
            for(auto& member : current.get_object())
                pending.push_back(std::move(member.value()));
        else if(current.is_array())
            for(auto& element : current.get_array())
                pending.push_back(std::move(element));
        // `current` now holds only nulls and scalars: shallow to destroy.
    }
}

// Owns a value that may be nested deeper than the call stack allows.
struct deep_value
{
    boost::json::value v;
    explicit deep_value(boost::json::value x) : v(std::move(x)) {}
    deep_value(deep_value const&) = delete;
    deep_value& operator=(deep_value const&) = delete;
    ~deep_value() { dismantle(v); }
};

// The stored session most tests update (tests/data/stored_session.json).
inline boost::json::object stored()
{
    return test_data::load_json("stored_session.json").as_object();
}

// The stored session with `extra` (a JSON object text) merged in.
inline boost::json::object stored_with(char const* extra)
{
    boost::json::object session = stored();
    usage_session::merge_patch_into(session, boost::json::parse(extra).as_object());
    return session;
}

}   // namespace test_support

#endif
