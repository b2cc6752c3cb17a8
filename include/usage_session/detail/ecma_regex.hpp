#ifndef USAGE_SESSION_DETAIL_ECMA_REGEX_HPP
#define USAGE_SESSION_DETAIL_ECMA_REGEX_HPP

// Attribute patterns are RE2 syntax (detail/pattern.hpp); a JSON Schema
// `pattern` is ECMA-262 syntax, compiled by JavaScript validators with the
// `u` flag and searched, not fully matched. The two languages look alike
// and differ in the details: ECMA's `.` also refuses \r, U+2028 and U+2029,
// its `\s` is Unicode-aware, RE2's `\_` and `a{,3}` are errors under `u`,
// and `(?i)`, `\pL` or `[[:alpha:]]` do not exist in ECMA at all.
//
// So to_json_schema does not copy a pattern: it parses it as a subset of
// RE2 whose meaning is clear, into a small tree, and writes that tree out
// in ECMA syntax that means the same (`.` becomes `[^\n]`, `\s` becomes
// `[\t\n\f\r ]`, classes become explicit code point ranges, groups become
// non-capturing). Anything outside the subset (flags, Unicode classes,
// `\Q...\E`, octal escapes, repeated assertions, deeper nesting than
// max_regex_nesting) is "not portable": the caller falls back to stating
// the RE2 pattern in a vendor keyword. The tree also lets tests generate
// strings that match a pattern.
//
// Parsing recurses once per group level, at most max_regex_nesting deep.

#include <usage_session/detail/utf8.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace usage_session {
namespace detail {

// Deeper group nesting is reported as not portable (and bounds recursion).
inline constexpr std::size_t max_regex_nesting = 64;

// RE2's own limit on a counted repetition ({n,m} with m <= 1000).
inline constexpr std::uint32_t max_regex_repeat = 1000;

inline constexpr std::uint32_t max_code_point = 0x10FFFF;

struct regex_node
{
    enum class kind : unsigned char
    {
        empty,               // matches the empty string
        literal,             // one code point
        char_class,          // a set of code points (possibly negated)
        begin_text,          // ^ or \A
        end_text,            // $ or \z
        word_boundary,       // \b
        not_word_boundary,   // \B
        concat,              // children in sequence
        alternation,         // one of the children
        group,               // one child, in (?:...)
        repeat               // one child, min..max times
    };

    kind k = kind::empty;
    std::uint32_t code_point = 0;                                  // literal
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;   // char_class, sorted and merged
    bool negated = false;                                          // char_class
    char shorthand = 0;                                            // char_class written as \d, \D, \w, \W or '.' (how to print it)
    std::uint32_t min = 0, max = 0;                                // repeat
    bool unbounded = false;                                        // repeat: {min,}
    bool lazy = false;                                             // repeat: *? +? ...
    std::vector<std::size_t> children;                             // indices into regex_tree::nodes
};

struct regex_tree
{
    std::vector<regex_node> nodes;
    std::size_t root = 0;
};

// Whether code point `c` is in the set of `n` (a char_class node).
inline bool class_contains(regex_node const& n, std::uint32_t c) noexcept
{
    bool in = false;
    for(auto const& r : n.ranges)
        if(c >= r.first && c <= r.second)
        {
            in = true;
            break;
        }
    return in != n.negated;
}

namespace regex_syntax {

using ranges_t = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

inline void normalize(ranges_t& r)
{
    std::sort(r.begin(), r.end());
    ranges_t merged;
    for(auto const& x : r)
    {
        if(!merged.empty() && x.first <= merged.back().second + 1)
            merged.back().second = std::max(merged.back().second, x.second);
        else
            merged.push_back(x);
    }
    r = std::move(merged);
}

// The complement within [0, U+10FFFF] of normalized ranges.
inline ranges_t complement(ranges_t const& r)
{
    ranges_t out;
    std::uint32_t next = 0;
    for(auto const& x : r)
    {
        if(x.first > next)
            out.emplace_back(next, x.first - 1);
        next = x.second + 1;
    }
    if(next <= max_code_point)
        out.emplace_back(next, max_code_point);
    return out;
}

inline ranges_t digit_ranges() { return {{'0', '9'}}; }
inline ranges_t word_ranges() { return {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}; }
// RE2's \s: [\t\n\f\r ] (no \v, nothing beyond ASCII).
inline ranges_t space_ranges() { return {{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}}; }

inline bool is_hex(char c) noexcept
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

inline std::uint32_t hex_value(char c) noexcept
{
    return c <= '9' ? static_cast<std::uint32_t>(c - '0')
                    : static_cast<std::uint32_t>((c | 0x20) - 'a' + 10);
}

inline bool is_ascii_alnum(std::uint32_t c) noexcept
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

class parser
{
public:
    parser(std::string_view s, regex_tree& t) noexcept : s_(s), t_(t) {}

    bool parse()
    {
        t_.nodes.clear();
        std::size_t root;
        if(!alternation(0, root) || pos_ != s_.size())
            return false;   // an unmatched ')' stops the top level early
        t_.root = root;
        return true;
    }

private:
    std::string_view s_;
    regex_tree& t_;
    std::size_t pos_ = 0;

    bool at_end() const noexcept { return pos_ >= s_.size(); }
    char peek() const noexcept { return s_[pos_]; }

    std::size_t add(regex_node n)
    {
        t_.nodes.push_back(std::move(n));
        return t_.nodes.size() - 1;
    }

    std::size_t add_kind(regex_node::kind k)
    {
        regex_node n;
        n.k = k;
        return add(std::move(n));
    }

    std::size_t add_class(ranges_t r, bool negated, char shorthand)
    {
        regex_node n;
        n.k = regex_node::kind::char_class;
        normalize(r);
        n.ranges = std::move(r);
        n.negated = negated;
        n.shorthand = shorthand;
        return add(std::move(n));
    }

    std::size_t add_literal(std::uint32_t c)
    {
        regex_node n;
        n.k = regex_node::kind::literal;
        n.code_point = c;
        return add(std::move(n));
    }

    bool next_code_point(std::uint32_t& c) noexcept
    {
        if(at_end())
            return false;
        std::size_t const len = decode_utf8(s_, pos_, c);
        if(len == 0)
            return false;
        pos_ += len;
        return true;
    }

    bool alternation(std::size_t depth, std::size_t& out)
    {
        if(depth > max_regex_nesting)
            return false;
        std::vector<std::size_t> branches;
        for(;;)
        {
            std::size_t branch;
            if(!concat(depth, branch))
                return false;
            branches.push_back(branch);
            if(at_end() || peek() != '|')
                break;
            ++pos_;
        }
        if(branches.size() == 1)
        {
            out = branches.front();
            return true;
        }
        regex_node n;
        n.k = regex_node::kind::alternation;
        n.children = std::move(branches);
        out = add(std::move(n));
        return true;
    }

    bool concat(std::size_t depth, std::size_t& out)
    {
        std::vector<std::size_t> items;
        while(!at_end() && peek() != '|' && peek() != ')')
        {
            std::size_t item;
            if(!repeat(depth, item))
                return false;
            items.push_back(item);
        }
        if(items.size() == 1)
        {
            out = items.front();
            return true;
        }
        regex_node n;
        n.k = items.empty() ? regex_node::kind::empty : regex_node::kind::concat;
        n.children = std::move(items);
        out = add(std::move(n));
        return true;
    }

    // {n}, {n,} or {n,m} at pos_; false (and pos_ unchanged) when the text
    // there is not a repetition, which RE2 then reads as a literal '{'.
    bool counted(std::uint32_t& min, std::uint32_t& max, bool& unbounded, bool& valid) noexcept
    {
        std::size_t p = pos_ + 1;
        auto number = [&](std::uint32_t& v) {
            std::size_t const first = p;
            v = 0;
            while(p < s_.size() && s_[p] >= '0' && s_[p] <= '9')
            {
                if(v <= 100000)
                    v = v * 10 + static_cast<std::uint32_t>(s_[p] - '0');
                ++p;
            }
            return p != first;
        };
        if(!number(min))
            return false;
        unbounded = false;
        max = min;
        if(p < s_.size() && s_[p] == ',')
        {
            ++p;
            if(p < s_.size() && s_[p] == '}')
                unbounded = true;
            else if(!number(max))
                return false;
        }
        if(p >= s_.size() || s_[p] != '}')
            return false;
        pos_ = p + 1;
        valid = min <= max_regex_repeat && (unbounded || (max <= max_regex_repeat && min <= max));
        return true;
    }

    bool repeat(std::size_t depth, std::size_t& out)
    {
        if(peek() == '*' || peek() == '+' || peek() == '?')
            return false;   // nothing to repeat
        std::size_t atom_index;
        if(!atom(depth, atom_index))
            return false;
        out = atom_index;
        if(at_end())
            return true;
        regex_node r;
        r.k = regex_node::kind::repeat;
        char const c = peek();
        if(c == '*' || c == '+' || c == '?')
        {
            ++pos_;
            r.min = c == '+' ? 1 : 0;
            r.max = c == '?' ? 1 : 0;
            r.unbounded = c != '?';
        }
        else if(c == '{')
        {
            bool valid = false;
            if(!counted(r.min, r.max, r.unbounded, valid))
                return true;   // a literal '{' follows; the next atom reads it
            if(!valid)
                return false;
        }
        else
            return true;
        if(!at_end() && peek() == '?')
        {
            r.lazy = true;
            ++pos_;
        }
        // RE2 refuses a repeated repetition (a**, a{2}{3}); ECMA refuses a
        // repeated assertion (^*, \b+) that RE2 accepts: neither is portable.
        if(!at_end() && (peek() == '*' || peek() == '+' || peek() == '?'))
            return false;
        if(!at_end() && peek() == '{')
        {
            std::size_t const saved = pos_;
            std::uint32_t a, b;
            bool u, v;
            if(counted(a, b, u, v))
                return false;
            pos_ = saved;
        }
        switch(t_.nodes[atom_index].k)
        {
        case regex_node::kind::begin_text:
        case regex_node::kind::end_text:
        case regex_node::kind::word_boundary:
        case regex_node::kind::not_word_boundary:
            return false;
        default:
            break;
        }
        r.children.push_back(atom_index);
        out = add(std::move(r));
        return true;
    }

    bool atom(std::size_t depth, std::size_t& out)
    {
        char const c = peek();
        switch(c)
        {
        case '(':
        {
            ++pos_;
            if(s_.substr(pos_, 2) == "?:")
                pos_ += 2;
            else if(s_.substr(pos_, 3) == "?P<")
            {
                // A named group; names do not change what matches.
                std::size_t const close = s_.find('>', pos_);
                if(close == std::string_view::npos || close == pos_ + 3)
                    return false;
                for(std::size_t i = pos_ + 3; i < close; ++i)
                    if(!is_ascii_alnum(static_cast<unsigned char>(s_[i])) && s_[i] != '_')
                        return false;
                pos_ = close + 1;
            }
            else if(!at_end() && peek() == '?')
                return false;   // flags such as (?i), or lookaround RE2 refuses
            std::size_t inner;
            if(!alternation(depth + 1, inner) || at_end() || peek() != ')')
                return false;
            ++pos_;
            regex_node g;
            g.k = regex_node::kind::group;
            g.children.push_back(inner);
            out = add(std::move(g));
            return true;
        }
        case ')':
            return false;
        case '[':
            return char_class(out);
        case '.':
            ++pos_;
            out = add_class({{'\n', '\n'}}, true, '.');
            return true;
        case '^':
            ++pos_;
            out = add_kind(regex_node::kind::begin_text);
            return true;
        case '$':
            ++pos_;
            out = add_kind(regex_node::kind::end_text);
            return true;
        case '\\':
            return escape(out);
        case '{':
        {
            // A repetition with nothing to repeat (RE2 refuses it); any
            // other '{' is a literal.
            std::uint32_t a, b;
            bool u, v;
            if(counted(a, b, u, v))
                return false;
            ++pos_;
            out = add_literal('{');
            return true;
        }
        default:
        {
            std::uint32_t cp;
            if(!next_code_point(cp))
                return false;
            out = add_literal(cp);
            return true;
        }
        }
    }

    // A Perl class escape (\d \D \w \W \s \S) at s_[pos_+1]: its ranges.
    static bool perl_class(char c, ranges_t& r, bool& negated)
    {
        switch(c)
        {
        case 'd':
            r = digit_ranges();
            negated = false;
            return true;
        case 'D':
            r = digit_ranges();
            negated = true;
            return true;
        case 'w':
            r = word_ranges();
            negated = false;
            return true;
        case 'W':
            r = word_ranges();
            negated = true;
            return true;
        case 's':
            r = space_ranges();
            negated = false;
            return true;
        case 'S':
            r = space_ranges();
            negated = true;
            return true;
        default: return false;
        }
    }

    // A single-character escape at pos_ (which holds the backslash): the
    // code point it stands for. False for every escape that is not one, or
    // is outside the portable subset.
    bool char_escape(std::uint32_t& cp) noexcept
    {
        if(pos_ + 1 >= s_.size())
            return false;   // trailing backslash
        char const c = s_[pos_ + 1];
        switch(c)
        {
        case 'a':
            cp = 0x07;
            pos_ += 2;
            return true;
        case 'f':
            cp = '\f';
            pos_ += 2;
            return true;
        case 't':
            cp = '\t';
            pos_ += 2;
            return true;
        case 'n':
            cp = '\n';
            pos_ += 2;
            return true;
        case 'r':
            cp = '\r';
            pos_ += 2;
            return true;
        case 'v':
            cp = '\v';
            pos_ += 2;
            return true;
        case 'x':
        {
            std::size_t p = pos_ + 2;
            cp = 0;
            if(p < s_.size() && s_[p] == '{')
            {
                ++p;
                std::size_t const first = p;
                while(p < s_.size() && is_hex(s_[p]) && p - first < 8)
                    cp = cp * 16 + hex_value(s_[p++]);
                if(p == first || p >= s_.size() || s_[p] != '}')
                    return false;
                ++p;
            }
            else
            {
                if(p + 2 > s_.size() || !is_hex(s_[p]) || !is_hex(s_[p + 1]))
                    return false;
                cp = hex_value(s_[p]) * 16 + hex_value(s_[p + 1]);
                p += 2;
            }
            if(cp > max_code_point || (cp >= 0xD800 && cp <= 0xDFFF))
                return false;
            pos_ = p;
            return true;
        }
        default:
        {
            // RE2 reads a backslash before any ASCII punctuation (and '_' or
            // a space) as that character. Letters and digits are escapes
            // with other meanings (or errors): not portable here.
            unsigned char const u = static_cast<unsigned char>(c);
            if(u < 0x20 || u >= 0x7F || is_ascii_alnum(u))
                return false;
            cp = u;
            pos_ += 2;
            return true;
        }
        }
    }

    bool escape(std::size_t& out)
    {
        if(pos_ + 1 >= s_.size())
            return false;
        char const c = s_[pos_ + 1];
        ranges_t r;
        bool negated = false;
        if(perl_class(c, r, negated))
        {
            pos_ += 2;
            char const shorthand = (c == 's' || c == 'S') ? 0 : c;
            out = add_class(std::move(r), negated, shorthand);
            return true;
        }
        regex_node n;
        switch(c)
        {
        case 'A': n.k = regex_node::kind::begin_text; break;
        case 'z': n.k = regex_node::kind::end_text; break;
        case 'b': n.k = regex_node::kind::word_boundary; break;
        case 'B': n.k = regex_node::kind::not_word_boundary; break;
        default:
        {
            std::uint32_t cp;
            if(!char_escape(cp))
                return false;
            out = add_literal(cp);
            return true;
        }
        }
        pos_ += 2;
        out = add(std::move(n));
        return true;
    }

    // [[:name:]] inside a class (ASCII only, as in RE2).
    bool posix_class(ranges_t& r)
    {
        std::size_t const close = s_.find(":]", pos_ + 2);
        if(close == std::string_view::npos)
            return false;
        std::string_view const name = s_.substr(pos_ + 2, close - pos_ - 2);
        ranges_t add_ranges;
        if(name == "alpha")
            add_ranges = {{'A', 'Z'}, {'a', 'z'}};
        else if(name == "digit")
            add_ranges = digit_ranges();
        else if(name == "alnum")
            add_ranges = {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}};
        else if(name == "upper")
            add_ranges = {{'A', 'Z'}};
        else if(name == "lower")
            add_ranges = {{'a', 'z'}};
        else if(name == "xdigit")
            add_ranges = {{'0', '9'}, {'A', 'F'}, {'a', 'f'}};
        else if(name == "word")
            add_ranges = word_ranges();
        else if(name == "space")
            add_ranges = {{'\t', '\r'}, {' ', ' '}};
        else if(name == "blank")
            add_ranges = {{'\t', '\t'}, {' ', ' '}};
        else if(name == "punct")
            add_ranges = {{'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'}};
        else
            return false;   // [:^alpha:], [:cntrl:] ... not in the subset
        r.insert(r.end(), add_ranges.begin(), add_ranges.end());
        pos_ = close + 2;
        return true;
    }

    bool char_class(std::size_t& out)
    {
        ++pos_;   // '['
        bool negated = false;
        if(!at_end() && peek() == '^')
        {
            negated = true;
            ++pos_;
        }
        ranges_t r;
        bool first = true;
        for(;;)
        {
            if(at_end())
                return false;
            if(peek() == ']' && !first)
            {
                ++pos_;
                break;
            }
            first = false;
            if(s_.substr(pos_, 2) == "[:")
            {
                if(!posix_class(r))
                    return false;
                continue;
            }
            if(peek() == '\\' && pos_ + 1 < s_.size())
            {
                ranges_t pr;
                bool pn = false;
                if(perl_class(s_[pos_ + 1], pr, pn))
                {
                    pos_ += 2;
                    normalize(pr);
                    if(pn)
                        pr = complement(pr);
                    r.insert(r.end(), pr.begin(), pr.end());
                    continue;
                }
            }
            std::uint32_t lo;
            if(!class_char(lo))
                return false;
            std::uint32_t hi = lo;
            if(pos_ + 1 < s_.size() && peek() == '-' && s_[pos_ + 1] != ']')
            {
                ++pos_;
                if(!class_char(hi) || hi < lo)
                    return false;
            }
            r.emplace_back(lo, hi);
        }
        out = add_class(std::move(r), negated, 0);
        return true;
    }

    // One character of a class: a literal or a single-character escape.
    bool class_char(std::uint32_t& cp)
    {
        if(at_end())
            return false;
        if(peek() == '\\')
            return char_escape(cp);
        return next_code_point(cp);
    }
};

// ECMA-262 source for code point `c`, inside a class or not. Under the `u`
// flag only syntax characters (and '/', and '-' inside a class) may be
// escaped with a backslash; everything else is written as itself or as a
// \x / \u{...} escape.
inline void write_code_point(std::uint32_t c, bool in_class, std::string& out)
{
    static constexpr std::string_view syntax = "^$\\.*+?()[]{}|/";
    if(c < 0x80 && (syntax.find(static_cast<char>(c)) != std::string_view::npos ||
                    (in_class && c == '-')))
    {
        out += '\\';
        out += static_cast<char>(c);
        return;
    }
    switch(c)
    {
    case '\t': out += "\\t"; return;
    case '\n': out += "\\n"; return;
    case '\v': out += "\\v"; return;
    case '\f': out += "\\f"; return;
    case '\r': out += "\\r"; return;
    default: break;
    }
    static constexpr char hex[] = "0123456789abcdef";
    if(c < 0x20 || c == 0x7F)
    {
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 0xF];
        return;
    }
    if((c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0xFEFF || c > 0xFFFF ||
       (c >= 0xE000 && c <= 0xF8FF))
    {
        // Invisible, line-breaking or private characters: spelled out.
        out += "\\u{";
        std::string digits;
        for(std::uint32_t v = c; v != 0 || digits.empty(); v >>= 4)
            digits.insert(digits.begin(), hex[v & 0xF]);
        out += digits;
        out += '}';
        return;
    }
    // Everything else as UTF-8.
    if(c < 0x80)
        out += static_cast<char>(c);
    else if(c < 0x800)
    {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    else
    {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

inline void write_node(regex_tree const& t, std::size_t i, std::string& out)
{
    regex_node const& n = t.nodes[i];
    switch(n.k)
    {
    case regex_node::kind::empty:
        return;
    case regex_node::kind::literal:
        write_code_point(n.code_point, false, out);
        return;
    case regex_node::kind::char_class:
        switch(n.shorthand)
        {
        case 'd':
        case 'D':
        case 'w':
        case 'W':
            // ASCII in both languages (ECMA: with `u` and without `i`).
            out += '\\';
            out += n.shorthand;
            return;
        default:
            break;
        }
        out += n.negated ? "[^" : "[";
        for(auto const& r : n.ranges)
        {
            write_code_point(r.first, true, out);
            if(r.second != r.first)
            {
                if(r.second != r.first + 1)
                    out += '-';
                write_code_point(r.second, true, out);
            }
        }
        out += ']';
        return;
    case regex_node::kind::begin_text:
        out += '^';
        return;
    case regex_node::kind::end_text:
        out += '$';
        return;
    case regex_node::kind::word_boundary:
        out += "\\b";
        return;
    case regex_node::kind::not_word_boundary:
        out += "\\B";
        return;
    case regex_node::kind::concat:
        for(std::size_t c : n.children)
            write_node(t, c, out);
        return;
    case regex_node::kind::alternation:
        for(std::size_t k = 0; k < n.children.size(); ++k)
        {
            if(k != 0)
                out += '|';
            write_node(t, n.children[k], out);
        }
        return;
    case regex_node::kind::group:
        out += "(?:";
        write_node(t, n.children.front(), out);
        out += ')';
        return;
    case regex_node::kind::repeat:
        write_node(t, n.children.front(), out);
        if(n.unbounded && n.min <= 1)
            out += n.min == 0 ? '*' : '+';
        else if(!n.unbounded && n.min == 0 && n.max == 1)
            out += '?';
        else
        {
            out += '{';
            out += std::to_string(n.min);
            if(n.unbounded)
                out += ',';
            else if(n.max != n.min)
            {
                out += ',';
                out += std::to_string(n.max);
            }
            out += '}';
        }
        if(n.lazy)
            out += '?';
        return;
    }
}

}   // namespace regex_syntax

// Parses `re2` (RE2 syntax, UTF-8) into `tree`. False when the pattern is
// malformed or uses syntax outside the portable subset described above.
inline bool parse_portable_regex(std::string_view re2, regex_tree& tree)
{
    return regex_syntax::parser(re2, tree).parse();
}

// The ECMA-262 (`u` flag) pattern that fully matches what RE2 fully
// matches with `re2`: `^(?:...)$`. False when `re2` is not portable.
inline bool to_ecma_full_match(std::string_view re2, std::string& ecma)
{
    regex_tree tree;
    if(!parse_portable_regex(re2, tree))
        return false;
    ecma = "^(?:";
    regex_syntax::write_node(tree, tree.root, ecma);
    ecma += ")$";
    return true;
}

}   // namespace detail
}   // namespace usage_session

#endif
