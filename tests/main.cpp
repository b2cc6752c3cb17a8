// The Boost.Test entry point; every other file in this folder is one suite.
#define BOOST_TEST_MODULE usage_session
#include <boost/test/unit_test.hpp>
