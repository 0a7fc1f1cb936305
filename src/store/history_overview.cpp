// The History view's numbers: breakdowns from the roll-up, health and savings from the raw calls.
#include "costpanel/store/history.hpp"

#include "latency_bins.hpp"
#include "sqlite.hpp"
#include "time_range.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace costpanel {

namespace {

using store::kLatencyInRange;
using store::kRollupInRange;

// Nearest rank over a histogram (bins ascending): the bin holding the sample with at least 95% of
// them at or below it, as the latency it stands for.
double p95(const std::vector<std::pair<int, std::int64_t>>& bins)
{
    std::int64_t total = 0;
    for (const auto& [bin, samples] : bins) total += samples;
    if (total == 0) return 0.0;
    const auto rank =
        std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(0.95 * static_cast<double>(total))));
    std::int64_t seen = 0;
    for (const auto& [bin, samples] : bins)
        if ((seen += samples) >= rank) return store::latency_of_bin(bin);
    return store::latency_of_bin(bins.back().first);
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
    o.projects = report("project", range).rows;
    o.sources = report("source", range).rows;
    o.hosts = report("host", range).rows;
    o.sessions = report("session", range).rows;
    if (o.sessions.size() > 10) o.sessions.resize(10);
    for (const ReportRow& d : o.days) {
        o.total_usd += d.cost_usd;
        o.calls += d.calls;
        o.reported_cost_usd += d.reported_cost_usd;
        o.reported_calls += d.reported_calls;
        o.reported_calls_cost_usd += d.reported_calls_cost_usd;
    }

    // Calls, errors and mean latency by activity from the roll-ups; p95 from the latency histograms.
    auto st =
        db_->prepare(std::string("SELECT CASE activity WHEN '' THEN '(none)' ELSE activity END AS a, "
                                 "SUM(calls), SUM(failed_calls), SUM(latency_ms_sum), SUM(latency_samples) "
                                 "FROM") +
                     kRollupInRange + "GROUP BY a HAVING SUM(calls) > 0 ORDER BY a");
    store::bind_range(st, t);
    while (st.step()) {
        ActivityHealth h{st.text(0), static_cast<std::uint64_t>(st.int64(1))};
        const auto samples = st.int64(4);
        h.latency_samples = static_cast<std::uint64_t>(samples);
        h.mean_latency_ms = samples > 0 ? st.real(3) / static_cast<double>(samples) : 0.0;
        h.error_rate = h.calls ? static_cast<double>(st.int64(2)) / static_cast<double>(h.calls) : 0.0;
        o.health.push_back(std::move(h));
    }
    auto bins =
        db_->prepare(std::string("SELECT CASE activity WHEN '' THEN '(none)' ELSE activity END AS a, bin, "
                                 "SUM(samples) FROM") +
                     kLatencyInRange + "GROUP BY a, bin ORDER BY a, bin");
    store::bind_range(bins, t);
    std::map<std::string, std::vector<std::pair<int, std::int64_t>>> histograms;
    while (bins.step()) histograms[bins.text(0)].emplace_back(static_cast<int>(bins.int64(1)), bins.int64(2));
    for (ActivityHealth& h : o.health) h.p95_latency_ms = p95(histograms[h.activity]);

    // Prompt-cache hit rate, and what the cache saved at the rates each call was charged.
    auto cache =
        db_->prepare(std::string("SELECT SUM(cache_read_tokens), SUM(input_tokens + cache_read_tokens + "
                                 "cache_write_tokens + cache_write_1h_tokens), SUM(cache_saved_usd) "
                                 "FROM") +
                     kRollupInRange + "WHERE priced = 1");
    store::bind_range(cache, t);
    cache.step();
    const double prompt_side = cache.real(1);
    o.cache_hit_rate = prompt_side > 0 ? cache.real(0) / prompt_side : 0.0;
    o.savings.prompt_cache_usd = cache.real(2);

    // The baseline: the named model, else the dearest one the range used, at its standard rates.
    std::set<std::string> used;
    for (const ReportRow& m : o.models) used.insert(m.key);
    auto pick = db_->prepare(
        "SELECT provider || '/' || model, rate_input, rate_output, rate_cache_read, rate_cache_write, "
        "rate_cache_write_1h FROM model_rates WHERE (?1 = '' OR model = ?1 OR provider || '/' || model = ?1) "
        "ORDER BY rate_input + rate_output DESC");
    pick.bind(1, baseline_model);
    bool found = false;
    while (!found && pick.step()) found = !baseline_model.empty() || used.contains(pick.text(0));
    if (!found) return o;
    o.savings.baseline_model = pick.text(0);
    const Rates b{pick.real(1), pick.real(2), pick.real(3), pick.real(4), pick.real(5)};
    // What the priced calls would have cost at the baseline: token sums times its rates (?20 on, past
    // the range's), by reason.
    auto costs =
        db_->prepare(std::string("SELECT routing_reason, SUM(cost_usd), "
                                 "SUM(input_tokens * ?20 + output_tokens * ?21 + cache_read_tokens * ?22 + "
                                 "cache_write_tokens * ?23 + cache_write_1h_tokens * ?24) FROM") +
                     kRollupInRange + "WHERE priced = 1 GROUP BY 1 ORDER BY 3 - 2 DESC");
    store::bind_range(costs, t);
    costs.bind(20, b.in).bind(21, b.out).bind(22, b.cr).bind(23, b.cw).bind(24, b.cw1h);
    while (costs.step()) {
        o.savings.actual_usd += costs.real(1);
        o.savings.baseline_usd += costs.real(2);
        if (!costs.text(0).empty())
            o.savings.by_routing_reason.emplace_back(costs.text(0), costs.real(2) - costs.real(1));
    }
    return o;
}

}  // namespace costpanel
