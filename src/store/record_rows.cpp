#include "record_rows.hpp"

#include <cassert>

namespace costpanel::store {

namespace {

void bind_or_null(sql::Statement& st, int i, const std::optional<double>& v)
{
    v ? st.bind(i, *v) : st.bind_null(i);
}

void bind_or_null(sql::Statement& st, int i, const std::optional<bool>& v)
{
    v ? st.bind(i, std::int64_t{*v}) : st.bind_null(i);
}

}  // namespace

// OR IGNORE: a replayed event id is stored once (the caller counts it from changes()). What the call
// is about is its roll-up key's.
const char kInsertCallSql[] = R"sql(
INSERT OR IGNORE INTO call_rows(
    ts_ms,
    day,
    key_id,
    pricing_id,
    event_id,
    category,
    input_tokens,
    output_tokens,
    cache_read_tokens,
    cache_write_tokens,
    cache_write_1h_tokens,
    reasoning_tokens,
    latency_ms,
    success,
    error,
    cache_hit,
    cost_usd,
    reported_cost_usd
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
)sql";

void bind_call(sql::Statement& insert, const CallRecord& r, const std::string& day, std::int64_t key_id,
               std::int64_t pricing_id)
{
    int i = 0;
    insert.bind(++i, r.ts);
    insert.bind_uncopied(++i, day);
    insert.bind(++i, key_id);
    insert.bind(++i, pricing_id);
    insert.bind_text_or_null(++i, r.event_id);
    insert.bind_uncopied(++i, r.category);
    insert.bind(++i, r.tokens.input);
    insert.bind(++i, r.tokens.output);
    insert.bind(++i, r.tokens.cache_read);
    insert.bind(++i, r.tokens.cache_write);
    insert.bind(++i, r.tokens.cache_write_1h);
    insert.bind(++i, r.reasoning_tokens);
    bind_or_null(insert, ++i, r.latency_ms);
    insert.bind(++i, std::int64_t{r.success});
    insert.bind_text_or_null(++i, r.error);
    bind_or_null(insert, ++i, r.cache_hit);
    insert.bind(++i, r.cost_usd);
    bind_or_null(insert, ++i, r.reported_cost_usd);
    assert(i == insert.parameters());
}

const char kInsertTierSnapshotSql[] = R"sql(
INSERT INTO tier_snapshots(
    ts_ms,
    session_id,
    tier,
    model,
    input_tokens,
    output_tokens,
    cache_read_tokens,
    cache_write_tokens
) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
)sql";

void bind_tier_snapshot(sql::Statement& insert, const TierSnapshotRecord& s, const std::string& session_id)
{
    int i = 0;
    insert.bind(++i, s.ts);
    insert.bind(++i, session_id);
    insert.bind(++i, s.tier);
    insert.bind_text_or_null(++i, s.model);
    insert.bind(++i, s.counters.input);
    insert.bind(++i, s.counters.output);
    insert.bind(++i, s.counters.cache_read);
    insert.bind(++i, s.counters.cache_write);
    assert(i == insert.parameters());
}

}  // namespace costpanel::store
