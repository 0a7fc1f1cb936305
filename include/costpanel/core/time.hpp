// costpanel: instants and calendar days. Instants are UTC milliseconds; a day is the reader's, in
// the local time zone, as "YYYY-MM-DD". The one place that turns one into the other.
#pragma once

#include <chrono>
#include <cstdint>
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

// "YYYY-MM-DD".
std::string format_day(std::chrono::year_month_day day);
// The local calendar date of an instant.
std::chrono::year_month_day local_date(TimeMs ms);
std::string local_day(TimeMs ms);
// Today, `days` days before today, and the first of this month, local time.
std::string local_today();
std::string local_days_ago(int n);
std::string local_month_start();
// How many days the month of `day` has.
int days_in_month(std::chrono::year_month_day day);
// "HH:MM:SS", local time.
std::string local_clock_time(TimeMs ms);

}  // namespace costpanel
