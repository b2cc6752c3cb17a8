#ifndef USAGE_SESSION_HPP
#define USAGE_SESSION_HPP

/** @file
    The whole library: validate and apply Update Usage Session patches.
*/

#include <usage_session/error.hpp>
#include <usage_session/json_pointer.hpp>
#include <usage_session/lifecycle.hpp>
#include <usage_session/merge_patch.hpp>
#include <usage_session/options.hpp>
#include <usage_session/parse.hpp>
#include <usage_session/path.hpp>
#include <usage_session/platform_error.hpp>
#include <usage_session/problem.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>
#include <usage_session/session_view.hpp>
#include <usage_session/timestamp.hpp>
#include <usage_session/update.hpp>
#include <usage_session/validate.hpp>
#include <usage_session/version.hpp>

#endif
