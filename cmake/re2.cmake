# RE2, the linear-time engine behind platform-template regex patterns
# (docs/platform-templates.md). Included by the top-level CMakeLists.txt once
# the usage_session target exists.
#
# USAGE_SESSION_WITH_RE2: OFF (default: never), ON (required: configuring
# fails without it), AUTO (use RE2 when it is found and links for this
# compiler). OFF by default so that what a build depends on and how it
# treats a template `regex` follow from its command line, never from what
# happens to be installed (docs/decisions.md, "Packaging"). RE2 is found
# through its CMake package (re2::re2, upstream RE2) or else pkg-config
# (Debian 12's libre2-dev ships only re2.pc). A cross build does not take the
# host's library: with CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY it is not
# found, and a test program that must link against it is the final check.
#
# When used, usage_session links it and defines USAGE_SESSION_HAS_RE2 for
# every consumer, and the installed package (usage_sessionConfig.cmake,
# usage_session.pc) asks for it again. Every configure prints which it is.
# Sets:
#   usage_session_with_re2       ON or OFF: what this build does (recorded in
#                                the package as usage_session_WITH_RE2)
#   usage_session_re2_provider   "config", "pkg-config" or "" (not used)
#   usage_session_pc_requires    "Requires: re2" or ""
#   usage_session_pc_cflags      " -DUSAGE_SESSION_HAS_RE2" or ""
set(USAGE_SESSION_WITH_RE2 OFF CACHE STRING "Use RE2 for template regex patterns: OFF (default), ON or AUTO")
set_property(CACHE USAGE_SESSION_WITH_RE2 PROPERTY STRINGS OFF ON AUTO)

set(usage_session_with_re2 OFF)
set(usage_session_re2_provider "")
set(usage_session_pc_requires "")
set(usage_session_pc_cflags "")

string(TOUPPER "${USAGE_SESSION_WITH_RE2}" _us_re2_mode)
if(NOT _us_re2_mode STREQUAL "AUTO")
  if(USAGE_SESSION_WITH_RE2)
    set(_us_re2_mode ON)
  else()
    set(_us_re2_mode OFF)
  endif()
endif()

if(NOT _us_re2_mode STREQUAL "OFF")
  set(_us_re2_target "")
  set(_us_re2_via "")
  find_package(re2 CONFIG QUIET)
  if(TARGET re2::re2)
    get_target_property(_us_re2_global re2::re2 IMPORTED_GLOBAL)
    if(NOT _us_re2_global)
      # Consumers that add_subdirectory() us link it from their own folders.
      set_target_properties(re2::re2 PROPERTIES IMPORTED_GLOBAL TRUE)
    endif()
    set(_us_re2_target re2::re2)
    set(_us_re2_via config)
  else()
    find_package(PkgConfig QUIET)
    if(PKG_CONFIG_FOUND)
      pkg_check_modules(re2 QUIET IMPORTED_TARGET GLOBAL re2)
      if(TARGET PkgConfig::re2)
        set(_us_re2_target PkgConfig::re2)
        set(_us_re2_via pkg-config)
      endif()
    endif()
  endif()

  if(_us_re2_target)
    include(CheckCXXSourceCompiles)
    set(CMAKE_REQUIRED_LIBRARIES ${_us_re2_target})
    set(CMAKE_REQUIRED_QUIET ON)
    check_cxx_source_compiles([[
#include <re2/re2.h>
int main() { return RE2::FullMatch("ab", "a+b") ? 0 : 1; }
]] USAGE_SESSION_RE2_LINKS)
    unset(CMAKE_REQUIRED_LIBRARIES)
    unset(CMAKE_REQUIRED_QUIET)
    if(USAGE_SESSION_RE2_LINKS)
      set(usage_session_re2_provider ${_us_re2_via})
    endif()
  endif()

  if(usage_session_re2_provider)
    target_link_libraries(usage_session ${usage_session_scope} ${_us_re2_target})
    target_compile_definitions(usage_session ${usage_session_scope} USAGE_SESSION_HAS_RE2)
    set(usage_session_with_re2 ON)
    set(usage_session_pc_requires "Requires: re2")
    set(usage_session_pc_cflags " -DUSAGE_SESSION_HAS_RE2")
    message(STATUS "usage_session: RE2 ON (USAGE_SESSION_WITH_RE2=${USAGE_SESSION_WITH_RE2}, found through "
                   "${usage_session_re2_provider}): template regex patterns are checked, and the package requires RE2")
  elseif(_us_re2_mode STREQUAL "ON")
    message(FATAL_ERROR "USAGE_SESSION_WITH_RE2=ON, but RE2 was not found or does not link for this compiler "
                        "(Debian: apt-get install libre2-dev; or -DUSAGE_SESSION_WITH_RE2=OFF)")
  else()
    message(STATUS "usage_session: RE2 OFF (USAGE_SESSION_WITH_RE2=AUTO, RE2 not found): "
                   "a template regex is a bad_schema mistake")
  endif()
else()
  message(STATUS "usage_session: RE2 OFF (USAGE_SESSION_WITH_RE2=${USAGE_SESSION_WITH_RE2}): a template regex is "
                 "a bad_schema mistake; -DUSAGE_SESSION_WITH_RE2=ON checks them with RE2")
endif()
