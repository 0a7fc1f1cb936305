// costpanel: the typed events of PROTOCOL.md, and what a line turns into.
#pragma once

#include "costpanel/core/pricing.hpp"
#include "costpanel/core/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace costpanel {

struct ApiCall
{
    std::string model;     // as sent, prefix included
    std::string provider;  // folded; empty when the line gave none (the price entry's then applies)
    TokenCounts tokens;
    std::int64_t reasoning_tokens = 0;  // informational, already part of tokens.output
    std::string tier;                   // normalised ("Tier 3"), empty when absent
    std::string activity;
    std::string category;
    std::optional<double> latency_ms;
    bool success = true;
    std::string error;
    std::optional<bool> cache_hit;
    std::string routing_reason;
    // How the provider processed it: "standard", "priority", "flex", "batch", or another name kept
    // as sent (and priced as standard); `pricing_tier` is what it is priced as.
    std::string service_tier = "standard";
    ServiceTier pricing_tier = ServiceTier::standard;
    std::string project;
    std::string host;
    std::optional<double> reported_cost_usd;  // the client's own figure, never used as ours
};

// One entry of a tier_usage object: the conductor's cumulative counters for a tier.
struct TierSnapshot
{
    std::string tier;  // normalised
    std::int64_t input = 0;
    std::int64_t output = 0;
    std::int64_t cache_read = 0;
    std::int64_t cache_write = 0;
    std::string model;  // empty when the entry named none
};

struct TierUsage
{
    std::vector<TierSnapshot> tiers;
};

struct MmaStateUpdate
{
    std::optional<std::string> status;
    std::optional<std::string> active_tier;
    std::optional<TierUsage> tier_usage;
};

struct SessionReset
{
};

// A valid object whose type this version does not know: counted as ignored.
struct UnknownEvent
{
    std::string type;
};

struct Event
{
    std::variant<ApiCall, TierUsage, MmaStateUpdate, SessionReset, UnknownEvent> body;
    std::optional<std::string> id;
    std::optional<TimeMs> ts;  // absent: the receiver stamps it
    std::string session;       // the conductor's own session id
};

// Where a line came from, for rejection reports.
struct LineOrigin
{
    std::string source;  // "stdin", "unix:/run/user/1000/costpanel.sock#3", a file path, ...
    std::uint64_t line = 0;
};

struct Rejection
{
    LineOrigin origin;
    std::string reason;
};

// Normalises a tier name: "tier3", "Tier3", "3", "Tier 3" -> "Tier 3"; other names are kept (trimmed).
std::string normalise_tier(std::string_view name);

}  // namespace costpanel
