// What the window and `costpanel watch` share: where events come from and how tiers are priced.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace costpanel::app {

struct FeedOptions
{
    std::vector<std::string> sources;                // addresses for SourceSpec::parse
    std::string pricing;                             // empty: the built-in table (+ the user's)
    std::map<std::string, std::string> tier_models;  // "Tier 1" -> model

    // With no source given: the default socket, and standard input when that is not a terminal.
    void default_sources();
};

}  // namespace costpanel::app
