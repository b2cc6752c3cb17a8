#ifndef USAGE_SESSION_IMPL_SCHEMA_HPP
#define USAGE_SESSION_IMPL_SCHEMA_HPP

#include <algorithm>
#include <utility>

namespace usage_session {

inline schema::schema()
    : read_only_(default_read_only_attributes.begin(), default_read_only_attributes.end())
{
    std::sort(read_only_.begin(), read_only_.end());
}

inline schema const& schema::standard()
{
    static schema const instance;
    return instance;
}

inline bool schema::is_read_only(std::string_view name) const noexcept
{
    auto const it = std::lower_bound(read_only_.begin(), read_only_.end(), name,
        [](std::string const& a, std::string_view b) { return std::string_view(a) < b; });
    return it != read_only_.end() && *it == name;
}

inline schema_builder& schema_builder::require_start_and_state(bool on)
{
    schema_.require_start_and_state_ = on;
    return *this;
}

inline schema_builder& schema_builder::read_only_attributes(std::vector<std::string> names)
{
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    schema_.read_only_ = std::move(names);
    return *this;
}

inline schema_builder& schema_builder::accept_unknown(scope where, bool on)
{
    schema_.accept_unknown_[static_cast<std::size_t>(where)] = on;
    return *this;
}

inline schema_builder& schema_builder::max_depth(std::size_t levels)
{
    schema_.max_depth_ = levels;
    return *this;
}

inline schema schema_builder::build() const
{
    return schema_;
}

} // namespace usage_session

#endif
