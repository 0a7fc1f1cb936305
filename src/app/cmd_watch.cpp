// costpanel watch: the live session in a terminal, fed by the same ingest worker as the panel.
#include "cli_args.hpp"
#include "commands.hpp"
#include "feed_options.hpp"
#include "termination_signals.hpp"

#include "costpanel/core/format.hpp"
#include "costpanel/core/summary.hpp"
#include "costpanel/engine/live_session.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace costpanel::app {

namespace {

constexpr const char* kUsage =
    "usage: costpanel watch [--listen unix:PATH|tcp:127.0.0.1:PORT]... [--follow FILE]... [--stdin]\n"
    "                       [--pricing FILE] [--tier-model \"Tier N=MODEL\"]... [--offsets-dir DIR]\n"
    "Shows the live session on standard error and prints its summary (as `summarize` does) at the end:\n"
    "when every source has ended, or on SIGINT or SIGTERM.\n"
    "With no source given it listens on the default socket and reads standard input when that is not a\n"
    "terminal.\n"
    "  --listen ADDR      a socket to accept writers on (unix:PATH, or tcp:HOST:PORT on the loopback)\n"
    "  --follow FILE      a file to follow as it grows, resuming where it stopped after a restart\n"
    "  --stdin            read standard input\n"
    "  --pricing FILE     price table instead of the built-in one (costpanel's format or LiteLLM's)\n"
    "  --tier-model T=M   the model a tier is priced at when its snapshots name none\n"
    "  --offsets-dir DIR  where followed files' offsets are remembered (default: the state directory)\n"
    "  --db PATH          also store the calls in this history store\n";

std::string status_line(const SessionState& s, const IngestStats& stats)
{
    const SessionTotals& t = s.totals();
    const EventCounters& c = s.counters();
    std::string line = format_usd(t.cost_usd) + (t.unpriced_calls ? "+" : "") + "  " + format_count(t.calls) +
                       " calls  in " + format_count(t.tokens.input) + "  out " +
                       format_count(t.tokens.output) + "  cache r/w " + format_count(t.tokens.cache_read) +
                       "/" + format_count(t.tokens.cache_write + t.tokens.cache_write_1h) + "  |  " +
                       format_count(c.applied) + " applied, " + format_count(c.rejected) + " rejected";
    if (stats.writers)
        line += ", " + std::to_string(stats.writers) + " writer" + (stats.writers == 1 ? "" : "s");
    if (s.status()) line += "  |  " + *s.status();
    return line;
}

}  // namespace

int run_watch(int argc, char** argv)
{
    LiveSessionOptions options;
    FeedOptions feed;
    if (const auto stop = parse_command("watch", kUsage, argc, argv, [&](CliArgs& args) {
            feed = FeedOptions::take(args);
            options.offsets_dir = args.value("--offsets-dir").value_or("");
            options.db_path = args.value("--db").value_or("");
            if (!args.positionals().empty()) throw UsageError("no positional arguments");
        }))
        return *stop;
    feed.default_sources();
    options.tier_models = feed.tier_models;
    options.store_label = "watch";
    try {
        options.prices = load_price_table(feed.pricing);
    } catch (const PriceFileError& e) {
        std::cerr << "costpanel watch: " << e.what() << "\n";
        return 1;
    }

    const sigset_t signals = block_termination_signals();  // before the session starts its threads

    LiveSession live(options);
    try {
        for (const std::string& source : feed.sources) {
            const std::string address = live.add_source(SourceSpec::parse(source));  // it may throw
            std::cerr << "costpanel watch: reading " << address << "\n";
        }
    } catch (const SourceError& e) {
        std::cerr << "costpanel watch: " << e.what() << "\n";
        return 1;
    }
    const TerminationSignals termination(signals, [&live] { live.post_task([] {}); });  // wakes the loop

    // Redraw at most ten times a second; between changes, sleep until the queue has work.
    using clock = std::chrono::steady_clock;
    constexpr auto kRedraw = std::chrono::milliseconds(100);
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    const SessionState& state = live.state();
    std::uint64_t shown = 0;
    auto last_print = clock::now() - kRedraw;
    const auto print = [&] {
        std::cerr << (terminal ? "\r\033[K" : "") << status_line(state, live.vitals().ingest)
                  << (terminal ? "" : "\n") << std::flush;
        shown = state.version();
        last_print = clock::now();
    };
    while (!termination.received() && live.vitals().ingest.open_sources > 0) {
        const bool behind = state.version() != shown;
        live.wait_for_work(behind ? last_print + kRedraw : clock::now() + std::chrono::hours(24));
        live.run_pending();
        if (state.version() != shown && clock::now() - last_print >= kRedraw) print();
    }
    live.stop();
    if (!live.flush_store()) std::cerr << "costpanel watch: " << live.vitals().store->problem << "\n";
    if (state.version() != shown || shown == 0) print();
    if (terminal) std::cerr << "\n";
    std::cout << session_summary(state).dump(1) << "\n";
    return 0;
}

}  // namespace costpanel::app
