// costpanel: what the store keeps of an applied call and of a tier snapshot. Never prompt or
// response content: only counts, names, timings and the price it was charged at.
#pragma once

#include "costpanel/core/events.hpp"
#include "costpanel/core/pricing.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace costpanel {

struct CallRecord
{
    TimeMs ts = 0;         // the event's time, else when it was received
    std::string event_id;  // empty: the event had none
    std::string conductor_session;
    std::string provider, model, tier, activity, category;
    TokenCounts tokens;
    std::int64_t reasoning_tokens = 0;
    std::optional<double> latency_ms;
    bool success = true;
    std::string error;  // the failure's message, cut to 500 bytes
    std::optional<bool> cache_hit;
    std::string routing_reason;
    std::string service_tier = "standard";  // as PROTOCOL.md names it, or as sent when it is another
    std::string project, host;
    std::string source;                       // the door it came in by: stdin, file, socket, post
    std::optional<double> reported_cost_usd;  // the client's own figure, beside ours
    // Fixed when the call arrives, so history is never repriced by a new price list.
    bool priced = false;
    std::string priced_as;       // the price-table key; empty when unpriced
    bool approximate = false;    // that key was a guess
    bool standard_rate = false;  // its tier has no rates for the model: standard ones
    double cost_usd = 0.0;
    ModelPrice::Resolved rates{};  // per token; zeros when unpriced
    bool long_context = false;
    std::uint64_t epoch = 0;  // session_reset events folded before it: where the store's sessions split
    // A log's call that takes the place of a stored one: the id of the call it replaces (its own id:
    // a smaller copy of it, kept only while smaller; another: a replay of it, always replaced).
    std::string replaces;
};

struct TierSnapshotRecord
{
    TimeMs ts = 0;
    std::string tier, model;
    TokenCounts counters;  // cumulative, as the conductor sent them
    std::uint64_t epoch = 0;
};

}  // namespace costpanel
