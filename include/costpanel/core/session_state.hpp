// costpanel: the numbers of the current session. Pure and single-threaded: one thread owns it (the
// GUI thread in the panel) and changes it only through apply() and reset().
#pragma once

#include "costpanel/core/batch.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace costpanel {

struct SessionTotals
{
    double cost_usd = 0.0;
    std::uint64_t calls = 0;
    std::uint64_t failed_calls = 0;
    std::uint64_t unpriced_calls = 0;       // calls of unpriced models: the total is then a lower bound
    std::uint64_t standard_rate_calls = 0;  // of a service tier the model has no rates for
    TokenCounts tokens;
    std::int64_t reasoning_tokens = 0;
    // As ModelUsage's: the clients' figure, and ours over the same calls.
    double reported_cost_usd = 0.0;
    std::uint64_t reported_calls = 0;
    double reported_calls_cost_usd = 0.0;
};

struct TierRow
{
    std::string tier;
    std::string model;  // empty: not known
    TokenCounts tokens;
    double cost_usd = 0.0;
    bool priced = true;
};

class SessionState
{
public:
    static constexpr std::size_t kKeptRejections = 32;

    // Tier 1-4 always have a row; `tier_models` names their models until a snapshot does.
    explicit SessionState(const std::map<std::string, std::string>& tier_models = {});

    void apply(const Batch& batch);
    // Ends the session: totals, model rows and tier tokens and costs go to zero; tier models, the
    // conductor's status, event counters and recent rejections stay.
    void reset();

    const SessionTotals& totals() const { return totals_; }
    // Model rows in the order they first appeared; sorting is the view's business.
    const std::vector<ModelUsage>& models() const { return models_; }
    // Tier 1-4 first, then other tiers in the order they appeared.
    const std::vector<TierRow>& tiers() const { return tiers_; }
    const std::optional<std::string>& status() const { return status_; }
    const std::optional<std::string>& active_tier() const { return active_tier_; }
    const EventCounters& counters() const { return counters_; }
    const std::deque<Rejection>& recent_rejections() const { return rejections_; }
    // Sessions started so far: 1 for the first, +1 on each reset.
    std::uint64_t session_number() const { return session_number_; }
    // Grows on every change: a view rebuilds its rows only when this moved.
    std::uint64_t version() const { return version_; }

private:
    TierRow& tier_row(const std::string& name);

    SessionTotals totals_;
    std::vector<ModelUsage> models_;
    std::unordered_map<std::string, std::size_t> model_index_;
    std::vector<TierRow> tiers_;
    std::optional<std::string> status_;
    std::optional<std::string> active_tier_;
    EventCounters counters_;
    std::deque<Rejection> rejections_;
    std::uint64_t session_number_ = 1;
    std::uint64_t version_ = 0;
};

}  // namespace costpanel
