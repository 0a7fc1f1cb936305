// costpanel watch: the live session in a terminal, fed by the same ingest worker as the panel.
#include "commands.hpp"
#include "feed_options.hpp"
#include "log_sources.hpp"
#include "store_access.hpp"
#include "termination_signals.hpp"

#include "costpanel/core/format.hpp"
#include "costpanel/core/summary.hpp"
#include "costpanel/engine/live_session.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace costpanel::app {

namespace {

std::string status_line(const SessionState& s, const IngestStats& stats)
{
    const SessionTotals& t = s.totals();
    const EventCounters& c = s.counters();
    std::string line = format_usd(t.cost_usd) + (t.unpriced_calls ? "+" : "") + "  " +
                       counted(t.calls, "call") + "  in " + format_count(t.tokens.input) + "  out " +
                       format_count(t.tokens.output) + "  cache r/w " + format_count(t.tokens.cache_read) +
                       "/" + format_count(t.tokens.cache_write + t.tokens.cache_write_1h) + "  |  " +
                       format_count(c.applied) + " applied, " + format_count(c.rejected) + " rejected";
    if (stats.writers)
        line += ", " + std::to_string(stats.writers) + " writer" + (stats.writers == 1 ? "" : "s");
    if (s.status()) line += "  |  " + *s.status();
    return line;
}

}  // namespace

int run(const WatchArgs& args)
{
    LiveSessionOptions options;
    options.offsets_dir = args.offsets_dir;
    options.db_path = args.db;
    FeedOptions feed = args.feed;
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
        for (const SourceSpec& spec : log_specs(feed.logs)) {
            const std::string trees = live.add_source(spec);
            if (!trees.empty()) std::cerr << "costpanel watch: following " << trees << "\n";
        }
    } catch (const SourceError& e) {
        std::cerr << "costpanel watch: " << e.what() << "\n";
        return 1;
    }
    const TerminationSignals termination(signals, [&live] { live.post_task([] {}); });  // wakes the loop

    // Redraw at most ten times a second; between changes, sleep until the queue has work.
    using clock = std::chrono::steady_clock;
    constexpr auto kRedraw = std::chrono::milliseconds(100);
    constexpr std::uint64_t kRejectionsSaid = 10;  // a redraw's worth; the rest are counted
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    const SessionState& state = live.state();
    std::uint64_t shown = 0;
    std::uint64_t rejections_said = 0;
    auto last_print = clock::now() - kRedraw;
    const auto print = [&] {
        std::cerr << (terminal ? "\r\033[K" : "");
        // What was rejected since the last redraw, each with its reason (the newest few, when many).
        const std::uint64_t rejected = state.counters().rejected;
        if (rejected > rejections_said) {
            const auto& recent = state.recent_rejections();
            const std::uint64_t fresh = rejected - rejections_said;
            const std::size_t shown_now =
                static_cast<std::size_t>(std::min<std::uint64_t>({fresh, recent.size(), kRejectionsSaid}));
            if (fresh > shown_now)
                std::cerr << "costpanel watch: " << counted(fresh - shown_now, "more line") << " rejected\n";
            for (std::size_t i = recent.size() - shown_now; i < recent.size(); ++i)
                std::cerr << "costpanel watch: rejected " << recent[i].origin.source << ":"
                          << recent[i].origin.line << ": " << recent[i].reason << "\n";
            rejections_said = rejected;
        }
        std::cerr << status_line(state, live.vitals().ingest) << (terminal ? "" : "\n") << std::flush;
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
    // A bounded time for the store to commit what it holds (or say it cannot), then the truth about it.
    live.wait_for_store(store_settled, kStoreGrace);
    if (state.version() != shown || shown == 0) print();
    if (terminal) std::cerr << "\n";
    int code = 0;
    if (const auto& store = live.vitals().store)
        if (const auto unsaved = unsaved_calls(*store, args.db)) {
            std::cerr << "costpanel watch: " << *unsaved << "\n";
            code = 1;
        }
    std::cout << session_summary(state).dump(1) << "\n";
    return code;
}

}  // namespace costpanel::app
