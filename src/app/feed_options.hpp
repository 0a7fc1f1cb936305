// What the window and `costpanel watch` share: where events come from, how tiers are priced, and
// how SIGINT and SIGTERM reach them.
#pragma once

#include "cli_args.hpp"

#include <csignal>
#include <map>
#include <string>
#include <vector>

namespace costpanel::app {

struct FeedOptions
{
    std::vector<std::string> sources;                // addresses for SourceSpec::parse
    std::string pricing;                             // empty: the built-in table (+ the user's)
    std::map<std::string, std::string> tier_models;  // "Tier 1" -> model

    // Takes --listen, --follow, --stdin, --pricing and --tier-model out of `args`.
    // Throws UsageError, or std::invalid_argument for an address SourceSpec refuses.
    static FeedOptions take(CliArgs& args);
    // With no source given: the default socket, and standard input when that is not a terminal.
    void default_sources();
};

// Blocks SIGINT and SIGTERM in this thread and in every thread it starts afterwards; call it before
// starting any. One thread then takes them with sigwait() on the returned set: no handler races.
sigset_t block_termination_signals();

}  // namespace costpanel::app
