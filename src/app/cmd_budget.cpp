// costpanel budget --check: a guard a conductor can call before spending more.
#include "app_config.hpp"
#include "commands.hpp"

#include "costpanel/core/format.hpp"
#include "costpanel/core/time.hpp"

#include <algorithm>
#include <iostream>

namespace costpanel::app {

namespace {

struct Verdict
{
    int level = 0;  // 0 within, 1 warning, 2 over
    std::string line;
};

Verdict judge(const char* name, double spent, double limit, double warn_at)
{
    char pct[16];
    std::snprintf(pct, sizeof pct, "%.0f%%", spent / limit * 100.0);
    if (spent > limit)
        return {2, std::string("over the ") + name + " budget: " + format_usd(spent) + " of " +
                       format_usd(limit) + " (" + format_usd(spent - limit) + " over)"};
    if (spent >= warn_at * limit)
        return {1, std::string(name) + " budget at " + pct + ": " + format_usd(spent) + " of " +
                       format_usd(limit) + " (" + format_usd(limit - spent) + " left)"};
    return {0, std::string(name) + " " + format_usd(spent) + " of " + format_usd(limit)};
}

}  // namespace

int run(const BudgetArgs& args)
{
    AppConfig config;
    try {
        config = AppConfig::load(args.config);
    } catch (const std::runtime_error& e) {
        std::cerr << "costpanel budget: " << e.what() << "\n";
        return 3;  // 1 and 2 are verdicts
    }
    const std::string db = db_path(args.db, config);
    if (args.daily_usd) config.daily_budget_usd = args.daily_usd;
    if (args.monthly_usd) config.monthly_budget_usd = args.monthly_usd;
    if (args.warn_at) config.warn_at = *args.warn_at;
    if (!config.daily_budget_usd && !config.monthly_budget_usd) {
        std::cout << "no budget set (see " << AppConfig::default_path() << " or --daily / --monthly)\n";
        return 0;
    }
    std::vector<Verdict> verdicts;
    try {
        History history(db);
        const std::string today = local_today();
        if (config.daily_budget_usd)
            verdicts.push_back(
                judge("daily", history.spent({today, today}), *config.daily_budget_usd, config.warn_at));
        if (config.monthly_budget_usd)
            verdicts.push_back(judge("monthly", history.spent({local_month_start(), today}),
                                     *config.monthly_budget_usd, config.warn_at));
    } catch (const std::exception& e) {
        std::cerr << "costpanel budget: " << e.what() << "\n";
        return 3;
    }
    // The worst verdict speaks; when all is well, one line says where each budget stands.
    const auto worst = std::max_element(verdicts.begin(), verdicts.end(),
                                        [](const Verdict& a, const Verdict& b) { return a.level < b.level; });
    if (worst->level > 0) {
        std::cout << worst->line << "\n";
        return worst->level;
    }
    std::string all = "within budget:";
    for (const Verdict& v : verdicts) all += (all.back() == ':' ? " " : ", ") + v.line;
    std::cout << all << "\n";
    return 0;
}

}  // namespace costpanel::app
