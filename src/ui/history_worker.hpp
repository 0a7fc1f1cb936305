// Runs the History and Budgets views' queries on a thread of its own; results come back to the GUI
// thread as tasks posted to the panel's engine. The GUI thread never waits on SQLite.
#pragma once

#include "costpanel/engine/live_session.hpp"
#include "costpanel/store/history.hpp"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace costpanel::ui {

struct HistoryResult
{
    std::optional<HistoryOverview> overview;  // nothing when the store could not be read
    std::string error;
    double spent_today = 0.0, spent_month = 0.0;
    double month_projection = 0.0;  // this month's pace carried to its last day
    std::string exported;           // after an export: where it went, or why it failed
};

class HistoryWorker
{
public:
    // `deliver` runs on the session's owner thread.
    // Days are `zone`'s.
    HistoryWorker(std::string db_path, TimeZone zone, LiveSession& session,
                  std::function<void(HistoryResult&&)> deliver);
    ~HistoryWorker();

    // Any thread; a newer request replaces one not yet started.
    void query(const DayRange& range, const std::string& baseline_model);
    void export_range(const DayRange& range, ExportFormat format, const std::string& path);

private:
    struct Request
    {
        DayRange range;
        std::string baseline;
        std::optional<ExportFormat> export_format;
        std::string export_path;
    };
    void run();
    HistoryResult answer(const Request& r);

    std::string db_path_;
    TimeZone zone_;
    LiveSession& session_;
    std::function<void(HistoryResult&&)> deliver_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<Request> next_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace costpanel::ui
