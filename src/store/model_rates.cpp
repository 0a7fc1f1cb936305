#include "model_rates.hpp"

namespace costpanel::store {

const char kUpsertModelRatesSql[] = R"sql(
INSERT INTO model_rates(provider, model, rate_input, rate_output, rate_cache_read, rate_cache_write,
                        rate_cache_write_1h) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(provider, model) DO UPDATE SET
    rate_input = excluded.rate_input,
    rate_output = excluded.rate_output,
    rate_cache_read = excluded.rate_cache_read,
    rate_cache_write = excluded.rate_cache_write,
    rate_cache_write_1h = excluded.rate_cache_write_1h
)sql";

void ModelRates::add(const CallRecord& r)
{
    if (!r.priced || r.long_context || r.service_tier != "standard") return;
    latest_[{r.provider, r.model}] = r.rates;
}

void ModelRates::write(sql::Statement& upsert) const
{
    for (const auto& [key, rates] : latest_) {
        upsert.reset();
        upsert.bind_view(1, key.first).bind_view(2, key.second);
        upsert.bind(3, rates.input).bind(4, rates.output).bind(5, rates.cache_read);
        upsert.bind(6, rates.cache_write).bind(7, rates.cache_write_1h);
        upsert.step();
    }
}

}  // namespace costpanel::store
