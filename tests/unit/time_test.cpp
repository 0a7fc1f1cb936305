// Instants and the reader's days: RFC 3339 both ways, and zones from the system's tzdata with
// half- and quarter-hour offsets and daylight-saving changes.
#include "costpanel/core/time.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>

using namespace costpanel;
using namespace std::chrono;

namespace {

TimeMs at(const char* rfc3339)
{
    const auto t = parse_rfc3339(rfc3339);
    REQUIRE(t);
    return *t;
}

// Sets TZ for one test and puts it back.
class ScopedTz
{
public:
    explicit ScopedTz(const char* value)
    {
        if (const char* old = std::getenv("TZ")) saved_ = old;
        ::setenv("TZ", value, 1);
    }
    ~ScopedTz()
    {
        if (saved_)
            ::setenv("TZ", saved_->c_str(), 1);
        else
            ::unsetenv("TZ");
    }

private:
    std::optional<std::string> saved_;
};

}  // namespace

TEST_CASE("RFC 3339 and days, read and written", "[time]")
{
    CHECK(format_rfc3339(1'795'165'201'250) == "2026-11-20T09:00:01.250Z");
    CHECK(format_rfc3339(-1) == "1969-12-31T23:59:59.999Z");
    CHECK(parse_rfc3339(format_rfc3339(1'795'165'201'250)) == 1'795'165'201'250);
    CHECK(parse_day("2024-02-29") == year(2024) / 2 / 29);
    CHECK_FALSE(parse_day("2026-02-29"));
    CHECK_FALSE(parse_day("2026-1-05"));
    CHECK_FALSE(parse_day("2026-01-05T"));
    CHECK(format_day(year(2026) / 3 / 7) == "2026-03-07");
    CHECK(days_in_month(year(2024) / 2 / 10) == 29);
    CHECK(days_in_month(year(2026) / 2 / 10) == 28);
    CHECK(days_in_month(year(2026) / 12 / 1) == 31);
}

TEST_CASE("a day belongs to the reader's zone, half- and quarter-hour offsets included", "[time]")
{
    const TimeMs t = at("2026-11-20T18:20:00Z");
    CHECK(TimeZone::utc().day_of(t) == "2026-11-20");
    CHECK(TimeZone::named("Asia/Tokyo").day_of(t) == "2026-11-21");  // +09:00: 03:20 next day
    CHECK(TimeZone::named("America/Los_Angeles").day_of(t) == "2026-11-20");
    // Kolkata +05:30: 23:50; Kathmandu +05:45: 00:05 the next day.
    CHECK(TimeZone::named("Asia/Kolkata").day_of(t) == "2026-11-20");
    CHECK(TimeZone::named("Asia/Kathmandu").day_of(t) == "2026-11-21");
    CHECK(TimeZone::named("Asia/Kathmandu").offset_minutes(t) == 345);
    CHECK(TimeZone::named("Asia/Kolkata").clock_of(t) == "23:50:00");
    CHECK(TimeZone::named("Asia/Kathmandu").rfc3339(t) == "2026-11-21T00:05:00.000+05:45");
    CHECK(TimeZone::named("America/St_Johns").rfc3339(t) == "2026-11-20T14:50:00.000-03:30");
    CHECK(TimeZone::utc().rfc3339(t) == "2026-11-20T18:20:00.000Z");
    // The start of a local day is the instant its midnight is.
    CHECK(TimeZone::named("Asia/Kathmandu").start_of(year(2026) / 11 / 21) == at("2026-11-20T18:15:00Z"));
    CHECK(TimeZone::named("Asia/Kolkata").start_of(year(2026) / 11 / 21) == at("2026-11-20T18:30:00Z"));
}

TEST_CASE("days across daylight-saving changes are the calendar's, not 24 hours", "[time]")
{
    const TimeZone paris = TimeZone::named("Europe/Paris");
    // 2026-03-29: clocks go from 02:00 to 03:00, the day is 23 hours long.
    const TimeMs start = paris.start_of(year(2026) / 3 / 29);
    const TimeMs next = paris.start_of(year(2026) / 3 / 30);
    CHECK(next - start == 23 * 3'600'000);
    CHECK(paris.day_of(next - 1) == "2026-03-29");
    CHECK(paris.day_of(next) == "2026-03-30");
    CHECK(paris.offset_minutes(start) == 60);
    CHECK(paris.offset_minutes(next) == 120);
    // 2026-10-25: back from 03:00 to 02:00, 25 hours.
    CHECK(paris.start_of(year(2026) / 10 / 26) - paris.start_of(year(2026) / 10 / 25) == 25 * 3'600'000);
    // Where a change skips midnight itself (Santiago, 2026-09-06 00:00 -> 01:00), the day begins at 01:00.
    const TimeZone santiago = TimeZone::named("America/Santiago");
    const TimeMs begins = santiago.start_of(year(2026) / 9 / 6);
    CHECK(santiago.day_of(begins) == "2026-09-06");
    CHECK(santiago.day_of(begins - 1) == "2026-09-05");
    CHECK(santiago.clock_of(begins) == "01:00:00");
}

TEST_CASE("the local zone is TZ's, a bad name is an error that names it", "[time]")
{
    {
        ScopedTz tz("Asia/Tokyo");
        CHECK(TimeZone::local().name() == "Asia/Tokyo");
    }
    {
        ScopedTz tz(":Asia/Kathmandu");
        CHECK(TimeZone::local().name() == "Asia/Kathmandu");
    }
    {
        ScopedTz tz("UTC");
        CHECK(TimeZone::local().offset_minutes(0) == 0);
    }
    CHECK_THROWS_WITH(TimeZone::named("Mars/Olympus_Mons"), Catch::Contains("Mars/Olympus_Mons"));
}
