// The consumer program of the packaging tests: validates one good and one bad
// patch and checks the installed version macros. Exit status 0 means the
// library was found, compiled, linked and behaved.
#include <usage_session.hpp>

#include <cstdio>
#include <string>

#define USAGE_SESSION_STR2(x) #x
#define USAGE_SESSION_STR(x) USAGE_SESSION_STR2(x)

int main()
{
    namespace us = usage_session;
    auto good = us::parse_patch(R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "DONE"})");
    auto bad = us::parse_patch(R"({"_startTime": "2026-11-20T10:00:00+02:00", "_state": "DONE"})");
    if(!good || !bad)
        return 1;
    if(!us::validate_patch(*good).ok())
        return 2;
    us::report const r = us::validate_patch(*bad);
    if(r.size() != 1 || r[0].code != us::error::not_utc || r[0].pointer != "/_startTime")
        return 3;
#ifdef USAGE_SESSION_EXPECTED_VERSION_STRING
    std::string const version = USAGE_SESSION_STR(USAGE_SESSION_VERSION_MAJOR) "." USAGE_SESSION_STR(USAGE_SESSION_VERSION_MINOR) "." USAGE_SESSION_STR(USAGE_SESSION_VERSION_PATCH);
    if(std::string(USAGE_SESSION_EXPECTED_VERSION_STRING) != version)
        return 4;
#endif
    std::printf("usage_session consumer: ok\n");
    return 0;
}
