#include "rollup_keys.hpp"

#include <cassert>

namespace costpanel::store {

// The key's id, whether it is new or was there: the no-op update on a conflict lets RETURNING answer
// in both cases, one statement a key.
const char kRollupKeySql[] = R"sql(
INSERT INTO rollup_keys(
    provider,
    model,
    tier,
    activity,
    project,
    host,
    service_tier,
    source,
    session_id,
    conductor_session,
    routing_reason,
    priced
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(provider, model, tier, activity, project, host, service_tier, source, session_id,
            conductor_session, routing_reason, priced) DO UPDATE SET priced = excluded.priced
RETURNING id
)sql";

std::int64_t RollupKeys::id_of(const CallRecord& r, std::string_view session_id)
{
    const Key key{r.provider,     r.model,  r.tier,     r.activity,          r.project,        r.host,
                  r.service_tier, r.source, session_id, r.conductor_session, r.routing_reason, r.priced};
    if (last_ && last_->first == key) return last_->second;
    auto it = ids_.find(key);
    if (it == ids_.end()) it = ids_.emplace(key, ask(key)).first;
    last_ = &*it;
    return it->second;
}

std::int64_t RollupKeys::ask(const Key& key)
{
    // Views of strings that live until the step: bound uncopied.
    const std::string_view texts[] = {
        key.provider,     key.model,  key.tier,       key.activity,          key.project,       key.host,
        key.service_tier, key.source, key.session_id, key.conductor_session, key.routing_reason};
    upsert_.reset();
    int i = 0;
    for (const std::string_view text : texts) upsert_.bind_view(++i, text);
    upsert_.bind(++i, std::int64_t{key.priced});
    assert(i == upsert_.parameters());
    if (!upsert_.step()) throw sql::Error(SQLITE_INTERNAL, "a roll-up key upsert returned no id");
    const std::int64_t id = upsert_.int64(0);
    upsert_.reset();  // finished now: a statement left mid-row would hold the transaction open
    return id;
}

}  // namespace costpanel::store
