#ifndef USAGE_SESSION_JSON_SCHEMA_HPP
#define USAGE_SESSION_JSON_SCHEMA_HPP

/** @file
    The patch rules of a schema as a JSON Schema (draft 2020-12) document,
    so that other services and OpenAPI documents can share one source of
    truth.
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/lifecycle.hpp>
#include <usage_session/schema.hpp>

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <string_view>

namespace usage_session {

/// The `$schema` of every document @ref to_json_schema makes: JSON Schema draft 2020-12.
inline constexpr std::string_view json_schema_dialect = "https://json-schema.org/draft/2020-12/schema";

/** A JSON Schema (draft 2020-12) document that a patch satisfies exactly
    when @ref validate_patch with `s` accepts it, as far as JSON Schema can
    say it.

    The document states: the patch is an object; `_startTime` and `_state`
    are `required` when `s.require_start_and_state()`; the system attributes
    with their types, nullability, code-point lengths and enums; timestamps
    as `format: date-time` plus a `pattern` that admits UTC only (`Z`,
    `+00:00`, `-00:00`), years 1400-9999 and only days that exist; names
    starting with `_` other than the system attributes are refused
    (`propertyNames`); each custom attribute by type, with `null` in its
    `type` when it may be cleared, its bounds, allowed values and pattern;
    and, per scope, whether undefined custom attributes are accepted
    (`additionalProperties`).

    Attribute patterns (RE2 syntax) are translated to ECMA-262 patterns that
    match the same strings, anchored as `^(?:...)$` because `pattern` is a
    search. A pattern that uses RE2 syntax outside the portable subset
    (inline flags such as `(?i)`, Unicode property classes, quoted
    sequences, octal escapes ...) is given as `"x-re2-pattern"` instead, which JSON Schema
    validators ignore. Vendor keywords: `"x-sensitive": true` on a sensitive
    attribute, `"x-mandatory": true` on a required one (a patch may omit it,
    so it is not in `required`, but not clear it: its `type` has no
    `null`), `"x-re2-pattern"`. A validator in a strict mode (Ajv's default)
    must be told about them.

    What JSON Schema cannot state (duplicate member names, the depth limit,
    non-finite numbers built in code, integers beyond 2^53 in JavaScript
    validators, ...) is listed in docs/json-schema.md.

    The result depends only on `s`, `id` and nothing else: the same schema
    gives the same document, member for member.

    @param s The schema to describe.
    @param id The `$id` of the document; none when empty.
    @param sp The memory resource of the returned object and everything in it.

    @par Complexity Linear in the number of attribute definitions and the
    size of their constraints.
    @par Exception Safety Strong; only `std::bad_alloc` may be thrown.
    @see https://json-schema.org/draft/2020-12/json-schema-validation
*/
USAGE_SESSION_DECL
boost::json::object to_json_schema(schema const& s, std::string_view id = {},
                                   boost::json::storage_ptr sp = {});

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/json_schema.hpp>
#endif

#endif
