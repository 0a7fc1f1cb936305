// The user's settings file, config_dir()/config.json:
//   {"db": "/path/usage.db", "retention_days": 90, "timezone": "Europe/Paris",
//    "budgets": {"daily_usd": 10, "monthly_usd": 200, "warn_at": 0.8}}
// Every key is optional; a bad value is an error naming the file and the key.
#pragma once

#include "costpanel/core/time.hpp"

#include <optional>
#include <string>

namespace costpanel::app {

struct AppConfig
{
    std::string db;  // empty: data_dir()/usage.db
    int retention_days = 0;
    std::string timezone;  // the IANA zone days, weeks and months are in; empty: $TZ, else the system's
    std::optional<double> daily_budget_usd;
    std::optional<double> monthly_budget_usd;
    double warn_at = 0.8;  // a budget warns at this fraction of itself

    // The file at `path` (default: config_dir()/config.json); a missing file is all defaults.
    // Throws std::runtime_error naming the file and the key.
    static AppConfig load(const std::string& path = {});
    static std::string default_path();
    // Writes the two budgets into the file at `path`, keeping every other key. False if it cannot.
    static bool save_budgets(const std::string& path, double daily_usd, double monthly_usd);
};

// The --db given, else the config's "db", else data_dir()/usage.db.
std::string db_path(const std::optional<std::string>& given, const AppConfig& config);
// The --timezone given, else the config's "timezone", else TimeZone::local(). Both are checked
// before they get here (by the command line and by load()).
TimeZone reader_zone(const std::optional<std::string>& given, const AppConfig& config);

}  // namespace costpanel::app
