#include "costpanel/core/batch.hpp"

#include <algorithm>
#include <unordered_map>

namespace costpanel {

EventCounters& EventCounters::operator+=(const EventCounters& o)
{
    applied += o.applied;
    rejected += o.rejected;
    ignored += o.ignored;
    duplicates += o.duplicates;
    return *this;
}

void ModelUsage::add(const ModelUsage& o)
{
    priced = priced && o.priced;
    calls += o.calls;
    standard_rate_calls += o.standard_rate_calls;
    failed_calls += o.failed_calls;
    tokens += o.tokens;
    reasoning_tokens += o.reasoning_tokens;
    cost_usd += o.cost_usd;
    reported_cost_usd += o.reported_cost_usd;
    reported_calls += o.reported_calls;
    reported_calls_cost_usd += o.reported_calls_cost_usd;
    latency_ms_sum += o.latency_ms_sum;
    latency_samples += o.latency_samples;
}

ModelUsage ModelUsage::negated() const
{
    ModelUsage n = *this;
    n.calls = 0 - calls;
    n.standard_rate_calls = 0 - standard_rate_calls;
    n.failed_calls = 0 - failed_calls;
    n.tokens.input = -tokens.input;
    n.tokens.output = -tokens.output;
    n.tokens.cache_read = -tokens.cache_read;
    n.tokens.cache_write = -tokens.cache_write;
    n.tokens.cache_write_1h = -tokens.cache_write_1h;
    n.reasoning_tokens = -reasoning_tokens;
    n.cost_usd = -cost_usd;
    n.reported_cost_usd = -reported_cost_usd;
    n.reported_calls = 0 - reported_calls;
    n.reported_calls_cost_usd = -reported_calls_cost_usd;
    n.latency_ms_sum = -latency_ms_sum;
    n.latency_samples = 0 - latency_samples;
    return n;
}

void TierUsageDelta::add(const TierUsageDelta& later)
{
    if (!later.model.empty()) model = later.model;
    tokens += later.tokens;
    cost_usd += later.cost_usd;
    priced = priced && later.priced;
}

bool Batch::empty() const
{
    return !reset && models.empty() && tiers.empty() && !status && !active_tier && counters.total() == 0;
}

void Batch::merge(Batch&& later)
{
    if (later.reset) {
        // The reset wipes what this batch would have added; tiers keep only their model.
        reset = true;
        models.clear();
        for (TierUsageDelta& t : tiers) {
            t.tokens = {};
            t.cost_usd = 0.0;
            t.priced = true;
        }
    }
    std::unordered_map<std::string, std::size_t> model_index;
    for (std::size_t i = 0; i < models.size(); ++i)
        model_index[models[i].provider + '\n' + models[i].model] = i;
    for (ModelUsage& m : later.models) {
        const auto [it, inserted] = model_index.try_emplace(m.provider + '\n' + m.model, models.size());
        if (inserted)
            models.push_back(std::move(m));
        else
            models[it->second].add(m);
    }
    for (TierUsageDelta& t : later.tiers) {
        auto mine = std::find_if(tiers.begin(), tiers.end(),
                                 [&](const TierUsageDelta& x) { return x.tier == t.tier; });
        if (mine == tiers.end())
            tiers.push_back(std::move(t));
        else
            mine->add(t);
    }
    if (later.status) status = std::move(later.status);
    if (later.active_tier) active_tier = std::move(later.active_tier);
    counters += later.counters;
    // Records are history, not session totals: a reset does not drop them.
    if (calls.empty())
        calls = std::move(later.calls);
    else
        calls.insert(calls.end(), std::make_move_iterator(later.calls.begin()),
                     std::make_move_iterator(later.calls.end()));
    tier_snapshots.insert(tier_snapshots.end(), std::make_move_iterator(later.tier_snapshots.begin()),
                          std::make_move_iterator(later.tier_snapshots.end()));
    epoch = later.epoch;
    for (Rejection& r : later.rejections) rejections.push_back(std::move(r));
    if (rejections.size() > kMaxRejections)
        rejections.erase(rejections.begin(), rejections.end() - static_cast<std::ptrdiff_t>(kMaxRejections));
}

}  // namespace costpanel
