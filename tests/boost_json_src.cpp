// Boost.JSON compiled into the program from its sources, for builds where
// Debian's libboost_json cannot be used: the ThreadSanitizer build of
// tests/threads.cpp (the Debian library is not instrumented, so TSan would
// not see its memory accesses) and the 32-bit ARM cross build
// (cmake/boost-from-source, no armhf Boost package needed). Exactly one
// translation unit of a program may include it, and the program must then
// not link libboost_json as well.
#include <boost/json/src.hpp>
