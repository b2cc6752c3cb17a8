// The one translation unit of the separately compiled library
// (USAGE_SESSION_SEPARATE_COMPILATION=ON in CMake).
#include <usage_session/src.hpp>
