# A stand-in for Boost's own CMake package, for builds that cannot link the
# Boost libraries of the host, or that test against another Boost.JSON:
#  - the 32-bit ARM cross build (no armhf Boost installed; see
#    cmake/arm-linux-gnueabihf.cmake and docs/platforms.md);
#  - builds with another standard library (clang++ -stdlib=libc++: Debian's
#    libboost_json and libboost_unit_test_framework use libstdc++);
#  - builds instrumented all the way down (ThreadSanitizer);
#  - a Boost.JSON overlay: USAGE_SESSION_BOOST_JSON_ROOT=<folder with include/>
#    holding Boost.JSON and the header libraries it uses at another release
#    (1.83, 1.90, ...). Its include/ comes first, the host's Boost headers
#    after it (Date_Time, Test, ... stay at the host's release), and
#    Boost_VERSION is the overlay's (its boost/version.hpp).
# It uses the host's Boost headers, which are architecture-independent, and
# compiles what is not header-only into the build:
#   Boost::json                 static library from <boost/json/src.hpp>
#   Boost::unit_test_framework  static library from Boost.Test's .ipp sources,
#                               built so that BOOST_TEST_DYN_LINK test modules
#                               (tests/main.cpp defines main) link against it
#   Boost::date_time, Boost::system, Boost::headers: header-only.
# Select it with -DBoost_DIR=<source>/cmake/boost-from-source (the ARM
# toolchain file does; the top-level CMakeLists.txt does when
# USAGE_SESSION_BOOST_JSON_ROOT is set). USAGE_SESSION_BOOST_INCLUDE_DIR: where
# the host's boost/ is (default /usr/include).
include(${CMAKE_CURRENT_LIST_DIR}/version.cmake)
set(Boost_FOUND TRUE)
if(_us_boost_version STREQUAL "")
  set(Boost_FOUND FALSE)
  set(Boost_NOT_FOUND_MESSAGE "no boost/version.hpp with BOOST_VERSION in ${_us_boost_version_file}")
  return()
endif()
if(_us_boost_overlay_include AND NOT EXISTS ${_us_boost_overlay_include}/boost/json/src.hpp)
  set(Boost_FOUND FALSE)
  set(Boost_NOT_FOUND_MESSAGE "USAGE_SESSION_BOOST_JSON_ROOT: no include/boost/json/src.hpp in ${USAGE_SESSION_BOOST_JSON_ROOT}")
  return()
endif()
set(Boost_VERSION ${_us_boost_version})
set(Boost_VERSION_STRING ${_us_boost_version})
# Never put the host's /usr/include itself on a cross compiler's path (its
# C library headers would shadow the target's): a folder holding only boost/.
set(_us_boost_dir ${CMAKE_BINARY_DIR}/boost-from-source)
if(NOT EXISTS ${_us_boost_dir}/include/boost)
  file(MAKE_DIRECTORY ${_us_boost_dir}/include)
  file(CREATE_LINK ${_us_boost_host_include}/boost ${_us_boost_dir}/include/boost SYMBOLIC)
endif()
set(_us_boost_includes ${_us_boost_overlay_include} ${_us_boost_dir}/include)
if(NOT TARGET Boost::headers)
  if(_us_boost_overlay_include)
    message(STATUS "Boost ${Boost_VERSION}: Boost.JSON from ${_us_boost_overlay_include} over the Boost headers "
                   "in ${_us_boost_host_include}, compiled into the build")
  else()
    message(STATUS "Boost ${Boost_VERSION}: headers in ${_us_boost_host_include}, Boost.JSON and Boost.Test "
                   "compiled into the build")
  endif()
endif()

if(NOT TARGET Boost::headers)
  add_library(Boost::headers INTERFACE IMPORTED GLOBAL)
  set_target_properties(Boost::headers PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_us_boost_includes}"
    INTERFACE_COMPILE_DEFINITIONS "BOOST_ALL_NO_LIB")
  foreach(_us_name IN ITEMS boost system date_time)
    add_library(Boost::${_us_name} INTERFACE IMPORTED GLOBAL)
    set_target_properties(Boost::${_us_name} PROPERTIES INTERFACE_LINK_LIBRARIES Boost::headers)
  endforeach()
endif()

if(NOT TARGET usage_session_boost_json)
  file(WRITE ${_us_boost_dir}/boost_json.cpp "#include <boost/json/src.hpp>\n")
  add_library(usage_session_boost_json STATIC EXCLUDE_FROM_ALL ${_us_boost_dir}/boost_json.cpp)
  target_link_libraries(usage_session_boost_json PUBLIC Boost::headers)
  target_compile_features(usage_session_boost_json PUBLIC cxx_std_17)
  # An imported target (not an alias): the project's export set names
  # Boost::json, and imported targets may be named there.
  add_library(Boost::json INTERFACE IMPORTED GLOBAL)
  set_target_properties(Boost::json PROPERTIES INTERFACE_LINK_LIBRARIES usage_session_boost_json)
endif()

if(NOT TARGET usage_session_boost_unit_test_framework)
  # included/unit_test.hpp would #undef BOOST_TEST_DYN_LINK; list its .ipp
  # files instead, with BOOST_TEST_DYN_LINK so that main() stays in the test
  # module and unit_test_main has the signature the module calls.
  set(_us_ipp compiler_log_formatter junit_log_formatter debug decorator framework execution_monitor
      plain_report_formatter progress_monitor results_collector results_reporter
      test_framework_init_observer test_tools test_tree unit_test_log unit_test_main unit_test_monitor
      unit_test_parameters xml_log_formatter xml_report_formatter)
  set(_us_text "#define BOOST_TEST_SOURCE\n")
  foreach(f IN LISTS _us_ipp)
    string(APPEND _us_text "#include <boost/test/impl/${f}.ipp>\n")
  endforeach()
  file(WRITE ${_us_boost_dir}/boost_unit_test_framework.cpp "${_us_text}")
  add_library(usage_session_boost_unit_test_framework STATIC EXCLUDE_FROM_ALL
              ${_us_boost_dir}/boost_unit_test_framework.cpp)
  target_compile_definitions(usage_session_boost_unit_test_framework PUBLIC BOOST_TEST_DYN_LINK)
  target_link_libraries(usage_session_boost_unit_test_framework PUBLIC Boost::headers)
  add_library(Boost::unit_test_framework INTERFACE IMPORTED GLOBAL)
  set_target_properties(Boost::unit_test_framework PROPERTIES
    INTERFACE_LINK_LIBRARIES usage_session_boost_unit_test_framework)
endif()
unset(_us_ipp)
unset(_us_text)
unset(_us_boost_includes)
