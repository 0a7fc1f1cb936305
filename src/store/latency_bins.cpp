#include "latency_bins.hpp"

#include "time_range.hpp"

#include <cmath>

namespace costpanel::store {

const char kUpsertLatencyHourSql[] = R"sql(
INSERT INTO latency_hour(hour, activity, bin, samples) VALUES (?, ?, ?, ?)
ON CONFLICT(hour, activity, bin) DO UPDATE SET samples = samples + excluded.samples
)sql";

const char kUpsertLatencyDaySql[] = R"sql(
INSERT INTO latency_day(utc_day, activity, bin, samples) VALUES (?, ?, ?, ?)
ON CONFLICT(utc_day, activity, bin) DO UPDATE SET samples = samples + excluded.samples
)sql";

int latency_bin(double latency_ms)
{
    if (!(latency_ms >= 1.0)) return 0;
    return 1 + static_cast<int>(std::log2(latency_ms) * 8);
}

double latency_of_bin(int bin)
{
    return bin <= 0 ? 0.5 : std::exp2((bin - 0.5) / 8);
}

void LatencyBins::add(const CallRecord& r, int sign)
{
    if (!r.latency_ms) return;
    by_hour_[{floor_div(r.ts, kHourMs), r.activity, latency_bin(*r.latency_ms)}] += sign < 0 ? -1 : 1;
}

void LatencyBins::write(sql::Statement& upsert_hour, sql::Statement& upsert_day) const
{
    std::map<Key, std::int64_t> by_day;
    for (const auto& [key, samples] : by_hour_) {
        const auto& [hour, activity, bin] = key;
        upsert_hour.reset();
        upsert_hour.bind(1, hour).bind_view(2, activity).bind(3, std::int64_t{bin}).bind(4, samples);
        upsert_hour.step();
        by_day[{floor_div(hour, 24), activity, bin}] += samples;
    }
    for (const auto& [key, samples] : by_day) {
        const auto& [day, activity, bin] = key;
        upsert_day.reset();
        upsert_day.bind(1, day).bind_view(2, activity).bind(3, std::int64_t{bin}).bind(4, samples);
        upsert_day.step();
    }
}

}  // namespace costpanel::store
