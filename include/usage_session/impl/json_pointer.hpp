#ifndef USAGE_SESSION_IMPL_JSON_POINTER_HPP
#define USAGE_SESSION_IMPL_JSON_POINTER_HPP

namespace usage_session {

void append_pointer_token(std::string& pointer, std::string_view token)
{
    // Reserve first: once that succeeds the appends cannot fail, which
    // makes the guarantee strong.
    std::size_t escapes = 0;
    for(char c : token)
        escapes += c == '~' || c == '/';
    pointer.reserve(pointer.size() + 1 + token.size() + escapes);
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

void append_pointer_index(std::string& pointer, std::size_t index)
{
    std::string const digits = std::to_string(index);
    pointer.reserve(pointer.size() + 1 + digits.size());
    pointer.push_back('/');
    pointer.append(digits);
}

std::string make_pointer(std::string_view token)
{
    std::string pointer;
    append_pointer_token(pointer, token);
    return pointer;
}

}   // namespace usage_session

#endif
