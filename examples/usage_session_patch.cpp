// usage-session-patch SESSION.json PATCH.json [DEVICE_ID ID]
//
// Applies an Update Usage Session patch to a stored session, as a service
// would: path parameters, then the raw body through parse_patch, then
// apply_update. `-` for either file (not both) reads standard input.
//
// Exit statuses (docs/cli.md):
//   0  merged: the merged session on standard output
//   1  refused: the patch or the path parameters break a rule; the RFC 9457
//      problem document on standard output
//   2  usage: wrong arguments; the usage on standard error
//   3  a file cannot be read, or is not the JSON it must be; one line on
//      standard error that names the file and the problem
//   4  the result cannot be written to standard output
// --help or -h prints the usage on standard output and exits 0.
//
// This is the only code of the project that touches files. It reads them
// with POSIX calls, which report every failure as a value: nothing here
// throws on bad input, so the program never aborts on it, also when built
// with -fno-exceptions.

#include <usage_session.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

namespace us = usage_session;

constexpr char const* program = "usage-session-patch";

constexpr char const* usage_text =
    "usage: usage-session-patch SESSION.json PATCH.json [DEVICE_ID ID]\n"
    "\n"
    "Applies the Update Usage Session patch PATCH.json to the stored session\n"
    "SESSION.json and prints the merged session. DEVICE_ID and ID are the\n"
    "path parameters, checked first. Either file may be - (standard input).\n"
    "\n"
    "Exit status: 0 merged (the session on standard output), 1 refused (an\n"
    "RFC 9457 problem document on standard output), 2 wrong arguments,\n"
    "3 a file cannot be read or is not the JSON it must be (one line on\n"
    "standard error), 4 the output cannot be written.\n";

enum exit_status
{
    merged = 0,
    refused = 1,
    usage = 2,
    bad_input = 3,
    bad_output = 4,
};

// The name of an input as messages show it: "standard input" for -, else
// the path with control characters escaped, so a message stays one line.
std::string shown(std::string_view path)
{
    if(path == "-")
        return "standard input";
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    for(char c : path)
    {
        auto const u = static_cast<unsigned char>(c);
        if(u < 0x20 || u == 0x7f)
        {
            s += "\\x";
            s += hex[u >> 4];
            s += hex[u & 15];
        }
        else
            s += c;
    }
    return s;
}

// One line on standard error: "usage-session-patch: NAME: PROBLEM".
int fail(std::string_view path, std::string const& problem)
{
    std::string const line = std::string(program) + ": " + shown(path) + ": " + problem + "\n";
    std::fputs(line.c_str(), stderr);
    return bad_input;
}

int usage_error(std::string const& problem)
{
    std::fprintf(stderr, "%s: %s\n%s", program, problem.c_str(), usage_text);
    return usage;
}

// Reads at most limit + 1 bytes of `path` (standard input for -) into
// `text`; more than the limit is a problem of its own, found without
// reading the rest. Returns the problem, or an empty string.
std::string read_input(char const* path, std::size_t limit, std::string& text)
{
    bool const from_stdin = std::string_view(path) == "-";
    int const fd = from_stdin ? STDIN_FILENO : ::open(path, O_RDONLY | O_CLOEXEC);
    if(fd < 0)
    {
        int const e = errno;
        if(e == ENOENT)
            return "no such file";
        return std::string("cannot open: ") + std::strerror(e);
    }
    std::string problem;
    struct stat st;
    if(::fstat(fd, &st) == 0)
    {
        if(S_ISDIR(st.st_mode))
            problem = "is a directory, not a file";
        else if(S_ISREG(st.st_mode) && static_cast<unsigned long long>(st.st_size) > limit)
            problem = "too_large: the file is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                      std::to_string(limit) + " bytes (parse_limits::max_bytes)";
    }
    char chunk[16 * 1024];
    while(problem.empty())
    {
        ssize_t const n = ::read(fd, chunk, sizeof chunk);
        if(n < 0)
        {
            if(errno == EINTR)
                continue;
            problem = errno == EISDIR ? std::string("is a directory, not a file")
                                      : std::string("cannot read: ") + std::strerror(errno);
        }
        else if(n == 0)
            break;
        else
        {
            text.append(chunk, static_cast<std::size_t>(n));
            if(text.size() > limit)
                problem = "too_large: over the limit of " + std::to_string(limit) +
                          " bytes (parse_limits::max_bytes)";
        }
    }
    if(!from_stdin)
        ::close(fd);
    return problem;
}

// Reads and parses one input file; on failure `message` is its problem.
bool load(char const* path, us::parse_limits const& limits, boost::json::value& out, std::string& message)
{
    std::string text;
    message = read_input(path, limits.max_bytes, text);
    if(!message.empty())
        return false;
    if(text.empty())
    {
        message = "empty (0 bytes), not JSON";
        return false;
    }
    auto parsed = us::parse_patch(text, limits);
    if(!parsed)
    {
        // parse_patch's code and message: "invalid_json: The body is not
        // valid JSON (syntax error) at byte offset 12."
        us::report const errors = parsed.error();
        message = std::string(us::code_name(errors[0].code)) + ": " + errors[0].message;
        return false;
    }
    out = std::move(*parsed);
    return true;
}

// Writes `text` and a newline to standard output, and makes sure it got
// there (a full disk is not a success). A reader that closes the pipe
// early ends the program with SIGPIPE, as it ends other Unix tools.
int print(std::string text, int status)
{
    text += '\n';
    if(std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
    {
        int const e = errno;
        std::fprintf(stderr, "%s: cannot write the output: %s\n", program, std::strerror(e));
        return bad_output;
    }
    return status;
}

int reject(us::report const& r)
{
    return print(us::serialize(us::to_problem_details(r)), refused);
}

}   // namespace

int main(int argc, char** argv)
{
    if(argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h"))
    {
        std::fputs(usage_text, stdout);
        return std::fflush(stdout) == 0 ? merged : bad_output;
    }
    if(argc != 3 && argc != 5)
        return usage_error("expected SESSION.json PATCH.json [DEVICE_ID ID], got " + std::to_string(argc - 1) +
                           (argc == 2 ? " argument" : " arguments"));
    char const* const session_path = argv[1];
    char const* const patch_path = argv[2];
    for(std::string_view arg : {std::string_view(session_path), std::string_view(patch_path)})
        if(arg.size() > 1 && arg[0] == '-')
            return usage_error("unknown option " + shown(arg) + " (a file whose name starts with - is ./" +
                               shown(arg) + ")");
    if(std::string_view(session_path) == "-" && std::string_view(patch_path) == "-")
        return usage_error("only one of SESSION.json and PATCH.json can be - (standard input)");

    if(argc == 5)
        if(us::report r = us::validate_path(argv[3], argv[4]); !r)
            return reject(r);

    // The stored session is our own data, but it goes through the same
    // strict front door: a broken store should fail loudly, not be merged.
    us::parse_limits const limits;
    boost::json::value session;
    boost::json::value patch;
    std::string problem;
    if(!load(session_path, limits, session, problem))
        return fail(session_path, problem);
    if(!session.is_object())
        return fail(session_path, "not a JSON object (a stored session is one)");
    if(!load(patch_path, limits, patch, problem))
        return fail(patch_path, problem);

    // A patch that is JSON but breaks a rule (not an object included) is
    // what a service answers with a problem document.
    auto result = us::apply_update(session.get_object(), std::move(patch));
    if(!result)
        return reject(result.error());
    return print(us::serialize(*result), merged);
}
