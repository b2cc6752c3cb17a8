// The tenant's way in: one JSON document read both as a schema definition
// (schema_from_json) and as a platform template
// (schema_from_platform_template). Neither may crash, throw or hang on any
// document, and each must be pure. A refused document gets only bad_schema
// violations (plus the closing too_many_violations) with a printable
// one-sentence message and a pointer to a member of the document, or to a
// missing member of an object in it. An accepted one gives a schema that
// validates patches and that to_json_schema turns into a JSON document.
#include "check.hpp"

#include <usage_session/json_schema.hpp>
#include <usage_session/parse.hpp>
#include <usage_session/platform_template.hpp>
#include <usage_session/schema_json.hpp>
#include <usage_session/validate.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

namespace us = usage_session;

// RFC 6901, written here again rather than taken from the library, so that
// a wrong pointer cannot be excused by a matching wrong resolver.
boost::json::value const* resolve(boost::json::value const& doc, std::string_view pointer)
{
    boost::json::value const* at = &doc;
    std::size_t i = 0;
    while(at && i < pointer.size())
    {
        if(pointer[i] != '/')
            return nullptr;
        std::size_t const end = std::min(pointer.find('/', i + 1), pointer.size());
        std::string token;
        for(std::size_t j = i + 1; j < end; ++j)
        {
            if(pointer[j] != '~')
                token += pointer[j];
            else if(j + 1 < end && (pointer[j + 1] == '0' || pointer[j + 1] == '1'))
                token += pointer[++j] == '1' ? '/' : '~';
            else
                return nullptr;
        }
        i = end;
        if(auto const* o = at->if_object())
            at = o->if_contains(token);
        else if(auto const* a = at->if_array())
        {
            std::size_t index = 0;
            if(token.empty() || token.size() > 9 || (token.size() > 1 && token[0] == '0'))
                return nullptr;
            for(char c : token)
            {
                if(c < '0' || c > '9')
                    return nullptr;
                index = index * 10 + static_cast<std::size_t>(c - '0');
            }
            at = index < a->size() ? &(*a)[index] : nullptr;
        }
        else
            return nullptr;
    }
    return at;
}

bool points_into(boost::json::value const& doc, std::string const& pointer)
{
    if(resolve(doc, pointer))
        return true;
    std::size_t const slash = pointer.rfind('/');
    if(slash == std::string::npos)
        return false;
    boost::json::value const* parent = resolve(doc, std::string_view(pointer).substr(0, slash));
    return parent && parent->is_object();
}

void check_refusal(boost::json::value const& doc, us::report const& r)
{
    USAGE_SESSION_FUZZ_CHECK(!r.ok());
    for(us::violation const& v : r)
    {
        for(char c : v.message)
            USAGE_SESSION_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
        if(v.code == us::error::too_many_violations)
        {
            USAGE_SESSION_FUZZ_CHECK(&v == &r.violations().back());
            continue;
        }
        USAGE_SESSION_FUZZ_CHECK(v.code == us::error::bad_schema);
        USAGE_SESSION_FUZZ_CHECK(!v.message.empty() && v.message.back() == '.');
        USAGE_SESSION_FUZZ_CHECK(points_into(doc, v.pointer));
    }
}

// A built schema does its job on a few patches and exports as JSON Schema.
void check_schema(us::schema const& s)
{
    static boost::json::value const patches[] = {
        boost::json::parse(R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "ACTIVE"})"),
        boost::json::parse(R"({"_startTime": "2026-11-20T08:00:00Z", "_state": "ACTIVE",
            "a": 1, "b": "x", "c": null, "d": [1, "two"], "e": {"f": true},
            "_configuration": {"a": 2.5, "b": "2024-02-29", "c": ["x", "y"]},
            "_summary": {"_stopReason": "done", "a": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}})"),
    };
    for(auto const& p : patches)
        for(us::violation const& v : us::validate_patch(p, s))
            for(char c : v.message)
                USAGE_SESSION_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    boost::json::object const exported = us::to_json_schema(s);
    std::string const text = boost::json::serialize(exported);
    // Read back with parse_patch, not boost::json::parse: Boost.JSON 1.81
    // misrounds some decimals by one ulp (1.5555555555555555E130 came back
    // as a different double), and parse_patch re-reads them exactly.
    us::parse_limits limits;
    limits.max_bytes = text.size() + 1;
    auto const again = us::parse_patch(text, limits);
    USAGE_SESSION_FUZZ_CHECK(again.has_value() && *again == boost::json::value(exported));
}

template<class Read>
void check_reader(boost::json::value const& doc, Read read)
{
    auto const first = read(doc);
    auto const second = read(doc);   // pure: the same document, the same outcome
    USAGE_SESSION_FUZZ_CHECK(first.has_value() == second.has_value());
    if(!first)
    {
        USAGE_SESSION_FUZZ_CHECK(first.error() == second.error());
        check_refusal(doc, first.error());
    }
    else
        check_schema(*first);
}

}   // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    boost::system::error_code ec;
    boost::json::value const doc =
        boost::json::parse(std::string_view(reinterpret_cast<char const*>(data), size), ec);
    if(ec)
        return 0;
    check_reader(doc, [](boost::json::value const& d) { return us::schema_from_json(d); });
    check_reader(doc, [](boost::json::value const& d) { return us::schema_from_platform_template(d); });
    return 0;
}
