// Tests of usage_session/problem.hpp: to_problem_details, reports as
// RFC 9457 application/problem+json objects (docs/contract.md §7).
#include <usage_session/problem.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace {

using usage_session::error;
using usage_session::report;
using usage_session::to_problem_details;
using usage_session::violation;

report two_violations()
{
    report r;
    r.add(violation{"/_state", error::not_in_enum,
                    "_state must be one of ACTIVE, DONE; got \"RUNNING\"."});
    r.add(violation{"/_summary/_stopReasonCode", error::null_not_allowed,
                    "_stopReasonCode must not be \"null\" \\ here \xe2\x82\xac."});
    return r;
}

}   // namespace

BOOST_AUTO_TEST_SUITE(problem)

BOOST_AUTO_TEST_CASE(members_of_a_problem_document)
{
    boost::json::object const p = to_problem_details(two_violations());

    BOOST_TEST_REQUIRE(p.contains("type"));
    BOOST_TEST_REQUIRE(p.at("type").is_string());
    BOOST_TEST(p.at("type").as_string() == usage_session::problem_type);
    BOOST_TEST(!p.at("type").as_string().empty());

    BOOST_TEST_REQUIRE(p.contains("title"));
    BOOST_TEST_REQUIRE(p.at("title").is_string());
    BOOST_TEST(!p.at("title").as_string().empty());

    BOOST_TEST_REQUIRE(p.contains("status"));
    BOOST_TEST_REQUIRE(p.at("status").is_int64());   // a JSON integer, not 400.0
    BOOST_TEST(p.at("status").as_int64() == 400);

    BOOST_TEST_REQUIRE(p.contains("detail"));
    BOOST_TEST_REQUIRE(p.at("detail").is_string());
    BOOST_TEST(!p.at("detail").as_string().empty());

    BOOST_TEST_REQUIRE(p.contains("errors"));
    BOOST_TEST(p.at("errors").is_array());
    BOOST_TEST(p.size() == 5u);
}

BOOST_AUTO_TEST_CASE(errors_follow_the_report)
{
    report const r = two_violations();
    boost::json::object const p = to_problem_details(r);
    boost::json::array const& errors = p.at("errors").as_array();
    BOOST_TEST_REQUIRE(errors.size() == 2u);
    for(std::size_t i = 0; i < errors.size(); ++i)
        BOOST_TEST_CONTEXT("errors[" << i << "]")
        {
            BOOST_TEST_REQUIRE(errors[i].is_object());
            boost::json::object const& e = errors[i].as_object();
            BOOST_TEST(e.size() == 3u);
            BOOST_TEST(e.at("pointer").as_string() == r[i].pointer);
            BOOST_TEST(e.at("detail").as_string() == r[i].message);
            BOOST_TEST(e.at("code").as_string() == usage_session::code_name(r[i].code));
        }
    BOOST_TEST(errors[0].at("code").as_string() == "not_in_enum");
    BOOST_TEST(errors[0].at("pointer").as_string() == "/_state");
    BOOST_TEST(errors[1].at("code").as_string() == "null_not_allowed");
    BOOST_TEST(errors[1].at("pointer").as_string() == "/_summary/_stopReasonCode");
}

BOOST_AUTO_TEST_CASE(detail_summarises_the_report)
{
    boost::json::object const p = to_problem_details(two_violations());
    std::string const detail(p.at("detail").as_string());
    // It mentions the first violation, so a client that only shows `detail`
    // still learns something useful.
    BOOST_TEST(detail.find(two_violations()[0].message) != std::string::npos, detail);
}

BOOST_AUTO_TEST_CASE(empty_report)
{
    boost::json::object const p = to_problem_details(report());
    BOOST_TEST(p.at("status").as_int64() == 400);
    BOOST_TEST(p.at("type").is_string());
    BOOST_TEST(p.at("title").is_string());
    BOOST_TEST(p.at("detail").is_string());
    BOOST_TEST_REQUIRE(p.at("errors").is_array());
    BOOST_TEST(p.at("errors").as_array().empty());
}

BOOST_AUTO_TEST_CASE(truncated_report_keeps_its_closing_entry)
{
    report r = report::capped(1);
    r.add(violation{"/a", error::wrong_type, "a must be a string."});
    r.add(violation{"/b", error::wrong_type, "b must be a string."});
    BOOST_TEST_REQUIRE(r.size() == 2u);
    boost::json::object const p = to_problem_details(r);
    boost::json::array const& errors = p.at("errors").as_array();
    BOOST_TEST_REQUIRE(errors.size() == 2u);
    BOOST_TEST(errors[0].at("pointer").as_string() == "/a");
    BOOST_TEST(errors[1].at("code").as_string() == "too_many_violations");
    BOOST_TEST(errors[1].at("pointer").as_string() == "");
}

BOOST_AUTO_TEST_CASE(serializes_to_json_that_reads_back)
{
    for(report const& r : {two_violations(), report()})
    {
        boost::json::object const p = to_problem_details(r);
        std::string const text = boost::json::serialize(p);
        boost::system::error_code ec;
        boost::json::value const back = boost::json::parse(text, ec);
        BOOST_TEST_REQUIRE(!ec, ec.message() << " in " << text);
        BOOST_TEST_REQUIRE(back.is_object());
        BOOST_TEST((back.as_object() == p), text);
    }
}

BOOST_AUTO_TEST_CASE(memory_resource_is_honoured)
{
    boost::json::monotonic_resource mr;
    boost::json::storage_ptr const sp(&mr);
    boost::json::object const p = to_problem_details(two_violations(), sp);
    BOOST_TEST(p.storage().get() == &mr);
    BOOST_TEST(p.at("errors").storage().get() == &mr);
    BOOST_TEST(p.at("detail").storage().get() == &mr);
    boost::json::array const& errors = p.at("errors").as_array();
    BOOST_TEST_REQUIRE(errors.size() == 2u);
    BOOST_TEST(errors[0].storage().get() == &mr);
    BOOST_TEST(errors[0].at("detail").storage().get() == &mr);

    boost::json::object const plain = to_problem_details(two_violations());
    BOOST_TEST(plain.storage().get() != &mr);
}

BOOST_AUTO_TEST_SUITE_END()
