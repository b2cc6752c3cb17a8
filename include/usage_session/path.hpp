#ifndef USAGE_SESSION_PATH_HPP
#define USAGE_SESSION_PATH_HPP

/** @file
    The path parameters of `PATCH .../devices/{deviceId}/usage-sessions/{id}`.
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/report.hpp>

#include <cstddef>
#include <string_view>

namespace usage_session {

/// The longest accepted `deviceId`, in bytes.
inline constexpr std::size_t max_device_id_bytes = 256;

/** Checks the path parameters (docs/contract.md §4).

    @li `device_id` (pointer `/deviceId`): non-empty, at most 256 bytes, valid
        UTF-8, no control characters (C0, DEL, C1) → else `bad_device_id`.
    @li `id` (pointer `/id`): a UUID in 8-4-4-4-12 hex form, 36 characters,
        any case, any version or variant; no braces, no `urn:uuid:` prefix →
        else `bad_uuid`.

    Pass the decoded values: percent-decoding is the HTTP layer's job.

    @par Complexity Linear in the input sizes.
    @par Exception Safety Only `std::bad_alloc` may be thrown (for a message).
*/
USAGE_SESSION_DECL
report validate_path(std::string_view device_id, std::string_view id);

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/path.hpp>
#endif

#endif
