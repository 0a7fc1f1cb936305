// Latencies as histograms, eight bins an octave (each within 9% of its calls' latencies), per UTC hour
// and per UTC day, so a range's p95 needs no scan of the calls. A p95 is approximate anyway: its
// range is taken to whole UTC hours (a day in Asia/Kathmandu, say, gains up to 45 minutes at each end).
#pragma once

#include "costpanel/core/call_record.hpp"
#include "sqlite.hpp"

#include <cstdint>
#include <map>
#include <string_view>
#include <tuple>

namespace costpanel::store {

extern const char kUpsertLatencyHourSql[];
extern const char kUpsertLatencyDaySql[];

// Bin 0: under a millisecond; bin b: [2^((b-1)/8), 2^(b/8)) ms. The SQL of migration 4 says the same.
int latency_bin(double latency_ms);
// The value a bin stands for: the geometric middle of its bounds.
double latency_of_bin(int bin);

class LatencyBins
{
public:
    // `r.activity` must stay as it is until write(). `sign` -1 takes a stored call back out.
    void add(const CallRecord& r, int sign = 1);
    void write(sql::Statement& upsert_hour, sql::Statement& upsert_day) const;

private:
    using Key = std::tuple<std::int64_t, std::string_view, int>;  // UTC hour or day, activity, bin
    std::map<Key, std::int64_t> by_hour_;
};

}  // namespace costpanel::store
