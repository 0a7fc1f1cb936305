#include "store_access.hpp"

#include "costpanel/core/format.hpp"

#include <filesystem>

namespace costpanel::app {

OpenedHistory open_history(const std::string& db, const TimeZone& zone)
{
    std::error_code ec;
    if (db != ":memory:" && !std::filesystem::exists(db, ec) && !ec) return {History::empty(zone), true};
    return {std::make_unique<History>(db, zone), false};
}

std::string no_history_yet(const std::string& db)
{
    return "no history yet: the panel and `costpanel import` keep it in " + db;
}

std::string store_reason(const std::string& problem, const std::string& path)
{
    std::string why = problem;
    // The store's words, the file named again, and the SQLite call that failed: not news to a user.
    for (const std::string& prefix : {std::string("history is not being saved: "), path + ": ",
                                      std::string("step: "), std::string("prepare: ")})
        if (why.starts_with(prefix)) why.erase(0, prefix.size());
    return why.empty() ? "unknown reason" : why;
}

std::optional<std::string> unsaved_calls(const StoreStatus& s, const std::string& path)
{
    const std::uint64_t lost = s.pending_calls + s.dropped_calls;
    if (s.saving && lost == 0) return std::nullopt;
    if (lost == 0)
        return "history cannot be saved to " + path + ": " + store_reason(s.problem, path) +
               " (no call was lost)";
    std::string line = counted(lost, "call") + (lost == 1 ? " was" : " were") + " not saved to " + path;
    if (!s.saving)
        line += ": " + store_reason(s.problem, path);
    else
        line += ": the store was still writing when time ran out";
    if (s.dropped_calls > 0 && s.pending_calls > 0)
        line += " (" + format_count(s.dropped_calls) + " of them dropped while it could not be written)";
    return line;
}

}  // namespace costpanel::app
