#ifndef USAGE_SESSION_IMPL_PARSE_HPP
#define USAGE_SESSION_IMPL_PARSE_HPP

#include <usage_session/detail/patch_parser.hpp>
#include <usage_session/detail/text.hpp>

#include <algorithm>
#include <string>
#include <utility>

namespace usage_session {
namespace detail {

inline boost::json::parse_options parser_options(parse_limits const& limits) noexcept
{
    boost::json::parse_options opt;
    opt.max_depth = effective_depth(limits.max_depth);
    // Strict RFC 8259: no comments, no trailing commas, no invalid UTF-8.
    return opt;
}

// Feeds `body` to a fresh parser: the first `whole` bytes in one call, then
// the rest in pieces of `step` bytes, then the end of input. On failure sets
// `ec` and returns the end of the piece that failed; `at_end` tells that
// only the end of input showed the failure (a document cut short). Bytes
// after a complete document are reported as boost::json::error::extra_data.
inline std::size_t feed(std::string_view body, parse_limits const& limits,
                        std::size_t whole, std::size_t step,
                        boost::system::error_code& ec, bool& at_end)
{
    patch_parser p(parser_options(limits), boost::json::storage_ptr());
    p.handler().keys->set_source(body.data(), body.size());
    at_end = false;
    std::size_t fed = 0;
    while(fed < body.size())
    {
        std::size_t const n = fed == 0 && whole > 0
                                  ? std::min(whole, body.size())
                                  : std::min(step, body.size() - fed);
        std::size_t const used = p.write_some(true, body.data() + fed, n, ec);
        if(!ec && used < n)
        {
            ec = boost::json::error::extra_data;
            return fed + used + 1;
        }
        fed += n;
        if(ec)
            return fed;
    }
    p.write_some(false, nullptr, 0, ec);
    at_end = true;
    return body.size();
}

// The byte offset at which parsing fails. Only called on the error path:
// one pass in 1 KiB pieces finds the failing piece, a second pass feeds
// everything before it at once and the piece byte by byte. Failure is
// monotonic in the prefix length, so the first failing byte is the offset;
// a document that is merely cut short fails at body.size().
inline std::size_t error_offset(std::string_view body, parse_limits const& limits)
{
    constexpr std::size_t piece = 1024;
    boost::system::error_code ec;
    bool at_end = false;
    std::size_t const piece_end = feed(body, limits, 0, piece, ec, at_end);
    if(at_end)
        return body.size();
    std::size_t const piece_start = (piece_end - 1) / piece * piece;
    std::size_t const byte_end = feed(body, limits, piece_start, 1, ec, at_end);
    return at_end ? body.size() : byte_end - 1;
}

inline report single_violation(std::string pointer, error code, std::string message)
{
    report r;
    r.add(violation{std::move(pointer), code, std::move(message)});
    return r;
}

}   // namespace detail

boost::system::result<boost::json::value, report>
parse_patch(std::string_view body, parse_limits const& limits, boost::json::storage_ptr sp)
{
    using result_type = boost::system::result<boost::json::value, report>;
    if(body.size() > limits.max_bytes)
        return result_type(boost::system::in_place_error, detail::single_violation(
                                                              std::string(), error::too_large,
                                                              "The body is " + std::to_string(body.size()) + " bytes; the limit is " +
                                                                  std::to_string(limits.max_bytes) + " bytes (exceeded at byte offset " +
                                                                  std::to_string(limits.max_bytes) + ")."));

    boost::json::parse_options const options = detail::parser_options(limits);
    boost::system::error_code ec;
    {
        // The fast pass, for valid bodies: duplicates only counted (see
        // detail::duplicate_check::by_member_count).
        detail::patch_parser fast(options, sp, detail::duplicate_check::by_member_count);
        std::size_t const used = fast.write_some(false, body.data(), body.size(), ec);
        if(!ec && used == body.size())
        {
            boost::json::value v = fast.handler().stack.release();
            if(detail::count_members(v) == fast.handler().members_parsed)
                return v;
        }
        if(ec == boost::json::error::exponent_overflow)
        {
            // A finite number Boost.JSON cannot count the exponent of
            // (0e999999999999): once more, on a copy whose exponents it can
            // count (see detail::tame_huge_exponents). Every byte keeps its
            // offset, so a report reads the same.
            std::string tamed(body);
            if(detail::tame_huge_exponents(tamed))
                return parse_patch(tamed, limits, std::move(sp));
        }
    }

    // Something is wrong: parse again, name by name, to stop at the first
    // problem (which may be a duplicate before a syntax error). On the
    // default resource, as error_offset: the value is thrown away, and a
    // caller's fixed buffer need not hold a second copy.
    detail::patch_parser p(options, boost::json::storage_ptr());
    // Member names are compared where they lie in `body`, not copied.
    p.handler().keys->set_source(body.data(), body.size());
    ec = {};
    std::size_t const used = p.write_some(false, body.data(), body.size(), ec);
    if(!ec && used < body.size())
        ec = boost::json::error::extra_data;
    if(!ec)   // not reached (the fast pass failed), but never wrong
        return boost::json::value(p.handler().stack.release(), std::move(sp));

    std::size_t const offset = detail::error_offset(body, limits);
    std::string const at = " at byte offset " + std::to_string(offset) + ".";
    if(ec == error::duplicate_key)
    {
        std::string pointer = p.handler().duplicate_pointer;
        std::string message = "The member name ";
        detail::append_quoted(message, p.handler().keys->last_key());
        message += " appears twice in the same object" + at;
        return result_type(boost::system::in_place_error, detail::single_violation(
                                                              std::move(pointer), error::duplicate_key, std::move(message)));
    }
    if(ec == boost::json::error::too_deep)
        return result_type(boost::system::in_place_error, detail::single_violation(
                                                              std::string(), error::too_deep,
                                                              "The body is nested deeper than " +
                                                                  std::to_string(detail::effective_depth(limits.max_depth)) +
                                                                  " levels" + at));
    if(ec == error::invalid_json)
        return result_type(boost::system::in_place_error, detail::single_violation(
                                                              std::string(), error::invalid_json,
                                                              "The body holds a number too large for a double" + at));
    return result_type(boost::system::in_place_error, detail::single_violation(
                                                          std::string(), error::invalid_json,
                                                          "The body is not valid JSON (" + ec.message() + ")" + at));
}

}   // namespace usage_session

#endif
