#ifndef USAGE_SESSION_DETAIL_PATCH_PARSER_HPP
#define USAGE_SESSION_DETAIL_PATCH_PARSER_HPP

// A Boost.JSON basic_parser handler that builds a value exactly like
// boost::json::parser does, and additionally rejects duplicate member names
// and non-finite numbers, which Boost.JSON accepts silently.

#include <usage_session/error.hpp>
#include <usage_session/json_pointer.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace usage_session {
namespace detail {

// Remembers the member names of every open object, to find duplicates.
// Small objects are searched linearly; an object that reaches
// `index_threshold` members gets a hash index, so even a million members
// cost linear time.
class duplicate_key_tracker
{
public:
    duplicate_key_tracker() = default;
    // The hash index refers back to this object: never copy or move it.
    duplicate_key_tracker(duplicate_key_tracker const&) = delete;
    duplicate_key_tracker& operator=(duplicate_key_tracker const&) = delete;

    void open_object()
    {
        frames_.push_back(frame{true, keys_.size(), arena_.size(), 0, false});
    }

    void open_array()
    {
        frames_.push_back(frame{false, keys_.size(), arena_.size(), 0, false});
    }

    void close()
    {
        frame const f = frames_.back();
        if(f.indexed)
            for(std::size_t i = f.first_key; i < keys_.size(); ++i)
                index_.erase(i);
        keys_.resize(f.first_key);
        arena_.resize(f.first_byte);
        frames_.pop_back();
        count_element();
    }

    // A scalar or a finished container counts as one element of an array.
    void count_element() noexcept
    {
        if(!frames_.empty() && !frames_.back().is_object)
            ++frames_.back().elements;
    }

    void append_key_part(std::string_view part)
    {
        pending_.append(part.data(), part.size());
    }

    // Records the completed key; false if the current object already has it.
    bool add_key(std::string_view last_part)
    {
        pending_.append(last_part.data(), last_part.size());
        frame& f = frames_.back();
        std::size_t const id = keys_.size();
        keys_.push_back(key{arena_.size(), pending_.size(), frames_.size()});
        arena_.append(pending_);
        pending_.clear();

        std::size_t const count = id - f.first_key;
        if(!f.indexed && count + 1 >= index_threshold)
        {
            // Switch this object to hashing: index every key seen so far.
            for(std::size_t i = f.first_key; i < id; ++i)
                index_.insert(i);
            f.indexed = true;
        }
        if(f.indexed)
            return index_.insert(id).second;
        for(std::size_t i = f.first_key; i < id; ++i)
            if(text(i) == text(id))
                return false;
        return true;
    }

    // The pointer of the member whose key was added last.
    std::string current_pointer() const
    {
        std::string out;
        for(frame const& f : frames_)
        {
            if(f.is_object)
            {
                if(keys_.size() > f.first_key)
                    append_pointer_token(out, text(last_key_of(f)));
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

    struct key
    {
        std::size_t offset;
        std::size_t size;
        std::size_t depth;   // which open object it belongs to: one per depth
    };

    struct frame
    {
        bool is_object;
        std::size_t first_key;   // index into keys_
        std::size_t first_byte;  // index into arena_
        std::size_t elements;    // for arrays: elements completed so far
        bool indexed;            // for objects: keys are in index_
    };

    std::string_view text(std::size_t id) const noexcept
    {
        return std::string_view(arena_).substr(keys_[id].offset, keys_[id].size);
    }

    // The last key of frame `f`: the first key after it belongs to a child
    // frame, so look for the child's first key.
    std::size_t last_key_of(frame const& f) const noexcept
    {
        frame const* next = &f + 1;
        bool const has_child = next != frames_.data() + frames_.size();
        return (has_child ? next->first_key : keys_.size()) - 1;
    }

    // Hashes and compares key ids by their object and their text in the
    // arena, so the set stays valid when the arena grows, and one index
    // serves every open object: a name in a parent never matches the same
    // name in a child. At most one object is open per depth, so the depth
    // identifies the object.
    struct hash_by_text
    {
        duplicate_key_tracker const* self;
        std::size_t operator()(std::size_t id) const noexcept
        {
            return std::hash<std::string_view>()(self->text(id)) ^
                   (self->keys_[id].depth * 0x9e3779b97f4a7c15ull);
        }
    };
    struct equal_by_text
    {
        duplicate_key_tracker const* self;
        bool operator()(std::size_t a, std::size_t b) const noexcept
        {
            return self->keys_[a].depth == self->keys_[b].depth &&
                   self->text(a) == self->text(b);
        }
    };

    std::vector<frame> frames_;
    std::vector<key> keys_;
    std::string arena_;
    std::string pending_;
    std::unordered_set<std::size_t, hash_by_text, equal_by_text> index_{
        0, hash_by_text{this}, equal_by_text{this}};
};

// The handler: builds the value with value_stack, as Boost.JSON's own parser.
struct patch_handler
{
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    boost::json::value_stack stack;
    duplicate_key_tracker keys;
    std::string duplicate_pointer;   // set when a duplicate is found
    std::string number_parts;        // a number split across input pieces

    explicit patch_handler(boost::json::storage_ptr sp)
    {
        stack.reset(std::move(sp));
    }

    bool on_document_begin(boost::system::error_code&) { return true; }
    bool on_document_end(boost::system::error_code&) { return true; }

    bool on_object_begin(boost::system::error_code&)
    {
        keys.open_object();
        return true;
    }
    bool on_object_end(std::size_t n, boost::system::error_code&)
    {
        stack.push_object(n);
        keys.close();
        return true;
    }
    bool on_array_begin(boost::system::error_code&)
    {
        keys.open_array();
        return true;
    }
    bool on_array_end(std::size_t n, boost::system::error_code&)
    {
        stack.push_array(n);
        keys.close();
        return true;
    }
    bool on_key_part(boost::json::string_view s, std::size_t, boost::system::error_code&)
    {
        stack.push_chars(s);
        keys.append_key_part(s);
        return true;
    }
    bool on_key(boost::json::string_view s, std::size_t, boost::system::error_code& ec)
    {
        if(!keys.add_key(s))
        {
            duplicate_pointer = keys.current_pointer();
            ec = make_error_code(error::duplicate_key);
            return false;
        }
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
        keys.count_element();
        return true;
    }
    bool on_number_part(boost::json::string_view s, boost::system::error_code&)
    {
        number_parts.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t i, boost::json::string_view, boost::system::error_code&)
    {
        number_parts.clear();
        stack.push_int64(i);
        keys.count_element();
        return true;
    }
    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::system::error_code&)
    {
        number_parts.clear();
        stack.push_uint64(u);
        keys.count_element();
        return true;
    }
    bool on_double(double d, boost::json::string_view s, boost::system::error_code& ec)
    {
        // Boost.JSON turns 1e400 into infinity, which serializes as the
        // non-JSON token "Infinity": refuse it at the door. Boost 1.81's
        // fast conversion also overflows just below the largest double
        // (1.7976931348623158e308), so ask the exact from_chars first.
        if(!std::isfinite(d))
        {
            number_parts.append(s.data(), s.size());
            double exact = 0;
            auto const r = std::from_chars(number_parts.data(),
                                           number_parts.data() + number_parts.size(), exact);
            if(r.ec != std::errc() || !std::isfinite(exact))
            {
                ec = make_error_code(error::invalid_json);
                return false;
            }
            d = exact;
        }
        number_parts.clear();
        stack.push_double(d);
        keys.count_element();
        return true;
    }
    bool on_bool(bool b, boost::system::error_code&)
    {
        stack.push_bool(b);
        keys.count_element();
        return true;
    }
    bool on_null(boost::system::error_code&)
    {
        stack.push_null();
        keys.count_element();
        return true;
    }
    bool on_comment_part(boost::json::string_view, boost::system::error_code&) { return true; }
    bool on_comment(boost::json::string_view, boost::system::error_code&) { return true; }
};

using patch_parser = boost::json::basic_parser<patch_handler>;

} // namespace detail
} // namespace usage_session

#endif
