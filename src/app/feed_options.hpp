// What the window and `costpanel watch` share: where events come from and how tiers are priced.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace costpanel::app {

struct FeedOptions
{
    std::vector<std::string> sources;                // addresses for SourceSpec::parse
    std::vector<std::string> logs;                   // agent logs, for SourceSpec::parse_logs
    bool no_logs = false;                            // --no-logs: none of the agent logs by default
    std::string pricing;                             // empty: the built-in table (+ the user's)
    std::map<std::string, std::string> tier_models;  // "Tier 1" -> model

    // With no source given: the default socket, standard input when that is not a terminal, and the
    // agent logs found in their default places (unless --no-logs).
    void default_sources();
};

}  // namespace costpanel::app
