#ifndef USAGE_SESSION_DETAIL_UTF8_HPP
#define USAGE_SESSION_DETAIL_UTF8_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace usage_session {
namespace detail {

// Decodes one UTF-8 sequence at s[i]. On success stores the code point and
// returns the sequence length (1-4); returns 0 for anything RFC 3629 forbids:
// stray continuation bytes, truncated sequences, overlong forms, surrogates
// (U+D800-U+DFFF) and values above U+10FFFF.
inline std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp) noexcept
{
    auto byte = [&](std::size_t k) -> std::uint32_t {
        return static_cast<unsigned char>(s[k]);
    };
    std::uint32_t const b0 = byte(i);
    if(b0 < 0x80)
    {
        cp = b0;
        return 1;
    }
    std::size_t len;
    std::uint32_t min;
    if((b0 & 0xE0) == 0xC0)
    {
        len = 2;
        min = 0x80;
        cp = b0 & 0x1F;
    }
    else if((b0 & 0xF0) == 0xE0)
    {
        len = 3;
        min = 0x800;
        cp = b0 & 0x0F;
    }
    else if((b0 & 0xF8) == 0xF0)
    {
        len = 4;
        min = 0x10000;
        cp = b0 & 0x07;
    }
    else
        return 0;
    if(s.size() - i < len)
        return 0;
    for(std::size_t k = 1; k < len; ++k)
    {
        std::uint32_t const b = byte(i + k);
        if((b & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if(cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

// Whether the eight bytes at `p` are all ASCII (no byte has its high bit
// set). memcpy, not a cast: `p` may have any alignment, and the compiler
// turns it into one load where the target allows. Byte order does not
// matter because every byte is tested the same way.
inline bool is_ascii_word(char const* p) noexcept
{
    std::uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    return (word & 0x8080808080808080u) == 0;
}

// Counts the code points of valid UTF-8, or returns false for invalid UTF-8.
// Embedded NUL bytes count like any other character: lengths are always
// taken from the view, never from a terminator.
inline bool count_code_points(std::string_view s, std::size_t& count) noexcept
{
    count = 0;
    std::size_t const n = s.size();
    // Every byte starts a code point except the continuation bytes of a
    // multi-byte sequence, so the count is the size minus those: an ASCII
    // run needs no counting at all.
    std::size_t continuation_bytes = 0;
    std::size_t i = 0;
    for(;;)
    {
        // ASCII fast path: most attribute values and names are plain
        // ASCII, so test eight bytes at a time while eight are left.
        while(n - i >= 8 && is_ascii_word(s.data() + i))
            i += 8;
        // Then byte by byte: the short tail, or the bytes before the
        // non-ASCII one that stopped the word test (fewer than eight either
        // way).
        while(i < n && static_cast<unsigned char>(s[i]) < 0x80)
            ++i;
        if(i == n)
            break;
        std::uint32_t cp;
        std::size_t const len = decode_utf8(s, i, cp);
        if(len == 0)
            return false;
        i += len;
        continuation_bytes += len - 1;
    }
    count = n - continuation_bytes;
    return true;
}

inline bool is_valid_utf8(std::string_view s) noexcept
{
    std::size_t ignored;
    return count_code_points(s, ignored);
}

// C0 controls, DEL and C1 controls: never printable, never safe in a log line.
constexpr bool is_control(std::uint32_t cp) noexcept
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

}   // namespace detail
}   // namespace usage_session

#endif
