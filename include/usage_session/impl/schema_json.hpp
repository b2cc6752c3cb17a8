#ifndef USAGE_SESSION_IMPL_SCHEMA_JSON_HPP
#define USAGE_SESSION_IMPL_SCHEMA_JSON_HPP

#include <usage_session/detail/definition_numbers.hpp>
#include <usage_session/detail/location.hpp>
#include <usage_session/detail/text.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace usage_session {
namespace detail {

// The largest "maxDepth" a definition may ask for. Validation recurses once
// per level, so the limit bounds the stack a patch built in code can take;
// 256 is eight times the default and far beyond any real session.
inline constexpr std::uint64_t max_definition_depth = 256;

inline constexpr std::string_view schema_scope_names[3] = {"topLevel", "configuration", "summary"};

inline constexpr std::string_view schema_root_members[7] = {
    "format", "requireStartAndState", "readOnlyAttributes", "maxDepth",
    "topLevel", "configuration", "summary"};

inline constexpr std::string_view schema_scope_members[2] = {"acceptUnknown", "attributes"};

inline constexpr std::string_view schema_type_names[11] = {
    "string", "integer", "decimal", "boolean", "date", "date_time", "uuid",
    "enumeration", "object", "array", "any"};

inline constexpr std::string_view schema_attribute_members[11] = {
    "name", "type", "nullable", "required", "sensitive", "minLength", "maxLength",
    "minimum", "maximum", "values", "pattern"};

// Reads a definition document in one pass over its members (no recursion:
// the format has a fixed shape, values inside it are only looked at, never
// walked). Mistakes of shape are collected here; everything else is left to
// schema_builder::build, and both lists are merged into document order.
//
// Every item of "attributes" and "readOnlyAttributes" reaches the builder,
// so that its pointers (".../attributes/<index>") and messages ("first at
// index 2") use the document's indices. An item with a mistake of shape
// goes in as a placeholder the builder has nothing to say about (type any,
// no constraints, and a name no document can clash with when its own is
// missing or not a string). A string name is kept: what build() says about
// it (empty, leading "_", a duplicate) is a mistake of its own, not a
// consequence of the broken member.
class schema_json_reader
{
public:
    schema_json_reader(boost::json::value const& doc, std::size_t max_violations) noexcept
        : doc_(doc), max_violations_(max_violations)
    {
    }

    boost::system::result<schema, report> read()
    {
        location const root;
        if(!doc_.is_object())
        {
            mistake(root, "A schema definition must be a JSON object, not " + describe_value(doc_) + ".");
            return finish(nullptr);
        }
        for(auto const& m : doc_.get_object())
            read_root_member(root.member(m.key()), m.key(), m.value());
        auto built = builder_.build();
        if(found_ == 0 && built)
            return built;
        if(built)
            return finish(nullptr);
        report const from_build = built.error();   // error() returns a copy
        return finish(&from_build);
    }

private:
    boost::json::value const& doc_;
    std::size_t max_violations_;
    std::size_t found_ = 0;             // mistakes of shape found
    std::vector<violation> mistakes_;   // the first max_violations_ + 1 of them
    schema_builder builder_;
    std::set<std::string_view> names_in_scope_;   // see remember_names

    // Mistakes of shape are found in document order, so those after the
    // first max_violations_ + 1 can never make it into the report.
    void mistake(location const& at, std::string message)
    {
        if(found_++ <= max_violations_)
            mistakes_.push_back(violation{at.pointer(), error::bad_schema, std::move(message)});
    }

    // "<what> must be <expected>, not <value>." with a hint for null, which
    // is never a way to ask for the default.
    void wrong(location const& at, std::string const& what, char const* expected,
               boost::json::value const& v, std::string const& hint = {})
    {
        std::string message = what + " must be " + expected + ", not " + describe_value(v) + hint;
        if(v.is_null())
            message += "; leave the member out to get its default";
        mistake(at, std::move(message) + ".");
    }

    static std::string member(std::string_view key)
    {
        return quoted(key);
    }

    // " (did you mean "maxLength"?)" when `key` is close to one of `names`:
    // only case apart, or one edit (insert, delete, replace, swap of
    // neighbours) away, two for keys of six characters or more; the
    // closest wins. Empty otherwise.
    template<std::size_t N>
    static std::string did_you_mean(std::string_view key, std::string_view const (&names)[N])
    {
        if(key.size() > 32)
            return {};
        std::string_view best;
        // Short words are all close to each other: "int" is no typo of "any".
        std::size_t best_distance = key.size() < 6 ? 2 : 3;
        for(std::string_view const name : names)
        {
            std::size_t const distance = edit_distance(key, name);
            if(distance < best_distance)
            {
                best = name;
                best_distance = distance;
            }
        }
        if(best.empty())
            return {};
        return " (did you mean " + quoted(best) + "?)";
    }

    // Optimal string alignment distance, ASCII case-insensitive. Both
    // strings are at most 32 bytes here (the names by construction, the key
    // by the caller's check), so the table is 1 KiB on the stack.
    static std::size_t edit_distance(std::string_view a, std::string_view b) noexcept
    {
        if(a.size() > 32 || b.size() > 32)
            return std::size_t(-1);
        auto const lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        unsigned char d[33][33];
        for(std::size_t i = 0; i <= a.size(); ++i)
            d[i][0] = static_cast<unsigned char>(i);
        for(std::size_t j = 0; j <= b.size(); ++j)
            d[0][j] = static_cast<unsigned char>(j);
        for(std::size_t i = 1; i <= a.size(); ++i)
            for(std::size_t j = 1; j <= b.size(); ++j)
            {
                int const cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
                int best = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
                if(i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                    best = std::min(best, d[i - 2][j - 2] + 1);
                d[i][j] = static_cast<unsigned char>(best);
            }
        return d[a.size()][b.size()];
    }

    void read_root_member(location const& at, std::string_view key, boost::json::value const& v)
    {
        if(key == "format")
        {
            if(!v.is_string() || v.get_string() != schema_format_version)
                wrong(at, member(key), "\"usage-session-schema/1\"", v);
        }
        else if(key == "requireStartAndState")
        {
            if(v.is_bool())
                builder_.require_start_and_state(v.get_bool());
            else
                wrong(at, member(key), "true or false", v);
        }
        else if(key == "readOnlyAttributes")
            read_read_only(at, key, v);
        else if(key == "maxDepth")
        {
            std::uint64_t levels = 0;
            if(read_definition_count(v, levels) && levels >= 1 && levels <= max_definition_depth)
                builder_.max_depth(static_cast<std::size_t>(levels));
            else
                wrong(at, member(key), "an integer from 1 to 256", v);
        }
        else
        {
            for(std::size_t i = 0; i < 3; ++i)
                if(key == schema_scope_names[i])
                    return read_scope(at, static_cast<scope>(i), v);
            mistake(at, member(key) + " is not a member of a schema definition" +
                            did_you_mean(key, schema_root_members) + "; the members are format, "
                                                                     "requireStartAndState, readOnlyAttributes, maxDepth, topLevel, "
                                                                     "configuration and summary.");
        }
    }

    // Names are checked by build() (a leading "_", not an updatable system
    // attribute, valid UTF-8); here only the shape and duplicates, which
    // build() would merge silently but which are a slip in a document.
    void read_read_only(location const& at, std::string_view key, boost::json::value const& v)
    {
        if(!v.is_array())
            return wrong(at, member(key), "an array of names starting with \"_\"", v);
        std::vector<std::string> names;
        std::set<std::string_view> seen;
        std::size_t index = 0;
        for(auto const& item : v.get_array())
        {
            location const here = at.element(index);
            if(!item.is_string())
                wrong(here, "Every item of \"readOnlyAttributes\"", "a string", item);
            else if(!seen.insert(item.get_string()).second)
                mistake(here, "The read-only attribute " + quoted(item.get_string()) + " is listed twice.");
            else
            {
                names.emplace_back(item.get_string());
                ++index;
                continue;
            }
            names.push_back(placeholder("_", index));
            ++index;
        }
        builder_.read_only_attributes(std::move(names));
    }

    void read_scope(location const& at, scope where, boost::json::value const& v)
    {
        std::string const scope_name = member(schema_scope_names[static_cast<std::size_t>(where)]);
        if(!v.is_object())
            return wrong(at, scope_name, "an object", v);
        for(auto const& m : v.get_object())
        {
            location const here = at.member(m.key());
            if(m.key() == "acceptUnknown")
            {
                if(m.value().is_bool())
                    builder_.accept_unknown(where, m.value().get_bool());
                else
                    wrong(here, member(m.key()) + " of " + scope_name, "true or false", m.value());
            }
            else if(m.key() == "attributes")
            {
                if(!m.value().is_array())
                {
                    wrong(here, member(m.key()) + " of " + scope_name, "an array of attribute definitions",
                          m.value());
                    continue;
                }
                remember_names(m.value().get_array());
                std::size_t index = 0;
                for(auto const& item : m.value().get_array())
                {
                    read_attribute(here.element(index), where, index, item);
                    ++index;
                }
            }
            else
                mistake(here, member(m.key()) + " is not a member of " + scope_name +
                                  did_you_mean(m.key(), schema_scope_members) +
                                  "; the members are acceptUnknown and attributes.");
        }
    }

    void read_attribute(location const& at, scope where, std::size_t index, boost::json::value const& v)
    {
        std::string const scope_name(schema_scope_names[static_cast<std::size_t>(where)]);
        if(!v.is_object())
        {
            wrong(at, "The " + scope_name + " attribute at index " + std::to_string(index), "an object", v);
            builder_.define(where, attribute_definition(attribute_placeholder(index), attribute_type::any));
            return;
        }
        boost::json::object const& o = v.get_object();
        // "the summary attribute "x"", or "... at index 3" without a usable name.
        std::string label = "the " + scope_name + " attribute ";
        if(auto const* name = o.if_contains("name"); name && name->is_string() && !name->get_string().empty())
            label += quoted(name->get_string());
        else
            label += "at index " + std::to_string(index);

        std::size_t const before = found_;
        attribute_definition d;
        bool has_name = false;
        bool has_type = false;
        for(auto const& m : o)
        {
            location const here = at.member(m.key());
            std::string_view const key = m.key();
            boost::json::value const& x = m.value();
            std::string const what = member(key) + " of " + label;
            if(key == "name")
            {
                has_name = true;
                if(x.is_string())
                    d.name = x.get_string();
                else
                    wrong(here, what, "a string", x);
            }
            else if(key == "type")
            {
                has_type = true;
                std::optional<attribute_type> t;
                if(x.is_string())
                    t = attribute_type_from_string(x.get_string());
                if(t)
                    d.type = *t;
                else
                    wrong(here, what,
                          "one of \"string\", \"integer\", \"decimal\", \"boolean\", \"date\", "
                          "\"date_time\", \"uuid\", \"enumeration\", \"object\", \"array\" and \"any\"",
                          x, x.is_string() ? did_you_mean(x.get_string(), schema_type_names) : std::string());
            }
            else if(key == "nullable" || key == "required" || key == "sensitive")
            {
                if(!x.is_bool())
                    wrong(here, what, "true or false", x);
                else if(key == "nullable")
                    d.nullable = x.get_bool();
                else if(key == "required")
                    d.required = x.get_bool();
                else
                    d.sensitive = x.get_bool();
            }
            else if(key == "minLength" || key == "maxLength")
            {
                std::uint64_t n = 0;
                if(!read_definition_count(x, n))
                    wrong(here, what, "an integer from 0 to 18446744073709551615", x);
                else if(key == "minLength")
                    d.min_length = n;
                else
                    d.max_length = n;
            }
            else if(key == "minimum" || key == "maximum")
            {
                double n = 0;
                if(!read_definition_number(x, n))
                    wrong(here, what, "a finite number", x);
                else if(key == "minimum")
                    d.minimum = n;
                else
                    d.maximum = n;
            }
            else if(key == "values")
                read_values(here, what, x, d);
            else if(key == "pattern")
            {
                if(!x.is_string())
                    wrong(here, what, "a string", x);
                else if(x.get_string().empty())
                    mistake(here, what + " is empty; leave the member out for no pattern.");
                else
                    d.pattern = x.get_string();
            }
            else
                mistake(here, member(key) + " of " + label + " is not a member of an attribute "
                                                             "definition" +
                                  did_you_mean(key, schema_attribute_members) +
                                  "; the members are name, type, nullable, required, sensitive, "
                                  "minLength, maxLength, minimum, maximum, values and pattern.");
        }
        label[0] = 'T';
        if(!has_name)
            mistake(at.member("name"), label + " needs a \"name\".");
        if(!has_type)
            mistake(at.member("type"), label + " needs a \"type\".");
        if(found_ != before)
        {
            // No follow-up mistakes for a broken attribute (see the class comment).
            std::string name = std::move(d.name);
            if(auto const* n = o.if_contains("name"); !n || !n->is_string())
                name = attribute_placeholder(index);
            d = attribute_definition(std::move(name), attribute_type::any);
        }
        builder_.define(where, std::move(d));
    }

    // "<prefix>\0<index>": NUL cannot be typed, only escaped ("\u0000"), so
    // hardly any document uses such a name; attribute_placeholder makes sure.
    static std::string placeholder(char const* prefix, std::size_t index)
    {
        std::string name = prefix;
        name += '\0';
        name += std::to_string(index);
        return name;
    }

    // The string names of one scope's attribute definitions, for
    // attribute_placeholder to stay clear of.
    void remember_names(boost::json::array const& attributes)
    {
        names_in_scope_.clear();
        for(auto const& item : attributes)
            if(auto const* o = item.if_object())
                if(auto const* n = o->if_contains("name"); n && n->is_string())
                    names_in_scope_.insert(n->get_string());
    }

    // A placeholder name for the attribute at `index` of the scope being
    // read. A document can spell any name, NUL included ("\u0000"), so a
    // NUL is added until the name is none of the scope's own: a broken
    // attribute is never reported as a duplicate of a real one.
    std::string attribute_placeholder(std::size_t index) const
    {
        std::string name = placeholder("", index);
        while(names_in_scope_.count(name) != 0)
            name += '\0';
        return name;
    }

    void read_values(location const& at, std::string const& what, boost::json::value const& v,
                     attribute_definition& d)
    {
        if(!v.is_array())
            return wrong(at, what, "an array of strings", v);
        std::size_t index = 0;
        for(auto const& item : v.get_array())
        {
            if(item.is_string())
                d.allowed_values.emplace_back(item.get_string());
            else
                wrong(at.element(index), "Every item of " + what, "a string", item);
            ++index;
        }
    }

    // Where `pointer` lands in the document, as the position of each step:
    // a member's place in its object (an absent member comes after all
    // present ones), an element's index. Sorting by it gives document order.
    std::vector<std::size_t> position(std::string_view pointer) const
    {
        std::vector<std::size_t> out;
        boost::json::value const* at = &doc_;
        std::size_t i = 0;
        while(i < pointer.size() && pointer[i] == '/')
        {
            std::size_t const end = std::min(pointer.find('/', i + 1), pointer.size());
            std::string token;
            for(std::size_t j = i + 1; j < end; ++j)
            {
                if(pointer[j] == '~' && j + 1 < end)
                    token += pointer[++j] == '1' ? '/' : '~';
                else
                    token += pointer[j];
            }
            i = end;
            std::size_t step = 0;
            if(at && at->is_object())
            {
                boost::json::object const& o = at->get_object();
                auto const it = o.find(token);
                step = it == o.end() ? o.size() : static_cast<std::size_t>(it - o.begin());
                at = it == o.end() ? nullptr : &it->value();
            }
            else if(at && at->is_array())
            {
                boost::json::array const& a = at->get_array();
                // An index that is no number, or too big, lands after the end.
                step = token.empty() ? a.size() : 0;
                for(char const c : token)
                {
                    if(c < '0' || c > '9' || step >= a.size())
                    {
                        step = a.size();
                        break;
                    }
                    step = step * 10 + static_cast<std::size_t>(c - '0');
                }
                step = std::min(step, a.size());
                at = step < a.size() ? &a[step] : nullptr;
            }
            else
                at = nullptr;
            out.push_back(step);
        }
        return out;
    }

    boost::system::result<schema, report> finish(report const* from_build)
    {
        std::vector<violation> all = std::move(mistakes_);
        std::vector<violation> closing;   // a full build report's too_many_violations
        if(from_build)
        {
            for(violation v : *from_build)
            {
                if(v.code == error::too_many_violations)
                {
                    closing.push_back(std::move(v));
                    continue;
                }
                all.push_back(std::move(v));
            }
        }
        std::vector<std::pair<std::vector<std::size_t>, std::size_t>> order;
        order.reserve(all.size());
        for(std::size_t i = 0; i < all.size(); ++i)
            order.emplace_back(position(all[i].pointer), i);
        // Ties (the same spot) keep the order found: shape first, then build.
        std::stable_sort(order.begin(), order.end(),
                         [](auto const& a, auto const& b) { return a.first < b.first; });
        report r = report::capped(max_violations_);
        for(auto const& o : order)
            if(!r.add(std::move(all[o.second])))
                return r;
        for(violation& v : closing)
            r.add(std::move(v));
        return r;
    }
};

}   // namespace detail

boost::system::result<schema, report>
schema_from_json(boost::json::value const& definition, validate_options const& o)
{
    return detail::schema_json_reader(definition, o.max_violations).read();
}

}   // namespace usage_session

#endif
