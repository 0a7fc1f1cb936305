// costpanel: a believable multi-tier conductor run, as JSON lines, for the demo, tests and benchmarks.
//
// Usage:
//   costpanel::DemoConductor demo(/*seed=*/7);
//   std::string line = demo.next_line(now_ms);   // forever; the same seed gives the same numbers
//
// Each epic: Tier 1 plans on a pro model, Tier 2 designs with prompt-cache writes and reads, Tier 3
// workers run on fast cheap models of several providers, Tier 4 reviews; the odd call fails; one
// call in every fourth epic crosses 200k prompt tokens; tier_usage and mma_state_update follow the calls.
#pragma once

#include "costpanel/core/events.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <string>

namespace costpanel {

class DemoConductor
{
public:
    explicit DemoConductor(std::uint64_t seed = 1);

    std::string next_line(TimeMs now);
    std::uint64_t epics_started() const { return epic_; }

private:
    struct CallSpec;
    std::uint64_t random();
    std::int64_t between(std::int64_t lo, std::int64_t hi);
    void plan_epic();
    void call(const CallSpec& spec);
    void phase(const char* status, int tier);
    std::string tier_usage_json() const;

    std::uint64_t state_;
    std::uint64_t epic_ = 0;
    std::uint64_t call_number_ = 0;
    std::deque<std::string> script_;  // lines of the current epic; "{ts}" is stamped on the way out
    struct Counters
    {
        std::int64_t input = 0, output = 0, cache_read = 0, cache_write = 0;
        std::string model;
    };
    std::map<int, Counters> tiers_;
};

}  // namespace costpanel
