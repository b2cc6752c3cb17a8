#ifndef USAGE_SESSION_DETAIL_PATTERN_HPP
#define USAGE_SESSION_DETAIL_PATTERN_HPP

// Attribute patterns (SPEC §5: a template `regex`) run on a linear-time
// engine only, never a backtracking one (ReDoS). The engine is RE2, used
// when USAGE_SESSION_HAS_RE2 is defined (the CMake target defines it when
// RE2 is found, and links it); without it, compiling a pattern fails with a
// reason and the schema build reports bad_schema instead of silently
// skipping the rule. Define the macro the same way in every translation unit
// of a program.
//
// Semantics with RE2: the whole value must match (as if the pattern were
// wrapped in ^(?:...)$, so explicit anchors are harmless), both pattern and
// value are UTF-8, the syntax is RE2's (Perl-like, without backreferences,
// lookaround, atomic groups or possessive quantifiers: the constructs that
// need backtracking). Each compiled pattern may use at most
// pattern_memory_budget bytes; a pattern whose program does not fit fails to
// compile, and matching falls back from RE2's DFA to its NFA (still linear)
// rather than using more.

#include <usage_session/detail/text.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#ifdef USAGE_SESSION_HAS_RE2
#include <re2/re2.h>
#endif

namespace usage_session {
namespace detail {

// Memory RE2 may use for one compiled pattern (program and DFA caches).
inline constexpr std::size_t pattern_memory_budget = std::size_t(1) << 20;

// A compiled pattern; immutable, so matching is thread-safe.
class pattern
{
public:
    virtual ~pattern() = default;
    // Whether the whole of `text` (valid UTF-8) matches. Linear in the size
    // of `text`; may allocate within the pattern's memory budget (so only
    // std::bad_alloc can escape).
    virtual bool full_match(std::string_view text) const = 0;
};

#ifdef USAGE_SESSION_HAS_RE2

class re2_pattern final : public pattern
{
public:
    re2_pattern(std::string const& source, RE2::Options const& options) : re_(source, options) {}

    RE2 const& re() const noexcept { return re_; }

    bool full_match(std::string_view text) const override
    {
        // What RE2::FullMatch does with no capture arguments, minus its
        // argument handling: anchored at both ends, no submatches asked
        // for, so RE2 can answer from its DFA alone.
        re2::StringPiece const piece(text.data(), text.size());
        return re_.Match(piece, 0, piece.size(), RE2::ANCHOR_BOTH, nullptr, 0);
    }

private:
    RE2 re_;
};

// The RE2 error names a construct that only a backtracking engine offers.
inline char const* backtracking_construct(RE2 const& re, std::string_view source)
{
    std::string_view const arg = re.error_arg();
    auto starts = [arg](std::string_view prefix) { return arg.substr(0, prefix.size()) == prefix; };
    switch(re.error_code())
    {
    case RE2::ErrorBadPerlOp:
        if(starts("(?=") || starts("(?!"))
            return "lookahead";
        // RE2 quotes only "(?<" for lookbehind.
        if(starts("(?<") && (source.find("(?<=") != source.npos || source.find("(?<!") != source.npos))
            return "lookbehind";
        if(starts("(?>"))
            return "an atomic group";
        return nullptr;
    case RE2::ErrorBadEscape:
        if(arg.size() >= 2 && arg[0] == '\\' &&
           ((arg[1] >= '1' && arg[1] <= '9') || arg[1] == 'k' || arg[1] == 'g'))
            return "a backreference";
        return nullptr;
    case RE2::ErrorRepeatOp:
        if(arg.size() >= 2 && arg.back() == '+')
            return "a possessive quantifier";
        return nullptr;
    default:
        return nullptr;
    }
}

// Compiles `source`. On failure returns null and sets `why` to one English
// sentence saying what is wrong, safe to put in a message as it is: RE2's own
// error text echoes a fragment of the pattern, which may hold control
// characters, so it goes through append_sanitized.
inline std::shared_ptr<pattern const> compile_pattern(std::string const& source, std::string& why)
{
    RE2::Options options;
    options.set_encoding(RE2::Options::EncodingUTF8);
    options.set_log_errors(false);
    options.set_max_mem(static_cast<std::int64_t>(pattern_memory_budget));
    auto compiled = std::make_shared<re2_pattern>(source, options);
    RE2 const& re = compiled->re();
    if(re.ok())
        return compiled;
    std::string engine_says;
    append_sanitized(engine_says, re.error());
    if(char const* construct = backtracking_construct(re, source))
        why = std::string(construct) + " is not supported by a linear-time regular expression engine (RE2: " +
              engine_says + ")";
    else if(re.error_code() == RE2::ErrorPatternTooLarge)
        why = "the pattern is too large for its memory budget of " + std::to_string(pattern_memory_budget) +
              " bytes (RE2: " + engine_says + ")";
    else
        why = "RE2 cannot compile it: " + engine_says;
    return nullptr;
}

#else

// Compiles `source`. Without a linear-time engine in the build, always fails.
inline std::shared_ptr<pattern const> compile_pattern(std::string const& source, std::string& why)
{
    (void)source;
    why = "patterns need a linear-time regular expression engine, and this build of "
          "usage_session has none (build with RE2: USAGE_SESSION_HAS_RE2)";
    return nullptr;
}

#endif

} // namespace detail
} // namespace usage_session

#endif
