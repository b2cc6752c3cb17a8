// parse_utc_timestamp on arbitrary bytes: never throws, and whatever it
// accepts has the shape the grammar promises.
#include "check.hpp"

#include <usage_session/timestamp.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace us = usage_session;
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    auto const t = us::parse_utc_timestamp(text);
    if(t)
    {
        USAGE_SESSION_FUZZ_CHECK(text.size() >= 20);
        USAGE_SESSION_FUZZ_CHECK(!t->is_special());
        USAGE_SESSION_FUZZ_CHECK(t->date().year() >= 1400 && t->date().year() <= 9999);
        char const last = text.back();
        USAGE_SESSION_FUZZ_CHECK(last == 'Z' || last == 'z' || last == '0');
    }
    else
        USAGE_SESSION_FUZZ_CHECK(t.error().category() == us::usage_session_category());
    return 0;
}
