// What a call is about (provider, model, tier, activity, project, host, service tier, source, the
// sessions, routing reason, priced or not) and how it was priced (the price entry, its rates), each
// combination kept once, in rollup_keys and call_pricing: a call's row, and its roll-up rows, point at
// those rows' ids.
#pragma once

#include "costpanel/core/call_record.hpp"
#include "sqlite.hpp"

#include <cstdint>
#include <map>
#include <string_view>

namespace costpanel::store {

extern const char kRollupKeySql[];
extern const char kCallPricingSql[];

// Views of a record's strings: they must stay as they are while a key is kept.
struct RollupKey
{
    std::string_view provider, model, tier, activity, project, host, service_tier, source, session_id,
        conductor_session, routing_reason;
    bool priced;
    static RollupKey of(const CallRecord& r, std::string_view session_id);
    auto operator<=>(const RollupKey&) const = default;
};

struct PricingKey
{
    std::string_view priced_as;
    double input, output, cache_read, cache_write, cache_write_1h;
    bool long_context, approximate, standard_rate;
    static PricingKey of(const CallRecord& r);
    auto operator<=>(const PricingKey&) const = default;
};

void bind_key(sql::Statement& upsert, const RollupKey& key);   // kRollupKeySql
void bind_key(sql::Statement& upsert, const PricingKey& key);  // kCallPricingSql

// The ids of one transaction's keys, each asked of the file once (a rolled-back transaction takes its
// new keys with it, so ids are not kept across transactions). Calls come in runs of one key.
template <class Key> class InternedIds
{
public:
    explicit InternedIds(sql::Statement& upsert) : upsert_(upsert) {}
    std::int64_t id_of(const Key& key)
    {
        if (last_ && last_->first == key) return last_->second;
        auto it = ids_.find(key);
        if (it == ids_.end()) it = ids_.emplace(key, ask(key)).first;
        last_ = &*it;
        return it->second;
    }

private:
    std::int64_t ask(const Key& key)
    {
        upsert_.reset();
        bind_key(upsert_, key);
        if (!upsert_.step()) throw sql::Error(SQLITE_INTERNAL, "a key's upsert returned no id");
        const std::int64_t id = upsert_.int64(0);
        upsert_.reset();  // finished now: a statement left mid-row would hold the transaction open
        return id;
    }

    sql::Statement& upsert_;
    std::map<Key, std::int64_t> ids_;
    const std::pair<const Key, std::int64_t>* last_ = nullptr;
};

}  // namespace costpanel::store
