#ifndef USAGE_SESSION_SCHEMA_HPP
#define USAGE_SESSION_SCHEMA_HPP

/** @file
    What a valid patch looks like: system attribute rules plus the custom
    attribute policy of each scope (SPEC §2, §5).
*/

#include <cstddef>
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace usage_session {

/// Where a custom attribute lives in a session document.
enum class scope
{
    top_level,      ///< members of the session object itself
    configuration,  ///< members of `_configuration`
    summary         ///< members of `_summary`
};

/** The rules a patch is validated against. Immutable once built and safe to
    share between threads; build one with @ref schema_builder.

    @ref standard is the seed's schema with no tenant template: every system
    attribute rule of SPEC §2, and any custom attribute (name not starting
    with `_`) of any JSON type in every scope.
*/
class schema
{
public:
    /** The seed's schema (see the class description).

        Returns a reference to one immutable instance, built on first use in
        a thread-safe way, so passing it costs nothing.
    */
    static schema const& standard();

    /// Whether a patch must carry `_startTime` and `_state` (SPEC §2; default true).
    bool require_start_and_state() const noexcept { return require_start_and_state_; }

    /// Whether `name` (with its leading `_`) is a read-only system attribute.
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

private:
    friend class schema_builder;
    schema();

    std::vector<std::string> read_only_;   // sorted, for binary search
    bool require_start_and_state_ = true;
    bool accept_unknown_[3] = {true, true, true};
    std::size_t max_depth_ = 32;
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
        .build();
    @endcode
*/
class schema_builder
{
public:
    schema_builder() = default;

    /// SPEC §2: with `false`, a missing `_startTime`/`_state` keeps the stored value.
    schema_builder& require_start_and_state(bool on);

    /// Replaces the list of read-only system attributes (names start with `_`).
    schema_builder& read_only_attributes(std::vector<std::string> names);

    /// Whether custom attributes without a definition are accepted in `where`.
    schema_builder& accept_unknown(scope where, bool on);

    /// Nesting limit for values (default 32, as @ref parse_limits).
    schema_builder& max_depth(std::size_t levels);

    /// The schema; the builder can be reused.
    schema build() const;

private:
    schema schema_;
};

} // namespace usage_session

#include <usage_session/impl/schema.hpp>

#endif
