#ifndef USAGE_SESSION_DETAIL_PATCH_PARSER_HPP
#define USAGE_SESSION_DETAIL_PATCH_PARSER_HPP

// A Boost.JSON basic_parser handler that builds a value exactly like
// boost::json::parser does, and additionally rejects duplicate member names
// and non-finite numbers, which Boost.JSON accepts silently.
//
// Scratch memory: inline buffers sized for a typical patch, so that a
// request can run out of one fixed buffer (docs/performance.md, target 5); a bigger
// body's scratch goes to the default resource, as boost::json::parse does.
// Not to the caller's: a monotonic resource never gets it back, and a
// dense body (a 4 KiB array of zeros) would need three times the memory
// of its value, against the sizing rule of docs/cookbook.md.

#include <usage_session/error.hpp>
#include <usage_session/json_pointer.hpp>

#include <boost/config.hpp>
#include <boost/container/pmr/memory_resource.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_stack.hpp>
#include <boost/throw_exception.hpp>
#include <algorithm>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace usage_session {
namespace detail {

// A growable array of trivially copyable T whose first N elements live
// inline, so a typical patch needs no allocation at all; beyond that it
// doubles into the given memory resource.
template<class T, std::size_t N>
class inline_vector
{
    static_assert(std::is_trivially_copyable<T>::value, "elements are copied with memcpy");
    static_assert(N > 0, "at least one inline element");

public:
    explicit inline_vector(boost::container::pmr::memory_resource* mr) noexcept
        : mr_(mr)
    {
    }

    inline_vector(inline_vector const&) = delete;
    inline_vector& operator=(inline_vector const&) = delete;

    ~inline_vector()
    {
        if(data_ != inline_)
            mr_->deallocate(data_, capacity_ * sizeof(T), alignof(T));
    }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    T const* data() const noexcept { return data_; }
    T& operator[](std::size_t i) noexcept { return data_[i]; }
    T const& operator[](std::size_t i) const noexcept { return data_[i]; }
    T& back() noexcept { return data_[size_ - 1]; }
    T const& back() const noexcept { return data_[size_ - 1]; }

    void push_back(T const& t)
    {
        if(size_ == capacity_)
            grow(1);
        data_[size_++] = t;
    }

    void pop_back() noexcept { --size_; }

    // Appends the `n` elements at `p`.
    void append(T const* p, std::size_t n)
    {
        if(n > capacity_ - size_)
            grow(n);
        if(n > 0)
            std::memcpy(data_ + size_, p, n * sizeof(T));
        size_ += n;
    }

    // Appends `n` copies of `t`.
    void append(std::size_t n, T const& t)
    {
        if(n > capacity_ - size_)
            grow(n);
        for(std::size_t i = 0; i < n; ++i)
            data_[size_ + i] = t;
        size_ += n;
    }

    // Keeps the first `n` elements (n <= size()); the capacity stays.
    void shrink_to(std::size_t n) noexcept { size_ = n; }

private:
    // Room for `extra` more elements, at least doubling the capacity. Out of
    // line: rare, and it would weigh on the inlined callers.
    BOOST_NOINLINE void grow(std::size_t extra)
    {
        constexpr std::size_t max_elements = std::numeric_limits<std::size_t>::max() / sizeof(T);
        if(extra > max_elements - size_)
            // As any allocator would; boost::throw_exception so that a
            // -fno-exceptions build compiles (it then calls the user's handler).
            boost::throw_exception(std::bad_alloc());
        std::size_t const needed = size_ + extra;
        std::size_t capacity = capacity_ <= max_elements / 2 ? 2 * capacity_ : max_elements;
        if(capacity < needed)
            capacity = needed;
        T* const bigger = static_cast<T*>(mr_->allocate(capacity * sizeof(T), alignof(T)));
        std::memcpy(bigger, data_, size_ * sizeof(T));
        if(data_ != inline_)
            mr_->deallocate(data_, capacity_ * sizeof(T), alignof(T));
        data_ = bigger;
        capacity_ = capacity;
    }

    boost::container::pmr::memory_resource* mr_;
    T* data_ = inline_;
    std::size_t size_ = 0;
    std::size_t capacity_ = N;
    T inline_[N];
};

// Remembers the member names of every open object, to find duplicates.
// Small objects are searched linearly; an object that reaches
// `index_threshold` members gets its own open-addressing hash index of key
// ids, dropped whole when the object closes, so even a million members
// cost linear time and no per-name allocation.
//
// No name is copied when it can be read where the parser found it: with
// set_source, a name lying inside the source text (the whole request body,
// which outlives the tracker) is remembered by its offset there. Names that
// Boost.JSON unescaped or delivered in parts are copied into an arena.
//
// Memory: inline buffers hold a typical patch; bigger documents grow into
// the memory resource given to the constructor (by default the default
// resource, as Boost.JSON's own scratch memory).
class duplicate_key_tracker
{
public:
    duplicate_key_tracker() = default;

    explicit duplicate_key_tracker(boost::json::storage_ptr sp) noexcept
        : sp_(std::move(sp))
    {
    }

    // Names inside [data, data + size) are read there, not copied. The text
    // must stay unchanged while the tracker is used.
    void set_source(char const* data, std::size_t size) noexcept
    {
        source_ = data;
        source_end_ = data + size;
    }

    void open_object()
    {
        frames_.push_back(frame{true, keys_.size(), arena_.size(), 0, index_.size(), 0, 0});
    }

    void open_array()
    {
        frames_.push_back(frame{false, keys_.size(), arena_.size(), 0, index_.size(), 0, 0});
    }

    void close()
    {
        frame const& f = frames_.back();
        keys_.shrink_to(f.first_key);
        arena_.shrink_to(f.first_byte);
        index_.shrink_to(f.index_begin);
        frames_.pop_back();
        count_element();
    }

    // A scalar or a finished container counts as one element of an array.
    void count_element() noexcept
    {
        if(!frames_.empty() && !frames_.back().is_object)
            ++frames_.back().elements;
    }

    // Part of a name that continues in the next call (split or escaped):
    // collected in the arena, where the name's record will point.
    void append_key_part(std::string_view part)
    {
        arena_.append(part.data(), part.size());
        pending_size_ += part.size();
    }

    // Records the completed key; false if the current object already has it.
    // The common case (a name read in place, in an object of fewer than 16
    // members, whose fingerprint bit is new) stays inline and short; the
    // rest is out of line.
    bool add_key(std::string_view last_part)
    {
        if(pending_size_ == 0 && in_source(last_part))
            keys_.push_back(key{static_cast<std::size_t>(last_part.data() - source_),
                                last_part.size(), fingerprint(last_part), false});
        else
            push_arena_key(last_part);
        frame& f = frames_.back();
        if(keys_.size() - f.first_key >= index_threshold)
            return add_to_index(f);
        // A name whose fingerprint bit is not set yet is new: most names
        // are decided without reading any other.
        std::uint64_t const bit = std::uint64_t(1) << (keys_.back().fingerprint % 64);
        if((f.fingerprint_bits & bit) == 0)
        {
            f.fingerprint_bits |= bit;
            return true;
        }
        return is_new_in_small_object(f);
    }

    // The pointer of the member whose key was added last.
    std::string current_pointer() const
    {
        std::string out;
        for(std::size_t i = 0; i < frames_.size(); ++i)
        {
            frame const& f = frames_[i];
            if(f.is_object)
            {
                if(keys_.size() > f.first_key)
                    append_pointer_token(out, text(last_key_of(i)));
            }
            else
                append_pointer_index(out, f.elements);
        }
        return out;
    }

    std::string_view last_key() const noexcept
    {
        return keys_.empty() ? std::string_view() : text(keys_.size() - 1);
    }

private:
    static constexpr std::size_t index_threshold = 16;

    // A name: `size` bytes at `offset` in the arena or in the source.
    struct key
    {
        std::size_t offset;
        std::size_t size;
        std::uint32_t fingerprint;   // equal names, equal fingerprints
        bool in_arena;
    };

    // A cheap hash of a name (its size and two of its bytes), for small
    // objects: the names of an object rarely share one.
    static std::uint32_t fingerprint(std::string_view name) noexcept
    {
        std::uint32_t const size = static_cast<std::uint32_t>(name.size());
        if(size == 0)
            return 0;
        auto const byte = [&](std::size_t i) { return static_cast<unsigned char>(name[i]); };
        return size * 11u + byte(name.size() - 1) * 7u + byte(name.size() / 2);
    }

    struct frame
    {
        bool is_object;
        std::size_t first_key;    // index into keys_
        std::size_t first_byte;   // index into arena_
        std::size_t elements;     // for arrays: elements completed so far
        // For large objects: index_[index_begin, index_begin + index_size)
        // holds key id + 1 per slot (0 = empty), index_size a power of two,
        // 0 while the object is small. Only the innermost open object adds
        // names, so its index is always the last one in index_.
        std::size_t index_begin;
        std::size_t index_size;
        // For small objects: bit (fingerprint % 64) set for every name.
        std::uint64_t fingerprint_bits;
    };

    bool in_source(std::string_view s) const noexcept
    {
        // std::less_equal: a total order even for pointers into unrelated
        // buffers (Boost.JSON's own, for unescaped names).
        std::less_equal<char const*> const le;
        return le(source_, s.data()) && le(s.data() + s.size(), source_end_);
    }

    std::string_view text(std::size_t id) const noexcept
    {
        key const& k = keys_[id];
        return std::string_view((k.in_arena ? arena_.data() : source_) + k.offset, k.size);
    }

    // Copies the last part of a name into the arena, after its earlier
    // parts, and records the name there.
    BOOST_NOINLINE void push_arena_key(std::string_view last_part)
    {
        arena_.append(last_part.data(), last_part.size());
        std::size_t const size = pending_size_ + last_part.size();
        std::size_t const offset = arena_.size() - size;
        keys_.push_back(key{offset, size, fingerprint(std::string_view(arena_.data() + offset, size)),
                            true});
        pending_size_ = 0;
    }

    // The last key of a small object against its earlier ones.
    BOOST_NOINLINE bool is_new_in_small_object(frame const& f) const noexcept
    {
        std::size_t const id = keys_.size() - 1;
        key const& k = keys_[id];
        std::string_view const name = text(id);
        for(std::size_t i = f.first_key; i < id; ++i)
            if(keys_[i].fingerprint == k.fingerprint && keys_[i].size == k.size && text(i) == name)
                return false;
        return true;
    }

    // The last key of a large object: into its hash index.
    BOOST_NOINLINE bool add_to_index(frame& f)
    {
        std::size_t const id = keys_.size() - 1;
        std::size_t const count = id - f.first_key + 1;   // with the new key
        // Keep the load at most one half: probes stay short.
        if(count > f.index_size / 2)
            rebuild_index(f, id, f.index_size == 0 ? 4 * index_threshold : 2 * f.index_size);
        return insert(f, id);
    }

    // Inserts key `id` into the object's index; false if its name is there.
    bool insert(frame& f, std::size_t id) noexcept
    {
        std::size_t* const slots = &index_[f.index_begin];
        std::size_t const mask = f.index_size - 1;
        std::string_view const name = text(id);
        for(std::size_t slot = std::hash<std::string_view>()(name) & mask;; slot = (slot + 1) & mask)
        {
            if(slots[slot] == 0)
            {
                slots[slot] = id + 1;
                return true;
            }
            if(text(slots[slot] - 1) == name)
                return false;
        }
    }

    // Indexes the object's keys before `end` (all distinct) in `size` slots.
    void rebuild_index(frame& f, std::size_t end, std::size_t size)
    {
        index_.shrink_to(f.index_begin);
        index_.append(size, 0);
        f.index_size = size;
        for(std::size_t i = f.first_key; i < end; ++i)
            insert(f, i);
    }

    // The last key of frame `i`: the first key after it belongs to a child
    // frame, so look for the child's first key.
    std::size_t last_key_of(std::size_t i) const noexcept
    {
        bool const has_child = i + 1 < frames_.size();
        return (has_child ? frames_[i + 1].first_key : keys_.size()) - 1;
    }

    // Declared first: the buffers below give their memory back to it.
    boost::json::storage_ptr sp_;
    char const* source_ = nullptr;   // see set_source; empty by default
    char const* source_end_ = nullptr;
    std::size_t pending_size_ = 0;   // bytes of append_key_part at the arena's end
    // Inline sizes: a typical patch (3 levels, about 25 names, few of them
    // escaped) and the first index of a large object (16 to 31 members).
    inline_vector<frame, 16> frames_{sp_.get()};
    inline_vector<key, 48> keys_{sp_.get()};
    inline_vector<char, 512> arena_{sp_.get()};
    inline_vector<std::size_t, 4 * index_threshold> index_{sp_.get()};
};

// Exact reading of a decimal text, by whichever means the standard library
// offers. std::from_chars for double (C++17) is missing from libc++ before
// LLVM 20 (deleted) and from libstdc++ before GCC 11; there fast_float
// reads it, with the same correctly rounded result. Both readers are
// defined whenever they are available, under their own names, so that one
// program may call both (the tests compare them); read_decimal picks one,
// and its choice depends only on the standard library and on
// USAGE_SESSION_USE_FAST_FLOAT, which a program must set alike in every
// translation unit, as any configuration macro.
}   // namespace detail
}   // namespace usage_session

#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
#define USAGE_SESSION_DETAIL_HAS_FROM_CHARS_DOUBLE 1
#endif
#if defined(__has_include)
#if __has_include(<fast_float/fast_float.h>)
#include <fast_float/fast_float.h>
#define USAGE_SESSION_DETAIL_HAS_FAST_FLOAT 1
#endif
#endif
#if !defined(USAGE_SESSION_DETAIL_HAS_FROM_CHARS_DOUBLE) || defined(USAGE_SESSION_USE_FAST_FLOAT)
#if !defined(USAGE_SESSION_DETAIL_HAS_FAST_FLOAT)
#error "usage_session needs std::from_chars for double (C++17; libc++ 20, libstdc++ 11 or newer) or the fast_float library (<fast_float/fast_float.h> on the include path, e.g. Debian's libfast-float-dev) to read numbers exactly."
#endif
#define USAGE_SESSION_DETAIL_READS_WITH_FAST_FLOAT 1
#endif

namespace usage_session {
namespace detail {

// Whether the JSON number `text`, which a reader found out of range, lies
// below 1 in magnitude (an underflow, which reads as zero) rather than
// beyond the largest double: the decimal exponent of its first non-zero
// digit. Out of line: only out-of-range numbers get here.
BOOST_NOINLINE inline bool is_below_one(std::string_view text) noexcept
{
    auto const is_digit = [](char c) noexcept { return c >= '0' && c <= '9'; };
    std::size_t i = 0;
    std::size_t const n = text.size();
    if(i < n && text[i] == '-')
        ++i;
    // Where the first non-zero digit is, as a power of ten: 10^position.
    // Saturating arithmetic: magnitudes beyond 10^15 all mean "huge".
    constexpr long long cap = 1000000000000000LL;
    long long position = 0;
    bool non_zero = false;
    for(; i < n && is_digit(text[i]); ++i)
    {
        non_zero = non_zero || text[i] != '0';
        if(non_zero && position < cap)
            ++position;
    }
    if(i < n && text[i] == '.')
        for(++i; i < n && is_digit(text[i]); ++i)
        {
            if(!non_zero && text[i] == '0' && position > -cap)
                --position;
            non_zero = non_zero || text[i] != '0';
        }
    long long exponent = 0;
    if(i < n && (text[i] == 'e' || text[i] == 'E'))
    {
        ++i;
        bool const negative = i < n && text[i] == '-';
        if(i < n && (text[i] == '-' || text[i] == '+'))
            ++i;
        for(; i < n && is_digit(text[i]); ++i)
            if(exponent < cap)
                exponent = exponent * 10 + (text[i] - '0');
        if(negative)
            exponent = -exponent;
    }
    return !non_zero || position + exponent <= 0;
}

// What a reader's result means for the JSON number `text` it read into
// `out`: out of range is ±0 below the smallest subnormal and false beyond
// the largest double; else the reading, if it took the whole text.
inline bool judge_reading(std::errc ec, char const* stop, std::string_view text, double& out) noexcept
{
    if(ec == std::errc::result_out_of_range)
    {
        if(!is_below_one(text))
            return false;
        out = text.front() == '-' ? -0.0 : 0.0;
        return true;
    }
    return ec == std::errc() && stop == text.data() + text.size() && std::isfinite(out);
}

#if defined(USAGE_SESSION_DETAIL_HAS_FROM_CHARS_DOUBLE)
// Reads the JSON number `text` (the whole of it) into the correctly
// rounded double with std::from_chars (locale-independent).
inline bool read_decimal_from_chars(std::string_view text, double& out) noexcept
{
    auto const r = std::from_chars(text.data(), text.data() + text.size(), out);
    return judge_reading(r.ec, r.ptr, text, out);
}
#endif

#if defined(USAGE_SESSION_DETAIL_HAS_FAST_FLOAT)
// As read_decimal_from_chars, with fast_float. Older releases give ±0 or
// ±infinity without an error for values out of range, newer ones also set
// result_out_of_range: judge_reading gives both the same answer.
inline bool read_decimal_fast_float(std::string_view text, double& out) noexcept
{
    auto const r = fast_float::from_chars(text.data(), text.data() + text.size(), out);
    return judge_reading(r.ec, r.ptr, text, out);
}
#endif

// The reader of this build (see above).
inline bool read_decimal(std::string_view text, double& out) noexcept
{
#if defined(USAGE_SESSION_DETAIL_READS_WITH_FAST_FLOAT)
    return read_decimal_fast_float(text, out);
#else
    return read_decimal_from_chars(text, out);
#endif
}

// Clinger's fast path (W. D. Clinger, "How to Read Floating Point Numbers
// Accurately", PLDI 1990): a decimal m * 10^e whose mantissa m is at most
// 2^53 and whose |e| is at most 22 has m and 10^e exact as doubles, so one
// IEEE multiplication or division, which the hardware rounds correctly,
// gives the correctly rounded double; from_chars would give the same. Only
// where double arithmetic is done in double precision (FLT_EVAL_METHOD 0:
// x86-64, ARM; not the x87, whose wider intermediate would round twice).
// Returns false, leaving the number to from_chars, for anything else: a
// larger mantissa or exponent, more than 19 digits, text that is not a
// plain JSON number.
inline bool read_short_decimal(std::string_view text, double& out) noexcept
{
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    static constexpr double powers_of_ten[] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    constexpr std::uint64_t max_exact_mantissa = std::uint64_t(1) << 53;
    // 19 digits never overflow 64 bits (10^19 < 2^64), so the digit loops
    // need no check of their own; a longer mantissa is left to from_chars.
    constexpr std::ptrdiff_t max_digits = 19;
    constexpr long long max_exponent = 22;
    // One comparison: characters below '0' wrap around to large values.
    auto const digit_at = [](char const* c) noexcept {
        return static_cast<unsigned>(static_cast<unsigned char>(*c)) - '0';
    };

    char const* p = text.data();
    char const* const end = p + text.size();
    bool const negative = p != end && *p == '-';
    if(negative)
        ++p;
    std::uint64_t mantissa = 0;
    char const* const integer_begin = p;
    for(; p != end && digit_at(p) < 10; ++p)
        mantissa = mantissa * 10 + digit_at(p);
    std::ptrdiff_t digits = p - integer_begin;
    if(digits == 0)
        return false;         // "", "-", ".5"
    long long exponent = 0;   // of 10, applied to the mantissa
    if(p != end && *p == '.')
    {
        char const* const fraction_begin = ++p;
        for(; p != end && digit_at(p) < 10; ++p)
            mantissa = mantissa * 10 + digit_at(p);
        digits += p - fraction_begin;
        exponent = -(p - fraction_begin);
    }
    if(digits > max_digits)
        return false;
    if(p != end && (*p == 'e' || *p == 'E'))
    {
        ++p;
        bool const negative_exponent = p != end && *p == '-';
        if(p != end && (*p == '-' || *p == '+'))
            ++p;
        if(p == end || digit_at(p) >= 10)
            return false;
        long long written = 0;   // saturates: only |exponent| <= 22 is used
        for(; p != end && digit_at(p) < 10; ++p)
            if(written <= 100000)
                written = written * 10 + digit_at(p);
        exponent += negative_exponent ? -written : written;
    }
    if(p != end)
        return false;   // more digits than max_digits, or not a number
    if(mantissa == 0)
    {
        out = negative ? -0.0 : 0.0;   // 0e999 is zero, too
        return true;
    }
    if(mantissa > max_exact_mantissa || exponent < -max_exponent || exponent > max_exponent)
        return false;
    double const m = static_cast<double>(mantissa);
    double const magnitude = exponent < 0 ? m / powers_of_ten[-exponent]
                                          : m * powers_of_ten[exponent];
    out = negative ? -magnitude : magnitude;
    return true;
#else
    (void)text;
    (void)out;
    return false;
#endif
}

// Whether Boost.JSON's own reading of `text` is already the exact one, so
// that the number need not be read again: for a plain decimal of at most
// 15 digits without an exponent ("12.5", "-0.25"), the most common kind in
// a patch. Boost.JSON 1.81 collects its digits into an integer m < 10^15
// < 2^53 and divides by 10^k, k <= 15 the digits after the point
// (detail::dec_to_float): Clinger's fast path, so the same double as
// read_short_decimal (under the same FLT_EVAL_METHOD condition). Any text
// of at most 16 characters without an exponent is such a decimal: a double
// without a point is an integer beyond 64 bits, at least 20 characters.
inline bool boost_reads_exactly(std::string_view text) noexcept
{
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    constexpr std::size_t max_size = 16;   // 15 digits and the point, or '-', 14 and the point
    if(text.size() > max_size)
        return false;
    for(char const c : text)
        if(c == 'e' || c == 'E')
            return false;
    return true;
#else
    (void)text;
    return false;
#endif
}

// Boost.JSON 1.81's conversion is not always correctly rounded:
// 9.999000000000001E2, the double after 999.9, reads as 999.9, so a value
// just beyond a bound would pass (the Ajv cross-check found it). It also
// overflows just below the largest double and turns 1e400 into infinity,
// which serializes as the non-JSON token "Infinity". So every number with
// a fraction or an exponent is read again, exactly: by the fast path above
// when it applies (most numbers in patches), else by read_decimal.
// `parsed` is Boost.JSON's reading of `text`. Returns false for a number
// too large for a double; one too small (1e-400) reads as ±0, as anywhere.
inline bool read_double_exactly(double parsed, std::string_view text, double& exact) noexcept
{
    if(boost_reads_exactly(text))
    {
        exact = parsed;
        return true;
    }
    if(read_short_decimal(text, exact))
        return true;
    return read_decimal(text, exact);
}

// Boost.JSON's parser refuses a number whose exponent does not fit an int
// (error::exponent_overflow), though its value may well be a double:
// 0e999999999999 is 0, 1e-999999999999 rounds to 0. parse_patch, and so
// validate_patch_bytes, which leaves every body that fails to parse to
// parse_patch, then parses a copy of the body in which every exponent of
// 10 or more significant digits is written as 999999999 (with leading zeros,
// so that every byte stays at its offset). The value keeps its side of
// the double range: with fewer than about 999999000 digits before the
// exponent (any body below that many bytes), the digits cannot bring
// 10^999999999 back into range, so a zero stays zero, an underflow rounds
// to ±0 and an overflow stays too large for a double. Only digits of
// exponents change, so valid JSON stays valid and invalid JSON invalid.
// Returns whether anything changed.
inline bool tame_huge_exponents(std::string& text) noexcept
{
    constexpr std::size_t kept_digits = 9;   // 999999999 < INT_MAX
    auto const is_digit = [](char c) noexcept { return c >= '0' && c <= '9'; };
    bool changed = false;
    bool in_string = false;
    std::size_t i = 0;
    std::size_t const n = text.size();
    while(i < n)
    {
        char const c = text[i];
        if(in_string)
        {
            // An escape's second byte never ends the string.
            i += c == '\\' ? 2 : 1;
            in_string = c != '"';
            continue;
        }
        ++i;
        if(c == '"')
            in_string = true;
        if(c != '-' && !is_digit(c))
            continue;
        // A number: its digits and point, then perhaps an exponent.
        while(i < n && (is_digit(text[i]) || text[i] == '.'))
            ++i;
        if(i == n || (text[i] != 'e' && text[i] != 'E'))
            continue;
        ++i;
        if(i < n && (text[i] == '-' || text[i] == '+'))
            ++i;
        std::size_t const first = i;
        while(i < n && is_digit(text[i]))
            ++i;
        std::size_t significant = first;
        while(significant < i && text[significant] == '0')
            ++significant;
        if(i - significant > kept_digits)
        {
            std::fill(text.begin() + static_cast<std::ptrdiff_t>(first),
                      text.begin() + static_cast<std::ptrdiff_t>(i - kept_digits), '0');
            std::fill(text.begin() + static_cast<std::ptrdiff_t>(i - kept_digits),
                      text.begin() + static_cast<std::ptrdiff_t>(i), '9');
            changed = true;
        }
    }
    return changed;
}

// The text of the number being parsed, for read_double_exactly. Boost.JSON
// hands the whole text to on_double unless the input came in pieces; then
// the earlier pieces are kept here (no allocation in the usual case).
class number_text
{
public:
    void append_part(std::string_view part)
    {
        parts_.append(part.data(), part.size());
    }

    // An integer ended the number: its pieces are not needed.
    void clear() noexcept
    {
        parts_.clear();
    }

    // The finished number read exactly, given its `last` piece; false for
    // one too large for a double. The usual case (a short plain decimal in
    // one piece) is inline, so that on_double stays small.
    bool read_double(double parsed, std::string_view last, double& exact)
    {
        if(parts_.empty() && boost_reads_exactly(last))
        {
            exact = parsed;
            return true;
        }
        return read_again(parsed, last, exact);
    }

private:
    BOOST_NOINLINE bool read_again(double parsed, std::string_view last, double& exact)
    {
        if(parts_.empty())
            return read_double_exactly(parsed, last, exact);
        parts_.append(last.data(), last.size());
        bool const ok = read_double_exactly(parsed, parts_, exact);
        parts_.clear();
        return ok;
    }

    std::string parts_;
};

// How a patch handler looks for duplicate member names.
enum class duplicate_check
{
    // With duplicate_key_tracker, name by name: parsing stops at the first
    // duplicate, with its pointer (duplicate_pointer) and name.
    at_each_name,
    // Only counts the members parsed (members_parsed): Boost.JSON builds
    // each object keeping the last of equal names, so the value has fewer
    // members than that count exactly when some object had a duplicate
    // (see count_members). Saves the tracker's cost on valid bodies; on a
    // mismatch, parse_patch parses again with at_each_name for the report.
    by_member_count,
};

// The members of every object in `v`. Recursive, as deep as the nesting
// that the parser (itself recursive) accepted. Out of line: GCC inlined the
// recursion into itself and then spilled registers on every member (about
// 40 more instructions for the benchmarks' patch).
BOOST_NOINLINE inline std::size_t count_members(boost::json::value const& v) noexcept
{
    std::size_t n = 0;
    if(boost::json::object const* o = v.if_object())
    {
        n = o->size();
        for(auto const& member : *o)
            if(member.value().is_structured())
                n += count_members(member.value());
    }
    else if(boost::json::array const* a = v.if_array())
    {
        for(boost::json::value const& element : *a)
            if(element.is_structured())
                n += count_members(element);
    }
    return n;
}

// The handler: builds the value with value_stack, as Boost.JSON's own
// parser. One type for both ways of finding duplicates: a type per way
// saved about 240 instructions a parse (no test of the tracker in each
// callback) but instantiated basic_parser twice, 37 KB more in a 32-bit ARM
// program using parse_patch (docs/platforms.md), a bad trade for gateways.
struct patch_handler
{
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    // The value stack's own scratch (pending values and names): inline for
    // a typical patch (85 values, 128 where a value is 16 bytes; enough for
    // the patches of tests/allocation.cpp), then the default resource, as
    // boost::json::parse does with its own stack buffer.
    static constexpr std::size_t value_stack_buffer_size = 2048;

    alignas(boost::json::value) unsigned char value_stack_buffer[value_stack_buffer_size];
    boost::json::value_stack stack;   // after its buffer, which it uses
    std::size_t members_parsed = 0;   // of all objects, duplicates included
    number_text number;               // see number_text
    // Engaged for duplicate_check::at_each_name only, which is rare: the
    // fast pass for valid bodies neither builds nor feeds a tracker.
    std::optional<duplicate_key_tracker> keys;
    std::string duplicate_pointer;   // set when a duplicate is found

    // `sp` holds the value.
    explicit patch_handler(boost::json::storage_ptr sp,
                           duplicate_check check = duplicate_check::at_each_name)
        : stack(boost::json::storage_ptr(), value_stack_buffer, sizeof value_stack_buffer)
    {
        stack.reset(std::move(sp));
        if(check == duplicate_check::at_each_name)
            keys.emplace();
    }

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }

    bool on_object_begin(boost::system::error_code&)
    {
        if(keys)
            keys->open_object();
        return true;
    }
    bool on_object_end(std::size_t n, boost::system::error_code&)
    {
        stack.push_object(n);
        members_parsed += n;
        if(keys)
            keys->close();
        return true;
    }
    bool on_array_begin(boost::system::error_code&)
    {
        if(keys)
            keys->open_array();
        return true;
    }
    bool on_array_end(std::size_t n, boost::system::error_code&)
    {
        stack.push_array(n);
        if(keys)
            keys->close();
        return true;
    }
    bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&)
    {
        stack.push_chars(s);
        if(keys)
            keys->append_key_part(s);
        return true;
    }
    bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code& ec)
    {
        if(keys && !is_new_key(s, ec))
            return false;
        stack.push_key(s);
        return true;
    }
    bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code&)
    {
        stack.push_chars(s);
        return true;
    }
    bool on_string(boost::json::string_view s, std::size_t, boost::system::error_code&)
    {
        stack.push_string(s);
        count_element();
        return true;
    }
    bool on_number_part(boost::json::string_view s, boost::system::error_code&)
    {
        number.append_part(std::string_view(s.data(), s.size()));
        return true;
    }
    bool on_int64(std::int64_t i, boost::json::string_view, boost::system::error_code&)
    {
        number.clear();
        stack.push_int64(i);
        count_element();
        return true;
    }
    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::system::error_code&)
    {
        number.clear();
        stack.push_uint64(u);
        count_element();
        return true;
    }
    bool on_double(double d, boost::json::string_view s, boost::system::error_code& ec)
    {
        double exact = 0;
        if(!number.read_double(d, std::string_view(s.data(), s.size()), exact))
        {
            ec = make_error_code(error::invalid_json);
            return false;
        }
        stack.push_double(exact);
        count_element();
        return true;
    }
    bool on_bool(bool b, boost::system::error_code&)
    {
        stack.push_bool(b);
        count_element();
        return true;
    }
    bool on_null(boost::system::error_code&)
    {
        stack.push_null();
        count_element();
        return true;
    }
    bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }

private:
    // Out of line, so that on_key stays small on the fast pass.
    BOOST_NOINLINE bool is_new_key(boost::json::string_view s, boost::system::error_code& ec)
    {
        if(keys->add_key(s))
            return true;
        duplicate_pointer = keys->current_pointer();
        ec = make_error_code(error::duplicate_key);
        return false;
    }

    // A scalar counts as one element of an array, for the pointer of a
    // duplicate (at_each_name).
    void count_element() noexcept
    {
        if(keys)
            keys->count_element();
    }
};

using patch_parser = boost::json::basic_parser<patch_handler>;

}   // namespace detail
}   // namespace usage_session

#endif
