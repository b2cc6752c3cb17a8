#ifndef USAGE_SESSION_SERIALIZE_HPP
#define USAGE_SESSION_SERIALIZE_HPP

/** @file
    JSON text with numbers written as the platform's JavaScript clients
    write them.
*/

#include <usage_session/detail/config.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

namespace usage_session {

/** Writes `jv` as compact JSON text, numbers as JavaScript writes them.

    The text is what the platform's own clients produce with
    `JSON.stringify`, so a stored document that went through a client comes
    back byte for byte, members a patch did not touch included:

    @li `int64` and `uint64` values: their decimal digits (`40`, `-7`,
        `18446744073709551615`);
    @li a finite double: the fewest digits that read back as the same
        double, laid out as ECMAScript's `Number::toString` lays them out:
        plain digits while the decimal exponent is from -6 to 20 (`12.5`,
        `100`, `0.000001`, `123456789012345680000`), else scientific with a
        lower-case `e` and a sign (`1e-7`, `1.5e+21`). An integral double is
        written without a fraction (`1.0` as `1`), so it reads back as an
        integer of the same value, as in JavaScript, which has one number
        type;
    @li `-0.0` as `-0.0`, where `JSON.stringify` writes `0`: `-0.0` is the
        shortest text that Boost.JSON and @ref parse_patch read back as
        `-0.0` (`-0` reads as the integer 0);
    @li a double that is not finite (only a value built in code can hold
        one: @ref parse_patch refuses them) as `null`, as `JSON.stringify`
        writes it, never as `Infinity` or `1e99999`;
    @li strings and member names escaped exactly as `boost::json::serialize`
        escapes them, which for UTF-8 text is also exactly what
        `JSON.stringify` does: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`,
        other control characters as `\u00XX` (lower-case hex), everything
        else as it is. Bytes that are not UTF-8 (only a value built in code
        can hold them) are copied unchanged, as Boost.JSON does.

    Objects keep their member order; there is no whitespace. Apart from
    doubles the text is the same as `boost::json::serialize`'s, which writes
    doubles in its own scientific form (`12.5` as `1.25E1`, `1.0` as `1E0`,
    `-0.0` as `-0E0`).

    @param jv the value to write; any depth (the writer keeps its own stack).
    @return the JSON text.
    @par Complexity Linear in the size of `jv`.
    @par Exception Safety Strong; only `std::bad_alloc` may be thrown.
    @see ECMA-262 §6.1.6.1.20 `Number::toString`, §25.5.2 `JSON.stringify`
*/
USAGE_SESSION_DECL
std::string serialize(boost::json::value const& jv);

/// @copydoc serialize(boost::json::value const&)
USAGE_SESSION_DECL
std::string serialize(boost::json::object const& jv);

/// @copydoc serialize(boost::json::value const&)
USAGE_SESSION_DECL
std::string serialize(boost::json::array const& jv);

/** Appends the text @ref serialize(boost::json::value const&) gives `jv`
    to `out`.

    For callers who reuse one buffer: `out.clear()` keeps its capacity, so
    a warm buffer writes a document without allocating.

    @par Complexity Linear in the size of `jv`.
    @par Exception Safety Strong: on `std::bad_alloc`, `out` is as before.
*/
USAGE_SESSION_DECL
void serialize(boost::json::value const& jv, std::string& out);

/// @copydoc serialize(boost::json::value const&, std::string&)
USAGE_SESSION_DECL
void serialize(boost::json::object const& jv, std::string& out);

/// @copydoc serialize(boost::json::value const&, std::string&)
USAGE_SESSION_DECL
void serialize(boost::json::array const& jv, std::string& out);

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/serialize.hpp>
#endif

#endif
