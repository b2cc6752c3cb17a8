// Tests of detail/pattern.hpp: the fast path for trivial patterns (one ASCII
// character class with a quantifier) against RE2 itself, which it replaces
// for those patterns only.
#include <usage_session/detail/pattern.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

namespace detail = usage_session::detail;

bool takes_fast_path(std::string const& source)
{
    detail::trivial_pattern_shape shape;
    return detail::parse_trivial_pattern(source, shape);
}

// Shapes the fast path must recognise.
std::vector<std::string> const trivial_patterns = {
    "^[A-Z]+$", "[0-9]{4}", "^[A-Za-z0-9_-]*$", "[a-z]", "^[a-z]?$", "[A-Z]{2,4}", "[A-Z]{2,}",
    "[A-Z]{0}", "[-a]", "[a-]", "[-]", "[--/]", "[ !~^]+", "[\\d]+", "[\\w.]*", "\\d{3}", "\\w+",
    "[\\-\\]\\[\\\\]+", "a+", "^Z$", "_*", "-?"};

// Near-trivial shapes that must stay with RE2 (some RE2 refuses, some it
// reads differently from the plain characters).
std::vector<std::string> const non_trivial_patterns = {
    "", "^", "$", "^$", "[^A-Z]+", "[]a]", "[a-z-9]", "[a--]", "[\\s]", "\\s+", "\\D", "\\W", "[\\D]",
    "[\\n]", "[\\x41]", "\\pL", "[[:alpha:]]", "[A-Z]+|x", "([A-Z]+)", "(?:[A-Z])+", "(?i)[a-z]+",
    "[A-Z]+?", "[A-Z]*?", "[A-Z]{2}?", "[A-Z]{,3}", "[A-Z]{2,3", "[A-Z]{12345}", "[A-Z]++",
    "[A-Z]+$$", "^^[A-Z]", "ab", "[a-z][0-9]", ".+", "[é]", "é+", "[a-z]\n", "[\t]", "\\.",
    "*", "[A-Z", "[\\d-z]", "[a-\\d]", "[z-a]", "[A-Z]{3,2}", "\\Q]\\E", "[^]+"};

}   // namespace

BOOST_AUTO_TEST_SUITE(pattern)

BOOST_AUTO_TEST_CASE(trivial_shapes_take_the_fast_path)
{
    for(std::string const& source : trivial_patterns)
        BOOST_TEST(takes_fast_path(source), source);
}

BOOST_AUTO_TEST_CASE(other_shapes_do_not)
{
    for(std::string const& source : non_trivial_patterns)
        BOOST_TEST(!takes_fast_path(source), source);
}

BOOST_AUTO_TEST_CASE(shape_reads_classes_and_counts)
{
    detail::trivial_pattern_shape shape;
    BOOST_TEST_REQUIRE(detail::parse_trivial_pattern("^[A-C_x-z]{2,5}$", shape));
    BOOST_TEST(shape.min_length == 2u);
    BOOST_TEST(shape.max_length == 5u);
    std::string in;
    for(int c = 0; c < 256; ++c)
        if(shape.allowed.contains(static_cast<unsigned char>(c)))
            in += static_cast<char>(c);
    BOOST_TEST(in == "ABC_xyz");
}

#ifdef USAGE_SESSION_HAS_RE2

// Random text: ASCII (controls included), multi-byte UTF-8, empty, long.
std::string random_text(std::mt19937& random)
{
    static std::vector<std::string> const pieces = {"é", "€", "😀", "\xc2\x80", "\n", "\r", "\t", "\x7f"};
    std::size_t length;
    switch(random() % 8)
    {
    case 0: length = 0; break;
    case 1: length = 900 + random() % 300; break;
    default: length = random() % 9; break;
    }
    std::string text;
    // Mostly from a small alphabet, so that matches are common.
    static std::string const common = "AZaz09_-. ![]\\^~";
    for(std::size_t i = 0; i < length; ++i)
    {
        switch(random() % 10)
        {
        case 0: text += static_cast<char>(random() % 128); break;
        case 1: text += pieces[random() % pieces.size()]; break;
        case 2: text += static_cast<char>('a' + random() % 26); break;
        case 3: text += static_cast<char>('0' + random() % 10); break;
        default: text += common[random() % common.size()]; break;
        }
    }
    return text;
}

// A random pattern of (mostly) the trivial shape.
std::string random_pattern(std::mt19937& random)
{
    static std::vector<std::string> const items = {"A-Z", "a-z", "0-9", "_", "\\d", "\\w", "\\.", "\\-",
                                                   "\\]", "\\\\", " ", "!", "~", "^", ".", "$", "x-x",
                                                   "!-/", "Q", "*", "+", "?", "{", "}", "|", "(", ")"};
    static std::vector<std::string> const atoms = {"\\d", "\\w", "a", "Z", "7", "_", "-"};
    static std::vector<std::string> const quantifiers = {"", "", "*", "+", "?", "{0}", "{1}", "{3}",
                                                         "{2,}", "{0,4}", "{1,3}", "{2,2}", "{1000}"};
    std::string source = random() % 2 ? "^" : "";
    if(random() % 4 == 0)
        source += atoms[random() % atoms.size()];
    else
    {
        source += "[";
        if(random() % 8 == 0)
            source += "-";
        for(std::size_t n = 1 + random() % 3; n > 0; --n)
            source += items[random() % items.size()];
        if(random() % 8 == 0)
            source += "-";
        source += "]";
    }
    source += quantifiers[random() % quantifiers.size()];
    if(random() % 2)
        source += "$";
    return source;
}

// RE2 as compile_pattern sets it up, minus the fast path.
bool re2_full_match(RE2 const& re, std::string const& text)
{
    re2::StringPiece const piece(text.data(), text.size());
    return re.Match(piece, 0, piece.size(), RE2::ANCHOR_BOTH, nullptr, 0);
}

RE2::Options re2_options()
{
    RE2::Options options;
    options.set_encoding(RE2::Options::EncodingUTF8);
    options.set_log_errors(false);
    options.set_max_mem(static_cast<std::int64_t>(detail::pattern_memory_budget));
    return options;
}

// compile_pattern gives the same verdict as RE2 on every text, and agrees
// with RE2 on whether the pattern compiles at all.
void check_against_re2(std::string const& source, std::vector<std::string> const& texts)
{
    RE2 const re(source, re2_options());
    std::string why;
    auto const compiled = detail::compile_pattern(source, why);
    BOOST_TEST_CONTEXT("pattern " << source)
    {
        BOOST_TEST_REQUIRE(bool(compiled) == re.ok());
        if(!compiled)
            return;
        for(std::string const& text : texts)
            BOOST_TEST(compiled->full_match(text) == re2_full_match(re, text), "text \"" << text << "\"");
    }
}

BOOST_AUTO_TEST_CASE(fast_path_is_what_compile_pattern_uses)
{
    std::string why;
    auto const fast = detail::compile_pattern("^[A-Z]+$", why);
    BOOST_TEST_REQUIRE(bool(fast));
    BOOST_TEST(dynamic_cast<detail::ascii_class_pattern const*>(fast.get()) != nullptr);
    auto const slow = detail::compile_pattern("^[A-Z]+|x$", why);
    BOOST_TEST_REQUIRE(bool(slow));
    BOOST_TEST(dynamic_cast<detail::ascii_class_pattern const*>(slow.get()) == nullptr);
    // RE2 refuses before the shape is looked at: the reason is RE2's.
    BOOST_TEST(!detail::compile_pattern("[A-Z]{1001}", why));
    BOOST_TEST(why.find("RE2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(fast_path_agrees_with_re2)
{
    std::mt19937 random(5);
    std::vector<std::string> texts = {"", "A", "AB", "MK", "mk", "12", "1234", "_-", "-", "é", "A\n", "\nA",
                                      "A\x80", std::string(1000, 'A'), std::string(1, '\0')};
    for(int i = 0; i < 400; ++i)
        texts.push_back(random_text(random));
    for(std::string const& source : trivial_patterns)
        check_against_re2(source, texts);
    for(std::string const& source : non_trivial_patterns)
        check_against_re2(source, texts);
    std::size_t fast = 0;
    for(int i = 0; i < 3000; ++i)
    {
        std::string const source = random_pattern(random);
        fast += takes_fast_path(source);
        check_against_re2(source, texts);
    }
    // The generator must exercise the fast path, not only RE2.
    BOOST_TEST(fast > 1000u);
}

#endif

BOOST_AUTO_TEST_SUITE_END()
