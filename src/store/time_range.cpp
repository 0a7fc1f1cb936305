#include "time_range.hpp"

#include <limits>
#include <stdexcept>

namespace costpanel::store {

namespace {

// Open ends: far enough out for any stored instant, near enough that quarter arithmetic never
// overflows.
constexpr TimeMs kOpenFrom = std::numeric_limits<TimeMs>::min() / 4;
constexpr TimeMs kOpenTo = std::numeric_limits<TimeMs>::max() / 4;

std::chrono::year_month_day day_or_throw(const std::string& text)
{
    const auto day = parse_day(text);
    if (!day) throw std::invalid_argument("\"" + text + "\" is not a date (YYYY-MM-DD)");
    return *day;
}

std::string utc_day_text(TimeMs ms)
{
    return TimeZone::utc().day_of(ms);
}

}  // namespace

TimeRange time_range(const DayRange& days, const TimeZone& zone)
{
    TimeRange r;
    r.from_ms = days.from.empty() ? kOpenFrom : zone.start_of(day_or_throw(days.from));
    r.to_ms = days.to.empty()
                  ? kOpenTo
                  : zone.start_of(std::chrono::sys_days(day_or_throw(days.to)) + std::chrono::days(1));
    if (!days.from.empty() && !days.to.empty() && days.to < days.from)
        throw std::invalid_argument("the range ends (" + days.to + ") before it begins (" + days.from + ")");
    r.q0 = quarter_of(r.from_ms);
    r.q1 = quarter_of(r.to_ms);  // day starts are quarter boundaries: no partial quarter at the end
    r.d0 = floor_div(r.q0 + kQuartersPerDay - 1, kQuartersPerDay);
    r.d1 = std::max(r.d0, floor_div(r.q1, kQuartersPerDay));
    r.h0 = floor_div(r.from_ms, kHourMs);
    r.h1 = floor_div(r.to_ms + kHourMs - 1, kHourMs);
    r.hd0 = floor_div(r.h0 + 23, 24);
    r.hd1 = std::max(r.hd0, floor_div(r.h1, 24));
    r.span_from = days.from.empty() ? "0000-00-00" : utc_day_text(r.from_ms);
    r.span_to = days.to.empty() ? "9999-99-99" : utc_day_text(r.to_ms - 1);
    return r;
}

void bind_range(sql::Statement& st, const TimeRange& r)
{
    const int n = st.parameters();
    const std::int64_t ints[] = {r.q0, r.q1, r.d0, r.d1};
    for (int i = 1; i <= 4 && i <= n; ++i) st.bind(i, ints[i - 1]);
    if (n >= 5) st.bind(5, r.span_from);
    if (n >= 6) st.bind(6, r.span_to);
    if (n >= 7) st.bind(7, r.from_ms);
    if (n >= 8) st.bind(8, r.to_ms);
    const std::int64_t hours[] = {r.h0, r.h1, r.hd0, r.hd1};
    for (int i = 9; i <= 12 && i <= n; ++i) st.bind(i, hours[i - 9]);
}

}  // namespace costpanel::store
