// The History and Budgets views' cached strings, built once per query result on the GUI thread, and
// the view's own choices (range, breakdown). Frames only read it.
#pragma once

#include "history_worker.hpp"
#include "view_model.hpp"

#include <chrono>

namespace costpanel::ui {

class HistoryViewModel
{
public:
    enum class Range
    {
        today,
        week,
        month,
        custom
    };
    // Host: a team's desks, when their calls came through the OpenTelemetry Collector.
    static constexpr int kBreakdownCount = 7;
    static constexpr const char* kBreakdowns[kBreakdownCount] = {"Provider", "Model",  "Tier", "Activity",
                                                                 "Project",  "Source", "Host"};

    struct Bar
    {
        std::string tooltip;  // date, cost, calls, tokens
        std::string label;    // "11-20": the date under the axis
        double cost = 0.0;
    };
    struct Line
    {
        std::string key;
        std::string note;       // on hover: the session's own id, or what a mark means
        bool unpriced = false;  // some of its calls had no price: its cost is a lower bound
        bool estimate = false;  // some were priced by a guess or at standard rates
        Cell calls, cost, share;
        double fraction = 0.0;
        ReportedNote reported;  // the clients' own figure for its calls, where it is not ours
    };
    struct Health
    {
        std::string activity;
        Cell calls, mean, p95, errors;
    };

    // The days the chosen range covers (custom: the typed dates).
    DayRange range() const;
    // Formats a result; keeps the budget numbers for the banner.
    void build(HistoryResult&& result);

    Range chosen = Range::week;
    char custom_from[11] = "";
    char custom_to[11] = "";
    int breakdown = 0;

    // Query bookkeeping (GUI thread).
    bool range_changed = false;  // the user picked another range: ask at once
    std::chrono::steady_clock::time_point checked_at{};
    bool asked = false;
    DayRange asked_range;
    std::uint64_t asked_at_commit = 0;
    std::chrono::steady_clock::time_point asked_at{};

    TimeZone zone = TimeZone::local();  // the zone the days and times are shown in
    bool has_result = false;
    std::string error;
    std::string headline;   // "$12.34 over 321 calls, 2026-11-16 to 2026-11-22"
    ReportedNote reported;  // beside the headline: the range's calls as the clients reported them
    std::vector<Bar> bars;
    double max_bar = 0.0;
    std::vector<Line> lines[kBreakdownCount];
    std::vector<Line> sessions;
    std::vector<Health> health;
    std::string cache_hit, cache_saved, baseline, routing;
    std::vector<std::string> routing_lines;
    std::string exported;

    double spent_today = 0.0, spent_month = 0.0, projection = 0.0;
    std::string today_text, month_text, projection_text;
};

}  // namespace costpanel::ui
