// Tests of usage_session/error.hpp: every enumerator of docs/contract.md §7, walked.
#include <usage_session/error.hpp>

#include <boost/system/error_code.hpp>
#include <boost/test/unit_test.hpp>

#include <array>
#include <set>
#include <string>
#include <string_view>

namespace {

using code = usage_session::error;

// docs/contract.md §7.1: the original 28 codes, then those appended since
// (pattern_mismatch: none of the 28 is for a regex mismatch); the numeric value of each is
// its position + 1.
constexpr std::array<std::string_view, 29> spec_codes = {
    "not_an_object", "missing_required", "null_not_allowed", "wrong_type",
    "unknown_attribute", "read_only_attribute", "not_in_enum", "too_short",
    "too_long", "out_of_range", "not_an_integer", "bad_timestamp", "not_utc",
    "timestamp_out_of_range", "bad_date", "bad_uuid", "bad_device_id",
    "end_before_start", "time_in_future", "stop_data_state_mismatch",
    "end_time_state_mismatch", "illegal_transition", "invalid_json",
    "duplicate_key", "too_deep", "too_large", "too_many_violations",
    "bad_schema", "pattern_mismatch"};

code nth(int i)
{
    return static_cast<code>(i);
}

}   // namespace

BOOST_AUTO_TEST_SUITE(error)

BOOST_AUTO_TEST_CASE(error_count_matches_spec)
{
    BOOST_TEST(usage_session::error_count == static_cast<int>(spec_codes.size()));
}

BOOST_AUTO_TEST_CASE(code_names_are_the_spec_names_in_order)
{
    std::set<std::string_view> seen;
    for(int i = 1; i <= usage_session::error_count; ++i)
    {
        BOOST_TEST_CONTEXT("enumerator " << i)
        {
            std::string_view const name = usage_session::code_name(nth(i));
            BOOST_TEST(!name.empty());
            BOOST_TEST(seen.insert(name).second, "duplicate name " << name);
            BOOST_TEST_REQUIRE(static_cast<std::size_t>(i) <= spec_codes.size());
            BOOST_TEST(name == spec_codes[static_cast<std::size_t>(i - 1)]);
        }
    }
}

BOOST_AUTO_TEST_CASE(code_name_is_constexpr)
{
    static_assert(usage_session::code_name(code::not_utc) == "not_utc", "");
    static_assert(noexcept(usage_session::code_name(code::not_utc)), "");
    BOOST_TEST(usage_session::code_name(code::bad_schema) == "bad_schema");
}

BOOST_AUTO_TEST_CASE(every_code_has_category_and_message)
{
    std::string const fallback = "unknown usage_session error";
    std::set<std::string> messages;
    for(int i = 1; i <= usage_session::error_count; ++i)
    {
        BOOST_TEST_CONTEXT("code " << usage_session::code_name(nth(i)))
        {
            boost::system::error_code const ec = usage_session::make_error_code(nth(i));
            BOOST_TEST(std::string(ec.category().name()) == "usage_session");
            BOOST_TEST(ec.value() == i);
            BOOST_TEST(bool(ec));
            BOOST_TEST(!ec.message().empty());
            BOOST_TEST(ec.message() != fallback);
            BOOST_TEST(messages.insert(ec.message()).second, "duplicate message " << ec.message());
            char buffer[8];
            BOOST_TEST(std::string(ec.category().message(i, buffer, sizeof buffer)) == ec.message());
        }
    }
}

BOOST_AUTO_TEST_CASE(converts_implicitly_to_error_code)
{
    boost::system::error_code ec = usage_session::error::not_utc;
    BOOST_TEST(ec.value() == static_cast<int>(code::not_utc));
    BOOST_TEST((ec.category() == usage_session::usage_session_category()));
    BOOST_TEST((ec == code::not_utc));
    BOOST_TEST(ec == usage_session::make_error_code(code::not_utc));
    BOOST_TEST((ec != code::bad_timestamp));
    BOOST_TEST(ec.message() == "timestamp is not in UTC");

    ec = code::bad_schema;
    BOOST_TEST((ec == code::bad_schema));
}

BOOST_AUTO_TEST_CASE(category_is_a_single_object)
{
    BOOST_TEST(&usage_session::usage_session_category() ==
               &usage_session::make_error_code(code::not_an_object).category());
}

BOOST_AUTO_TEST_CASE(values_outside_the_enum)
{
    code const zero = nth(0);
    code const past_end = nth(usage_session::error_count + 1);
    BOOST_TEST(usage_session::code_name(zero).empty());
    BOOST_TEST(usage_session::code_name(past_end).empty());
    BOOST_TEST(usage_session::make_error_code(past_end).message() == "unknown usage_session error");
}

BOOST_AUTO_TEST_SUITE_END()
