#ifndef USAGE_SESSION_DETAIL_VALIDATOR_HPP
#define USAGE_SESSION_DETAIL_VALIDATOR_HPP

// The one validation walk behind validate_patch and validate_session. It
// stops as soon as the report is full, so a report capped at one violation
// is "first error only" from the same code.

#include <usage_session/detail/grammar.hpp>
#include <usage_session/detail/location.hpp>
#include <usage_session/detail/text.hpp>
#include <usage_session/detail/utf8.hpp>
#include <usage_session/detail/vocabulary.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>

#include <boost/config.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace usage_session {
namespace detail {

enum class document_kind
{
    patch,    // an update: read-only attributes are refused
    session   // a stored session: read-only attributes are part of it
};

// "_summary._stopReason", "batteryPercent", "tags[2]": the attribute as a
// reader would name it. Input-controlled names are quoted and escaped.
inline std::string attribute_label(location const& at)
{
    // Only called for a violation, so allocating here is fine.
    std::vector<location const*> chain;
    for(location const* l = &at; l && !l->is_root(); l = l->parent)
        chain.push_back(l);
    std::string label;
    for(auto it = chain.rbegin(); it != chain.rend(); ++it)
    {
        location const& l = **it;
        if(l.is_index)
            label += "[" + std::to_string(l.index) + "]";
        else
        {
            if(!label.empty())
                label += '.';
            label.append(l.key.data(), l.key.size());
        }
    }
    bool plain = !label.empty() && label.size() <= max_echo_code_points;
    for(char c : label)
        if(c <= ' ' || c > '~' || c == '"' || c == '\\')
            plain = false;
    return plain ? label : quoted(label);
}

// "1 character", "64 characters": lengths are counted in code points.
inline std::string characters(std::size_t n)
{
    return std::to_string(n) + (n == 1 ? " character" : " characters");
}

// 2^63 as a double: the first double past INT64_MAX.
inline constexpr double two_to_63 = 9223372036854775808.0;
// 2^53 - 1: the largest integer n such that n and n + 1 are both doubles.
inline constexpr double max_safe_integer = 9007199254740991.0;

// The sign of `value - bound`, computed exactly (converting an int64 to a
// double could round it onto the bound); 0 when there is no bound.
// Bounds are finite (schema_builder::build checks).
inline int compare_exact(std::int64_t value, std::optional<double> const& bound) noexcept
{
    if(!bound)
        return 0;
    double const b = *bound;
    // Integers up to 2^53 in magnitude are exact doubles, so for them (all
    // but the largest) a plain double comparison is exact.
    constexpr std::int64_t exact_in_double = std::int64_t(1) << 53;
    if(value >= -exact_in_double && value <= exact_in_double)
    {
        double const x = static_cast<double>(value);
        return x < b ? -1 : x > b ? 1
                                  : 0;
    }
    if(b >= two_to_63)
        return -1;
    if(b < -two_to_63)
        return 1;
    // b is in [-2^63, 2^63), so floor(b) is an exact int64. Computed by
    // truncating and stepping down for a negative fraction rather than by
    // std::floor, which is a library call on baseline x86-64. The
    // truncation is exact as a double (|fi| <= |b|, and doubles of 2^52 and
    // above have no fraction), so the comparisons with b are exact too.
    std::int64_t fi = static_cast<std::int64_t>(b);
    if(static_cast<double>(fi) > b)
        --fi;
    if(value != fi)
        return value < fi ? -1 : 1;
    return static_cast<double>(fi) == b ? 0 : -1;   // value == floor(b) < b when b has a fraction
}

inline int compare_exact(std::uint64_t value, std::optional<double> const& bound) noexcept
{
    if(value <= static_cast<std::uint64_t>(INT64_MAX))
        return compare_exact(static_cast<std::int64_t>(value), bound);
    if(!bound)
        return 0;
    double const b = *bound;
    if(b < two_to_63)
        return 1;
    if(b >= 2 * two_to_63)
        return -1;
    // b is in [2^63, 2^64): an integer (doubles there have no fraction).
    std::uint64_t const bi = static_cast<std::uint64_t>(b);
    return value < bi ? -1 : value > bi ? 1
                                        : 0;
}

inline int compare_exact(double value, std::optional<double> const& bound) noexcept
{
    if(!bound)
        return 0;
    return value < *bound ? -1 : value > *bound ? 1
                                                : 0;
}

// A bound for violation::details: integral bounds as integers, so that they
// serialize as `5`, not `5e0`.
inline boost::json::value bound_value(double b)
{
    if(std::trunc(b) == b && b >= -two_to_63 && b < two_to_63)
        return static_cast<std::int64_t>(b);
    return b;
}

// What the walk over a patch passes on its way that apply_update's
// cross-field rules need again: where the members they read are, and the
// timestamps parsed. Without it they would search the patch for those
// members and parse the same text a second time. Complete only when the
// patch passed (the walk stops early at a full report); a pointer is null
// when the patch lacks the member, a timestamp empty when it is null.
struct patch_findings
{
    boost::json::value const* start_time = nullptr;
    boost::json::value const* end_time = nullptr;
    boost::json::value const* state = nullptr;
    boost::json::value const* summary = nullptr;
    boost::json::value const* stop_reason = nullptr;        // in an object _summary
    boost::json::value const* stop_reason_code = nullptr;   // in an object _summary
    std::optional<date_time_fields> start;
    std::optional<date_time_fields> end;
};

class validator
{
public:
    validator(schema const& s, document_kind kind, report& r) noexcept
        : schema_(s), kind_(kind), report_(r)
    {
    }

    // From now on, what check_update needs again is noted in `f`. Only for
    // a walk over a patch that outlives `f`: the addresses are kept.
    void note_findings(patch_findings& f) noexcept { findings_ = &f; }

    void check_document(boost::json::value const& doc)
    {
        location const root;
        if(!doc.is_object())
        {
            fail(root, error::not_an_object,
                 std::string(kind_ == document_kind::patch ? "The patch" : "The session") +
                     " must be a JSON object; got " + describe_value(doc) + ".");
            return;
        }
        check_object(doc.get_object());
    }

    void check_object(boost::json::object const& members)
    {
        location const root;
        // Noted during the walk rather than looked up after it: each
        // object::contains is another search through the members.
        bool has_start_time = false;
        bool has_state = false;
        for(auto const& member : members)
        {
            std::string_view const key = member.key();
            has_start_time = has_start_time || same_text(key, names::start_time);
            has_state = has_state || same_text(key, names::state);
            if(!check_top_member(root.member(key), member.value()))
                return;
        }
        if(!check_system_required(has_start_time, has_state))
            return;
        // A patch is partial: only a stored session must hold the required
        // custom attributes. A null one is reported above (null_not_allowed).
        if(kind_ == document_kind::session)
            check_required_present(members);
    }

    // ---- the pieces of check_object, public for validate_patch_bytes ----
    //
    // validate_patch_bytes walks the members while it parses, in the same
    // order and through these same functions, so both entry points give
    // identical reports. Each returns false when the report is full and
    // the walk should stop.

    // One top-level member with its complete value.
    bool check_top_member(location const& at, boost::json::value const& v)
    {
        std::string_view const key = at.key;
        if(key.empty() || key.front() != '_')
            return check_custom(at, v, scope::top_level);
        if(same_text(key, names::start_time))
        {
            if(findings_)
                findings_->start_time = &v;
            return check_timestamp(at, v, false, findings_ ? &findings_->start : nullptr);
        }
        if(same_text(key, names::state))
        {
            if(findings_)
                findings_->state = &v;
            return check_enum(at, v, false, state_names);
        }
        if(same_text(key, names::end_time))
        {
            if(findings_)
                findings_->end_time = &v;
            return check_timestamp(at, v, true, findings_ ? &findings_->end : nullptr);
        }
        if(same_text(key, names::name))
            return check_text(at, v, true, name_min_length, name_max_length);
        if(same_text(key, names::configuration))
            return check_scope_object(at, v, scope::configuration);
        if(same_text(key, names::summary))
        {
            if(findings_)
                findings_->summary = &v;
            return check_scope_object(at, v, scope::summary);
        }
        if(schema_.is_read_only(key))
        {
            if(kind_ == document_kind::session)
                return check_free(at, v, 2);
            return fail(at, error::read_only_attribute,
                        attribute_label(at) + " is read-only and cannot be changed by an update.");
        }
        return fail(at, error::unknown_attribute,
                    attribute_label(at) + " is not a system attribute of a usage session; "
                                          "names starting with _ are reserved.");
    }

    // `_configuration` or `_summary` (at `at`) is an object: whether its
    // members are to be checked. Not when the schema's depth limit leaves
    // no room for them: then too_deep is reported and `go_on` tells
    // whether the walk continues.
    bool enter_scope_object(location const& at, bool& go_on)
    {
        go_on = true;
        if(2 > schema_.max_depth())   // the patch is level 1, this object level 2
        {
            go_on = too_deep(at);
            return false;
        }
        return true;
    }

    // One member of a scope object that enter_scope_object let in.
    bool check_scope_member(location const& child, boost::json::value const& v, scope where)
    {
        if(where == scope::summary && same_text(child.key, names::stop_reason))
        {
            if(findings_)
                findings_->stop_reason = &v;
            return check_text(child, v, true, 0, stop_reason_max_length);
        }
        if(where == scope::summary && same_text(child.key, names::stop_reason_code))
        {
            if(findings_)
                findings_->stop_reason_code = &v;
            return check_enum(child, v, true, stop_reason_code_names);
        }
        if(!child.key.empty() && child.key.front() == '_')
            return fail(child, error::unknown_attribute, attribute_label(child) + " is not defined; names starting with _ are reserved.");
        return check_custom(child, v, where);
    }

    // After the last member: _startTime and _state, when they are required.
    bool check_system_required(bool has_start_time, bool has_state)
    {
        if(kind_ == document_kind::patch && !schema_.require_start_and_state())
            return true;
        location const root;
        if(!has_start_time &&
           !fail(root.member(names::start_time), error::missing_required,
                 std::string(names::start_time) + " is required."))
            return false;
        if(!has_state &&
           !fail(root.member(names::state), error::missing_required,
                 std::string(names::state) + " is required."))
            return false;
        return true;
    }

private:
    schema const& schema_;
    document_kind kind_;
    report& report_;
    patch_findings* findings_ = nullptr;   // see note_findings

    // Missing required custom attributes, in schema order. A scope object
    // that is there but not an object was reported already and is skipped.
    bool check_required_present(boost::json::object const& members)
    {
        location const root;
        for(std::size_t w = 0; w < 3; ++w)
        {
            scope const where = static_cast<scope>(w);
            scope_data const* sd = schema_access::scope_of(schema_, where);
            if(!sd || !sd->any_required)
                continue;
            boost::json::object const* container = &members;
            location const scope_at = root.member(w == 1 ? names::configuration : names::summary);
            location const& parent = w == 0 ? root : scope_at;
            if(w != 0)
            {
                boost::json::value const* o = members.if_contains(parent.key);
                if(o && !o->is_object())
                    continue;
                container = o ? &o->get_object() : nullptr;
            }
            for(attribute_definition const& d : sd->attributes)
            {
                if(!d.required || (container && container->contains(d.name)))
                    continue;
                location const at = parent.member(d.name);
                if(!fail(at, error::missing_required, attribute_label(at) + " is required."))
                    return false;
            }
        }
        return true;
    }

    // Returns false when the report is full and the walk should stop.
    // `offending` (when given) goes into the details for machines, and
    // `expected_type` names the JSON type a wrong_type wanted.
    bool fail(location const& at, error code, std::string message,
              boost::json::value const* offending = nullptr,
              char const* expected_type = nullptr)
    {
        if(report_.full())
            return false;
        violation v{at.pointer(), code, std::move(message)};
        boost::json::value echoed;
        if(offending && echo_value(*offending, echoed))
            v.details["value"] = std::move(echoed);
        if(expected_type)
            v.details["type"] = expected_type;
        return report_.add(std::move(v));
    }

    // Shared by every typed member: null and JSON-type checks. Returns true
    // when `v` is a string to check further, with `go_on` telling whether
    // the walk continues otherwise.
    bool expect_string(location const& at, boost::json::value const& v, bool nullable, bool& go_on)
    {
        go_on = true;
        if(v.is_string())
            return true;
        go_on = not_a_string(at, v, nullable);
        return false;
    }

    // expect_string's verdict on a value that is not a string: whether the
    // walk goes on.
    BOOST_NOINLINE bool not_a_string(location const& at, boost::json::value const& v, bool nullable)
    {
        if(v.is_null())
            return nullable ||
                   fail(at, error::null_not_allowed, attribute_label(at) + " may not be null.");
        return fail(at, error::wrong_type,
                    attribute_label(at) + " must be a string; got " + describe_value(v) + ".",
                    &v, "string");
    }

    // `keep`, when given, receives the fields of a valid timestamp.
    bool check_timestamp(location const& at, boost::json::value const& v, bool nullable,
                         std::optional<date_time_fields>* keep = nullptr)
    {
        bool go_on;
        if(!expect_string(at, v, nullable, go_on))
            return go_on;
        date_time_fields fields;
        int const ec = parse_date_time(v.get_string(), fields);
        if(ec == 0)
        {
            if(keep)
                *keep = fields;
            return true;
        }
        return bad_timestamp(at, v, static_cast<error>(ec));
    }

    // A system timestamp that parse_date_time refused with `code`.
    BOOST_NOINLINE bool bad_timestamp(location const& at, boost::json::value const& v, error code)
    {
        std::string const got = "; got " + describe_value(v) + ".";
        switch(code)
        {
        case error::not_utc:
            return fail(at, error::not_utc, attribute_label(at) + " must be in UTC, ending in Z or +00:00" + got, &v);
        case error::timestamp_out_of_range:
            return fail(at, error::timestamp_out_of_range, attribute_label(at) + " must have a year from 1400 to 9999" + got, &v);
        default:
            return fail(at, error::bad_timestamp, attribute_label(at) + " must be a UTC date-time such as 2007-12-20T10:15:30Z" + got, &v);
        }
    }

    template<std::size_t N>
    bool check_enum(location const& at, boost::json::value const& v, bool nullable,
                    std::array<std::string_view, N> const& allowed)
    {
        bool go_on;
        if(!expect_string(at, v, nullable, go_on))
            return go_on;
        if(is_one_of(v.get_string(), allowed))
            return true;
        return not_in_enum(at, v, allowed);
    }

    // A system enumeration's value that is not among `allowed`.
    template<std::size_t N>
    BOOST_NOINLINE bool not_in_enum(location const& at, boost::json::value const& v,
                                    std::array<std::string_view, N> const& allowed)
    {
        return fail(at, error::not_in_enum, attribute_label(at) + " must be one of " + join(allowed) + "; got " + describe_value(v) + ".", &v);
    }

    bool check_text(location const& at, boost::json::value const& v, bool nullable,
                    std::size_t min, std::size_t max)
    {
        bool go_on;
        if(!expect_string(at, v, nullable, go_on))
            return go_on;
        std::size_t length;
        if(count_code_points(v.get_string(), length) && length >= min && length <= max)
            return true;
        return bad_text(at, v, min, max);
    }

    // A system text that check_text refused.
    BOOST_NOINLINE bool bad_text(location const& at, boost::json::value const& v,
                                 std::size_t min, std::size_t max)
    {
        std::size_t length;
        if(!count_code_points(v.get_string(), length))
            return fail(at, error::invalid_json, attribute_label(at) + " is not valid UTF-8.");
        if(length < min)
            return fail(at, error::too_short, attribute_label(at) + " must be at least " + characters(min) + " long; got " + std::to_string(length) + " in " + describe_value(v) + ".", &v);
        if(length > max)
            return fail(at, error::too_long, attribute_label(at) + " must be at most " + characters(max) + " long; got " + std::to_string(length) + " in " + describe_value(v) + ".", &v);
        return true;
    }

    bool check_scope_object(location const& at, boost::json::value const& v, scope where)
    {
        if(v.is_null())
            return fail(at, error::null_not_allowed, attribute_label(at) + " may not be null; clear single attributes with null instead.");
        if(!v.is_object())
            return fail(at, error::wrong_type, attribute_label(at) + " must be an object; got " + describe_value(v) + ".", &v, "object");
        bool go_on;
        if(!enter_scope_object(at, go_on))
            return go_on;
        for(auto const& member : v.get_object())
            if(!check_scope_member(at.member(member.key()), member.value(), where))
                return false;
        return true;
    }

    // A custom attribute: a name not starting with '_'. Its definition in
    // the scope decides; without one, the scope's unknown-attribute policy.
    bool check_custom(location const& at, boost::json::value const& v, scope where)
    {
        // Looked up before the UTF-8 check, which only a name without a
        // definition needs: a name equal to a defined one is valid UTF-8
        // (schema_builder::build checks), and an invalid one never equals
        // a defined one, so the outcome is the same either way.
        if(attribute_definition const* d = schema_.find(where, at.key))
            return check_typed(at, v, *d, schema_access::compiled(schema_, where, *d), custom_depth(where));
        return check_undefined(at, v, where);
    }

    // The nesting level of a custom attribute's value in `where`.
    static std::size_t custom_depth(scope where) noexcept
    {
        return where == scope::top_level ? 2 : 3;
    }

    // A custom attribute without a definition. Out of line, as are the
    // other paths below that build messages: inlined, their strings would
    // cost every valid value a larger stack frame.
    BOOST_NOINLINE bool check_undefined(location const& at, boost::json::value const& v, scope where)
    {
        std::size_t const depth = custom_depth(where);
        if(!is_valid_utf8(at.key))
            return fail(at, error::invalid_json, "The member name " + quoted(at.key) + " is not valid UTF-8.");
        if(!schema_.accepts_unknown(where))
            return fail(at, error::unknown_attribute,
                        attribute_label(at) + " is not defined by the schema.");
        return check_free(at, v, depth);
    }

    // ---- typed custom attributes (docs/contract.md §5) ------------------------------
    //
    // One violation per value, the first broken rule in this order: null,
    // JSON type, integer-ness, range or length, allowed values, pattern.
    // Messages of a sensitive attribute name the JSON kind of the value at
    // most, and its violations carry no details.value.

    // "; got the string "abc"." or, for a sensitive attribute, "; got a
    // string, not shown because the attribute is sensitive."
    static std::string got(boost::json::value const& v, attribute_definition const& d)
    {
        if(d.sensitive)
            return std::string("; got ") + describe_kind(v) +
                   ", not shown because the attribute is sensitive.";
        return "; got " + describe_value(v) + ".";
    }

    bool fail_typed(location const& at, attribute_definition const& d, error code,
                    std::string rule, boost::json::value const& v,
                    char const* expected_type = nullptr,
                    char const* bound_name = nullptr, boost::json::value bound = nullptr)
    {
        if(report_.full())
            return false;
        // An array's count is the whole story: "; got an array" adds nothing.
        bool const say_got = !(v.is_array() && code != error::wrong_type);
        violation x{at.pointer(), code,
                    attribute_label(at) + " " + rule + (say_got ? got(v, d) : std::string("."))};
        boost::json::value echoed;
        if(!d.sensitive && echo_value(v, echoed))
            x.details["value"] = std::move(echoed);
        if(expected_type)
            x.details["type"] = expected_type;
        if(bound_name)
            x.details[bound_name] = std::move(bound);
        return report_.add(std::move(x));
    }

    bool wrong_type(location const& at, attribute_definition const& d,
                    boost::json::value const& v, char const* what, char const* type)
    {
        return fail_typed(at, d, error::wrong_type, std::string("must be ") + what, v, type);
    }

    // A null where the definition allows none.
    BOOST_NOINLINE bool typed_null(location const& at, attribute_definition const& d)
    {
        return fail(at, error::null_not_allowed, attribute_label(at) + (d.required ? " is required and may not be null." : " may not be null."));
    }

    // A string of a date, date_time, uuid or enumeration attribute that
    // breaks its rule `code`.
    BOOST_NOINLINE bool bad_typed_string(location const& at, attribute_definition const& d,
                                         boost::json::value const& v, error code)
    {
        switch(code)
        {
        case error::bad_date:
            return fail_typed(at, d, code,
                              "must be a date YYYY-MM-DD that exists, with a year from 1400 to 9999", v);
        case error::bad_uuid:
            return fail_typed(at, d, code, "must be a UUID in 8-4-4-4-12 hexadecimal form", v);
        case error::not_in_enum:
            return fail_typed(at, d, code, "must be one of " + allowed_list(d), v);
        default:
            return fail_typed(at, d, code, timestamp_rule(code), v);
        }
    }

    bool check_typed(location const& at, boost::json::value const& v,
                     attribute_definition const& d, compiled_attribute const& c,
                     std::size_t depth)
    {
        if(v.is_null())
        {
            if(d.nullable && !d.required)
                return true;
            return typed_null(at, d);
        }
        switch(d.type)
        {
        case attribute_type::string:
            if(!v.is_string())
                return wrong_type(at, d, v, "a string", "string");
            return check_typed_string(at, v, d, c);
        case attribute_type::integer:
            return check_integer(at, v, d);
        case attribute_type::decimal:
            return check_decimal(at, v, d);
        case attribute_type::boolean:
            if(!v.is_bool())
                return wrong_type(at, d, v, "true or false", "boolean");
            return true;
        case attribute_type::date:
        {
            if(!v.is_string())
                return wrong_type(at, d, v, "a date string such as 2024-02-29", "string");
            std::string_view const s = v.get_string();
            date_time_fields f;
            if(s.size() == 10 && parse_full_date(s, f) &&
               f.year >= min_supported_year && f.year <= max_supported_year)
                return true;
            return bad_typed_string(at, d, v, error::bad_date);
        }
        case attribute_type::date_time:
        {
            if(!v.is_string())
                return wrong_type(at, d, v, "a string", "string");
            date_time_fields f;
            int const ec = parse_date_time(v.get_string(), f);
            if(ec == 0)
                return true;
            return bad_typed_string(at, d, v, static_cast<error>(ec));
        }
        case attribute_type::uuid:
            if(!v.is_string())
                return wrong_type(at, d, v, "a string", "string");
            if(is_uuid(v.get_string()))
                return true;
            return bad_typed_string(at, d, v, error::bad_uuid);
        case attribute_type::enumeration:
            if(!v.is_string())
                return wrong_type(at, d, v, "a string", "string");
            if(is_allowed_value(d, c, v.get_string()))
                return true;
            return bad_typed_string(at, d, v, error::not_in_enum);
        case attribute_type::object:
            if(!v.is_object())
                return wrong_type(at, d, v, "an object", "object");
            return check_free(at, v, depth);
        case attribute_type::array:
            if(!v.is_array())
                return wrong_type(at, d, v, "an array", "array");
            return check_typed_array(at, v, d, c, depth);
        case attribute_type::any:
            break;
        }
        return check_free(at, v, depth);
    }

    // An integer attribute: int64 values, and doubles without a fraction
    // up to 2^53 - 1 in magnitude (1.0, 1e2 and -0.0 count). Bounds
    // compared exactly. See check_integer_other for why not beyond.
    bool check_integer(location const& at, boost::json::value const& v,
                       attribute_definition const& d)
    {
        if(v.is_int64())
            return check_bounds(at, v, d, compare_exact(v.get_int64(), d.minimum),
                                compare_exact(v.get_int64(), d.maximum));
        return check_integer_other(at, v, d);
    }

    // check_integer for a value that is not an int64 (a double may still
    // be an integer).
    BOOST_NOINLINE bool check_integer_other(location const& at, boost::json::value const& v,
                                            attribute_definition const& d)
    {
        std::int64_t i = 0;
        switch(v.kind())
        {
        case boost::json::kind::int64:
            i = v.get_int64();
            break;
        case boost::json::kind::uint64:
            if(v.get_uint64() > static_cast<std::uint64_t>(INT64_MAX))
                return fail_typed(at, d, error::out_of_range,
                                  "must be at most 9223372036854775807 (a 64-bit integer)", v,
                                  nullptr, "maximum", INT64_MAX);
            i = static_cast<std::int64_t>(v.get_uint64());
            break;
        case boost::json::kind::double_:
        {
            double const x = v.get_double();
            if(!std::isfinite(x))
                return fail_typed(at, d, error::out_of_range, "must be a finite number", v);
            if(std::trunc(x) != x)
                return fail_typed(at, d, error::not_an_integer,
                                  "must be an integer (no fraction)", v);
            // A double is never INT64_MIN itself: -9223372036854775808
            // arrives as an int64, and the double -2^63 stands for every
            // number that rounds to it (-9223372036854775809 too).
            if(x <= -two_to_63)
                return fail_typed(at, d, error::out_of_range,
                                  "must be at least -9223372036854775808 (a 64-bit integer)", v,
                                  nullptr, "minimum", INT64_MIN);
            if(x >= two_to_63)
                return fail_typed(at, d, error::out_of_range,
                                  "must be at most 9223372036854775807 (a 64-bit integer)", v,
                                  nullptr, "maximum", INT64_MAX);
            // A number written with a fraction or exponent arrives as a
            // double, its digits gone. Below 2^53 doubles still have
            // fractions, so an integral one was written as an integer or
            // within a rounding of one (1.00000000000000000001); beyond,
            // every double is integral, and 9007199254740993.5 would pass.
            // So a double counts only up to 2^53 - 1 in magnitude
            // (JavaScript's Number.isSafeInteger); a larger integer is
            // written without fraction or exponent and arrives as an
            // int64. validate_patch_bytes judges the same double
            // (on_double_by_rule), so both paths agree.
            if(std::fabs(x) > max_safe_integer)
                return fail_typed(at, d, error::not_an_integer,
                                  "must be an integer; beyond 9007199254740991 in magnitude "
                                  "it must be written without a fraction or exponent",
                                  v);
            i = static_cast<std::int64_t>(x);
            break;
        }
        default:
            return wrong_type(at, d, v, "an integer", "integer");
        }
        return check_bounds(at, v, d, compare_exact(i, d.minimum), compare_exact(i, d.maximum));
    }

    bool check_decimal(location const& at, boost::json::value const& v,
                       attribute_definition const& d)
    {
        switch(v.kind())
        {
        case boost::json::kind::int64:
            return check_bounds(at, v, d, compare_exact(v.get_int64(), d.minimum),
                                compare_exact(v.get_int64(), d.maximum));
        case boost::json::kind::uint64:
            return check_bounds(at, v, d, compare_exact(v.get_uint64(), d.minimum),
                                compare_exact(v.get_uint64(), d.maximum));
        case boost::json::kind::double_:
            if(!std::isfinite(v.get_double()))
                return fail_typed(at, d, error::out_of_range, "must be a finite number", v);
            return check_bounds(at, v, d, compare_exact(v.get_double(), d.minimum),
                                compare_exact(v.get_double(), d.maximum));
        default:
            return wrong_type(at, d, v, "a number", "number");
        }
    }

    // `below_min`/`above_max`: the value compared with each bound (-1, 0,
    // 1; 0 when there is no bound).
    bool check_bounds(location const& at, boost::json::value const& v,
                      attribute_definition const& d, int vs_min, int vs_max)
    {
        // In range, the common case, returns without the stack frame that
        // building a message needs.
        if(vs_min >= 0 && vs_max <= 0)
            return true;
        return out_of_bounds(at, v, d, vs_min);
    }

    // check_bounds when the value is out of range: below the minimum when
    // `vs_min` is negative, otherwise above the maximum.
    BOOST_NOINLINE bool out_of_bounds(location const& at, boost::json::value const& v,
                                      attribute_definition const& d, int vs_min)
    {
        if(vs_min < 0)
        {
            std::string rule = "must be at least ";
            append_number(rule, *d.minimum);
            return fail_typed(at, d, error::out_of_range, std::move(rule), v,
                              nullptr, "minimum", bound_value(*d.minimum));
        }
        std::string rule = "must be at most ";
        append_number(rule, *d.maximum);
        return fail_typed(at, d, error::out_of_range, std::move(rule), v,
                          nullptr, "maximum", bound_value(*d.maximum));
    }

    // "must be in UTC, ..." for the codes parse_date_time returns.
    static char const* timestamp_rule(error code) noexcept
    {
        switch(code)
        {
        case error::not_utc: return "must be in UTC, ending in Z or +00:00";
        case error::timestamp_out_of_range: return "must have a year from 1400 to 9999";
        default: return "must be a UTC date-time such as 2007-12-20T10:15:30Z";
        }
    }

    // "\"a\", \"b\", \"c\"": the allowed values for a message, at most 10.
    static std::string allowed_list(attribute_definition const& d)
    {
        constexpr std::size_t shown = 10;
        std::string out;
        std::size_t const n = d.allowed_values.size();
        for(std::size_t i = 0; i < n && i < shown; ++i)
        {
            if(i != 0)
                out += ", ";
            append_quoted(out, d.allowed_values[i]);
        }
        if(n > shown)
            out += ", ... (" + std::to_string(n) + " values)";
        return out;
    }

    bool check_typed_string(location const& at, boost::json::value const& v,
                            attribute_definition const& d, compiled_attribute const& c)
    {
        std::string_view const s = v.get_string();
        std::size_t length;
        if(!count_code_points(s, length))
            return fail(at, error::invalid_json, attribute_label(at) + " is not valid UTF-8.");
        std::uint64_t const n = length;
        if(d.min_length && n < *d.min_length)
            return fail_typed(at, d, error::too_short, "must be at least " + characters(*d.min_length) + " long" + count_of(d, n), v,
                              nullptr, "minLength", *d.min_length);
        if(d.max_length && n > *d.max_length)
            return fail_typed(at, d, error::too_long, "must be at most " + characters(*d.max_length) + " long" + count_of(d, n), v,
                              nullptr, "maxLength", *d.max_length);
        if(!d.allowed_values.empty() && !is_allowed_value(d, c, s))
            return fail_typed(at, d, error::not_in_enum, "must be one of " + allowed_list(d), v);
        if(c.matcher && !c.matcher->full_match(s))
        {
            std::string rule = "must match the pattern ";
            append_quoted(rule, d.pattern);
            return fail_typed(at, d, error::pattern_mismatch, std::move(rule), v);
        }
        return true;
    }

    // " (3 characters)": the length of a value, not for a sensitive one.
    static std::string count_of(attribute_definition const& d, std::uint64_t n)
    {
        if(d.sensitive)
            return {};
        return " (it has " + std::to_string(n) + ")";
    }

    static std::string items(std::uint64_t n)
    {
        return std::to_string(n) + (n == 1 ? " item" : " items");
    }

    // Item count, then each item: with allowed values a string among them
    // (one violation per bad item), otherwise free-form content.
    bool check_typed_array(location const& at, boost::json::value const& v,
                           attribute_definition const& d, compiled_attribute const& c,
                           std::size_t depth)
    {
        if(depth > schema_.max_depth())
            return too_deep(at);
        boost::json::array const& a = v.get_array();
        std::uint64_t const n = a.size();
        if(d.min_length && n < *d.min_length)
            return fail_typed(at, d, error::too_short, "must have at least " + items(*d.min_length) + items_of(d, n), v,
                              nullptr, "minLength", *d.min_length);
        if(d.max_length && n > *d.max_length)
            return fail_typed(at, d, error::too_long, "must have at most " + items(*d.max_length) + items_of(d, n), v,
                              nullptr, "maxLength", *d.max_length);
        std::size_t i = 0;
        for(auto const& item : a)
        {
            location const here = at.element(i++);
            bool go_on = true;
            if(d.allowed_values.empty())
                go_on = check_free(here, item, depth + 1);
            else if(!item.is_string())
                go_on = fail_typed(here, d, error::wrong_type,
                                   "must be a string, one of " + allowed_list(d), item, "string");
            else if(!is_allowed_value(d, c, item.get_string()))
                go_on = fail_typed(here, d, error::not_in_enum,
                                   "must be one of " + allowed_list(d), item);
            if(!go_on)
                return false;
        }
        return true;
    }

    // " (it has 3)": the item count, not for a sensitive attribute.
    static std::string items_of(attribute_definition const& d, std::uint64_t n)
    {
        if(d.sensitive)
            return {};
        return " (it has " + std::to_string(n) + ")";
    }

    // Free-form content: any JSON, but finite numbers, valid UTF-8 and a
    // bounded depth. Recursion is bounded by the schema's depth limit.
    bool check_free(location const& at, boost::json::value const& v, std::size_t depth)
    {
        switch(v.kind())
        {
        case boost::json::kind::double_:
            if(!std::isfinite(v.get_double()))
                return fail(at, error::out_of_range, attribute_label(at) + " must be a finite number; got a non-finite number.");
            return true;
        case boost::json::kind::string:
            if(!is_valid_utf8(v.get_string()))
                return fail(at, error::invalid_json, attribute_label(at) + " is not valid UTF-8.");
            return true;
        case boost::json::kind::object:
            if(depth > schema_.max_depth())
                return too_deep(at);
            for(auto const& member : v.get_object())
            {
                location const child = at.member(member.key());
                if(!is_valid_utf8(child.key))
                {
                    if(!fail(child, error::invalid_json, "The member name " + quoted(child.key) + " is not valid UTF-8."))
                        return false;
                    continue;
                }
                if(!check_free(child, member.value(), depth + 1))
                    return false;
            }
            return true;
        case boost::json::kind::array:
        {
            if(depth > schema_.max_depth())
                return too_deep(at);
            std::size_t i = 0;
            for(auto const& element : v.get_array())
                if(!check_free(at.element(i++), element, depth + 1))
                    return false;
            return true;
        }
        default:
            return true;
        }
    }

    bool too_deep(location const& at)
    {
        return fail(at, error::too_deep, attribute_label(at) + " is nested deeper than " + std::to_string(schema_.max_depth()) + " levels.");
    }
};

}   // namespace detail
}   // namespace usage_session

#endif
