// Differential: validate_patch_bytes (validation while parsing, no DOM) must
// give, violation for violation and byte for byte, the report of
// parse_patch + validate_patch, on every input, for the standard schema and
// a typed one, with a report capped at one violation and uncapped, and with
// small and default parse limits.
#include "check.hpp"

#include <usage_session.hpp>

#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

namespace us = usage_session;

// Every attribute type in every scope, a small depth limit (reached inside
// materialised values and by the scope objects themselves), unknown names
// refused at the top level and in the summary. No pattern: this target
// needs no RE2.
us::schema const& typed_schema()
{
    static us::schema const s = us::schema_from_json(boost::json::parse(R"({
      "format": "usage-session-schema/1", "requireStartAndState": false, "maxDepth": 4,
      "readOnlyAttributes": ["_id", "_device"],
      "topLevel": {"acceptUnknown": false, "attributes": [
        {"name": "label", "type": "string", "minLength": 2, "maxLength": 5, "nullable": false},
        {"name": "count", "type": "integer", "minimum": -3, "maximum": 1e3},
        {"name": "rate", "type": "decimal", "minimum": 0.5, "maximum": 999.9},
        {"name": "flag", "type": "boolean"}, {"name": "day", "type": "date"},
        {"name": "at", "type": "date_time", "required": true}, {"name": "ref", "type": "uuid"},
        {"name": "mode", "type": "enumeration", "values": ["A", "B", "C"]},
        {"name": "secret", "type": "string", "sensitive": true, "maxLength": 3},
        {"name": "box", "type": "object"},
        {"name": "tags", "type": "array", "maxLength": 3, "values": ["x", "y"]},
        {"name": "list", "type": "array", "minLength": 1}, {"name": "free", "type": "any"}]},
      "configuration": {"acceptUnknown": true, "attributes": [
        {"name": "rate", "type": "decimal", "required": true, "maximum": 10},
        {"name": "box", "type": "object"}, {"name": "n", "type": "integer", "nullable": false}]},
      "summary": {"acceptUnknown": false, "attributes": [
        {"name": "total", "type": "integer", "minimum": 0},
        {"name": "log", "type": "array", "maxLength": 2}, {"name": "note", "type": "string", "sensitive": true}]}
    })"))
                                    .value();
    return s;
}

us::report through_dom(std::string_view body, us::schema const& s, us::validate_options const& o,
                       us::parse_limits const& limits)
{
    auto parsed = us::parse_patch(body, limits);
    if(!parsed)
        return parsed.error();
    return us::validate_patch(*parsed, s, o);
}

}   // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const body(reinterpret_cast<char const*>(data), size);
    us::parse_limits small;
    small.max_bytes = 512;
    small.max_depth = 3;
    for(us::schema const* s : {&us::schema::standard(), &typed_schema()})
        for(std::size_t cap : {std::size_t(1), us::default_max_violations})
            for(us::parse_limits const& limits : {us::parse_limits(), small})
            {
                us::validate_options o;
                o.max_violations = cap;
                // operator== compares pointers, codes, messages and details.
                USAGE_SESSION_FUZZ_CHECK(us::validate_patch_bytes(body, *s, o, limits) ==
                                         through_dom(body, *s, o, limits));
            }
    return 0;
}
