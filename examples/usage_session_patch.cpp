// usage-session-patch SESSION.json PATCH.json [DEVICE_ID ID]
//
// Applies an Update Usage Session patch to a stored session, as a service
// would: path parameters, then the raw body through parse_patch, then
// apply_update. Prints the merged session and exits 0, or prints the RFC 9457
// problem document and exits 1. Exit 2 means the files could not be read.
//
// This is the only code of the project that touches files.

#include <usage_session.hpp>

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>

namespace {

std::optional<std::string> read_file(char const* path)
{
    std::ifstream in(path, std::ios::binary);
    if(!in)
        return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int reject(usage_session::report const& r)
{
    std::cout << boost::json::serialize(usage_session::to_problem_details(r)) << '\n';
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    if(argc != 3 && argc != 5)
    {
        std::cerr << "usage: usage-session-patch SESSION.json PATCH.json [DEVICE_ID ID]\n";
        return 2;
    }
    if(argc == 5)
        if(usage_session::report r = usage_session::validate_path(argv[3], argv[4]); !r)
            return reject(r);

    auto const session_text = read_file(argv[1]);
    auto const patch_text = read_file(argv[2]);
    if(!session_text || !patch_text)
    {
        std::cerr << "usage-session-patch: cannot read " << (session_text ? argv[2] : argv[1]) << '\n';
        return 2;
    }

    // The stored session is our own data, but it goes through the same
    // strict front door: a broken store should fail loudly, not be merged.
    auto session = usage_session::parse_patch(*session_text);
    if(!session || !session->is_object())
    {
        std::cerr << "usage-session-patch: " << argv[1] << " is not a JSON object\n";
        return 2;
    }

    auto patch = usage_session::parse_patch(*patch_text);
    if(!patch)
        return reject(patch.error());

    auto merged = usage_session::apply_update(session->get_object(), *patch);
    if(!merged)
        return reject(merged.error());
    std::cout << boost::json::serialize(*merged) << '\n';
    return 0;
}
