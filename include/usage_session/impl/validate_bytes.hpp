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

// One streaming walk over `body` into `r`; false when the parse stopped
// (a fault, a duplicate name, a top level that is not an object, a
// free-form value too deep) and the DOM path must decide. `thorough_keys`
// tells when small_duplicate_finder gave up and the walk must be redone.
inline bool validate_streaming(std::string_view body, schema const& s, parse_limits const& limits,
                               boost::json::storage_ptr const& sp, bool use_thorough_keys,
                               report& r, bool& thorough_keys)
{
    // The same parser options as parse_patch: the same faults.
    streaming_validation_parser p(parser_options(limits), body, s, r, sp, use_thorough_keys);
    boost::system::error_code ec;
    // The whole body in one call, as the end of input: no copying of
    // numbers or names split between calls.
    std::size_t const used = p.write_some(false, body.data(), body.size(), ec);
    thorough_keys = p.handler().needs_thorough_keys();
    return !ec && used == body.size();   // bytes after the document are a fault too
}

}   // namespace detail

report validate_patch_bytes(std::string_view body, schema const& s,
                            validate_options const& o, parse_limits const& limits,
                            boost::json::storage_ptr sp)
{
    if(body.size() > limits.max_bytes)
        return detail::validate_through_dom(body, s, o, limits, std::move(sp));
    report r = report::capped(o.max_violations);
    bool thorough_keys = false;
    if(detail::validate_streaming(body, s, limits, sp, false, r, thorough_keys))
        return r;
    if(thorough_keys)
    {
        // A body with a large object (or deep, or with long escaped
        // names): again, with the duplicate check that has no limits.
        r = report::capped(o.max_violations);
        if(detail::validate_streaming(body, s, limits, sp, true, r, thorough_keys))
            return r;
    }
    return detail::validate_through_dom(body, s, o, limits, std::move(sp));
}

}   // namespace usage_session

#endif
