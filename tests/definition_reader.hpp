#ifndef USAGE_SESSION_TESTS_DEFINITION_READER_HPP
#define USAGE_SESSION_TESTS_DEFINITION_READER_HPP

// A tiny test-only reader for attribute definitions kept as JSON test data.
// It uses the field names of the library's JSON definition format but none
// of its code (schema_from_json is tested on its own): the tests of the
// builder and of validation must not depend on it. Input is trusted test
// data; anything unexpected throws.

#include <usage_session/schema.hpp>

#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>
#include <stdexcept>
#include <string>

namespace test_definitions {

inline usage_session::attribute_definition read_definition(boost::json::object const& o)
{
    usage_session::attribute_definition d;
    for(auto const& [key, v] : o)
    {
        if(key == "name")
            d.name = std::string(v.as_string());
        else if(key == "type")
        {
            // A number is cast as is: how the tests make an unknown type.
            if(v.is_number())
                d.type = static_cast<usage_session::attribute_type>(v.to_number<int>());
            else if(auto t = usage_session::attribute_type_from_string(v.as_string()))
                d.type = *t;
            else
                throw std::runtime_error("unknown type in test data");
        }
        else if(key == "nullable")
            d.nullable = v.as_bool();
        else if(key == "required")
            d.required = v.as_bool();
        else if(key == "sensitive")
            d.sensitive = v.as_bool();
        else if(key == "minLength")
            d.min_length = v.to_number<std::uint64_t>();
        else if(key == "maxLength")
            d.max_length = v.to_number<std::uint64_t>();
        else if(key == "minimum")
            d.minimum = v.to_number<double>();
        else if(key == "maximum")
            d.maximum = v.to_number<double>();
        else if(key == "values")
            for(auto const& a : v.as_array())
                d.allowed_values.emplace_back(a.as_string());
        else if(key == "pattern")
            d.pattern = std::string(v.as_string());
        else
            throw std::runtime_error("unknown definition field in test data: " + std::string(key));
    }
    return d;
}

// {"requireStartAndState", "readOnlyAttributes", "maxDepth",
//  "topLevel"/"configuration"/"summary": {"acceptUnknown", "attributes"}}
inline usage_session::schema_builder read_builder(boost::json::object const& o)
{
    usage_session::schema_builder b;
    constexpr char const* scopes[] = {"topLevel", "configuration", "summary"};
    for(auto const& [key, v] : o)
    {
        if(key == "requireStartAndState")
            b.require_start_and_state(v.as_bool());
        else if(key == "maxDepth")
            b.max_depth(v.to_number<std::size_t>());
        else if(key == "readOnlyAttributes")
        {
            std::vector<std::string> names;
            for(auto const& n : v.as_array())
                names.emplace_back(n.as_string());
            b.read_only_attributes(std::move(names));
        }
        else
        {
            int found = -1;
            for(int i = 0; i < 3; ++i)
                if(key == scopes[i])
                    found = i;
            if(found < 0)
                throw std::runtime_error("unknown schema field in test data: " + std::string(key));
            auto const where = static_cast<usage_session::scope>(found);
            for(auto const& [field, x] : v.as_object())
            {
                if(field == "acceptUnknown")
                    b.accept_unknown(where, x.as_bool());
                else if(field == "attributes")
                    for(auto const& d : x.as_array())
                        b.define(where, read_definition(d.as_object()));
                else
                    throw std::runtime_error("unknown scope field in test data: " + std::string(field));
            }
        }
    }
    return b;
}

}   // namespace test_definitions

#endif
