// What a call is about (provider, model, tier, activity, project, host, service tier, source, the
// sessions, routing reason, priced or not), interned once in rollup_keys: a call's row and its roll-up
// rows point at that row's id.
#pragma once

#include "costpanel/core/call_record.hpp"
#include "sqlite.hpp"

#include <cstdint>
#include <map>
#include <string_view>

namespace costpanel::store {

extern const char kRollupKeySql[];

// The ids of one transaction's keys. An id is asked of the file once a transaction (a rolled-back one
// takes its new keys with it, so ids are not kept across transactions).
class RollupKeys
{
public:
    explicit RollupKeys(sql::Statement& upsert) : upsert_(upsert) {}  // kRollupKeySql
    // The record's strings and `session_id` must stay as they are while this lives: the keys view them.
    std::int64_t id_of(const CallRecord& r, std::string_view session_id);

private:
    struct Key
    {
        std::string_view provider, model, tier, activity, project, host, service_tier, source, session_id,
            conductor_session, routing_reason;
        bool priced;
        auto operator<=>(const Key&) const = default;
    };
    std::int64_t ask(const Key& key);

    sql::Statement& upsert_;
    std::map<Key, std::int64_t> ids_;
    const std::pair<const Key, std::int64_t>* last_ = nullptr;  // calls come in runs of one key
};

}  // namespace costpanel::store
