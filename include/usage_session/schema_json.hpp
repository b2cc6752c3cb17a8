#ifndef USAGE_SESSION_SCHEMA_JSON_HPP
#define USAGE_SESSION_SCHEMA_JSON_HPP

/** @file
    Schemas read from the library's own JSON definition format
    (docs/schema-format.md).
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/json_pointer.hpp>
#include <usage_session/options.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <string_view>

namespace usage_session {

/// The value of the optional `"format"` member of a definition.
inline constexpr std::string_view schema_format_version = "usage-session-schema/1";

/** Reads a schema from the library's JSON definition format
    (docs/schema-format.md has the members, their types and defaults).

    @code{.json}
    { "format": "usage-session-schema/1",
      "summary": { "acceptUnknown": false, "attributes": [
          { "name": "batteryPercent", "type": "integer", "minimum": 0, "maximum": 100 } ] } }
    @endcode

    Every mistake is a `bad_schema` violation whose pointer points into
    `definition`: a member of the wrong JSON type, an unknown member (a typo
    such as `"maxLenght"` is never ignored), `null` on any member, an
    unknown `type`, a missing `name` or `type` (pointing where it should
    be), a negative or fractional length, and everything
    @ref schema_builder::build rejects (a name starting with `_`, a
    duplicate name, a constraint that does not fit the type, min above max,
    an enumeration without values ...). An attribute with a mistake of its
    own shape is not handed to the builder, so it gets no follow-up
    violations; all other mistakes of the document are reported together,
    in document order (present members in order, then missing ones).

    Duplicate member names cannot be seen in a `boost::json::value`: read
    definition bytes with @ref parse_patch (which rejects them) first.

    @param definition the definition document.
    @param o `max_violations` caps the report.
    @return the schema, or a report of `bad_schema` violations.
    @par Complexity Linear in the size of `definition` plus O(n log n)
    in the number of attributes and of mistakes.
    @par Exception Safety Strong (pure function); only `std::bad_alloc` may
    be thrown.
*/
USAGE_SESSION_DECL
boost::system::result<schema, report>
schema_from_json(boost::json::value const& definition, validate_options const& o = {});

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/schema_json.hpp>
#endif

#endif
