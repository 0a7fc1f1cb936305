#include "write_statements.hpp"

#include "day_spans.hpp"
#include "interned_keys.hpp"
#include "latency_bins.hpp"
#include "model_rates.hpp"
#include "record_rows.hpp"
#include "replaced_calls.hpp"
#include "rollups.hpp"
#include "session_book.hpp"

namespace costpanel::store {

WriteStatements::WriteStatements(sql::Database& db)
    : insert_call(db, kInsertCallSql), find_call(db, kFindCallByIdSql), delete_call(db, kDeleteCallSql),
      insert_tier_snapshot(db, kInsertTierSnapshotSql), upsert_day_span(db, kUpsertDaySpanSql),
      rollup_key(db, kRollupKeySql), call_pricing(db, kCallPricingSql),
      upsert_rollup_quarter(db, rollup_upsert_sql("rollup_quarter", {"quarter", "key_id"})),
      upsert_rollup_day(db, rollup_upsert_sql("rollup_day", {"utc_day", "key_id"})),
      upsert_quarter(db, rollup_upsert_sql("quarters", {"quarter"})),
      upsert_latency_hour(db, kUpsertLatencyHourSql), upsert_latency_day(db, kUpsertLatencyDaySql),
      upsert_model_rates(db, kUpsertModelRatesSql), start_session(db, kStartSessionSql),
      end_session(db, kEndSessionSql)
{
}

}  // namespace costpanel::store
