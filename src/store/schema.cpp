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
