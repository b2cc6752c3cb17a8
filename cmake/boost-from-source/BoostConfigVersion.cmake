# Version of the Boost headers cmake/boost-from-source/BoostConfig.cmake
# wraps: read from boost/version.hpp (the overlay's when
# USAGE_SESSION_BOOST_JSON_ROOT is set).
include(${CMAKE_CURRENT_LIST_DIR}/version.cmake)
if(_us_boost_version STREQUAL "")
  set(PACKAGE_VERSION 0.0.0)
  set(PACKAGE_VERSION_UNSUITABLE TRUE)
  return()
endif()
set(PACKAGE_VERSION ${_us_boost_version})
if(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION VERSION_EQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()
