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

// `table`: the rows' widget ids are "reported/history/<table>/<key>".
std::vector<HistoryViewModel::Line> lines_of(const std::vector<ReportRow>& rows, double total,
                                             const std::string& table)
{
    std::vector<HistoryViewModel::Line> out;
    for (const ReportRow& r : rows) {
        const double f = total > 0 ? r.cost_usd / total : 0.0;
        HistoryViewModel::Line line{r.key,
                                    {},
                                    r.unpriced_calls > 0,
                                    r.approximate_calls + r.standard_rate_calls > 0,
                                    make_cell(format_count(r.calls)),
                                    make_cell(format_usd(r.cost_usd)),
                                    make_cell(format_percent(f)),
                                    f,
                                    {}};
        if (line.unpriced)
            line.note =
                format_count(r.unpriced_calls) + " of its calls had no price: the cost is a lower bound.";
        if (line.estimate)
            line.note +=
                std::string(line.note.empty() ? "" : "\n") +
                format_count(r.approximate_calls + r.standard_rate_calls) +
                " of its calls were priced by a guess or at standard rates: the cost is an estimate.";
        line.reported.id = "reported/history/" + table + "/" + r.key;
        line.reported.add(r.reported_cost_usd, r.reported_calls_cost_usd, r.reported_calls, r.calls);
        line.reported.format("this row");
        out.push_back(std::move(line));
    }
    return out;
}

}  // namespace

DayRange HistoryViewModel::range() const
{
    switch (chosen) {
    case Range::today:
        return {zone.today(), zone.today()};
    case Range::week:
        return {zone.days_ago(6), zone.today()};
    case Range::month:
        return {zone.month_start(), zone.today()};
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
    headline = format_usd(o.total_usd) + " over " + counted(o.calls, "call") +
               (o.days.empty() ? std::string() : ", " + o.days.front().key + " to " + o.days.back().key);
    if (reported.id.empty()) reported.id = "reported/history/total";
    reported.clear_sums();
    reported.add(o.reported_cost_usd, o.reported_calls_cost_usd, o.reported_calls, o.calls);
    reported.format("the range");
    bars.clear();
    max_bar = 0.0;
    for (const ReportRow& d : o.days) {
        bars.push_back({d.key + "\n" + format_usd(d.cost_usd) + "\n" + format_count(d.calls) +
                            (d.calls == 1 ? " call\n" : " calls\n") +
                            format_count(d.input_tokens + d.cache_read_tokens + d.cache_write_tokens) +
                            " in, " + format_count(d.output_tokens) + " out",
                        d.key.size() == 10 ? d.key.substr(5) : d.key, d.cost_usd});
        max_bar = std::max(max_bar, d.cost_usd);
    }
    const std::vector<ReportRow>* groups[kBreakdownCount] = {
        &o.providers, &o.models, &o.tiers, &o.activities, &o.projects, &o.sources, &o.hosts};
    const char* tables[kBreakdownCount] = {"provider", "model",  "tier", "activity",
                                           "project",  "source", "host"};
    for (int i = 0; i < kBreakdownCount; ++i) lines[i] = lines_of(*groups[i], o.total_usd, tables[i]);
    // Sessions by the conductor's own id and their start, ours on hover.
    sessions = lines_of(o.sessions, o.total_usd, "session");
    for (std::size_t i = 0; i < sessions.size(); ++i) {
        const ReportRow& s = o.sessions[i];
        const std::string started = s.started_ms ? zone.day_of(s.started_ms).substr(5) + " " +
                                                       zone.clock_of(s.started_ms).substr(0, 5)
                                                 : std::string();
        sessions[i].key = (s.label.empty() ? std::string("(no conductor id)") : s.label) +
                          (started.empty() ? "" : "  · " + started);
        sessions[i].note =
            "costpanel session " + s.key + (sessions[i].note.empty() ? "" : "\n" + sessions[i].note);
    }
    health.clear();
    for (const ActivityHealth& h : o.health)
        // No call reported a latency: a dash, not a "0 ms" nobody measured.
        health.push_back({h.activity, make_cell(format_count(h.calls)),
                          make_cell(h.latency_samples ? millis(h.mean_latency_ms) : "-"),
                          make_cell(h.latency_samples ? millis(h.p95_latency_ms) : "-"),
                          make_cell(format_percent(h.error_rate))});
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
