#include "rollups.hpp"

#include "time_range.hpp"

#include <cassert>
#include <string>

namespace costpanel::store {

namespace {

// What every roll-up row sums, in the order bind_sums() binds them: the one list the three upserts
// are written from.
constexpr const char* kMeasures[] = {"calls",
                                     "failed_calls",
                                     "unpriced_calls",
                                     "approximate_calls",
                                     "standard_rate_calls",
                                     "input_tokens",
                                     "output_tokens",
                                     "cache_read_tokens",
                                     "cache_write_tokens",
                                     "cache_write_1h_tokens",
                                     "reasoning_tokens",
                                     "cost_usd",
                                     "reported_cost_usd",
                                     "reported_calls",
                                     "reported_calls_cost_usd",
                                     "latency_ms_sum",
                                     "latency_samples",
                                     "cache_saved_usd"};

}  // namespace

std::string rollup_upsert_sql(std::string_view table, std::initializer_list<std::string_view> keys)
{
    std::string columns, values, sums;
    for (const std::string_view k : keys) {
        columns += std::string(columns.empty() ? "" : ", ") + std::string(k);
        values += values.empty() ? "?" : ", ?";
    }
    for (const char* m : kMeasures) {
        columns += std::string(", ") + m;
        values += ", ?";
        sums += std::string(sums.empty() ? "" : ", ") + m + " = " + m + " + excluded." + m;
    }
    std::string conflict;
    for (const std::string_view k : keys)
        conflict += std::string(conflict.empty() ? "" : ", ") + std::string(k);
    return "INSERT INTO " + std::string(table) + "(" + columns + ") VALUES (" + values + ") ON CONFLICT(" +
           conflict + ") DO UPDATE SET " + sums;
}

Rollups::Sums Rollups::Sums::negated() const
{
    Sums n;
    n += *this;
    for (std::int64_t* v : {&n.calls, &n.failed, &n.unpriced, &n.approximate, &n.standard_rate, &n.input,
                            &n.output, &n.cache_read, &n.cache_write, &n.cache_write_1h, &n.reasoning,
                            &n.reported_calls, &n.latency_samples})
        *v = -*v;
    for (double* v : {&n.cost, &n.reported, &n.reported_calls_cost, &n.latency, &n.cache_saved}) *v = -*v;
    return n;
}

Rollups::Sums& Rollups::Sums::operator+=(const Sums& o)
{
    calls += o.calls;
    failed += o.failed;
    unpriced += o.unpriced;
    approximate += o.approximate;
    standard_rate += o.standard_rate;
    input += o.input;
    output += o.output;
    cache_read += o.cache_read;
    cache_write += o.cache_write;
    cache_write_1h += o.cache_write_1h;
    reasoning += o.reasoning;
    cost += o.cost;
    reported += o.reported;
    reported_calls += o.reported_calls;
    reported_calls_cost += o.reported_calls_cost;
    latency += o.latency;
    latency_samples += o.latency_samples;
    cache_saved += o.cache_saved;
    return *this;
}

void Rollups::add(const CallRecord& r, std::int64_t key_id, int sign)
{
    Sums one;
    one.calls = 1;
    one.failed = !r.success;
    one.unpriced = !r.priced;
    one.approximate = r.approximate;
    one.standard_rate = r.standard_rate;
    one.input = r.tokens.input;
    one.output = r.tokens.output;
    one.cache_read = r.tokens.cache_read;
    one.cache_write = r.tokens.cache_write;
    one.cache_write_1h = r.tokens.cache_write_1h;
    one.reasoning = r.reasoning_tokens;
    one.cost = r.cost_usd;
    one.reported = r.reported_cost_usd.value_or(0.0);
    one.reported_calls = r.reported_cost_usd.has_value();
    one.reported_calls_cost = r.reported_cost_usd ? r.cost_usd : 0.0;
    one.latency = r.latency_ms.value_or(0.0);
    one.latency_samples = r.latency_ms.has_value();
    // Reads at the read rate instead of the input rate, less what writes cost above it.
    if (r.priced)
        one.cache_saved =
            static_cast<double>(r.tokens.cache_read) * (r.rates.input - r.rates.cache_read) -
            static_cast<double>(r.tokens.cache_write) * (r.rates.cache_write - r.rates.input) -
            static_cast<double>(r.tokens.cache_write_1h) * (r.rates.cache_write_1h - r.rates.input);
    by_key_[key_id][quarter_of(r.ts)] += sign < 0 ? one.negated() : one;
}

void Rollups::write(const RollupStatements& st) const
{
    std::map<std::pair<std::int64_t, std::int64_t>, Sums> by_day;  // UTC day, key id
    std::map<std::int64_t, Sums> quarters;
    for (const auto& [id, by_quarter] : by_key_) {
        for (const auto& [quarter, sum] : by_quarter) {
            st.upsert_quarter_rows.reset();
            st.upsert_quarter_rows.bind(1, quarter).bind(2, id);
            int i = 2;
            bind_sums(st.upsert_quarter_rows, i, sum);
            assert(i == st.upsert_quarter_rows.parameters());
            st.upsert_quarter_rows.step();
            by_day[{utc_day_of_quarter(quarter), id}] += sum;
            quarters[quarter] += sum;
        }
    }
    for (const auto& [day_and_id, sum] : by_day) {
        st.upsert_day_rows.reset();
        st.upsert_day_rows.bind(1, day_and_id.first).bind(2, day_and_id.second);
        int i = 2;
        bind_sums(st.upsert_day_rows, i, sum);
        assert(i == st.upsert_day_rows.parameters());
        st.upsert_day_rows.step();
    }
    for (const auto& [quarter, sum] : quarters) {
        st.upsert_quarters.reset();
        int i = 0;
        st.upsert_quarters.bind(++i, quarter);
        bind_sums(st.upsert_quarters, i, sum);
        assert(i == st.upsert_quarters.parameters());
        st.upsert_quarters.step();
    }
}

void Rollups::bind_sums(sql::Statement& upsert, int& i, const Sums& sum)
{
    for (const std::int64_t n :
         {sum.calls, sum.failed, sum.unpriced, sum.approximate, sum.standard_rate, sum.input, sum.output,
          sum.cache_read, sum.cache_write, sum.cache_write_1h, sum.reasoning})
        upsert.bind(++i, n);
    upsert.bind(++i, sum.cost);
    upsert.bind(++i, sum.reported);
    upsert.bind(++i, sum.reported_calls);
    upsert.bind(++i, sum.reported_calls_cost);
    upsert.bind(++i, sum.latency);
    upsert.bind(++i, sum.latency_samples);
    upsert.bind(++i, sum.cache_saved);
}

}  // namespace costpanel::store
