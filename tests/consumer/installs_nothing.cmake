# cmake -P script: which files of usage_session an installation holds.
# Variables:
#   PREFIX     the installation to look at
#   BUILD_DIR  when set, a consumer build folder: its `cmake --install` runs
#              into a fresh PREFIX first (and must install the consumer)
#   EXPECT     "none": no file of usage_session may be there (a consumer
#              that add_subdirectory()s or FetchContent()s it); "some": there
#              must be (the library's own installation: this script's
#              failing case, proving that it recognises them)
get_filename_component(PREFIX "${PREFIX}" ABSOLUTE)
if(BUILD_DIR)
  file(REMOVE_RECURSE ${PREFIX})
  execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "cmake --install ${BUILD_DIR} failed")
  endif()
  if(NOT EXISTS ${PREFIX}/bin/consumer)
    message(FATAL_ERROR "the consumer's own install rule did not run: no ${PREFIX}/bin/consumer")
  endif()
endif()
file(GLOB_RECURSE installed RELATIVE ${PREFIX} LIST_DIRECTORIES false ${PREFIX}/*)
set(ours ${installed})
list(FILTER ours INCLUDE REGEX "usage_session|usage-session")
list(LENGTH installed installed_count)
list(LENGTH ours ours_count)
message(STATUS "${PREFIX}: ${installed_count} files, ${ours_count} of usage_session")
if(EXPECT STREQUAL "none" AND ours_count GREATER 0)
  list(JOIN ours "\n  " ours)
  message(FATAL_ERROR "the consumer's install also installed usage_session:\n  ${ours}")
elseif(EXPECT STREQUAL "some" AND ours_count EQUAL 0)
  message(FATAL_ERROR "no file of usage_session in ${PREFIX}")
elseif(NOT EXPECT MATCHES "^(none|some)$")
  message(FATAL_ERROR "EXPECT must be none or some, not '${EXPECT}'")
endif()
