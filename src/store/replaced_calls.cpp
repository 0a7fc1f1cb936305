#include "replaced_calls.hpp"

namespace costpanel::store {

const char kFindCallByIdSql[] = R"sql(
SELECT id, key_id, ts_ms, activity, priced, success, approximate, standard_rate,
       input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,
       reasoning_tokens, cost_usd, reported_cost_usd, latency_ms,
       rate_input, rate_cache_read, rate_cache_write, rate_cache_write_1h
FROM calls WHERE event_id = ?1
)sql";

const char kDeleteCallSql[] = "DELETE FROM call_rows WHERE id = ?1";

std::optional<StoredCall> find_call(sql::Statement& find, const std::string& event_id)
{
    find.reset();
    find.bind(1, event_id);
    if (!find.step()) return std::nullopt;
    StoredCall c;
    CallRecord& r = c.record;
    int i = 0;
    c.row = find.int64(i++);
    c.key_id = find.int64(i++);
    r.ts = find.int64(i++);
    r.event_id = event_id;
    r.activity = find.text(i++);
    r.priced = find.int64(i++) != 0;
    r.success = find.int64(i++) != 0;
    r.approximate = find.int64(i++) != 0;
    r.standard_rate = find.int64(i++) != 0;
    for (std::int64_t* n : {&r.tokens.input, &r.tokens.output, &r.tokens.cache_read, &r.tokens.cache_write,
                            &r.tokens.cache_write_1h, &r.reasoning_tokens})
        *n = find.int64(i++);
    r.cost_usd = find.real(i++);
    if (!find.is_null(i)) r.reported_cost_usd = find.real(i);
    ++i;
    if (!find.is_null(i)) r.latency_ms = find.real(i);
    ++i;
    r.rates.input = find.real(i++);
    r.rates.cache_read = find.real(i++);
    r.rates.cache_write = find.real(i++);
    r.rates.cache_write_1h = find.real(i++);
    find.reset();
    return c;
}

std::int64_t token_total(const TokenCounts& t)
{
    return t.input + t.output + t.cache_read + t.cache_write + t.cache_write_1h;
}

}  // namespace costpanel::store
