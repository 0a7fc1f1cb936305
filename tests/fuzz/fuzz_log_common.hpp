// What the agent-log fuzz targets share: any bytes in as the lines of one log file, read through
// agentlogs::LogReader into an EventFolder, and the invariants every reading must keep.
#pragma once

#include "agentlogs/log_reader.hpp"
#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/protocol.hpp"
#include "costpanel/core/session_state.hpp"
#include "costpanel/core/summary.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

namespace fuzz {

using namespace costpanel;

inline void check(bool ok)
{
    if (!ok) std::abort();  // libFuzzer reports the input that broke an invariant
}

inline std::shared_ptr<const PriceTable> prices()
{
    static const auto table = std::make_shared<const PriceTable>(PriceTable::builtin());
    return table;
}

inline EventFolder::Options folder_options()
{
    EventFolder::Options o{prices(), {}};
    o.keep_records = true;
    return o;
}

// The complete, non-blank lines of `bytes`: the lines a reader must account for (an unterminated last
// line waits for its newline, a blank line is no line).
inline std::uint64_t complete_lines(std::string_view bytes)
{
    std::uint64_t n = 0;
    for (std::size_t nl; (nl = bytes.find('\n')) != std::string_view::npos; bytes.remove_prefix(nl + 1))
        n += !is_blank_line(bytes.substr(0, nl));
    return n;
}

inline bool counts_ok(const TokenCounts& t)
{
    return t.input >= 0 && t.output >= 0 && t.cache_read >= 0 && t.cache_write >= 0 && t.cache_write_1h >= 0;
}

// One reading of a file: a folder, a session it feeds, the records it handed on.
struct Reading
{
    explicit Reading(agentlogs::LogFormat format, const agentlogs::LogFileInfo& info)
        : folder(folder_options()), reader(format, folder), file(reader.open(info))
    {
    }

    void feed(std::string_view bytes)
    {
        reader.feed(file, bytes, 0);
        take();
    }
    void take()
    {
        Batch b = folder.take_batch();
        for (const CallRecord& r : b.calls) {
            // Every call applied has counts that are counts, and a price that is money.
            check(counts_ok(r.tokens) && r.reasoning_tokens >= 0);
            check(std::isfinite(r.cost_usd) && r.cost_usd >= 0);
        }
        records.insert(records.end(), b.calls.begin(), b.calls.end());
        state.apply(b);
    }

    // The invariants after the whole input was read.
    void check_books(std::string_view bytes) const
    {
        const agentlogs::LogCounts& c = reader.counts();
        // Every complete line is a call, skipped or bad: exactly one of the three.
        check(c.lines == complete_lines(bytes));
        check(c.calls + c.skipped + c.bad == c.lines);
        // Every call line is applied or a duplicate (a copy, a replay, a correction); every bad one rejected.
        const EventCounters& n = state.counters();
        check(n.applied + n.duplicates == c.calls);
        check(n.rejected == c.bad);
        check(n.ignored == 0);
        // The session: non-negative counts, finite money, never below zero but for rounding; the total
        // is the sum of the model rows.
        const SessionTotals& t = state.totals();
        check(counts_ok(t.tokens) && t.reasoning_tokens >= 0);
        check(std::isfinite(t.cost_usd) && t.cost_usd >= -1e-9);
        check(t.calls == n.applied);  // a correction takes one back for the one it adds
        double sum = 0;
        std::uint64_t calls = 0;
        for (const ModelUsage& m : state.models()) {
            check(counts_ok(m.tokens));
            check(std::isfinite(m.cost_usd) && m.cost_usd >= -1e-9);
            check(m.calls <= n.applied);
            sum += m.cost_usd;
            calls += m.calls;
        }
        check(std::fabs(sum - t.cost_usd) <= 1e-9 * std::max(1.0, std::fabs(t.cost_usd)));
        check(calls == t.calls);
        check(!session_summary(state).dump().empty());
    }

    EventFolder folder;
    agentlogs::LogReader reader;
    agentlogs::LogFile file;
    SessionState state;
    std::vector<CallRecord> records;
};

// The same bytes read whole and read in pieces (a line at a time, batches applied in between, as the
// live window reads): the same session.
inline void check_same_session(const Reading& whole, const Reading& pieces)
{
    const SessionTotals& a = whole.state.totals();
    const SessionTotals& b = pieces.state.totals();
    check(a.calls == b.calls);
    check(a.tokens == b.tokens);
    check(a.reasoning_tokens == b.reasoning_tokens);
    check(std::fabs(a.cost_usd - b.cost_usd) <= 1e-9 * std::max(1.0, std::fabs(a.cost_usd)));
    check(whole.state.counters() == pieces.state.counters());
}

}  // namespace fuzz
