#ifndef USAGE_SESSION_IMPL_PATH_HPP
#define USAGE_SESSION_IMPL_PATH_HPP

#include <usage_session/detail/grammar.hpp>
#include <usage_session/detail/text.hpp>
#include <usage_session/detail/utf8.hpp>

#include <string>

namespace usage_session {
namespace detail {

// Empty when the device id is fine, else why it is not.
inline char const* device_id_problem(std::string_view id) noexcept
{
    if(id.empty())
        return "must not be empty";
    if(id.size() > max_device_id_bytes)
        return "must be at most 256 bytes long";
    for(std::size_t i = 0; i < id.size();)
    {
        std::uint32_t cp;
        std::size_t const len = decode_utf8(id, i, cp);
        if(len == 0)
            return "must be valid UTF-8";
        if(is_control(cp))
            return "must not contain control characters";
        i += len;
    }
    return nullptr;
}

}   // namespace detail

report validate_path(std::string_view device_id, std::string_view id)
{
    report r;
    if(char const* problem = detail::device_id_problem(device_id))
        r.add(violation{"/deviceId", error::bad_device_id,
                        std::string("deviceId ") + problem + "; got " + detail::quoted(device_id) +
                            " (" + std::to_string(device_id.size()) + " bytes)."});
    if(!detail::is_uuid(id))
        r.add(violation{"/id", error::bad_uuid,
                        "id must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6; got " +
                            detail::quoted(id) + "."});
    return r;
}

}   // namespace usage_session

#endif
