# Install rules, the CMake package, the pkg-config file and the Debian package
# of usage_session. Included by the top-level CMakeLists.txt after every
# file that decides what the package needs (cmake/re2.cmake,
# cmake/fast_float.cmake), since the package files are written here from
# their variables.
#
# Only with USAGE_SESSION_INSTALL (ON when this is the top-level project): a
# project that add_subdirectory()s or FetchContent()s usage_session installs
# its own files with `cmake --install`, none of ours. The build-tree package
# (export() below) needs the export set, so it comes with the install rules.
if(NOT USAGE_SESSION_INSTALL)
  return()
endif()

# Header-only, the package is the same on every architecture: CMake and
# pkg-config files under share/. With USAGE_SESSION_SEPARATE_COMPILATION it
# holds a static library, so they go under lib/ (lib/<multiarch> on Debian
# when configured for /usr) next to it, as for any compiled library.
get_target_property(_us_type usage_session TYPE)
if(_us_type STREQUAL "INTERFACE_LIBRARY")
  set(usage_session_separate_compilation OFF)
  set(_us_package_dir ${CMAKE_INSTALL_DATADIR})
  set(_us_arch_independent ARCH_INDEPENDENT)
else()
  set(usage_session_separate_compilation ON)
  set(_us_package_dir ${CMAKE_INSTALL_LIBDIR})
  set(_us_arch_independent "")
endif()
# The tests (tests/CMakeLists.txt) look for the installed files here.
set(usage_session_install_cmakedir ${_us_package_dir}/cmake/usage_session)
set(usage_session_install_pkgconfigdir ${_us_package_dir}/pkgconfig)

install(TARGETS usage_session EXPORT usage_session-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT usage_session-targets NAMESPACE usage_session::
        DESTINATION ${usage_session_install_cmakedir})

# What usage_sessionConfig.cmake records about this copy. fast_float: set by
# cmake/fast_float.cmake when the standard library has no std::from_chars
# for double; OFF when that file did not run or did not need it.
foreach(_us_var usage_session_needs_fast_float usage_session_needs_fast_float_package)
  if(NOT ${_us_var})
    set(${_us_var} OFF)
  endif()
endforeach()
configure_package_config_file(cmake/usage_sessionConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/usage_sessionConfig.cmake
  INSTALL_DESTINATION ${usage_session_install_cmakedir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/usage_sessionConfigVersion.cmake
  COMPATIBILITY SameMinorVersion ${_us_arch_independent})
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/usage_sessionConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/usage_sessionConfigVersion.cmake
        DESTINATION ${usage_session_install_cmakedir})
# The build tree is a package too: -Dusage_session_DIR=<this build folder>
# finds the config and version files above next to this targets file.
export(EXPORT usage_session-targets NAMESPACE usage_session::
       FILE ${CMAKE_CURRENT_BINARY_DIR}/usage_session-targets.cmake)

# pkg-config, for builds without CMake. Paths are relative to the .pc file
# (${pcfiledir}), so an installed tree can be moved; but a build for /usr (a
# distribution's package, scripts/test-deb) says /usr, so that pkg-config
# drops -I/usr/include as it does for every system package.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(usage_session_pc_prefix /usr)
else()
  file(RELATIVE_PATH usage_session_pc_prefix
       ${CMAKE_INSTALL_PREFIX}/${usage_session_install_pkgconfigdir} ${CMAKE_INSTALL_PREFIX})
  string(REGEX REPLACE "/$" "" usage_session_pc_prefix "\${pcfiledir}/${usage_session_pc_prefix}")
endif()
if(usage_session_separate_compilation)
  set(usage_session_pc_libs "-L\${libdir} -lusage_session -lboost_json")
  set(usage_session_pc_cflags_mode " -DUSAGE_SESSION_SEPARATE_COMPILATION")
else()
  set(usage_session_pc_libs "-lboost_json")
  set(usage_session_pc_cflags_mode "")
endif()
configure_file(cmake/usage_session.pc.in ${CMAKE_CURRENT_BINARY_DIR}/usage_session.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/usage_session.pc
        DESTINATION ${usage_session_install_pkgconfigdir})

# The Debian package: `cpack -G DEB` in a build folder configured with
# -DCMAKE_INSTALL_PREFIX=/usr (scripts/test-deb). Only for this project's own
# builds, never inside a consumer's (whose CPack would pack our files).
if(PROJECT_IS_TOP_LEVEL)
  set(CPACK_GENERATOR DEB)
  set(CPACK_PACKAGE_NAME libusage-session-dev)
  set(CPACK_PACKAGE_VENDOR "usage_session")
  set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
  set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
  set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_DEBIAN_PACKAGE_MAINTAINER "usage_session maintainers <usage-session@invalid>")
  set(CPACK_DEBIAN_PACKAGE_SECTION libdevel)
  # The summary above is the first line of the Description; this is the rest.
  set(CPACK_PACKAGE_DESCRIPTION
      "usage_session validates Update Usage Session patch documents and applies\n"
      "them to stored sessions with JSON Merge Patch (RFC 7396) semantics.\n\n"
      "This package holds the headers, the CMake package (find_package) and the\n"
      "pkg-config file.")
  string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
  # Boost.JSON's development package brings the Boost headers (Date_Time,
  # System) and the CMake files find_package(Boost) reads; Debian releases
  # after 12 name it libboost-json-dev. RE2 only when this copy uses it.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libboost-json1.81-dev | libboost-json-dev (>= 1.81)")
  if(usage_session_with_re2)
    string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libre2-dev")
  endif()
  if(usage_session_needs_fast_float)
    string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libfast-float-dev")
  endif()
  if(NOT usage_session_separate_compilation)
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE all)
  endif()
  include(CPack)
endif()

unset(_us_type)
unset(_us_package_dir)
unset(_us_arch_independent)
unset(_us_var)
