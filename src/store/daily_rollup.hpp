// The daily roll-up of one transaction: its calls summed per (day, provider, model, tier, activity),
// then added to the file's rows once per key, so a thousand calls of a handful of models cost a handful
// of upserts, not a thousand.
#pragma once

#include "costpanel/core/call_record.hpp"
#include "sqlite.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <string>

namespace costpanel::store {

extern const char kUpsertDailySql[];

class DailyRollup
{
public:
    void add(const std::string& day, const CallRecord& r);
    void write(sql::Statement& upsert) const;  // kUpsertDailySql, each key once

private:
    using Key = std::array<std::string, 5>;  // day, provider, model, tier, activity
    struct Sums
    {
        std::int64_t calls = 0, failed = 0, input = 0, output = 0, cache_read = 0, cache_write = 0,
                     reasoning = 0;
        double cost = 0.0, latency = 0.0;
        std::int64_t latency_samples = 0;
    };
    static void bind_row(sql::Statement& upsert, const Key& key, const Sums& sum);

    std::map<Key, Sums> sums_;
};

}  // namespace costpanel::store
