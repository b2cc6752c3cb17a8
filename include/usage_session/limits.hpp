#ifndef USAGE_SESSION_LIMITS_HPP
#define USAGE_SESSION_LIMITS_HPP

/** @file
    Limits shared by parsing and validation: the nesting ceiling. A header
    of its own, so that schema.hpp need not include the parser.
*/

#include <cstddef>

namespace usage_session {

/** The deepest nesting any limit may allow: @ref parse_limits::max_depth
    and @ref schema_builder::max_depth ask for at most this many levels, and
    a larger request is clamped to it.

    Parsing (Boost.JSON's parser), validation, copying and destroying a
    value recurse once per level, so the ceiling is what the stack must
    hold: 256 levels fit in a thread with a 256 KiB stack in a normal
    build, and with a 1 MiB stack under AddressSanitizer, whose frames are
    several times larger (docs/decisions.md, "Depth ceiling"). It is also
    the largest `maxDepth` of a schema document.
*/
inline constexpr std::size_t max_depth_ceiling = 256;

namespace detail {

// A requested depth limit, clamped to the ceiling.
constexpr std::size_t effective_depth(std::size_t requested) noexcept
{
    return requested < max_depth_ceiling ? requested : max_depth_ceiling;
}

}   // namespace detail
}   // namespace usage_session

#endif
