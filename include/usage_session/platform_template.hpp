#ifndef USAGE_SESSION_PLATFORM_TEMPLATE_HPP
#define USAGE_SESSION_PLATFORM_TEMPLATE_HPP

/** @file
    Schemas compiled from the platform's own template documents
    (docs/contract.md §5, docs/platform-templates.md).
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/json_pointer.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace usage_session {

/// A template category name and the scope its attributes are placed in.
struct template_category
{
    /// The value of an attribute's `category.name` (compared case-sensitively).
    std::string name;

    /// Where attributes of this category live in a session.
    scope where = scope::top_level;
};

/** How @ref schema_from_platform_template reads a template and what the
    resulting schema does besides the template's attributes.
*/
struct template_options
{
    /** Category names and their scopes. The platform publishes none; the
        default is `REGULAR` (top level), `CONFIGURATION` (`_configuration`)
        and `SUMMARY` (`_summary`). When a name is listed twice, the first
        entry counts. A name not listed is a `bad_schema` mistake.
    */
    std::vector<template_category> categories = {
        {"REGULAR", scope::top_level},
        {"CONFIGURATION", scope::configuration},
        {"SUMMARY", scope::summary}};

    /** The scope of an attribute without `category` (or with
        `"category": null`). Default: the top level, as for `REGULAR`.
        With no value, a missing category is a `bad_schema` mistake.
    */
    std::optional<scope> uncategorized = scope::top_level;

    /** Whether the schema accepts custom attributes the template does not
        define at the top level. Default `false`: a template lists all of a
        tenant's attributes, so anything else is `unknown_attribute`.
        These three settings override those of @ref base.
    */
    bool accept_unknown_top_level = false;
    bool accept_unknown_configuration = false;   ///< the same for `_configuration`
    bool accept_unknown_summary = false;         ///< the same for `_summary`

    /** A `validation` member other than `mandatory`, `min`, `max` and
        `regex` is a rule the library does not know and so could not
        enforce: by default a `bad_schema` mistake. With `true` it is
        ignored, like unknown members elsewhere in the template.
    */
    bool ignore_unknown_validation_rules = false;

    /** The other schema settings (`require_start_and_state`, read-only
        attributes, `max_depth`) and any attributes defined in code, which
        come before the template's in each scope.
    */
    schema_builder base;

    /// The report keeps this many mistakes, then ends with `too_many_violations`.
    std::size_t max_violations = default_max_violations;
};

/** Compiles a platform template document into a @ref schema.

    The document is the platform's template response,
    `{"customAttributes": [...], ...}`; members other than
    `customAttributes` are ignored, and so are members of an attribute that
    the import does not use (`id`, `displayName`, `description` ...).
    Each attribute is

    @code{.json}
    { "name": "rateMlPerHour", "type": "DECIMAL", "category": {"name": "REGULAR"},
      "phi": false,
      "validation": {"mandatory": true, "min": 0.1, "max": 999.9, "regex": null},
      "selectableValues": null,
      "numericMetaData": {"subType": "DOUBLE", "lowerRange": 0.1, "upperRange": 999.9, "units": "mL/h"} }
    @endcode

    and becomes an @ref attribute_definition where `phi` gives `sensitive`,
    `mandatory` gives `required` (and not `nullable`), `selectableValues`
    (strings, or objects with a string `value`) give the allowed values,
    and `regex` a pattern the whole value must match. docs/platform-templates.md
    has the table of the 20 types: the JSON value each one takes and what
    `min`/`max` mean for it (a length in code points for text, the value
    for numbers, the number of items for `MULTI_SELECT` and `WAVEFORM`).
    `null` on an optional member means "not given".

    Every mistake is a `bad_schema` violation whose pointer points into
    `tmpl` (`/customAttributes/4/validation/min`; a missing member points
    where it should be), all of them in document order: a document that is
    not an object, `customAttributes` missing or not an array, an attribute
    that is not an object, a missing or malformed `name` (it must match
    `[a-zA-Z][a-zA-Z0-9_]*` and have at most 36 characters), a name defined
    twice in one scope, a missing or unknown `type` or category, a member
    of the wrong JSON type, `min` above `max`, a negative or fractional
    length, a constraint that does not apply to the type, a select without
    values or with a duplicate value, and a `regex` that cannot be used: it
    does not compile, it needs backtracking (backreferences, lookaround:
    not supported by a linear-time engine), or the library was built
    without RE2 (`USAGE_SESSION_HAS_RE2`), since a pattern is never
    silently skipped.

    @param tmpl the template document.
    @param o category mapping, unknown-attribute policy and other settings.
    @return the schema, or a report of `bad_schema` violations.
    @par Complexity O(n log n) in the number of attributes, plus compiling
    each regex (bounded by RE2's memory budget).
    @par Exception Safety Strong (pure function); only `std::bad_alloc` may
    be thrown.
*/
USAGE_SESSION_DECL
boost::system::result<schema, report>
schema_from_platform_template(boost::json::value const& tmpl, template_options const& o = {});

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/platform_template.hpp>
#endif

#endif
