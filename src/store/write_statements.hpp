// The statements the store's writer steps, prepared once per connection (not once per transaction)
// and reset before each use. Each one's SQL is beside the bind of its row.
#pragma once

#include "sqlite.hpp"

namespace costpanel::store {

struct WriteStatements
{
    explicit WriteStatements(sql::Database& db);  // after the migrations: the tables must be there

    sql::Statement insert_call;            // record_rows
    sql::Statement find_call;              // replaced_calls
    sql::Statement delete_call;            // replaced_calls
    sql::Statement insert_tier_snapshot;   // record_rows
    sql::Statement upsert_day_span;        // day_spans
    sql::Statement rollup_key;             // interned_keys
    sql::Statement call_pricing;           // interned_keys
    sql::Statement upsert_rollup_quarter;  // rollups
    sql::Statement upsert_rollup_day;      // rollups
    sql::Statement upsert_quarter;         // rollups
    sql::Statement upsert_latency_hour;    // latency_bins
    sql::Statement upsert_latency_day;     // latency_bins
    sql::Statement upsert_model_rates;     // model_rates
    sql::Statement start_session;          // session_book
    sql::Statement end_session;            // session_book
};

}  // namespace costpanel::store
