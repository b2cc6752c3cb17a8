// Tests of usage_session/report.hpp: violations, the ordered report and its cap.
#include <usage_session/report.hpp>

#include <boost/system/result.hpp>
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using usage_session::code_name;
using usage_session::error;
using usage_session::report;
using usage_session::violation;

violation numbered(std::size_t i)
{
    return violation{"/v" + std::to_string(i), error::wrong_type,
                     "Violation number " + std::to_string(i) + "."};
}

report with_violations(std::size_t n, std::size_t cap = usage_session::default_max_violations)
{
    report r = report::capped(cap);
    for(std::size_t i = 0; i < n; ++i)
        r.add(numbered(i));
    return r;
}

}   // namespace

BOOST_AUTO_TEST_SUITE(report)

BOOST_AUTO_TEST_CASE(empty_report_is_ok)
{
    usage_session::report const r;
    BOOST_TEST(r.ok());
    BOOST_TEST(bool(r));
    BOOST_TEST(r.size() == 0u);
    BOOST_TEST((r.begin() == r.end()));
    BOOST_TEST(r.violations().empty());
    BOOST_TEST(!r.full());
    BOOST_TEST(r.max_violations() == 100u);
}

BOOST_AUTO_TEST_CASE(add_keeps_order)
{
    usage_session::report r;
    BOOST_TEST(r.add(violation{"/_state", error::missing_required, "first"}));
    BOOST_TEST(r.add(violation{"/_name", error::too_long, "second"}));
    BOOST_TEST(r.add(violation{"", error::not_an_object, "third"}));

    BOOST_TEST(!r.ok());
    BOOST_TEST(!bool(r));
    BOOST_TEST_REQUIRE(r.size() == 3u);
    BOOST_TEST(r[0].pointer == "/_state");
    BOOST_TEST(code_name(r[0].code) == "missing_required");
    BOOST_TEST(r[1].pointer == "/_name");
    BOOST_TEST(code_name(r[1].code) == "too_long");
    BOOST_TEST(r[2].message == "third");

    std::vector<std::string> messages;
    for(violation const& v : r)
        messages.push_back(v.message);
    BOOST_TEST(messages == (std::vector<std::string>{"first", "second", "third"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(cap_closes_with_too_many_violations)
{
    usage_session::report r = usage_session::report::capped(3);
    BOOST_TEST(r.add(numbered(0)));
    BOOST_TEST(r.add(numbered(1)));
    BOOST_TEST(r.add(numbered(2)));
    BOOST_TEST(!r.full());
    BOOST_TEST(!r.add(numbered(3)));
    BOOST_TEST(r.full());
    BOOST_TEST(!r.add(numbered(4)));

    BOOST_TEST_REQUIRE(r.size() == 4u);
    BOOST_TEST(r[2].pointer == "/v2");
    BOOST_TEST(code_name(r[3].code) == "too_many_violations");
    BOOST_TEST(r[3].pointer == "");
    BOOST_TEST(!r[3].message.empty());
}

BOOST_AUTO_TEST_CASE(default_cap_is_100)
{
    BOOST_TEST(usage_session::default_max_violations == 100u);
    usage_session::report const r = with_violations(150);
    BOOST_TEST_REQUIRE(r.size() == 101u);
    BOOST_TEST(r.full());
    BOOST_TEST(r[99].pointer == "/v99");
    BOOST_TEST(code_name(r[100].code) == "too_many_violations");
}

BOOST_AUTO_TEST_CASE(append_adds_in_order)
{
    usage_session::report a = with_violations(2);
    usage_session::report b;
    b.add(violation{"/b", error::bad_uuid, "from b"});
    b.add(violation{"/c", error::bad_date, "also from b"});

    BOOST_TEST(a.append(b));
    BOOST_TEST_REQUIRE(a.size() == 4u);
    BOOST_TEST(a[1].pointer == "/v1");
    BOOST_TEST(a[2].pointer == "/b");
    BOOST_TEST(a[3].pointer == "/c");
    BOOST_TEST(b.size() == 2u);
}

BOOST_AUTO_TEST_CASE(append_respects_the_cap)
{
    usage_session::report r = usage_session::report::capped(3);
    r.add(numbered(0));
    BOOST_TEST(!r.append(with_violations(5)));
    BOOST_TEST(r.full());
    BOOST_TEST_REQUIRE(r.size() == 4u);
    BOOST_TEST(r[0].pointer == "/v0");
    BOOST_TEST(r[1].pointer == "/v0");
    BOOST_TEST(r[2].pointer == "/v1");
    BOOST_TEST(code_name(r[3].code) == "too_many_violations");
}

BOOST_AUTO_TEST_CASE(equality)
{
    BOOST_TEST((with_violations(3) == with_violations(3)));
    BOOST_TEST((with_violations(3) != with_violations(2)));
    BOOST_TEST((usage_session::report() == usage_session::report()));

    usage_session::report x, y;
    x.add(violation{"/a", error::too_long, "same"});
    y.add(violation{"/a", error::too_short, "same"});
    BOOST_TEST((x != y));

    violation const v{"/a", error::too_long, "m"};
    BOOST_TEST((v == violation{"/a", error::too_long, "m"}));
    BOOST_TEST((v != violation{"/b", error::too_long, "m"}));
    BOOST_TEST((v != violation{"/a", error::too_long, "n"}));
}

BOOST_AUTO_TEST_CASE(result_value_throws_report_error)
{
    usage_session::report const original = with_violations(2);
    boost::system::result<int, usage_session::report> const r(
        boost::system::in_place_error, original);
    BOOST_TEST(r.has_error());

    bool thrown = false;
    try
    {
        (void)r.value();
    }
    catch(usage_session::report_error const& e)
    {
        thrown = true;
        BOOST_TEST((e.get_report() == original));
        BOOST_TEST(std::string(e.what()).find(original[0].message) != std::string::npos);
    }
    BOOST_TEST(thrown);

    boost::system::result<int, usage_session::report> const fine(boost::system::in_place_value, 42);
    BOOST_TEST(fine.value() == 42);
}

// A report must not be constructible from an integer: boost::system::result
// disables its value constructor when E is constructible from the argument,
// so `result<int, report> r = 42;` would not compile.
BOOST_AUTO_TEST_CASE(result_takes_a_plain_value)
{
    using result = boost::system::result<int, usage_session::report>;
    static_assert(!std::is_constructible<usage_session::report, int>::value, "");
    bool const value_converts = std::is_convertible<int, result>::value;
    BOOST_TEST(value_converts);
    result const r = 42;
    BOOST_TEST(r.value() == 42);
}

BOOST_AUTO_TEST_SUITE_END()
