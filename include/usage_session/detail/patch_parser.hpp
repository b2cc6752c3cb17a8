#ifndef USAGE_SESSION_DETAIL_PATCH_PARSER_HPP
#define USAGE_SESSION_DETAIL_PATCH_PARSER_HPP

// A Boost.JSON basic_parser handler that builds a value exactly like
// boost::json::parser does, and additionally rejects duplicate member names
// and non-finite numbers, which Boost.JSON accepts silently.

#include <usage_session/error.hpp>
#include <usage_session/json_pointer.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace usage_session {
namespace detail {

// Remembers the member names of every open object, to find duplicates.
// Small objects are searched linearly; an object that reaches
// `index_threshold` members gets its own open-addressing hash index (key
// ids into one shared arena), dropped whole when the object closes, so even
// a million members cost linear time and no per-name allocation.
class duplicate_key_tracker
{
public:
    void open_object()
    {
        frames_.push_back(frame{true, keys_.size(), arena_.size(), 0, {}});
    }

    void open_array()
    {
        frames_.push_back(frame{false, keys_.size(), arena_.size(), 0, {}});
    }

    void close()
    {
        frame const& f = frames_.back();
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
        keys_.push_back(key{arena_.size(), pending_.size()});
        arena_.append(pending_);
        pending_.clear();

        std::size_t const count = id - f.first_key + 1;   // with the new key
        if(count < index_threshold)
        {
            for(std::size_t i = f.first_key; i < id; ++i)
                if(text(i) == text(id))
                    return false;
            return true;
        }
        // Keep the load at most one half: probes stay short.
        if(count * 2 > f.index.size())
            rebuild_index(f, id, std::max<std::size_t>(4 * index_threshold, 2 * f.index.size()));
        return insert(f, id);
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
    };

    struct frame
    {
        bool is_object;
        std::size_t first_key;   // index into keys_
        std::size_t first_byte;  // index into arena_
        std::size_t elements;    // for arrays: elements completed so far
        // For large objects: slots holding key id + 1 (0 = empty); the size
        // is a power of two. Empty while the object is small.
        std::vector<std::size_t> index;
    };

    std::string_view text(std::size_t id) const noexcept
    {
        return std::string_view(arena_).substr(keys_[id].offset, keys_[id].size);
    }

    // Inserts key `id` into the object's index; false if its name is there.
    bool insert(frame& f, std::size_t id) const
    {
        std::size_t const mask = f.index.size() - 1;
        std::string_view const name = text(id);
        for(std::size_t slot = std::hash<std::string_view>()(name) & mask;; slot = (slot + 1) & mask)
        {
            if(f.index[slot] == 0)
            {
                f.index[slot] = id + 1;
                return true;
            }
            if(text(f.index[slot] - 1) == name)
                return false;
        }
    }

    // Indexes the object's keys before `end` (all distinct) in `size` slots.
    void rebuild_index(frame& f, std::size_t end, std::size_t size) const
    {
        f.index.assign(size, 0);
        for(std::size_t i = f.first_key; i < end; ++i)
            insert(f, i);
    }

    // The last key of frame `f`: the first key after it belongs to a child
    // frame, so look for the child's first key.
    std::size_t last_key_of(frame const& f) const noexcept
    {
        frame const* next = &f + 1;
        bool const has_child = next != frames_.data() + frames_.size();
        return (has_child ? next->first_key : keys_.size()) - 1;
    }

    std::vector<frame> frames_;
    std::vector<key> keys_;
    std::string arena_;
    std::string pending_;
};

// Boost.JSON 1.81's conversion is not always correctly rounded:
// 9.999000000000001E2, the double after 999.9, reads as 999.9, so a value
// just beyond a bound would pass (the Ajv cross-check found it). It also
// overflows just below the largest double and turns 1e400 into infinity,
// which serializes as the non-JSON token "Infinity". So every number with
// a fraction or an exponent is read again, exactly, by from_chars
// (locale-independent). `parsed` is Boost.JSON's reading of `text`.
// Returns false for a number too large for a double.
inline bool read_double_exactly(double parsed, std::string_view text, double& exact) noexcept
{
    auto const r = std::from_chars(text.data(), text.data() + text.size(), exact);
    if(r.ec == std::errc::result_out_of_range && std::fabs(parsed) < 1)
    {
        // Too small for a double (1e-400): rounds to zero, as anywhere.
        exact = text.front() == '-' ? -0.0 : 0.0;
        return true;
    }
    return r.ec == std::errc() && std::isfinite(exact);
}

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
        // The text is in `s` unless the number was split across input
        // pieces (then in number_parts too): no allocation in the usual case.
        if(!number_parts.empty())
            number_parts.append(s.data(), s.size());
        std::string_view const text = number_parts.empty() ? std::string_view(s.data(), s.size())
                                                           : std::string_view(number_parts);
        double exact = 0;
        if(!read_double_exactly(d, text, exact))
        {
            ec = make_error_code(error::invalid_json);
            return false;
        }
        number_parts.clear();
        stack.push_double(exact);
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
