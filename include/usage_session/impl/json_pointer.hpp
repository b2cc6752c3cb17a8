#ifndef USAGE_SESSION_IMPL_JSON_POINTER_HPP
#define USAGE_SESSION_IMPL_JSON_POINTER_HPP

namespace usage_session {

inline void append_pointer_token(std::string& pointer, std::string_view token)
{
    pointer.push_back('/');
    for(char c : token)
    {
        if(c == '~')
            pointer.append("~0");
        else if(c == '/')
            pointer.append("~1");
        else
            pointer.push_back(c);
    }
}

inline void append_pointer_index(std::string& pointer, std::size_t index)
{
    pointer.push_back('/');
    pointer.append(std::to_string(index));
}

inline std::string make_pointer(std::string_view token)
{
    std::string pointer;
    append_pointer_token(pointer, token);
    return pointer;
}

} // namespace usage_session

#endif
