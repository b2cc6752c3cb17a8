#ifndef USAGE_SESSION_VALIDATE_BYTES_HPP
#define USAGE_SESSION_VALIDATE_BYTES_HPP

/** @file
    Validation straight from the request bytes, without building the document.
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/json_pointer.hpp>
#include <usage_session/options.hpp>
#include <usage_session/parse.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>
#include <usage_session/timestamp.hpp>
#include <usage_session/validate.hpp>

#include <boost/json/storage_ptr.hpp>
#include <string_view>

namespace usage_session {

/** Checks the raw bytes of an Update Usage Session patch while parsing them,
    without building a `boost::json::value` of the document.

    The report is the one of
    @code
    auto parsed = parse_patch(body, limits);
    report r = parsed ? validate_patch(*parsed, s, o) : parsed.error();
    @endcode
    for every input, to the byte: the same violations in the same order,
    with the same pointers, codes, messages and details. In particular a
    body that @ref parse_patch rejects (`too_large`, `invalid_json`,
    `too_deep`, `duplicate_key`) gives only that one violation, even when
    schema violations came before the fault; and a report that reaches
    `o.max_violations` stops validating but not parsing, so a later parse
    fault still wins.

    A gateway that only forwards valid bytes needs nothing else; a service
    that also applies the patch calls @ref parse_patch anyway and then
    @ref validate_patch or @ref apply_update.

    How: Boost.JSON's `basic_parser` calls the validator member by member.
    A scalar member is checked on the parser's bytes by a quick test with
    the validator's rules that only says "certainly valid" or "not sure";
    a valid one is never built. Others are built as a small
    `boost::json::value` in scratch memory (a buffer on the stack, reused
    for each member) and checked by the validator's own functions, which
    write the report. `_configuration` and `_summary` are taken member by
    member; a free-form value (no definition, `any`, `object`) is not built
    but its depth is counted while it is parsed, and an `array` attribute
    with allowed values (a multi-select) is checked item by item. A body
    whose top level is not an object, any body that does not parse, and one
    with a multi-select that is not valid (rare) goes through
    @ref parse_patch and @ref validate_patch.

    @param body the raw request body (JSON text in UTF-8).
    @param s the schema of the custom attributes.
    @param o the cap on the report's size.
    @param limits the size and depth limits of @ref parse_patch.
    @param sp memory for whatever does not fit the stack buffers (member
        values larger than about 2 KB) and for the document on the paths that
        build it; the report itself uses the default allocator.
    @par Complexity Linear in `body.size()` (a body with an object of more
    than 16 members is read twice, a failing body up to four times to find
    the fault's exact offset).
    @par Exception Safety Only `std::bad_alloc` may be thrown.
*/
USAGE_SESSION_DECL
report validate_patch_bytes(std::string_view body,
                            schema const& s = schema::standard(),
                            validate_options const& o = {},
                            parse_limits const& limits = {},
                            boost::json::storage_ptr sp = {});

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/validate_bytes.hpp>
#endif

#endif
