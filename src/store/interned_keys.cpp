#include "interned_keys.hpp"

#include <cassert>

namespace costpanel::store {

// A key's id, whether it is new or was there: the no-op update on a conflict lets RETURNING answer
// in both cases, one statement a key.
const char kRollupKeySql[] = R"sql(
INSERT INTO rollup_keys(
    provider,
    model,
    tier,
    activity,
    project,
    host,
    service_tier,
    source,
    session_id,
    conductor_session,
    routing_reason,
    priced
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(provider, model, tier, activity, project, host, service_tier, source, session_id,
            conductor_session, routing_reason, priced) DO UPDATE SET priced = excluded.priced
RETURNING id
)sql";

const char kCallPricingSql[] = R"sql(
INSERT INTO call_pricing(
    priced_as,
    rate_input,
    rate_output,
    rate_cache_read,
    rate_cache_write,
    rate_cache_write_1h,
    long_context,
    approximate,
    standard_rate
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(priced_as, rate_input, rate_output, rate_cache_read, rate_cache_write, rate_cache_write_1h,
            long_context, approximate, standard_rate) DO UPDATE SET long_context = excluded.long_context
RETURNING id
)sql";

RollupKey RollupKey::of(const CallRecord& r, std::string_view session_id)
{
    return {r.provider,     r.model,  r.tier,     r.activity,          r.project,        r.host,
            r.service_tier, r.source, session_id, r.conductor_session, r.routing_reason, r.priced};
}

PricingKey PricingKey::of(const CallRecord& r)
{
    return {r.priced_as,        r.rates.input,       r.rates.output,
            r.rates.cache_read, r.rates.cache_write, r.rates.cache_write_1h,
            r.long_context,     r.approximate,       r.standard_rate};
}

void bind_key(sql::Statement& upsert, const RollupKey& key)
{
    // Views of strings that live until the step: bound uncopied.
    const std::string_view texts[] = {
        key.provider,     key.model,  key.tier,       key.activity,          key.project,       key.host,
        key.service_tier, key.source, key.session_id, key.conductor_session, key.routing_reason};
    int i = 0;
    for (const std::string_view text : texts) upsert.bind_view(++i, text);
    upsert.bind(++i, std::int64_t{key.priced});
    assert(i == upsert.parameters());
}

void bind_key(sql::Statement& upsert, const PricingKey& key)
{
    int i = 0;
    upsert.bind_view(++i, key.priced_as);
    for (const double rate : {key.input, key.output, key.cache_read, key.cache_write, key.cache_write_1h})
        upsert.bind(++i, rate);
    for (const bool flag : {key.long_context, key.approximate, key.standard_rate})
        upsert.bind(++i, std::int64_t{flag});
    assert(i == upsert.parameters());
}

}  // namespace costpanel::store
