#ifndef USAGE_SESSION_JSON_POINTER_HPP
#define USAGE_SESSION_JSON_POINTER_HPP

/** @file
    RFC 6901 JSON Pointer escaping, as used in every usage_session::violation.
*/

#include <usage_session/detail/config.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace usage_session {

/** Appends `/` and the escaped `token` to `pointer` (RFC 6901 §3).

    `~` becomes `~0` and `/` becomes `~1`; every other byte is kept as is.

    @par Complexity Linear in `token.size()`.
    @par Exception Safety Strong; only `std::bad_alloc` may be thrown.
*/
USAGE_SESSION_DECL
void append_pointer_token(std::string& pointer, std::string_view token);

/// Appends `/` and the decimal `index` of an array element to `pointer`.
USAGE_SESSION_DECL
void append_pointer_index(std::string& pointer, std::size_t index);

/** Builds a one-level pointer: `make_pointer("a/b")` is `"/a~1b"`. */
USAGE_SESSION_DECL
std::string make_pointer(std::string_view token);

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/json_pointer.hpp>
#endif

#endif
