#ifndef USAGE_SESSION_VERSION_HPP
#define USAGE_SESSION_VERSION_HPP

/** @file
    The version of the library, for the preprocessor.

    It matches the `VERSION` of `project()` in CMakeLists.txt and the
    `Version` of the CMake and pkg-config packages; a test checks that.
*/

/// The major version: incremented for changes that break the API or ABI.
#define USAGE_SESSION_VERSION_MAJOR 0

/// The minor version: incremented for additions that keep compatibility.
#define USAGE_SESSION_VERSION_MINOR 1

/// The patch version: incremented for fixes only.
#define USAGE_SESSION_VERSION_PATCH 0

/** The whole version as one number, `MAJOR * 10000 + MINOR * 100 + PATCH`
    (0.1.0 is `100`, 1.2.3 would be `10203`), for `#if` comparisons:

    @code
    #if USAGE_SESSION_VERSION >= 100
    #endif
    @endcode

    Minor and patch versions stay below 100.
*/
#define USAGE_SESSION_VERSION                                                  \
    (USAGE_SESSION_VERSION_MAJOR * 10000 + USAGE_SESSION_VERSION_MINOR * 100 + \
     USAGE_SESSION_VERSION_PATCH)

#endif
