// A call a log wrote again takes the place of the one stored (CallRecord::replaces): the stored row
// is read back, as much of it as its roll-ups were made from, so that they can be taken back out.
#pragma once

#include "costpanel/core/call_record.hpp"
#include "sqlite.hpp"

#include <optional>
#include <string>

namespace costpanel::store {

extern const char kFindCallByIdSql[];
extern const char kDeleteCallSql[];

struct StoredCall
{
    std::int64_t row = 0;
    std::int64_t key_id = 0;  // its rollup_keys row: what the call is about
    CallRecord record;        // the rest its roll-ups and latency bins were made from (no names)
};

std::optional<StoredCall> find_call(sql::Statement& find, const std::string& event_id);

std::int64_t token_total(const TokenCounts& t);

}  // namespace costpanel::store
