# Shared by BoostConfig.cmake and BoostConfigVersion.cmake: where the Boost
# headers are, and the version they say they are (boost/version.hpp).
#   USAGE_SESSION_BOOST_INCLUDE_DIR  folder with boost/ (default /usr/include)
#   USAGE_SESSION_BOOST_JSON_ROOT    optional overlay: a folder whose include/
#                                    holds Boost.JSON and the header libraries
#                                    it uses at another release; it comes first
#                                    on the include path, and its version is
#                                    the one reported.
# Sets _us_boost_host_include, _us_boost_overlay_include (or "") and
# _us_boost_version (x.y.z, or "" when boost/version.hpp is missing).
if(DEFINED USAGE_SESSION_BOOST_INCLUDE_DIR AND NOT USAGE_SESSION_BOOST_INCLUDE_DIR STREQUAL "")
  set(_us_boost_host_include ${USAGE_SESSION_BOOST_INCLUDE_DIR})
else()
  set(_us_boost_host_include /usr/include)
endif()
set(_us_boost_overlay_include "")
if(DEFINED USAGE_SESSION_BOOST_JSON_ROOT AND NOT USAGE_SESSION_BOOST_JSON_ROOT STREQUAL "")
  get_filename_component(_us_boost_overlay_include ${USAGE_SESSION_BOOST_JSON_ROOT}/include ABSOLUTE)
  set(_us_boost_version_file ${_us_boost_overlay_include}/boost/version.hpp)
else()
  set(_us_boost_version_file ${_us_boost_host_include}/boost/version.hpp)
endif()
set(_us_boost_version "")
if(EXISTS ${_us_boost_version_file})
  # #define BOOST_VERSION 109000  ->  1.90.0
  file(STRINGS ${_us_boost_version_file} _us_boost_version_line REGEX "^#define BOOST_VERSION [0-9]+")
  string(REGEX REPLACE "^#define BOOST_VERSION ([0-9]+).*" "\\1" _us_boost_number "${_us_boost_version_line}")
  if(_us_boost_number MATCHES "^[0-9]+$")
    math(EXPR _us_boost_major "${_us_boost_number} / 100000")
    math(EXPR _us_boost_minor "${_us_boost_number} / 100 % 1000")
    math(EXPR _us_boost_patch "${_us_boost_number} % 100")
    set(_us_boost_version ${_us_boost_major}.${_us_boost_minor}.${_us_boost_patch})
  endif()
endif()
