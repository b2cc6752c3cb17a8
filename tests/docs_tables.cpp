// The error-code tables of README.md and docs/error.md against the `error`
// enum: every code appears exactly once, no table names a code that does not
// exist, and where a table has value or message() columns they agree too.
// USAGE_SESSION_SOURCE_DIR is passed in by CMake, so the files are found
// wherever ctest runs.
#include <usage_session/error.hpp>
#include <usage_session/platform_error.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace us = usage_session;

std::vector<std::string> read_lines(std::string const& relative)
{
    std::ifstream in(std::string(USAGE_SESSION_SOURCE_DIR) + "/" + relative);
    BOOST_TEST_REQUIRE(in.good(), "cannot open " << relative);
    std::vector<std::string> lines;
    for(std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::string trim(std::string const& s)
{
    auto const first = s.find_first_not_of(" \t\r");
    if(first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// "| a | b |" -> {"a", "b"}
std::vector<std::string> cells(std::string const& line)
{
    std::vector<std::string> out;
    std::string const inner = trim(line);
    std::size_t start = 1;
    for(std::size_t bar = inner.find('|', start); bar != std::string::npos;
        bar = inner.find('|', start))
    {
        out.push_back(trim(inner.substr(start, bar - start)));
        start = bar + 1;
    }
    return out;
}

// Every `quoted` span of a cell.
std::vector<std::string> quoted(std::string const& cell)
{
    std::vector<std::string> out;
    for(std::size_t open = cell.find('`'); open != std::string::npos; open = cell.find('`', open))
    {
        std::size_t const close = cell.find('`', open + 1);
        if(close == std::string::npos)
            break;
        out.push_back(cell.substr(open + 1, close - open - 1));
        open = close + 1;
    }
    return out;
}

struct table
{
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    int column(std::string const& name) const
    {
        for(std::size_t i = 0; i < header.size(); ++i)
            if(header[i] == name)
                return static_cast<int>(i);
        return -1;
    }
};

// The first Markdown table of the file with a column headed exactly `code`.
table error_table(std::string const& relative)
{
    auto const lines = read_lines(relative);
    for(std::size_t i = 0; i + 1 < lines.size(); ++i)
    {
        if(trim(lines[i]).rfind('|', 0) != 0)
            continue;
        table t;
        t.header = cells(lines[i]);
        if(t.column("code") < 0)
            continue;
        for(std::size_t j = i + 2; j < lines.size() && trim(lines[j]).rfind('|', 0) == 0; ++j)
            t.rows.push_back(cells(lines[j]));
        return t;
    }
    BOOST_FAIL(relative << " has no table with a `code` column");
    return {};
}

std::map<std::string, us::error> enum_codes()
{
    std::map<std::string, us::error> codes;
    for(int i = 1; i <= us::error_count; ++i)
    {
        auto const e = static_cast<us::error>(i);
        codes.emplace(std::string(us::code_name(e)), e);
    }
    return codes;
}

// Counts the codes named in the `code` column; checks the whole set.
std::map<std::string, int> check_codes(std::string const& relative, table const& t)
{
    auto const known = enum_codes();
    int const code_column = t.column("code");
    std::map<std::string, int> seen;
    for(auto const& row : t.rows)
    {
        BOOST_TEST_REQUIRE(static_cast<int>(row.size()) > code_column, relative << ": short row");
        for(auto const& name : quoted(row[code_column]))
        {
            BOOST_TEST(known.count(name) == 1u, relative << " names `" << name << "`, which is no code");
            ++seen[name];
        }
    }
    for(auto const& [name, e] : known)
    {
        (void)e;
        BOOST_TEST(seen[name] == 1, relative << " lists `" << name << "` " << seen[name] << " times");
    }
    return seen;
}

}   // namespace

BOOST_AUTO_TEST_SUITE(docs_tables)

BOOST_AUTO_TEST_CASE(readme_error_table_lists_every_code_once)
{
    check_codes("README.md", error_table("README.md"));
}

BOOST_AUTO_TEST_CASE(contract_error_table_lists_every_code_once)
{
    check_codes("docs/contract.md", error_table("docs/contract.md"));
}

BOOST_AUTO_TEST_CASE(error_page_table_matches_values_and_messages)
{
    table const t = error_table("docs/error.md");
    check_codes("docs/error.md", t);
    auto const known = enum_codes();
    int const code_column = t.column("code");
    int const value_column = t.column("value");
    int const message_column = t.column("`message()`");
    for(auto const& row : t.rows)
    {
        auto const names = quoted(row[code_column]);
        if(names.size() != 1 || known.count(names[0]) == 0)
            continue;
        us::error const e = known.at(names[0]);
        if(value_column >= 0)
            BOOST_TEST(row[value_column] == std::to_string(static_cast<int>(e)), names[0]);
        if(message_column >= 0)
            BOOST_TEST(row[message_column] == us::make_error_code(e).message(), names[0]);
    }
}

// docs/platform_error.md: every code is mapped, and a code listed in one row
// only maps to that row's platform code (codes split by their details, such
// as out_of_range, appear in two rows).
BOOST_AUTO_TEST_CASE(platform_error_table_maps_every_code)
{
    auto const lines = read_lines("docs/platform_error.md");
    table t;
    for(std::size_t i = 0; i + 1 < lines.size() && t.header.empty(); ++i)
    {
        if(trim(lines[i]).rfind('|', 0) != 0)
            continue;
        std::vector<std::string> const header = cells(lines[i]);
        if(header.empty() || header[0] != "`error`")
            continue;
        t.header = header;
        for(std::size_t j = i + 2; j < lines.size() && trim(lines[j]).rfind('|', 0) == 0; ++j)
            t.rows.push_back(cells(lines[j]));
    }
    BOOST_TEST_REQUIRE(t.rows.size() >= 10u);
    auto const known = enum_codes();
    std::map<std::string, std::vector<std::string>> platform_of;
    for(auto const& row : t.rows)
    {
        BOOST_TEST_REQUIRE(row.size() >= 3u);
        auto const platform = quoted(row[1]);
        BOOST_TEST_REQUIRE(platform.size() == 1u, row[1]);
        for(auto const& name : quoted(row[0]))
        {
            if(name.find('.') != std::string::npos)
                continue;   // `details.minimum`, `details.state`
            BOOST_TEST(known.count(name) == 1u, "docs/platform_error.md names `" << name << "`, which is no code");
            platform_of[name].push_back(platform[0]);
        }
    }
    for(auto const& [name, e] : known)
    {
        BOOST_TEST_CONTEXT(name)
        {
            BOOST_TEST_REQUIRE(platform_of.count(name) == 1u, "not in the table");
            if(platform_of[name].size() == 1)
                BOOST_TEST(platform_of[name][0] ==
                           std::string(us::to_platform_code(us::violation{"", e, ""}).code));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
