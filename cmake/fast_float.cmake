# Exact number reading (detail/patch_parser.hpp): std::from_chars for
# double where the standard library has it (libstdc++ 11 and newer, MSVC,
# libc++ 20 and newer), else the fast_float library (Debian's
# libfast-float-dev; CMake package FastFloat, target FastFloat::fast_float).
# Included from the top-level CMakeLists.txt after the usage_session target
# is defined. Sets, for the installed package's config file:
#   usage_session_needs_fast_float          ON when fast_float is used
#   usage_session_needs_fast_float_package  ON when through the FastFloat
#                                           package (the config file must then
#                                           find_dependency(FastFloat CONFIG))
include(CheckCXXSourceCompiles)
include(CMakePushCheckState)

cmake_push_check_state(RESET)
set(CMAKE_REQUIRED_QUIET ON)
# The standard the library asks for (cxx_std_17), unless the build asks for more.
if(NOT CMAKE_CXX_STANDARD)
  set(CMAKE_REQUIRED_FLAGS "${CMAKE_CXX17_STANDARD_COMPILE_OPTION}")
endif()
check_cxx_source_compiles([[
#include <charconv>
int main()
{
    char const text[] = "1.5";
    double d = 0;
    auto const r = std::from_chars(text, text + 3, d);
    return r.ec == std::errc() ? 0 : 1;
}
]] usage_session_has_from_chars_double)
cmake_pop_check_state()

set(usage_session_needs_fast_float OFF)
set(usage_session_needs_fast_float_package OFF)
if(NOT usage_session_has_from_chars_double)
  set(usage_session_needs_fast_float ON)
  find_package(FastFloat CONFIG QUIET)
  if(TARGET FastFloat::fast_float)
    set(_us_fast_float FastFloat::fast_float)
    set(usage_session_needs_fast_float_package ON)
  else()
    # Without a CMake package: the header alone, wherever it is.
    find_path(USAGE_SESSION_FAST_FLOAT_INCLUDE_DIR fast_float/fast_float.h)
    if(NOT USAGE_SESSION_FAST_FLOAT_INCLUDE_DIR)
      message(FATAL_ERROR
        "usage_session: this standard library has no std::from_chars for double, so numbers "
        "are read with fast_float, which was not found. Install it (Debian: libfast-float-dev) "
        "or set FastFloat_DIR or USAGE_SESSION_FAST_FLOAT_INCLUDE_DIR.")
    endif()
    add_library(usage_session_fast_float INTERFACE)
    target_include_directories(usage_session_fast_float SYSTEM INTERFACE
      $<BUILD_INTERFACE:${USAGE_SESSION_FAST_FLOAT_INCLUDE_DIR}>)
    set(_us_fast_float usage_session_fast_float)
    # The header-only stand-in travels with the package's export set (it
    # installs no file).
    if(NOT DEFINED USAGE_SESSION_INSTALL OR USAGE_SESSION_INSTALL)
      install(TARGETS usage_session_fast_float EXPORT usage_session-targets)
    endif()
  endif()
  get_target_property(_us_type usage_session TYPE)
  if(_us_type STREQUAL "INTERFACE_LIBRARY")
    target_link_libraries(usage_session INTERFACE ${_us_fast_float})
  else()
    target_link_libraries(usage_session PUBLIC ${_us_fast_float})
  endif()
  message(STATUS "usage_session: no std::from_chars for double; numbers are read with fast_float (${_us_fast_float})")
  unset(_us_type)
  unset(_us_fast_float)
endif()
