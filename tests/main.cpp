// The Boost.Test entry point; every other file in this folder is one suite.
#define BOOST_TEST_MODULE usage_session
#include <usage_session.hpp>

#include <boost/test/unit_test.hpp>

namespace odr_check {
bool every_entry_point_links();   // odr_second_tu.cpp
}

// This file and odr_second_tu.cpp both include the umbrella header; linking
// them (and every test file) into one binary catches ODR mistakes.
BOOST_AUTO_TEST_SUITE(odr)

BOOST_AUTO_TEST_CASE(two_translation_units_link_and_agree)
{
    BOOST_TEST(odr_check::every_entry_point_links());
    BOOST_TEST(usage_session::validate_patch(boost::json::value(1)).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
