#ifndef USAGE_SESSION_SCHEMA_HPP
#define USAGE_SESSION_SCHEMA_HPP

/** @file
    What a valid patch looks like: system attribute rules plus the custom
    attribute policy of each scope (docs/contract.md §2, §5).
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/limits.hpp>
#include <usage_session/json_pointer.hpp>
#include <usage_session/report.hpp>

#include <boost/system/result.hpp>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace usage_session {

/// Where a custom attribute lives in a session document.
enum class scope
{
    top_level,       ///< members of the session object itself
    configuration,   ///< members of `_configuration`
    summary          ///< members of `_summary`
};

/// The JSON shape of a custom attribute (docs/contract.md §5.2).
enum class attribute_type
{
    string,        ///< a string; optional code-point length bounds, allowed values, pattern
    integer,       ///< a number without fraction that fits int64 (`1.0` counts); optional bounds
    decimal,       ///< any finite number; optional bounds
    boolean,       ///< `true` or `false`
    date,          ///< a string `YYYY-MM-DD` naming a day that exists (years 1400-9999)
    date_time,     ///< a string with the timestamp rules of docs/contract.md §3
    uuid,          ///< a string in 8-4-4-4-12 hex form (docs/contract.md §4)
    enumeration,   ///< a string, one of the allowed values (case-sensitive)
    object,        ///< an object, free-form inside (merged per RFC 7396)
    array,         ///< an array; optional item-count bounds; optional allowed values for its items
    any            ///< any JSON value (still finite numbers, valid UTF-8, bounded depth)
};

// Defined here, not in impl/: a constexpr function must be seen by every
// translation unit, also in separate compilation.
/// `"string"`, `"integer"`, ..., `"date_time"`: the spelling used by the JSON definition format.
constexpr std::string_view to_string(attribute_type t) noexcept
{
    switch(t)
    {
    case attribute_type::string: return "string";
    case attribute_type::integer: return "integer";
    case attribute_type::decimal: return "decimal";
    case attribute_type::boolean: return "boolean";
    case attribute_type::date: return "date";
    case attribute_type::date_time: return "date_time";
    case attribute_type::uuid: return "uuid";
    case attribute_type::enumeration: return "enumeration";
    case attribute_type::object: return "object";
    case attribute_type::array: return "array";
    case attribute_type::any: return "any";
    }
    return {};
}

/// The inverse of @ref to_string(attribute_type); empty for an unknown name.
USAGE_SESSION_DECL
std::optional<attribute_type> attribute_type_from_string(std::string_view name) noexcept;

/** One custom attribute of a scope (docs/contract.md §5).

    Which constraints apply depends on @ref type; a constraint that does not
    apply to the type makes @ref schema_builder::build fail with
    `bad_schema` rather than being ignored.
*/
struct attribute_definition
{
    attribute_definition() = default;

    /// A definition with no constraints yet: set the members that apply.
    attribute_definition(std::string attribute_name, attribute_type attribute_type_) noexcept
        : name(std::move(attribute_name)), type(attribute_type_)
    {
    }

    /// Never starts with `_`; valid UTF-8; unique within its scope.
    std::string name;

    /// The JSON shape of the value; it decides which constraints apply.
    attribute_type type = attribute_type::any;

    /// Whether `null` may clear the attribute.
    bool nullable = true;

    /** Whether a stored session (and the result of an update) must hold it:
        `validate_session` and `apply_update` report it as `missing_required`.
        A patch may leave it out (it is partial), but may not clear it with
        `null`, whatever @ref nullable says. Platform templates: `mandatory`.
    */
    bool required = false;

    /// Protected health information: the value is never echoed (messages, details, problem documents).
    bool sensitive = false;

    /// `string`: bounds on the length in code points; `array`: on the number of items.
    std::optional<std::uint64_t> min_length;
    std::optional<std::uint64_t> max_length;   ///< see @ref min_length

    /// `integer`, `decimal`: inclusive bounds on the value.
    std::optional<double> minimum;
    std::optional<double> maximum;   ///< see @ref minimum

    /** `enumeration`: the allowed values (at least one, no duplicates).
        `string`: optional allowed values. `array`: when given, every item
        must be a string among them (a multi-select).
    */
    std::vector<std::string> allowed_values;

    /** `string`: a regular expression (RE2 syntax) the whole value must
        match; empty for none. Patterns run on a linear-time engine only:
        building a schema with a pattern fails with `bad_schema` when the
        library was built without RE2 (`USAGE_SESSION_HAS_RE2`).
    */
    std::string pattern;
};

namespace detail {
struct schema_data;
struct schema_access;
}   // namespace detail

/** The rules a patch is validated against. Immutable once built and safe to
    share between threads; build one with @ref schema_builder.

    @ref standard is the seed's schema with no tenant template: every system
    attribute rule of docs/contract.md §2, and any custom attribute (name not starting
    with `_`) of any JSON type in every scope.
*/
class schema
{
public:
    /** The seed's schema (see the class description).

        Returns a reference to one immutable instance, built on first use in
        a thread-safe way, so passing it costs nothing.
    */
    USAGE_SESSION_DECL
    static schema const& standard();

    /// Whether a patch must carry `_startTime` and `_state` (docs/contract.md §2; default true).
    bool require_start_and_state() const noexcept { return require_start_and_state_; }

    /// Whether `name` (with its leading `_`) is a read-only system attribute.
    USAGE_SESSION_DECL
    bool is_read_only(std::string_view name) const noexcept;

    /// The read-only system attributes, sorted.
    std::vector<std::string> const& read_only_attributes() const noexcept { return read_only_; }

    /// Whether custom attributes the schema does not define are accepted in `where`.
    bool accepts_unknown(scope where) const noexcept
    {
        return accept_unknown_[static_cast<std::size_t>(where)];
    }

    /// Values nested deeper than this many levels are `too_deep` (the patch is level 1).
    std::size_t max_depth() const noexcept { return max_depth_; }

    /** The definition of custom attribute `name` in `where`, or null.
        Never allocates. The pointer is valid as long as any copy of this
        schema lives.

        @par Complexity Expected constant: a hash table over the names,
        built once by @ref schema_builder::build. When the names of a scope
        hash too unevenly, that scope uses a binary search over its sorted
        names instead, so a lookup is logarithmic in the number of
        definitions at worst, never a scan.
    */
    USAGE_SESSION_DECL
    attribute_definition const* find(scope where, std::string_view name) const noexcept;

    /// The definitions of a scope, in the order they were defined.
    USAGE_SESSION_DECL
    std::vector<attribute_definition> const& attributes(scope where) const noexcept;

private:
    friend class schema_builder;
    friend struct detail::schema_access;
    USAGE_SESSION_DECL
    schema();

    std::vector<std::string> read_only_;   // sorted, for binary search
    bool require_start_and_state_ = true;
    bool accept_unknown_[3] = {true, true, true};
    std::size_t max_depth_ = 32;
    // Definitions, their name index and compiled patterns: shared and
    // immutable, so copying a schema is cheap whatever its size.
    std::shared_ptr<detail::schema_data const> data_;
};

/// The read-only system attributes of the platform's published session response.
inline constexpr std::array<std::string_view, 12> default_read_only_attributes = {
    "_id", "_patient", "_device", "_ownerOrganization", "_initiator",
    "_requiredMeasurementIntervalMilliseconds", "_template", "_referencers",
    "_creationTime", "_lastModifiedTime", "_sessionContext", "_caption"};

/** Builds a @ref schema, starting from @ref schema::standard.

    @code
    usage_session::schema relaxed = usage_session::schema_builder()
        .require_start_and_state(false)
        .build()
        .value();
    @endcode
*/
class schema_builder
{
public:
    schema_builder() = default;

    /// docs/contract.md §2: with `false`, a missing `_startTime`/`_state` keeps the stored value.
    USAGE_SESSION_DECL
    schema_builder& require_start_and_state(bool on);

    /** Replaces the list of read-only system attributes. Each name must be
        valid UTF-8, start with `_` and not be one an update may change
        (`_startTime`, `_state`, `_endTime`, `_name`, `_configuration`,
        `_summary`); @ref build reports others at `/readOnlyAttributes/<i>`.
        Duplicates are dropped.
    */
    USAGE_SESSION_DECL
    schema_builder& read_only_attributes(std::vector<std::string> names);

    /// Whether custom attributes without a definition are accepted in `where`.
    USAGE_SESSION_DECL
    schema_builder& accept_unknown(scope where, bool on);

    /// Nesting limit for values (default 32, as @ref parse_limits); at least 1 (else `bad_schema` at `/maxDepth`),
    /// at most @ref max_depth_ceiling (256): a larger value is clamped to it.
    USAGE_SESSION_DECL
    schema_builder& max_depth(std::size_t levels);

    /// Adds a custom attribute definition to a scope (checked by @ref build).
    USAGE_SESSION_DECL
    schema_builder& define(scope where, attribute_definition definition);

    /** The schema, or a report of `bad_schema` violations, one per mistake
        in the definitions (name empty, not valid UTF-8, starting with `_` or
        defined twice in a scope; a constraint that does not fit the type;
        min above max; a non-finite bound; an enumeration without values;
        a duplicate or non-UTF-8 allowed value; a pattern that does not
        compile, or any pattern without RE2 ...), all of them, capped like
        any report. Each points at `/<scope>/attributes/<index>/<field>`
        with the scope spelled `topLevel`, `configuration` or `summary` and
        the field as in the JSON definition format (docs/schema-format.md);
        settings at `/maxDepth` and `/readOnlyAttributes/<i>`. The builder
        is not changed and can be reused. docs/schema.md has the full list.

        @par Complexity O(n log n) in the number of definitions and of
        allowed values, plus compiling the patterns.
        @par Exception Safety Strong; only `std::bad_alloc` may be thrown.
    */
    USAGE_SESSION_DECL
    boost::system::result<schema, report> build() const;

private:
    schema schema_;
    // As given, checked by build(): a bad_schema pointer names the index.
    std::optional<std::vector<std::string>> read_only_names_;
    std::vector<attribute_definition> definitions_[3];
};

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/schema.hpp>
#endif

#endif
