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
# pkg-config (a host program) reads only the target's .pc files, as Debian's
# arm-linux-gnueabihf-pkg-config wrapper does: otherwise it would report
# host libraries (the x86-64 libre2 of libre2-dev, say) as found for ARM.
set(ENV{PKG_CONFIG_LIBDIR} /usr/${USAGE_SESSION_ARM_TRIPLE}/lib/pkgconfig:/usr/lib/${USAGE_SESSION_ARM_TRIPLE}/pkgconfig)

# "parameter passing for argument of type ... changed in GCC 7.1" (-Wpsabi)
# is a note about linking with code built by GCC 6 or older: not our case.
set(CMAKE_CXX_FLAGS_INIT -Wno-psabi)

# Boost: the in-tree stand-in package (an explicit Boost_DIR is not re-rooted).
get_filename_component(_us_cmake_dir ${CMAKE_CURRENT_LIST_DIR} ABSOLUTE)
set(Boost_DIR ${_us_cmake_dir}/boost-from-source CACHE PATH "Boost package for the ARM build")

# ctest runs every test program under qemu-arm with the target's libraries.
find_program(USAGE_SESSION_QEMU_ARM qemu-arm)
if(USAGE_SESSION_QEMU_ARM)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${USAGE_SESSION_QEMU_ARM};-L;/usr/${USAGE_SESSION_ARM_TRIPLE})
endif()
