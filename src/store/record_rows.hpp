// The rows a batch's records become: a call, a tier snapshot. Each statement's SQL is beside the bind
// of its row (record_rows.cpp), binding in the order of its columns.
#pragma once

#include "costpanel/core/call_record.hpp"
#include "sqlite.hpp"

#include <cstdint>
#include <string>

namespace costpanel::store {

extern const char kInsertCallSql[];
extern const char kInsertTierSnapshotSql[];

// Text is bound uncopied: `r` and `day` must stay as they are until the step. `key_id`, `pricing_id`:
// its rows of rollup_keys and call_pricing (interned_keys.hpp).
void bind_call(sql::Statement& insert, const CallRecord& r, const std::string& day, std::int64_t key_id,
               std::int64_t pricing_id);
void bind_tier_snapshot(sql::Statement& insert, const TierSnapshotRecord& s, const std::string& session_id);

}  // namespace costpanel::store
