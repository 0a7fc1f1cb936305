#include "app_config.hpp"

#include "costpanel/core/paths.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace costpanel::app {

std::string AppConfig::default_path()
{
    return config_dir() + "/config.json";
}

AppConfig AppConfig::load(const std::string& given)
{
    const std::string path = given.empty() ? default_path() : given;
    AppConfig c;
    std::ifstream in(path);
    if (!in) {
        if (!given.empty()) throw std::runtime_error(path + ": cannot be read");
        return c;
    }
    const auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) throw std::runtime_error(path + ": not a JSON object");
    const auto fail = [&](const std::string& key, const std::string& why) {
        throw std::runtime_error(path + ": \"" + key + "\" " + why);
    };
    if (const auto it = j.find("db"); it != j.end()) {
        if (!it->is_string()) fail("db", "must be a path");
        c.db = it->get<std::string>();
    }
    if (const auto it = j.find("retention_days"); it != j.end()) {
        if (!it->is_number_unsigned()) fail("retention_days", "must be a whole number of days (0: keep all)");
        c.retention_days = it->get<int>();
    }
    if (const auto it = j.find("timezone"); it != j.end()) {
        if (!it->is_string()) fail("timezone", "must be an IANA time zone name, e.g. \"Europe/Paris\"");
        try {
            TimeZone::named(it->get<std::string>());
        } catch (const std::invalid_argument& e) {
            fail("timezone", std::string("is not valid: ") + e.what());
        }
        c.timezone = it->get<std::string>();
    }
    if (const auto b = j.find("budgets"); b != j.end()) {
        if (!b->is_object()) fail("budgets", "must be an object");
        const auto money = [&](const char* key, std::optional<double>& into) {
            const auto it = b->find(key);
            if (it == b->end() || it->is_null()) return;
            if (!it->is_number() || !(it->get<double>() > 0))
                fail(std::string("budgets.") + key, "must be a positive number");
            into = it->get<double>();
        };
        money("daily_usd", c.daily_budget_usd);
        money("monthly_usd", c.monthly_budget_usd);
        if (const auto it = b->find("warn_at"); it != b->end()) {
            if (!it->is_number() || !(it->get<double>() > 0 && it->get<double>() <= 1))
                fail("budgets.warn_at", "must be a fraction above 0, at most 1");
            c.warn_at = it->get<double>();
        }
    }
    return c;
}

bool AppConfig::save_budgets(const std::string& path, double daily_usd, double monthly_usd)
{
    nlohmann::json j = nlohmann::json::object();
    if (std::ifstream in(path); in) {
        j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
        if (!j.is_object()) return false;  // not ours to overwrite
    }
    nlohmann::json& b = j["budgets"];
    if (!b.is_object()) b = nlohmann::json::object();
    const auto set = [&](const char* key, double v) {
        if (v > 0)
            b[key] = v;
        else
            b.erase(key);
    };
    set("daily_usd", daily_usd);
    set("monthly_usd", monthly_usd);
    const auto slash = path.rfind('/');
    if (slash != std::string::npos) make_private_dirs(path.substr(0, slash));
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << j.dump(2) << "\n";
        if (!out) return false;
    }
    return std::rename(tmp.c_str(), path.c_str()) == 0;
}

std::string db_path(const std::optional<std::string>& given, const AppConfig& config)
{
    if (given) return *given;
    return config.db.empty() ? data_dir() + "/usage.db" : config.db;
}

TimeZone reader_zone(const std::optional<std::string>& given, const AppConfig& config)
{
    if (given) return TimeZone::named(*given);
    return config.timezone.empty() ? TimeZone::local() : TimeZone::named(config.timezone);
}

}  // namespace costpanel::app
