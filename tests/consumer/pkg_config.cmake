# cmake -P script: compiles and runs main.cpp with nothing but the flags of
# `pkg-config --cflags --libs usage_session`, as a Makefile user would, and
# with strict warnings as errors: pkg-config gives a plain -I, so this also
# holds the library's headers themselves to those warnings.
# Variables:
#   PKG_CONFIG, SOURCE, BINARY_DIR, EXPECTED_VERSION
#   CXX, OTHER_CXX        compilers (OTHER_CXX may be empty): each builds
#                         and runs the consumer
#   PC_DIR                folder of usage_session.pc; empty: pkg-config's own
#                         search path (an installed Debian package)
#   EXPECTED_WITH_RE2, EXPECTED_SEPARATE_COMPILATION   ON/OFF, when set
if(PC_DIR)
  set(ENV{PKG_CONFIG_PATH} "${PC_DIR}")
endif()
function(pkg_config out)
  execute_process(COMMAND ${PKG_CONFIG} ${ARGN} usage_session
    OUTPUT_VARIABLE value OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "pkg-config ${ARGN} usage_session failed (status ${status})")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

pkg_config(version --modversion)
if(NOT version STREQUAL EXPECTED_VERSION)
  message(FATAL_ERROR "pkg-config --modversion usage_session: '${version}', expected ${EXPECTED_VERSION}")
endif()
pkg_config(with_re2 --variable=with_re2)
pkg_config(separate --variable=separate_compilation)
pkg_config(flags --cflags --libs)
message(STATUS "pkg-config: with_re2=${with_re2} separate_compilation=${separate}; flags: ${flags}")
if(DEFINED EXPECTED_WITH_RE2 AND NOT with_re2 STREQUAL EXPECTED_WITH_RE2)
  message(FATAL_ERROR "usage_session.pc says with_re2=${with_re2}, expected ${EXPECTED_WITH_RE2}")
endif()
if(DEFINED EXPECTED_SEPARATE_COMPILATION AND NOT separate STREQUAL EXPECTED_SEPARATE_COMPILATION)
  message(FATAL_ERROR "usage_session.pc says separate_compilation=${separate}, expected ${EXPECTED_SEPARATE_COMPILATION}")
endif()
# The flags must say what the variables say.
if(with_re2 AND NOT flags MATCHES "-DUSAGE_SESSION_HAS_RE2.*-lre2")
  message(FATAL_ERROR "a copy with RE2, and the flags lack -DUSAGE_SESSION_HAS_RE2 or -lre2")
elseif(NOT with_re2 AND flags MATCHES "RE2|-lre2")
  message(FATAL_ERROR "a copy without RE2, and the flags name it")
endif()
if(separate AND NOT flags MATCHES "-DUSAGE_SESSION_SEPARATE_COMPILATION.*-lusage_session")
  message(FATAL_ERROR "a separately compiled copy, and the flags lack the macro or -lusage_session")
elseif(NOT separate AND flags MATCHES "SEPARATE_COMPILATION|-lusage_session")
  message(FATAL_ERROR "a header-only copy, and the flags name a library of its own")
endif()

separate_arguments(flags UNIX_COMMAND "${flags}")
file(MAKE_DIRECTORY ${BINARY_DIR})
foreach(cxx IN ITEMS ${CXX} ${OTHER_CXX})
  get_filename_component(name ${cxx} NAME)
  set(program ${BINARY_DIR}/consumer-${name})
  execute_process(COMMAND ${cxx} -std=c++17 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror
                          -DUSAGE_SESSION_EXPECTED_VERSION_STRING="${EXPECTED_VERSION}"
                          ${SOURCE} -o ${program} ${flags}
    RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "compiling with ${cxx} and the pkg-config flags failed")
  endif()
  execute_process(COMMAND ${program} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "the consumer built by ${cxx} exited with ${status}")
  endif()
endforeach()
