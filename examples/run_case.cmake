# Runs the command-line example once and checks its exit status and output
# (CTest alone checks only "zero or not" and one output regex):
#
#   cmake -DPROGRAM=<exe> [-DARGS=a|b|c] [-DSTDIN=<file> | -DSTDIN_PIPE=<file>]
#         [-DSTDOUT_FILE=<file>]
#         -DEXPECT_STATUS=<n> [-DEXPECT_STDOUT=<regex>] [-DEXPECT_STDERR=<regex>]
#         [-DSTDERR_MORE=<regex>]
#         [-DLARGE_FILE=<path>] [-DUNREADABLE_FILE=<path>] [-DEMULATOR=qemu|-L|dir]
#         -P run_case.cmake
#
# ARGS separates arguments with | (a ; would split the test's command line).
# STDIN gives the program a file as standard input, STDIN_PIPE a pipe that
# cat feeds from the file.
# EXPECT_STDOUT must match all of standard output but its final newline
# (STDOUT_FILE sends it to a file instead, e.g. /dev/full). EXPECT_STDERR
# must match the first line of standard error, which must be its only line
# unless STDERR_MORE is given (a regex the rest must contain). A stream
# without an expectation must be empty. LARGE_FILE is written first: a
# JSON object of 1 MiB + 1 KiB, over parse_limits' default. UNREADABLE_FILE
# is written with mode 000; root reads any file whatever its mode, so when
# this runs as root the program runs as the user nobody (setpriv), and the
# case is skipped ("SKIPPED:") where that is not possible.

foreach(required PROGRAM EXPECT_STATUS)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "run_case.cmake: ${required} is not set")
  endif()
endforeach()

string(REPLACE "|" ";" args "${ARGS}")
# A cross-compiled program runs under its emulator (| separates its words).
string(REPLACE "|" ";" emulator "${EMULATOR}")
set(launcher "")

if(DEFINED LARGE_FILE)
  string(REPEAT "x" 1024 kib)
  string(REPEAT "${kib}" 1025 body)
  file(WRITE "${LARGE_FILE}" "{\"ward\": \"${body}\"}\n")
endif()

if(DEFINED UNREADABLE_FILE)
  file(REMOVE "${UNREADABLE_FILE}")
  file(WRITE "${UNREADABLE_FILE}" "{}\n")
  execute_process(COMMAND chmod 000 "${UNREADABLE_FILE}" RESULT_VARIABLE chmod_status)
  if(NOT chmod_status EQUAL 0)
    message(FATAL_ERROR "run_case.cmake: cannot chmod 000 ${UNREADABLE_FILE}")
  endif()
  execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(uid STREQUAL "0")
    find_program(SETPRIV setpriv)
    if(NOT SETPRIV)
      message("SKIPPED: running as root and setpriv (util-linux) is missing")
      return()
    endif()
    # A --coverage build writes .gcda files beside its objects when the
    # program ends, which nobody may not: GCOV_PREFIX sends them to a
    # folder of this case instead (their counts are lost; every line this
    # case runs, the root-run cases run too). Other builds ignore it.
    get_filename_component(case_dir "${UNREADABLE_FILE}" DIRECTORY)
    set(gcov_dir "${case_dir}/gcov-as-nobody")
    file(MAKE_DIRECTORY "${gcov_dir}")
    execute_process(COMMAND chmod 1777 "${gcov_dir}")
    set(launcher ${SETPRIV} --reuid=65534 --regid=65534 --clear-groups
                 ${CMAKE_COMMAND} -E env GCOV_PREFIX=${gcov_dir})
  endif()
endif()

set(redirections "")
set(feeder "")
if(DEFINED STDIN)
  list(APPEND redirections INPUT_FILE "${STDIN}")
elseif(DEFINED STDIN_PIPE)
  # Through a pipe, whose size the program cannot know in advance.
  set(feeder COMMAND cat "${STDIN_PIPE}")
endif()
if(DEFINED STDOUT_FILE)
  list(APPEND redirections OUTPUT_FILE "${STDOUT_FILE}")
else()
  list(APPEND redirections OUTPUT_VARIABLE out)
endif()

execute_process(${feeder}
                COMMAND ${launcher} ${emulator} "${PROGRAM}" ${args}
                ${redirections}
                ERROR_VARIABLE err
                RESULT_VARIABLE status)

set(failures "")
# A signal (an abort) comes back as text such as "Child aborted".
if(NOT status STREQUAL "${EXPECT_STATUS}")
  string(APPEND failures "exit status ${status}, expected ${EXPECT_STATUS}\n")
endif()

# Standard output: the whole stream, less its final newline.
if(NOT DEFINED STDOUT_FILE)
  string(REGEX REPLACE "\n$" "" out_text "${out}")
  if(NOT DEFINED EXPECT_STDOUT)
    if(NOT out STREQUAL "")
      string(APPEND failures "standard output should be empty\n")
    endif()
  elseif(NOT out_text MATCHES "^${EXPECT_STDOUT}$")
    string(APPEND failures "standard output does not match ^${EXPECT_STDOUT}$\n")
  endif()
endif()

# Standard error: its first line matches EXPECT_STDERR; it is the only line
# unless STDERR_MORE is given, which the rest must match.
if(NOT DEFINED EXPECT_STDERR)
  if(NOT err STREQUAL "")
    string(APPEND failures "standard error should be empty\n")
  endif()
else()
  string(FIND "${err}" "\n" newline)
  if(newline EQUAL -1)
    string(APPEND failures "standard error is not one line ended by a newline\n")
  else()
    string(SUBSTRING "${err}" 0 ${newline} first_line)
    math(EXPR rest_begin "${newline} + 1")
    string(SUBSTRING "${err}" ${rest_begin} -1 rest)
    if(NOT first_line MATCHES "^${EXPECT_STDERR}$")
      string(APPEND failures "the first line of standard error does not match ^${EXPECT_STDERR}$\n")
    endif()
    if(DEFINED STDERR_MORE)
      if(NOT rest MATCHES "${STDERR_MORE}")
        string(APPEND failures "the rest of standard error does not match ${STDERR_MORE}\n")
      endif()
    elseif(NOT rest STREQUAL "")
      string(APPEND failures "standard error has more than one line\n")
    endif()
  endif()
endif()

if(failures)
  list(JOIN args " " shown_args)
  message(FATAL_ERROR "${PROGRAM} ${shown_args}\n${failures}--- standard output:\n${out}\n--- standard error:\n${err}")
endif()
message(STATUS "exit status ${status} as expected")
