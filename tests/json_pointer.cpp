// Tests of usage_session/json_pointer.hpp: RFC 6901 §3 escaping.
#include <usage_session/json_pointer.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

using usage_session::append_pointer_index;
using usage_session::append_pointer_token;
using usage_session::make_pointer;

BOOST_AUTO_TEST_SUITE(json_pointer)

BOOST_AUTO_TEST_CASE(plain_token)
{
    BOOST_TEST(make_pointer("_state") == "/_state");
}

BOOST_AUTO_TEST_CASE(escapes_slash_and_tilde)
{
    BOOST_TEST(make_pointer("a/b") == "/a~1b");
    BOOST_TEST(make_pointer("m~n") == "/m~0n");
    BOOST_TEST(make_pointer("/") == "/~1");
    BOOST_TEST(make_pointer("~") == "/~0");
    // "~1" in a name is a literal tilde then '1', not an escaped slash.
    BOOST_TEST(make_pointer("~1") == "/~01");
    BOOST_TEST(make_pointer("~/~/") == "/~0~1~0~1");
}

BOOST_AUTO_TEST_CASE(empty_token)
{
    BOOST_TEST(make_pointer("") == "/");
    std::string p;
    append_pointer_token(p, "");
    append_pointer_token(p, "");
    BOOST_TEST(p == "//");
}

BOOST_AUTO_TEST_CASE(array_index)
{
    std::string p = "/list";
    append_pointer_index(p, 0);
    BOOST_TEST(p == "/list/0");
    append_pointer_index(p, 42);
    BOOST_TEST(p == "/list/0/42");

    std::string big;
    std::size_t const largest = std::numeric_limits<std::size_t>::max();
    append_pointer_index(big, largest);
    BOOST_TEST(big == "/" + std::to_string(largest));
}

BOOST_AUTO_TEST_CASE(nested_appends)
{
    std::string p;
    append_pointer_token(p, "_summary");
    append_pointer_token(p, "_stopReasonCode");
    BOOST_TEST(p == "/_summary/_stopReasonCode");

    std::string q = make_pointer("a/b");
    append_pointer_token(q, "c~d");
    append_pointer_index(q, 3);
    append_pointer_token(q, "");
    BOOST_TEST(q == "/a~1b/c~0d/3/");
}

BOOST_AUTO_TEST_CASE(other_bytes_are_kept)
{
    using namespace std::string_literals;
    std::string_view const with_nul("a\0b", 3);
    std::string const p = make_pointer(with_nul);
    BOOST_TEST(p.size() == 4u);
    BOOST_TEST(p == "/a\0b"s);

    // UTF-8, '%', quotes and control characters are not escaped by RFC 6901.
    BOOST_TEST(make_pointer("\xc3\xa9t\xc3\xa9") == "/\xc3\xa9t\xc3\xa9");
    BOOST_TEST(make_pointer("a%2Fb") == "/a%2Fb");
    BOOST_TEST(make_pointer("\"\\\n") == "/\"\\\n");
}

BOOST_AUTO_TEST_SUITE_END()
