#ifndef USAGE_SESSION_SRC_HPP
#define USAGE_SESSION_SRC_HPP

/** @file
    Every definition of the library, for separate compilation
    (docs/separate-compilation.md): with `USAGE_SESSION_SEPARATE_COMPILATION`
    defined in every translation unit of the program, include this header
    in exactly one of them. The CMake option of the same name does both.
*/

#ifndef USAGE_SESSION_SEPARATE_COMPILATION
#error "<usage_session/src.hpp> is for separate compilation: define USAGE_SESSION_SEPARATE_COMPILATION in every translation unit of the program (header-only use needs no src.hpp)"
#endif

#ifndef USAGE_SESSION_SOURCE
#define USAGE_SESSION_SOURCE
#endif

#include <usage_session.hpp>

// A library header read earlier in this file left its impl/ file out; each
// is included here, in an order where every impl/ file comes after those
// whose definitions it uses. Include guards skip the ones already read.
#include <usage_session/impl/error.hpp>
#include <usage_session/impl/json_pointer.hpp>
#include <usage_session/impl/report.hpp>
#include <usage_session/impl/lifecycle.hpp>
#include <usage_session/impl/options.hpp>
#include <usage_session/impl/timestamp.hpp>
#include <usage_session/impl/path.hpp>
#include <usage_session/impl/schema.hpp>
#include <usage_session/impl/merge_patch.hpp>
#include <usage_session/impl/validate.hpp>
#include <usage_session/impl/update.hpp>
#include <usage_session/impl/parse.hpp>
#include <usage_session/impl/validate_bytes.hpp>
#include <usage_session/impl/problem.hpp>
#include <usage_session/impl/platform_error.hpp>
#include <usage_session/impl/platform_template.hpp>
#include <usage_session/impl/schema_json.hpp>
#include <usage_session/impl/session_view.hpp>
#include <usage_session/impl/json_schema.hpp>
#include <usage_session/impl/serialize.hpp>

#endif
