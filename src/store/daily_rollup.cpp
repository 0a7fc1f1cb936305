#include "daily_rollup.hpp"

#include <cassert>

namespace costpanel::store {

const char kUpsertDailySql[] = R"sql(
INSERT INTO daily(
    day,
    provider,
    model,
    tier,
    activity,
    calls,
    failed_calls,
    input_tokens,
    output_tokens,
    cache_read_tokens,
    cache_write_tokens,
    reasoning_tokens,
    cost_usd,
    latency_ms_sum,
    latency_samples
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(day, provider, model, tier, activity) DO UPDATE SET
    calls = calls + excluded.calls,
    failed_calls = failed_calls + excluded.failed_calls,
    input_tokens = input_tokens + excluded.input_tokens,
    output_tokens = output_tokens + excluded.output_tokens,
    cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
    cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
    reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
    cost_usd = cost_usd + excluded.cost_usd,
    latency_ms_sum = latency_ms_sum + excluded.latency_ms_sum,
    latency_samples = latency_samples + excluded.latency_samples
)sql";

void DailyRollup::add(const std::string& day, const CallRecord& r)
{
    Sums& sum = sums_[{day, r.provider, r.model, r.tier, r.activity}];
    sum.calls += 1;
    sum.failed += !r.success;
    sum.input += r.tokens.input;
    sum.output += r.tokens.output;
    sum.cache_read += r.tokens.cache_read;
    sum.cache_write += r.tokens.cache_write + r.tokens.cache_write_1h;  // one column for both lifetimes
    sum.reasoning += r.reasoning_tokens;
    sum.cost += r.cost_usd;
    sum.latency += r.latency_ms.value_or(0.0);
    sum.latency_samples += r.latency_ms.has_value();
}

void DailyRollup::write(sql::Statement& upsert) const
{
    for (const auto& [key, sum] : sums_) {
        upsert.reset();
        bind_row(upsert, key, sum);
        upsert.step();
    }
}

void DailyRollup::bind_row(sql::Statement& upsert, const Key& key, const Sums& sum)
{
    const auto& [day, provider, model, tier, activity] = key;
    int i = 0;
    upsert.bind(++i, day);
    upsert.bind(++i, provider);
    upsert.bind(++i, model);
    upsert.bind(++i, tier);
    upsert.bind(++i, activity);
    upsert.bind(++i, sum.calls);
    upsert.bind(++i, sum.failed);
    upsert.bind(++i, sum.input);
    upsert.bind(++i, sum.output);
    upsert.bind(++i, sum.cache_read);
    upsert.bind(++i, sum.cache_write);
    upsert.bind(++i, sum.reasoning);
    upsert.bind(++i, sum.cost);
    upsert.bind(++i, sum.latency);
    upsert.bind(++i, sum.latency_samples);
    assert(i == upsert.parameters());
}

}  // namespace costpanel::store
