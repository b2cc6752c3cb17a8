#ifndef USAGE_SESSION_HPP
#define USAGE_SESSION_HPP

/** @file
    The whole library: validate and apply Update Usage Session patches.
*/

/** @namespace usage_session
    Everything the library offers: validation of Update Usage Session patches
    and stored sessions, RFC 7396 merging, path parameter checks, RFC 3339 UTC
    timestamps and RFC 9457 problem details. Names in `usage_session::detail`
    are internal.
*/

#include <usage_session/error.hpp>
#include <usage_session/json_pointer.hpp>
#include <usage_session/json_schema.hpp>
#include <usage_session/lifecycle.hpp>
#include <usage_session/limits.hpp>
#include <usage_session/merge_patch.hpp>
#include <usage_session/options.hpp>
#include <usage_session/parse.hpp>
#include <usage_session/path.hpp>
#include <usage_session/platform_error.hpp>
#include <usage_session/platform_template.hpp>
#include <usage_session/problem.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>
#include <usage_session/schema_json.hpp>
#include <usage_session/serialize.hpp>
#include <usage_session/session_view.hpp>
#include <usage_session/timestamp.hpp>
#include <usage_session/update.hpp>
#include <usage_session/validate.hpp>
#include <usage_session/validate_bytes.hpp>
#include <usage_session/version.hpp>

#endif
