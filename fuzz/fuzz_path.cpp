// validate_path on arbitrary bytes, split at the first 0x00 into deviceId
// and id.
#include "check.hpp"

#include <usage_session/path.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace us = usage_session;
    std::string_view const input(reinterpret_cast<char const*>(data), size);
    std::size_t const split = input.find('\0');
    std::string_view const device = input.substr(0, split);
    std::string_view const id = split == std::string_view::npos ? std::string_view() : input.substr(split + 1);
    us::report const r = us::validate_path(device, id);
    USAGE_SESSION_FUZZ_CHECK(r.size() <= 2);
    for(auto const& v : r)
        for(char c : v.message)
            USAGE_SESSION_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    return 0;
}
