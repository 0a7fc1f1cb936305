// costpanel budget --check: a monitoring plugin (and a guard a conductor can call before spending
// more). Exit codes and the one line of output follow the monitoring-plugins convention.
#include "app_config.hpp"
#include "commands.hpp"
#include "monitoring_plugin.hpp"
#include "store_access.hpp"

#include "costpanel/core/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace costpanel::app {

namespace {

struct Verdict
{
    int state = plugin_ok;
    std::string text;  // "daily $8.50 of $10.00 (85%)"
    std::string perf;  // "daily=8.50;8.00;10.00"
};

Verdict judge(const char* name, double spent, double limit, double warn_at)
{
    Verdict v;
    v.state = spent > limit ? plugin_critical : spent >= warn_at * limit ? plugin_warning : plugin_ok;
    v.text = std::string(name) + " " + format_usd(spent) + " of " + format_usd(limit);
    if (v.state != plugin_ok) {
        char pct[32];
        std::snprintf(pct, sizeof pct, "%.0f%%", std::floor(spent / limit * 100.0));
        v.text += std::string(" (") + pct +
                  (v.state == plugin_critical ? ", " + format_usd(spent - limit) + " over" : "") + ")";
    }
    v.perf = perf_datum(name, spent, warn_at * limit, limit);
    return v;
}

int say(int state, const std::string& text, const std::string& perf = {})
{
    std::cout << plugin_line(state, text, perf) << "\n";
    return state;
}

}  // namespace

int run(const BudgetArgs& args)
{
    AppConfig config;
    try {
        config = AppConfig::load(args.config);
    } catch (const std::runtime_error& e) {
        return say(plugin_unknown, e.what());
    }
    const std::string db = db_path(args.db, config);
    if (args.daily_usd) config.daily_budget_usd = args.daily_usd;
    if (args.monthly_usd) config.monthly_budget_usd = args.monthly_usd;
    if (args.warn_at) config.warn_at = *args.warn_at;
    if (!config.daily_budget_usd && !config.monthly_budget_usd)
        return say(plugin_unknown, "no budget set (--daily, --monthly, or \"budgets\" in " +
                                       (args.config.empty() ? AppConfig::default_path() : args.config) + ")");
    std::vector<Verdict> verdicts;
    bool fresh = false;
    try {
        const TimeZone zone = reader_zone(args.timezone, config);
        const OpenedHistory opened = open_history(db, zone);
        fresh = opened.fresh;
        const std::string today = zone.today();
        if (config.daily_budget_usd)
            verdicts.push_back(judge("daily", opened.history->spent({today, today}), *config.daily_budget_usd,
                                     config.warn_at));
        if (config.monthly_budget_usd)
            verdicts.push_back(judge("monthly", opened.history->spent({zone.month_start(), today}),
                                     *config.monthly_budget_usd, config.warn_at));
    } catch (const std::exception& e) {
        return say(plugin_unknown, e.what());
    }
    // The worst budget first: a monitor's column shows the start of the line.
    std::stable_sort(verdicts.begin(), verdicts.end(),
                     [](const Verdict& a, const Verdict& b) { return a.state > b.state; });
    std::string text = fresh ? no_history_yet(db) + "; " : "", perf;
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        text += (i ? ", " : "") + verdicts[i].text;
        perf += (i ? " " : "") + verdicts[i].perf;
    }
    return say(verdicts.front().state, text, perf);
}

}  // namespace costpanel::app
