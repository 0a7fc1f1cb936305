#include "schema.hpp"

#include "costpanel/store/store.hpp"

#include <string>

namespace costpanel::store {

namespace {

// Never edit a migration that has shipped: add the next one.
constexpr const char* kMigrations[] = {
    // 1: sessions, calls, and the daily roll-up kept in the same transaction as the calls.
    R"sql(
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        started_ms INTEGER NOT NULL,
        ended_ms INTEGER,
        label TEXT
    );
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        ts_ms INTEGER NOT NULL,
        day TEXT NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        conductor_session TEXT,
        event_id TEXT UNIQUE,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        tier TEXT NOT NULL DEFAULT '',
        activity TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '',
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        cache_write_1h_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        latency_ms REAL,
        success INTEGER NOT NULL,
        error TEXT,
        cache_hit INTEGER,
        priced INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        rate_input REAL NOT NULL,
        rate_output REAL NOT NULL,
        rate_cache_read REAL NOT NULL,
        rate_cache_write REAL NOT NULL,
        rate_cache_write_1h REAL NOT NULL,
        long_context INTEGER NOT NULL
    );
    CREATE INDEX calls_by_time ON calls(ts_ms);
    CREATE INDEX calls_by_day ON calls(day);
    CREATE INDEX calls_by_session ON calls(session_id);
    CREATE TABLE daily (
        day TEXT NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        tier TEXT NOT NULL,
        activity TEXT NOT NULL,
        calls INTEGER NOT NULL,
        failed_calls INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        latency_ms_sum REAL NOT NULL,
        latency_samples INTEGER NOT NULL,
        PRIMARY KEY (day, provider, model, tier, activity)
    ) WITHOUT ROWID;
    )sql",
    // 2: why a router chose a model (savings by routing reason), and tier snapshots as they arrive.
    R"sql(
    ALTER TABLE calls ADD COLUMN routing_reason TEXT;
    CREATE TABLE tier_snapshots (
        id INTEGER PRIMARY KEY,
        ts_ms INTEGER NOT NULL,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        tier TEXT NOT NULL,
        model TEXT,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL
    );
    CREATE INDEX tier_snapshots_by_time ON tier_snapshots(ts_ms);
    )sql",
    // 3: the per-row indexes on calls cost half the insert rate and no query used them for a range
    // (the time and session indexes only replaced a sort with random lookups). A day's calls are found
    // through the first and last rowid it was given, kept once per day and transaction.
    R"sql(
    DROP INDEX calls_by_time;
    DROP INDEX calls_by_day;
    DROP INDEX calls_by_session;
    CREATE TABLE day_spans (
        day TEXT PRIMARY KEY,
        first_id INTEGER NOT NULL,
        last_id INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO day_spans SELECT day, MIN(id), MAX(id) FROM calls GROUP BY day;
    )sql",
    // 4: instants, not the writer's days. Until now `day` was the writer's local day, and the daily
    // roll-up was keyed by it, so a store written in Tokyo reported Tokyo's days everywhere. Days are
    // the reader's now: the roll-ups are keyed by UTC time, in quarter hours (15 minutes divide every
    // UTC offset in use, so each quarter lies within one day in every zone) and in whole UTC days
    // (for the inside of a long range); `day` and day_spans become UTC days, which only bound a scan.
    // The calls gain PROTOCOL 1.1's fields and how they were priced. The roll-ups are rebuilt from the
    // calls, which always held the same sums (retention prunes both on one boundary). Latencies are
    // kept as histograms (eight bins an octave, per UTC hour and day: a p95 is approximate anyway, so
    // its range is taken to whole hours) and each model's standard rates once, so the History tab's
    // health and savings need no scan of the calls.
    R"sql(
    ALTER TABLE calls ADD COLUMN service_tier TEXT NOT NULL DEFAULT 'standard';
    ALTER TABLE calls ADD COLUMN project TEXT NOT NULL DEFAULT '';
    ALTER TABLE calls ADD COLUMN host TEXT NOT NULL DEFAULT '';
    ALTER TABLE calls ADD COLUMN source TEXT NOT NULL DEFAULT '';
    ALTER TABLE calls ADD COLUMN reported_cost_usd REAL;
    ALTER TABLE calls ADD COLUMN priced_as TEXT;
    ALTER TABLE calls ADD COLUMN approximate INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE calls ADD COLUMN standard_rate INTEGER NOT NULL DEFAULT 0;
    UPDATE calls SET day = date(ts_ms / 1000, 'unixepoch');
    DELETE FROM day_spans;
    INSERT INTO day_spans SELECT day, MIN(id), MAX(id) FROM calls GROUP BY day;
    CREATE TABLE rollup_keys (
        id INTEGER PRIMARY KEY,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        tier TEXT NOT NULL,
        activity TEXT NOT NULL,
        project TEXT NOT NULL,
        host TEXT NOT NULL,
        service_tier TEXT NOT NULL,
        source TEXT NOT NULL,
        session_id TEXT NOT NULL,
        conductor_session TEXT NOT NULL,
        routing_reason TEXT NOT NULL,
        priced INTEGER NOT NULL,
        UNIQUE (provider, model, tier, activity, project, host, service_tier, source, session_id, conductor_session, routing_reason, priced)
    );
    CREATE TABLE rollup_quarter (
        quarter INTEGER NOT NULL,
        key_id INTEGER NOT NULL,
        calls INTEGER NOT NULL,
        failed_calls INTEGER NOT NULL,
        unpriced_calls INTEGER NOT NULL,
        approximate_calls INTEGER NOT NULL,
        standard_rate_calls INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        cache_write_1h_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        reported_cost_usd REAL NOT NULL,
        reported_calls INTEGER NOT NULL,
        latency_ms_sum REAL NOT NULL,
        latency_samples INTEGER NOT NULL,
        cache_saved_usd REAL NOT NULL,
        PRIMARY KEY (quarter, key_id)
    ) WITHOUT ROWID;
    CREATE TABLE rollup_day (
        utc_day INTEGER NOT NULL,
        key_id INTEGER NOT NULL,
        calls INTEGER NOT NULL,
        failed_calls INTEGER NOT NULL,
        unpriced_calls INTEGER NOT NULL,
        approximate_calls INTEGER NOT NULL,
        standard_rate_calls INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        cache_write_1h_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        reported_cost_usd REAL NOT NULL,
        reported_calls INTEGER NOT NULL,
        latency_ms_sum REAL NOT NULL,
        latency_samples INTEGER NOT NULL,
        cache_saved_usd REAL NOT NULL,
        PRIMARY KEY (utc_day, key_id)
    ) WITHOUT ROWID;
    CREATE TABLE quarters (
        quarter INTEGER PRIMARY KEY,
        calls INTEGER NOT NULL,
        failed_calls INTEGER NOT NULL,
        unpriced_calls INTEGER NOT NULL,
        approximate_calls INTEGER NOT NULL,
        standard_rate_calls INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        cache_write_1h_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        reported_cost_usd REAL NOT NULL,
        reported_calls INTEGER NOT NULL,
        latency_ms_sum REAL NOT NULL,
        latency_samples INTEGER NOT NULL,
        cache_saved_usd REAL NOT NULL
    );
    INSERT INTO rollup_keys (provider, model, tier, activity, project, host, service_tier, source, session_id, conductor_session, routing_reason, priced)
        SELECT DISTINCT provider, model, tier, activity, project, host, service_tier, source, session_id, COALESCE(conductor_session, ''), COALESCE(routing_reason, ''), priced
        FROM calls;
    INSERT INTO rollup_quarter SELECT (c.ts_ms / 900000) - (c.ts_ms % 900000 < 0), k.id,
        COUNT(*), SUM(success = 0), SUM(c.priced = 0), SUM(approximate), SUM(standard_rate),
        SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens),
        SUM(cache_write_1h_tokens), SUM(reasoning_tokens), SUM(cost_usd),
        COALESCE(SUM(reported_cost_usd), 0), COUNT(reported_cost_usd),
        COALESCE(SUM(latency_ms), 0), COUNT(latency_ms),
        SUM(c.priced * (cache_read_tokens * (rate_input - rate_cache_read) - cache_write_tokens * (rate_cache_write - rate_input) - cache_write_1h_tokens * (rate_cache_write_1h - rate_input)))
        FROM calls c JOIN rollup_keys k ON k.provider = c.provider AND k.model = c.model AND k.tier = c.tier AND k.activity = c.activity AND k.project = c.project AND k.host = c.host AND k.service_tier = c.service_tier AND k.source = c.source AND k.session_id = c.session_id AND k.conductor_session = COALESCE(c.conductor_session, '') AND k.routing_reason = COALESCE(c.routing_reason, '') AND k.priced = c.priced
        GROUP BY 1, 2;
    INSERT INTO rollup_day SELECT (quarter / 96) - (quarter % 96 < 0), key_id,
        SUM(calls), SUM(failed_calls), SUM(unpriced_calls), SUM(approximate_calls),
        SUM(standard_rate_calls), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens),
        SUM(cache_write_tokens), SUM(cache_write_1h_tokens), SUM(reasoning_tokens), SUM(cost_usd),
        SUM(reported_cost_usd), SUM(reported_calls), SUM(latency_ms_sum), SUM(latency_samples),
        SUM(cache_saved_usd)
        FROM rollup_quarter GROUP BY 1, 2;
    INSERT INTO quarters SELECT quarter,
        SUM(calls), SUM(failed_calls), SUM(unpriced_calls), SUM(approximate_calls),
        SUM(standard_rate_calls), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens),
        SUM(cache_write_tokens), SUM(cache_write_1h_tokens), SUM(reasoning_tokens), SUM(cost_usd),
        SUM(reported_cost_usd), SUM(reported_calls), SUM(latency_ms_sum), SUM(latency_samples),
        SUM(cache_saved_usd)
        FROM rollup_quarter GROUP BY quarter;
    CREATE TABLE latency_hour (
        hour INTEGER NOT NULL,
        activity TEXT NOT NULL,
        bin INTEGER NOT NULL,
        samples INTEGER NOT NULL,
        PRIMARY KEY (hour, activity, bin)
    ) WITHOUT ROWID;
    CREATE TABLE latency_day (
        utc_day INTEGER NOT NULL,
        activity TEXT NOT NULL,
        bin INTEGER NOT NULL,
        samples INTEGER NOT NULL,
        PRIMARY KEY (utc_day, activity, bin)
    ) WITHOUT ROWID;
    INSERT INTO latency_hour SELECT (ts_ms / 3600000) - (ts_ms % 3600000 < 0), activity,
        CASE WHEN latency_ms < 1 THEN 0 ELSE 1 + CAST(log2(latency_ms) * 8 AS INTEGER) END, COUNT(*)
        FROM calls WHERE latency_ms IS NOT NULL GROUP BY 1, 2, 3;
    INSERT INTO latency_day SELECT (hour / 24) - (hour % 24 < 0), activity, bin, SUM(samples)
        FROM latency_hour GROUP BY 1, 2, 3;
    CREATE TABLE model_rates (
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        rate_input REAL NOT NULL,
        rate_output REAL NOT NULL,
        rate_cache_read REAL NOT NULL,
        rate_cache_write REAL NOT NULL,
        rate_cache_write_1h REAL NOT NULL,
        PRIMARY KEY (provider, model)
    ) WITHOUT ROWID;
    INSERT INTO model_rates SELECT provider, model, rate_input, rate_output, rate_cache_read, rate_cache_write,
        rate_cache_write_1h FROM calls WHERE id IN (SELECT MAX(id) FROM calls WHERE priced = 1 AND
        long_context = 0 AND service_tier = 'standard' GROUP BY provider, model);
    DROP TABLE daily;
    )sql",
    // 5: our cost over the calls that reported one of their own, beside theirs, so the two are compared
    // over the same calls (a row may mix calls from doors that report a cost and doors that do not).
    // Back-filled from the calls. A roll-up row whose calls are no longer there (retention prunes both
    // on one boundary, so only a file changed by hand) keeps 0: ours over them is not known.
    R"sql(
    ALTER TABLE rollup_quarter ADD COLUMN reported_calls_cost_usd REAL NOT NULL DEFAULT 0;
    ALTER TABLE rollup_day ADD COLUMN reported_calls_cost_usd REAL NOT NULL DEFAULT 0;
    ALTER TABLE quarters ADD COLUMN reported_calls_cost_usd REAL NOT NULL DEFAULT 0;
    CREATE TEMP TABLE reported_ours AS
        SELECT (c.ts_ms / 900000) - (c.ts_ms % 900000 < 0) AS quarter, k.id AS key_id, SUM(c.cost_usd) AS usd
        FROM calls c JOIN rollup_keys k ON k.provider = c.provider AND k.model = c.model AND k.tier = c.tier AND k.activity = c.activity AND k.project = c.project AND k.host = c.host AND k.service_tier = c.service_tier AND k.source = c.source AND k.session_id = c.session_id AND k.conductor_session = COALESCE(c.conductor_session, '') AND k.routing_reason = COALESCE(c.routing_reason, '') AND k.priced = c.priced
        WHERE c.reported_cost_usd IS NOT NULL
        GROUP BY 1, 2;
    UPDATE rollup_quarter SET reported_calls_cost_usd = r.usd FROM reported_ours r
        WHERE r.quarter = rollup_quarter.quarter AND r.key_id = rollup_quarter.key_id;
    UPDATE rollup_day SET reported_calls_cost_usd = r.usd
        FROM (SELECT (quarter / 96) - (quarter % 96 < 0) AS utc_day, key_id, SUM(usd) AS usd FROM reported_ours GROUP BY 1, 2) r
        WHERE r.utc_day = rollup_day.utc_day AND r.key_id = rollup_day.key_id;
    UPDATE quarters SET reported_calls_cost_usd = r.usd
        FROM (SELECT quarter, SUM(usd) AS usd FROM reported_ours GROUP BY 1) r
        WHERE r.quarter = quarters.quarter;
    DROP TABLE reported_ours;
    )sql",
    // 6: a call's row names what it is about (provider, model, tier, project, session, ...) through its
    // roll-up key, which already held each such combination once, and how it was priced (the price
    // entry, its rates) through a row of call_pricing: a third of the bytes a row, and an import
    // writes a third as much. The view `calls` reads as the table did, column for column.
    R"sql(
    INSERT OR IGNORE INTO rollup_keys (provider, model, tier, activity, project, host, service_tier, source, session_id, conductor_session, routing_reason, priced)
        SELECT DISTINCT provider, model, tier, activity, project, host, service_tier, source, session_id, COALESCE(conductor_session, ''), COALESCE(routing_reason, ''), priced
        FROM calls;
    CREATE TABLE call_pricing (
        id INTEGER PRIMARY KEY,
        priced_as TEXT NOT NULL,
        rate_input REAL NOT NULL,
        rate_output REAL NOT NULL,
        rate_cache_read REAL NOT NULL,
        rate_cache_write REAL NOT NULL,
        rate_cache_write_1h REAL NOT NULL,
        long_context INTEGER NOT NULL,
        approximate INTEGER NOT NULL,
        standard_rate INTEGER NOT NULL,
        UNIQUE (priced_as, rate_input, rate_output, rate_cache_read, rate_cache_write, rate_cache_write_1h, long_context, approximate, standard_rate)
    );
    INSERT INTO call_pricing (priced_as, rate_input, rate_output, rate_cache_read, rate_cache_write, rate_cache_write_1h, long_context, approximate, standard_rate)
        SELECT DISTINCT COALESCE(priced_as, ''), rate_input, rate_output, rate_cache_read, rate_cache_write, rate_cache_write_1h, long_context, approximate, standard_rate
        FROM calls;
    CREATE TABLE call_rows (
        id INTEGER PRIMARY KEY,
        ts_ms INTEGER NOT NULL,
        day TEXT NOT NULL,
        key_id INTEGER NOT NULL REFERENCES rollup_keys(id),
        pricing_id INTEGER NOT NULL REFERENCES call_pricing(id),
        event_id TEXT UNIQUE,
        category TEXT NOT NULL DEFAULT '',
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        cache_write_1h_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        latency_ms REAL,
        success INTEGER NOT NULL,
        error TEXT,
        cache_hit INTEGER,
        cost_usd REAL NOT NULL,
        reported_cost_usd REAL
    );
    INSERT INTO call_rows SELECT c.id, c.ts_ms, c.day, k.id, p.id, c.event_id, c.category, c.input_tokens,
        c.output_tokens, c.cache_read_tokens, c.cache_write_tokens, c.cache_write_1h_tokens,
        c.reasoning_tokens, c.latency_ms, c.success, c.error, c.cache_hit, c.cost_usd, c.reported_cost_usd
        FROM calls c JOIN rollup_keys k ON k.provider = c.provider AND k.model = c.model AND k.tier = c.tier AND k.activity = c.activity AND k.project = c.project AND k.host = c.host AND k.service_tier = c.service_tier AND k.source = c.source AND k.session_id = c.session_id AND k.conductor_session = COALESCE(c.conductor_session, '') AND k.routing_reason = COALESCE(c.routing_reason, '') AND k.priced = c.priced
        JOIN call_pricing p ON p.priced_as = COALESCE(c.priced_as, '') AND p.rate_input = c.rate_input AND p.rate_output = c.rate_output AND p.rate_cache_read = c.rate_cache_read AND p.rate_cache_write = c.rate_cache_write AND p.rate_cache_write_1h = c.rate_cache_write_1h AND p.long_context = c.long_context AND p.approximate = c.approximate AND p.standard_rate = c.standard_rate;
    DROP TABLE calls;
    CREATE VIEW calls AS SELECT r.id, r.ts_ms, r.day, k.session_id, NULLIF(k.conductor_session, '') AS conductor_session,
        r.event_id, k.provider, k.model, k.tier, k.activity, r.category, r.input_tokens, r.output_tokens,
        r.cache_read_tokens, r.cache_write_tokens, r.cache_write_1h_tokens, r.reasoning_tokens, r.latency_ms,
        r.success, r.error, r.cache_hit, k.priced, r.cost_usd, p.rate_input, p.rate_output, p.rate_cache_read,
        p.rate_cache_write, p.rate_cache_write_1h, p.long_context, NULLIF(k.routing_reason, '') AS routing_reason,
        k.service_tier, k.project, k.host, k.source, r.reported_cost_usd, NULLIF(p.priced_as, '') AS priced_as,
        p.approximate, p.standard_rate, r.key_id
        FROM call_rows r JOIN rollup_keys k ON k.id = r.key_id JOIN call_pricing p ON p.id = r.pricing_id;
    )sql",
};
static_assert(std::size(kMigrations) == kStoreSchemaVersion);

}  // namespace

int schema_version(sql::Database& db)
{
    auto st = db.prepare("PRAGMA user_version");
    st.step();
    return static_cast<int>(st.int64(0));
}

void migrate(sql::Database& db, int up_to)
{
    const int have = schema_version(db);
    if (have > kStoreSchemaVersion)
        throw sql::Error(SQLITE_ERROR, "the file's schema (version " + std::to_string(have) +
                                           ") is newer than this costpanel's (" +
                                           std::to_string(kStoreSchemaVersion) + "); not touching it");
    for (int v = have; v < up_to; ++v) {
        sql::Transaction t(db);
        db.exec(kMigrations[v]);
        db.exec(("PRAGMA user_version = " + std::to_string(v + 1)).c_str());
        t.commit();
    }
}

}  // namespace costpanel::store
