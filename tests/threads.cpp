// ThreadSanitizer test (scripts/test-sanitizers): 8 threads share one
// usage_session::schema (and schema::standard(), first touched by the
// threads themselves) and each parses, validates and applies 100,000
// patches, valid and invalid, with apply_update and apply_update_in_place on
// its own copy of a stored session, checking every result. A plain program,
// not Boost.Test: it prints "N passed, N failed" and returns 0 only when
// every check held. Built with -fsanitize=thread, a data race anywhere in the
// library (or in how it uses Boost.JSON) stops it with a report.
//
// Optional arguments: THREADS PATCHES_PER_THREAD (default 8 100000).
#include <usage_session.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

namespace us = usage_session;
namespace json = boost::json;

constexpr char const* stored_text = R"({
    "_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "_device": { "_id": "0e5f7f3a-8d8c-4f57-9a4b-4b1d1c6a1b11" },
    "_creationTime": "2026-11-20T08:00:00Z",
    "_startTime": "2026-11-20T08:00:00Z",
    "_state": "ACTIVE",
    "_name": "Night infusion",
    "_configuration": { "rateMlPerHour": 12.5, "drug": "saline" },
    "_summary": { "volumeDeliveredMl": 40 },
    "ward": "3B"})";

// One patch with what must come of it. `code` is the first violation's code
// (the report must not be ok), or empty for a valid patch; `in_validate`
// says whether validate_patch already reports it (otherwise only the
// cross-field rules of apply_update do); `parse_fails` that parse_patch
// itself refuses the body. For a valid patch, `member` must hold `expected`
// (serialized) afterwards, or be absent when `expected` is empty.
struct case_
{
    std::string body;
    std::string_view code;
    bool in_validate = true;
    bool parse_fails = false;
    std::string member;
    std::string expected;
};

case_ bad(std::string body, std::string_view code, bool in_validate = true, bool parse_fails = false)
{
    return {std::move(body), code, in_validate, parse_fails, {}, {}};
}

std::string two(unsigned n)
{
    std::string s = std::to_string(n % 60);
    return s.size() == 1 ? "0" + s : s;
}

// The k-th patch of thread t: fourteen kinds, rotated differently per thread,
// with values that depend on both.
case_ make_case(unsigned t, unsigned k)
{
    std::string const tag = std::to_string(t) + "-" + std::to_string(k);
    switch((k * 7 + t * 3) % 14)
    {
    case 0: return {R"({"_name": "pump )" + tag + R"("})", "", true, false, "_name", "\"pump " + tag + "\""};
    case 1: return {R"({"_state": "PAUSED", "ward": "w)" + tag + R"("})", "", true, false, "ward", "\"w" + tag + "\""};
    case 2: return {R"({"_configuration": {"rateMlPerHour": )" + std::to_string(k) + "}}", "", true, false,
                    "_configuration", R"({"rateMlPerHour":)" + std::to_string(k) + R"(,"drug":"saline"})"};
    case 3: return {R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "STOPPING", "_endTime": "2026-11-20T09:)" +
                        two(k) + R"(:00Z"})",
                    "", true, false, "_endTime", "\"2026-11-20T09:" + two(k) + ":00Z\""};
    case 4: return {R"({"ward": null, "bed": )" + std::to_string(t) + "}", "", true, false, "ward", ""};
    case 5: return {R"({"_summary": {"_stopReasonCode": "COMPLETION", "n": ")" + tag + R"("}, "_state": "DONE"})", "",
                    true, false, "_state", "\"DONE\""};
    case 6: return bad(R"({"_state": "SLEEPING)" + tag + R"("})", "not_in_enum");
    case 7: return bad(R"({"_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "_name": "x"})", "read_only_attribute");
    case 8: return bad(R"({"_startTime": "2026-11-20T08:)" + two(k) + R"(:00+01:00"})", "not_utc");
    case 9: return bad(R"({"_endTime": "2026-11-20T07:)" + two(k) + R"(:00Z"})", "end_before_start", false);
    case 10: return bad("[" + std::to_string(k) + "]", "not_an_object");
    case 11: return bad(R"({"_name": )" + std::to_string(k) + "}", "wrong_type");
    case 12: return bad(R"({"_name": "a", "_n\u0061me": ")" + tag + R"("})", "duplicate_key", true, true);
    default: return bad(R"({"_summary": {"_stopReasonCode": "NAP)" + tag + R"("}})", "not_in_enum");
    }
}

std::string first_code(us::report const& r)
{
    return r.ok() ? std::string() : std::string(us::code_name(r[0].code));
}

bool contains(us::report const& r, std::string_view code)
{
    for(auto const& v : r)
        if(us::code_name(v.code) == code)
            return true;
    return false;
}

struct worker_result
{
    std::size_t passed = 0;
    std::size_t failed = 0;
    std::string first_failure;
};

void fail(worker_result& out, std::string what)
{
    if(out.failed++ == 0)
        out.first_failure = std::move(what);
}

// Builds its patches first (so that parsing runs concurrently too), then
// validates and applies them round-robin until `count` have been done.
void work(unsigned t, std::size_t count, us::schema const& shared, json::object const& stored,
          std::atomic<bool>& go, worker_result& out)
{
    while(!go.load(std::memory_order_acquire))
        std::this_thread::yield();

    constexpr unsigned pool_size = 1000;
    std::vector<case_> cases;
    std::vector<json::value> patches;
    cases.reserve(pool_size);
    patches.reserve(pool_size);
    for(unsigned k = 0; k < pool_size; ++k)
    {
        case_ c = make_case(t, k);
        auto parsed = us::parse_patch(c.body);
        if(c.parse_fails)
        {
            if(parsed || first_code(parsed.error()) != c.code)
                fail(out, "parse_patch accepted or misreported " + c.body);
            else
                ++out.passed;
            continue;
        }
        if(!parsed)
        {
            fail(out, "parse_patch refused " + c.body + ": " + first_code(parsed.error()));
            continue;
        }
        patches.push_back(std::move(*parsed));
        cases.push_back(std::move(c));
    }

    json::object session = stored;   // this thread's own, updated in place
    us::update_options const options;
    for(std::size_t i = 0; i < count; ++i)
    {
        std::size_t const at = (i * 13 + t) % cases.size();
        case_ const& c = cases[at];
        json::value const& patch = patches[at];
        // Alternate the shared built schema and the shared standard one;
        // session-relative results are the same for both with these patches
        // except that the standard one requires _startTime and _state.
        bool const relaxed = (i + t) % 2 == 0;
        us::schema const& s = relaxed ? shared : us::schema::standard();
        bool const missing = !relaxed && patch.is_object() &&
                             !(patch.as_object().contains("_startTime") && patch.as_object().contains("_state"));
        bool const fails_validation = missing || (!c.code.empty() && c.in_validate);
        bool const fails_apply = fails_validation || !c.code.empty();

        us::report const checked = us::validate_patch(patch, s);
        bool ok = checked.ok() != fails_validation;
        if(missing && !contains(checked, "missing_required"))
            ok = false;
        if(!c.code.empty() && c.in_validate && !contains(checked, c.code))
            ok = false;

        auto const copy = us::apply_update(stored, patch, s, options);
        if(copy.has_value() == fails_apply)
            ok = false;
        else if(copy)
        {
            auto const found = copy->if_contains(c.member);
            if(c.expected.empty() ? found != nullptr : (!found || json::serialize(*found) != c.expected))
                ok = false;
            if(!us::validate_session(*copy, s).ok())
                ok = false;
        }
        else if(!contains(copy.error(), missing ? std::string_view("missing_required") : c.code))
            ok = false;

        json::object const before = session;
        us::report const applied = us::apply_update_in_place(session, patch, s, options);
        if(applied.ok() == fails_apply)
            ok = false;
        else if(!applied.ok() && session != before)
            ok = false;   // a failed update must leave the session untouched
        else if(applied.ok())
        {
            auto const found = session.if_contains(c.member);
            if(c.expected.empty() ? found != nullptr : (!found || json::serialize(*found) != c.expected))
                ok = false;
        }
        if(ok)
            ++out.passed;
        else
            fail(out, "thread " + std::to_string(t) + " patch " + c.body + " (" +
                          (relaxed ? "shared schema" : "standard schema") + "): validate " +
                          first_code(checked) + ", apply_update " +
                          (copy ? std::string("ok") : first_code(copy.error())) + ", in place " +
                          first_code(applied) + ", expected " +
                          (fails_apply ? (missing ? "missing_required" : std::string(c.code)) : "ok"));
        // Now and then start again from the stored session, so that both
        // paths keep meeting the same state.
        if(i % 97 == 0)
            session = stored;
    }
}

}   // namespace

int main(int argc, char** argv)
{
    unsigned const threads = argc > 1 ? static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10)) : 8;
    std::size_t const per_thread = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100000;

    us::schema const shared = us::schema_builder().require_start_and_state(false).build().value();
    json::object const stored = json::parse(stored_text).as_object();
    std::atomic<bool> go{false};
    std::vector<worker_result> results(threads);
    std::vector<std::thread> pool;
    for(unsigned t = 0; t < threads; ++t)
        pool.emplace_back(work, t, per_thread, std::cref(shared), std::cref(stored), std::ref(go),
                          std::ref(results[t]));
    go.store(true, std::memory_order_release);
    for(auto& th : pool)
        th.join();

    std::size_t passed = 0, failed = 0;
    for(auto const& r : results)
    {
        passed += r.passed;
        failed += r.failed;
        if(r.failed)
            std::printf("FAIL: %s\n", r.first_failure.c_str());
    }
    std::printf("threads: %u threads x %zu patches\n", threads, per_thread);
    std::printf("%zu passed, %zu failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}
