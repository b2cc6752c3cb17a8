#ifndef USAGE_SESSION_DETAIL_CONFIG_HPP
#define USAGE_SESSION_DETAIL_CONFIG_HPP

// How the library is compiled (docs/separate-compilation.md).
//
// Header-only (the default): every public header includes its impl/ file,
// and every function it declares is inline.
//
// Separate compilation: USAGE_SESSION_SEPARATE_COMPILATION is defined in
// every translation unit of the program, and exactly one of them includes
// <usage_session/src.hpp>, which defines USAGE_SESSION_SOURCE. The public
// headers then hold declarations only (plus what must be seen everywhere:
// templates, constexpr functions, members defined in their class), so a
// file that uses the library does not compile its definitions; the one
// source file defines them, not inline, once for the whole program.
//
// Every public header ends with
//
//     #if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
//     #include <usage_session/impl/x.hpp>
//     #endif
//
// and declares each of its non-template, non-constexpr functions (and each
// member function defined outside its class) with USAGE_SESSION_DECL; the
// definitions in impl/ carry no `inline` of their own. Function-local
// statics (schema::standard(), the error category) are then one object per
// program in both modes: an inline function's static is shared by every
// translation unit, a function defined once has one.
//
// Two exceptions to the pattern: throw_exception_from_error (report.hpp)
// is inline in both modes, since it must throw as the calling file is
// compiled (with or without exceptions); and impl/ files whose detail::
// machinery white-box tests include (schema, merge_patch, json_schema)
// guard their public definitions with the same condition as the include.

#if defined(USAGE_SESSION_SEPARATE_COMPILATION)
#define USAGE_SESSION_DECL
#else
#define USAGE_SESSION_DECL inline
#endif

#endif
