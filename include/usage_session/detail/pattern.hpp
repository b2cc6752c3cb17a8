#ifndef USAGE_SESSION_DETAIL_PATTERN_HPP
#define USAGE_SESSION_DETAIL_PATTERN_HPP

// Attribute patterns (docs/contract.md §5: a template `regex`) run on a linear-time
// engine only, never a backtracking one (ReDoS). The engine is RE2, used
// when USAGE_SESSION_HAS_RE2 is defined (the CMake target defines it when
// RE2 is found, and links it); without it, compiling a pattern fails with a
// reason and the schema build reports bad_schema instead of silently
// skipping the rule. Define the macro the same way in every translation unit
// of a program.
//
// Semantics with RE2: the whole value must match (as if the pattern were
// wrapped in ^(?:...)$, so explicit anchors are harmless), both pattern and
// value are UTF-8, the syntax is RE2's (Perl-like, without backreferences,
// lookaround, atomic groups or possessive quantifiers: the constructs that
// need backtracking). Each compiled pattern may use at most
// pattern_memory_budget bytes; a pattern whose program does not fit fails to
// compile, and matching falls back from RE2's DFA to its NFA (still linear)
// rather than using more.

#include <usage_session/detail/text.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#ifdef USAGE_SESSION_HAS_RE2
#include <re2/re2.h>
#endif

namespace usage_session {
namespace detail {

// Memory RE2 may use for one compiled pattern (program and DFA caches).
inline constexpr std::size_t pattern_memory_budget = std::size_t(1) << 20;

// A compiled pattern; immutable, so matching is thread-safe.
class pattern
{
public:
    virtual ~pattern() = default;
    // Whether the whole of `text` (valid UTF-8) matches. Linear in the size
    // of `text`; may allocate within the pattern's memory budget (so only
    // std::bad_alloc can escape).
    virtual bool full_match(std::string_view text) const = 0;
};

// ---- the fast path for trivial patterns -------------------------------
//
// Most template patterns are one character class with a quantifier, such as
// ^[A-Z]+$ or [0-9]{4}. For those, RE2's per-call setup costs far more than
// the match itself (~440 instructions for a two-character value), so
// compile_pattern answers them with a 128-bit ASCII set and a length range
// instead. The shape is recognised only when the verdict is certainly RE2's:
//
//   ^? atom quantifier? $?
//   atom       = [items] (not negated) | \d | \w | a letter, digit, _ or -
//   items      = one or more of: a printable ASCII character other than
//                \ [ ] (^ not first), a range a-z of two such characters,
//                \d, \w, or \ followed by ASCII punctuation; a - that is
//                not a range only first or last
//   quantifier = * + ? {n} {n,} {n,m}   (greedy only)
//
// Why the verdicts agree with RE2 (UTF-8, whole value, ANCHOR_BOTH): ^ and
// $ without (?m) match only at the ends of the text, which the whole-value
// match pins anyway; \d and \w are ASCII-only in RE2; every byte of a
// non-ASCII code point is 0x80 or above, so it is never in the set, as a
// non-ASCII code point never matches an ASCII class; and when every
// character is ASCII, characters and bytes count the same. Anything else
// (negation, alternation, groups, flags, other escapes, lazy quantifiers,
// non-ASCII) stays with RE2. tests/pattern.cpp checks both against RE2.

// A set of ASCII characters, one bit each.
class ascii_set
{
public:
    void add(unsigned char c) noexcept { bits_[c >> 6] |= std::uint64_t(1) << (c & 63); }
    void add_range(unsigned char first, unsigned char last) noexcept
    {
        for(unsigned c = first; c <= last; ++c)
            add(static_cast<unsigned char>(c));
    }
    // False for every byte of 0x80 and above.
    bool contains(unsigned char c) const noexcept
    {
        return c < 128 && ((bits_[c >> 6] >> (c & 63)) & 1) != 0;
    }

private:
    std::uint64_t bits_[2] = {0, 0};
};

// A trivial pattern: the whole text is between min_length and max_length
// characters, each in `allowed`.
struct trivial_pattern_shape
{
    ascii_set allowed;
    std::size_t min_length = 1;
    std::size_t max_length = 1;
};

// Parses the trivial shape described above; false (and `out` unspecified)
// for anything else, including sources RE2 would refuse.
inline bool parse_trivial_pattern(std::string_view source, trivial_pattern_shape& out) noexcept
{
    std::size_t pos = 0;
    std::size_t const n = source.size();
    auto at_end = [&] { return pos == n; };
    auto is_alnum = [](char c) noexcept {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    // Printable ASCII other than letters, digits and space: what RE2 reads
    // as itself after a backslash.
    auto is_punctuation = [&](char c) noexcept { return c > ' ' && c < 127 && !is_alnum(c); };
    // \d or \w at source[pos] (the backslash): adds its set.
    auto perl_class = [&](ascii_set& set) noexcept {
        if(pos + 1 >= n)
            return false;
        if(source[pos + 1] == 'd')
            set.add_range('0', '9');
        else if(source[pos + 1] == 'w')
        {
            set.add_range('0', '9');
            set.add_range('A', 'Z');
            set.add_range('a', 'z');
            set.add('_');
        }
        else
            return false;
        pos += 2;
        return true;
    };
    // One character of a class at source[pos]: a plain printable character
    // or an escaped punctuation character; false for anything else.
    auto class_char = [&](unsigned char& c) noexcept {
        char const x = source[pos];
        if(x == '\\')
        {
            if(pos + 1 >= n || !is_punctuation(source[pos + 1]))
                return false;
            c = static_cast<unsigned char>(source[pos + 1]);
            pos += 2;
            return true;
        }
        if(x < ' ' || x > '~' || x == '[' || x == ']')
            return false;
        c = static_cast<unsigned char>(x);
        ++pos;
        return true;
    };

    if(!at_end() && source[pos] == '^')
        ++pos;
    if(at_end())
        return false;
    out.allowed = ascii_set();
    char const first = source[pos];
    if(first == '[')
    {
        ++pos;
        // A ^ first negates, and a ] first is a literal in RE2: both left to it.
        if(at_end() || source[pos] == '^' || source[pos] == ']')
            return false;
        bool empty = true;
        while(!at_end() && source[pos] != ']')
        {
            if(source[pos] == '\\' && perl_class(out.allowed))
            {
                empty = false;
                continue;
            }
            // A - that is not first or last, or not between two characters,
            // is left to RE2.
            if(source[pos] == '-' && !empty && pos + 1 < n && source[pos + 1] != ']')
                return false;
            unsigned char low;
            if(!class_char(low))
                return false;
            empty = false;
            if(pos + 1 < n && source[pos] == '-' && source[pos + 1] != ']')
            {
                ++pos;
                unsigned char high;
                if(source[pos] == '-' || !class_char(high) || high < low)
                    return false;
                out.allowed.add_range(low, high);
            }
            else
                out.allowed.add(low);
        }
        if(at_end())
            return false;
        ++pos;   // ']'
    }
    else if(first == '\\')
    {
        if(!perl_class(out.allowed))
            return false;
    }
    else if(is_alnum(first) || first == '_' || first == '-')
    {
        out.allowed.add(static_cast<unsigned char>(first));
        ++pos;
    }
    else
        return false;

    // The quantifier.
    constexpr std::size_t unbounded = static_cast<std::size_t>(-1);
    // Up to four digits: RE2 refuses counts above 1000 anyway.
    auto count = [&](std::size_t& value) noexcept {
        std::size_t const start = pos;
        value = 0;
        while(!at_end() && source[pos] >= '0' && source[pos] <= '9' && pos - start < 4)
            value = value * 10 + static_cast<std::size_t>(source[pos++] - '0');
        return pos != start && (at_end() || source[pos] < '0' || source[pos] > '9');
    };
    out.min_length = 1;
    out.max_length = 1;
    if(!at_end())
    {
        switch(source[pos])
        {
        case '*':
            out.min_length = 0;
            out.max_length = unbounded;
            ++pos;
            break;
        case '+':
            out.max_length = unbounded;
            ++pos;
            break;
        case '?':
            out.min_length = 0;
            ++pos;
            break;
        case '{':
            ++pos;
            if(!count(out.min_length))
                return false;
            out.max_length = out.min_length;
            if(!at_end() && source[pos] == ',')
            {
                ++pos;
                out.max_length = unbounded;
                if(!at_end() && source[pos] != '}' && !count(out.max_length))
                    return false;
            }
            if(at_end() || source[pos] != '}' || out.max_length < out.min_length)
                return false;
            ++pos;
            break;
        default:
            break;
        }
    }
    if(!at_end() && source[pos] == '$')
        ++pos;
    return at_end();
}

#ifdef USAGE_SESSION_HAS_RE2

// A pattern of the trivial shape (see above), matched without RE2.
class ascii_class_pattern final : public pattern
{
public:
    explicit ascii_class_pattern(trivial_pattern_shape const& shape) noexcept : shape_(shape) {}

    bool full_match(std::string_view text) const override
    {
        if(text.size() < shape_.min_length || text.size() > shape_.max_length)
            return false;
        for(char const c : text)
            if(!shape_.allowed.contains(static_cast<unsigned char>(c)))
                return false;
        return true;
    }

private:
    trivial_pattern_shape shape_;
};

class re2_pattern final : public pattern
{
public:
    re2_pattern(std::string const& source, RE2::Options const& options) : re_(source, options) {}

    RE2 const& re() const noexcept { return re_; }

    bool full_match(std::string_view text) const override
    {
        // What RE2::FullMatch does with no capture arguments, minus its
        // argument handling: anchored at both ends, no submatches asked
        // for, so RE2 can answer from its DFA alone.
        re2::StringPiece const piece(text.data(), text.size());
        return re_.Match(piece, 0, piece.size(), RE2::ANCHOR_BOTH, nullptr, 0);
    }

private:
    RE2 re_;
};

// The RE2 error names a construct that only a backtracking engine offers.
inline char const* backtracking_construct(RE2 const& re, std::string_view source)
{
    std::string_view const arg = re.error_arg();
    auto starts = [arg](std::string_view prefix) { return arg.substr(0, prefix.size()) == prefix; };
    switch(re.error_code())
    {
    case RE2::ErrorBadPerlOp:
        if(starts("(?=") || starts("(?!"))
            return "lookahead";
        // RE2 quotes only "(?<" for lookbehind.
        if(starts("(?<") && (source.find("(?<=") != source.npos || source.find("(?<!") != source.npos))
            return "lookbehind";
        if(starts("(?>"))
            return "an atomic group";
        return nullptr;
    case RE2::ErrorBadEscape:
        if(arg.size() >= 2 && arg[0] == '\\' &&
           ((arg[1] >= '1' && arg[1] <= '9') || arg[1] == 'k' || arg[1] == 'g'))
            return "a backreference";
        return nullptr;
    case RE2::ErrorRepeatOp:
        if(arg.size() >= 2 && arg.back() == '+')
            return "a possessive quantifier";
        return nullptr;
    default:
        return nullptr;
    }
}

// Compiles `source`. On failure returns null and sets `why` to one English
// sentence saying what is wrong, safe to put in a message as it is: RE2's own
// error text echoes a fragment of the pattern, which may hold control
// characters, so it goes through append_sanitized.
inline std::shared_ptr<pattern const> compile_pattern(std::string const& source, std::string& why)
{
    RE2::Options options;
    options.set_encoding(RE2::Options::EncodingUTF8);
    options.set_log_errors(false);
    options.set_max_mem(static_cast<std::int64_t>(pattern_memory_budget));
    auto compiled = std::make_shared<re2_pattern>(source, options);
    RE2 const& re = compiled->re();
    if(re.ok())
    {
        // Compiled by RE2 first all the same, so that what RE2 refuses is
        // refused with its reason whatever the shape.
        trivial_pattern_shape shape;
        if(parse_trivial_pattern(source, shape))
            return std::make_shared<ascii_class_pattern>(shape);
        return compiled;
    }
    std::string engine_says;
    append_sanitized(engine_says, re.error());
    if(char const* construct = backtracking_construct(re, source))
        why = std::string(construct) + " is not supported by a linear-time regular expression engine (RE2: " +
              engine_says + ")";
    else if(re.error_code() == RE2::ErrorPatternTooLarge)
        why = "the pattern is too large for its memory budget of " + std::to_string(pattern_memory_budget) +
              " bytes (RE2: " + engine_says + ")";
    else
        why = "RE2 cannot compile it: " + engine_says;
    return nullptr;
}

#else

// Compiles `source`. Without a linear-time engine in the build, always fails.
inline std::shared_ptr<pattern const> compile_pattern(std::string const& source, std::string& why)
{
    (void)source;
    why = "patterns need a linear-time regular expression engine, and this build of "
          "usage_session has none (build with RE2: USAGE_SESSION_HAS_RE2)";
    return nullptr;
}

#endif

}   // namespace detail
}   // namespace usage_session

#endif
