#include "write_statements.hpp"

#include "day_spans.hpp"
#include "record_rows.hpp"
#include "rollups.hpp"
#include "session_book.hpp"

namespace costpanel::store {

WriteStatements::WriteStatements(sql::Database& db)
    : insert_call(db, kInsertCallSql), insert_tier_snapshot(db, kInsertTierSnapshotSql),
      upsert_day_span(db, kUpsertDaySpanSql), upsert_rollup_quarter(db, kUpsertRollupQuarterSql),
      upsert_rollup_day(db, kUpsertRollupDaySql), upsert_quarter(db, kUpsertQuarterSql),
      start_session(db, kStartSessionSql), end_session(db, kEndSessionSql)
{
}

}  // namespace costpanel::store
