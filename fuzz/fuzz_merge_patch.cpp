// merge_patch on two documents taken from one input (split at the first
// 0x00 byte): checks RFC 7396 properties that hold for any input.
#include "check.hpp"

#include <usage_session/merge_patch.hpp>
#include <usage_session/parse.hpp>

#include <boost/json/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace us = usage_session;
    std::string_view const input(reinterpret_cast<char const*>(data), size);
    std::size_t const split = input.find('\0');
    if(split == std::string_view::npos)
        return 0;
    auto target = us::parse_patch(input.substr(0, split));
    auto patch = us::parse_patch(input.substr(split + 1));
    if(!target || !patch)
        return 0;

    boost::json::value const once = us::merge_patch(*target, *patch);
    boost::json::value const twice = us::merge_patch(once, *patch);
    USAGE_SESSION_FUZZ_CHECK(boost::json::serialize(once) == boost::json::serialize(twice));
    if(!patch->is_object())
        USAGE_SESSION_FUZZ_CHECK(once == *patch);
    else
    {
        USAGE_SESSION_FUZZ_CHECK(once.is_object());
        // Every non-null member of the patch is now in the result.
        for(auto const& member : patch->get_object())
            USAGE_SESSION_FUZZ_CHECK(member.value().is_null() ||
                                     once.get_object().contains(member.key()));
    }
    return 0;
}
