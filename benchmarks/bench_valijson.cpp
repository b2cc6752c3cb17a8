// Peer: valijson 1.0 (draft-07) on the same pre-parsed boost::json::value
// as ours, through its Boost.JSON adapter; once with the schema as written
// and once with every "format" removed. The Validator is kept between runs,
// so its cache of compiled `pattern` regexes is warm; valijson's date-time
// format check builds a std::regex on every call.

#include "support.hpp"

#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <boost/json/parse.hpp>

#include <memory>
#include <vector>

namespace json = boost::json;

namespace {

void strip_formats(json::value& v)
{
    std::vector<json::value*> todo{&v};
    while(!todo.empty())
    {
        json::value* const at = todo.back();
        todo.pop_back();
        if(json::object* const o = at->if_object())
        {
            o->erase("format");
            for(auto& member : *o)
                todo.push_back(&member.value());
        }
        else if(json::array* const a = at->if_array())
            for(auto& element : *a)
                todo.push_back(&element);
    }
}

void run_valijson(benchmark::State& state, bool with_format)
{
    json::value schema_json = json::parse(bench::json_schema_text());
    if(!with_format)
        strip_formats(schema_json);
    valijson::Schema schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    parser.populateSchema(valijson::adapters::BoostJsonAdapter(schema_json), schema);
    valijson::Validator validator;

    // The schema must do its job: the sample passes, every bad patch fails.
    valijson::adapters::BoostJsonAdapter const patch(bench::patch_value());
    bool agrees = validator.validate(schema, patch, nullptr);
    for(std::string const& text : bench::bad_patches())
    {
        json::value const bad = json::parse(text);
        agrees = agrees && !validator.validate(schema, valijson::adapters::BoostJsonAdapter(bad), nullptr);
    }
    if(!agrees)
    {
        state.SkipWithError("valijson does not agree with the sample data");
        return;
    }

    std::uint64_t const before = bench::allocations();
    for(auto _ : state)
    {
        bool const ok = validator.validate(schema, patch, nullptr);
        benchmark::DoNotOptimize(ok);
    }
    bench::set_allocations(state, bench::allocations() - before);
}

void valijson_no_format(benchmark::State& state) { run_valijson(state, false); }
BENCHMARK(valijson_no_format)->Name("peer/valijson_no_format");

void valijson_format(benchmark::State& state) { run_valijson(state, true); }
BENCHMARK(valijson_format)->Name("peer/valijson_format");

}   // namespace
