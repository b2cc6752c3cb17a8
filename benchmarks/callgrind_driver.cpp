// Instruction counts for "Where the time goes" in docs/performance.md:
// `scripts/count-instructions` runs this program under
// `valgrind --tool=callgrind --toggle-collect=<op_...>` once per operation
// and divides by the repetitions. Counts do not depend on the machine's
// load, so they say where the time goes when the timings are noisy.
//
//   usage_session_callgrind_driver <operation> [repetitions]
//   usage_session_callgrind_driver check     (CTest: every operation once)
//
// Each op_* function is one operation on the benchmarks' sample data,
// kept out of line (and extern "C") so callgrind can switch on exactly it.

#include <usage_session.hpp>
#include <usage_session/platform_template.hpp>
#include <usage_session/validate_bytes.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace json = boost::json;
namespace us = usage_session;

namespace {

std::string read_data(char const* name)
{
    std::ifstream in(std::string(USAGE_SESSION_BENCH_DATA_DIR) + "/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

us::update_options const& platform_options()
{
    static us::update_options const o = us::update_options::platform();
    return o;
}

}   // namespace

extern "C" {

__attribute__((noinline)) void op_json_parse(std::string const& body)
{
    json::value v = json::parse(body);
    asm volatile(""
                 :
                 : "r"(&v)
                 : "memory");   // keep the parse
}

__attribute__((noinline)) bool op_parse_patch(std::string const& body)
{
    return static_cast<bool>(us::parse_patch(body, us::parse_limits{}));
}

// The *_monotonic operations: the patch in a reused arena (released before
// each operation), as in the benchmarks' monotonic lines.
__attribute__((noinline)) void op_json_parse_monotonic(std::string const& body,
                                                       json::monotonic_resource& arena)
{
    arena.release();
    json::value v = json::parse(body, json::storage_ptr(&arena));
    asm volatile(""
                 :
                 : "r"(&v)
                 : "memory");
}

__attribute__((noinline)) bool op_parse_patch_monotonic(std::string const& body,
                                                        json::monotonic_resource& arena)
{
    arena.release();
    return static_cast<bool>(us::parse_patch(body, us::parse_limits{}, json::storage_ptr(&arena)));
}

__attribute__((noinline)) bool op_validate(json::value const& patch, us::schema const& s)
{
    return us::validate_patch(patch, s).ok();
}

__attribute__((noinline)) bool op_validate_bytes(std::string const& body, us::schema const& s)
{
    return us::validate_patch_bytes(body, s).ok();
}

__attribute__((noinline)) bool op_apply(json::object& session, json::value const& patch)
{
    return us::apply_update_in_place(session, patch, us::schema::standard(), platform_options()).ok();
}

__attribute__((noinline)) bool op_whole(json::object& session, std::string const& body)
{
    auto patch = us::parse_patch(body, us::parse_limits{});
    return patch &&
           us::apply_update_in_place(session, *patch, us::schema::standard(), platform_options()).ok();
}

// The whole request for a service that throws the patch away afterwards:
// the values the update adds are moved out of it (both sides use the
// default resource), not copied.
__attribute__((noinline)) bool op_whole_moved(json::object& session, std::string const& body)
{
    auto patch = us::parse_patch(body, us::parse_limits{});
    return patch &&
           us::apply_update_in_place(session, std::move(*patch), us::schema::standard(), platform_options()).ok();
}

__attribute__((noinline)) bool op_whole_monotonic(json::object& session, std::string const& body,
                                                  json::monotonic_resource& arena)
{
    arena.release();
    auto patch = us::parse_patch(body, us::parse_limits{}, json::storage_ptr(&arena));
    return patch &&
           us::apply_update_in_place(session, *patch, us::schema::standard(), platform_options()).ok();
}

}   // extern "C"

int main(int argc, char** argv)
{
    std::string const operation = argc > 1 ? argv[1] : "";
    int const repetitions = argc > 2 ? std::atoi(argv[2]) : 200;
    bool const check = operation == "check";
    int const n = check ? 1 : repetitions;

    std::string const body = read_data("patch.json");
    json::value const patch = json::parse(body);
    json::object const session = json::parse(read_data("session.json")).as_object();
    auto const template30 = us::schema_from_platform_template(json::parse(read_data("template.json")));
    if(n < 1 || !template30)
    {
        std::fputs("usage: usage_session_callgrind_driver <operation> [repetitions]\n", stderr);
        return 2;
    }
    us::schema const& standard = us::schema::standard();
    // Big enough that the arena never reaches its upstream (the benchmarks' size).
    alignas(std::max_align_t) static unsigned char buffer[16 * 1024];
    json::monotonic_resource arena(buffer, sizeof buffer);

    // Fresh session copies, made before any operation is counted.
    std::vector<json::object> copies(static_cast<std::size_t>(n) + 1, session);
    // One untimed round first: statics and lazily built tables.
    bool ok = op_apply(copies.back(), patch) && op_validate(patch, *template30) &&
              op_validate_bytes(body, *template30);
    bool known = check;
    for(int i = 0; i < n; ++i)
    {
        json::object& copy = copies[static_cast<std::size_t>(i)];
        auto run = [&](char const* name, auto op) {
            if(check || operation == name)
            {
                known = true;
                ok = op() && ok;
            }
        };
        run("json_parse", [&] { op_json_parse(body); return true; });
        run("parse_patch", [&] { return op_parse_patch(body); });
        run("json_parse_monotonic", [&] { op_json_parse_monotonic(body, arena); return true; });
        run("parse_patch_monotonic", [&] { return op_parse_patch_monotonic(body, arena); });
        run("validate_standard", [&] { return op_validate(patch, standard); });
        run("validate_template30", [&] { return op_validate(patch, *template30); });
        run("validate_bytes_standard", [&] { return op_validate_bytes(body, standard); });
        run("validate_bytes_template30", [&] { return op_validate_bytes(body, *template30); });
        run("apply_2KB", [&] { return op_apply(copy, patch); });
        if(check)   // the whole request needs a session the update has not touched
            copy = session;
        run("whole_request", [&] { return op_whole(copy, body); });
        if(check)
            copy = session;
        run("whole_request_moved", [&] { return op_whole_moved(copy, body); });
        if(check)
            copy = session;
        run("whole_request_monotonic", [&] { return op_whole_monotonic(copy, body, arena); });
    }
    if(!known)
    {
        std::fprintf(stderr, "unknown operation \"%s\"\n", operation.c_str());
        return 2;
    }
    if(!ok)
    {
        std::fputs("the sample data fails\n", stderr);
        return 1;
    }
    return 0;
}
