#ifndef USAGE_SESSION_IMPL_PLATFORM_TEMPLATE_HPP
#define USAGE_SESSION_IMPL_PLATFORM_TEMPLATE_HPP

#include <usage_session/detail/definition_numbers.hpp>
#include <usage_session/detail/pattern.hpp>
#include <usage_session/detail/text.hpp>
#include <usage_session/detail/utf8.hpp>
#include <usage_session/json_pointer.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>
#include <utility>

namespace usage_session {
namespace detail {

// What each platform type becomes (docs/platform-templates.md has the table
// and the reasons). `lengths`: min/max count code points (text) or items
// (MULTI_SELECT, WAVEFORM); `bounds`: min/max bound the value.
struct template_type_info
{
    std::string_view name;
    attribute_type type;
    bool lengths;
    bool bounds;
    bool regex;
    bool select;
    bool numeric_meta;
};

inline constexpr template_type_info template_types[] = {
    // name            type                         lengths bounds regex  select numeric_meta
    {"LABEL", attribute_type::string, true, false, true, false, false},
    {"PARAGRAPH", attribute_type::string, true, false, true, false, false},
    {"INTEGER", attribute_type::integer, false, true, false, false, true},
    {"DECIMAL", attribute_type::decimal, false, true, false, false, true},
    {"BOOLEAN", attribute_type::boolean, false, false, false, false, false},
    {"SINGLE_SELECT", attribute_type::enumeration, false, false, false, true, false},
    {"MULTI_SELECT", attribute_type::array, true, false, false, true, false},
    {"ADDRESS", attribute_type::object, false, false, false, false, false},
    {"NAME", attribute_type::string, true, false, true, false, false},
    {"PHONE", attribute_type::string, true, false, true, false, false},
    {"EMAIL", attribute_type::string, true, false, true, false, false},
    {"DATE_TIME", attribute_type::date_time, false, false, false, false, false},
    {"DATE", attribute_type::date, false, false, false, false, false},
    {"REFERENCE", attribute_type::uuid, false, false, false, false, false},
    {"TIMEZONE", attribute_type::string, true, false, true, false, false},
    {"LOCALE", attribute_type::string, true, false, true, false, false},
    {"FILE", attribute_type::string, true, false, true, false, false},
    {"IMAGE", attribute_type::string, true, false, true, false, false},
    {"LINK", attribute_type::string, true, false, true, false, false},
    {"WAVEFORM", attribute_type::array, true, false, false, false, true},
};

inline template_type_info const* find_template_type(std::string_view name) noexcept
{
    for(auto const& t : template_types)
        if(t.name == name)
            return &t;
    return nullptr;
}

// The platform's name rule, [a-zA-Z]\w* (ASCII \w) and at most 36 characters.
inline constexpr std::size_t max_template_name_length = 36;

inline bool is_template_name(std::string_view n) noexcept
{
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if(n.empty() || !letter(n.front()))
        return false;
    for(char const c : n)
        if(!letter(c) && !(c >= '0' && c <= '9') && c != '_')
            return false;
    return true;
}

inline char const* scope_phrase(scope where) noexcept
{
    switch(where)
    {
    case scope::top_level: return "the top level";
    case scope::configuration: return "_configuration";
    case scope::summary: return "_summary";
    }
    return "a scope";
}

// Reads a template in one pass over its attributes, each attribute's
// members visited in document order, so the report is in document order by
// construction (missing members of an attribute come after its present
// ones). Nothing recurses: the format has a fixed shape.
class template_reader
{
public:
    template_reader(boost::json::value const& doc, template_options const& o)
        : doc_(doc), o_(o), report_(report::capped(o.max_violations))
    {
    }

    boost::system::result<schema, report> read()
    {
        if(!doc_.is_object())
        {
            add("", "A platform template must be a JSON object, not " + describe_value(doc_) + ".");
            return fail();
        }
        boost::json::object const& root = doc_.get_object();
        auto const it = root.find("customAttributes");
        if(it == root.end())
        {
            add("/customAttributes", "The template has no customAttributes array.");
            return fail();
        }
        if(!it->value().is_array())
        {
            add("/customAttributes", "customAttributes must be an array, not " +
                                         describe_value(it->value()) + ".");
            return fail();
        }
        boost::json::array const& attributes = it->value().get_array();
        for(std::size_t i = 0; i < attributes.size() && !report_.full(); ++i)
            read_attribute(i, attributes[i]);
        if(!report_.ok())
            return fail();
        return build();
    }

private:
    struct defined
    {
        scope where;
        std::size_t index;   // in customAttributes
        attribute_definition definition;
    };

    boost::json::value const& doc_;
    template_options const& o_;
    report report_;
    std::vector<defined> defined_;
    std::map<std::string, std::size_t, std::less<>> first_[3];   // name -> first index, per scope

    // Per attribute.
    std::size_t index_ = 0;
    std::string label_;
    bool clean_ = true;

    boost::system::result<schema, report> fail()
    {
        return {boost::system::in_place_error, std::move(report_)};
    }

    void add(std::string pointer, std::string message)
    {
        report_.add(violation{std::move(pointer), error::bad_schema, std::move(message)});
    }

    std::string pointer(std::initializer_list<std::string_view> tokens) const
    {
        std::string p = "/customAttributes";
        append_pointer_index(p, index_);
        for(auto t : tokens)
            append_pointer_token(p, t);
        return p;
    }

    // One mistake of the current attribute; `what` continues the label.
    void mistake(std::string at, std::string const& what)
    {
        clean_ = false;
        add(std::move(at), label_ + " " + what + ".");
    }

    static std::string number(double d)
    {
        std::string s;
        append_number(s, d);
        return s;
    }

    static std::string type_names()
    {
        std::string s;
        for(auto const& t : template_types)
        {
            if(!s.empty())
                s += ", ";
            s.append(t.name.data(), t.name.size());
        }
        return s;
    }

    std::string category_names() const
    {
        std::string s;
        for(auto const& c : o_.categories)
        {
            if(!s.empty())
                s += ", ";
            append_quoted(s, c.name);
        }
        return s.empty() ? "none" : s;
    }

    // What the first pass learns about an attribute before its members are
    // checked in order.
    struct facts
    {
        template_type_info const* type = nullptr;
        std::optional<scope> where;
        std::size_t const* twin = nullptr;                   // index of an earlier attribute with the same name
        std::optional<double> min_value, max_value;          // bounds types
        std::optional<std::uint64_t> min_count, max_count;   // length types
    };

    void read_attribute(std::size_t i, boost::json::value const& v)
    {
        index_ = i;
        clean_ = true;
        label_ = "The template attribute at index " + std::to_string(i);
        if(!v.is_object())
        {
            mistake(pointer({}), "must be an object, not " + describe_value(v));
            return;
        }
        boost::json::object const& a = v.get_object();
        auto member = [&a](std::string_view key) -> boost::json::value const* {
            auto const it = a.find(key);
            return it == a.end() ? nullptr : &it->value();
        };
        boost::json::value const* name = member("name");
        boost::json::value const* type = member("type");
        boost::json::value const* category = member("category");
        boost::json::value const* validation = member("validation");
        boost::json::value const* values = member("selectableValues");

        // First pass: the facts the checks of other members depend on.
        facts f;
        std::string_view name_text;
        bool name_ok = false;
        if(name && name->is_string())
        {
            name_text = name->get_string();
            name_ok = is_template_name(name_text) && name_text.size() <= max_template_name_length;
            if(is_valid_utf8(name_text))
            {
                label_ = "The template attribute ";
                append_quoted(label_, name_text);
            }
        }
        if(type && type->is_string())
            f.type = find_template_type(type->get_string());
        if(!category || category->is_null())
            f.where = o_.uncategorized;
        else if(category->is_object())
        {
            auto const it = category->get_object().find("name");
            if(it != category->get_object().end() && it->value().is_string())
                for(auto const& c : o_.categories)
                    if(c.name == std::string_view(it->value().get_string()))
                    {
                        f.where = c.where;
                        break;
                    }
        }
        if(name_ok && f.where)
        {
            auto& first = first_[static_cast<std::size_t>(*f.where)];
            auto const found = first.find(name_text);
            if(found == first.end())
                first.emplace(std::string(name_text), i);
            else
                f.twin = &found->second;
        }
        if(validation && validation->is_object() && f.type)
        {
            boost::json::object const& rules = validation->get_object();
            auto const min = rules.find("min");
            auto const max = rules.find("max");
            double d;
            std::uint64_t n;
            if(f.type->bounds)
            {
                if(min != rules.end() && read_definition_number(min->value(), d))
                    f.min_value = d;
                if(max != rules.end() && read_definition_number(max->value(), d))
                    f.max_value = d;
            }
            if(f.type->lengths)
            {
                if(min != rules.end() && read_definition_count(min->value(), n))
                    f.min_count = n;
                if(max != rules.end() && read_definition_count(max->value(), n))
                    f.max_count = n;
            }
        }

        attribute_definition d;
        if(f.type)
            d.type = f.type->type;
        if(name_ok)
            d.name = std::string(name_text);

        // Second pass: every member in document order.
        for(auto const& m : a)
        {
            std::string_view const key = m.key();
            boost::json::value const& x = m.value();
            if(key == "name")
                check_name(x, f);
            else if(key == "type")
                check_type(x);
            else if(key == "category")
                check_category(x);
            else if(key == "phi")
            {
                if(x.is_bool())
                    d.sensitive = x.get_bool();
                else if(!x.is_null())
                    mistake(pointer({"phi"}), "has phi " + describe_value(x) + "; it must be true or false");
            }
            else if(key == "validation")
                check_validation(x, f, d);
            else if(key == "selectableValues")
                check_values(x, f, d);
            else if(key == "numericMetaData")
                check_numeric_metadata(x, f);
            // Other members (id, displayName, description, order ...) are
            // the platform's business: ignored.
        }

        // Missing members, where they should be.
        if(!name)
            mistake(pointer({"name"}), "has no name");
        if(!type)
            mistake(pointer({"type"}), "has no type");
        if(!category && !o_.uncategorized)
            mistake(pointer({"category"}), "has no category, and these template options require one");
        if(f.type && f.type->select && !values)
            mistake(pointer({"selectableValues"}), "is a " + std::string(f.type->name) +
                                                       " without selectableValues");

        if(clean_ && f.where)
            defined_.push_back(defined{*f.where, i, std::move(d)});
    }

    void check_name(boost::json::value const& x, facts const& f)
    {
        if(!x.is_string())
        {
            mistake(pointer({"name"}), "has the name " + describe_value(x) + "; it must be a string");
            return;
        }
        std::string_view const n = x.get_string();
        if(!is_template_name(n))
            mistake(pointer({"name"}), "has the name " + quoted(n) +
                                           "; a name starts with a letter and has only letters, digits and _");
        else if(n.size() > max_template_name_length)
            mistake(pointer({"name"}), "has a name of " + std::to_string(n.size()) +
                                           " characters; at most " + std::to_string(max_template_name_length) + " are allowed");
        else if(f.twin)
            mistake(pointer({"name"}), std::string("is defined twice in ") + scope_phrase(*f.where) +
                                           " (first at /customAttributes/" + std::to_string(*f.twin) + ")");
    }

    void check_type(boost::json::value const& x)
    {
        if(!x.is_string())
            mistake(pointer({"type"}), "has the type " + describe_value(x) + "; it must be a string");
        else if(!find_template_type(x.get_string()))
            mistake(pointer({"type"}), "has the unknown type " + quoted(x.get_string()) +
                                           "; the types are " + type_names());
    }

    void check_category(boost::json::value const& x)
    {
        if(x.is_null())
        {
            if(!o_.uncategorized)
                mistake(pointer({"category"}), "has no category (null), and these template options require one");
            return;
        }
        if(!x.is_object())
        {
            mistake(pointer({"category"}), "has the category " + describe_value(x) +
                                               "; it must be an object with a name");
            return;
        }
        auto const it = x.get_object().find("name");
        if(it == x.get_object().end())
        {
            mistake(pointer({"category", "name"}), "has a category without a name");
            return;
        }
        boost::json::value const& n = it->value();
        if(!n.is_string())
        {
            mistake(pointer({"category", "name"}), "has the category name " + describe_value(n) +
                                                       "; it must be a string");
            return;
        }
        for(auto const& c : o_.categories)
            if(c.name == std::string_view(n.get_string()))
                return;
        mistake(pointer({"category", "name"}), "has the unknown category " + quoted(n.get_string()) +
                                                   "; the categories are " + category_names());
    }

    void check_validation(boost::json::value const& x, facts const& f, attribute_definition& d)
    {
        if(x.is_null())
            return;
        if(!x.is_object())
        {
            mistake(pointer({"validation"}), "has validation " + describe_value(x) + "; it must be an object");
            return;
        }
        std::string const type_name = f.type ? std::string(f.type->name) : std::string();
        for(auto const& m : x.get_object())
        {
            std::string_view const key = m.key();
            boost::json::value const& v = m.value();
            if(key == "mandatory")
            {
                if(v.is_bool())
                {
                    d.required = v.get_bool();
                    d.nullable = !v.get_bool();
                }
                else if(!v.is_null())
                    mistake(pointer({"validation", "mandatory"}), "has mandatory " + describe_value(v) +
                                                                      "; it must be true or false");
            }
            else if(key == "min" || key == "max")
                check_bound(key, v, f, d);
            else if(key == "regex")
                check_regex(v, f, d);
            else if(!o_.ignore_unknown_validation_rules)
                mistake(pointer({"validation", key}), "has the validation rule " + quoted(key) +
                                                          ", which this library does not know and so could not enforce");
        }
    }

    void check_bound(std::string_view key, boost::json::value const& v, facts const& f,
                     attribute_definition& d)
    {
        if(v.is_null())
            return;
        bool const is_min = key == "min";
        std::string at = pointer({"validation", key});
        std::string const what(key);
        double number_value;
        if(!f.type)
        {
            // Unknown type: which meaning applies is unknown; at least a number.
            if(!read_definition_number(v, number_value))
                mistake(std::move(at), "has " + what + " " + describe_value(v) + "; it must be a number");
            return;
        }
        if(f.type->bounds)
        {
            if(!read_definition_number(v, number_value))
            {
                mistake(std::move(at), "has " + what + " " + describe_value(v) + "; it must be a finite number");
                return;
            }
            (is_min ? d.minimum : d.maximum) = number_value;
            if(is_min && f.max_value && number_value > *f.max_value)
                mistake(std::move(at), "has min " + number(number_value) + " above max " + number(*f.max_value));
            return;
        }
        if(f.type->lengths)
        {
            std::uint64_t n;
            if(!read_definition_count(v, n))
            {
                char const* unit = f.type->type == attribute_type::array ? "a number of items"
                                                                         : "a length in characters";
                mistake(std::move(at), "has " + what + " " + describe_value(v) + "; for " +
                                           std::string(f.type->name) + " it is " + unit + ", a whole number of at least 0");
                return;
            }
            (is_min ? d.min_length : d.max_length) = n;
            if(is_min && f.max_count && n > *f.max_count)
                mistake(std::move(at), "has min " + std::to_string(n) + " above max " + std::to_string(*f.max_count));
            return;
        }
        mistake(std::move(at), "has " + what + " " + describe_value(v) + ", which does not apply to " +
                                   std::string(f.type->name) + " attributes");
    }

    void check_regex(boost::json::value const& v, facts const& f, attribute_definition& d)
    {
        if(v.is_null() || (v.is_string() && v.get_string().empty()))
            return;
        std::string at = pointer({"validation", "regex"});
        if(!v.is_string())
        {
            mistake(std::move(at), "has the regex " + describe_value(v) + "; it must be a string");
            return;
        }
        std::string_view const source = v.get_string();
        if(f.type && !f.type->regex)
        {
            mistake(std::move(at), "has a regex, which does not apply to " + std::string(f.type->name) +
                                       " attributes");
            return;
        }
        if(!is_valid_utf8(source))
        {
            mistake(std::move(at), "has a regex that is not valid UTF-8");
            return;
        }
        std::string why;
        if(!compile_pattern(std::string(source), why))
        {
            while(!why.empty() && (why.back() == '.' || why.back() == ' '))
                why.pop_back();
            mistake(std::move(at), "has a regex that cannot be used: " + why);
            return;
        }
        d.pattern = std::string(source);
    }

    void check_values(boost::json::value const& x, facts const& f, attribute_definition& d)
    {
        if(!f.type)
            return;
        std::string at = pointer({"selectableValues"});
        if(!f.type->select)
        {
            if(!x.is_null() && !(x.is_array() && x.get_array().empty()))
                mistake(std::move(at), "has selectableValues, which apply only to SINGLE_SELECT and "
                                       "MULTI_SELECT attributes, not " +
                                           std::string(f.type->name));
            return;
        }
        if(!x.is_array())
        {
            mistake(std::move(at), "is a " + std::string(f.type->name) + " whose selectableValues are " +
                                       describe_value(x) + ", not an array");
            return;
        }
        boost::json::array const& values = x.get_array();
        if(values.empty())
        {
            mistake(std::move(at), "is a " + std::string(f.type->name) + " without selectableValues (the array is empty)");
            return;
        }
        std::set<std::string_view> seen;
        for(std::size_t j = 0; j < values.size(); ++j)
        {
            boost::json::value const& item = values[j];
            std::string item_at = at;
            append_pointer_index(item_at, j);
            boost::json::value const* text = &item;
            if(item.is_object())
            {
                auto const it = item.get_object().find("value");
                if(it == item.get_object().end())
                {
                    append_pointer_token(item_at, "value");
                    mistake(std::move(item_at), "has a selectable value object without a value member");
                    continue;
                }
                append_pointer_token(item_at, "value");
                text = &it->value();
            }
            if(!text->is_string())
            {
                mistake(std::move(item_at), "has the selectable value " + describe_value(*text) +
                                                "; values are strings (or objects with a string value)");
                continue;
            }
            std::string_view const s = text->get_string();
            if(s.empty())
                mistake(std::move(item_at), "has an empty selectable value");
            else if(!is_valid_utf8(s))
                mistake(std::move(item_at), "has a selectable value that is not valid UTF-8");
            else if(!seen.insert(s).second)
                mistake(std::move(item_at), "lists the selectable value " + quoted(s) + " twice");
            else
                d.allowed_values.emplace_back(s);
        }
    }

    void check_numeric_metadata(boost::json::value const& x, facts const& f)
    {
        if(x.is_null())
            return;
        std::string at = pointer({"numericMetaData"});
        if(!x.is_object())
        {
            mistake(std::move(at), "has numericMetaData " + describe_value(x) + "; it must be an object");
            return;
        }
        boost::json::object const& meta = x.get_object();
        bool const applies = !f.type || f.type->numeric_meta;
        std::optional<double> upper;
        double n;
        auto const up = meta.find("upperRange");
        if(up != meta.end() && read_definition_number(up->value(), n))
            upper = n;
        for(auto const& m : meta)
        {
            std::string_view const key = m.key();
            boost::json::value const& v = m.value();
            if(v.is_null())
                continue;
            if(!applies)
            {
                mistake(std::move(at), "has numericMetaData, which applies only to INTEGER, DECIMAL and "
                                       "WAVEFORM attributes, not " +
                                           std::string(f.type->name));
                return;
            }
            std::string member_at = pointer({"numericMetaData", key});
            if(key == "subType" || key == "units")
            {
                if(!v.is_string())
                    mistake(std::move(member_at), "has the numericMetaData " + std::string(key) + " " +
                                                      describe_value(v) + "; it must be a string");
            }
            else if(key == "lowerRange" || key == "upperRange")
            {
                if(!read_definition_number(v, n))
                    mistake(std::move(member_at), "has the numericMetaData " + std::string(key) + " " +
                                                      describe_value(v) + "; it must be a finite number");
                else if(key == "lowerRange" && upper && n > *upper)
                    mistake(std::move(member_at), "has the numericMetaData lowerRange " + number(n) +
                                                      " above upperRange " + number(*upper));
            }
        }
    }

    // The schema: the base's settings and attributes, then the template's.
    boost::system::result<schema, report> build()
    {
        schema_builder b = o_.base;
        b.accept_unknown(scope::top_level, o_.accept_unknown_top_level);
        b.accept_unknown(scope::configuration, o_.accept_unknown_configuration);
        b.accept_unknown(scope::summary, o_.accept_unknown_summary);
        for(auto const& x : defined_)
            b.define(x.where, x.definition);
        auto built = b.build();
        if(built)
            return built;
        return remap(built.error());
    }

    // The template passed every check here, and yet the builder refused it:
    // a clash with an attribute of the base (or a rule of the builder this
    // reader does not repeat). Point its findings into the template.
    boost::system::result<schema, report> remap(report const& from_build)
    {
        auto base_built = o_.base.build();
        if(!base_built)
            return {boost::system::in_place_error, base_built.error()};   // the base's own mistakes
        std::size_t base_count[3];
        std::vector<std::size_t> origin[3];   // template index of the scope's k-th template attribute
        for(std::size_t s = 0; s < 3; ++s)
            base_count[s] = base_built->attributes(static_cast<scope>(s)).size();
        for(auto const& x : defined_)
            origin[static_cast<std::size_t>(x.where)].push_back(x.index);

        std::vector<std::pair<std::size_t, violation>> mapped;
        std::vector<violation> rest;
        for(violation v : from_build)
        {
            bool done = false;
            for(std::size_t s = 0; s < 3 && !done; ++s)
            {
                std::string prefix = "/";
                prefix.append(scope_names[s].data(), scope_names[s].size());
                prefix += "/attributes/";
                if(v.pointer.compare(0, prefix.size(), prefix) != 0)
                    continue;
                std::string_view tail = std::string_view(v.pointer).substr(prefix.size());
                std::size_t k = 0, digits = 0;
                while(digits < tail.size() && tail[digits] >= '0' && tail[digits] <= '9' && digits < 9)
                    k = k * 10 + static_cast<std::size_t>(tail[digits++] - '0');
                if(digits == 0 || k < base_count[s] || k - base_count[s] >= origin[s].size())
                    continue;
                std::size_t const index = origin[s][k - base_count[s]];
                std::string_view field = tail.substr(digits);
                std::string p = "/customAttributes";
                append_pointer_index(p, index);
                if(field == "/name" || field == "/type")
                    p.append(field.data(), field.size());
                else if(field == "/minLength" || field == "/minimum")
                    p += "/validation/min";
                else if(field == "/maxLength" || field == "/maximum")
                    p += "/validation/max";
                else if(field == "/pattern")
                    p += "/validation/regex";
                else if(field.substr(0, 8) == "/values/")
                    p += "/selectableValues/" + std::string(field.substr(8));
                v.pointer = std::move(p);
                mapped.emplace_back(index, std::move(v));
                done = true;
            }
            if(!done)
                rest.push_back(std::move(v));
        }
        std::stable_sort(mapped.begin(), mapped.end(),
                         [](auto const& a, auto const& b) { return a.first < b.first; });
        report r = report::capped(o_.max_violations);
        for(auto& m : mapped)
            r.add(std::move(m.second));
        for(auto& v : rest)
            r.add(std::move(v));
        return {boost::system::in_place_error, std::move(r)};
    }
};

}   // namespace detail

boost::system::result<schema, report>
schema_from_platform_template(boost::json::value const& tmpl, template_options const& o)
{
    return detail::template_reader(tmpl, o).read();
}

}   // namespace usage_session

#endif
