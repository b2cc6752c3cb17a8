#ifndef USAGE_SESSION_DETAIL_TEXT_HPP
#define USAGE_SESSION_DETAIL_TEXT_HPP

// Turning untrusted input into message text that is safe to log and to send
// back to a client: quoted, control characters escaped, cut to 64 code points.

#include <usage_session/detail/utf8.hpp>

#include <boost/json/value.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace usage_session {
namespace detail {

// How much of any input is echoed into a message (docs/contract.md §7.3).
inline constexpr std::size_t max_echo_code_points = 64;

inline void append_hex_escape(std::string& out, char const* prefix, std::uint32_t v, int digits)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.append(prefix);
    for(int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out.push_back(hex[(v >> shift) & 0xF]);
}

// Appends `text` in double quotes, JSON-style escaped, cut after 64 code
// points with "..." after the closing quote. Invalid UTF-8 bytes become \xNN,
// so the result is always valid UTF-8 without control characters.
inline void append_quoted(std::string& out, std::string_view text)
{
    out.push_back('"');
    std::size_t shown = 0;
    std::size_t i = 0;
    for(; i < text.size() && shown < max_echo_code_points; ++shown)
    {
        std::uint32_t cp;
        std::size_t len = decode_utf8(text, i, cp);
        if(len == 0)
        {
            append_hex_escape(out, "\\x", static_cast<unsigned char>(text[i]), 2);
            ++i;
            continue;
        }
        switch(cp)
        {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            // U+2028/U+2029 end lines in some log viewers and in JavaScript.
            if(is_control(cp) || cp == 0x2028 || cp == 0x2029)
                append_hex_escape(out, "\\u", cp, 4);
            else
                out.append(text.substr(i, len));
        }
        i += len;
    }
    out.push_back('"');
    if(i < text.size())
        out.append("...");
}

// Text from an engine (which may quote part of a pattern) made safe for a
// message: controls escaped, invalid bytes as \xNN, cut after 160 code points.
inline void append_sanitized(std::string& out, std::string_view text)
{
    std::size_t shown = 0;
    std::size_t i = 0;
    for(; i < text.size() && shown < 160; ++shown)
    {
        std::uint32_t cp;
        std::size_t const len = decode_utf8(text, i, cp);
        if(len == 0)
        {
            append_hex_escape(out, "\\x", static_cast<unsigned char>(text[i]), 2);
            ++i;
            continue;
        }
        if(is_control(cp) || cp == 0x2028 || cp == 0x2029)
            append_hex_escape(out, "\\u", cp, 4);
        else
            out.append(text.substr(i, len));
        i += len;
    }
    if(i < text.size())
        out.append("...");
}

inline std::string quoted(std::string_view text)
{
    std::string out;
    append_quoted(out, text);
    return out;
}

// A finite double in shortest round-trip form. to_chars, unlike printf,
// never consults the global locale for the decimal point.
inline void append_number(std::string& out, double d)
{
    char buf[32];
    auto const r = std::to_chars(buf, buf + sizeof buf, d);
    out.append(buf, r.ptr);
}

// A short description of a value for messages: strings quoted and cut,
// numbers and booleans as written, containers by kind only (their content
// could be large and is never needed to understand the error).
inline std::string describe_value(boost::json::value const& v)
{
    switch(v.kind())
    {
    case boost::json::kind::string:
    {
        std::string out = "the string ";
        append_quoted(out, v.get_string());
        return out;
    }
    case boost::json::kind::int64:
        return "the number " + std::to_string(v.get_int64());
    case boost::json::kind::uint64:
        return "the number " + std::to_string(v.get_uint64());
    case boost::json::kind::double_:
    {
        double const d = v.get_double();
        if(!std::isfinite(d))
            return "a non-finite number";
        std::string out = "the number ";
        append_number(out, d);
        return out;
    }
    case boost::json::kind::bool_:
        return v.get_bool() ? "true" : "false";
    case boost::json::kind::null:
        return "null";
    case boost::json::kind::array:
        return "an array";
    case boost::json::kind::object:
        return "an object";
    }
    return "a value";
}

// The JSON kind of a value, never its content: what a message about a
// sensitive attribute may say about the value it got.
inline char const* describe_kind(boost::json::value const& v) noexcept
{
    switch(v.kind())
    {
    case boost::json::kind::string: return "a string";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: return "a number";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::null: return "null";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
    }
    return "a value";
}

// The offending value for violation::details: scalars only, strings cut to
// 64 code points like every echo. Returns false for containers, which are
// never echoed. Strings with invalid UTF-8 (possible only for values built
// in code) are replaced by their escaped form, so the details always
// serialize to valid JSON.
inline bool echo_value(boost::json::value const& v, boost::json::value& out)
{
    switch(v.kind())
    {
    case boost::json::kind::array:
    case boost::json::kind::object:
        return false;
    case boost::json::kind::string:
    {
        std::string_view const text = v.get_string();
        std::size_t i = 0;
        std::size_t shown = 0;
        for(; i < text.size() && shown < max_echo_code_points; ++shown)
        {
            std::uint32_t cp;
            std::size_t const len = decode_utf8(text, i, cp);
            if(len == 0)
            {
                std::string escaped = quoted(text);
                out = std::string_view(escaped).substr(1, escaped.rfind('"') - 1);
                return true;
            }
            i += len;
        }
        out = text.substr(0, i);
        return true;
    }
    case boost::json::kind::double_:
        if(!std::isfinite(v.get_double()))
            return false;
        out = v;
        return true;
    default:
        out = v;
        return true;
    }
}

}   // namespace detail
}   // namespace usage_session

#endif
