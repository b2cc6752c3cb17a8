#ifndef USAGE_SESSION_IMPL_VALIDATE_BYTES_HPP
#define USAGE_SESSION_IMPL_VALIDATE_BYTES_HPP

#include <usage_session/detail/streaming_validator.hpp>
#include <usage_session/impl/parse.hpp>
#include <usage_session/validate.hpp>

#include <utility>

namespace usage_session {
namespace detail {

// The pair validate_patch_bytes stands for. Taken for the rare bodies the
// streaming walk leaves alone: those that fail to parse (so parse_patch
// writes its report, offsets and all) and those whose top level is not an
// object.
inline report validate_through_dom(std::string_view body, schema const& s,
                                   validate_options const& o, parse_limits const& limits,
                                   boost::json::storage_ptr sp)
{
    auto parsed = parse_patch(body, limits, std::move(sp));
    if(!parsed)
        return std::move(parsed).error();
    return validate_patch(*parsed, s, o);
}

} // namespace detail

inline report validate_patch_bytes(std::string_view body, schema const& s,
                                   validate_options const& o, parse_limits const& limits,
                                   boost::json::storage_ptr sp)
{
    if(body.size() > limits.max_bytes)
        return detail::validate_through_dom(body, s, o, limits, std::move(sp));
    report r = report::capped(o.max_violations);
    bool parsed = false;
    {
        // The same parser options as parse_patch: the same faults.
        detail::streaming_validation_parser p(detail::parser_options(limits), body, s, r, sp);
        boost::system::error_code ec;
        std::size_t const used = p.write_some(false, body.data(), body.size(), ec);
        parsed = !ec && used == body.size();   // bytes after the document are a fault too
    }
    if(parsed)
        return r;
    return detail::validate_through_dom(body, s, o, limits, std::move(sp));
}

} // namespace usage_session

#endif
