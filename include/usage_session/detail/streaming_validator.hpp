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
// objects by a bit each (see on_walked_name); other names by
// small_duplicate_finder for bodies of the usual shape; past its limits
// the walk is redone with duplicate_key_tracker (patch_parser.hpp), see
// validate_patch_bytes.

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
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace usage_session {
namespace detail {

// Whether `s` lies inside `body`. std::less_equal orders any two pointers,
// related or not (the parser's own buffer, for unescaped names).
inline bool lies_within(std::string_view s, std::string_view body) noexcept
{
    std::less_equal<char const*> const le;
    return le(body.data(), s.data()) && le(s.data() + s.size(), body.data() + body.size());
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

private:
    // The name whose last piece is `last`, put together in the arena (it
    // does not lie whole in the body); a null view when the arena is full.
    // Out of line: most names lie in the body.
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
        std::size_t first_name;     // its names are seen_[first_name, names_)
        std::size_t arena_mark;     // arena_used_ when it opened
        std::uint64_t fingerprints; // bit (fingerprint % 64) of each name
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

    bool is_among(std::string_view name, std::size_t first) const noexcept
    {
        for(std::size_t i = first; i < names_; ++i)
            if(std::string_view(seen_[i].data, seen_[i].size) == name)
                return true;
        return false;
    }
};

// Which rules a member name brings: the system names, by kind, and every
// other name (custom or an unknown one starting with '_'). Classified once,
// when the name is read, instead of compared again at each use.
enum class member_kind : unsigned char
{
    custom,            // no leading '_'
    start_time,
    state,
    end_time,
    name,
    configuration,
    summary,
    stop_reason,
    stop_reason_code,
    other_reserved     // any other name starting with '_'
};

inline member_kind classify_member(std::string_view n) noexcept
{
    if(n.empty() || n.front() != '_')
        return member_kind::custom;
    static_assert(names::name.size() == 5 && names::state.size() == 6 &&
                  names::end_time.size() == 8 && names::summary.size() == 8 &&
                  names::start_time.size() == 10 && names::stop_reason.size() == 11 &&
                  names::configuration.size() == 14 && names::stop_reason_code.size() == 15,
                  "the cases below");
    // Sorted by size, so at most two comparisons of known length.
    // same_text: GCC calls string_view::compare out of line for ==.
    auto const is = [n](std::string_view name) { return same_text(n, name); };
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
            has_definitions_[i] = !s.attributes(static_cast<scope>(i)).empty();
        // Names lying whole in the body are then remembered by offset,
        // not copied (the body outlives the parse).
        keys_.set_source(body.data(), body.size());
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
            keys_.close();
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
            validating_ = validator_.check_system_required(has_start_time_, has_state_);
        return true;
    }

    bool on_array_begin(boost::system::error_code& ec)
    {
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
            keys_.append_key_part(s);
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
        bool const in_body = lies_within(last, body_);   // once, for both uses
        // The patch's own members, and those of a walked scope object.
        if(depth_ == 1 || is_walked_scope())
            return on_walked_name(depth_ == 1, last, in_body, ec);
        if(!is_new_name(last, in_body, ec))
            return false;
        if(building_)
            memory_->values.push_key(s);
        return true;
    }

    bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code& ec)
    {
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
        if(depth_ == 0)
            return needs_dom(ec);
        if(building_)
        {
            memory_->values.push_string(s);
            finish_if_complete();
        }
        else if(choices_)
            return is_choice(std::string_view(s.data(), s.size())) || hand_to_dom(ec);
        else if(!at_member_value() || scalar_accepted(scalar_view::string(s)))
            return true;
        else if(s.size() <= short_string_size)
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
        return on_scalar(ec, i);
    }

    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::system::error_code& ec)
    {
        number_.clear();
        return on_scalar(ec, u);
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
        return on_scalar(ec, exact);
    }

    bool on_bool(bool b, boost::system::error_code& ec)
    {
        return on_scalar(ec, b);
    }

    bool on_null(boost::system::error_code& ec)
    {
        return on_scalar(ec, nullptr);
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
    duplicate_key_tracker keys_;          // with thorough_keys_: objects only, no pointers

    // Whether a scope has definitions: if not, no name is looked up.
    bool has_definitions_[3] = {};

    // Scratch memory for one member value at a time: 2 KiB hold every
    // value of a typical patch; more spills to the upstream resource.
    alignas(std::max_align_t) unsigned char scratch_buffer_[2048];
    // The value stack's own bookkeeping (pending values and names) for a
    // member value being built; beyond this buffer it uses the upstream.
    // Aligned for boost::json::value: value_stack places values at the
    // buffer's start as given. Unaligned (after has_definitions_), 32-bit
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
    location scope_at_;          // `_configuration` or `_summary`, while walked
    scope scope_ = scope::top_level;
    member_name top_name_;       // the current member of the patch
    member_name scope_name_;     // the current member of the scope object
    member_kind top_kind_ = member_kind::custom;     // of top_name_
    member_kind scope_kind_ = member_kind::custom;   // of scope_name_
    // The definitions of top_name_ and scope_name_ (custom names), or null.
    attribute_definition const* top_definition_ = nullptr;
    attribute_definition const* scope_definition_ = nullptr;
    // The known names (known_name_bit) seen in the patch and in the walked
    // scope object: their duplicates are found without small_duplicate_finder.
    std::uint64_t top_known_seen_ = 0;
    std::uint64_t scope_known_seen_ = 0;
    number_text number_;         // see number_text (patch_parser.hpp)

    std::size_t depth_ = 0;      // containers open at the parser's position
    std::size_t build_depth_ = 0;
    bool building_ = false;      // a member value is going to memory_->values
    std::size_t skip_depth_ = 0;
    bool skipping_ = false;      // a free-form member value is being parsed, not built
    // The definition of the multi-select array being parsed (see
    // start_choices), or null; its compiled allowed values.
    attribute_definition const* choices_ = nullptr;
    compiled_attribute const* choices_compiled_ = nullptr;
    bool in_scope_ = false;      // inside a scope object whose members are checked
    bool validating_ = true;     // false once the report is full
    bool has_start_time_ = false;
    bool has_state_ = false;

    bool is_scope_member() const noexcept
    {
        return top_kind_ == member_kind::configuration || top_kind_ == member_kind::summary;
    }

    bool open_names(boost::system::error_code& ec)
    {
        if(thorough_keys_)
            keys_.open_object();
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
        switch(quick_keys_.add(s, in_body))
        {
        case small_duplicate_finder::outcome::new_name: return true;
        case small_duplicate_finder::outcome::too_big: return give_up_quick_keys(ec);
        case small_duplicate_finder::outcome::duplicate: break;
        }
        return is_duplicate(ec);
    }

    // The rare paths out of line: inlined, they would make every call of
    // on_key save and restore more registers.
    BOOST_NOINLINE bool is_new_name_thorough(std::string_view s, boost::system::error_code& ec)
    {
        return keys_.add_key(s) || is_duplicate(ec);
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
    // (known_name_bit), so a repeat is one bit test; only the other names
    // go to small_duplicate_finder. Two equal names always get the same
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
    // for a name small_duplicate_finder must take: a system name by its
    // kind (bits 0 to 15), a defined attribute by its index in the scope's
    // definitions (bits 16 to 63; later definitions go to the finder).
    std::uint64_t known_name_bit(member_kind kind, attribute_definition const* d,
                                 scope where) const noexcept
    {
        static_assert(static_cast<unsigned>(member_kind::other_reserved) < 16,
                      "the kinds fit in bits 0 to 15");
        constexpr unsigned first_definition_bit = 16;
        if(kind != member_kind::custom && kind != member_kind::other_reserved)
            return std::uint64_t(1) << static_cast<unsigned>(kind);
        if(!d)
            return 0;
        std::size_t const index =
            static_cast<std::size_t>(d - schema_.attributes(where).data());
        if(index >= 64 - first_definition_bit)
            return 0;
        return std::uint64_t(1) << (first_definition_bit + index);
    }

    // schema::find, out of line for the same reason as is_new_name_thorough.
    BOOST_NOINLINE attribute_definition const* find_definition(scope where,
                                                               std::string_view n) const noexcept
    {
        return schema_.find(where, n);
    }

    // The complete name of a member of the patch (`top`) or of the walked
    // scope object, given its last piece: remembered with its kind and
    // definition; false (with `ec`) for a duplicate, as is_new_name.
    BOOST_FORCEINLINE bool on_walked_name(bool top, std::string_view last, bool in_body,
                        boost::system::error_code& ec)
    {
        member_name& name = top ? top_name_ : scope_name_;
        name.finish(last, in_body);
        std::string_view const n = name.view();
        scope const where = top ? scope::top_level : scope_;
        member_kind const kind = classify_member(n);
        attribute_definition const* const d =
            kind == member_kind::custom && has_definitions_[static_cast<std::size_t>(where)]
                ? find_definition(where, n) : nullptr;
        // duplicate_key_tracker (thorough_keys_) takes every name.
        std::uint64_t const bit =
            thorough_keys_ ? 0 : known_name_bit(kind, d, where);
        if(bit != 0)
        {
            std::uint64_t& seen = top ? top_known_seen_ : scope_known_seen_;
            if((seen & bit) != 0)
                return is_duplicate(ec);
            seen |= bit;
            quick_keys_.forget_pending();   // the pieces of a name in parts, if any
        }
        else if(!is_new_name(last, in_body, ec))
            return false;
        if(top)
        {
            top_kind_ = kind;
            top_definition_ = d;
            has_start_time_ = has_start_time_ || kind == member_kind::start_time;
            has_state_ = has_state_ || kind == member_kind::state;
        }
        else
        {
            scope_kind_ = kind;
            scope_definition_ = d;
        }
        return true;
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
        {
            push_scalar(x);
            finish_if_complete();
        }
        else if(at_member_value() && !scalar_accepted(scalar_view::of(x)))
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
        enum class type { null, boolean, int64, uint64, double_, string };
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
        date_time_fields fields;
        return parse_date_time(s, fields) == 0;
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

} // namespace detail
} // namespace usage_session

#endif
