// The roll-ups of one transaction: its calls summed per quarter hour and per UTC day (the keys the
// reader's days are answered from: a quarter lies within one day in every zone) and, by quarter alone,
// for reports over time. A row is keyed by two integers, its time and what it is about (rollup_keys);
// each row is written once per transaction, so a thousand calls of a handful of models cost a handful
// of upserts.
#pragma once

#include "costpanel/core/call_record.hpp"
#include "sqlite.hpp"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

namespace costpanel::store {

// An upsert into a roll-up table keyed by `keys` that adds every measure.
std::string rollup_upsert_sql(std::string_view table, std::initializer_list<std::string_view> keys);

// The statements write() steps, prepared once per connection.
struct RollupStatements
{
    sql::Statement& upsert_quarter_rows;
    sql::Statement& upsert_day_rows;
    sql::Statement& upsert_quarters;
};

class Rollups
{
public:
    // `key_id`: what the call is about (rollup_keys: interned_keys.hpp). `sign` -1 takes a stored call back
    // out (a log's larger copy took its place).
    void add(const CallRecord& r, std::int64_t key_id, int sign = 1);
    void write(const RollupStatements& st) const;

private:
    struct Sums
    {
        std::int64_t calls = 0, failed = 0, unpriced = 0, approximate = 0, standard_rate = 0;
        std::int64_t input = 0, output = 0, cache_read = 0, cache_write = 0, cache_write_1h = 0,
                     reasoning = 0;
        double cost = 0.0, reported = 0.0;
        std::int64_t reported_calls = 0;
        double reported_calls_cost = 0.0;  // ours, over the calls that reported a cost
        double latency = 0.0;
        std::int64_t latency_samples = 0;
        double cache_saved = 0.0;
        Sums& operator+=(const Sums& o);
        Sums negated() const;
    };
    static void bind_sums(sql::Statement& upsert, int& i, const Sums& sum);

    std::map<std::int64_t, std::map<std::int64_t, Sums>> by_key_;  // key id, then quarter
};

}  // namespace costpanel::store
