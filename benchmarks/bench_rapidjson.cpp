// Peer: RapidJSON's schema validator (draft-04; it ignores `format`, so it
// accepts 30 February) on a pre-parsed rapidjson::Document of the patch.
// The validator is built once and Reset() before each run, the fastest way
// RapidJSON offers to validate many documents.

#include "support.hpp"

#include <rapidjson/document.h>
#include <rapidjson/schema.h>

namespace {

void rapidjson_schema_validator(benchmark::State& state)
{
    rapidjson::Document schema_doc;
    schema_doc.Parse(bench::json_schema_text().c_str());
    rapidjson::Document patch;
    patch.Parse(bench::patch_bytes().c_str());
    if(schema_doc.HasParseError() || patch.HasParseError())
    {
        state.SkipWithError("RapidJSON cannot parse the sample data");
        return;
    }
    rapidjson::SchemaDocument const schema(schema_doc);
    rapidjson::SchemaValidator validator(schema);

    // The schema must do its job: the sample passes, every bad patch fails.
    bool agrees = patch.Accept(validator);
    for(std::string const& text : bench::bad_patches())
    {
        rapidjson::Document bad;
        bad.Parse(text.c_str());
        validator.Reset();
        agrees = agrees && !bad.Accept(validator);
    }
    if(!agrees)
    {
        state.SkipWithError("RapidJSON does not agree with the sample data");
        return;
    }

    std::uint64_t const before = bench::allocations();
    for(auto _ : state)
    {
        validator.Reset();
        bool const ok = patch.Accept(validator) && validator.IsValid();
        benchmark::DoNotOptimize(ok);
    }
    bench::set_allocations(state, bench::allocations() - before);
}
BENCHMARK(rapidjson_schema_validator)->Name("peer/rapidjson_schema_validator");

}   // namespace
