#ifndef USAGE_SESSION_DETAIL_LOCATION_HPP
#define USAGE_SESSION_DETAIL_LOCATION_HPP

#include <usage_session/json_pointer.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace usage_session {
namespace detail {

// Where a validation walk is, as a chain of stack frames: each level of the
// walk owns one `location` on its own stack and points at its parent. Nothing
// is allocated until a violation needs the pointer text, so validating a valid
// document allocates nothing.
struct location
{
    location const* parent = nullptr;
    std::string_view key;    // member name, when !is_index
    std::size_t index = 0;   // array position, when is_index
    bool is_index = false;

    location member(std::string_view name) const noexcept
    {
        return location{this, name, 0, false};
    }

    location element(std::size_t i) const noexcept
    {
        return location{this, {}, i, true};
    }

    // The root location (the whole document) has no parent and no token.
    bool is_root() const noexcept
    {
        return parent == nullptr;
    }

    std::string pointer() const
    {
        std::string out;
        append_to(out);
        return out;
    }

private:
    // Recursion depth equals the document depth the walk reached, which the
    // walk itself bounds by its depth limit.
    void append_to(std::string& out) const
    {
        if(is_root())
            return;
        parent->append_to(out);
        if(is_index)
            append_pointer_index(out, index);
        else
            append_pointer_token(out, key);
    }
};

}   // namespace detail
}   // namespace usage_session

#endif
