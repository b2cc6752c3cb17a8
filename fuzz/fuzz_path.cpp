// validate_path on arbitrary bytes, split at the first 0x00 into deviceId
// and id. Differential: whether each parameter is rejected must match the
// docs/contract.md §4 rules computed independently below (a UTF-8 check written from
// the Unicode well-formed byte sequence table, not the library's decoder).
#include "check.hpp"

#include <usage_session/path.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

// docs/contract.md §4 id: 8-4-4-4-12 hex digits, any case; exactly 36 characters.
bool reference_uuid(std::string_view id)
{
    std::string_view const picture = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    std::string_view const hex = "0123456789abcdefABCDEF";
    if(id.size() != picture.size())
        return false;
    for(std::size_t i = 0; i < id.size(); ++i)
    {
        bool const fits = picture[i] == '-' ? id[i] == '-' : hex.find(id[i]) != std::string_view::npos;
        if(!fits)
            return false;
    }
    return true;
}

// docs/contract.md §4 deviceId: 1-256 bytes of well-formed UTF-8 (Unicode Table 3-7)
// with no control character (C0 U+0000-U+001F, DEL U+007F, C1 U+0080-U+009F).
bool reference_device_id(std::string_view id)
{
    if(id.empty() || id.size() > 256)
        return false;
    auto in = [](unsigned b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
    std::size_t i = 0;
    while(i < id.size())
    {
        auto at = [&](std::size_t k) -> unsigned {
            return i + k < id.size() ? static_cast<unsigned char>(id[i + k]) : 0x100u;
        };
        unsigned const b0 = at(0);
        std::size_t len = 0;
        if(b0 <= 0x7F)
        {
            if(b0 < 0x20 || b0 == 0x7F)
                return false;
            len = 1;
        }
        else if(in(b0, 0xC2, 0xDF) && in(at(1), 0x80, 0xBF))
        {
            // U+0080-U+07FF; U+0080-U+009F (C1) is C2 80 .. C2 9F.
            if(b0 == 0xC2 && at(1) <= 0x9F)
                return false;
            len = 2;
        }
        else if(b0 == 0xE0 && in(at(1), 0xA0, 0xBF) && in(at(2), 0x80, 0xBF))
            len = 3;
        else if((in(b0, 0xE1, 0xEC) || in(b0, 0xEE, 0xEF)) && in(at(1), 0x80, 0xBF) &&
                in(at(2), 0x80, 0xBF))
            len = 3;
        else if(b0 == 0xED && in(at(1), 0x80, 0x9F) && in(at(2), 0x80, 0xBF))
            len = 3;
        else if(b0 == 0xF0 && in(at(1), 0x90, 0xBF) && in(at(2), 0x80, 0xBF) && in(at(3), 0x80, 0xBF))
            len = 4;
        else if(in(b0, 0xF1, 0xF3) && in(at(1), 0x80, 0xBF) && in(at(2), 0x80, 0xBF) &&
                in(at(3), 0x80, 0xBF))
            len = 4;
        else if(b0 == 0xF4 && in(at(1), 0x80, 0x8F) && in(at(2), 0x80, 0xBF) && in(at(3), 0x80, 0xBF))
            len = 4;
        else
            return false;
        i += len;
    }
    return true;
}

}   // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace us = usage_session;
    std::string_view const input(reinterpret_cast<char const*>(data), size);
    std::size_t const split = input.find('\0');
    std::string_view const device = input.substr(0, split);
    std::string_view const id = split == std::string_view::npos ? std::string_view() : input.substr(split + 1);
    us::report const r = us::validate_path(device, id);
    USAGE_SESSION_FUZZ_CHECK(r.size() <= 2);

    bool device_rejected = false, id_rejected = false;
    for(auto const& v : r)
    {
        if(v.pointer == "/deviceId")
        {
            USAGE_SESSION_FUZZ_CHECK(v.code == us::error::bad_device_id);
            USAGE_SESSION_FUZZ_CHECK(!device_rejected);
            device_rejected = true;
        }
        else
        {
            USAGE_SESSION_FUZZ_CHECK(v.pointer == "/id");
            USAGE_SESSION_FUZZ_CHECK(v.code == us::error::bad_uuid);
            USAGE_SESSION_FUZZ_CHECK(!id_rejected);
            id_rejected = true;
        }
        for(char c : v.message)
            USAGE_SESSION_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    }
    USAGE_SESSION_FUZZ_CHECK(device_rejected == !reference_device_id(device));
    USAGE_SESSION_FUZZ_CHECK(id_rejected == !reference_uuid(id));
    return 0;
}
