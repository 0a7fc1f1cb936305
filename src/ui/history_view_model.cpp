#include "history_view_model.hpp"

#include "costpanel/core/format.hpp"
#include "costpanel/core/time.hpp"

#include <imgui.h>

namespace costpanel::ui {

namespace {

std::string millis(double ms)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, ms >= 1000 ? "%.2f s" : "%.0f ms", ms >= 1000 ? ms / 1000 : ms);
    return buf;
}

std::vector<HistoryViewModel::Line> lines_of(const std::vector<ReportRow>& rows, double total)
{
    std::vector<HistoryViewModel::Line> out;
    for (const ReportRow& r : rows) {
        const double f = total > 0 ? r.cost_usd / total : 0.0;
        out.push_back({r.key, make_cell(format_count(r.calls)), make_cell(format_usd(r.cost_usd)),
                       make_cell(format_percent(f)), f});
    }
    return out;
}

}  // namespace

DayRange HistoryViewModel::range() const
{
    switch (chosen) {
    case Range::today:
        return {local_today(), local_today()};
    case Range::week:
        return {TimeZone::local().days_ago(6), local_today()};
    case Range::month:
        return {local_month_start(), local_today()};
    case Range::custom:
        return {custom_from, custom_to};
    }
    return {};
}

void HistoryViewModel::build(HistoryResult&& r)
{
    if (!r.exported.empty()) {
        exported = std::move(r.exported);
        return;
    }
    has_result = true;
    error = r.error;
    spent_today = r.spent_today;
    spent_month = r.spent_month;
    projection = r.month_projection;
    today_text = format_usd(spent_today);
    month_text = format_usd(spent_month);
    projection_text = format_usd(projection) + " projected by month's end (this month's pace so far)";
    if (!r.overview) return;
    const HistoryOverview& o = *r.overview;
    headline = format_usd(o.total_usd) + " over " + format_count(o.calls) + " calls" +
               (o.days.empty() ? std::string() : ", " + o.days.front().key + " to " + o.days.back().key);
    bars.clear();
    max_bar = 0.0;
    for (const ReportRow& d : o.days) {
        bars.push_back({d.key + "\n" + format_usd(d.cost_usd) + "\n" + format_count(d.calls) + " calls\n" +
                            format_count(d.input_tokens + d.cache_read_tokens + d.cache_write_tokens) +
                            " in, " + format_count(d.output_tokens) + " out",
                        d.cost_usd});
        max_bar = std::max(max_bar, d.cost_usd);
    }
    const std::vector<ReportRow>* groups[4] = {&o.providers, &o.models, &o.tiers, &o.activities};
    for (int i = 0; i < 4; ++i) lines[i] = lines_of(*groups[i], o.total_usd);
    sessions = lines_of(o.sessions, o.total_usd);
    health.clear();
    for (const ActivityHealth& h : o.health)
        health.push_back({h.activity, make_cell(format_count(h.calls)), make_cell(millis(h.mean_latency_ms)),
                          make_cell(millis(h.p95_latency_ms)), make_cell(format_percent(h.error_rate))});
    cache_hit =
        "Prompt cache hit rate " + format_percent(o.cache_hit_rate) + " (cache reads / all input tokens)";
    cache_saved = "The prompt cache saved " + format_usd(o.savings.prompt_cache_usd) +
                  " (reads at the read rate, less what writes cost above the input rate)";
    baseline = o.savings.baseline_model.empty()
                   ? std::string("No priced calls to compare with a baseline")
                   : "Had every call gone to " + o.savings.baseline_model + ": " +
                         format_usd(o.savings.baseline_usd) + " instead of " +
                         format_usd(o.savings.actual_usd) + ", " +
                         format_usd(o.savings.baseline_usd - o.savings.actual_usd) + " saved";
    routing_lines.clear();
    for (const auto& [reason, saved] : o.savings.by_routing_reason)
        routing_lines.push_back(reason + ": " + format_usd(saved) + " saved");
}

}  // namespace costpanel::ui
