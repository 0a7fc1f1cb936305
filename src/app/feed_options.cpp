#include "feed_options.hpp"

#include "costpanel/core/events.hpp"
#include "costpanel/core/paths.hpp"
#include "costpanel/engine/source_spec.hpp"

#include <unistd.h>

namespace costpanel::app {

FeedOptions FeedOptions::take(CliArgs& args)
{
    FeedOptions o;
    for (const std::string& a : args.values("--listen")) {
        const SourceSpec spec = SourceSpec::parse(a);
        if (spec.kind != SourceSpec::Kind::unix_socket && spec.kind != SourceSpec::Kind::tcp)
            throw UsageError("--listen takes unix:PATH or tcp:HOST:PORT");
        o.sources.push_back(a);
    }
    for (const std::string& f : args.values("--follow")) o.sources.push_back("file:" + f);
    if (args.flag("--stdin")) o.sources.push_back("stdin");
    o.pricing = args.value("--pricing").value_or("");
    for (const std::string& tm : args.values("--tier-model")) {
        const auto eq = tm.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == tm.size())
            throw UsageError("--tier-model takes \"Tier N=MODEL\"");
        o.tier_models[normalise_tier(tm.substr(0, eq))] = tm.substr(eq + 1);
    }
    return o;
}

void FeedOptions::default_sources()
{
    if (!sources.empty()) return;
    sources.push_back("unix:" + default_socket_path());
    if (!::isatty(STDIN_FILENO)) sources.push_back("stdin");
}

}  // namespace costpanel::app
