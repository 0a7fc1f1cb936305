#include "history_worker.hpp"

#include <ctime>
#include <filesystem>
#include <fstream>

namespace costpanel::ui {

namespace {

// This month's spend carried to its last day at the pace of the days gone so far (today counted).
double project_month(double spent)
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int year = tm.tm_year + 1900;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int days = kDays[tm.tm_mon] + (tm.tm_mon == 1 && leap);
    return spent / tm.tm_mday * days;
}

}  // namespace

HistoryWorker::HistoryWorker(std::string db_path, TaskQueue& queue,
                             std::function<void(HistoryResult&&)> deliver)
    : db_path_(std::move(db_path)), queue_(queue), deliver_(std::move(deliver)), thread_([this] { run(); })
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
        History history(db_path_);
        if (r.export_format) {
            std::ofstream file(r.export_path, std::ios::trunc | std::ios::binary);
            if (!file) throw std::runtime_error("cannot write " + r.export_path);
            history.export_calls(r.range, *r.export_format, file);
            out.exported = "exported to " + r.export_path;
            return out;
        }
        out.overview = history.overview(r.range, r.baseline);
        const std::string today = local_today();
        out.spent_today = history.spent({today, today});
        out.spent_month = history.spent({local_month_start(), today});
        out.month_projection = project_month(out.spent_month);
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
        queue_.post([deliver = deliver_, result = std::make_shared<HistoryResult>(answer(r))]() mutable {
            deliver(std::move(*result));
        });
    }
}

}  // namespace costpanel::ui
