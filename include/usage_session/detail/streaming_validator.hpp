#ifndef USAGE_SESSION_DETAIL_STREAMING_VALIDATOR_HPP
#define USAGE_SESSION_DETAIL_STREAMING_VALIDATOR_HPP

// The basic_parser handler behind validate_patch_bytes: it validates an
// object patch while Boost.JSON parses it, without building the document.
//
// It gives the report of parse_patch + validate_patch by construction:
// - it fails exactly where patch_handler fails (the same parser options
//   and size limits, the same duplicate_key_tracker, the same exact
//   re-reading of numbers); any failure sends validate_patch_bytes to the
//   DOM path, whose parse_patch writes the one-violation report;
// - it feeds the validator's own pieces (check_top_member,
//   enter_scope_object, check_scope_member, check_system_required) with
//   the members in document order, as validator::check_object does.
// Each member value is materialised as a small boost::json::value: a
// scalar on the stack, a short string in one reused string value, anything
// else in a scratch monotonic_resource (over a buffer inside the handler)
// released after the member. Only `_configuration` and `_summary` are
// walked member by member; a custom attribute holding an object or an
// array is materialised whole.

#include <usage_session/detail/patch_parser.hpp>
#include <usage_session/detail/validator.hpp>
#include <usage_session/detail/vocabulary.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_stack.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

namespace usage_session {
namespace detail {

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

    // The last (or only) piece of the name; `body` is the whole input.
    void finish(std::string_view last, std::string_view body)
    {
        if(!in_parts_ && lies_in(last, body))
        {
            view_ = last;
            return;
        }
        if(!in_parts_)
            start_copy();
        in_parts_ = false;
        append(last);
        view_ = spilled_.empty() ? std::string_view(inline_, size_) : std::string_view(spilled_);
    }

    std::string_view view() const noexcept
    {
        return view_;
    }

private:
    static constexpr std::size_t inline_size = 64;
    std::string_view view_;
    bool in_parts_ = false;
    std::size_t size_ = 0;
    char inline_[inline_size];
    std::string spilled_;   // the whole name once it outgrew inline_

    // std::less orders any two pointers, related or not.
    static bool lies_in(std::string_view s, std::string_view body) noexcept
    {
        std::less<char const*> const before;
        return !before(s.data(), body.data()) && !before(body.data() + body.size(), s.data() + s.size());
    }

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

class streaming_validator
{
public:
    // The same limits as patch_handler, so both parsers fail on the same input.
    static constexpr std::size_t max_object_size = patch_handler::max_object_size;
    static constexpr std::size_t max_array_size = patch_handler::max_array_size;
    static constexpr std::size_t max_key_size = patch_handler::max_key_size;
    static constexpr std::size_t max_string_size = patch_handler::max_string_size;

    // `upstream` serves the scratch memory beyond the inline buffers (large
    // member values only).
    streaming_validator(std::string_view body, schema const& s, report& r,
                        boost::json::storage_ptr const& upstream)
        : body_(body),
          validator_(s, document_kind::patch, r),
          scratch_(scratch_buffer_, sizeof(scratch_buffer_), upstream),
          values_(upstream, value_stack_buffer_, sizeof(value_stack_buffer_)),
          strings_(string_buffer_, sizeof(string_buffer_), upstream),
          string_value_(boost::json::string_kind, boost::json::storage_ptr(&strings_))
    {
        // Room for every short string member, reserved once: assigning
        // to it then never allocates.
        string_value_.get_string().reserve(short_string_size);
        // Names lying whole in the body are then remembered by offset,
        // not copied (the body outlives the parse).
        keys_.set_source(body.data(), body.size());
    }

    streaming_validator(streaming_validator const&) = delete;
    streaming_validator& operator=(streaming_validator const&) = delete;

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }

    bool on_object_begin(boost::system::error_code&)
    {
        keys_.open_object();
        if(building_)
        {
            ++depth_;
            return true;
        }
        if(depth_ == 0)
        {
            depth_ = 1;
            return true;
        }
        if(at_member_value())
        {
            if(depth_ == 1 && is_scope_name(top_name_.view()))
                return enter_scope();
            start_building();
        }
        ++depth_;
        return true;
    }

    bool on_object_end(std::size_t n, boost::system::error_code&)
    {
        keys_.close();
        --depth_;
        if(building_)
        {
            values_.push_object(n);
            finish_if_complete();
        }
        else if(depth_ == 1)
            in_scope_ = false;   // the scope object closed (whether or not walked)
        else if(depth_ == 0 && validating_)
            validating_ = validator_.check_system_required(has_start_time_, has_state_);
        return true;
    }

    bool on_array_begin(boost::system::error_code& ec)
    {
        keys_.open_array();
        if(depth_ == 0)
            return needs_dom(ec);
        if(!building_ && at_member_value())
            start_building();
        ++depth_;
        return true;
    }

    bool on_array_end(std::size_t n, boost::system::error_code&)
    {
        keys_.close();
        --depth_;
        if(building_)
        {
            values_.push_array(n);
            finish_if_complete();
        }
        return true;
    }

    bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&)
    {
        keys_.append_key_part(s);
        if(building_)
            values_.push_chars(s);
        else if(member_name* name = name_to_capture())
            name->append_part(s);
        return true;
    }

    bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code& ec)
    {
        if(!keys_.add_key(s))
        {
            // parse_patch reports it, with the pointer (validate_patch_bytes).
            ec = make_error_code(error::duplicate_key);
            return false;
        }
        if(building_)
            values_.push_key(s);
        else if(member_name* name = name_to_capture())
        {
            name->finish(s, body_);
            if(depth_ == 1)
            {
                has_start_time_ = has_start_time_ || name->view() == names::start_time;
                has_state_ = has_state_ || name->view() == names::state;
            }
        }
        return true;
    }

    bool on_string_part(boost::json::string_view s, std::size_t, boost::system::error_code& ec)
    {
        if(depth_ == 0)
            return needs_dom(ec);
        // A string split by the parser is put together by the value stack.
        if(!building_ && at_member_value())
            start_building();
        if(building_)
            values_.push_chars(s);
        return true;
    }

    bool on_string(boost::json::string_view s, std::size_t, boost::system::error_code& ec)
    {
        keys_.count_element();
        if(depth_ == 0)
            return needs_dom(ec);
        if(building_)
        {
            values_.push_string(s);
            finish_if_complete();
        }
        else if(at_member_value() && s.size() <= short_string_size)
        {
            // Most members are short strings: one reused value, a memcpy.
            string_value_.get_string().assign(s.data(), s.size());
            check_member(string_value_);
        }
        else if(at_member_value())
        {
            check_member(boost::json::value(s, scratch_storage()));
            scratch_.release();   // the temporary value is gone
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
    validator validator_;
    duplicate_key_tracker keys_;

    // Scratch memory for one member value at a time: 2 KiB hold every
    // value of a typical patch; more spills to the upstream resource.
    unsigned char scratch_buffer_[2048];
    boost::json::monotonic_resource scratch_;
    // The value stack's own bookkeeping (pending values and names) for a
    // member value being built; beyond this buffer it uses the upstream.
    unsigned char value_stack_buffer_[1024];
    boost::json::value_stack values_;

    // A string member value of up to short_string_size bytes is copied
    // into string_value_, whose room is reserved in strings_ at the start.
    static constexpr std::size_t short_string_size = 512;
    unsigned char string_buffer_[short_string_size + 128];
    boost::json::monotonic_resource strings_;
    boost::json::value string_value_;

    location const root_;
    location scope_at_;          // `_configuration` or `_summary`, while walked
    scope scope_ = scope::top_level;
    member_name top_name_;       // the current member of the patch
    member_name scope_name_;     // the current member of the scope object
    number_text number_;         // see number_text (patch_parser.hpp)

    std::size_t depth_ = 0;      // containers open at the parser's position
    std::size_t build_depth_ = 0;
    bool building_ = false;      // a member value is going to values_
    bool in_scope_ = false;      // inside a scope object whose members are checked
    bool validating_ = true;     // false once the report is full
    bool has_start_time_ = false;
    bool has_state_ = false;

    static bool is_scope_name(std::string_view name) noexcept
    {
        return name == names::configuration || name == names::summary;
    }

    boost::json::storage_ptr scratch_storage() noexcept
    {
        return boost::json::storage_ptr(&scratch_);
    }

    // A value starts at the parser's position that the validator wants
    // whole: a member of the patch, or of a scope object being walked.
    bool at_member_value() const noexcept
    {
        return validating_ && (depth_ == 1 || (depth_ == 2 && in_scope_));
    }

    // The name to keep for the key being read, if the validator needs it.
    member_name* name_to_capture() noexcept
    {
        if(!validating_)
            return nullptr;
        if(depth_ == 1)
            return &top_name_;
        if(depth_ == 2 && in_scope_)
            return &scope_name_;
        return nullptr;
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
        scope_ = top_name_.view() == names::configuration ? scope::configuration : scope::summary;
        scope_at_ = root_.member(top_name_.view());
        bool go_on = true;
        in_scope_ = validator_.enter_scope_object(scope_at_, go_on);
        validating_ = go_on;
        depth_ = 2;
        return true;
    }

    void start_building()
    {
        values_.reset(scratch_storage());
        build_depth_ = depth_;
        building_ = true;
    }

    // After a push: when the member value is complete, check it.
    void finish_if_complete()
    {
        if(depth_ != build_depth_)
            return;
        building_ = false;
        check_member(values_.release());
        scratch_.release();   // the temporary value is gone
    }

    template<class Scalar>
    bool on_scalar(boost::system::error_code& ec, Scalar x)
    {
        keys_.count_element();
        if(depth_ == 0)
            return needs_dom(ec);
        if(building_)
        {
            push_scalar(x);
            finish_if_complete();
        }
        else if(at_member_value())
            check_member(boost::json::value(x));   // scalars need no memory
        return true;
    }

    void push_scalar(std::int64_t i) { values_.push_int64(i); }
    void push_scalar(std::uint64_t u) { values_.push_uint64(u); }
    void push_scalar(double d) { values_.push_double(d); }
    void push_scalar(bool b) { values_.push_bool(b); }
    void push_scalar(std::nullptr_t) { values_.push_null(); }

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
