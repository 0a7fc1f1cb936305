// costpanel: instants and calendar days. An instant is UTC milliseconds; a day, a week or a month is
// the reader's, in a time zone (TimeZone::local() by default: $TZ, else the system's), as
// "YYYY-MM-DD". The one place that turns one into the other.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace costpanel {

// Milliseconds since the Unix epoch, UTC.
using TimeMs = std::int64_t;

// The wall clock.
TimeMs now_ms();
// RFC 3339 ("2026-11-20T09:00:01Z", "...+02:00", fractions allowed); nothing for anything else.
std::optional<TimeMs> parse_rfc3339(std::string_view text);
// RFC 3339 UTC with milliseconds: "2026-11-20T09:00:01.250Z".
std::string format_rfc3339(TimeMs ms);

// "YYYY-MM-DD", and back (nothing unless a real date in exactly that form).
std::string format_day(std::chrono::year_month_day day);
std::optional<std::chrono::year_month_day> parse_day(std::string_view text);
// How many days the month of `day` has.
int days_in_month(std::chrono::year_month_day day);

// An IANA time zone from the system's zone database (Debian's tzdata). Cheap to copy; thread-safe.
class TimeZone
{
public:
    // $TZ when it names a zone, else the system's (/etc/localtime), else UTC.
    static TimeZone local();
    static TimeZone utc();
    // Throws std::invalid_argument naming `name` when the database has no such zone.
    static TimeZone named(std::string_view name);

    const std::string& name() const;
    // The calendar date, and the clock, of an instant in this zone.
    std::chrono::year_month_day date_of(TimeMs ms) const;
    std::string day_of(TimeMs ms) const { return format_day(date_of(ms)); }
    std::string clock_of(TimeMs ms) const;  // "HH:MM:SS"
    // The first instant of a day in this zone (where a DST change skips midnight, the instant the
    // day begins).
    TimeMs start_of(std::chrono::year_month_day day) const;
    // The zone's offset from UTC at an instant, in minutes.
    int offset_minutes(TimeMs ms) const;
    // RFC 3339 with this zone's offset at that instant: "2026-11-20T18:00:01.250+09:00".
    std::string rfc3339(TimeMs ms) const;

    // Today, `n` days before today, and the first of this month, in this zone.
    std::string today() const;
    std::string days_ago(int n) const;
    std::string month_start() const;

private:
    struct Zone;
    explicit TimeZone(std::shared_ptr<const Zone> zone) : zone_(std::move(zone)) {}
    std::shared_ptr<const Zone> zone_;
};

}  // namespace costpanel
