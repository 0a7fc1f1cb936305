#include "latency_bins.hpp"

#include "time_range.hpp"

#include <cmath>

namespace costpanel::store {

const char kUpsertLatencyQuarterSql[] = R"sql(
INSERT INTO latency_quarter(quarter, activity, bin, samples) VALUES (?, ?, ?, ?)
ON CONFLICT(quarter, activity, bin) DO UPDATE SET samples = samples + excluded.samples
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

void LatencyBins::add(const CallRecord& r)
{
    if (!r.latency_ms) return;
    ++by_quarter_[{quarter_of(r.ts), r.activity, latency_bin(*r.latency_ms)}];
}

void LatencyBins::write(sql::Statement& upsert_quarter, sql::Statement& upsert_day) const
{
    std::map<Key, std::int64_t> by_day;
    for (const auto& [key, samples] : by_quarter_) {
        const auto& [quarter, activity, bin] = key;
        upsert_quarter.reset();
        upsert_quarter.bind(1, quarter).bind_view(2, activity).bind(3, std::int64_t{bin}).bind(4, samples);
        upsert_quarter.step();
        by_day[{utc_day_of_quarter(quarter), activity, bin}] += samples;
    }
    for (const auto& [key, samples] : by_day) {
        const auto& [day, activity, bin] = key;
        upsert_day.reset();
        upsert_day.bind(1, day).bind_view(2, activity).bind(3, std::int64_t{bin}).bind(4, samples);
        upsert_day.step();
    }
}

}  // namespace costpanel::store
