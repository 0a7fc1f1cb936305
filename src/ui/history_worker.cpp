#include "history_worker.hpp"

#include "costpanel/core/time.hpp"

#include <filesystem>
#include <fstream>

namespace costpanel::ui {

namespace {

// This month's spend carried to its last day at the pace of the days gone so far (today counted).
double project_month(double spent, const TimeZone& zone)
{
    const std::chrono::year_month_day today = zone.date_of(now_ms());
    return spent / static_cast<unsigned>(today.day()) * days_in_month(today);
}

}  // namespace

HistoryWorker::HistoryWorker(std::string db_path, TimeZone zone, LiveSession& session,
                             std::function<void(HistoryResult&&)> deliver)
    : db_path_(std::move(db_path)), zone_(std::move(zone)), session_(session), deliver_(std::move(deliver)),
      thread_([this] { run(); })
{
}

HistoryWorker::~HistoryWorker()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void HistoryWorker::query(const DayRange& range, const std::string& baseline_model)
{
    {
        std::lock_guard lock(mutex_);
        next_ = Request{range, baseline_model, std::nullopt, {}};
    }
    wake_.notify_all();
}

void HistoryWorker::export_range(const DayRange& range, ExportFormat format, const std::string& path)
{
    {
        std::lock_guard lock(mutex_);
        next_ = Request{range, {}, format, path};
    }
    wake_.notify_all();
}

HistoryResult HistoryWorker::answer(const Request& r)
{
    HistoryResult out;
    if (!r.export_format && !std::filesystem::exists(db_path_)) {
        out.overview.emplace();  // nothing stored yet: an empty history, not an error
        out.overview->range = r.range;
        return out;
    }
    try {
        History history(db_path_, zone_);
        if (r.export_format) {
            std::ofstream file(r.export_path, std::ios::trunc | std::ios::binary);
            if (!file) throw std::runtime_error("cannot write " + r.export_path);
            history.export_calls(r.range, *r.export_format, file);
            out.exported = "exported to " + r.export_path;
            return out;
        }
        out.overview = history.overview(r.range, r.baseline);
        const std::string today = zone_.today();
        out.spent_today = history.spent({today, today});
        out.spent_month = history.spent({zone_.month_start(), today});
        out.month_projection = project_month(out.spent_month, zone_);
    } catch (const std::exception& e) {
        (r.export_format ? out.exported : out.error) = e.what();
    }
    return out;
}

void HistoryWorker::run()
{
    for (;;) {
        Request r;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || next_.has_value(); });
            if (stopping_) return;
            r = std::move(*next_);
            next_.reset();
        }
        session_.post_task([deliver = deliver_, result = std::make_shared<HistoryResult>(
                                                    answer(r))]() mutable { deliver(std::move(*result)); });
    }
}

}  // namespace costpanel::ui
