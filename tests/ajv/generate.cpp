// The generator half of the Ajv cross-check (docs/json-schema.md).
//
//   usage_session_ajv_generate <out.jsonl> [patches-per-schema]
//
// For each schema under test (schema::standard(), a relaxed and closed one,
// a rich one built in code, tests/data/schemas/rich.json and the three
// sample platform templates) it writes the schema's to_json_schema document,
// then makes patches: valid ones, and valid ones with one or more
// mutations (wrong types, lengths and numbers at and across every boundary,
// bad and non-UTC timestamps, unknown and reserved names, nulls, nested
// values, enum misses, multi-select items, missing required members,
// duplicate names, numbers beyond a double). Each patch is judged by
// parse_patch + validate_patch, and its text and our verdict go to the
// JSON Lines file, for tests/ajv/judge.js to judge again with Ajv.
//
// The random numbers come from splitmix64 and nothing else (no <random>
// distribution, no floating-point arithmetic that a compiler may contract),
// so a seed gives the same patches with every compiler and platform. The
// seed is printed; USAGE_SESSION_AJV_SEED (decimal or 0x hex) sets it.

#include <usage_session.hpp>
#include <usage_session/detail/ecma_regex.hpp>

#include "../splitmix64.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#ifndef USAGE_SESSION_TEST_DATA_DIR
#error "USAGE_SESSION_TEST_DATA_DIR must name tests/data"
#endif

namespace {

namespace us = usage_session;
namespace json = boost::json;
using us::attribute_definition;
using us::attribute_type;
using us::scope;

constexpr std::uint64_t default_seed = 0x5EED2026;
constexpr std::size_t default_patches_per_schema = 2000;

// ---- random numbers -----------------------------------------------------

using usage_session_tests::splitmix64;

// ---- text helpers -------------------------------------------------------

void append_utf8(std::string& out, std::uint32_t c)
{
    if(c < 0x80)
        out += static_cast<char>(c);
    else if(c < 0x800)
    {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    else if(c < 0x10000)
    {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    else
    {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// One code point each: ASCII, two-, three- and four-byte UTF-8, a
// combining mark, spaces JavaScript's \s knows and RE2's does not, line
// separators, quotes and backslashes that need escaping in JSON.
std::vector<std::uint32_t> const text_pool = {
    'a', 'b', 'k', 'Z', 'Q', '0', '5', '9', ' ', '-', '_', '.', '@', '/', '"', '\\', '\t', '\n', '\r',
    0x00E9, 0x00DF, 0x03A9, 0x4E2D, 0x1F600, 0x1F4A9, 0x0301, 0x00A0, 0x2028, 0x3000, 0xFEFF, 0x0007};

std::string random_text(splitmix64& r, std::uint64_t length)
{
    std::string s;
    for(std::uint64_t i = 0; i < length; ++i)
        append_utf8(s, r.chance(60) ? static_cast<std::uint32_t>('a' + r.below(26)) : r.pick(text_pool));
    return s;
}

std::string two(int v)
{
    char b[8];
    std::snprintf(b, sizeof b, "%02d", v);
    return b;
}

std::string four(int v)
{
    char b[8];
    std::snprintf(b, sizeof b, "%04d", v);
    return b;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in(int y, int m)
{
    static int const d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

std::string random_date(splitmix64& r)
{
    static std::vector<int> const years = {1400, 1600, 1900, 1970, 2000, 2016, 2024, 2025, 2026, 2100, 2400, 9999};
    int const y = r.chance(60) ? r.pick(years) : static_cast<int>(r.between(1400, 9999));
    int const m = static_cast<int>(r.between(1, 12));
    int d = static_cast<int>(r.between(1, days_in(y, m)));
    if(r.chance(20))
        d = days_in(y, m);   // the last day, February 29 included
    return four(y) + "-" + two(m) + "-" + two(d);
}

std::string random_timestamp(splitmix64& r)
{
    std::string s = random_date(r);
    s += r.chance(80) ? 'T' : 't';
    if(r.chance(5))
        s += "23:59:60";   // a leap second, allowed on any day
    else
    {
        // One draw per statement: the order of evaluation of the operands
        // of + is unspecified, and the patches must not depend on the compiler.
        int const hour = static_cast<int>(r.below(24));
        int const minute = static_cast<int>(r.below(60));
        int const second = static_cast<int>(r.below(60));
        s += two(hour) + ":" + two(minute) + ":" + two(second);
    }
    if(r.chance(30))
    {
        s += '.';
        for(std::uint64_t i = 0, n = 1 + r.below(9); i < n; ++i)
            s += static_cast<char>('0' + r.below(10));
    }
    static std::vector<std::string> const zones = {"Z", "Z", "Z", "z", "+00:00", "-00:00"};
    s += r.pick(zones);
    return s;
}

std::string random_uuid(splitmix64& r)
{
    static char const lower[] = "0123456789abcdef";
    static char const upper[] = "0123456789ABCDEF";
    char const* digits = r.chance(70) ? lower : upper;
    std::string s;
    for(int i = 0; i < 36; ++i)
        s += (i == 8 || i == 13 || i == 18 || i == 23) ? '-' : digits[r.below(16)];
    return s;
}

// ---- strings that match a pattern ---------------------------------------

std::vector<std::uint32_t> const class_candidates = {
    'a', 'z', 'A', 'Z', 'm', 'M', '0', '9', '5', ' ', '-', '_', '.', '@', '/', ':', '+', '(', ')', ',',
    '\t', '\n', '\r', 0x0B, 0x00A0, 0x00E9, 0x2028, 0x3000, 0x1F600, 0x4E2D};

std::uint32_t class_member(us::detail::regex_node const& n, splitmix64& r)
{
    for(int attempt = 0; attempt < 40; ++attempt)
    {
        std::uint32_t c;
        if(!n.negated && !n.ranges.empty() && r.chance(50))
        {
            auto const& range = n.ranges[r.below(n.ranges.size())];
            c = range.first + static_cast<std::uint32_t>(r.below(std::uint64_t(range.second - range.first) + 1));
        }
        else
            c = r.pick(class_candidates);
        if((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
            continue;
        if(us::detail::class_contains(n, c))
            return c;
    }
    return n.negated ? 'x' : n.ranges.empty() ? 'x'
                                              : n.ranges.front().first;
}

void example(us::detail::regex_tree const& t, std::size_t i, splitmix64& r, std::string& out)
{
    using kind = us::detail::regex_node::kind;
    auto const& n = t.nodes[i];
    switch(n.k)
    {
    case kind::literal:
        append_utf8(out, n.code_point);
        return;
    case kind::char_class:
        append_utf8(out, class_member(n, r));
        return;
    case kind::concat:
        for(std::size_t c : n.children)
            example(t, c, r, out);
        return;
    case kind::alternation:
        example(t, n.children[r.below(n.children.size())], r, out);
        return;
    case kind::group:
        example(t, n.children.front(), r, out);
        return;
    case kind::repeat:
    {
        std::uint32_t const hi = n.unbounded ? n.min + 4 : n.max;
        std::uint32_t const count = n.min + static_cast<std::uint32_t>(r.below(hi - n.min + 1));
        for(std::uint32_t k = 0; k < count; ++k)
            example(t, n.children.front(), r, out);
        return;
    }
    default:
        return;   // assertions and the empty pattern add nothing
    }
}

// A string that (most likely) matches `pattern`. For patterns outside the
// portable subset that start with (?i), the rest with random letter case.
std::string matching(std::string const& pattern, splitmix64& r)
{
    us::detail::regex_tree tree;
    bool fold = false;
    std::string_view source = pattern;
    if(!us::detail::parse_portable_regex(source, tree))
    {
        if(source.substr(0, 4) != "(?i)" || !us::detail::parse_portable_regex(source.substr(4), tree))
            return random_text(r, 1 + r.below(8));
        fold = true;
    }
    std::string s;
    example(tree, tree.root, r, s);
    if(fold)
        for(char& c : s)
            if(c >= 'a' && c <= 'z' && r.chance(50))
                c = static_cast<char>(c - 'a' + 'A');
    return s;
}

// ---- JSON values ---------------------------------------------------------

json::value random_scalar(splitmix64& r)
{
    switch(r.below(7))
    {
    case 0: return nullptr;
    case 1: return r.chance(50);
    case 2: return r.between(-1000, 1000);
    case 3: return static_cast<double>(r.between(-100000, 100000)) / 100.0;
    case 4: return json::value(random_text(r, r.below(12)));
    case 5: return json::value(random_timestamp(r));
    default: return r.between(std::numeric_limits<std::int64_t>::min() / 2, std::numeric_limits<std::int64_t>::max() / 2);
    }
}

// Free-form JSON, at most `depth` levels of containers.
json::value random_value(splitmix64& r, int depth)
{
    if(depth <= 0 || r.chance(55))
        return random_scalar(r);
    if(r.chance(50))
    {
        json::array a;
        for(std::uint64_t i = 0, n = r.below(4); i < n; ++i)
            a.push_back(random_value(r, depth - 1));
        return a;
    }
    json::object o;
    for(std::uint64_t i = 0, n = r.below(4); i < n; ++i)
    {
        // Any names inside free-form values, '_' and empty ones included.
        std::string name = r.chance(15) ? "_" + random_text(r, 3) : random_text(r, r.below(6));
        o[name] = random_value(r, depth - 1);
    }
    return o;
}

// An array nested `levels` deep: [[[...]]] with a number inside.
json::value nested(std::size_t levels)
{
    json::value v = 1;
    for(std::size_t i = 0; i < levels; ++i)
    {
        json::array a;
        a.push_back(std::move(v));
        v = std::move(a);
    }
    return v;
}

// ---- the generator -------------------------------------------------------

std::vector<std::string> const state_values = {"ACTIVE", "DONE", "PAUSED", "ACTIVATING", "PAUSING",
                                               "RESUMING", "STOPPING"};
std::vector<std::string> const stop_codes = {"COMPLETION", "GENERAL_DEVICE_ERROR", "TIMEOUT"};

constexpr double two_to_63 = 9223372036854775808.0;

struct target
{
    scope where;
    attribute_definition const* def;
};

class generator
{
public:
    generator(us::schema const& s, splitmix64& r) : s_(s), r_(r)
    {
        for(scope where : {scope::top_level, scope::configuration, scope::summary})
            for(auto const& d : s.attributes(where))
                targets_.push_back({where, &d});
    }

    // A patch that should be valid.
    json::object valid()
    {
        json::object p;
        if(s_.require_start_and_state() || r_.chance(70))
            p["_startTime"] = random_timestamp(r_);
        if(s_.require_start_and_state() || r_.chance(70))
            p["_state"] = r_.pick(state_values);
        if(r_.chance(30))
            p["_endTime"] = r_.chance(80) ? json::value(random_timestamp(r_)) : json::value(nullptr);
        if(r_.chance(30))
            p["_name"] = r_.chance(85) ? json::value(random_text(r_, 1 + r_.below(64))) : json::value(nullptr);
        if(r_.chance(20))
        {
            json::object& summary = slot(p, scope::summary);
            if(r_.chance(50))
                summary["_stopReason"] = r_.chance(85) ? json::value(random_text(r_, r_.below(129))) : json::value(nullptr);
            if(r_.chance(50))
                summary["_stopReasonCode"] = r_.chance(85) ? json::value(r_.pick(stop_codes)) : json::value(nullptr);
        }
        for(target const& t : targets_)
            if(r_.chance(35))
                slot(p, t.where)[t.def->name] = valid_value(*t.def);
        for(scope where : {scope::top_level, scope::configuration, scope::summary})
            if(s_.accepts_unknown(where) && r_.chance(25))
                add_unknown(p, where, 2);
        // Member order is not a rule; shuffle it now and then.
        if(r_.chance(30) && p.size() > 1)
        {
            json::object shuffled;
            std::vector<std::size_t> order(p.size());
            for(std::size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            for(std::size_t i = order.size() - 1; i > 0; --i)
                std::swap(order[i], order[r_.below(i + 1)]);
            for(std::size_t i : order)
                shuffled[(p.begin() + static_cast<std::ptrdiff_t>(i))->key()] =
                    (p.begin() + static_cast<std::ptrdiff_t>(i))->value();
            p = std::move(shuffled);
        }
        return p;
    }

    // One mutation of `patch` (or of its text): returns its name.
    std::string mutate(json::value& patch, std::string& text_suffix_kind)
    {
        json::object& p = patch.as_object();
        switch(r_.below(30))   // 14 kinds of system mutations, 16 in 30 for custom attributes
        {
        case 0:
            return not_an_object(patch);
        case 1:
        {
            char const* name = r_.chance(50) ? "_startTime" : "_state";
            p.erase(name);
            return "missing_required";
        }
        case 2: return system_null(p);
        case 3: return system_wrong_type(p);
        case 4:
        case 5:
        {
            char const* name = r_.chance(50) ? "_startTime" : "_endTime";
            p[name] = bad_timestamp();
            return "bad_timestamp";
        }
        case 6:
            p["_state"] = near_miss(r_.pick(state_values));
            return "state_not_in_enum";
        case 7:
            p["_name"] = text_around(1, 64);
            return "name_length";
        case 8:
        {
            json::object& summary = slot(p, scope::summary);
            if(r_.chance(50))
                summary["_stopReason"] = text_around(0, 128);
            else
                summary["_stopReasonCode"] = near_miss(r_.pick(stop_codes));
            return "stop_data";
        }
        case 9: return reserved_name(p);
        case 10:
            add_unknown(p, pick_scope(), 2);
            return "unknown_custom";
        case 11: return depth(p);
        case 12:
            text_suffix_kind = "duplicate";
            return "duplicate_key";
        case 13:
            text_suffix_kind = "huge";
            return "number_beyond_double";
        default:
            if(targets_.empty())
            {
                add_unknown(p, pick_scope(), 3);
                return "unknown_custom";
            }
            return mutate_custom(p, r_.pick(targets_));
        }
    }

    // The name of a new custom attribute (none of the defined ones).
    std::string unknown_name()
    {
        static std::vector<std::string> const names = {
            "extra", "batteryPercent", "constructor", "toString", "hasOwnProperty", "valueOf",
            "__proto__x", "", " ", "x y", "\xC3\xA9t\xC3\xA9", "\xF0\x9F\x98\x80", "a/b", "a~b", "0"};
        std::string n = r_.chance(70) ? r_.pick(names) : random_text(r_, 1 + r_.below(6));
        if(!n.empty() && n[0] == '_')
            n.insert(n.begin(), 'x');
        for(target const& t : targets_)
            if(t.def->name == n)
                return n + "Unknown";
        return n;
    }

private:
    us::schema const& s_;
    splitmix64& r_;
    std::vector<target> targets_;

    scope pick_scope() { return static_cast<scope>(r_.below(3)); }

    // Below, one random draw per statement: the patches must not depend on
    // the order in which a compiler evaluates operands.
    void add_unknown(json::object& p, scope where, int depth)
    {
        std::string const name = unknown_name();
        json::value v = random_value(r_, depth);
        slot(p, where)[name] = std::move(v);
    }

    static json::object& slot(json::object& p, scope where)
    {
        if(where == scope::top_level)
            return p;
        char const* name = where == scope::configuration ? "_configuration" : "_summary";
        json::value& v = p[name];
        if(!v.is_object())
            v = json::object();
        return v.as_object();
    }

    std::string near_miss(std::string const& value)
    {
        switch(r_.below(6))
        {
        case 0:
        {
            std::string s = value;
            for(char& c : s)
                if(c >= 'A' && c <= 'Z')
                    c = static_cast<char>(c - 'A' + 'a');
                else if(c >= 'a' && c <= 'z')
                    c = static_cast<char>(c - 'a' + 'A');
            return s == value ? s + "x" : s;
        }
        case 1: return value + " ";
        case 2: return " " + value;
        case 3: return value.empty() ? "x" : value.substr(0, value.size() - 1);
        case 4: return "";
        default: return value + "\xE2\x80\x8B";   // a zero-width space
        }
    }

    // A string of a length at, just inside or just across [lo, hi].
    std::string text_around(std::uint64_t lo, std::uint64_t hi)
    {
        std::vector<std::uint64_t> lengths = {lo, hi, hi + 1};
        if(lo > 0)
            lengths.push_back(lo - 1);
        if(hi > lo)
            lengths.push_back(hi - 1);
        if(lo + 1 <= hi)
            lengths.push_back(lo + 1);
        std::uint64_t const n = r_.pick(lengths);
        // Four-byte characters: one code point, two UTF-16 units, four bytes.
        if(r_.chance(40))
        {
            std::string s;
            for(std::uint64_t i = 0; i < n; ++i)
                append_utf8(s, r_.chance(50) ? 0x1F600 : 0x00E9);
            return s;
        }
        return random_text(r_, n);
    }

    std::string not_an_object(json::value& patch)
    {
        switch(r_.below(5))
        {
        case 0: patch = json::array{patch}; break;
        case 1: patch = "a patch"; break;
        case 2: patch = 42; break;
        case 3: patch = nullptr; break;
        default: patch = true; break;
        }
        return "not_an_object";
    }

    std::string system_null(json::object& p)
    {
        static std::vector<char const*> const names = {"_startTime", "_state", "_configuration", "_summary",
                                                       "_endTime", "_name"};
        char const* const name = r_.pick(names);
        p[name] = nullptr;
        if(r_.chance(30))
            slot(p, scope::summary)[r_.chance(50) ? "_stopReason" : "_stopReasonCode"] = nullptr;
        return "system_null";
    }

    json::value wrong_type_value(json::kind avoid)
    {
        for(;;)
        {
            json::value v;
            switch(r_.below(7))
            {
            case 0: v = 5; break;
            case 1: v = 2.5; break;
            case 2: v = false; break;
            case 3: v = json::array{"a"}; break;
            case 4: v = json::object{{"a", 1}}; break;
            case 5: v = "text"; break;
            default: v = json::array(); break;
            }
            bool const same = v.kind() == avoid ||
                              (v.is_number() && (avoid == json::kind::int64 || avoid == json::kind::double_ ||
                                                 avoid == json::kind::uint64));
            if(!same)
                return v;
        }
    }

    std::string system_wrong_type(json::object& p)
    {
        static std::vector<char const*> const strings = {"_startTime", "_state", "_endTime", "_name"};
        if(r_.chance(70))
        {
            char const* const name = r_.pick(strings);
            p[name] = wrong_type_value(json::kind::string);
        }
        else if(r_.chance(50))
        {
            char const* const name = r_.chance(50) ? "_configuration" : "_summary";
            p[name] = wrong_type_value(json::kind::object);
        }
        else
        {
            char const* const name = r_.chance(50) ? "_stopReason" : "_stopReasonCode";
            slot(p, scope::summary)[name] = wrong_type_value(json::kind::string);
        }
        return "system_wrong_type";
    }

    std::string bad_timestamp()
    {
        std::string s = random_timestamp(r_);
        std::string const date = s.substr(0, 10);
        std::string const time = s.substr(11, 8);
        switch(r_.below(22))
        {
        case 0: s[10] = ' '; return s;   // Ajv's date-time takes a space
        case 1: return date + "T" + time + "+01:00";
        case 2: return date + "T" + time + "-05:30";
        case 3: return date + "T" + time + "+00:30";
        case 4: return date + "T" + time + "+0000";
        case 5: return date + "T" + time + "+00";
        case 6: return date + "T" + time;   // no zone
        case 7: return date + "T24:00:00Z";
        case 8: return date + "T12:60:00Z";
        case 9: return date + "T12:59:60Z";   // leap second at the wrong time
        case 10: return date + "T23:59:61Z";
        case 11: return "2023-02-29T" + time + "Z";
        case 12: return "2100-02-29T" + time + "Z";
        case 13: return "2024-04-31T" + time + "Z";
        case 14: return (r_.chance(50) ? "1399-12-31T" : "0000-01-01T") + time + "Z";
        case 15: return "10000-01-01T" + time + "Z";
        case 16: return s + "\n";
        case 17: return " " + s;
        case 18: return date + "T" + time + ".Z";
        case 19: return date + "T" + time.substr(0, 5) + "Z";                                 // no seconds
        case 20: return date.substr(0, 5) + "\xD9\xA1" + date.substr(6) + "T" + time + "Z";   // Arabic-Indic digit
        default: return date + "T" + time + "+24:00";
        }
    }

    std::string bad_date()
    {
        std::string const d = random_date(r_);
        switch(r_.below(12))
        {
        case 0: return "2023-02-29";
        case 1: return "2100-02-29";
        case 2: return "2024-06-31";
        case 3: return "1399-12-31";
        case 4: return "0000-01-01";
        case 5: return "10000-01-01";
        case 6: return d.substr(0, 5) + "13" + d.substr(7);
        case 7: return d.substr(0, 8) + "00";
        case 8: return d + "T00:00:00Z";
        case 9: return d.substr(0, 5) + "1-01";
        case 10: return d + " ";
        default: return d.substr(0, 4) + "/" + d.substr(5, 2) + "/" + d.substr(8);
        }
    }

    std::string bad_uuid()
    {
        std::string const u = random_uuid(r_);
        switch(r_.below(8))
        {
        case 0: return "{" + u + "}";
        case 1: return "urn:uuid:" + u;   // Ajv's format: uuid takes it
        case 2: return u.substr(1);
        case 3: return u + "0";
        case 4: return u.substr(0, 35) + "g";
        case 5:
        {
            std::string s;
            for(char c : u)
                if(c != '-')
                    s += c;
            return s;
        }
        case 6: return u.substr(0, 8) + "_" + u.substr(9);
        default: return " " + u;
        }
    }

    std::string depth(json::object& p)
    {
        // Around the schema's limit: the patch is level 1, a top-level
        // custom attribute's container level 2, one in a scope level 3.
        std::size_t const limit = s_.max_depth();
        bool const in_scope = r_.chance(40);
        std::size_t const base = in_scope ? 3 : 2;
        std::size_t levels = limit + 1 >= base ? limit + 1 - base : 0;   // exactly at the limit
        bool const over = r_.chance(50);
        if(over)
            levels += 1 + r_.below(3);
        // A free-form attribute, defined or not.
        std::vector<target> free;
        for(target const& t : targets_)
            if((t.def->type == attribute_type::any || t.def->type == attribute_type::array ||
                t.def->type == attribute_type::object) &&
               (t.where == scope::top_level) != in_scope)
                free.push_back(t);
        scope const where = in_scope ? (r_.chance(50) ? scope::configuration : scope::summary) : scope::top_level;
        if(!free.empty() && r_.chance(70))
        {
            target const& t = r_.pick(free);
            json::value v;
            if(t.def->type == attribute_type::object)
                v = json::object{{"x", nested(levels > 0 ? levels - 1 : 0)}};   // the object is a level
            else
                v = nested(levels);
            slot(p, t.where)[t.def->name] = std::move(v);
        }
        else
            slot(p, where)[unknown_name()] = nested(levels);
        return over ? "depth_over_limit" : "depth_at_limit";
    }

    std::string reserved_name(json::object& p)
    {
        std::vector<std::string> names = {"_", "_foo", "_StartTime", "_startTime ", "__proto__", "_stopReason",
                                          "_configurationx", "_summary_"};
        for(std::string const& ro : s_.read_only_attributes())
            names.push_back(ro);
        for(std::string_view ro : us::default_read_only_attributes)
            names.emplace_back(ro);
        unsigned const where = static_cast<unsigned>(r_.below(3));
        std::string const name = where == 1 && r_.chance(50) ? std::string("_stopReason") : r_.pick(names);
        json::value v = random_value(r_, 1);
        switch(where)
        {
        case 0:
            p[name] = std::move(v);
            return "reserved_top_level";
        case 1:
            slot(p, scope::configuration)[name] = std::move(v);
            return "reserved_in_configuration";
        default:
            slot(p, scope::summary)[name] = std::move(v);
            return "reserved_in_summary";
        }
    }

    // ---- custom attributes --------------------------------------------

    std::int64_t int_lo(attribute_definition const& d) const
    {
        if(!d.minimum || *d.minimum <= -two_to_63)
            return std::numeric_limits<std::int64_t>::min();
        return static_cast<std::int64_t>(std::ceil(*d.minimum));
    }

    std::int64_t int_hi(attribute_definition const& d) const
    {
        if(!d.maximum || *d.maximum >= two_to_63)
            return std::numeric_limits<std::int64_t>::max();
        return static_cast<std::int64_t>(std::floor(*d.maximum));
    }

    std::uint64_t length_hi(attribute_definition const& d, std::uint64_t fallback) const
    {
        std::uint64_t const lo = d.min_length.value_or(0);
        std::uint64_t hi = d.max_length.value_or(lo + fallback);
        if(hi > lo + 80)
            hi = lo + 80;   // long enough; the bound itself is tried by mutations
        return hi;
    }

    json::value valid_value(attribute_definition const& d)
    {
        if(d.nullable && !d.required && r_.chance(8))
            return nullptr;
        switch(d.type)
        {
        case attribute_type::string:
        {
            if(!d.allowed_values.empty())
                return json::value(r_.pick(d.allowed_values));
            if(!d.pattern.empty())
                return json::value(matching(d.pattern, r_));
            std::uint64_t const lo = d.min_length.value_or(0);
            std::uint64_t const hi = length_hi(d, 20);
            std::uint64_t n = lo + r_.below(hi - lo + 1);
            if(r_.chance(20))
                n = r_.chance(50) ? lo : hi;
            return json::value(random_text(r_, n));
        }
        case attribute_type::integer:
        {
            std::int64_t const lo = int_lo(d), hi = int_hi(d);
            std::int64_t v;
            switch(r_.below(5))
            {
            case 0: v = lo; break;
            case 1: v = hi; break;
            default:
                v = (lo <= 0 && hi >= 0 && r_.chance(30)) ? 0
                                                          : r_.between(std::max<std::int64_t>(lo, -1000000), std::min<std::int64_t>(hi, 1000000));
                if(v < lo || v > hi)
                    v = lo;
            }
            // 1.0 counts as an integer: a double without fraction now and then.
            if(r_.chance(15) && v > -(std::int64_t(1) << 53) && v < (std::int64_t(1) << 53))
                return static_cast<double>(v);
            return v;
        }
        case attribute_type::decimal:
        {
            double const lo = d.minimum.value_or(-1e6), hi = d.maximum.value_or(1e6);
            switch(r_.below(6))
            {
            case 0: return d.minimum ? *d.minimum : -1e300;
            case 1: return d.maximum ? *d.maximum : 1e300;
            default:
            {
                // k / 1000 for an integer k in range: single, correctly
                // rounded operations only, so every platform gets the same.
                double const a = std::ceil(lo * 1000.0), b = std::floor(hi * 1000.0);
                double v = lo;
                if(a <= b && std::fabs(a) < 9e15 && std::fabs(b) < 9e15)
                    v = static_cast<double>(r_.between(static_cast<std::int64_t>(a),
                                                       static_cast<std::int64_t>(b))) /
                        1000.0;
                if(r_.chance(30) && std::trunc(v) == v && std::fabs(v) < 1e15)
                    return static_cast<std::int64_t>(v);
                return v;
            }
            }
        }
        case attribute_type::boolean:
            return r_.chance(50);
        case attribute_type::date:
            return json::value(random_date(r_));
        case attribute_type::date_time:
            return json::value(random_timestamp(r_));
        case attribute_type::uuid:
            return json::value(random_uuid(r_));
        case attribute_type::enumeration:
            return json::value(r_.pick(d.allowed_values));
        case attribute_type::object:
        {
            json::value v = random_value(r_, 3);
            if(!v.is_object())
                v = json::object{{"k", std::move(v)}};
            return v;
        }
        case attribute_type::array:
        {
            std::uint64_t const lo = d.min_length.value_or(0);
            std::uint64_t const hi = length_hi(d, 4);
            std::uint64_t n = lo + r_.below(hi - lo + 1);
            if(r_.chance(20))
                n = r_.chance(50) ? lo : hi;
            json::array a;
            for(std::uint64_t i = 0; i < n; ++i)
                a.push_back(d.allowed_values.empty() ? random_value(r_, 2)
                                                     : json::value(r_.pick(d.allowed_values)));
            return a;
        }
        case attribute_type::any:
        {
            json::value v = random_value(r_, 3);
            if(v.is_null() && (!d.nullable || d.required))
                v = 0;
            return v;
        }
        }
        return nullptr;
    }

    json::value integer_edge(attribute_definition const& d)
    {
        std::int64_t const lo = int_lo(d), hi = int_hi(d);
        std::int64_t const max64 = std::numeric_limits<std::int64_t>::max();
        std::int64_t const min64 = std::numeric_limits<std::int64_t>::min();
        switch(r_.below(16))
        {
        case 0: return lo;
        case 1: return hi;
        case 2: return lo == min64 ? json::value(-9223372036854777856.0) : json::value(lo - 1);
        case 3: return hi == max64 ? json::value(std::uint64_t(9223372036854775808ull)) : json::value(hi + 1);
        case 4: return static_cast<double>(lo <= 0 && hi >= 0 ? 0 : lo) + 0.5;   // a fraction
        case 5: return static_cast<double>(lo == min64 ? -1 : lo) - 0.25;
        case 6: return 1e19;
        case 7: return -1e19;
        case 8: return max64;
        case 9: return std::uint64_t(18446744073709551615ull);
        case 10: return min64;
        case 11: return -9223372036854777856.0;           // the double below -2^63
        case 12: return std::int64_t(9007199254740993);   // 2^53 + 1
        case 13: return 5e-324;
        case 14: return static_cast<double>(lo > -1000 && lo < 1000 ? lo : 7);   // 7.0
        default: return "5";
        }
    }

    json::value decimal_edge(attribute_definition const& d)
    {
        double const inf = std::numeric_limits<double>::infinity();
        std::vector<double> edges = {1e308, -1e308, 5e-324, -0.0, 0.1, 1.7976931348623157e308};
        if(d.minimum)
        {
            double const m = *d.minimum;
            edges.insert(edges.end(), {m, std::nextafter(m, -inf), std::nextafter(m, inf), m - 1, m - 0.001});
        }
        if(d.maximum)
        {
            double const m = *d.maximum;
            edges.insert(edges.end(), {m, std::nextafter(m, inf), std::nextafter(m, -inf), m + 1, m + 0.001});
        }
        if(r_.chance(10))
            return "1.5";
        double const v = r_.pick(edges);
        if(std::trunc(v) == v && std::fabs(v) < 1e15 && r_.chance(50))
            return static_cast<std::int64_t>(v);   // the same number as a JSON integer
        return v;
    }

    std::string mutate_custom(json::object& p, target const& t)
    {
        attribute_definition const& d = *t.def;
        json::object& where = slot(p, t.where);
        json::value& v = where[d.name];
        unsigned const pick = static_cast<unsigned>(r_.below(10));
        if(pick == 0)
        {
            v = nullptr;   // fine unless not nullable or required
            return "custom_null";
        }
        if(pick == 1)
        {
            json::kind const expected = d.type == attribute_type::integer || d.type == attribute_type::decimal
                                            ? json::kind::double_
                                        : d.type == attribute_type::boolean ? json::kind::bool_
                                        : d.type == attribute_type::object  ? json::kind::object
                                        : d.type == attribute_type::array   ? json::kind::array
                                                                            : json::kind::string;
            v = wrong_type_value(expected);
            return "custom_wrong_type";
        }
        if(pick == 2)
        {
            v = valid_value(d);
            return "custom_valid_value";
        }
        switch(d.type)
        {
        case attribute_type::string:
            if(!d.allowed_values.empty() && r_.chance(50))
            {
                v = near_miss(r_.pick(d.allowed_values));
                return "string_not_in_enum";
            }
            if(!d.pattern.empty() && r_.chance(60))
            {
                std::string s = matching(d.pattern, r_);
                switch(r_.below(6))
                {
                case 0: s += r_.chance(50) ? "x" : "\n"; break;
                case 1:
                    // Drop the last code point (all its bytes).
                    while(!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80)
                        s.pop_back();
                    if(!s.empty())
                        s.pop_back();
                    break;
                case 2: s = " " + s; break;
                case 3: append_utf8(s, r_.pick(text_pool)); break;
                case 4:
                    for(char& c : s)
                        if(c == ' ' && r_.chance(50))
                            c = '\t';
                    break;
                default: s = random_text(r_, r_.below(10)); break;
                }
                v = s;
                return "pattern_near_miss";
            }
            v = text_around(d.min_length.value_or(0), d.max_length.value_or(d.min_length.value_or(0) + 10));
            return "string_length";
        case attribute_type::integer:
            v = integer_edge(d);
            return "integer_edge";
        case attribute_type::decimal:
            v = decimal_edge(d);
            return "decimal_edge";
        case attribute_type::boolean:
            v = r_.chance(50) ? json::value("true") : json::value(r_.chance(50) ? 1 : 0);
            return "boolean_lookalike";
        case attribute_type::date:
            v = bad_date();
            return "bad_date";
        case attribute_type::date_time:
            v = bad_timestamp();
            return "bad_date_time";
        case attribute_type::uuid:
            v = bad_uuid();
            return "bad_uuid";
        case attribute_type::enumeration:
            v = near_miss(r_.pick(d.allowed_values));
            return "enum_near_miss";
        case attribute_type::object:
            v = r_.chance(50) ? random_value(r_, 4) : json::value(json::array{json::object()});
            return "object_shape";
        case attribute_type::array:
        {
            json::array a;
            std::uint64_t const lo = d.min_length.value_or(0);
            std::uint64_t hi = d.max_length.value_or(lo + 4);
            std::vector<std::uint64_t> counts = {lo, hi, hi + 1};
            if(lo > 0)
                counts.push_back(lo - 1);
            std::uint64_t n = r_.pick(counts);
            if(n > 400)
                n = 400;
            for(std::uint64_t i = 0; i < n; ++i)
                a.push_back(d.allowed_values.empty() ? random_value(r_, 1)
                                                     : json::value(r_.pick(d.allowed_values)));
            if(!a.empty() && !d.allowed_values.empty() && r_.chance(60))
            {
                json::value& item = a[r_.below(a.size())];
                switch(r_.below(4))
                {
                case 0: item = near_miss(std::string(item.as_string())); break;
                case 1: item = 1; break;
                case 2: item = nullptr; break;
                default: item = json::array{item}; break;
                }
                return "multi_select_item";
            }
            return "array_count";
        }
        case attribute_type::any:
            v = random_value(r_, 4);
            return "any_value";
        }
        return "none";
    }
};

// ---- schemas under test --------------------------------------------------

std::string data_path(std::string const& name)
{
    return std::string(USAGE_SESSION_TEST_DATA_DIR) + "/" + name;
}

json::value load(std::string const& name)
{
    std::ifstream in(data_path(name), std::ios::binary);
    if(!in)
        throw std::runtime_error("cannot open " + data_path(name));
    std::ostringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

us::schema built(boost::system::result<us::schema, us::report> r, std::string const& what)
{
    if(!r)
    {
        std::string why = what + " does not build:";
        for(auto const& v : r.error())
            why += "\n  " + v.pointer + " " + std::string(us::code_name(v.code)) + ": " + v.message;
        throw std::runtime_error(why);
    }
    return *r;
}

// Every type, constraint and flag, patterns in and outside the portable
// subset, names every JavaScript object inherits.
us::schema rich_in_code()
{
    us::schema_builder b;
    b.accept_unknown(scope::top_level, false).accept_unknown(scope::summary, false);
    auto def = [](char const* name, attribute_type t) { return attribute_definition(name, t); };

    attribute_definition a = def("drugName", attribute_type::string);
    a.min_length = 1;
    a.max_length = 64;
    a.required = true;
    b.define(scope::top_level, a);
    a = def("lotNumber", attribute_type::string);
    a.pattern = "[A-Z]{2}\\d{4,6}";
    b.define(scope::top_level, a);
    a = def("contactEmail", attribute_type::string);
    a.pattern = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
    a.max_length = 40;
    b.define(scope::top_level, a);
    a = def("anyLine", attribute_type::string);
    a.pattern = "a.c|\\S+( \\S+)*";
    b.define(scope::top_level, a);
    a = def("mrn", attribute_type::string);
    a.pattern = "(?i)mrn-[0-9]{4,8}";
    a.sensitive = true;   // not portable: x-re2-pattern
    b.define(scope::top_level, a);
    a = def("patientNote", attribute_type::string);
    a.max_length = 200;
    a.sensitive = true;
    a.nullable = false;
    b.define(scope::top_level, a);
    a = def("language", attribute_type::string);
    a.allowed_values = {"en", "de", "fr", "pt-BR"};
    a.min_length = 2;
    b.define(scope::top_level, a);
    a = def("doseCount", attribute_type::integer);
    a.minimum = 0;
    a.maximum = 100;
    b.define(scope::top_level, a);
    a = def("counter", attribute_type::integer);
    b.define(scope::top_level, a);
    a = def("oddBounds", attribute_type::integer);
    a.minimum = -2.5;
    a.maximum = 1e19;
    b.define(scope::top_level, a);
    a = def("bigBound", attribute_type::integer);
    a.maximum = 1e18;
    b.define(scope::top_level, a);
    a = def("rate", attribute_type::decimal);
    a.minimum = 0.1;
    a.maximum = 999.9;
    a.nullable = false;
    b.define(scope::top_level, a);
    a = def("ratio", attribute_type::decimal);
    b.define(scope::top_level, a);
    b.define(scope::top_level, def("paused", attribute_type::boolean));
    b.define(scope::top_level, def("manufactured", attribute_type::date));
    a = def("calibratedAt", attribute_type::date_time);
    a.required = true;
    b.define(scope::top_level, a);
    b.define(scope::top_level, def("orderId", attribute_type::uuid));
    a = def("mode", attribute_type::enumeration);
    a.allowed_values = {"CONTINUOUS", "BOLUS", "PCA"};
    b.define(scope::top_level, a);
    b.define(scope::top_level, def("bagLabel", attribute_type::object));
    a = def("alarms", attribute_type::array);
    a.min_length = 1;
    a.max_length = 3;
    a.allowed_values = {"HIGH", "LOW", "OCCLUSION"};
    b.define(scope::top_level, a);
    a = def("readings", attribute_type::array);
    a.max_length = 5;
    b.define(scope::top_level, a);
    a = def("blob", attribute_type::any);
    a.nullable = false;
    b.define(scope::top_level, a);
    b.define(scope::top_level, def("toString", attribute_type::boolean));
    b.define(scope::top_level, def("constructor", attribute_type::integer));

    a = def("volumeLimitMl", attribute_type::decimal);
    a.minimum = 0;
    a.maximum = 5000;
    b.define(scope::configuration, a);
    a = def("weightKg", attribute_type::decimal);
    a.minimum = 0.5;
    a.maximum = 350;
    a.sensitive = true;
    a.required = true;
    b.define(scope::configuration, a);
    a = def("valueOf", attribute_type::string);
    a.max_length = 3;
    b.define(scope::configuration, a);

    a = def("totalVolumeMl", attribute_type::decimal);
    a.minimum = 0;
    b.define(scope::summary, a);
    a = def("outcome", attribute_type::enumeration);
    a.allowed_values = {"COMPLETE", "PARTIAL"};
    a.nullable = false;
    b.define(scope::summary, a);
    a = def("hasOwnProperty", attribute_type::any);
    b.define(scope::summary, a);
    return built(b.build(), "the rich schema in code");
}

struct schema_under_test
{
    std::string name;
    us::schema s;
};

std::vector<schema_under_test> schemas()
{
    std::vector<schema_under_test> out;
    out.push_back({"standard", us::schema::standard()});
    out.push_back({"relaxed_closed",
                   built(us::schema_builder()
                             .require_start_and_state(false)
                             .accept_unknown(scope::top_level, false)
                             .accept_unknown(scope::configuration, false)
                             .max_depth(6)
                             .build(),
                         "the relaxed schema")});
    out.push_back({"rich_in_code", rich_in_code()});
    out.push_back({"rich_json", built(us::schema_from_json(load("schemas/rich.json")), "schemas/rich.json")});
    for(char const* t : {"infusion_pump", "sleep_monitor", "ventilator"})
        out.push_back({t, built(us::schema_from_platform_template(load(std::string("templates/") + t + ".json")),
                                std::string("templates/") + t + ".json")});
    return out;
}

// FNV-1a: a stable hash of a schema's name (std::hash is not).
std::uint64_t fnv1a(std::string const& s)
{
    std::uint64_t h = 0xCBF29CE484222325ull;
    for(char c : s)
        h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
    return h;
}

std::uint64_t seed_from_environment()
{
    char const* text = std::getenv("USAGE_SESSION_AJV_SEED");
    if(!text || !*text)
        return default_seed;
    char* end = nullptr;
    std::uint64_t const v = std::strtoull(text, &end, 0);
    if(!end || *end != '\0')
        throw std::runtime_error(std::string("USAGE_SESSION_AJV_SEED is not a number: ") + text);
    return v;
}

// The text of `p` with one member duplicated (`"name": other value` added
// at the end): parse_patch refuses it, JSON.parse keeps the last value.
std::string with_duplicate(json::object const& p, splitmix64& r)
{
    std::string text = json::serialize(p);
    if(p.empty())
        return text;
    auto const& member = *(p.begin() + static_cast<std::ptrdiff_t>(r.below(p.size())));
    json::value other = member.value();
    if(r.chance(50))
        other = random_scalar(r);
    text.pop_back();
    text += "," + json::serialize(json::value(member.key())) + ":" + json::serialize(other) + "}";
    return text;
}

// The text of `p` with a number beyond a double (1e400) in a free-form or
// numeric place: parse_patch refuses it (invalid_json); JSON.parse reads
// Infinity, which Ajv's number types refuse but an untyped schema takes.
std::string with_huge_number(json::object p, generator& g, splitmix64& r, us::schema const& s)
{
    std::vector<std::pair<scope, std::string>> places;
    for(scope where : {scope::top_level, scope::configuration, scope::summary})
        for(auto const& d : s.attributes(where))
            if(d.type == attribute_type::any || d.type == attribute_type::decimal ||
               d.type == attribute_type::integer || d.type == attribute_type::object)
                places.emplace_back(where, d.name);
    std::string const marker = "\"@@huge@@\"";
    json::value huge = "@@huge@@";
    auto put = [&](scope where, std::string const& name) {
        json::object* o = &p;
        if(where != scope::top_level)
        {
            json::value& v = p[where == scope::configuration ? "_configuration" : "_summary"];
            if(!v.is_object())
                v = json::object();
            o = &v.as_object();
        }
        json::value& slot = (*o)[name];
        auto const* d = s.find(where, name);
        if(d && d->type == attribute_type::object)
            slot = json::object{{"x", huge}};
        else
            slot = huge;
    };
    if(!places.empty() && r.chance(60))
    {
        auto const& place = places[r.below(places.size())];
        put(place.first, place.second);
    }
    else
    {
        scope const where = static_cast<scope>(r.below(3));
        put(where, s.accepts_unknown(where) ? g.unknown_name() : std::string("extra"));
    }
    std::string text = json::serialize(p);
    std::size_t const at = text.find(marker);
    if(at != std::string::npos)
        text.replace(at, marker.size(), r.chance(50) ? "1e400" : "-1.8e308");
    return text;
}

}   // namespace

int main(int argc, char** argv)
{
    if(argc < 2 || argc > 3)
    {
        std::cerr << "usage: " << argv[0] << " <out.jsonl> [patches-per-schema]\n";
        return 2;
    }
    try
    {
        std::uint64_t const seed = seed_from_environment();
        std::size_t const per_schema =
            argc == 3 ? static_cast<std::size_t>(std::strtoull(argv[2], nullptr, 10)) : default_patches_per_schema;
        std::ofstream out(argv[1], std::ios::binary);
        if(!out)
            throw std::runtime_error(std::string("cannot write ") + argv[1]);

        char seed_text[32];
        std::snprintf(seed_text, sizeof seed_text, "0x%llx", static_cast<unsigned long long>(seed));
        out << json::serialize(json::object{{"kind", "run"}, {"seed", seed_text}, {"patchesPerSchema", per_schema}})
            << '\n';

        std::size_t total = 0, ours_ok = 0, reparsed_differently = 0;
        std::map<std::string, std::size_t> by_mutation;
        for(schema_under_test const& sut : schemas())
        {
            // Each schema has its own stream, so adding a schema does not
            // change the patches of the others.
            splitmix64 r(seed ^ fnv1a(sut.name));
            out << json::serialize(json::object{{"kind", "schema"}, {"name", sut.name}, {"schema", us::to_json_schema(sut.s)}})
                << '\n';
            generator g(sut.s, r);
            for(std::size_t i = 0; i < per_schema; ++i)
            {
                json::value patch = g.valid();
                std::string mutation = "valid";
                std::string text_kind;
                std::uint64_t const mutations = r.chance(25) ? 0 : r.chance(80) ? 1
                                                                                : 2 + r.below(2);
                for(std::uint64_t k = 0; k < mutations && patch.is_object(); ++k)
                {
                    std::string const m = g.mutate(patch, text_kind);
                    mutation = k == 0 ? m : mutation + "+" + m;
                    if(!text_kind.empty())
                        break;   // a text mutation is the last one
                }
                std::string text;
                if(text_kind == "duplicate")
                    text = with_duplicate(patch.as_object(), r);
                else if(text_kind == "huge")
                    text = with_huge_number(patch.as_object(), g, r, sut.s);
                else
                    text = json::serialize(patch);

                // Our verdict, from the bytes a service would receive.
                json::array codes;
                bool ok = false;
                auto parsed = us::parse_patch(text);
                if(!parsed)
                {
                    for(auto const& v : parsed.error())
                        codes.emplace_back(v.pointer + " " + std::string(us::code_name(v.code)));
                }
                else
                {
                    us::report const rep = us::validate_patch(*parsed, sut.s);
                    ok = rep.ok();
                    for(auto const& v : rep)
                        codes.emplace_back(v.pointer + " " + std::string(us::code_name(v.code)));
                }
                json::object line{{"kind", "patch"}, {"schema", sut.name}, {"n", i}, {"mutation", mutation}, {"text", text}, {"ok", ok}, {"codes", std::move(codes)}};
                // What parse_patch made of the text, when that is not what
                // the text says (the judge compares it with JSON.parse).
                if(parsed && text_kind.empty() && *parsed != patch)
                {
                    line["parsed"] = json::serialize(*parsed);
                    ++reparsed_differently;
                }
                out << json::serialize(line) << '\n';
                ++total;
                ours_ok += ok ? 1 : 0;
                ++by_mutation[mutation.substr(0, mutation.find('+'))];
            }
        }
        out.close();
        if(!out)
            throw std::runtime_error(std::string("cannot write ") + argv[1]);
        std::cout << "usage_session_ajv_generate: seed " << seed_text << " (USAGE_SESSION_AJV_SEED), "
                  << total << " patches, " << ours_ok << " valid by validate_patch, "
                  << reparsed_differently << " read back differently by parse_patch\n";
        for(auto const& m : by_mutation)
            std::cout << "  " << m.first << ": " << m.second << '\n';
        return 0;
    }
    catch(std::exception const& e)
    {
        std::cerr << "usage_session_ajv_generate: " << e.what() << '\n';
        return 1;
    }
}
