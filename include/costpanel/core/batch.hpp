// costpanel: what the ingest worker hands to the thread that owns SessionState.
//
// A Batch is "optionally reset, then add these deltas": the worker folds any number of events into
// one, keyed by (provider, model) and by tier, so applying it costs the owner work in proportion to
// the models and tiers touched, not to the number of events.
#pragma once

#include "costpanel/core/call_record.hpp"
#include "costpanel/core/events.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace costpanel {

struct EventCounters
{
    std::uint64_t applied = 0;
    std::uint64_t rejected = 0;
    std::uint64_t ignored = 0;
    std::uint64_t duplicates = 0;

    EventCounters& operator+=(const EventCounters& o);
    std::uint64_t total() const { return applied + rejected + ignored + duplicates; }
    bool operator==(const EventCounters&) const = default;
};

// The calls of one (provider, model) pair.
struct ModelUsage
{
    std::string provider;      // folded
    std::string model;         // as sent, without a provider/ or models/ prefix
    bool priced = true;        // false: no price entry matched, cost_usd is 0
    std::string priced_as;     // the price-table key that priced it; empty when unpriced
    bool approximate = false;  // that key was a guess (the model id only extends it)
    std::uint64_t calls = 0;
    std::uint64_t standard_rate_calls = 0;  // priority, flex or batch asked, priced at standard rates
    std::uint64_t failed_calls = 0;
    TokenCounts tokens;
    std::int64_t reasoning_tokens = 0;
    double cost_usd = 0.0;
    // The clients' own figure, from the calls that carried one, and ours over those same calls only:
    // a row may mix calls from doors that report a cost and doors that do not.
    double reported_cost_usd = 0.0;
    std::uint64_t reported_calls = 0;
    double reported_calls_cost_usd = 0.0;
    double latency_ms_sum = 0.0;
    std::uint64_t latency_samples = 0;

    void add(const ModelUsage& o);
    // The same row with every count and sum negated: added, it takes back what this added (a log's
    // copy corrected). The counts are unsigned and wrap: a batch may hold a withdrawal whose call an
    // earlier batch added, and the sums still come out right.
    ModelUsage negated() const;
};

// What a tier's cumulative counters grew by, priced at the tier's model.
struct TierUsageDelta
{
    std::string tier;   // normalised
    std::string model;  // the tier's model after this delta; empty when none is known
    TokenCounts tokens;
    double cost_usd = 0.0;
    bool priced = true;  // false when tokens were counted at a model without a price

    void add(const TierUsageDelta& later);
};

struct Batch
{
    // At most this many rejections ride along; the counters still count every one.
    static constexpr std::size_t kMaxRejections = 32;

    bool reset = false;  // a session reset comes before the deltas below
    std::vector<ModelUsage> models;
    std::vector<TierUsageDelta> tiers;
    std::optional<std::string> status;
    std::optional<std::string> active_tier;
    EventCounters counters;
    std::vector<Rejection> rejections;  // the most recent, oldest first
    // For the store, when the folder keeps them: every applied call and tier snapshot, in order,
    // and the folder's session_reset count at the end of the batch.
    std::vector<CallRecord> calls;
    std::vector<TierSnapshotRecord> tier_snapshots;
    std::uint64_t epoch = 0;

    bool empty() const;
    // Folds a later batch into this one, as if both were applied in order.
    void merge(Batch&& later);
};

}  // namespace costpanel
