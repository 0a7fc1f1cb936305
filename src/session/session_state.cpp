#include "costpanel/core/session_state.hpp"

namespace costpanel {

SessionState::SessionState(const std::map<std::string, std::string>& tier_models)
{
    tiers_.reserve(4);
    for (int n = 1; n <= 4; ++n) {
        TierRow row;
        row.tier = "Tier " + std::to_string(n);
        if (const auto it = tier_models.find(row.tier); it != tier_models.end()) row.model = it->second;
        tiers_.push_back(std::move(row));
    }
    for (const auto& [tier, model] : tier_models) tier_row(tier).model = model;
}

TierRow& SessionState::tier_row(const std::string& name)
{
    for (TierRow& row : tiers_)
        if (row.tier == name) return row;
    tiers_.push_back(TierRow{name, {}, {}, 0.0, true});
    return tiers_.back();
}

void SessionState::apply(const Batch& batch)
{
    if (batch.empty()) return;
    if (batch.reset) reset();
    for (const ModelUsage& delta : batch.models) {
        const auto [it, inserted] =
            model_index_.try_emplace(delta.provider + '\n' + delta.model, models_.size());
        if (inserted)
            models_.push_back(delta);
        else
            models_[it->second].add(delta);
        totals_.cost_usd += delta.cost_usd;
        totals_.calls += delta.calls;
        totals_.failed_calls += delta.failed_calls;
        if (!delta.priced) totals_.unpriced_calls += delta.calls;
        totals_.standard_rate_calls += delta.standard_rate_calls;
        totals_.tokens += delta.tokens;
        totals_.reasoning_tokens += delta.reasoning_tokens;
        totals_.reported_cost_usd += delta.reported_cost_usd;
        totals_.reported_calls += delta.reported_calls;
        totals_.reported_calls_cost_usd += delta.reported_calls_cost_usd;
    }
    for (const TierUsageDelta& delta : batch.tiers) {
        TierRow& row = tier_row(delta.tier);
        if (!delta.model.empty()) row.model = delta.model;
        row.tokens += delta.tokens;
        row.cost_usd += delta.cost_usd;
        row.priced = row.priced && delta.priced;
    }
    if (batch.status) status_ = batch.status;
    if (batch.active_tier) active_tier_ = batch.active_tier;
    counters_ += batch.counters;
    for (const Rejection& r : batch.rejections) {
        rejections_.push_back(r);
        if (rejections_.size() > kKeptRejections) rejections_.pop_front();
    }
    ++version_;
}

void SessionState::reset()
{
    totals_ = {};
    models_.clear();
    model_index_.clear();
    for (TierRow& row : tiers_) {
        row.tokens = {};
        row.cost_usd = 0.0;
        row.priced = true;
    }
    ++session_number_;
    ++version_;
}

}  // namespace costpanel
