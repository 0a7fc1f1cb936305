// A range of the reader's days, as what the store is keyed by: UTC instants, quarter hours and whole
// UTC days. The roll-ups answer a range from whole days inside it and quarters at its two ends (a
// quarter lies within one day in every zone); calls are found between the rowids their UTC days got.
#pragma once

#include "costpanel/core/time.hpp"
#include "costpanel/store/history.hpp"
#include "sqlite.hpp"

#include <cstdint>
#include <string>

namespace costpanel::store {

inline constexpr std::int64_t kQuarterMs = 15 * 60 * 1000;
inline constexpr std::int64_t kQuartersPerDay = 96;
inline constexpr std::int64_t kHourMs = 60 * 60 * 1000;

// Floor division, so instants before 1970 land in the quarter and day they are in.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

inline std::int64_t quarter_of(TimeMs ms)
{
    return floor_div(ms, kQuarterMs);
}

inline std::int64_t utc_day_of_quarter(std::int64_t quarter)
{
    return floor_div(quarter, kQuartersPerDay);
}

struct TimeRange
{
    TimeMs from_ms = 0, to_ms = 0;   // [from, to)
    std::int64_t q0 = 0, q1 = 0;     // its quarters, [q0, q1)
    std::int64_t d0 = 0, d1 = 0;     // the whole UTC days inside it, [d0, d1); d0 == d1: none
    std::string span_from, span_to;  // the UTC days that bound a scan of calls (day_spans), inclusive
    std::int64_t h0 = 0, h1 = 0;     // the whole UTC hours that cover it, [h0, h1)
    std::int64_t hd0 = 0, hd1 = 0;   // the whole UTC days inside those hours, [hd0, hd1)
};

// Throws std::invalid_argument for a date that is not YYYY-MM-DD, or a range that ends before it begins.
TimeRange time_range(const DayRange& days, const TimeZone& zone);

// SQL over a TimeRange bound by bind_range(): ?1 q0, ?2 q1, ?3 d0, ?4 d1, ?5/?6 the span's UTC days,
// ?7/?8 the instants, ?9 h0, ?10 h1, ?11 hd0, ?12 hd1.
//
// The roll-up rows of the range with what they are about (rollup_keys' columns): both tables'
// columns come in the same order (the first, the quarter or the day, is not to be named).
inline constexpr const char* kRollupInRange =
    " (SELECT * FROM (SELECT * FROM rollup_day WHERE utc_day >= ?3 AND utc_day < ?4"
    " UNION ALL SELECT * FROM rollup_quarter"
    " WHERE (quarter >= ?1 AND quarter < ?3 * 96) OR (quarter >= ?4 * 96 AND quarter < ?2)) r"
    " JOIN rollup_keys k ON k.id = r.key_id) ";
// The latency histograms' rows of the whole UTC hours that cover the range, likewise.
inline constexpr const char* kLatencyInRange =
    " (SELECT * FROM latency_day WHERE utc_day >= ?11 AND utc_day < ?12"
    " UNION ALL SELECT * FROM latency_hour"
    " WHERE (hour >= ?9 AND hour < ?11 * 24) OR (hour >= ?12 * 24 AND hour < ?10)) ";
// The range's calls: a rowid range scan between the first and last rowid of its UTC days, the instant
// still tested, so calls written out of order (an import of old logs) cost a wider scan, never a
// wrong answer.
inline constexpr const char* kCallsInRange =
    " id BETWEEN (SELECT COALESCE(MIN(first_id), 0) FROM day_spans WHERE day >= ?5 AND day <= ?6)"
    " AND (SELECT COALESCE(MAX(last_id), -1) FROM day_spans WHERE day >= ?5 AND day <= ?6)"
    " AND ts_ms >= ?7 AND ts_ms < ?8 ";

// Binds what the statement uses of ?1 ... ?12.
void bind_range(sql::Statement& st, const TimeRange& r);

}  // namespace costpanel::store
