// Tests of usage_session/path.hpp: validate_path, the path parameters
// deviceId and id (docs/contract.md §4).
#include <usage_session/path.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace {

using usage_session::code_name;
using usage_session::report;
using usage_session::validate_path;

constexpr std::string_view good_device = "device-42";
constexpr std::string_view good_uuid = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

// True when `s` is valid UTF-8 (RFC 3629: no overlongs, surrogates or values
// above U+10FFFF). Written here so the test does not trust the library's own.
bool is_valid_utf8(std::string_view s)
{
    std::size_t i = 0;
    while(i < s.size())
    {
        unsigned const b0 = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;
        unsigned long cp = 0;
        unsigned long min = 0;
        if(b0 < 0x80)
        {
            ++i;
            continue;
        }
        else if(b0 >= 0xC2 && b0 <= 0xDF)
        {
            len = 2;
            cp = b0 & 0x1F;
            min = 0x80;
        }
        else if(b0 >= 0xE0 && b0 <= 0xEF)
        {
            len = 3;
            cp = b0 & 0x0F;
            min = 0x800;
        }
        else if(b0 >= 0xF0 && b0 <= 0xF4)
        {
            len = 4;
            cp = b0 & 0x07;
            min = 0x10000;
        }
        else
            return false;
        if(s.size() - i < len)
            return false;
        for(std::size_t k = 1; k < len; ++k)
        {
            unsigned const b = static_cast<unsigned char>(s[i + k]);
            if((b & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (b & 0x3F);
        }
        if(cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

// A message that is safe to log: valid UTF-8, no C0 control byte, no DEL,
// no C1 control (U+0080..U+009F, encoded as 0xC2 0x80..0x9F).
void check_safe_message(std::string const& message)
{
    BOOST_TEST(!message.empty());
    BOOST_TEST(is_valid_utf8(message), message);
    for(std::size_t i = 0; i < message.size(); ++i)
    {
        unsigned const b = static_cast<unsigned char>(message[i]);
        BOOST_TEST(b >= 0x20u, "control byte at " << i);
        BOOST_TEST(b != 0x7Fu, "DEL at " << i);
        if(b == 0xC2 && i + 1 < message.size())
        {
            unsigned const next = static_cast<unsigned char>(message[i + 1]);
            BOOST_TEST(!(next >= 0x80u && next <= 0x9Fu), "C1 control at " << i);
        }
    }
}

void expect_good_uuid(std::string_view id)
{
    report const r = validate_path(good_device, id);
    BOOST_TEST(r.ok(), "rejected: " << (r.ok() ? std::string() : r[0].message));
}

void expect_bad_uuid(std::string_view id)
{
    report const r = validate_path(good_device, id);
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].pointer == "/id");
    BOOST_TEST(code_name(r[0].code) == "bad_uuid");
    check_safe_message(r[0].message);
}

void expect_good_device(std::string_view device_id)
{
    report const r = validate_path(device_id, good_uuid);
    BOOST_TEST(r.ok(), "rejected: " << (r.ok() ? std::string() : r[0].message));
}

void expect_bad_device(std::string_view device_id)
{
    report const r = validate_path(device_id, good_uuid);
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].pointer == "/deviceId");
    BOOST_TEST(code_name(r[0].code) == "bad_device_id");
    check_safe_message(r[0].message);
}

// A printable label for BOOST_TEST_CONTEXT: bytes outside 0x21..0x7e as \xNN.
std::string label(std::string_view s)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for(char ch : s)
    {
        unsigned const b = static_cast<unsigned char>(ch);
        if(b > 0x20 && b < 0x7F)
            out += ch;
        else
        {
            out += "\\x";
            out += hex[b >> 4];
            out += hex[b & 0xF];
        }
    }
    return out + "\" (" + std::to_string(s.size()) + " bytes)";
}

}   // namespace

BOOST_AUTO_TEST_SUITE(path)

// --- id ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(uuid_accepted_forms)
{
    std::string_view const ids[] = {
        "3fa85f64-5717-4562-b3fc-2c963f66afa6",   // version 4, the platform's published example
        "3FA85F64-5717-4562-B3FC-2C963F66AFA6",   // upper case
        "3Fa85f64-5717-4562-b3FC-2c963f66afA6",   // mixed case
        "00000000-0000-0000-0000-000000000000",   // nil UUID
        "ffffffff-ffff-ffff-ffff-ffffffffffff",   // max UUID
        "c232ab00-9414-11ec-b3c8-9f6bdeced846",   // version 1
        "017f22e2-79b0-7cc3-98c4-dc0c0c07398f",   // version 7
        "3fa85f64-5717-0562-b3fc-2c963f66afa6",   // version 0 (not assigned)
        "3fa85f64-5717-f562-b3fc-2c963f66afa6",   // version 15 (not assigned)
        "3fa85f64-5717-4562-03fc-2c963f66afa6",   // NCS variant (0xxx)
        "3fa85f64-5717-4562-c3fc-2c963f66afa6",   // Microsoft variant (110x)
        "3fa85f64-5717-4562-e3fc-2c963f66afa6",   // reserved variant (111x)
    };
    for(std::string_view id : ids)
        BOOST_TEST_CONTEXT(id) { expect_good_uuid(id); }
}

BOOST_AUTO_TEST_CASE(uuid_rejected_forms)
{
    using namespace std::string_view_literals;
    std::string_view const ids[] = {
        ""sv,
        "3fa85f64-5717-4562-b3fc-2c963f66afa"sv,             // 35 characters
        "3fa85f64-5717-4562-b3fc-2c963f66afa60"sv,           // 37 characters
        "{3fa85f64-5717-4562-b3fc-2c963f66afa6}"sv,          // braces
        "urn:uuid:3fa85f64-5717-4562-b3fc-2c963f66afa6"sv,   // URN prefix
        "3fa85f6457174562b3fc2c963f66afa6"sv,                // no dashes
        "3fa85f64-57174562-b3fc-2c963f66afa6-"sv,            // dash moved to the end
        "3fa85f6-45717-4562-b3fc-2c963f66afa6"sv,            // dash one too early
        "3fa85f645-717-4562-b3fc-2c963f66afa6"sv,            // dash one too late
        "3fa85f64_5717_4562_b3fc_2c963f66afa6"sv,            // underscores
        "3fa85f64-5717-4562-b3fc-2c963f66afa-"sv,            // dash in a hex position
        "3fa85f64-5717-4562-b3fc-2c963f66afag"sv,            // non-hex 'g'
        "g3fa85f6-5717-4562-b3fc-2c963f66afa6"sv,            // non-hex first
        "3fa85f64-5717-4562-b3fc-2c963f66af\xc3\xa9"sv,      // 'é' (36 bytes, 35 chars)
        "3fa85f64-5717-4562-b3fc-2c963f66afa\xff"sv,         // invalid UTF-8 byte
        "\xef\xbc\x93"
        "fa85f6-5717-4562-b3fc-2c963f66afa6"sv,       // fullwidth '3'
        "3fa85f64-5717-4562-b3fc-2c963f66afa\0"sv,    // NUL in the last position
        " 3fa85f64-5717-4562-b3fc-2c963f66afa6"sv,    // leading space
        "3fa85f64-5717-4562-b3fc-2c963f66afa6\n"sv,   // trailing newline
        "+3fa85f6-5717-4562-b3fc-2c963f66afa6"sv,     // sign
        "3fa85f64-5717-4562-b3fc-2c963f66afa6 "sv,    // trailing space
    };
    for(std::string_view id : ids)
        BOOST_TEST_CONTEXT(label(id)) { expect_bad_uuid(id); }
}

BOOST_AUTO_TEST_CASE(uuid_message_names_the_parameter_and_value)
{
    report const r = validate_path(good_device, "not-a-uuid");
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(r[0].message.find("id") != std::string::npos, r[0].message);
    BOOST_TEST(r[0].message.find("not-a-uuid") != std::string::npos, r[0].message);
}

// --- deviceId -----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(device_id_accepted_forms)
{
    std::string const ids[] = {
        "a",                     // one byte
        std::string(256, 'x'),   // exactly 256 bytes
        "device-42_A.b:c",
        "device 1",                     // a space is not a control character
        "Ger\xc3\xa4t-\xc3\xbc",        // Gerät-ü: 2-byte UTF-8
        "\xe8\xae\xbe\xe5\xa4\x87-1",   // 3-byte UTF-8 (CJK)
        "\xf0\x9f\x98\x80",             // U+1F600: 4-byte UTF-8
        "\xc2\xa0",                     // U+00A0, the first code point after C1
        "\xf4\x8f\xbf\xbf",             // U+10FFFF, the last code point
    };
    for(std::string const& id : ids)
        BOOST_TEST_CONTEXT(label(id)) { expect_good_device(id); }
}

BOOST_AUTO_TEST_CASE(device_id_limit_is_in_bytes)
{
    // 128 two-byte characters are 256 bytes: fine; one more is 258 bytes.
    std::string id;
    for(int i = 0; i < 128; ++i)
        id += "\xc3\xa9";
    BOOST_TEST_REQUIRE(id.size() == 256u);
    expect_good_device(id);
    expect_bad_device(id + "\xc3\xa9");
    // 86 three-byte characters are 258 bytes although only 86 characters.
    std::string cjk;
    for(int i = 0; i < 86; ++i)
        cjk += "\xe8\xae\xbe";
    expect_bad_device(cjk);
}

BOOST_AUTO_TEST_CASE(device_id_rejected_forms)
{
    using namespace std::string_view_literals;
    std::string const long_id(257, 'x');
    std::string_view const ids[] = {
        ""sv,
        long_id,    // 257 bytes
        "\xff"sv,   // stray byte
        "dev\xff"sv,
        "\xc0\xaf"sv,           // overlong '/'
        "\xe2\x82"sv,           // truncated
        "\xed\xa0\x80"sv,       // CESU-8 surrogate
        "\xf4\x90\x80\x80"sv,   // above U+10FFFF
        "\x80"sv,               // lone continuation byte
        "\x01"sv,               // C0 control
        "dev\x01"sv,
        "\t"sv,
        "dev\nice"sv,
        "\x1f"sv,
        "\x7f"sv,       // DEL
        "\xc2\x85"sv,   // U+0085 NEL, a C1 control
        "\xc2\x80"sv,   // U+0080, first C1
        "\xc2\x9f"sv,   // U+009F, last C1
        "ab\0c"sv,      // embedded NUL, 4 bytes
        "\0"sv,
    };
    for(std::string_view id : ids)
        BOOST_TEST_CONTEXT(label(id)) { expect_bad_device(id); }
}

BOOST_AUTO_TEST_CASE(device_id_with_nul_is_not_cut_at_the_nul)
{
    // "ab\0c" is four bytes; a C-string check would see "ab" and accept it.
    std::string_view const id("ab\0c", 4);
    report const r = validate_path(id, good_uuid);
    BOOST_TEST_REQUIRE(r.size() == 1u);
    BOOST_TEST(code_name(r[0].code) == "bad_device_id");
    BOOST_TEST(r[0].message.find("\\u0000") != std::string::npos, r[0].message);
}

BOOST_AUTO_TEST_CASE(long_device_id_is_cut_in_the_message)
{
    std::string const id(10'000, 'x');
    report const r = validate_path(id, good_uuid);
    BOOST_TEST_REQUIRE(r.size() == 1u);
    // Echoed input is cut to 64 characters (docs/contract.md §7.3).
    BOOST_TEST(r[0].message.find(std::string(64, 'x')) != std::string::npos, r[0].message);
    BOOST_TEST(r[0].message.find(std::string(65, 'x')) == std::string::npos, r[0].message);
}

// --- both -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(both_valid)
{
    report const r = validate_path(good_device, good_uuid);
    BOOST_TEST(r.ok());
    BOOST_TEST(r.size() == 0u);
}

BOOST_AUTO_TEST_CASE(both_bad_in_order)
{
    report const r = validate_path("", "nope");
    BOOST_TEST_REQUIRE(r.size() == 2u);
    BOOST_TEST(r[0].pointer == "/deviceId");
    BOOST_TEST(code_name(r[0].code) == "bad_device_id");
    BOOST_TEST(r[1].pointer == "/id");
    BOOST_TEST(code_name(r[1].code) == "bad_uuid");

    // The order does not depend on which value is "worse".
    report const again = validate_path(std::string_view("\x01\xff", 2), "{}");
    BOOST_TEST_REQUIRE(again.size() == 2u);
    BOOST_TEST(again[0].pointer == "/deviceId");
    BOOST_TEST(again[1].pointer == "/id");
}

BOOST_AUTO_TEST_CASE(messages_escape_control_characters)
{
    using namespace std::string_view_literals;
    std::string_view const nasty[] = {
        "\x01\x02\x1b[31m"sv,
        "line\r\nInjected: yes"sv,
        "\x7f"sv,
        "\xc2\x85"sv,
        "ab\0c"sv,
        "\xff\xfe"sv,
        "\xe2\x80\xa8"sv /* U+2028 */,
    };
    for(std::string_view s : nasty)
        BOOST_TEST_CONTEXT(label(s))
        {
            report const r = validate_path(s, s);
            BOOST_TEST_REQUIRE(r.size() >= 1u);
            for(usage_session::violation const& v : r)
                check_safe_message(v.message);
        }
}

BOOST_AUTO_TEST_CASE(identical_input_identical_report)
{
    BOOST_TEST((validate_path("", "x") == validate_path("", "x")));
    BOOST_TEST((validate_path("a", good_uuid) == validate_path("a", good_uuid)));
}

BOOST_AUTO_TEST_SUITE_END()
