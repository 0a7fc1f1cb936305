// The History view's numbers: breakdowns from the roll-up, health and savings from the raw calls.
#include "costpanel/store/history.hpp"

#include "sqlite.hpp"
#include "time_range.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace costpanel {

namespace {

using store::kCallsInRange;
using store::kRollupInRange;

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
    const store::TimeRange t = store::time_range(range, zone_);
    // Every day of the range, those without calls too, so a chart can show the gaps.
    const Report by_day = report("day", range);
    if (const auto first = parse_day(by_day.from), last = parse_day(by_day.to); first && last) {
        std::size_t next = 0;
        for (std::chrono::sys_days d(*first); d <= std::chrono::sys_days(*last) && o.days.size() < 3660;
             d += std::chrono::days(1)) {
            const std::string key = format_day(std::chrono::year_month_day(d));
            if (next < by_day.rows.size() && by_day.rows[next].key == key)
                o.days.push_back(by_day.rows[next++]);
            else
                o.days.push_back(ReportRow{.key = key});
        }
    }
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
    store::bind_range(st, t);
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
    auto cache = db_->prepare(std::string("SELECT SUM(cache_read_tokens), SUM(input_tokens + cache_read_tokens + "
                                          "cache_write_tokens + cache_write_1h_tokens), SUM(cache_saved_usd) "
                                          "FROM") +
                              kRollupInRange + "WHERE priced = 1");
    store::bind_range(cache, t);
    cache.step();
    const double prompt_side = cache.real(1);
    o.cache_hit_rate = prompt_side > 0 ? cache.real(0) / prompt_side : 0.0;
    o.savings.prompt_cache_usd = cache.real(2);

    // The baseline: the named model, else the dearest seen, at its base (not long-context) rates.
    auto pick = db_->prepare(
        std::string("SELECT provider || '/' || model, rate_input, rate_output, rate_cache_read, "
                    "rate_cache_write, rate_cache_write_1h FROM calls WHERE priced = 1 AND "
                    "long_context = 0 AND service_tier = 'standard' AND (?9 = '' OR model = ?9 OR provider || '/' || model = ?9) "
                    "AND") +
        kCallsInRange + "ORDER BY rate_input + rate_output DESC LIMIT 1");
    store::bind_range(pick, t);
    pick.bind(9, baseline_model);
    if (!pick.step()) return o;
    o.savings.baseline_model = pick.text(0);
    const Rates b{pick.real(1), pick.real(2), pick.real(3), pick.real(4), pick.real(5)};
    // What the priced calls would have cost at the baseline: token sums times its rates, by reason.
    auto costs = db_->prepare(std::string("SELECT routing_reason, SUM(cost_usd), "
                                          "SUM(input_tokens * ?10 + output_tokens * ?11 + cache_read_tokens * ?12 + "
                                          "cache_write_tokens * ?13 + cache_write_1h_tokens * ?14) FROM") +
                              kRollupInRange + "WHERE priced = 1 GROUP BY 1 ORDER BY 3 - 2 DESC");
    store::bind_range(costs, t);
    costs.bind(10, b.in).bind(11, b.out).bind(12, b.cr).bind(13, b.cw).bind(14, b.cw1h);
    while (costs.step()) {
        o.savings.actual_usd += costs.real(1);
        o.savings.baseline_usd += costs.real(2);
        if (!costs.text(0).empty())
            o.savings.by_routing_reason.emplace_back(costs.text(0), costs.real(2) - costs.real(1));
    }
    return o;
}

}  // namespace costpanel
