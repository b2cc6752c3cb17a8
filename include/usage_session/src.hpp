#ifndef USAGE_SESSION_SRC_HPP
#define USAGE_SESSION_SRC_HPP

/** @file
    Every definition of the library, for separate compilation: with
    `USAGE_SESSION_SEPARATE_COMPILATION` defined everywhere, include this
    header in exactly one translation unit of the program.
*/

#define USAGE_SESSION_SOURCE
#include <usage_session.hpp>

#endif
