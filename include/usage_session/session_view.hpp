#ifndef USAGE_SESSION_SESSION_VIEW_HPP
#define USAGE_SESSION_SESSION_VIEW_HPP

/** @file
    Typed read access to a stored session.
*/

#include <usage_session/detail/config.hpp>
#include <usage_session/json_pointer.hpp>
#include <usage_session/lifecycle.hpp>
#include <usage_session/options.hpp>
#include <usage_session/report.hpp>
#include <usage_session/schema.hpp>
#include <usage_session/timestamp.hpp>
#include <usage_session/validate.hpp>

#include <boost/date_time/posix_time/posix_time_types.hpp>
#include <boost/json/object.hpp>
#include <boost/system/result.hpp>
#include <optional>
#include <string_view>

namespace usage_session {

/** A non-owning, typed view of a stored session that passed
    @ref validate_session; it gives the values a service needs, already parsed.

    @code
    auto view = usage_session::session_view::make(session);
    if(view && view->state() == usage_session::session_state::done)
        use(view->duration());
    @endcode

    The viewed object must outlive the view and not change while it is used.
*/
class session_view
{
public:
    /** Checks `session` with @ref validate_session (same strictness as
        validation, including the cross-field rules `o` switches on) and
        returns a view of it, or the report. */
    USAGE_SESSION_DECL
    static boost::system::result<session_view, report>
    make(boost::json::object const& session, schema const& s = schema::standard(),
         update_options const& o = {});

    /// A view of a temporary would dangle at once: refused at compile time.
    static boost::system::result<session_view, report>
    make(boost::json::object&& session, schema const& s = schema::standard(),
         update_options const& o = {}) = delete;

    /// `_state`.
    session_state state() const noexcept { return state_; }

    /// `_startTime` (a leap second reads as 23:59:59.999999).
    boost::posix_time::ptime start_time() const noexcept { return start_; }

    /// `_endTime`, when the session has one.
    std::optional<boost::posix_time::ptime> end_time() const noexcept { return end_; }

    /// `end_time() - start_time()`, when the session has an end.
    USAGE_SESSION_DECL
    std::optional<boost::posix_time::time_duration> duration() const noexcept;

    /// `_name`, when present.
    USAGE_SESSION_DECL
    std::optional<std::string_view> name() const noexcept;

    /// `_summary._stopReasonCode`, when present.
    USAGE_SESSION_DECL
    std::optional<usage_session::stop_reason_code> stop_code() const noexcept;

    /// `_summary._stopReason`, when present.
    USAGE_SESSION_DECL
    std::optional<std::string_view> stop_reason() const noexcept;

    /// The viewed session.
    boost::json::object const& session() const noexcept { return *session_; }

private:
    session_view(boost::json::object const& s, session_state state,
                 boost::posix_time::ptime start,
                 std::optional<boost::posix_time::ptime> end) noexcept
        : session_(&s), state_(state), start_(start), end_(end)
    {
    }

    USAGE_SESSION_DECL
    std::optional<std::string_view> string_member(boost::json::object const* o,
                                                  std::string_view key) const noexcept;

    boost::json::object const* session_;
    session_state state_;
    boost::posix_time::ptime start_;
    std::optional<boost::posix_time::ptime> end_;
};

}   // namespace usage_session

#if !defined(USAGE_SESSION_SEPARATE_COMPILATION) || defined(USAGE_SESSION_SOURCE)
#include <usage_session/impl/session_view.hpp>
#endif

#endif
