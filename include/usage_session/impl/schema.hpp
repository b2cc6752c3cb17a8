#ifndef USAGE_SESSION_IMPL_SCHEMA_HPP
#define USAGE_SESSION_IMPL_SCHEMA_HPP

#include <usage_session/detail/pattern.hpp>
#include <usage_session/detail/text.hpp>
#include <usage_session/detail/utf8.hpp>
#include <usage_session/json_pointer.hpp>

#include <boost/config.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace usage_session {

namespace detail {

// Unaligned loads for hash_text: memcpy, not a cast, so any
// alignment is fine and the compiler emits one load where it can.
inline std::uint64_t load_u64(char const* p) noexcept
{
    std::uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    return word;
}

inline std::uint32_t load_u32(char const* p) noexcept
{
    std::uint32_t word;
    std::memcpy(&word, p, sizeof(word));
    return word;
}

// a == b for names and values on the validation path. Spelled out because
// GCC keeps std::string_view's operator== as an out-of-line call to
// compare() there; with one side a constant, the memcmp here becomes a few
// loads. memcmp is not called on empty views (their data may be null).
inline bool same_text(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

// a == b for two strings of the same, run-time size (string_index, where
// the hashes already matched, so they are almost always equal): overlapping
// word loads inline instead of a call to memcmp, which costs more than the
// comparison for names of a few dozen bytes. Forced inline for the
// lookups of validate_patch_bytes's path.
BOOST_FORCEINLINE bool same_bytes(char const* a, char const* b, std::size_t n) noexcept
{
    if(n >= 8)
    {
        for(std::size_t i = 0; i + 8 < n; i += 8)
            if(load_u64(a + i) != load_u64(b + i))
                return false;
        return load_u64(a + n - 8) == load_u64(b + n - 8);   // overlapping when n % 8 != 0
    }
    if(n >= 4)
        return load_u32(a) == load_u32(b) && load_u32(a + n - 4) == load_u32(b + n - 4);
    for(std::size_t i = 0; i < n; ++i)
        if(a[i] != b[i])
            return false;
    return true;
}

// A hash of a name or allowed value for string_index. Eight bytes at a time,
// each word folded in by a multiply and a shift so that every input byte
// reaches the low bits that pick the slot. The last, partial word is read
// as overlapping loads instead of byte by byte; together with the length,
// which seeds the hash, the words read still determine the string. Not a
// cryptographic hash: a schema author who makes names collide only slows
// lookups down to the binary search of string_index, never to a scan.
inline std::uint64_t hash_text(std::string_view s) noexcept
{
    constexpr std::uint64_t odd = 0x9E3779B97F4A7C15u;   // 2^64 divided by the golden ratio
    char const* const p = s.data();
    std::size_t const n = s.size();
    std::uint64_t h = static_cast<std::uint64_t>(n) * odd;
    auto const mix = [&h](std::uint64_t word) {
        h = (h ^ word) * odd;
        h ^= h >> 32;
    };
    if(n >= 8)
    {
        for(std::size_t i = 0; i + 8 < n; i += 8)
            mix(load_u64(p + i));
        mix(load_u64(p + n - 8));   // the last eight bytes, overlapping when n % 8 != 0
    }
    else if(n >= 4)
        mix(static_cast<std::uint64_t>(load_u32(p)) << 32 | load_u32(p + n - 4));
    else if(n > 0)
        mix(static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16 |
            static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
            static_cast<unsigned char>(p[n - 1]));
    h *= odd;
    return h ^ (h >> 32);
}

// Finds a string among a fixed list (a scope's attribute names, a
// definition's allowed values) in expected constant time: an
// open-addressing hash table with linear probing, built once by
// schema_builder::build and read-only afterwards, so sharing it between
// threads needs no lock. The strings themselves stay in their list; the
// table holds positions and a caller-supplied `text(position)` returns
// the string, so copying the owner cannot leave the table dangling.
//
// Lookups probe at most as many slots as the longest probe sequence seen
// while building. When that exceeds probe_limit(), the table is dropped
// and lookups binary-search the sorted order instead, so a lookup is
// O(log n) at worst whatever the names are.
class string_index
{
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    // A probe sequence longer than this (4 + log2 of the table size) makes
    // build() fall back to binary search. With a table at most half full
    // and distinct hashes it is rarely reached.
    static std::size_t probe_limit(std::size_t table_size) noexcept
    {
        std::size_t limit = 4;
        for(std::size_t s = table_size; s > 1; s /= 2)
            ++limit;
        return limit;
    }

    // Indexes `text(0)` ... `text(n - 1)`. Of equal strings the first one
    // is found (and comes first in sorted()), so build() can report the
    // later one as the duplicate. `max_probes` (for tests) replaces
    // probe_limit().
    template<class Text>
    void build(std::size_t n, Text const& text, std::size_t max_probes = npos)
    {
        sorted_.resize(n);
        for(std::size_t i = 0; i < n; ++i)
            sorted_[i] = i;
        std::stable_sort(sorted_.begin(), sorted_.end(), [&](std::size_t a, std::size_t b) {
            return std::string_view(text(a)) < std::string_view(text(b));
        });

        slots_.clear();
        longest_probe_ = 0;
        if(n == 0)
            return;
        // A power of two at least twice n: at most half full. No overflow:
        // n counts objects much larger than a slot, so 2 * n slots fit.
        std::size_t size = 2;
        while(size < 2 * n)
            size *= 2;
        slots_.assign(size, slot{0, npos});
        std::size_t const mask = size - 1;
        for(std::size_t i = 0; i < n; ++i)
        {
            std::size_t const hash = static_cast<std::size_t>(hash_text(text(i)));
            std::size_t at = hash & mask;
            std::size_t probe = 0;
            for(; slots_[at].position != npos; ++probe)
                at = (at + 1) & mask;
            slots_[at] = slot{hash, i};
            longest_probe_ = std::max(longest_probe_, probe);
        }
        if(longest_probe_ > (max_probes == npos ? probe_limit(size) : max_probes))
        {
            slots_.clear();
            slots_.shrink_to_fit();
            longest_probe_ = 0;
        }
    }

    // The position of `key`, or npos. `text` must be the one given to build().
    template<class Text>
    std::size_t find(std::string_view key, Text const& text) const noexcept
    {
        if(slots_.empty())
            return find_sorted(key, text);
        std::size_t const hash = static_cast<std::size_t>(hash_text(key));
        std::size_t const mask = slots_.size() - 1;
        std::size_t at = hash & mask;
        for(std::size_t probe = 0; probe <= longest_probe_; ++probe)
        {
            slot const& here = slots_[at];
            if(here.position == npos)
                return npos;
            // The full hash first: most misses end here without a compare.
            if(here.hash == hash)
            {
                std::string_view const candidate = text(here.position);
                if(candidate.size() == key.size() &&
                   same_bytes(candidate.data(), key.data(), key.size()))
                    return here.position;
            }
            at = (at + 1) & mask;
        }
        return npos;
    }

    // Positions sorted by their strings (stable: equal strings in list order).
    std::vector<std::size_t> const& sorted() const noexcept { return sorted_; }

    // Whether lookups use the hash table (false: binary search), for tests.
    bool hashed() const noexcept { return !slots_.empty(); }

private:
    struct slot
    {
        std::size_t hash;       // hash_text of the string, cut to size_t
        std::size_t position;   // npos for an empty slot
    };

    std::vector<std::size_t> sorted_;
    std::vector<slot> slots_;         // size a power of two; empty: binary search
    std::size_t longest_probe_ = 0;   // extra slots the longest insertion probed

    template<class Text>
    std::size_t find_sorted(std::string_view key, Text const& text) const noexcept
    {
        auto const it = std::lower_bound(sorted_.begin(), sorted_.end(), key,
                                         [&](std::size_t i, std::string_view k) { return std::string_view(text(i)) < k; });
        if(it == sorted_.end() || std::string_view(text(*it)) != key)
            return npos;
        return *it;
    }
};

// A collision-free table over a scope's attribute names (or a
// definition's allowed values), tried before string_index because a
// lookup is cheaper: no loop over the name's words for the hash (only its
// first and last eight bytes and its length, in name_key), one slot, one
// comparison. validate_patch_bytes looks up every custom name of a patch,
// and every single- or multi-select value, so this is on its hot path.
//
// The comparison (find) is of the words the key was made of, kept for each
// name (entry): a name of up to 24 bytes is wholly covered by its length
// and its first, middle and last eight bytes, so it is compared without
// reading the name list or looping over bytes; only longer names are
// compared byte by byte, out of line.
//
// build() searches for a multiplier under which the names' keys land in
// distinct slots of a table of at least 16 slots per name (a few tries for
// a usual schema); it gives up (empty(): callers use string_index) when
// the scope has more than max_names names, when two names share a key
// (equal names; names of the same length with the same first and last
// eight bytes), or when no multiplier among max_tries works. Read-only
// once built, like the rest of the schema: no lock between threads.
class perfect_name_table
{
public:
    static constexpr std::size_t max_names = 64;   // positions + 1 fit in a byte
    static constexpr unsigned max_tries = 256;

    // The words of a name that name_key and find read: its first and last
    // (up to) eight bytes as overlapping words, and bytes 8 to 15 of a
    // name longer than 16 bytes (else 0). With the length they determine
    // any name of up to 24 bytes: under 4 bytes, `first` holds bytes 0,
    // n / 2 and n - 1, which are all of them; from 4 to 7, two 4-byte
    // words; from 8 to 16, two 8-byte words; to 24, the middle word too.
    struct name_words
    {
        std::uint64_t first;
        std::uint64_t last;
        std::uint64_t middle;
    };

    BOOST_FORCEINLINE static name_words words_of(std::string_view s) noexcept
    {
        char const* const p = s.data();
        std::size_t const n = s.size();
        name_words w{0, 0, 0};
        if(n >= 8)
        {
            w.first = load_u64(p);
            w.last = load_u64(p + n - 8);
            if(n > 16)
                w.middle = load_u64(p + 8);
        }
        else if(n >= 4)
        {
            w.first = load_u32(p);
            w.last = load_u32(p + n - 4);
        }
        else if(n > 0)
            w.first = static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16 |
                      static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
                      static_cast<unsigned char>(p[n - 1]);
        return w;
    }

    // What a name is hashed by: its length and first and last words.
    // Equal keys for two names make build() give up, so lookups never rely
    // on the key being unique.
    BOOST_FORCEINLINE static std::uint64_t key_of(name_words const& w, std::size_t n) noexcept
    {
        // The multiplies by two odd constants spread `last` and the length
        // over the word, so that names differing only at their end or in
        // length differ in the high bits used by the slot. (A plain
        // `first ^ n` made "ab" and "abc" one key.)
        return w.first + static_cast<std::uint64_t>(n) * 0xC2B2AE3D27D4EB4Fu +
               w.last * 0x9E3779B97F4A7C15u;
    }

    static std::uint64_t name_key(std::string_view s) noexcept
    {
        return key_of(words_of(s), s.size());
    }

    template<class Text>
    void build(std::size_t n, Text const& text)
    {
        slots_.clear();
        entries_.clear();
        if(n == 0 || n > max_names)
            return;
        unsigned bits = 3;
        while((std::size_t(1) << bits) < 16 * n)
            ++bits;
        std::vector<std::uint64_t> keys(n);
        for(std::size_t i = 0; i < n; ++i)
            keys[i] = name_key(text(i));
        std::vector<unsigned char> slots(std::size_t(1) << bits);
        // Odd multipliers from a fixed sequence: the same schema always
        // gets the same table.
        std::uint64_t multiplier = 0x9E3779B97F4A7C15u;
        for(unsigned t = 0; t < max_tries; ++t, multiplier += 0xD1B54A32D192ED04u)
        {
            std::fill(slots.begin(), slots.end(), static_cast<unsigned char>(0));
            bool distinct = true;
            for(std::size_t i = 0; i < n && distinct; ++i)
            {
                unsigned char& slot = slots[slot_of(keys[i], multiplier, bits)];
                distinct = slot == 0;
                slot = static_cast<unsigned char>(i + 1);
            }
            if(distinct)
            {
                slots_ = std::move(slots);
                multiplier_ = multiplier;
                shift_ = 64 - bits;
                entries_.resize(n);
                for(std::size_t i = 0; i < n; ++i)
                    entries_[i] = entry{words_of(text(i)), std::string_view(text(i)).size()};
                return;
            }
        }
    }

    bool empty() const noexcept { return slots_.empty(); }

    // The position of the only name that can equal `key` (the caller
    // compares), or npos. Only when !empty().
    std::size_t candidate(std::string_view key) const noexcept
    {
        return position_in_slot(name_key(key));
    }

    // Names up to this size are compared by their words alone (find_short).
    static constexpr std::size_t max_short_size = 24;

    // The position of `key` among the names, or npos. Only when !empty().
    // `text` must be the one given to build(); it is read only for a name
    // longer than max_short_size.
    template<class Text>
    std::size_t find(std::string_view key, Text const& text) const noexcept
    {
        if(key.size() <= max_short_size)
            return find_short(key);
        std::size_t const i = candidate(key);
        if(i == string_index::npos)
            return i;
        std::string_view const name = text(i);
        return name.size() == key.size() && same_bytes(name.data(), key.data(), key.size())
                   ? i
                   : string_index::npos;
    }

    // find for a key of at most max_short_size bytes: calls nothing, so
    // that its callers on validate_patch_bytes's path save no registers.
    BOOST_FORCEINLINE std::size_t find_short(std::string_view key) const noexcept
    {
        std::size_t const n = key.size();
        name_words const w = words_of(key);
        std::size_t const i = position_in_slot(key_of(w, n));
        if(i == string_index::npos)
            return i;
        entry const& e = entries_[i];
        if(e.size != n || e.words.first != w.first || e.words.last != w.last ||
           e.words.middle != w.middle)
            return string_index::npos;
        return i;
    }

private:
    // The words and length of each name, by position (see find).
    struct entry
    {
        name_words words;
        std::size_t size;
    };

    // The position of the name in the slot of a key, or npos (candidate,
    // find_short).
    BOOST_FORCEINLINE std::size_t position_in_slot(std::uint64_t key) const noexcept
    {
        unsigned const at = slots_[static_cast<std::size_t>((key * multiplier_) >> shift_)];
        return at == 0 ? string_index::npos : at - 1;
    }

    static std::size_t slot_of(std::uint64_t key, std::uint64_t multiplier, unsigned bits) noexcept
    {
        return static_cast<std::size_t>((key * multiplier) >> (64 - bits));
    }

    std::vector<unsigned char> slots_;   // position + 1 of the name there, 0: none
    std::vector<entry> entries_;         // by position
    std::uint64_t multiplier_ = 0;       // odd
    unsigned shift_ = 64;                // 64 - log2(slot count)
};

// How validate_patch_bytes may settle a scalar member value of a defined
// attribute without the validator (streaming_validator::value_rule): the
// definition's constraints reduced at build() to one or two comparisons.
// `other`: no shortcut; the quick test of the general path decides.
// Numbered from 1: streaming_validator's value_rule takes these values
// unchanged and uses 0 for one of its own.
enum class quick_check : unsigned char
{
    other = 1,
    any,            // any scalar, null too (type `any`, nullable and not required)
    integer,        // an int64 in [min_integer, max_integer]
    decimal,        // the same, or a double in [min_number, max_number]
    boolean,        // true or false
    plain_string,   // a string of [min_length, max_length] code points (no values, no pattern)
    allowed_value   // a string among the allowed values (type `enumeration`)
};

// What validation needs beyond a definition itself, computed once by build().
struct compiled_attribute
{
    std::shared_ptr<pattern const> matcher;   // null when there is no pattern
    string_index values;                      // over the definition's allowed_values
    perfect_name_table fast_values;           // the same, when build() found a table

    // The quick_check data (see compile_quick_check), read by
    // validate_patch_bytes for every value of the attribute.
    quick_check quick = quick_check::other;
    bool null_accepted = false;   // nullable && !required
    // integer, decimal: the int64 values within minimum..maximum, exactly
    // as compare_exact decides (min_integer > max_integer: none).
    std::int64_t min_integer = 0;
    std::int64_t max_integer = 0;
    // decimal: minimum and maximum, or the largest finite doubles, so that
    // an infinity (or NaN) is never in range and goes to the validator.
    double min_number = 0;
    double max_number = 0;
    // plain_string: the bounds on the length in code points.
    std::uint64_t min_length = 0;
    std::uint64_t max_length = 0;
};

// One scope: definitions in definition order, and an index by name so that
// a lookup is a hash probe (or at worst a binary search), never a scan.
struct scope_data
{
    std::vector<attribute_definition> attributes;
    std::vector<compiled_attribute> compiled;   // parallel to attributes
    string_index names;                         // over the attributes' names
    perfect_name_table fast_names;              // the same, when build() found a table
    bool any_required = false;

    // string_index's view of the names.
    std::string_view name_of(std::size_t i) const noexcept { return attributes[i].name; }
};

// Everything a schema shares between its copies; immutable once built.
struct schema_data
{
    scope_data scopes[3];
};

// find_position for a scope without a perfect_name_table. Out of line:
// the hash loop, inlined, would make the usual lookup save registers too.
BOOST_NOINLINE inline std::size_t find_in_index(scope_data const& sd, std::string_view name) noexcept
{
    return sd.names.find(name, [&](std::size_t k) { return sd.name_of(k); });
}

// find_position in a scope with a perfect_name_table (names beyond
// perfect_name_table::max_short_size compared byte by byte; the usual
// path of validate_patch_bytes calls find_short itself).
BOOST_FORCEINLINE std::size_t find_perfect_position(scope_data const& sd, std::string_view name) noexcept
{
    return sd.fast_names.find(name, [&](std::size_t k) { return sd.name_of(k); });
}

// schema::find as a position in sd.attributes (string_index::npos: none),
// which validate_patch_bytes also needs (see streaming_validator).
inline std::size_t find_position(scope_data const& sd, std::string_view name) noexcept
{
    return sd.fast_names.empty() ? find_in_index(sd, name) : find_perfect_position(sd, name);
}

inline std::vector<attribute_definition> const& no_attributes() noexcept
{
    static std::vector<attribute_definition> const none;
    return none;
}

// The validator's way in: the compiled form of a definition found by find().
struct schema_access
{
    static scope_data const* scope_of(schema const& s, scope where) noexcept
    {
        return s.data_ ? &s.data_->scopes[static_cast<std::size_t>(where)] : nullptr;
    }

    // `d` must come from s.find(where, ...) or s.attributes(where).
    static compiled_attribute const& compiled(schema const& s, scope where,
                                              attribute_definition const& d) noexcept
    {
        scope_data const& sd = s.data_->scopes[static_cast<std::size_t>(where)];
        return sd.compiled[static_cast<std::size_t>(&d - sd.attributes.data())];
    }
};

// Whether `text` is one of the definition's allowed values: by the
// collision-free table when build() found one (one slot, one comparison;
// validate_patch_bytes checks every single- and multi-select value), else
// by string_index.
inline bool is_allowed_value(attribute_definition const& d, compiled_attribute const& c,
                             std::string_view text) noexcept
{
    auto const value_of = [&](std::size_t i) -> std::string_view { return d.allowed_values[i]; };
    if(!c.fast_values.empty())
        return c.fast_values.find(text, value_of) != string_index::npos;
    return c.values.find(text, value_of) != string_index::npos;
}

// The int64 values x with minimum <= x <= maximum (exact arithmetic, as
// compare_exact), as [lo, hi]; lo > hi when there are none. Bounds are
// finite (schema_checker). For an integer x, x >= b exactly when
// x >= ceil(b), and x <= b exactly when x <= floor(b); ceil and floor of a
// double in [-2^63, 2^63) convert to int64 exactly.
inline void integer_range(std::optional<double> const& minimum,
                          std::optional<double> const& maximum, std::int64_t& lo,
                          std::int64_t& hi) noexcept
{
    constexpr double two_to_63 = 9223372036854775808.0;
    lo = std::numeric_limits<std::int64_t>::min();
    hi = std::numeric_limits<std::int64_t>::max();
    bool empty = false;
    if(minimum)
    {
        double const c = std::ceil(*minimum);
        if(c >= two_to_63)
            empty = true;
        else if(c > -two_to_63)
            lo = static_cast<std::int64_t>(c);
    }
    if(maximum)
    {
        double const f = std::floor(*maximum);
        if(f < -two_to_63)
            empty = true;
        else if(f < two_to_63)
            hi = static_cast<std::int64_t>(f);
    }
    if(empty)
    {
        lo = std::numeric_limits<std::int64_t>::max();
        hi = std::numeric_limits<std::int64_t>::min();
    }
}

// Fills the quick_check data of `c` for a definition that passed the
// checks (bounds finite, min <= max where both are given).
inline void compile_quick_check(attribute_definition const& d, compiled_attribute& c) noexcept
{
    c.null_accepted = d.nullable && !d.required;
    switch(d.type)
    {
    case attribute_type::any:
        // quick_check::any takes null too: an `any` that may not be
        // cleared is left to the general path.
        c.quick = c.null_accepted ? quick_check::any : quick_check::other;
        break;
    case attribute_type::boolean: c.quick = quick_check::boolean; break;
    case attribute_type::integer:
    case attribute_type::decimal:
        c.quick = d.type == attribute_type::integer ? quick_check::integer : quick_check::decimal;
        integer_range(d.minimum, d.maximum, c.min_integer, c.max_integer);
        c.min_number = d.minimum ? *d.minimum : -std::numeric_limits<double>::max();
        c.max_number = d.maximum ? *d.maximum : std::numeric_limits<double>::max();
        break;
    case attribute_type::string:
        if(d.allowed_values.empty() && !c.matcher)
        {
            c.quick = quick_check::plain_string;
            c.min_length = d.min_length ? *d.min_length : 0;
            c.max_length = d.max_length ? *d.max_length
                                        : std::numeric_limits<std::uint64_t>::max();
        }
        break;
    case attribute_type::enumeration: c.quick = quick_check::allowed_value; break;
    default: break;   // object, array, date, date_time, uuid: the general path
    }
}

inline constexpr std::string_view scope_names[3] = {"topLevel", "configuration", "summary"};

// The checks of schema_builder::build, collecting bad_schema violations.
class schema_checker
{
public:
    explicit schema_checker(report& r) noexcept : report_(r) {}

    // Returns false once the report is full.
    bool check_max_depth(std::size_t levels)
    {
        if(levels >= 1)
            return true;
        return add("/maxDepth", "maxDepth must be at least 1; the patch itself is level 1.");
    }

    bool check_read_only(std::vector<std::string> const& names)
    {
        constexpr std::string_view updatable[] = {
            "_startTime", "_state", "_endTime", "_name", "_configuration", "_summary"};
        for(std::size_t i = 0; i < names.size(); ++i)
        {
            std::string_view const n = names[i];
            std::string pointer = "/readOnlyAttributes";
            append_pointer_index(pointer, i);
            if(!is_valid_utf8(n))
            {
                if(!add(std::move(pointer), "The read-only attribute " + quoted(n) +
                                                " is not valid UTF-8."))
                    return false;
            }
            else if(n.empty() || n.front() != '_')
            {
                if(!add(std::move(pointer), "The read-only attribute " + quoted(n) +
                                                " does not start with _; only system attributes can be read-only."))
                    return false;
            }
            else if(std::find(std::begin(updatable), std::end(updatable), n) != std::end(updatable))
            {
                if(!add(std::move(pointer), "The read-only attribute " + quoted(n) +
                                                " is a system attribute that updates may change."))
                    return false;
            }
        }
        return true;
    }

    // Checks the definitions of one scope and fills `out` (index, patterns).
    bool check_scope(scope where, std::vector<attribute_definition> const& defs, scope_data& out)
    {
        std::size_t const w = static_cast<std::size_t>(where);
        out.attributes = defs;
        out.compiled.resize(defs.size());
        out.names.build(defs.size(), [&](std::size_t i) -> std::string_view { return defs[i].name; });
        out.fast_names.build(defs.size(), [&](std::size_t i) -> std::string_view { return defs[i].name; });
        // sorted() is stable: of two equal names the first defined comes
        // first, so the later one is reported as the duplicate.
        std::vector<std::size_t> const& by_name = out.names.sorted();
        std::vector<std::size_t> first_of(defs.size(), defs.size());   // index of the earlier twin
        for(std::size_t k = 1; k < by_name.size(); ++k)
            if(defs[by_name[k]].name == defs[by_name[k - 1]].name)
                first_of[by_name[k]] = first_of[by_name[k - 1]] != defs.size()
                                           ? first_of[by_name[k - 1]]
                                           : by_name[k - 1];

        for(std::size_t i = 0; i < defs.size(); ++i)
        {
            scope_ = scope_names[w];
            index_ = i;
            std::size_t const mistakes = report_.size();
            if(!check_definition(defs[i], first_of[i] == defs.size() ? nullptr : &first_of[i],
                                 out.compiled[i]))
                return false;
            // Only for a definition without mistakes: the quick checks
            // rely on finite bounds in order (a schema with a mistake is
            // never built anyway).
            if(report_.size() == mistakes)
                compile_quick_check(defs[i], out.compiled[i]);
            out.any_required = out.any_required || defs[i].required;
        }
        return true;
    }

private:
    report& report_;
    std::string_view scope_;
    std::size_t index_ = 0;
    std::string label_;

    bool add(std::string pointer, std::string message)
    {
        return report_.add(violation{std::move(pointer), error::bad_schema, std::move(message)});
    }

    std::string field_pointer(std::string_view field) const
    {
        std::string p = "/";
        p.append(scope_.data(), scope_.size());
        p += "/attributes";
        append_pointer_index(p, index_);
        append_pointer_token(p, field);
        return p;
    }

    bool mistake(std::string_view field, std::string const& what)
    {
        return add(field_pointer(field), label_ + " " + what + ".");
    }

    static std::string number(double d)
    {
        std::string s;
        append_number(s, d);
        return s;
    }

    bool check_definition(attribute_definition const& d, std::size_t const* twin,
                          compiled_attribute& c)
    {
        label_ = "The ";
        label_.append(scope_.data(), scope_.size());
        label_ += " attribute ";
        if(d.name.empty())
            label_ += "at index " + std::to_string(index_);
        else
            append_quoted(label_, d.name);

        // The name: one mistake at most.
        if(d.name.empty())
        {
            if(!mistake("name", "has an empty name"))
                return false;
        }
        else if(!is_valid_utf8(d.name))
        {
            if(!mistake("name", "has a name that is not valid UTF-8"))
                return false;
        }
        else if(d.name.front() == '_')
        {
            if(!mistake("name", "starts with _, which is reserved for system attributes"))
                return false;
        }
        else if(twin)
        {
            if(!mistake("name", "is defined twice in the scope (first at index " +
                                    std::to_string(*twin) + ")"))
                return false;
        }

        attribute_type const t = d.type;
        bool const known_type = static_cast<int>(t) >= 0 &&
                                static_cast<int>(t) <= static_cast<int>(attribute_type::any);
        if(!known_type)
            return mistake("type", "has an unknown type (" +
                                       std::to_string(static_cast<int>(t)) + ")");

        bool const lengths = t == attribute_type::string || t == attribute_type::array;
        bool const bounds = t == attribute_type::integer || t == attribute_type::decimal;
        bool const values = t == attribute_type::string || t == attribute_type::enumeration ||
                            t == attribute_type::array;
        bool const pattern = t == attribute_type::string;
        // The type is one of the enumerators here (an unknown one stopped
        // the checks above), so to_string names it.
        std::string const of_type = "; this one is " + std::string(to_string(t));

        // Constraints that do not fit the type.
        if(d.min_length && !lengths &&
           !mistake("minLength", "has minLength, which applies only to string and array attributes" + of_type))
            return false;
        if(d.max_length && !lengths &&
           !mistake("maxLength", "has maxLength, which applies only to string and array attributes" + of_type))
            return false;
        if(d.minimum && !bounds &&
           !mistake("minimum", "has minimum, which applies only to integer and decimal attributes" + of_type))
            return false;
        if(d.maximum && !bounds &&
           !mistake("maximum", "has maximum, which applies only to integer and decimal attributes" + of_type))
            return false;
        if(!d.allowed_values.empty() && !values &&
           !mistake("values", "has values, which apply only to string, enumeration and array attributes" + of_type))
            return false;
        if(!d.pattern.empty() && !pattern &&
           !mistake("pattern", "has a pattern, which applies only to string attributes" + of_type))
            return false;

        // Constraints that fit but make no sense.
        if(lengths && d.min_length && d.max_length && *d.min_length > *d.max_length &&
           !mistake("minLength", "has minLength " + std::to_string(*d.min_length) +
                                     " above maxLength " + std::to_string(*d.max_length)))
            return false;
        if(bounds)
        {
            bool const min_finite = !d.minimum || std::isfinite(*d.minimum);
            bool const max_finite = !d.maximum || std::isfinite(*d.maximum);
            if(!min_finite && !mistake("minimum", "has a minimum that is not a finite number"))
                return false;
            if(!max_finite && !mistake("maximum", "has a maximum that is not a finite number"))
                return false;
            if(min_finite && max_finite && d.minimum && d.maximum && *d.minimum > *d.maximum &&
               !mistake("minimum", "has minimum " + number(*d.minimum) + " above maximum " +
                                       number(*d.maximum)))
                return false;
        }
        if(values && !check_values(d, c))
            return false;
        if(pattern && !d.pattern.empty())
        {
            if(!is_valid_utf8(d.pattern))
                return mistake("pattern", "has a pattern that is not valid UTF-8");
            std::string why;
            c.matcher = compile_pattern(d.pattern, why);
            if(!c.matcher)
            {
                // The engine's reason may end with a full stop of its own.
                while(!why.empty() && (why.back() == '.' || why.back() == ' '))
                    why.pop_back();
                return mistake("pattern", "has a pattern that cannot be used: " + why);
            }
        }
        return true;
    }

    bool check_values(attribute_definition const& d, compiled_attribute& c)
    {
        std::vector<std::string> const& v = d.allowed_values;
        if(v.empty())
        {
            if(d.type == attribute_type::enumeration)
                return mistake("values", "is an enumeration without values");
            return true;
        }
        c.values.build(v.size(), [&](std::size_t i) -> std::string_view { return v[i]; });
        c.fast_values.build(v.size(), [&](std::size_t i) -> std::string_view { return v[i]; });
        std::vector<std::size_t> const& by_text = c.values.sorted();
        std::vector<bool> duplicate(v.size(), false);
        for(std::size_t k = 1; k < v.size(); ++k)
            if(v[by_text[k]] == v[by_text[k - 1]])
                duplicate[by_text[k]] = true;
        for(std::size_t j = 0; j < v.size(); ++j)
        {
            std::string field = "values";
            append_pointer_index(field, j);   // "values/<j>"
            std::string_view const f(field);
            if(!is_valid_utf8(v[j]))
            {
                if(!mistake_at(f, "has an allowed value that is not valid UTF-8: " + quoted(v[j])))
                    return false;
            }
            else if(duplicate[j] && !mistake_at(f, "lists the allowed value " + quoted(v[j]) + " twice"))
                return false;
        }
        return true;
    }

    // `path` is "values/<j>": already a pointer suffix, not one token.
    bool mistake_at(std::string_view path, std::string const& what)
    {
        std::string p = "/";
        p.append(scope_.data(), scope_.size());
        p += "/attributes";
        append_pointer_index(p, index_);
        p += '/';
        p.append(path.data(), path.size());
        return add(std::move(p), label_ + " " + what + ".");
    }
};

}   // namespace detail

// The definitions of the public header; a white-box test may include this
// file for the machinery above, and gets them only where they belong.
#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)

std::optional<attribute_type> attribute_type_from_string(std::string_view name) noexcept
{
    for(int i = 0; i <= static_cast<int>(attribute_type::any); ++i)
        if(to_string(static_cast<attribute_type>(i)) == name)
            return static_cast<attribute_type>(i);
    return std::nullopt;
}

schema::schema()
    : read_only_(default_read_only_attributes.begin(), default_read_only_attributes.end())
{
    std::sort(read_only_.begin(), read_only_.end());
}

schema const& schema::standard()
{
    static schema const instance;
    return instance;
}

bool schema::is_read_only(std::string_view name) const noexcept
{
    auto const it = std::lower_bound(read_only_.begin(), read_only_.end(), name,
                                     [](std::string const& a, std::string_view b) { return std::string_view(a) < b; });
    return it != read_only_.end() && *it == name;
}

attribute_definition const* schema::find(scope where, std::string_view name) const noexcept
{
    if(!data_)
        return nullptr;
    detail::scope_data const& sd = data_->scopes[static_cast<std::size_t>(where)];
    std::size_t const i = detail::find_position(sd, name);
    return i == detail::string_index::npos ? nullptr : &sd.attributes[i];
}

std::vector<attribute_definition> const& schema::attributes(scope where) const noexcept
{
    return data_ ? data_->scopes[static_cast<std::size_t>(where)].attributes
                 : detail::no_attributes();
}

schema_builder& schema_builder::require_start_and_state(bool on)
{
    schema_.require_start_and_state_ = on;
    return *this;
}

schema_builder& schema_builder::read_only_attributes(std::vector<std::string> names)
{
    read_only_names_ = std::move(names);
    return *this;
}

schema_builder& schema_builder::accept_unknown(scope where, bool on)
{
    schema_.accept_unknown_[static_cast<std::size_t>(where)] = on;
    return *this;
}

schema_builder& schema_builder::max_depth(std::size_t levels)
{
    // The stack holds no deeper recursion (see max_depth_ceiling).
    schema_.max_depth_ = detail::effective_depth(levels);
    return *this;
}

schema_builder& schema_builder::define(scope where, attribute_definition definition)
{
    definitions_[static_cast<std::size_t>(where)].push_back(std::move(definition));
    return *this;
}

boost::system::result<schema, report> schema_builder::build() const
{
    report r;
    detail::schema_checker check(r);
    schema built = schema_;
    bool go_on = check.check_max_depth(schema_.max_depth_);
    if(go_on && read_only_names_)
    {
        go_on = check.check_read_only(*read_only_names_);
        std::vector<std::string> names = *read_only_names_;
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        built.read_only_ = std::move(names);
    }
    bool any = false;
    for(auto const& defs : definitions_)
        any = any || !defs.empty();
    if(any)
    {
        auto data = std::make_shared<detail::schema_data>();
        for(std::size_t i = 0; i < 3 && go_on; ++i)
            go_on = check.check_scope(static_cast<scope>(i), definitions_[i], data->scopes[i]);
        built.data_ = std::move(data);
    }
    if(!r.ok())
        return {boost::system::in_place_error, std::move(r)};
    return {boost::system::in_place_value, std::move(built)};
}

#endif   // public definitions

}   // namespace usage_session

#endif
