#ifndef USAGE_SESSION_TESTS_TEST_DATA_HPP
#define USAGE_SESSION_TESTS_TEST_DATA_HPP

// Test data lives in tests/data/ as JSON; CMake passes the folder's absolute
// path in USAGE_SESSION_TEST_DATA_DIR so tests never depend on the working
// directory.

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#ifndef USAGE_SESSION_TEST_DATA_DIR
#error "USAGE_SESSION_TEST_DATA_DIR must name tests/data"
#endif

namespace test_data {

inline std::string path(std::string const& name)
{
    return std::string(USAGE_SESSION_TEST_DATA_DIR) + "/" + name;
}

inline std::string read_text(std::string const& name)
{
    std::ifstream in(path(name), std::ios::binary);
    if(!in)
        throw std::runtime_error("cannot open test data " + path(name));
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline boost::json::value load_json(std::string const& name)
{
    return boost::json::parse(read_text(name));
}

}   // namespace test_data

#endif
