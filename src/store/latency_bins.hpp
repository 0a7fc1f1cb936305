// Latencies as histograms, eight bins an octave (each within 9% of its calls' latencies), per quarter
// hour and per UTC day like the roll-ups, so a range's p95 needs no scan of the calls.
#pragma once

#include "costpanel/core/call_record.hpp"
#include "sqlite.hpp"

#include <cstdint>
#include <map>
#include <string_view>
#include <tuple>

namespace costpanel::store {

extern const char kUpsertLatencyQuarterSql[];
extern const char kUpsertLatencyDaySql[];

// Bin 0: under a millisecond; bin b: [2^((b-1)/8), 2^(b/8)) ms. The SQL of migration 4 says the same.
int latency_bin(double latency_ms);
// The value a bin stands for: the geometric middle of its bounds.
double latency_of_bin(int bin);

class LatencyBins
{
public:
    // `r.activity` must stay as it is until write().
    void add(const CallRecord& r);
    void write(sql::Statement& upsert_quarter, sql::Statement& upsert_day) const;

private:
    using Key = std::tuple<std::int64_t, std::string_view, int>;  // quarter or UTC day, activity, bin
    std::map<Key, std::int64_t> by_quarter_;
};

}  // namespace costpanel::store
