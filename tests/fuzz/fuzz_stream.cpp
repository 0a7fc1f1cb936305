// libFuzzer: any bytes in as a conductor's stream; the panel's state changes or lines are rejected,
// never a crash, and the books always balance.
#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/line_splitter.hpp"
#include "costpanel/core/summary.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>

using namespace costpanel;

namespace {

void check(bool ok)
{
    if (!ok) std::abort();  // libFuzzer reports the input that broke an invariant
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const auto prices = std::make_shared<const PriceTable>(PriceTable::builtin());
    EventFolder::Options options{prices, {{"Tier 4", "claude-haiku-4-5"}}};
    options.keep_records = true;
    EventFolder folder(options);
    SessionState state;
    LineSplitter splitter(4096);  // a small limit, so the over-long path is reached too
    std::uint64_t lines = 0, blank = 0;
    const auto on_line = [&](std::string_view line, std::uint64_t n) {
        ++lines;
        blank += is_blank_line(line);
        folder.add_line(line, "fuzz", n, 0);
        // Apply in small steps too: batching must not change the outcome.
        if (n % 3 == 0) state.apply(folder.take_batch());
    };
    const auto on_too_long = [&](std::uint64_t n) {
        ++lines;
        folder.add_rejection({{"fuzz", n}, "line longer than the limit"});
    };
    // Feed in two pieces, cut in the middle, as a socket would.
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    splitter.feed(bytes.substr(0, size / 2), on_line, on_too_long);
    splitter.feed(bytes.substr(size / 2), on_line, on_too_long);
    splitter.finish(on_line);
    Batch last = folder.take_batch();
    const std::size_t records = last.calls.size();
    state.apply(last);

    // Every non-blank line lands in exactly one counter.
    check(state.counters().total() == lines - blank);
    // Money is finite and never negative; the total is the sum of the model rows.
    const SessionTotals& t = state.totals();
    check(std::isfinite(t.cost_usd) && t.cost_usd >= 0);
    double sum = 0;
    std::uint64_t calls = 0;
    for (const ModelUsage& m : state.models()) {
        check(std::isfinite(m.cost_usd) && m.cost_usd >= 0);
        check(m.tokens.input >= 0 && m.tokens.output >= 0 && m.tokens.cache_read >= 0);
        sum += m.cost_usd;
        calls += m.calls;
    }
    check(std::fabs(sum - t.cost_usd) <= 1e-9 * std::max(1.0, t.cost_usd));
    check(calls == t.calls);
    for (const TierRow& tier : state.tiers()) check(std::isfinite(tier.cost_usd) && tier.cost_usd >= 0);
    check(records <= state.counters().applied);
    // The summary always serialises.
    check(!session_summary(state).dump().empty());
    return 0;
}
