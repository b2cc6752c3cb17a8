# Prints a backtrace for every global operator new from the first call of
# usage_session::parse_patch on (in usage_session_allocation_check, that is
# after the Boost.JSON baselines). Use a Debug build, where the library's
# inline functions keep their frames:
#
#   cmake -S . -B build/bench-debug -DCMAKE_BUILD_TYPE=Debug -DUSAGE_SESSION_BUILD_BENCHMARKS=ON
#   cmake --build build/bench-debug --target usage_session_allocation_check
#   gdb -batch -x benchmarks/where_allocates.gdb build/bench-debug/benchmarks/usage_session_allocation_check
#
# Put usage_session::apply_update_in_place in the first line to start there.
break usage_session::parse_patch
run
break 'operator new(unsigned long)'
commands
bt 8
continue
end
continue
