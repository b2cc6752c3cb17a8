#ifndef USAGE_SESSION_PARSE_HPP
#define USAGE_SESSION_PARSE_HPP

/** @file
    The front door for raw request bytes (docs/contract.md §8).
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/limits.hpp>
#include <usage_session/json_pointer.hpp>
#include <usage_session/report.hpp>

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <cstddef>
#include <string_view>

namespace usage_session {

/// Limits applied by @ref parse_patch before and while parsing.
struct parse_limits
{
    /// Larger bodies are rejected with `too_large` before any parsing.
    std::size_t max_bytes = 1024 * 1024;

    /// Deeper nesting is rejected with `too_deep`; the top-level object is depth 1.
    /// At most @ref max_depth_ceiling (256): a larger value counts as 256.
    std::size_t max_depth = 32;
};

/** Parses a request body into a JSON value, rejecting what no validator
    should ever see.

    Each failure is a one-entry report whose message gives the byte offset:
    @li `too_large`: `body.size() > limits.max_bytes` (checked first, the body
        is not read);
    @li `invalid_json`: malformed JSON, invalid UTF-8 (overlong forms, lone
        surrogates, stray bytes, also as `\u` escapes), or a number that
        overflows a double (`1e400`), which would otherwise become infinity
        (a finite number reads as its double however long its exponent:
        `0e999999999999` is 0, `1e-999999999999` is 0);
    @li `too_deep`: nesting deeper than `limits.max_depth`, or than
        @ref max_depth_ceiling when `limits.max_depth` is larger;
    @li `duplicate_key`: a member name that appears twice in one object, at
        any depth, compared after unescaping (`"_state"` and `"_st\u0061te"`
        are the same name). The pointer names the duplicate member.

    It does not check the schema: call @ref validate_patch or
    @ref apply_update next.

    @param body the raw request body (JSON text in UTF-8).
    @param limits the size and depth limits.
    @param sp the memory resource of the returned value. A typical patch
        needs no other memory (the parser's scratch fits about 5 KiB of
        stack), so a `monotonic_resource` over a fixed buffer with the null
        resource upstream serves it without the heap. A bigger body's
        scratch, and a failing body's report and re-reads, use the default
        resource, as `boost::json::parse` does.
    @par Complexity Linear in `body.size()` (a failing body is read at most
    four times to find the first problem and its exact offset).
    @par Exception Safety Only `std::bad_alloc` may be thrown (also when `sp`
    runs out).
*/
USAGE_SESSION_DECL
boost::system::result<boost::json::value, report>
parse_patch(std::string_view body, parse_limits const& limits = {},
            boost::json::storage_ptr sp = {});

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/parse.hpp>
#endif

#endif
