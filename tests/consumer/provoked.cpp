// Built by the test consumer_strict_warnings_bite only, which expects this
// file to fail under the consumer's strict warnings (-Wconversion -Werror):
// the check that a clean consumer build means the flags are in effect.
#include <usage_session/version.hpp>

int main(int argc, char**)
{
    short const narrowed = argc * 100000 + USAGE_SESSION_VERSION_MAJOR;
    return narrowed == 0 ? 1 : 0;
}
