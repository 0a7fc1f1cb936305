// What the OTLP fuzz targets share: a request, however it was decoded, read into calls (otlp_calls)
// and folded as the receiver's source folds them (src/ingest/otlp_source.cpp), and the invariants
// every request must keep.
#pragma once

#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/session_state.hpp"
#include "costpanel/core/summary.hpp"
#include "otlp/otlp_calls.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <type_traits>

namespace fuzz {

using namespace costpanel;
using namespace costpanel::otlp;

inline void check(bool ok)
{
    if (!ok) std::abort();  // libFuzzer reports the input that broke an invariant
}

// PROTOCOL.md's bounds of an api_call, as a protocol line is held to them (parse_line.cpp): the folder
// checks nothing a reader hands it, so the OTLP reader must.
constexpr std::int64_t kMaxTokens = 1'000'000'000'000;
constexpr double kMaxCostUsd = 1e12, kMaxLatencyMs = 1e15;

inline bool count_ok(std::int64_t n)
{
    return n >= 0 && n <= kMaxTokens;
}

inline bool counts_ok(const TokenCounts& t)
{
    return count_ok(t.input) && count_ok(t.output) && count_ok(t.cache_read) && count_ok(t.cache_write) &&
           count_ok(t.cache_write_1h);
}

inline bool number_ok(const std::optional<double>& d, double max)
{
    return !d || (std::isfinite(*d) && *d >= 0 && *d <= max);
}

// The spans, log records or metric data points a request holds: each is a call, rejected or ignored.
inline std::uint64_t items_of(const ExportTraceServiceRequest& r)
{
    std::uint64_t n = 0;
    for (const ResourceSpans& rs : r.resource_spans())
        for (const ScopeSpans& ss : rs.scope_spans()) n += static_cast<std::uint64_t>(ss.spans_size());
    return n;
}

inline std::uint64_t items_of(const ExportLogsServiceRequest& r)
{
    std::uint64_t n = 0;
    for (const ResourceLogs& rl : r.resource_logs())
        for (const ScopeLogs& sl : rl.scope_logs()) n += static_cast<std::uint64_t>(sl.log_records_size());
    return n;
}

inline std::uint64_t items_of(const ExportMetricsServiceRequest& r)
{
    std::uint64_t n = 0;
    for (const ResourceMetrics& rm : r.resource_metrics())
        for (const ScopeMetrics& sm : rm.scope_metrics())
            for (const Metric& m : sm.metrics()) {
                const DataPoints* p = m.has_gauge()                   ? &m.gauge()
                                      : m.has_sum()                   ? &m.sum()
                                      : m.has_histogram()             ? &m.histogram()
                                      : m.has_exponential_histogram() ? &m.exponential_histogram()
                                      : m.has_summary()               ? &m.summary()
                                                                      : nullptr;
                n += p ? static_cast<std::uint64_t>(p->data_points_size()) : 0;
            }
    return n;
}

inline std::shared_ptr<const PriceTable> prices()
{
    static const auto table = std::make_shared<const PriceTable>(PriceTable::builtin());
    return table;
}

// One decoded request: read into calls, then folded twice into one folder, as an exporter that had
// no answer sends the same request again.
template <typename Request> void read_and_fold(const Request& request)
{
    constexpr bool is_logs = std::is_same_v<Request, ExportLogsServiceRequest>;
    constexpr bool is_metrics = std::is_same_v<Request, ExportMetricsServiceRequest>;
    Calls calls;
    read_calls(request, calls);
    // Every item is exactly one of a call, a rejection or an ignored one; metrics are never calls.
    const std::uint64_t items = items_of(request);
    check(calls.items == items);
    check(calls.items == calls.calls.size() + calls.rejected.size() + calls.ignored);
    if constexpr (is_metrics) check(calls.calls.empty() && calls.rejected.empty());
    for (const std::string& why : calls.rejected) check(!why.empty());
    std::set<std::string> ids;
    std::uint64_t without_id = 0;
    for (const Event& e : calls.calls) {
        const ApiCall* call = std::get_if<ApiCall>(&e.body);
        check(call != nullptr);
        check(!call->model.empty());
        check(counts_ok(call->tokens) && count_ok(call->reasoning_tokens));
        check(number_ok(call->latency_ms, kMaxLatencyMs) && number_ok(call->reported_cost_usd, kMaxCostUsd));
        // A log record without a request id gets a key of its own, so that a retry counts nothing twice.
        if constexpr (is_logs) check(e.id && !e.id->empty());
        if (e.id)
            ids.insert(*e.id);
        else
            ++without_id;
    }

    EventFolder::Options options{prices(), {}};
    options.keep_records = true;
    EventFolder folder(options);
    SessionState state;
    const auto fold = [&] {
        for (const Event& call : calls.calls) folder.add_log_call(call, "otlp", 1764579600000);
        folder.count_ignored(calls.ignored);
        for (const std::string& why : calls.rejected) folder.add_rejection({{"otlp:fuzz/v1/x", 1}, why});
        const Batch batch = folder.take_batch();
        for (const CallRecord& r : batch.calls) {
            check(counts_ok(r.tokens) && count_ok(r.reasoning_tokens));
            check(std::isfinite(r.cost_usd) && r.cost_usd >= 0);
        }
        state.apply(batch);
        return batch.counters;
    };
    // Each call is applied, or a duplicate of one in the same request; the books balance.
    const EventCounters first = fold();
    check(first.total() == items);
    check(first.applied == ids.size() + without_id);
    check(first.rejected == calls.rejected.size() && first.ignored == calls.ignored);
    // The retry: every call with an id is known already.
    const EventCounters second = fold();
    check(second.total() == items);
    check(second.applied == without_id && second.duplicates == calls.calls.size() - without_id);

    // The session: counts that are counts, finite money never below zero, latencies that are times;
    // the total is the sum of the model rows; the summary serialises (every string is UTF-8).
    const SessionTotals& t = state.totals();
    check(t.calls == first.applied + second.applied);
    check(t.tokens.input >= 0 && t.tokens.output >= 0 && t.tokens.cache_read >= 0 &&
          t.tokens.cache_write >= 0 && t.reasoning_tokens >= 0);
    check(std::isfinite(t.cost_usd) && t.cost_usd >= 0);
    double sum = 0;
    std::uint64_t n = 0;
    for (const ModelUsage& m : state.models()) {
        check(std::isfinite(m.cost_usd) && m.cost_usd >= 0);
        check(std::isfinite(m.latency_ms_sum) && m.latency_ms_sum >= 0 && m.latency_samples <= m.calls);
        sum += m.cost_usd;
        n += m.calls;
    }
    check(std::fabs(sum - t.cost_usd) <= 1e-9 * std::max(1.0, t.cost_usd));
    check(n == t.calls);
    check(state.counters().total() == 2 * items);
    check(!session_summary(state).dump().empty());
}

}  // namespace fuzz
