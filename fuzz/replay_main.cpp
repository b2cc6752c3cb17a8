// Runs a libFuzzer target over files without libFuzzer: each argument is a
// file or a folder of files, every file is one input. Used by every normal
// build so that the fuzz targets compile and their corpora replay in CTest.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size);

namespace {

int run_file(std::filesystem::path const& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string const bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Copy into an exact-size buffer so that AddressSanitizer sees reads past the end.
    std::vector<std::uint8_t> buffer(bytes.begin(), bytes.end());
    return LLVMFuzzerTestOneInput(buffer.data(), buffer.size());
}

}   // namespace

int main(int argc, char** argv)
{
    std::size_t runs = 0;
    for(int i = 1; i < argc; ++i)
    {
        std::filesystem::path const arg(argv[i]);
        if(std::filesystem::is_directory(arg))
        {
            for(auto const& entry : std::filesystem::recursive_directory_iterator(arg))
                if(entry.is_regular_file())
                {
                    run_file(entry.path());
                    ++runs;
                }
        }
        else
        {
            run_file(arg);
            ++runs;
        }
    }
    std::printf("replayed %zu inputs\n", runs);
    return runs > 0 ? 0 : 1;
}
