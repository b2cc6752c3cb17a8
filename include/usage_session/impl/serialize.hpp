#ifndef USAGE_SESSION_IMPL_SERIALIZE_HPP
#define USAGE_SESSION_IMPL_SERIALIZE_HPP

#include <usage_session/detail/number_text.hpp>

#include <boost/container/small_vector.hpp>
#include <boost/json/string_view.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>

namespace usage_session {
namespace detail {

// Escapes as boost::json::serialize does (and JSON.stringify does for UTF-8
// text): only the quote, the backslash and the control characters.
inline void append_string(std::string& out, boost::json::string_view s)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    char const* run = s.data();
    char const* const end = s.data() + s.size();
    for(char const* p = run; p != end; ++p)
    {
        auto const c = static_cast<unsigned char>(*p);
        if(c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(run, static_cast<std::size_t>(p - run));
        run = p + 1;
        char escape = 0;
        switch(c)
        {
        case '"': escape = '"'; break;
        case '\\': escape = '\\'; break;
        case '\b': escape = 'b'; break;
        case '\f': escape = 'f'; break;
        case '\n': escape = 'n'; break;
        case '\r': escape = 'r'; break;
        case '\t': escape = 't'; break;
        default: break;
        }
        if(escape != 0)
        {
            char const two[2] = {'\\', escape};
            out.append(two, 2);
        }
        else
        {
            char const six[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            out.append(six, 6);
        }
    }
    out.append(run, static_cast<std::size_t>(end - run));
    out.push_back('"');
}

inline void append_scalar(std::string& out, boost::json::value const& v)
{
    char text[max_double_text];
    char* end = text;
    switch(v.kind())
    {
    case boost::json::kind::null:
        out.append("null", 4);
        return;
    case boost::json::kind::bool_:
        if(v.get_bool())
            out.append("true", 4);
        else
            out.append("false", 5);
        return;
    case boost::json::kind::string:
        append_string(out, v.get_string());
        return;
    case boost::json::kind::int64:
        end = std::to_chars(text, text + sizeof text, v.get_int64()).ptr;
        break;
    case boost::json::kind::uint64:
        end = std::to_chars(text, text + sizeof text, v.get_uint64()).ptr;
        break;
    case boost::json::kind::double_:
        // JSON has no infinity or NaN; JSON.stringify writes null.
        if(!std::isfinite(v.get_double()))
        {
            out.append("null", 4);
            return;
        }
        end = write_double(v.get_double(), text);
        break;
    case boost::json::kind::array:
    case boost::json::kind::object:
        break;   // the caller's
    }
    out.append(text, static_cast<std::size_t>(end - text));
}

// Writes containers with a stack of its own, so that the depth of a value
// built in code cannot overflow the call stack; 32 levels (parse_patch's
// default limit) need no allocation.
class json_writer
{
public:
    explicit json_writer(std::string& out) noexcept : out_(out) {}

    void write(boost::json::value const& v)
    {
        open(v);
        drain();
    }

    void write(boost::json::object const& o)
    {
        open(o);
        drain();
    }

    void write(boost::json::array const& a)
    {
        open(a);
        drain();
    }

private:
    // One open container: an object walks members, an array elements.
    struct frame
    {
        bool object;
        bool first;
        boost::json::object::const_iterator member;
        boost::json::object::const_iterator members_end;
        boost::json::array::const_iterator element;
        boost::json::array::const_iterator elements_end;
    };

    void open(boost::json::object const& o)
    {
        out_.push_back('{');
        stack_.push_back(frame{true, true, o.begin(), o.end(), {}, {}});
    }

    void open(boost::json::array const& a)
    {
        out_.push_back('[');
        stack_.push_back(frame{false, true, {}, {}, a.begin(), a.end()});
    }

    void open(boost::json::value const& v)
    {
        if(v.is_object())
            open(v.get_object());
        else if(v.is_array())
            open(v.get_array());
        else
            append_scalar(out_, v);
    }

    void drain()
    {
        while(!stack_.empty())
        {
            frame& f = stack_.back();
            boost::json::value const* next = nullptr;
            if(f.object)
            {
                if(f.member == f.members_end)
                {
                    out_.push_back('}');
                    stack_.pop_back();
                    continue;
                }
                if(!f.first)
                    out_.push_back(',');
                f.first = false;
                append_string(out_, f.member->key());
                out_.push_back(':');
                next = &f.member->value();
                ++f.member;
            }
            else
            {
                if(f.element == f.elements_end)
                {
                    out_.push_back(']');
                    stack_.pop_back();
                    continue;
                }
                if(!f.first)
                    out_.push_back(',');
                f.first = false;
                next = f.element;
                ++f.element;
            }
            open(*next);   // may push, so `f` is not used after this
        }
    }

    std::string& out_;
    boost::container::small_vector<frame, 32> stack_;
};

// Gives the strong guarantee to the appending overloads: unless the writer
// finished, `out` is cut back to its old size (which never throws).
class append_guard
{
public:
    explicit append_guard(std::string& out) noexcept : out_(out), size_(out.size()) {}
    append_guard(append_guard const&) = delete;
    append_guard& operator=(append_guard const&) = delete;
    ~append_guard()
    {
        if(!done_)
            out_.resize(size_);
    }
    void done() noexcept { done_ = true; }

private:
    std::string& out_;
    std::size_t size_;
    bool done_ = false;
};

template<class Json>
void serialize_append(Json const& jv, std::string& out)
{
    append_guard guard(out);
    json_writer(out).write(jv);
    guard.done();
}

template<class Json>
std::string serialize_new(Json const& jv)
{
    std::string out;
    json_writer(out).write(jv);
    return out;
}

}   // namespace detail

std::string serialize(boost::json::value const& jv)
{
    return detail::serialize_new(jv);
}

std::string serialize(boost::json::object const& jv)
{
    return detail::serialize_new(jv);
}

std::string serialize(boost::json::array const& jv)
{
    return detail::serialize_new(jv);
}

void serialize(boost::json::value const& jv, std::string& out)
{
    detail::serialize_append(jv, out);
}

void serialize(boost::json::object const& jv, std::string& out)
{
    detail::serialize_append(jv, out);
}

void serialize(boost::json::array const& jv, std::string& out)
{
    detail::serialize_append(jv, out);
}

}   // namespace usage_session

#endif
