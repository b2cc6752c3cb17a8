// The Boost exception hook of a program built with -fno-exceptions.
//
// Without exceptions, Boost cannot `throw`: where a header would throw, it
// calls boost::throw_exception, which the application must define (Boost
// declares both overloads and leaves them to the program). The library never
// prints and never decides for the application what an unrecoverable error
// means; this program's answer is to stop at once, silently. A service might
// log e.what() first, or report it to its supervisor.
//
// Who calls it: `result<T, report>::value()` on a result holding a report
// (usage_session::throw_exception_from_error passes a report_error), the
// throwing accessors of other boost::system::result types, and Boost header
// code compiled into this program. See docs/no-exceptions.md.

#include <boost/throw_exception.hpp>

#include <cstdlib>
#include <exception>

#if !defined(BOOST_NO_EXCEPTIONS)
#error "throw_exception_hook.cpp is for programs built with -fno-exceptions"
#endif

namespace boost {

void throw_exception(std::exception const&)
{
    std::abort();
}

void throw_exception(std::exception const&, boost::source_location const&)
{
    std::abort();
}

}   // namespace boost
