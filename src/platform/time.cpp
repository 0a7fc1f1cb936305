#include "costpanel/core/time.hpp"

#include <cstdio>
#include <cstdlib>
#include <date/tz.h>
#include <stdexcept>

namespace costpanel {

namespace {

bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out)
{
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

using Millis = std::chrono::sys_time<std::chrono::milliseconds>;

Millis instant(TimeMs ms)
{
    return Millis(std::chrono::milliseconds(ms));
}

std::string format_clock(std::chrono::milliseconds since_midnight, bool with_millis)
{
    const std::chrono::hh_mm_ss clock(since_midnight);
    char buf[24];
    if (with_millis)
        std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%03d", static_cast<int>(clock.hours().count()),
                      static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()),
                      static_cast<int>(clock.subseconds().count()));
    else
        std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(clock.hours().count()),
                      static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()));
    return buf;
}

}  // namespace

TimeMs now_ms()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<TimeMs> parse_rfc3339(std::string_view s)
{
    using namespace std::chrono;
    int y, mo, d, hour, minute, second;
    if (!read_digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !read_digits(s, 5, 2, mo) ||
        s[7] != '-' || !read_digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        !read_digits(s, 11, 2, hour) || s[13] != ':' || !read_digits(s, 14, 2, minute) || s[16] != ':' ||
        !read_digits(s, 17, 2, second))
        return std::nullopt;
    const year_month_day date{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    std::size_t pos = 19;
    milliseconds fraction{0};
    if (s[pos] == '.') {
        std::size_t digits = 0;
        std::int64_t millis = 0;
        for (++pos; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++digits)
            if (digits < 3) millis = millis * 10 + (s[pos] - '0');
        if (digits == 0) return std::nullopt;
        for (; digits < 3; ++digits) millis *= 10;
        fraction = milliseconds(millis);
    }
    minutes offset{0};
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!read_digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset = minutes((s[pos] == '+' ? 1 : -1) * (oh * 60 + om));
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    // A leap second (:60) is read as :59, as most systems keep time.
    const sys_time<milliseconds> t =
        sys_days(date) + hours(hour) + minutes(minute) + seconds(std::min(second, 59)) + fraction - offset;
    return t.time_since_epoch().count();
}

std::string format_rfc3339(TimeMs ms)
{
    using namespace std::chrono;
    const Millis t = instant(ms);
    const sys_days day = floor<days>(t);
    return format_day(year_month_day(day)) + "T" + format_clock(t - day, true) + "Z";
}

std::string format_day(std::chrono::year_month_day day)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return buf;
}

std::optional<std::chrono::year_month_day> parse_day(std::string_view s)
{
    using namespace std::chrono;
    int y, m, d;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !read_digits(s, 0, 4, y) ||
        !read_digits(s, 5, 2, m) || !read_digits(s, 8, 2, d))
        return std::nullopt;
    const year_month_day day{year(y), month(static_cast<unsigned>(m)),
                             std::chrono::day(static_cast<unsigned>(d))};
    if (!day.ok()) return std::nullopt;
    return day;
}

int days_in_month(std::chrono::year_month_day day)
{
    return static_cast<int>(static_cast<unsigned>((day.year() / day.month() / std::chrono::last).day()));
}

// The zone database's entry; null for UTC, which needs none.
struct TimeZone::Zone
{
    std::string name;
    const date::time_zone* zone = nullptr;
};

TimeZone TimeZone::utc()
{
    static const auto zone = std::make_shared<const Zone>(Zone{"UTC", nullptr});
    return TimeZone(zone);
}

TimeZone TimeZone::named(std::string_view name)
{
    if (name == "UTC" || name == "Etc/UTC") return utc();
    try {
        return TimeZone(std::make_shared<const Zone>(Zone{std::string(name), date::locate_zone(name)}));
    } catch (const std::runtime_error&) {
        throw std::invalid_argument(std::string(name) +
                                    ": not a time zone the system knows (e.g. Europe/Paris)");
    }
}

TimeZone TimeZone::local()
{
    // TZ first, as the C library reads it ("Asia/Tokyo" or ":Asia/Tokyo"); a value that is not a
    // zone name (a POSIX rule like "JST-9") falls through to the system's zone.
    if (const char* tz = std::getenv("TZ"); tz && *tz) {
        std::string_view name = tz;
        if (name.front() == ':') name.remove_prefix(1);
        try {
            return named(name);
        } catch (const std::invalid_argument&) {
        }
    }
    try {
        const date::time_zone* system = date::current_zone();
        return TimeZone(std::make_shared<const Zone>(Zone{std::string(system->name()), system}));
    } catch (const std::runtime_error&) {
        return utc();
    }
}

const std::string& TimeZone::name() const
{
    return zone_->name;
}

std::chrono::year_month_day TimeZone::date_of(TimeMs ms) const
{
    using namespace std::chrono;
    if (!zone_->zone) return year_month_day(floor<days>(instant(ms)));
    const auto local = zone_->zone->to_local(instant(ms));
    return year_month_day(sys_days(floor<days>(local).time_since_epoch()));
}

std::string TimeZone::clock_of(TimeMs ms) const
{
    using namespace std::chrono;
    const Millis t = instant(ms) + minutes(offset_minutes(ms));
    return format_clock(t - floor<days>(t), false);
}

TimeMs TimeZone::start_of(std::chrono::year_month_day day) const
{
    using namespace std::chrono;
    if (!zone_->zone) return duration_cast<milliseconds>(sys_days(day).time_since_epoch()).count();
    const date::local_days midnight(days(sys_days(day).time_since_epoch()));
    // Midnight may not exist (a DST change at 00:00): the day then begins at the change.
    const date::local_info info = zone_->zone->get_info(midnight);
    const auto start = info.result == date::local_info::nonexistent
                           ? info.second.begin
                           : zone_->zone->to_sys(midnight, date::choose::earliest);
    return duration_cast<milliseconds>(start.time_since_epoch()).count();
}

int TimeZone::offset_minutes(TimeMs ms) const
{
    using namespace std::chrono;
    if (!zone_->zone) return 0;
    return static_cast<int>(duration_cast<minutes>(zone_->zone->get_info(instant(ms)).offset).count());
}

std::string TimeZone::rfc3339(TimeMs ms) const
{
    using namespace std::chrono;
    const int offset = offset_minutes(ms);
    const Millis local = instant(ms) + minutes(offset);
    const sys_days day = floor<days>(local);
    std::string out = format_day(year_month_day(day)) + "T" + format_clock(local - day, true);
    if (offset == 0) return out + "Z";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset < 0 ? '-' : '+', std::abs(offset) / 60 % 100,
                  std::abs(offset) % 60);
    return out + buf;
}

std::string TimeZone::today() const
{
    return day_of(now_ms());
}

std::string TimeZone::days_ago(int n) const
{
    // Calendar arithmetic, not 86,400 s steps: a day across a DST change is not that long.
    return format_day(std::chrono::sys_days(date_of(now_ms())) - std::chrono::days(n));
}

std::string TimeZone::month_start() const
{
    const std::chrono::year_month_day today = date_of(now_ms());
    return format_day(today.year() / today.month() / 1);
}

}  // namespace costpanel
