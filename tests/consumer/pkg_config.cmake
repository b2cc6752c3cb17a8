# cmake -P script: compiles and runs main.cpp with nothing but the flags of
# `pkg-config --cflags --libs usage_session`, as a Makefile user would.
# Variables: PKG_CONFIG, PC_DIR (folder of usage_session.pc), CXX, SOURCE,
# BINARY_DIR, EXPECTED_VERSION.
set(ENV{PKG_CONFIG_PATH} "${PC_DIR}")
execute_process(COMMAND ${PKG_CONFIG} --modversion usage_session
  OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE status)
if(NOT status EQUAL 0 OR NOT version STREQUAL EXPECTED_VERSION)
  message(FATAL_ERROR "pkg-config --modversion usage_session: '${version}' (status ${status}), expected ${EXPECTED_VERSION}")
endif()
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs usage_session
  OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "pkg-config --cflags --libs usage_session failed")
endif()
message(STATUS "pkg-config flags: ${flags}")
separate_arguments(flags UNIX_COMMAND "${flags}")
file(MAKE_DIRECTORY ${BINARY_DIR})
execute_process(COMMAND ${CXX} -std=c++17 -DUSAGE_SESSION_EXPECTED_VERSION_STRING="${EXPECTED_VERSION}"
                        ${SOURCE} -o ${BINARY_DIR}/consumer ${flags}
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "compiling with the pkg-config flags failed")
endif()
execute_process(COMMAND ${BINARY_DIR}/consumer RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the consumer exited with ${status}")
endif()
