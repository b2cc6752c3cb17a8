#ifndef USAGE_SESSION_DETAIL_STREAMING_VALIDATOR_HPP
#define USAGE_SESSION_DETAIL_STREAMING_VALIDATOR_HPP

// The basic_parser handler behind validate_patch_bytes: it validates an
// object patch while Boost.JSON parses it, without building the document.
//
// It gives the report of parse_patch + validate_patch by construction:
// - it fails wherever patch_handler fails (the same parser options and
//   size limits, a duplicate-name check, the same exact re-reading of
//   numbers), and it stops, too, where it cannot tell (a free-form value
//   deeper than the schema allows, a multi-select array its quick check
//   does not accept); any such stop sends
//   validate_patch_bytes to the DOM path, whose parse_patch and
//   validate_patch write the report;
// - it feeds the validator's own pieces (check_top_member,
//   enter_scope_object, check_scope_member, check_system_required) with
//   the members in document order, as validator::check_object does.
// A scalar member value (string, number, true/false, null) is first put to
// a quick test in the handler callback itself (scalar_accepted): the same
// rules as the validator, answering only "certainly valid" or "not sure".
// Only a member it is not sure about is materialised as a small
// boost::json::value and given to the validator, which writes any report:
// a scalar on the stack, a short string in one reused string value,
// anything else in a scratch monotonic_resource (over a buffer inside the
// handler) released after the member. `_configuration` and `_summary` are
// walked member by member; a free-form value (see start_member_container)
// and a valid multi-select array (see start_choices) are parsed without
// being built; any other object or array is materialised whole.
//
// Duplicate names: system names and defined attributes of the walked
// objects by a bit each (see on_walked_name), their other names by
// walked_names, names inside member values by small_duplicate_finder, for
// bodies of the usual shape; past their limits the walk is redone with
// duplicate_key_tracker (patch_parser.hpp), see validate_patch_bytes.
//
// Cost: validate_patch_bytes pays for every name and scalar of a patch, so
// the usual paths (on_walked_name, is_free_form_scalar, ...) are written to
// call nothing they return from: every rarer case is a tail call to an
// out-of-line function. A callback that calls and comes back must save
// registers on entry, which cost as much as the checks themselves.

#include <usage_session/detail/grammar.hpp>
#include <usage_session/detail/patch_parser.hpp>
#include <usage_session/detail/utf8.hpp>
#include <usage_session/detail/validator.hpp>
#include <usage_session/detail/vocabulary.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>

#include <boost/config.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_stack.hpp>
#include <cstddef>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace usage_session {
namespace detail {

// Whether `s`, a name or a piece of one from the parser, lies inside
// `body`. Such a piece lies either whole in the body or whole in the
// parser's own buffer (escaped names), a separate object: so its first
// byte tells, one unsigned comparison. The addresses are compared as
// integers, as pointers into two objects cannot be subtracted.
inline bool lies_within(std::string_view s, std::string_view body) noexcept
{
    std::uintptr_t const offset =
        reinterpret_cast<std::uintptr_t>(s.data()) - reinterpret_cast<std::uintptr_t>(body.data());
    return offset < body.size();
}

// The name of the member being read, kept while its value is read. A name
// that lies whole in the request body (no escapes, not split) is only
// pointed at there: the body outlives the parse. Others are copied out of
// the parser's buffer, which moves on: inline up to `inline_size` bytes
// (all the system names and typical attribute names), beyond on the heap.
class member_name
{
public:
    // One piece of a name the parser delivers in parts.
    void append_part(std::string_view part)
    {
        if(!in_parts_)
            start_copy();
        in_parts_ = true;
        append(part);
    }

    // The last (or only) piece of the name; `in_body`: whether it lies in
    // the whole input (lies_within), which outlives the parse.
    void finish(std::string_view last, bool in_body)
    {
        if(!in_parts_ && in_body)
        {
            view_ = last;
            return;
        }
        finish_copy(last);
    }

    // Whether pieces of the name came before its last one.
    bool in_parts() const noexcept { return in_parts_; }

    // finish for a name that came whole (not in_parts()) and lies in the
    // body: no call of finish_copy to return from (on_reserved_name).
    void set_whole(std::string_view name) noexcept { view_ = name; }

    std::string_view view() const noexcept
    {
        return view_;
    }

private:
    // Out of line: the rare case would slow the common one down (registers
    // saved on each call of on_key, which this is inlined into).
    BOOST_NOINLINE void finish_copy(std::string_view last)
    {
        if(!in_parts_)
            start_copy();
        in_parts_ = false;
        append(last);
        view_ = spilled_.empty() ? std::string_view(inline_, size_) : std::string_view(spilled_);
    }

    static constexpr std::size_t inline_size = 64;
    std::string_view view_;
    bool in_parts_ = false;
    std::size_t size_ = 0;
    char inline_[inline_size];
    std::string spilled_;   // the whole name once it outgrew inline_

    void start_copy() noexcept
    {
        size_ = 0;
        spilled_.clear();
    }

    void append(std::string_view part)
    {
        if(spilled_.empty() && part.size() <= inline_size - size_)
        {
            if(!part.empty())
                std::memcpy(inline_ + size_, part.data(), part.size());
            size_ += part.size();
            return;
        }
        if(spilled_.empty())
            spilled_.assign(inline_, size_);
        spilled_.append(part.data(), part.size());
    }
};

// Finds a member name repeated within one object, for bodies of the usual
// shape: at most `max_members` members per object, `max_names` names in
// the open objects together, `max_objects` objects open at once and
// `arena_size` bytes of names that need copying. Beyond any of these it
// answers too_big, and validate_patch_bytes walks the body again with
// duplicate_key_tracker (patch_parser.hpp), which has no such limits; it
// is slower because it also keeps what the duplicate_key report's pointer
// needs. Here a duplicate only has to be found: the DOM path reports it.
//
// Names are string_views: into the body (which outlives the parse) or
// into the inline arena (names the parser unescaped or split), which never
// moves. Each object keeps a 64-bit mask of its names' fingerprints: a
// name whose bit is not set yet is new without comparing it to any other.
// No allocation, ever.
class small_duplicate_finder
{
public:
    static constexpr std::size_t max_members = 16;
    static constexpr std::size_t max_names = 64;
    static constexpr std::size_t max_objects = 16;
    static constexpr std::size_t arena_size = 512;

    enum class outcome
    {
        new_name,
        duplicate,
        too_big   // past the limits above: nothing known
    };

    small_duplicate_finder() = default;

    small_duplicate_finder(small_duplicate_finder const&) = delete;
    small_duplicate_finder& operator=(small_duplicate_finder const&) = delete;

    // False when too many objects are open.
    bool open_object() noexcept
    {
        if(open_ == max_objects)
            return false;
        objects_[open_++] = object{names_, arena_used_, 0};
        return true;
    }

    void close_object() noexcept
    {
        object const& o = objects_[--open_];
        names_ = o.first_name;
        arena_used_ = o.arena_mark;
    }

    // A piece of a name that continues in the next call; false when the
    // arena is full.
    bool append_part(std::string_view part) noexcept
    {
        if(part.size() > arena_size - arena_used_)
            return false;
        std::memcpy(arena_ + arena_used_, part.data(), part.size());
        arena_used_ += part.size();
        pending_ += part.size();
        return true;
    }

    bool has_pending() const noexcept { return pending_ != 0; }

    // The name whose pieces append_part took was checked elsewhere (a
    // known name, see streaming_validator::on_walked_name): its pieces are
    // dropped.
    void forget_pending() noexcept
    {
        arena_used_ -= pending_;
        pending_ = 0;
    }

    // The last (or only) piece of a name of the innermost open object;
    // `in_body`: whether it lies in the body (lies_within).
    outcome add(std::string_view last, bool in_body) noexcept
    {
        object& o = objects_[open_ - 1];
        if(names_ - o.first_name == max_members || names_ == max_names)
            return outcome::too_big;
        std::string_view name = last;
        if(pending_ != 0 || !in_body)
        {
            name = copy_name(last);
            if(name.data() == nullptr)
                return outcome::too_big;
        }
        std::uint64_t const bit = std::uint64_t(1) << (fingerprint(name) % 64);
        if((o.fingerprints & bit) != 0 && is_among(name, o.first_name))
            return outcome::duplicate;
        o.fingerprints |= bit;
        seen_[names_++] = name_ref{name.data(), name.size()};
        return outcome::new_name;
    }

    // The name whose last piece is `last`, put together in the arena (it
    // does not lie whole in the body); a null view when the arena is full.
    // It stays until the innermost open object closes (walked_names keeps
    // such names there too). Out of line: most names lie in the body.
    BOOST_NOINLINE std::string_view copy_name(std::string_view last) noexcept
    {
        if(!append_part(last))
            return {};
        std::string_view const name(arena_ + arena_used_ - pending_, pending_);
        pending_ = 0;
        return name;
    }

    struct object
    {
        std::size_t first_name;       // its names are seen_[first_name, names_)
        std::size_t arena_mark;       // arena_used_ when it opened
        std::uint64_t fingerprints;   // bit (fingerprint % 64) of each name
    };

    std::size_t open_ = 0;
    std::size_t names_ = 0;
    std::size_t arena_used_ = 0;
    std::size_t pending_ = 0;   // bytes of the name being put together
    object objects_[max_objects];
    // Not string_view, whose constructor would zero the whole array for
    // every body: only the entries below names_ are ever read.
    struct name_ref
    {
        char const* data;
        std::size_t size;
    };
    name_ref seen_[max_names];
    char arena_[arena_size];

    // Its size and two of its bytes: names of one object rarely share it.
    static unsigned fingerprint(std::string_view name) noexcept
    {
        if(name.empty())
            return 0;
        auto const byte = [&](std::size_t i) { return static_cast<unsigned char>(name[i]); };
        return static_cast<unsigned>(name.size()) * 11u + byte(name.size() - 1) * 7u +
               byte(name.size() / 2);
    }

private:
    bool is_among(std::string_view name, std::size_t first) const noexcept
    {
        for(std::size_t i = first; i < names_; ++i)
            if(std::string_view(seen_[i].data, seen_[i].size) == name)
                return true;
        return false;
    }
};

// The names of one walked object (the patch, or `_configuration` /
// `_summary` while walked) that have no bit of their own (see
// streaming_validator::system_name_bit and definition_bit): undefined custom names and unknown
// names starting with '_'. Such names are most of a patch's under the
// standard schema, so this is small_duplicate_finder cut down to one
// object: a 64-bit mask of a cheap fingerprint (length and last byte), so
// that a new name is usually accepted without any comparison. At most
// max_names names: beyond, too_big, as for small_duplicate_finder.
class walked_names
{
public:
    static constexpr std::size_t max_names = small_duplicate_finder::max_members;

    void clear() noexcept
    {
        fingerprints_ = 0;
        count_ = 0;
    }

    // Adding a name, in steps (see streaming_validator::is_new_walked_name):
    // when not full(), a name whose fingerprint_bit is not set yet is new
    // (insert); else compare it with the others (contains) first. `name`
    // must live until the object closes (in the body, or copied by
    // small_duplicate_finder::copy_name).
    bool full() const noexcept { return count_ == max_names; }

    static std::uint64_t fingerprint_bit(std::string_view name) noexcept
    {
        return std::uint64_t(1) << (fingerprint(name) % 64);
    }

    bool may_contain(std::uint64_t bit) const noexcept { return (fingerprints_ & bit) != 0; }

    void insert(std::string_view name, std::uint64_t bit) noexcept
    {
        fingerprints_ |= bit;
        names_[count_++] = name_ref{name.data(), name.size()};
    }

    bool contains(std::string_view name) const noexcept
    {
        for(std::size_t i = 0; i < count_; ++i)
            if(std::string_view(names_[i].data, names_[i].size) == name)
                return true;
        return false;
    }

private:
    // Not string_view, whose constructor would zero the whole array: only
    // the entries below count_ are ever read.
    struct name_ref
    {
        char const* data;
        std::size_t size;
    };
    std::uint64_t fingerprints_ = 0;   // bit (fingerprint % 64) of each name
    std::size_t count_ = 0;
    name_ref names_[max_names];

    static unsigned fingerprint(std::string_view name) noexcept
    {
        if(name.empty())
            return 0;
        return static_cast<unsigned>(name.size()) * 4u +
               static_cast<unsigned char>(name[name.size() - 1]);
    }
};

// Which rules a member name brings: the system names, by kind, and every
// other name (custom or an unknown one starting with '_'). Classified once,
// when the name is read, instead of compared again at each use.
enum class member_kind : unsigned char
{
    custom,   // no leading '_'
    start_time,
    state,
    end_time,
    name,
    configuration,
    summary,
    stop_reason,
    stop_reason_code,
    other_reserved   // any other name starting with '_'
};

// Whether the bytes at `p` are `name`: memcmp with the length a constant
// once inlined, so a few loads; forced inline with classify_reserved.
BOOST_FORCEINLINE bool spells(char const* p, std::string_view name) noexcept
{
    return std::memcmp(p, name.data(), name.size()) == 0;
}

// A name starting with '_' (classify_member). Forced inline, so that
// streaming_validator::on_reserved_name calls nothing.
BOOST_FORCEINLINE member_kind classify_reserved(std::string_view n) noexcept
{
    static_assert(names::name.size() == 5 && names::state.size() == 6 &&
                      names::end_time.size() == 8 && names::summary.size() == 8 &&
                      names::start_time.size() == 10 && names::stop_reason.size() == 11 &&
                      names::configuration.size() == 14 && names::stop_reason_code.size() == 15,
                  "the cases below");
    // Sorted by size, so at most two comparisons of known length (the
    // case's). Not string_view's ==, which GCC calls out of line.
    char const* const p = n.data();
    auto const is = [p](std::string_view name) { return spells(p, name); };
    switch(n.size())
    {
    case 5: return is(names::name) ? member_kind::name : member_kind::other_reserved;
    case 6: return is(names::state) ? member_kind::state : member_kind::other_reserved;
    case 8:
        if(is(names::end_time))
            return member_kind::end_time;
        return is(names::summary) ? member_kind::summary : member_kind::other_reserved;
    case 10: return is(names::start_time) ? member_kind::start_time : member_kind::other_reserved;
    case 11: return is(names::stop_reason) ? member_kind::stop_reason : member_kind::other_reserved;
    case 14:
        return is(names::configuration) ? member_kind::configuration : member_kind::other_reserved;
    case 15:
        return is(names::stop_reason_code) ? member_kind::stop_reason_code
                                           : member_kind::other_reserved;
    default: return member_kind::other_reserved;
    }
}

// The test for '_' apart: most names are custom, and this part is always
// inlined, while classify_reserved may be called.
inline member_kind classify_member(std::string_view n) noexcept
{
    if(n.empty() || n.front() != '_')
        return member_kind::custom;
    return classify_reserved(n);
}

// What the value after a member name of a walked object may be checked
// by, decided when the name is read (streaming_validator::value_rule_), so
// that a scalar value is settled by one switch instead of the tests of
// on_scalar and on_string (where the parser is, what the name is, its
// definition ...). Any value a rule does not settle goes to the quick test
// of the general path (scalar_accepted), then to the validator.
//
// Past general, the rules are the quick_check values of a definition
// (compiled_attribute::quick), so that the rule of a defined attribute is
// its quick_check as it is (rule_of), not looked up.
enum class value_rule : unsigned char
{
    general = 0,   // not settled at the name: on_string and on_scalar decide
    // A member value of a walked object, for which scalar_accepted decides.
    member = static_cast<unsigned char>(quick_check::other),
    // Any scalar: an undefined custom name the scope accepts, or `any`.
    free_form = static_cast<unsigned char>(quick_check::any),
    integer = static_cast<unsigned char>(quick_check::integer),
    decimal = static_cast<unsigned char>(quick_check::decimal),
    boolean = static_cast<unsigned char>(quick_check::boolean),
    plain_string = static_cast<unsigned char>(quick_check::plain_string),
    allowed_value = static_cast<unsigned char>(quick_check::allowed_value),
    // System members (system_rule), with the rules of system_accepted and
    // scalar_accepted.
    timestamp,            // `_startTime`: a UTC timestamp
    nullable_timestamp,   // `_endTime`: a UTC timestamp or null
    state,                // `_state`: one of state_names
    name_text,            // `_name`: name_min_length to name_max_length code points, or null
    stop_reason,          // `_stopReason` in `_summary`: up to stop_reason_max_length, or null
    stop_reason_code      // `_stopReasonCode` in `_summary`: one of stop_reason_code_names, or null
};
static_assert(static_cast<unsigned char>(quick_check::other) != 0, "0 is value_rule::general");
static_assert(static_cast<unsigned char>(value_rule::timestamp) ==
                  static_cast<unsigned char>(quick_check::allowed_value) + 1,
              "the system rules follow the quick_check values");

// The rule for a defined custom attribute: its compiled quick_check.
inline value_rule rule_of(quick_check q) noexcept
{
    return static_cast<value_rule>(q);
}

class streaming_validator
{
public:
    // The same limits as patch_handler, so both parsers fail on the same input.
    static constexpr std::size_t max_object_size = patch_handler::max_object_size;
    static constexpr std::size_t max_array_size = patch_handler::max_array_size;
    static constexpr std::size_t max_key_size = patch_handler::max_key_size;
    static constexpr std::size_t max_string_size = patch_handler::max_string_size;

    // `upstream` serves the scratch memory beyond the inline buffers (large
    // member values only). With `thorough_keys`, duplicate names are found
    // by duplicate_key_tracker, else by small_duplicate_finder, which gives
    // up on large bodies (needs_thorough_keys).
    streaming_validator(std::string_view body, schema const& s, report& r,
                        boost::json::storage_ptr const& upstream, bool thorough_keys)
        : body_(body),
          schema_(s),
          validator_(s, document_kind::patch, r),
          thorough_keys_(thorough_keys),
          upstream_(upstream)
    {
        for(std::size_t i = 0; i < 3; ++i)
        {
            scope_data const* const sd = schema_access::scope_of(s, static_cast<scope>(i));
            definitions_[i] = sd && !sd->attributes.empty() ? sd : nullptr;
            undefined_rule_[i] = s.accepts_unknown(static_cast<scope>(i)) ? value_rule::free_form
                                                                          : value_rule::member;
        }
        // Names lying whole in the body are then remembered by offset,
        // not copied (the body outlives the parse).
        if(thorough_keys)
        {
            keys_.emplace();
            keys_->set_source(body.data(), body.size());
        }
    }

    streaming_validator(streaming_validator const&) = delete;
    streaming_validator& operator=(streaming_validator const&) = delete;

    // The parse stopped because small_duplicate_finder could not tell:
    // walk the body again with thorough_keys.
    bool needs_thorough_keys() const noexcept { return needs_thorough_keys_; }

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }

    bool on_object_begin(boost::system::error_code& ec)
    {
        value_rule_ = value_rule::general;   // the rule was for a scalar value
        if(choices_)
            return hand_to_dom(ec);
        if(!open_names(ec))
            return false;
        if(building_ || skipping_)
            return enter_nested(ec);
        if(depth_ == 0)
        {
            depth_ = 1;
            return true;
        }
        if(at_member_value())
        {
            if(depth_ == 1 && is_scope_member())
                return enter_scope();
            start_member_container(true);
        }
        return enter_nested(ec);
    }

    bool on_object_end(std::size_t n, boost::system::error_code&)
    {
        if(thorough_keys_)
            keys_->close();
        else
            quick_keys_.close_object();
        --depth_;
        if(building_)
        {
            memory_->values.push_object(n);
            finish_if_complete();
        }
        else if(skipping_)
            skipping_ = depth_ != skip_depth_;
        else if(depth_ == 1)
            in_scope_ = false;   // the scope object closed (whether or not walked)
        else if(depth_ == 0 && validating_)
            validating_ = validator_.check_system_required(has_system_name(member_kind::start_time),
                                                           has_system_name(member_kind::state));
        return true;
    }

    bool on_array_begin(boost::system::error_code& ec)
    {
        value_rule_ = value_rule::general;   // the rule was for a scalar value
        if(depth_ == 0)
            return needs_dom(ec);
        if(choices_)
            return hand_to_dom(ec);
        if(!building_ && !skipping_ && at_member_value())
            start_member_container(false);
        return enter_nested(ec);
    }

    bool on_array_end(std::size_t n, boost::system::error_code& ec)
    {
        --depth_;
        if(choices_)
            return end_choices(n, ec);
        if(building_)
        {
            memory_->values.push_array(n);
            finish_if_complete();
        }
        else if(skipping_)
            skipping_ = depth_ != skip_depth_;
        return true;
    }

    bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code& ec)
    {
        if(thorough_keys_)
            keys_->append_key_part(s);
        else if(!quick_keys_.append_part(std::string_view(s.data(), s.size())))
            return give_up_quick_keys(ec);
        if(building_)
            memory_->values.push_chars(s);
        else if(depth_ == 1)
            top_name_.append_part(s);
        else if(is_walked_scope())
            scope_name_.append_part(s);
        return true;
    }

    bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code& ec)
    {
        std::string_view const last(s.data(), s.size());
        // The patch's own members, and those of a walked scope object:
        // one instance each, so that every `top ? ... : ...` inside is
        // decided when compiling.
        if(depth_ == 1)
            return on_walked_name<true>(last, ec);
        if(is_walked_scope())
            return on_walked_name<false>(last, ec);
        return on_nested_name(s, ec);
    }

    bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code& ec)
    {
        // The string is built whole and checked by the general path: a
        // value_rule would see only its last piece in on_string.
        value_rule_ = value_rule::general;
        if(depth_ == 0)
            return needs_dom(ec);
        if(choices_)
            return hand_to_dom(ec);
        // A string split by the parser is put together by the value stack.
        if(!building_ && at_member_value())
            start_building();
        if(building_)
            memory_->values.push_chars(s);
        return true;
    }

    bool on_string(boost::json::string_view s, std::size_t, boost::system::error_code& ec)
    {
        // The usual member under the standard schema first, inline.
        if(value_rule_ == value_rule::free_form)
            return true;
        if(value_rule_ == value_rule::member)
            return on_string_member(s);
        if(value_rule_ != value_rule::general)
            return on_string_by_rule(s);
        if(depth_ == 0)
            return needs_dom(ec);
        if(building_)
            return push_string(s);
        if(choices_)
            return is_choice(std::string_view(s.data(), s.size())) || hand_to_dom(ec);
        if(!at_member_value() || is_free_form_scalar())
            return true;
        return on_string_member(s);
    }

    // A string member value whose value_rule_ is not free_form. Out of
    // line (a tail call): inlined, it made on_string too large to be
    // inlined into the parser.
    BOOST_NOINLINE bool on_string_by_rule(boost::json::string_view s)
    {
        std::string_view const text(s.data(), s.size());
        switch(value_rule_)
        {
        case value_rule::plain_string:
            if(length_within(text, member_check_->min_length, member_check_->max_length))
                return true;
            break;
        case value_rule::allowed_value:
            if(is_allowed_value(depth_ == 1 ? *top_definition_ : *scope_definition_,
                                *member_check_, text))
                return true;
            break;
        case value_rule::timestamp:
        case value_rule::nullable_timestamp:
            if(is_utc_timestamp(text))
                return true;
            break;
        case value_rule::state:
            if(is_one_of(text, state_names))
                return true;
            break;
        case value_rule::name_text:
            if(length_within(text, name_min_length, name_max_length))
                return true;
            break;
        case value_rule::stop_reason:
            if(length_within(text, 0, stop_reason_max_length))
                return true;
            break;
        case value_rule::stop_reason_code:
            if(is_one_of(text, stop_reason_code_names))
                return true;
            break;
        default: break;
        }
        return on_string_member(s);
    }

    // A string member value that is_free_form_scalar does not settle.
    BOOST_NOINLINE bool on_string_member(boost::json::string_view s)
    {
        if(!validating_)
            return true;   // see value_rule_
        return scalar_accepted(scalar_view::string(s)) || check_string_member(s);
    }

    // The rare paths of on_string, out of line so that the usual one (a
    // string the quick test accepts) saves no registers for them.
    BOOST_NOINLINE bool push_string(boost::json::string_view s)
    {
        memory_->values.push_string(s);
        finish_if_complete();
        return true;
    }

    BOOST_NOINLINE bool check_string_member(boost::json::string_view s)
    {
        if(s.size() <= short_string_size)
        {
            // Most members are short strings: one reused value, a memcpy.
            // Its room is reserved in strings the first time, once:
            // assigning then never allocates (and most bodies never
            // get here, their strings pass scalar_accepted).
            build_memory& m = memory();
            boost::json::string& text = m.string_value.get_string();
            if(text.capacity() < short_string_size)
                text.reserve(short_string_size);
            text.assign(s.data(), s.size());
            check_member(m.string_value);
        }
        else
        {
            check_member(boost::json::value(s, scratch_storage()));
            memory_->scratch.release();   // the temporary value is gone
        }
        return true;
    }

    bool on_number_part(boost::json::string_view s, boost::system::error_code&)
    {
        number_.append_part(std::string_view(s.data(), s.size()));
        return true;
    }

    bool on_int64(std::int64_t i, boost::json::string_view, boost::system::error_code& ec)
    {
        number_.clear();
        if(value_rule_ == value_rule::free_form)
            return true;
        if(value_rule_ == value_rule::integer || value_rule_ == value_rule::decimal)
        {
            if(member_check_->min_integer <= i && i <= member_check_->max_integer)
                return true;
            return on_scalar_member(i);
        }
        if(value_rule_ == value_rule::general)
            return on_scalar(ec, i);
        return on_scalar_member(i);
    }

    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::system::error_code& ec)
    {
        number_.clear();
        if(value_rule_ == value_rule::general)
            return on_scalar(ec, u);
        return value_rule_ == value_rule::free_form || on_scalar_member(u);
    }

    // As patch_handler::on_double: the number is read again, exactly.
    bool on_double(double d, boost::json::string_view s, boost::system::error_code& ec)
    {
        double exact = 0;
        if(!number_.read_double(d, std::string_view(s.data(), s.size()), exact))
        {
            ec = make_error_code(error::invalid_json);
            return false;
        }
        if(value_rule_ == value_rule::free_form)
            return true;
        if(value_rule_ == value_rule::general)
            return on_scalar(ec, exact);
        return on_double_by_rule(exact);
    }

    // A double member value whose value_rule_ is neither free_form nor
    // general. Out of line, as on_string_by_rule.
    BOOST_NOINLINE bool on_double_by_rule(double exact)
    {
        // Never true for an infinity or NaN (see compiled_attribute). An
        // integer attribute leaves any double (1.0 too) to the validator.
        if(value_rule_ == value_rule::decimal && member_check_->min_number <= exact &&
           exact <= member_check_->max_number)
            return true;
        return on_scalar_member(exact);
    }

    bool on_bool(bool b, boost::system::error_code& ec)
    {
        switch(value_rule_)
        {
        case value_rule::general: return on_scalar(ec, b);
        case value_rule::free_form:
        case value_rule::boolean: return true;
        default: return on_scalar_member(b);
        }
    }

    bool on_null(boost::system::error_code& ec)
    {
        switch(value_rule_)
        {
        case value_rule::general: return on_scalar(ec, nullptr);
        case value_rule::free_form:
        case value_rule::nullable_timestamp:
        case value_rule::name_text:
        case value_rule::stop_reason:
        case value_rule::stop_reason_code: return true;
        case value_rule::integer:
        case value_rule::decimal:
        case value_rule::boolean:
        case value_rule::plain_string:
        case value_rule::allowed_value:
            if(member_check_->null_accepted)
                return true;
            break;
        default: break;
        }
        return on_scalar_member(nullptr);
    }

    bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }

private:
    std::string_view body_;   // the whole input, which outlives the parse
    schema const& schema_;
    validator validator_;
    bool const thorough_keys_;
    bool needs_thorough_keys_ = false;
    small_duplicate_finder quick_keys_;   // unless thorough_keys_
    // With thorough_keys_ (objects only, no pointers). Made only then:
    // making and destroying it costs about as much as a few names' checks.
    std::optional<duplicate_key_tracker> keys_;

    // The definitions of each scope, with their name index; null for a
    // scope without any, where no name is looked up.
    scope_data const* definitions_[3] = {};

    // Scratch memory for one member value at a time: 2 KiB hold every
    // value of a typical patch; more spills to the upstream resource.
    alignas(std::max_align_t) unsigned char scratch_buffer_[2048];
    // The value stack's own bookkeeping (pending values and names) for a
    // member value being built; beyond this buffer it uses the upstream.
    // Aligned for boost::json::value: value_stack places values at the
    // buffer's start as given. Unaligned (after a bool array), 32-bit
    // ARM stopped with a bus error (found by the CI's qemu stage).
    alignas(boost::json::value) unsigned char value_stack_buffer_[1024];
    // A string member value of up to short_string_size bytes is copied
    // into string_value, whose room is reserved in strings on first use.
    static constexpr std::size_t short_string_size = 512;
    alignas(std::max_align_t) unsigned char string_buffer_[short_string_size + 128];

    // What building member values takes, over the buffers above. Made on
    // first use (memory()): most bodies never need it, as their members
    // pass the quick tests, and making and destroying it costs about as
    // much as the checks of a few members.
    struct build_memory
    {
        build_memory(streaming_validator& h, boost::json::storage_ptr const& upstream)
            : scratch(h.scratch_buffer_, sizeof(h.scratch_buffer_), upstream),
              values(upstream, h.value_stack_buffer_, sizeof(h.value_stack_buffer_)),
              strings(h.string_buffer_, sizeof(h.string_buffer_), upstream),
              string_value(boost::json::string_kind, boost::json::storage_ptr(&strings))
        {
        }

        boost::json::monotonic_resource scratch;
        boost::json::value_stack values;
        boost::json::monotonic_resource strings;
        boost::json::value string_value;
    };
    boost::json::storage_ptr const& upstream_;   // the caller's, which outlives the parse
    std::optional<build_memory> memory_;

    build_memory& memory()
    {
        if(!memory_)
            memory_.emplace(*this, upstream_);
        return *memory_;
    }

    location const root_;
    location scope_at_;   // `_configuration` or `_summary`, while walked
    scope scope_ = scope::top_level;
    member_name top_name_;                           // the current member of the patch
    member_name scope_name_;                         // the current member of the scope object
    member_kind top_kind_ = member_kind::custom;     // of top_name_
    member_kind scope_kind_ = member_kind::custom;   // of scope_name_
    // The definitions of top_name_ and scope_name_ (custom names), or null.
    attribute_definition const* top_definition_ = nullptr;
    attribute_definition const* scope_definition_ = nullptr;
    // The known names (system_name_bit, definition_bit) seen in the patch and in the walked
    // scope object: their duplicates are found without small_duplicate_finder.
    std::uint64_t top_known_seen_ = 0;
    std::uint64_t scope_known_seen_ = 0;
    // The other names of the patch and of the walked scope object.
    walked_names top_unknown_names_;
    walked_names scope_unknown_names_;
    number_text number_;   // see number_text (patch_parser.hpp)

    std::size_t depth_ = 0;   // containers open at the parser's position
    std::size_t build_depth_ = 0;
    bool building_ = false;   // a member value is going to memory_->values
    std::size_t skip_depth_ = 0;
    bool skipping_ = false;   // a free-form member value is being parsed, not built
    // The definition of the multi-select array being parsed (see
    // start_choices), or null; its compiled allowed values.
    attribute_definition const* choices_ = nullptr;
    compiled_attribute const* choices_compiled_ = nullptr;
    bool in_scope_ = false;    // inside a scope object whose members are checked
    bool validating_ = true;   // false once the report is full
    // How the next value is checked, set by each member name (see
    // value_rule), and for the rules integer ... allowed_value the compiled
    // definition of the member (its definition: top_definition_ or
    // scope_definition_).
    //
    // The rule does not look at validating_: a rule only accepts values
    // (which changes nothing in the report), and the paths that would
    // check a value with the validator (on_string_member,
    // on_scalar_member) do nothing once validating_ is false, as the
    // general path (at_member_value).
    value_rule value_rule_ = value_rule::general;
    compiled_attribute const* member_check_ = nullptr;
    // The rule of an undefined custom name in each scope: free_form where
    // the scope accepts unknown names, else member (the validator's
    // unknown_attribute, through scalar_accepted).
    value_rule undefined_rule_[3] = {};

    bool is_scope_member() const noexcept
    {
        return top_kind_ == member_kind::configuration || top_kind_ == member_kind::summary;
    }

    bool open_names(boost::system::error_code& ec)
    {
        if(thorough_keys_)
            keys_->open_object();
        else if(!quick_keys_.open_object())
            return give_up_quick_keys(ec);
        return true;
    }

    // Records the name just read; false (with `ec`) for a duplicate, which
    // parse_patch reports with its pointer (validate_patch_bytes), or when
    // small_duplicate_finder cannot tell.
    bool is_new_name(std::string_view s, bool in_body, boost::system::error_code& ec)
    {
        if(thorough_keys_)
            return is_new_name_thorough(s, ec);
        return answer(quick_keys_.add(s, in_body), ec);
    }

    // The rare paths out of line: inlined, they would make every call of
    // on_key save and restore more registers.
    BOOST_NOINLINE bool is_new_name_thorough(std::string_view s, boost::system::error_code& ec)
    {
        return keys_->add_key(s) || is_duplicate(ec);
    }

    BOOST_NOINLINE static bool is_duplicate(boost::system::error_code& ec)
    {
        ec = make_error_code(error::duplicate_key);
        return false;
    }

    // Stops the parse: the body is walked again with thorough_keys.
    BOOST_NOINLINE bool give_up_quick_keys(boost::system::error_code& ec)
    {
        needs_thorough_keys_ = true;
        ec = make_error_code(error::duplicate_key);
        return false;
    }

    boost::json::storage_ptr scratch_storage()
    {
        return boost::json::storage_ptr(&memory().scratch);
    }

    // ---- member names of the patch and of a walked scope object --------
    //
    // Such a name is classified (classify_member) and, when custom, looked
    // up in the schema once, when read; the value's checks use the result.
    // The same lookup also finds its duplicates: every name that is a
    // system name or a defined attribute has a bit of its own
    // (system_name_bit, definition_bit), so a repeat is one bit test; only
    // the other names go to walked_names. Two equal names always get the same
    // answer, so no duplicate falls between the two. Whether an object's
    // names are handled here depends only on where it is (depth_ and
    // in_scope_, fixed while it is open), not on validating_, which may
    // change between two of its names.

    // Inside the object of `_configuration` or `_summary` being walked
    // (not inside one of its member values).
    bool is_walked_scope() const noexcept
    {
        return depth_ == 2 && in_scope_;
    }

    // The bit of a known name in top_known_seen_ / scope_known_seen_, or 0
    // for a name walked_names must take: a system name by its kind (bits 0
    // to 15), a defined attribute by its position in the scope's
    // definitions (definition_bit: bits 16 to 63; later ones go to
    // walked_names).
    static std::uint64_t system_name_bit(member_kind kind) noexcept
    {
        static_assert(static_cast<unsigned>(member_kind::other_reserved) < 16,
                      "the kinds fit in bits 0 to 15");
        if(kind == member_kind::custom || kind == member_kind::other_reserved)
            return 0;
        return std::uint64_t(1) << static_cast<unsigned>(kind);
    }

    // `position`: of the definition in its scope's list, or npos.
    static std::uint64_t definition_bit(std::size_t position) noexcept
    {
        constexpr unsigned first_definition_bit = 16;
        if(position >= 64 - first_definition_bit)   // npos too
            return 0;
        return std::uint64_t(1) << (first_definition_bit + position);
    }

    // A name inside a member value (not walked): only its duplicates
    // matter. Out of line: the sample patches have none, and inlined it
    // would make every call of on_key save more registers.
    BOOST_NOINLINE bool on_nested_name(boost::json::string_view s, boost::system::error_code& ec)
    {
        value_rule_ = value_rule::general;
        std::string_view const last(s.data(), s.size());
        if(!is_new_name(last, lies_within(last, body_), ec))
            return false;
        if(building_)
            memory_->values.push_key(s);
        return true;
    }


    // The usual cases of on_walked_name_in_general, on their own so that
    // they call no function they have to come back from: any other case
    // goes to on_walked_name_in_general as a tail call. So the usual name
    // needs no register saved (half the cost of on_key, else). The usual
    // cases: a name lying whole in the body, with the quick duplicate
    // checks, either custom in a scope without definitions, or in a scope
    // with a perfect_name_table (on_name_in_defined_scope), or starting
    // with '_' (on_reserved_name).
    template<bool top>
    BOOST_FORCEINLINE bool on_walked_name(std::string_view last, boost::system::error_code& ec)
    {
        member_name& name = top ? top_name_ : scope_name_;
        scope const where = top ? scope::top_level : scope_;
        if(thorough_keys_ || last.empty() || name.in_parts() || !lies_within(last, body_))
            return on_walked_name_in_general<top>(last, ec);
        if(last.front() == '_')
            return on_reserved_name<top>(last, ec);
        if(definitions_[static_cast<std::size_t>(where)])
            return on_name_in_defined_scope<top>(last, ec);
        // As on_walked_name_in_general from here, for this case.
        name.set_whole(last);
        (top ? top_kind_ : scope_kind_) = member_kind::custom;
        (top ? top_definition_ : scope_definition_) = nullptr;
        value_rule_ = undefined_rule_[static_cast<std::size_t>(where)];
        return is_new_whole_name<top>(last, 0, ec);
    }

    // on_walked_name for a custom name in a scope with definitions. Out of
    // line, calling nothing it returns from, as on_reserved_name: inlined,
    // the lookup made on_key save registers for every name, also under
    // schemas without definitions.
    template<bool top>
    BOOST_NOINLINE bool on_name_in_defined_scope(std::string_view last,
                                                 boost::system::error_code& ec)
    {
        scope const where = top ? scope::top_level : scope_;
        scope_data const& definitions = *definitions_[static_cast<std::size_t>(where)];
        if(definitions.fast_names.empty() || last.size() > perfect_name_table::max_short_size)
            return on_walked_name_in_general<top>(last, ec);
        // As on_walked_name_in_general from here, for this case.
        (top ? top_name_ : scope_name_).set_whole(last);
        (top ? top_kind_ : scope_kind_) = member_kind::custom;
        std::size_t const position = definitions.fast_names.find_short(last);
        if(position == string_index::npos)
        {
            (top ? top_definition_ : scope_definition_) = nullptr;
            value_rule_ = undefined_rule_[static_cast<std::size_t>(where)];
            return is_new_whole_name<top>(last, 0, ec);
        }
        (top ? top_definition_ : scope_definition_) = &definitions.attributes[position];
        member_check_ = &definitions.compiled[position];
        value_rule_ = rule_of(member_check_->quick);
        return is_new_whole_name<top>(last, definition_bit(position), ec);
    }

    // The duplicate check of a name of the patch (`top`) or of the walked
    // scope object that came whole: by its own bit when it has one (a
    // system name or a defined attribute), else among the object's other
    // names. Forced inline: on_walked_name and on_reserved_name call
    // nothing they return from.
    template<bool top>
    BOOST_FORCEINLINE bool is_new_whole_name(std::string_view last, std::uint64_t bit,
                                             boost::system::error_code& ec)
    {
        if(bit == 0)
            return is_new_walked_name(top ? top_unknown_names_ : scope_unknown_names_, last, ec);
        std::uint64_t& seen = top ? top_known_seen_ : scope_known_seen_;
        if((seen & bit) != 0)
            return is_duplicate(ec);
        seen |= bit;   // no pieces to forget: the name came whole
        return true;
    }

    // on_walked_name for a name starting with '_' (a system name or an
    // unknown one), lying whole in the body, with the quick duplicate
    // checks. Out of line, calling nothing it returns from, as
    // on_walked_name.
    template<bool top>
    BOOST_NOINLINE bool on_reserved_name(std::string_view last, boost::system::error_code& ec)
    {
        (top ? top_name_ : scope_name_).set_whole(last);   // see on_walked_name
        member_kind const kind = classify_reserved(last);
        (top ? top_kind_ : scope_kind_) = kind;
        (top ? top_definition_ : scope_definition_) = nullptr;
        value_rule_ = top ? system_rule(kind) : scope_system_rule(kind, scope_);
        std::uint64_t const bit = system_name_bit(kind);
        return is_new_whole_name<top>(last, bit, ec);
    }

    // The value_rule of a member of the patch starting with '_' of `kind`
    // (system_accepted's cases), and of one of a walked scope object in
    // `where` (scalar_accepted's).
    static value_rule system_rule(member_kind kind) noexcept
    {
        switch(kind)
        {
        case member_kind::start_time: return value_rule::timestamp;
        case member_kind::state: return value_rule::state;
        case member_kind::end_time: return value_rule::nullable_timestamp;
        case member_kind::name: return value_rule::name_text;
        default: return value_rule::member;
        }
    }

    static value_rule scope_system_rule(member_kind kind, scope where) noexcept
    {
        if(where != scope::summary)
            return value_rule::member;
        switch(kind)
        {
        case member_kind::stop_reason: return value_rule::stop_reason;
        case member_kind::stop_reason_code: return value_rule::stop_reason_code;
        default: return value_rule::member;
        }
    }

    // The complete name of a member of the patch (`top`) or of the walked
    // scope object, given its last piece: remembered with its kind and
    // definition; false (with `ec`) for a duplicate, as is_new_name.
    template<bool top>
    BOOST_NOINLINE bool on_walked_name_in_general(std::string_view last,
                                                  boost::system::error_code& ec)
    {
        value_rule_ = value_rule::general;   // the usual names only (on_walked_name)
        bool const in_body = lies_within(last, body_);
        member_name& name = top ? top_name_ : scope_name_;
        name.finish(last, in_body);
        std::string_view const n = name.view();
        scope const where = top ? scope::top_level : scope_;
        member_kind const kind = classify_member(n);
        // schema::find, inlined (find_position): its position gives the bit.
        attribute_definition const* d = nullptr;
        std::uint64_t bit = system_name_bit(kind);
        scope_data const* const definitions = definitions_[static_cast<std::size_t>(where)];
        if(kind == member_kind::custom && definitions)
        {
            std::size_t const position = find_position(*definitions, n);
            if(position != string_index::npos)
            {
                d = &definitions->attributes[position];
                bit = definition_bit(position);
            }
        }
        (top ? top_kind_ : scope_kind_) = kind;
        (top ? top_definition_ : scope_definition_) = d;
        std::uint64_t& seen = top ? top_known_seen_ : scope_known_seen_;
        // duplicate_key_tracker (thorough_keys_) takes every name; the bit
        // is still set there, as has_system_name reads it.
        if(thorough_keys_)
        {
            seen |= bit;
            return is_new_name_thorough(last, ec);
        }
        if(bit == 0)
            return is_new_walked_name(top ? top_unknown_names_ : scope_unknown_names_, last,
                                      in_body, ec);
        if((seen & bit) != 0)
            return is_duplicate(ec);
        seen |= bit;
        quick_keys_.forget_pending();   // the pieces of a name in parts, if any
        return true;
    }

    // A name of a walked object without a bit of its own (see
    // walked_names), given its last piece: false (with `ec`) for a
    // duplicate, or when walked_names cannot tell.
    bool is_new_walked_name(walked_names& names, std::string_view last, bool in_body,
                            boost::system::error_code& ec)
    {
        if(!in_body || quick_keys_.has_pending())
            return is_new_copied_walked_name(names, last, ec);
        return is_new_walked_name(names, last, ec);
    }

    // The same for a name that lives until the object closes. Forced
    // inline, and every call in it a tail call (nothing done after it):
    // so on_walked_name saves no registers.
    BOOST_FORCEINLINE bool is_new_walked_name(walked_names& names, std::string_view name,
                                              boost::system::error_code& ec)
    {
        if(names.full())
            return give_up_quick_keys(ec);
        std::uint64_t const bit = walked_names::fingerprint_bit(name);
        if(names.may_contain(bit))
            return is_new_colliding_walked_name(names, name, ec);
        names.insert(name, bit);
        return true;
    }

    // A name whose fingerprint an earlier one of the object has.
    BOOST_NOINLINE bool is_new_colliding_walked_name(walked_names& names, std::string_view name,
                                                     boost::system::error_code& ec)
    {
        if(names.contains(name))
            return is_duplicate(ec);
        names.insert(name, 0);   // its bit is set already
        return true;
    }

    // The same for a name escaped or in parts: put together in
    // small_duplicate_finder's arena (the walked object is the innermost
    // open one, so the copy lasts as long as the object).
    BOOST_NOINLINE bool is_new_copied_walked_name(walked_names& names, std::string_view last,
                                                  boost::system::error_code& ec)
    {
        std::string_view const name = quick_keys_.copy_name(last);
        if(name.data() == nullptr)
            return give_up_quick_keys(ec);
        return is_new_walked_name(names, name, ec);
    }

    bool answer(small_duplicate_finder::outcome o, boost::system::error_code& ec)
    {
        switch(o)
        {
        case small_duplicate_finder::outcome::new_name: return true;
        case small_duplicate_finder::outcome::too_big: return give_up_quick_keys(ec);
        case small_duplicate_finder::outcome::duplicate: break;
        }
        return is_duplicate(ec);
    }

    // Whether the patch has the system member `kind` (so far): its bit in
    // top_known_seen_, which on_walked_name sets in both key modes.
    bool has_system_name(member_kind kind) const noexcept
    {
        return (top_known_seen_ & (std::uint64_t(1) << static_cast<unsigned>(kind))) != 0;
    }

    // A value starts at the parser's position that the validator wants
    // whole: a member of the patch, or of a scope object being walked.
    bool at_member_value() const noexcept
    {
        return validating_ && (depth_ == 1 || (depth_ == 2 && in_scope_));
    }

    // The patch is not an object: the rare case is left to the DOM path
    // (validate_patch's not_an_object, or parse_patch's error). Stopping the
    // parser with any error sends validate_patch_bytes there.
    static bool needs_dom(boost::system::error_code& ec)
    {
        ec = make_error_code(error::not_an_object);
        return false;
    }

    // `_configuration` or `_summary` holds an object: its members are
    // checked one by one, as validator::check_scope_object does.
    bool enter_scope()
    {
        scope_ = top_kind_ == member_kind::configuration ? scope::configuration : scope::summary;
        scope_at_ = root_.member(top_name_.view());
        scope_known_seen_ = 0;
        scope_unknown_names_.clear();
        bool go_on = true;
        in_scope_ = validator_.enter_scope_object(scope_at_, go_on);
        validating_ = go_on;
        depth_ = 2;
        return true;
    }

    // ---- free-form member values, checked without being built --------
    //
    // A free-form value (validator::check_free: a custom attribute without
    // a definition where the scope accepts unknown ones, or defined as
    // `any`, or as `object` when the value is one) can only break three
    // rules: non-finite numbers and invalid UTF-8, which the parser lets
    // not through, and the schema's depth limit. So such a container is
    // not built: its levels are counted while it is parsed (enter_nested),
    // and one too deep sends the body to the DOM path, whose validator
    // writes the too_deep report.

    // A container starts the current member's value: skipped when it is
    // free-form, else built for the validator.
    void start_member_container(bool is_object)
    {
        if(!is_object && start_choices())
            return;
        if(is_free_form_member(is_object))
        {
            skip_depth_ = depth_;
            skipping_ = true;
        }
        else
            start_building();
    }

    bool is_free_form_member(bool is_object) const
    {
        bool const top = depth_ == 1;
        scope const where = top ? scope::top_level : scope_;
        // System names, and names starting with '_' in a scope object,
        // have their own rules (and `_configuration`/`_summary` holding an
        // object never get here).
        if((top ? top_kind_ : scope_kind_) != member_kind::custom)
            return false;
        attribute_definition const* const d = top ? top_definition_ : scope_definition_;
        if(!d)
            return schema_.accepts_unknown(where);
        return d->type == attribute_type::any || (d->type == attribute_type::object && is_object);
    }

    // One more container open at the parser's position. The level of a
    // container (the patch is level 1) is depth_ once it is open, as
    // validator::check_free counts it (2 for a top-level member value, 3
    // for one in a scope object); a skipped free-form value deeper than
    // the schema allows stops the parse, for the DOM path's report.
    bool enter_nested(boost::system::error_code& ec)
    {
        ++depth_;
        if(skipping_ && depth_ > schema_.max_depth())
        {
            ec = make_error_code(error::too_deep);
            return false;
        }
        return true;
    }

    // ---- multi-select arrays, checked without being built --------------
    //
    // An array attribute with allowed values (validator::check_typed_array)
    // takes an array of those strings, as many as its length bounds allow,
    // within the schema's depth limit. Such an array is checked item by
    // item while it is parsed; anything else in it (another item, a
    // container, a string in parts) or a count out of bounds stops the
    // parse, and the body goes to the DOM path, whose validator writes the
    // report. A valid multi-select is common; an invalid one is rare, and
    // then costs a second parse.

    // The array starting now is the value of such an attribute: check it
    // item by item (choices_), not built.
    bool start_choices() noexcept
    {
        bool const top = depth_ == 1;
        if((top ? top_kind_ : scope_kind_) != member_kind::custom)
            return false;
        attribute_definition const* const d = top ? top_definition_ : scope_definition_;
        // The array is level depth_ + 1 (validator::custom_depth).
        if(!d || d->type != attribute_type::array || d->allowed_values.empty() ||
           depth_ + 1 > schema_.max_depth())
            return false;
        choices_ = d;
        choices_compiled_ = &schema_access::compiled(schema_, top ? scope::top_level : scope_, *d);
        return true;
    }

    bool is_choice(std::string_view item) const noexcept
    {
        return is_allowed_value(*choices_, *choices_compiled_, item);
    }

    // The multi-select array ended with `n` items (all allowed values).
    bool end_choices(std::size_t n, boost::system::error_code& ec)
    {
        attribute_definition const& d = *choices_;
        choices_ = nullptr;
        std::uint64_t const items = n;
        if((d.min_length && items < *d.min_length) || (d.max_length && items > *d.max_length))
            return hand_to_dom(ec);
        return true;
    }

    // Stops the parse where the quick checks cannot tell and the validator
    // would need the whole value: validate_patch_bytes goes to the DOM path.
    BOOST_NOINLINE static bool hand_to_dom(boost::system::error_code& ec)
    {
        ec = make_error_code(error::wrong_type);
        return false;
    }

    void start_building()
    {
        memory_->values.reset(scratch_storage());
        build_depth_ = depth_;
        building_ = true;
    }

    // After a push: when the member value is complete, check it.
    void finish_if_complete()
    {
        if(depth_ != build_depth_)
            return;
        building_ = false;
        check_member(memory_->values.release());
        memory_->scratch.release();   // the temporary value is gone
    }

    template<class Scalar>
    bool on_scalar(boost::system::error_code& ec, Scalar x)
    {
        if(depth_ == 0)
            return needs_dom(ec);
        if(choices_)
            return hand_to_dom(ec);
        if(building_)
            return push_scalar_value(x);
        if(!at_member_value() || is_free_form_scalar())
            return true;
        return on_scalar_member(x);
    }

    // The rare and the slower paths of on_scalar, out of line (and tail
    // calls) so that the usual one saves no registers.
    template<class Scalar>
    BOOST_NOINLINE bool push_scalar_value(Scalar x)
    {
        push_scalar(x);
        finish_if_complete();
        return true;
    }

    // A scalar member value that is_free_form_scalar does not settle.
    template<class Scalar>
    BOOST_NOINLINE bool on_scalar_member(Scalar x)
    {
        if(!validating_)
            return true;   // see value_rule_
        if(!scalar_accepted(scalar_view::of(x)))
            check_member(boost::json::value(x));   // scalars need no memory
        return true;
    }

    void push_scalar(std::int64_t i) { memory_->values.push_int64(i); }
    void push_scalar(std::uint64_t u) { memory_->values.push_uint64(u); }
    void push_scalar(double d) { memory_->values.push_double(d); }
    void push_scalar(bool b) { memory_->values.push_bool(b); }
    void push_scalar(std::nullptr_t) { memory_->values.push_null(); }

    // ---- the quick test of scalar members --------------------------------
    //
    // scalar_accepted mirrors validator::check_top_member and
    // check_scope_member (and what they call) for a scalar value, but only
    // to say "the validator would accept this": it returns false whenever
    // it is not sure, and the member then goes to the validator, which
    // decides and reports. So a rule missing here costs time, never a
    // different report; a rule accepted here must be one the validator
    // accepts too (tests/validate_bytes.cpp compares the reports).
    //
    // Two facts of the parser make some checks unnecessary here: strict
    // Boost.JSON lets only valid UTF-8 through (names and strings), and
    // on_double only lets finite numbers through (read_double_exactly).

    // A scalar as the parser delivered it, without building a value.
    struct scalar_view
    {
        enum class type
        {
            null,
            boolean,
            int64,
            uint64,
            double_,
            string
        };
        type kind = type::null;
        std::int64_t i = 0;
        std::uint64_t u = 0;
        double d = 0;
        std::string_view text;

        static scalar_view string(boost::json::string_view s) noexcept
        {
            scalar_view v;
            v.kind = type::string;
            v.text = std::string_view(s.data(), s.size());
            return v;
        }
        static scalar_view of(std::nullptr_t) noexcept { return scalar_view(); }
        static scalar_view of(bool) noexcept
        {
            scalar_view v;
            v.kind = type::boolean;
            return v;
        }
        static scalar_view of(std::int64_t x) noexcept
        {
            scalar_view v;
            v.kind = type::int64;
            v.i = x;
            return v;
        }
        static scalar_view of(std::uint64_t x) noexcept
        {
            scalar_view v;
            v.kind = type::uint64;
            v.u = x;
            return v;
        }
        static scalar_view of(double x) noexcept
        {
            scalar_view v;
            v.kind = type::double_;
            v.d = x;
            return v;
        }

        bool is_null() const noexcept { return kind == type::null; }
        bool is_string() const noexcept { return kind == type::string; }
    };

    // The usual member under the standard schema, settled without looking
    // at its value: a custom name without a definition in a scope that
    // accepts unknown names takes any scalar (as custom_accepted). Forced
    // inline: a call costs as much as the test.
    BOOST_FORCEINLINE bool is_free_form_scalar() const noexcept
    {
        if(depth_ == 1)
            return top_kind_ == member_kind::custom && !top_definition_ &&
                   schema_.accepts_unknown(scope::top_level);
        return scope_kind_ == member_kind::custom && !scope_definition_ &&
               schema_.accepts_unknown(scope_);
    }

    // Whether the validator would accept `v` as the current member.
    bool scalar_accepted(scalar_view const& v) const
    {
        if(depth_ == 1)
        {
            if(top_kind_ == member_kind::custom)
                return custom_accepted(scope::top_level, top_definition_, v);
            return system_accepted(top_kind_, v);
        }
        // A member of `_configuration` or `_summary` (check_scope_member).
        switch(scope_kind_)
        {
        case member_kind::custom:
            return custom_accepted(scope_, scope_definition_, v);
        case member_kind::stop_reason:
            return scope_ == scope::summary && text_accepted(v, 0, stop_reason_max_length);
        case member_kind::stop_reason_code:
            return scope_ == scope::summary &&
                   (v.is_null() || (v.is_string() && is_one_of(v.text, stop_reason_code_names)));
        default:
            return false;   // unknown_attribute
        }
    }

    // A top-level name starting with '_' (check_top_member).
    static bool system_accepted(member_kind kind, scalar_view const& v)
    {
        switch(kind)
        {
        case member_kind::start_time:
            return v.is_string() && is_utc_timestamp(v.text);
        case member_kind::state:
            return v.is_string() && is_one_of(v.text, state_names);
        case member_kind::end_time:
            return v.is_null() || (v.is_string() && is_utc_timestamp(v.text));
        case member_kind::name:
            return text_accepted(v, name_min_length, name_max_length);
        default:
            return false;   // a scope object that is no object, read-only, unknown
        }
    }

    static bool is_utc_timestamp(std::string_view s) noexcept
    {
        if(is_plain_utc_timestamp(s))
            return true;
        date_time_fields fields;
        return parse_date_time(s, fields) == 0;
    }

    // The usual form of a valid timestamp, "YYYY-MM-DDTHH:MM:SS" with an
    // optional fraction and "Z", checked without parse_date_time's fields
    // and fraction value (half its cost). It accepts only what
    // parse_date_time accepts (returns 0 for); anything else (an offset,
    // lower-case 't' or 'z', a leap second, any fault) it leaves to
    // parse_date_time.
    static bool is_plain_utc_timestamp(std::string_view s) noexcept
    {
        std::size_t const n = s.size();
        if(n < 20 || s[n - 1] != 'Z')
            return false;
        // The layout "DDDD-DD-DDTDD:DD:DD" (D a digit) by three overlapping
        // eight-byte words: bytes 0-7, 8-15 and 11-18. See has_layout.
        char const* const p = s.data();
        if(!has_layout(load_u64(p), "0000-00-") || !has_layout(load_u64(p + 8), "00T00:00") ||
           !has_layout(load_u64(p + 11), "00:00:00"))
            return false;
        // Digits now: each pair's value without further checks.
        auto const pair = [p](std::size_t i) {
            return static_cast<unsigned>(p[i] - '0') * 10 + static_cast<unsigned>(p[i + 1] - '0');
        };
        unsigned const month = pair(5), day = pair(8);
        if(month < 1 || month > 12 || day < 1 || pair(11) > 23 || pair(14) > 59 || pair(17) > 59)
            return false;
        int const year = static_cast<int>(pair(0) * 100 + pair(2));
        if(year < min_supported_year || year > max_supported_year ||
           static_cast<int>(day) > days_in_month(year, static_cast<int>(month)))
            return false;
        if(n == 20)
            return true;   // "...SSZ"
        // "...SS.", at least one digit, then the "Z" checked above.
        if(p[19] != '.' || n == 21)
            return false;
        for(std::size_t i = 20; i < n - 1; ++i)
            if(digit_value(p[i]) > 9)
                return false;
        return true;
    }

    // Whether the eight bytes of `word` (as loaded by load_u64) follow
    // `layout`: '0' where a digit must be, any other character where that
    // character must be. Two masked compares instead of eight: a byte whose
    // high nibble is 3 is 0x30 to 0x3F, and adding 6 keeps its high nibble
    // 3 only for 0x30 to 0x39, the digits; no byte overflows into the
    // next, so the answer does not depend on the byte order. The masks are
    // loaded the same way as `word`, and fold to constants.
    static bool has_layout(std::uint64_t word, char const (&layout)[9]) noexcept
    {
        char mask[8];
        char add[8];
        for(std::size_t i = 0; i < 8; ++i)
        {
            bool const digit = layout[i] == '0';
            mask[i] = static_cast<char>(digit ? 0xF0 : 0xFF);
            add[i] = static_cast<char>(digit ? 6 : 0);
        }
        std::uint64_t const m = load_u64(mask);
        std::uint64_t const expected = load_u64(layout);
        return (word & m) == expected && ((word + load_u64(add)) & m) == expected;
    }

    // check_text with nullable = true.
    static bool text_accepted(scalar_view const& v, std::uint64_t min, std::uint64_t max)
    {
        if(v.is_null())
            return true;
        return v.is_string() && length_within(v.text, min, max);
    }

    // Whether the length of `s` in code points is in [min, max]. `s` is
    // valid UTF-8 (the parser checked), so its n bytes hold from
    // ceil(n / 4) to n code points: when that range lies inside the bounds,
    // as for most values, nothing needs counting.
    static bool length_within(std::string_view s, std::uint64_t min, std::uint64_t max) noexcept
    {
        std::uint64_t const bytes = s.size();
        if(bytes <= max && bytes / 4 + (bytes % 4 != 0) >= min)
            return true;
        std::size_t count = 0;
        return count_code_points(s, count) && count >= min && count <= max;
    }

    // A custom attribute (validator::check_custom); `d`: its definition
    // (found by on_walked_name), or null.
    bool custom_accepted(scope where, attribute_definition const* d, scalar_view const& v) const
    {
        if(!d)
            // Free-form (check_free): any scalar, as names and strings are
            // valid UTF-8 and numbers finite.
            return schema_.accepts_unknown(where);
        return typed_accepted(*d, schema_access::compiled(schema_, where, *d), v);
    }

    // validator::check_typed for a scalar.
    static bool typed_accepted(attribute_definition const& d, compiled_attribute const& c,
                               scalar_view const& v)
    {
        using type = scalar_view::type;
        if(v.is_null())
            return d.nullable && !d.required;
        switch(d.type)
        {
        case attribute_type::string:
            return v.is_string() && string_accepted(d, c, v.text);
        case attribute_type::integer:
            // A double holding an integer (1.0) is left to the validator.
            if(v.kind == type::int64)
                return within_bounds(d, v.i);
            return v.kind == type::uint64 &&
                   v.u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) &&
                   within_bounds(d, static_cast<std::int64_t>(v.u));
        case attribute_type::decimal:
            if(v.kind == type::int64)
                return within_bounds(d, v.i);
            if(v.kind == type::uint64)
                return within_bounds(d, v.u);
            return v.kind == type::double_ && std::isfinite(v.d) && within_bounds(d, v.d);
        case attribute_type::boolean:
            return v.kind == type::boolean;
        case attribute_type::date:
        {
            if(!v.is_string() || v.text.size() != 10)
                return false;
            date_time_fields f;
            return parse_full_date(v.text, f) && f.year >= min_supported_year &&
                   f.year <= max_supported_year;
        }
        case attribute_type::date_time:
            return v.is_string() && is_utc_timestamp(v.text);
        case attribute_type::uuid:
            return v.is_string() && is_uuid(v.text);
        case attribute_type::enumeration:
            return v.is_string() && is_allowed_value(d, c, v.text);
        case attribute_type::any:
            return true;   // free-form, as for an unknown name
        case attribute_type::object:
        case attribute_type::array:
            break;   // wrong_type
        }
        return false;
    }

    // check_typed_string: length, allowed values, pattern.
    static bool string_accepted(attribute_definition const& d, compiled_attribute const& c,
                                std::string_view s)
    {
        std::uint64_t const min = d.min_length ? *d.min_length : 0;
        std::uint64_t const max =
            d.max_length ? *d.max_length : std::numeric_limits<std::uint64_t>::max();
        return length_within(s, min, max) &&
               (d.allowed_values.empty() || is_allowed_value(d, c, s)) &&
               (!c.matcher || c.matcher->full_match(s));
    }

    // check_bounds, with the validator's exact comparisons.
    template<class Number>
    static bool within_bounds(attribute_definition const& d, Number x) noexcept
    {
        return compare_exact(x, d.minimum) >= 0 && compare_exact(x, d.maximum) <= 0;
    }

    // One complete member value, checked by the validator's own pieces.
    void check_member(boost::json::value const& v)
    {
        if(depth_ == 1)
            validating_ = validator_.check_top_member(root_.member(top_name_.view()), v);
        else
            validating_ = validator_.check_scope_member(scope_at_.member(scope_name_.view()), v,
                                                        scope_);
    }
};

using streaming_validation_parser = boost::json::basic_parser<streaming_validator>;

}   // namespace detail
}   // namespace usage_session

#endif
