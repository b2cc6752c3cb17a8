// merge_patch on two documents taken from one input (split at the first
// 0x00 byte: "target\0patch"). Differential: merge_patch and
// merge_patch_into must give byte-for-byte (so also member order) what the
// simple RFC 7396 reference in reference_merge_patch.hpp gives; plus RFC 7396
// properties that hold for any input.
#include "check.hpp"
#include "reference_merge_patch.hpp"

#include <usage_session/merge_patch.hpp>
#include <usage_session/parse.hpp>

#include <boost/json/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
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

    std::string const target_before = boost::json::serialize(*target);
    std::string const patch_before = boost::json::serialize(*patch);

    // Differential: the library against the reference, order included.
    boost::json::value const once = us::merge_patch(*target, *patch);
    boost::json::value const expected = usage_session_fuzz::reference_merge_patch(*target, *patch);
    std::string const once_text = boost::json::serialize(once);
    USAGE_SESSION_FUZZ_CHECK(once_text == boost::json::serialize(expected));

    // merge_patch leaves its inputs alone.
    USAGE_SESSION_FUZZ_CHECK(boost::json::serialize(*target) == target_before);
    USAGE_SESSION_FUZZ_CHECK(boost::json::serialize(*patch) == patch_before);

    // merge_patch_into on an object target ({} when the target is not an
    // object, exactly what RFC 7396 merges into then).
    if(patch->is_object())
    {
        boost::json::object into = target->is_object() ? target->get_object() : boost::json::object();
        us::merge_patch_into(into, patch->get_object());
        USAGE_SESSION_FUZZ_CHECK(boost::json::serialize(into) == once_text);
    }

    // Properties: idempotent; a non-object patch replaces; every non-null
    // member of an object patch is in the result.
    boost::json::value const twice = us::merge_patch(once, *patch);
    USAGE_SESSION_FUZZ_CHECK(boost::json::serialize(twice) == once_text);
    if(!patch->is_object())
        USAGE_SESSION_FUZZ_CHECK(once == *patch);
    else
    {
        USAGE_SESSION_FUZZ_CHECK(once.is_object());
        for(auto const& member : patch->get_object())
            USAGE_SESSION_FUZZ_CHECK(member.value().is_null() ||
                                     once.get_object().contains(member.key()));
    }
    return 0;
}
