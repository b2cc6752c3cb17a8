// Bytes -> parse_patch -> validate_patch -> apply_update onto a fixed stored
// session, checking the library's promises on every input.
#include "check.hpp"

#include <usage_session.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

namespace us = usage_session;

boost::json::object const& stored_session()
{
    static boost::json::object const session = boost::json::parse(R"({
        "_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "_startTime": "2026-11-20T08:00:00Z", "_state": "ACTIVE",
        "_name": "Night infusion",
        "_configuration": {"rate": 12.5}, "_summary": {"volume": 40}, "ward": "3B"})")
                                                   .as_object();
    return session;
}

bool messages_are_printable(us::report const& r)
{
    for(auto const& v : r)
        for(char c : v.message)
            if(static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
                return false;
    return true;
}

}   // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    std::string_view const body(reinterpret_cast<char const*>(data), size);
    auto parsed = us::parse_patch(body);
    if(!parsed)
    {
        USAGE_SESSION_FUZZ_CHECK(parsed.error().size() == 1);
        USAGE_SESSION_FUZZ_CHECK(messages_are_printable(parsed.error()));
        return 0;
    }
    us::report const checked = us::validate_patch(*parsed);
    USAGE_SESSION_FUZZ_CHECK(messages_are_printable(checked));

    auto const merged = us::apply_update(stored_session(), *parsed);
    // apply_update adds cross-field rules, so it can only be stricter.
    USAGE_SESSION_FUZZ_CHECK(!merged || checked.ok());
    if(merged)
    {
        USAGE_SESSION_FUZZ_CHECK(us::validate_session(*merged).ok());
        // Idempotence: applying the same patch again changes nothing.
        auto const again = us::apply_update(*merged, *parsed);
        USAGE_SESSION_FUZZ_CHECK(again.has_value());
        USAGE_SESSION_FUZZ_CHECK(boost::json::serialize(*again) == boost::json::serialize(*merged));
    }
    else
        USAGE_SESSION_FUZZ_CHECK(messages_are_printable(merged.error()));

    // With every platform rule on (and a clock), a merged session passes
    // the same rules when validated on its own.
    us::update_options strict = us::update_options::platform();
    strict.now = us::parse_utc_timestamp("2026-11-21T00:00:00Z").value();
    auto const checked_strictly = us::apply_update(stored_session(), *parsed, us::schema::standard(), strict);
    USAGE_SESSION_FUZZ_CHECK(!checked_strictly || merged);
    if(checked_strictly)
        USAGE_SESSION_FUZZ_CHECK(us::validate_session(*checked_strictly, us::schema::standard(), strict).ok());
    else
    {
        USAGE_SESSION_FUZZ_CHECK(messages_are_printable(checked_strictly.error()));
        USAGE_SESSION_FUZZ_CHECK(!us::to_platform_error(checked_strictly.error()).empty());
    }

    // In place: untouched unless ok, and the same result as the copy.
    boost::json::object session = stored_session();
    std::string const before = boost::json::serialize(session);
    us::report const in_place = us::apply_update_in_place(session, *parsed);
    if(in_place.ok())
        USAGE_SESSION_FUZZ_CHECK(merged && boost::json::serialize(session) == boost::json::serialize(*merged));
    else
        USAGE_SESSION_FUZZ_CHECK(boost::json::serialize(session) == before);
    return 0;
}
