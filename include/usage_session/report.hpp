#ifndef USAGE_SESSION_REPORT_HPP
#define USAGE_SESSION_REPORT_HPP

/** @file
    What validation returns: an ordered list of violations.
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/error.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/json/object.hpp>
#include <boost/throw_exception.hpp>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace usage_session {

/** One broken rule (docs/contract.md §7.2).

    @li `pointer` is an RFC 6901 JSON Pointer to the offending member, or to
        where a missing member should be (`/_state`); `""` is the whole
        document; path parameters use `/deviceId` and `/id`.
    @li `code` is the rule, convertible to `boost::system::error_code`.
    @li `message` is one English sentence naming the attribute, the rule and
        the offending value. Echoed input is cut to 64 code points and control
        characters are escaped; values of sensitive attributes never appear.
    @li `details` carries the same facts for machines (see below).
*/
struct violation
{
    /// RFC 6901 JSON Pointer to the offending member (`""` for the whole document).
    std::string pointer;
    /// The broken rule.
    error code;
    /// One English sentence, safe to log and to return to a client.
    std::string message;

    /** Machine-readable facts for @ref to_platform_error, such as `value`
        (a scalar, strings cut to 64 code points; never for sensitive
        attributes), `type` (the expected JSON type), `state`,
        `currentState`, `targetState`. Often empty; an empty object does
        not allocate. */
    boost::json::object details = {};

    /// Equal when every member is equal.
    friend bool operator==(violation const& a, violation const& b) noexcept
    {
        return a.code == b.code && a.pointer == b.pointer && a.message == b.message &&
               a.details == b.details;
    }
    /// Not @ref operator==.
    friend bool operator!=(violation const& a, violation const& b) noexcept
    {
        return !(a == b);
    }
};

/// The default cap on the number of violations a report keeps.
inline constexpr std::size_t default_max_violations = 100;

/** The ordered list of violations found in one input.

    Order: members present in the input in document order, then missing
    required members in schema order, then cross-field rules. Identical input
    gives an identical report.

    A report keeps at most `max_violations()` entries and then one final
    `too_many_violations` entry; after that it is @ref full and validation
    stops early.
*/
class report
{
public:
    /// The element type: a report is a read-only range of violations.
    using value_type = violation;
    /// Iterates the violations in report order.
    using const_iterator = std::vector<violation>::const_iterator;
    /// Also read-only: violations are only added through @ref add and @ref append.
    using iterator = const_iterator;

    /// An empty (successful) report keeping at most @ref default_max_violations entries.
    report() noexcept = default;

    /** An empty report keeping at most `max_violations` entries.

        A named function rather than a constructor from an integer: that
        would make `boost::system::result<int, report> r = 42;` ambiguous.
    */
    static report capped(std::size_t max_violations) noexcept
    {
        report r;
        r.max_violations_ = max_violations;
        return r;
    }

    /// True when no rule is broken.
    bool ok() const noexcept { return violations_.empty(); }

    /// Same as ok(): `if(report r = validate_patch(p))` reads "if valid".
    explicit operator bool() const noexcept { return ok(); }

    /// The number of violations, including a final `too_many_violations`.
    std::size_t size() const noexcept { return violations_.size(); }
    /// The first violation.
    const_iterator begin() const noexcept { return violations_.begin(); }
    /// Past the last violation.
    const_iterator end() const noexcept { return violations_.end(); }
    /// The violation at `i`; `i < size()` is required.
    violation const& operator[](std::size_t i) const noexcept { return violations_[i]; }

    /// The violations, in report order.
    std::vector<violation> const& violations() const noexcept { return violations_; }

    /// How many violations are kept before `too_many_violations` closes the report.
    std::size_t max_violations() const noexcept { return max_violations_; }

    /// True once the report ends with `too_many_violations`: nothing more is added.
    bool full() const noexcept { return full_; }

    /** Appends a violation, or closes the report when it is at its cap.

        Returns false when the report is (now) full, so that a walk producing
        violations knows it can stop.
    */
    USAGE_SESSION_DECL
    bool add(violation v);

    /// Appends every violation of `other` (respecting this report's cap).
    USAGE_SESSION_DECL
    bool append(report const& other);

    /// Equal when both hold the same violations in the same order (the caps are not compared).
    friend bool operator==(report const& a, report const& b) noexcept
    {
        return a.violations_ == b.violations_;
    }
    /// Not @ref operator==.
    friend bool operator!=(report const& a, report const& b) noexcept
    {
        return !(a == b);
    }

private:
    std::vector<violation> violations_;
    std::size_t max_violations_ = default_max_violations;
    bool full_ = false;
};

/** The exception thrown by `result<T, report>::value()` on a report.

    Only the throwing accessors of `boost::system::result` use it; the
    library itself never throws it.
*/
class report_error : public std::runtime_error
{
public:
    /// Holds `r`; `what()` is its first message and how many more there are.
    USAGE_SESSION_DECL
    explicit report_error(report r);

    /// The report that was not handled.
    report const& get_report() const noexcept { return report_; }

private:
    report report_;
};

// Inline in both modes, never compiled once: it must throw, or call the
// program's boost::throw_exception hook, as the calling file is compiled
// (with or without exceptions; docs/no-exceptions.md).
/** Found by argument-dependent lookup from `boost::system::result<T, report>`:
    `value()` on a result holding a report throws @ref report_error. */
[[noreturn]] inline void throw_exception_from_error(report const& r, boost::source_location const& loc)
{
    boost::throw_exception(report_error(r), loc);
}

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/report.hpp>
#endif

#endif
