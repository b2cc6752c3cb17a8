# Cross-compiling for 32-bit ARM (armhf: ARMv7, hard float) with Debian's
# g++-arm-linux-gnueabihf; tests run under qemu-arm (qemu-user). Used by
# scripts/test-arm:
#   cmake -S . -B build/arm -DCMAKE_TOOLCHAIN_FILE=cmake/arm-linux-gnueabihf.cmake
# Boost comes from cmake/boost-from-source (host headers, Boost.JSON and
# Boost.Test compiled into the build), so no armhf Boost package is needed.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(USAGE_SESSION_ARM_TRIPLE arm-linux-gnueabihf)
set(CMAKE_C_COMPILER ${USAGE_SESSION_ARM_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${USAGE_SESSION_ARM_TRIPLE}-g++)
set(CMAKE_STRIP ${USAGE_SESSION_ARM_TRIPLE}-strip CACHE FILEPATH "")

set(CMAKE_FIND_ROOT_PATH /usr/${USAGE_SESSION_ARM_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Boost: the in-tree stand-in package (an explicit Boost_DIR is not re-rooted).
get_filename_component(_us_cmake_dir ${CMAKE_CURRENT_LIST_DIR} ABSOLUTE)
set(Boost_DIR ${_us_cmake_dir}/boost-from-source CACHE PATH "Boost package for the ARM build")

# ctest runs every test program under qemu-arm with the target's libraries.
find_program(USAGE_SESSION_QEMU_ARM qemu-arm)
if(USAGE_SESSION_QEMU_ARM)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${USAGE_SESSION_QEMU_ARM};-L;/usr/${USAGE_SESSION_ARM_TRIPLE})
endif()
