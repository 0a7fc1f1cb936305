// The History view's numbers: breakdowns from the roll-up, health and savings from the raw calls.
#include "costpanel/store/history.hpp"

#include "day_range_sql.hpp"
#include "sqlite.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace costpanel {

namespace {

using store::kCallsInRange;

double p95(std::vector<double>& sorted_latencies)
{
    if (sorted_latencies.empty()) return 0.0;
    // Nearest rank: the smallest value with at least 95% of the samples at or below it.
    const auto rank =
        static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(sorted_latencies.size())));
    return sorted_latencies[std::max<std::size_t>(rank, 1) - 1];
}

struct Rates
{
    double in = 0, out = 0, cr = 0, cw = 0, cw1h = 0;
};

}  // namespace

HistoryOverview History::overview(const DayRange& range, const std::string& baseline_model)
{
    HistoryOverview o;
    o.range = range;
    o.days = report("day", range).rows;
    o.providers = report("provider", range).rows;
    o.models = report("model", range).rows;
    o.tiers = report("tier", range).rows;
    o.activities = report("activity", range).rows;
    o.sessions = report("session", range).rows;
    if (o.sessions.size() > 10) o.sessions.resize(10);
    for (const ReportRow& d : o.days) {
        o.total_usd += d.cost_usd;
        o.calls += d.calls;
    }

    // Latency and errors by activity: latencies come sorted, so each group's p95 is a lookup.
    auto st =
        db_->prepare(std::string("SELECT CASE activity WHEN '' THEN '(none)' ELSE activity END, latency_ms, "
                                 "success FROM calls WHERE") +
                     kCallsInRange + "ORDER BY 1, latency_ms IS NULL, latency_ms");
    st.bind(1, range.from).bind(2, range.to);
    ActivityHealth h;
    std::vector<double> latencies;
    std::uint64_t failed = 0;
    const auto close_group = [&] {
        if (h.calls == 0) return;
        double sum = 0;
        for (const double l : latencies) sum += l;
        h.mean_latency_ms = latencies.empty() ? 0.0 : sum / static_cast<double>(latencies.size());
        h.p95_latency_ms = p95(latencies);
        h.error_rate = static_cast<double>(failed) / static_cast<double>(h.calls);
        o.health.push_back(h);
    };
    while (st.step()) {
        const std::string activity = st.text(0);
        if (activity != h.activity) {
            close_group();
            h = ActivityHealth{activity};
            latencies.clear();
            failed = 0;
        }
        ++h.calls;
        if (!st.is_null(1)) latencies.push_back(st.real(1));
        failed += st.int64(2) == 0;
    }
    close_group();

    // Prompt-cache hit rate, and what the cache saved at the rates each call was charged.
    auto cache =
        db_->prepare(std::string("SELECT SUM(cache_read_tokens), SUM(input_tokens + cache_read_tokens + "
                                 "cache_write_tokens + cache_write_1h_tokens), "
                                 "SUM(cache_read_tokens * (rate_input - rate_cache_read) - "
                                 "cache_write_tokens * (rate_cache_write - rate_input) - "
                                 "cache_write_1h_tokens * (rate_cache_write_1h - rate_input)) "
                                 "FROM calls WHERE priced = 1 AND") +
                     kCallsInRange);
    cache.bind(1, range.from).bind(2, range.to);
    cache.step();
    const double prompt_side = cache.real(1);
    o.cache_hit_rate = prompt_side > 0 ? cache.real(0) / prompt_side : 0.0;
    o.savings.prompt_cache_usd = cache.real(2);

    // The baseline: the named model, else the dearest seen, at its base (not long-context) rates.
    auto pick = db_->prepare(
        std::string("SELECT provider || '/' || model, rate_input, rate_output, rate_cache_read, "
                    "rate_cache_write, rate_cache_write_1h FROM calls WHERE priced = 1 AND "
                    "long_context = 0 AND (?3 = '' OR model = ?3 OR provider || '/' || model = ?3) "
                    "AND") +
        kCallsInRange + "ORDER BY rate_input + rate_output DESC LIMIT 1");
    pick.bind(1, range.from).bind(2, range.to).bind(3, baseline_model);
    if (!pick.step()) return o;
    o.savings.baseline_model = pick.text(0);
    const Rates b{pick.real(1), pick.real(2), pick.real(3), pick.real(4), pick.real(5)};
    auto costs =
        db_->prepare(std::string("SELECT COALESCE(routing_reason, ''), SUM(cost_usd), "
                                 "SUM(input_tokens * ?4 + output_tokens * ?5 + cache_read_tokens * ?6 + "
                                 "cache_write_tokens * ?7 + cache_write_1h_tokens * ?8) "
                                 "FROM calls WHERE priced = 1 AND") +
                     kCallsInRange + "GROUP BY 1 ORDER BY 3 - 2 DESC");
    costs.bind(1, range.from).bind(2, range.to).bind(4, b.in).bind(5, b.out).bind(6, b.cr).bind(7, b.cw);
    costs.bind(8, b.cw1h);
    while (costs.step()) {
        o.savings.actual_usd += costs.real(1);
        o.savings.baseline_usd += costs.real(2);
        if (!costs.text(0).empty())
            o.savings.by_routing_reason.emplace_back(costs.text(0), costs.real(2) - costs.real(1));
    }
    return o;
}

}  // namespace costpanel
