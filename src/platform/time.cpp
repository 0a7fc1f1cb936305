#include "costpanel/core/time.hpp"

#include <cstdio>
#include <ctime>

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

// The local zone's broken-down time: the C library is the only zone database GCC 12 offers.
std::tm local_tm(TimeMs ms)
{
    const std::time_t secs = static_cast<std::time_t>(std::chrono::floor<std::chrono::seconds>(
                                                          std::chrono::milliseconds(ms))
                                                          .count());
    std::tm tm{};
    localtime_r(&secs, &tm);
    return tm;
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
    const sys_time<milliseconds> t = sys_days(date) + hours(hour) + minutes(minute) +
                                     seconds(std::min(second, 59)) + fraction - offset;
    return t.time_since_epoch().count();
}

std::string format_rfc3339(TimeMs ms)
{
    using namespace std::chrono;
    const sys_time<milliseconds> t{milliseconds(ms)};
    const sys_days day = floor<days>(t);
    const year_month_day date(day);
    const hh_mm_ss clock(t - day);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
    return buf;
}

std::string format_day(std::chrono::year_month_day day)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(day.year()),
                  static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
    return buf;
}

std::chrono::year_month_day local_date(TimeMs ms)
{
    using namespace std::chrono;
    const std::tm tm = local_tm(ms);
    return year(tm.tm_year + 1900) / month(static_cast<unsigned>(tm.tm_mon + 1)) /
           day(static_cast<unsigned>(tm.tm_mday));
}

std::string local_day(TimeMs ms)
{
    return format_day(local_date(ms));
}

std::string local_today()
{
    return local_day(now_ms());
}

std::string local_days_ago(int n)
{
    // Calendar arithmetic, not 86,400 s steps: a day across a DST change is not that long.
    return format_day(std::chrono::sys_days(local_date(now_ms())) - std::chrono::days(n));
}

std::string local_month_start()
{
    const std::chrono::year_month_day today = local_date(now_ms());
    return format_day(today.year() / today.month() / 1);
}

int days_in_month(std::chrono::year_month_day day)
{
    return static_cast<int>(static_cast<unsigned>((day.year() / day.month() / std::chrono::last).day()));
}

std::string local_clock_time(TimeMs ms)
{
    const std::tm tm = local_tm(ms);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

}  // namespace costpanel
