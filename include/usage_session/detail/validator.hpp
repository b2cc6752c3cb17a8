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

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace usage_session {
namespace detail {

enum class document_kind
{
    patch,   // an update: read-only attributes are refused
    session  // a stored session: read-only attributes are part of it
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

class validator
{
public:
    validator(schema const& s, document_kind kind, report& r) noexcept
        : schema_(s), kind_(kind), report_(r)
    {
    }

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
        for(auto const& member : members)
            if(!check_top_member(root.member(member.key()), member.value()))
                return;
        if(kind_ == document_kind::session || schema_.require_start_and_state())
        {
            for(std::string_view required : {names::start_time, names::state})
                if(!members.contains(required) &&
                   !fail(root.member(required), error::missing_required,
                         std::string(required) + " is required."))
                    return;
        }
    }

private:
    schema const& schema_;
    document_kind kind_;
    report& report_;

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

    bool check_top_member(location const& at, boost::json::value const& v)
    {
        std::string_view const key = at.key;
        if(key.empty() || key.front() != '_')
            return check_custom(at, v, scope::top_level);
        if(key == names::start_time)
            return check_timestamp(at, v, false);
        if(key == names::state)
            return check_enum(at, v, false, state_names);
        if(key == names::end_time)
            return check_timestamp(at, v, true);
        if(key == names::name)
            return check_text(at, v, true, name_min_length, name_max_length);
        if(key == names::configuration)
            return check_scope_object(at, v, scope::configuration);
        if(key == names::summary)
            return check_scope_object(at, v, scope::summary);
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

    // Shared by every typed member: null and JSON-type checks. Returns true
    // when `v` is a string to check further, with `go_on` telling whether
    // the walk continues otherwise.
    bool expect_string(location const& at, boost::json::value const& v, bool nullable, bool& go_on)
    {
        go_on = true;
        if(v.is_null())
        {
            if(!nullable)
                go_on = fail(at, error::null_not_allowed, attribute_label(at) + " may not be null.");
            return false;
        }
        if(!v.is_string())
        {
            go_on = fail(at, error::wrong_type,
                         attribute_label(at) + " must be a string; got " + describe_value(v) + ".",
                         &v, "string");
            return false;
        }
        return true;
    }

    bool check_timestamp(location const& at, boost::json::value const& v, bool nullable)
    {
        bool go_on;
        if(!expect_string(at, v, nullable, go_on))
            return go_on;
        date_time_fields fields;
        int const ec = parse_date_time(v.get_string(), fields);
        if(ec == 0)
            return true;
        std::string const got = "; got " + describe_value(v) + ".";
        switch(static_cast<error>(ec))
        {
        case error::not_utc:
            return fail(at, error::not_utc, attribute_label(at) +
                        " must be in UTC, ending in Z or +00:00" + got, &v);
        case error::timestamp_out_of_range:
            return fail(at, error::timestamp_out_of_range, attribute_label(at) +
                        " must have a year from 1400 to 9999" + got, &v);
        default:
            return fail(at, error::bad_timestamp, attribute_label(at) +
                        " must be a UTC date-time such as 2007-12-20T10:15:30Z" + got, &v);
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
        return fail(at, error::not_in_enum, attribute_label(at) + " must be one of " +
                    join(allowed) + "; got " + describe_value(v) + ".", &v);
    }

    bool check_text(location const& at, boost::json::value const& v, bool nullable,
                    std::size_t min, std::size_t max)
    {
        bool go_on;
        if(!expect_string(at, v, nullable, go_on))
            return go_on;
        std::size_t length;
        if(!count_code_points(v.get_string(), length))
            return fail(at, error::invalid_json, attribute_label(at) + " is not valid UTF-8.");
        if(length < min)
            return fail(at, error::too_short, attribute_label(at) + " must be at least " +
                        characters(min) + " long; got " + std::to_string(length) +
                        " in " + describe_value(v) + ".", &v);
        if(length > max)
            return fail(at, error::too_long, attribute_label(at) + " must be at most " +
                        characters(max) + " long; got " + std::to_string(length) +
                        " in " + describe_value(v) + ".", &v);
        return true;
    }

    bool check_scope_object(location const& at, boost::json::value const& v, scope where)
    {
        if(v.is_null())
            return fail(at, error::null_not_allowed, attribute_label(at) +
                        " may not be null; clear single attributes with null instead.");
        if(!v.is_object())
            return fail(at, error::wrong_type, attribute_label(at) +
                        " must be an object; got " + describe_value(v) + ".", &v, "object");
        if(2 > schema_.max_depth())   // the patch is level 1, this object level 2
            return too_deep(at);
        for(auto const& member : v.get_object())
        {
            location const child = at.member(member.key());
            bool go_on;
            if(where == scope::summary && child.key == names::stop_reason)
                go_on = check_text(child, member.value(), true, 0, stop_reason_max_length);
            else if(where == scope::summary && child.key == names::stop_reason_code)
                go_on = check_enum(child, member.value(), true, stop_reason_code_names);
            else if(!child.key.empty() && child.key.front() == '_')
                go_on = fail(child, error::unknown_attribute, attribute_label(child) +
                             " is not defined; names starting with _ are reserved.");
            else
                go_on = check_custom(child, member.value(), where);
            if(!go_on)
                return false;
        }
        return true;
    }

    // A custom attribute: a name not starting with '_'. The standard schema
    // defines none, so the scope's unknown-attribute policy decides.
    bool check_custom(location const& at, boost::json::value const& v, scope where)
    {
        if(!is_valid_utf8(at.key))
            return fail(at, error::invalid_json, "The member name " + quoted(at.key) +
                        " is not valid UTF-8.");
        if(!schema_.accepts_unknown(where))
            return fail(at, error::unknown_attribute,
                        attribute_label(at) + " is not defined by the schema.");
        std::size_t const depth = where == scope::top_level ? 2 : 3;
        return check_free(at, v, depth);
    }

    // Free-form content: any JSON, but finite numbers, valid UTF-8 and a
    // bounded depth. Recursion is bounded by the schema's depth limit.
    bool check_free(location const& at, boost::json::value const& v, std::size_t depth)
    {
        switch(v.kind())
        {
        case boost::json::kind::double_:
            if(!std::isfinite(v.get_double()))
                return fail(at, error::out_of_range, attribute_label(at) +
                            " must be a finite number; got a non-finite number.");
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
                    if(!fail(child, error::invalid_json, "The member name " +
                             quoted(child.key) + " is not valid UTF-8."))
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
        return fail(at, error::too_deep, attribute_label(at) + " is nested deeper than " +
                    std::to_string(schema_.max_depth()) + " levels.");
    }
};

} // namespace detail
} // namespace usage_session

#endif
