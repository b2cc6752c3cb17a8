// Built with -fno-exceptions (docs/contract.md §10): the public functions over a handful
// of good and bad inputs. A plain program, not Boost.Test (which needs
// exceptions): it prints each unexpected result and returns non-zero.
//
//   no_exceptions            run the checks; 0 when all hold
//   no_exceptions value      call value() on a failed result: the
//                            boost::throw_exception hook below must receive
//                            a usage_session::report_error
#include <usage_session.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/throw_exception.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#if !defined(BOOST_NO_EXCEPTIONS)
#error "tests/no_exceptions.cpp must be built with -fno-exceptions"
#endif

namespace us = usage_session;
namespace json = boost::json;

// The application's hook. This test's says what it got, then exits with 3
// (so CTest can tell the hook from a crash); a real one would log or abort.
namespace boost {

void throw_exception(std::exception const& e)
{
    std::fprintf(stderr, "throw_exception hook: %s: %s\n",
                 dynamic_cast<us::report_error const*>(&e) ? "report_error" : "other", e.what());
    std::_Exit(3);
}

void throw_exception(std::exception const& e, boost::source_location const&)
{
    throw_exception(e);
}

}   // namespace boost

namespace {

int failures = 0;

void check(bool ok, char const* what)
{
    if(!ok)
    {
        std::fprintf(stderr, "FAILED: %s\n", what);
        ++failures;
    }
}

std::string codes(us::report const& r)
{
    std::string s;
    for(auto const& v : r)
    {
        if(!s.empty())
            s += "; ";
        s += v.pointer + " " + std::string(us::code_name(v.code));
    }
    return s;
}

void check_codes(us::report const& r, std::string const& expected, char const* what)
{
    if(codes(r) != expected)
        std::fprintf(stderr, "%s: got \"%s\", expected \"%s\"\n", what, codes(r).c_str(),
                     expected.c_str());
    check(codes(r) == expected, what);
}

json::object stored()
{
    return json::parse(R"({
        "_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "_startTime": "2026-11-20T08:00:00Z", "_state": "ACTIVE",
        "_name": "Night infusion", "ward": "3B"})")
        .as_object();
}

// parse_patch's error, or an empty report when it succeeded.
us::report parse_error(std::string_view body, us::parse_limits const& limits = {})
{
    auto const r = us::parse_patch(body, limits);
    return r ? us::report() : r.error();
}

}   // namespace

int main(int argc, char** argv)
{
    if(argc == 2 && std::strcmp(argv[1], "value") == 0)
    {
        auto const r = us::parse_patch("{\"a\":1,\"a\":2}");
        (void)r.value();   // never returns: the hook ends the program
        std::fprintf(stderr, "value() returned\n");
        return 1;
    }

    // parse_patch: good and bad bodies.
    {
        auto const ok = us::parse_patch(R"({"_startTime":"2026-11-20T09:00:00Z","_state":"PAUSED"})");
        check(ok.has_value(), "parse_patch accepts a valid body");
        check_codes(parse_error("{\"a\":1,\"a\":2}"), "/a duplicate_key", "duplicate key");
        check_codes(parse_error("{\"a\":\"\xff\"}"), " invalid_json", "invalid UTF-8");
        check_codes(parse_error("[1e400]"), " invalid_json", "1e400");
        check_codes(parse_error(std::string(200000, '[')), " too_deep", "200 000 '['");
        check_codes(parse_error(std::string(101, ' '), us::parse_limits{100, 32}), " too_large",
                    "too large");
    }

    // validate_patch.
    {
        check_codes(us::validate_patch(json::parse(
                        R"({"_startTime":"2026-11-20T09:00:00Z","_state":"PAUSED"})")),
                    "", "valid patch");
        check_codes(us::validate_patch(json::parse(
                        R"({"_startTime":"2026-11-20T09:00:00+02:00","_state":"RUNNING","_x":1})")),
                    "/_startTime not_utc; /_state not_in_enum; /_x unknown_attribute",
                    "invalid patch");
    }

    // apply_update_in_place: applied when valid, untouched when not.
    {
        json::object session = stored();
        us::report const ok = us::apply_update_in_place(session,
                                                        json::parse(R"({"_startTime":"2026-11-20T08:00:00Z","_state":"PAUSED","bed":7})"));
        check_codes(ok, "", "apply valid patch");
        check(session.at("_state").as_string() == "PAUSED", "state updated");
        check(session.at("bed").as_int64() == 7, "custom attribute added");

        json::object untouched = stored();
        std::string const before = json::serialize(untouched);
        us::report const bad = us::apply_update_in_place(untouched,
                                                         json::parse(R"({"_startTime":"2026-11-20T08:00:00Z","_state":"nope","bed":7})"));
        check_codes(bad, "/_state not_in_enum", "apply invalid patch");
        check(json::serialize(untouched) == before, "session untouched after a failed update");

        auto const copy = us::apply_update(stored(),
                                           json::parse(R"({"_startTime":"2026-11-20T08:00:00Z","_state":"DONE"})"));
        check(copy.has_value(), "apply_update returns the merged session");
    }

    // validate_path.
    {
        check_codes(us::validate_path("bedside-pump-7", "3fa85f64-5717-4562-b3fc-2c963f66afa6"), "",
                    "valid path");
        check_codes(us::validate_path("", "not-a-uuid"), "/deviceId bad_device_id; /id bad_uuid",
                    "invalid path");
    }

    // to_problem_details and to_platform_error.
    {
        us::report const r = us::validate_patch(json::parse(R"({"_state":"A\r\n\u001b\""})"));
        json::object const problem = us::to_problem_details(r);
        check(problem.at("status").as_int64() == 400, "problem status");
        check(problem.at("errors").as_array().size() == r.size(), "problem errors");
        std::string const text = json::serialize(problem);
        boost::system::error_code ec;
        json::parse(text, ec);
        check(!ec, "problem details serialize to valid JSON");
        for(char c : text)
            if(static_cast<unsigned char>(c) < 0x20)
            {
                check(false, "control character in problem JSON");
                break;
            }

        json::object const platform = us::to_platform_error(r);
        check(platform.contains("code") && platform.at("code").is_string(), "platform code");
        check(platform.contains("message"), "platform message");
        check(us::to_platform_error(us::report()).empty(), "ok report gives an empty envelope");
    }

    // parse_utc_timestamp is noexcept; a bad one is an error, not a throw.
    check(us::parse_utc_timestamp("2026-11-20T08:00:00Z").has_value(), "timestamp ok");
    check(!us::parse_utc_timestamp("2026-02-30T08:00:00Z").has_value(), "timestamp bad");

    if(failures != 0)
        std::fprintf(stderr, "%d check(s) failed\n", failures);
    else
        std::printf("all no-exception checks passed\n");
    return failures == 0 ? 0 : 1;
}
