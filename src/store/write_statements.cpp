#include "write_statements.hpp"

#include "daily_rollup.hpp"
#include "day_spans.hpp"
#include "record_rows.hpp"
#include "session_book.hpp"

namespace costpanel::store {

WriteStatements::WriteStatements(sql::Database& db)
    : insert_call(db, kInsertCallSql), insert_tier_snapshot(db, kInsertTierSnapshotSql),
      upsert_day_span(db, kUpsertDaySpanSql), upsert_daily(db, kUpsertDailySql),
      start_session(db, kStartSessionSql), end_session(db, kEndSessionSql)
{
}

}  // namespace costpanel::store
