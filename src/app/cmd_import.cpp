// costpanel import: streams into the history store, applied exactly as the panel applies them.
#include "app_config.hpp"
#include "commands.hpp"
#include "log_sources.hpp"
#include "store_access.hpp"

#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/format.hpp"
#include "costpanel/core/paths.hpp"
#include "costpanel/engine/fold_logs.hpp"
#include "costpanel/engine/fold_stream.hpp"
#include "costpanel/engine/source_spec.hpp"
#include "costpanel/store/store.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace costpanel::app {

namespace {

constexpr std::size_t kRejectionsShown = 10;

// Why `input` cannot be imported, or nothing. Every input is looked at before anything is stored.
std::optional<std::string> unreadable(const std::string& input)
{
    if (input == "-") return std::nullopt;
    struct stat st
    {
    };
    if (::stat(input.c_str(), &st) != 0) return "cannot read " + input + ": " + std::strerror(errno);
    if (S_ISDIR(st.st_mode)) return input + " is a directory, not a stream of events";
    if (::access(input.c_str(), R_OK) != 0) return "cannot read " + input + ": " + std::strerror(errno);
    return std::nullopt;
}

std::string format_bytes(std::uint64_t n)
{
    if (n < 1000) return counted(n, "byte");
    char buf[32];
    if (n < 1000 * 1000)
        std::snprintf(buf, sizeof buf, "%.0f kB", static_cast<double>(n) / 1e3);
    else if (n < 1000ull * 1000 * 1000)
        std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(n) / 1e6);
    else
        std::snprintf(buf, sizeof buf, "%.2f GB", static_cast<double>(n) / 1e9);
    return buf;
}

// The progress line on a terminal, redrawn at most ten times a second and gone at the end; nothing
// of it when standard error is not a terminal (a log should not fill with carriage returns).
class ProgressLine
{
public:
    explicit ProgressLine(const Store& store) : store_(store), shown_(::isatty(STDERR_FILENO) != 0) {}
    ~ProgressLine() { clear(); }

    void update(const std::string& input, const StreamProgress& p)
    {
        const auto now = std::chrono::steady_clock::now();
        if (!shown_ || now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        std::cerr << "\r\033[Kimporting " << (input == "-" ? "standard input" : input) << ": "
                  << format_bytes(p.bytes) << ", " << counted(p.lines, "line") << " read; "
                  << counted(stored(), "call") << " stored" << std::flush;
        drawn_ = true;
    }

    void update(const LogsProgress& p)
    {
        const auto now = std::chrono::steady_clock::now();
        if (!shown_ || now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        const int percent = p.bytes ? static_cast<int>(100 * p.bytes_done / p.bytes) : 100;
        std::cerr << "\r\033[Kimporting agent logs: " << percent << "% of " << format_bytes(p.bytes) << ", "
                  << p.files_done << " of " << counted(p.files, "file") << "; " << counted(stored(), "call")
                  << " stored" << std::flush;
        drawn_ = true;
    }

    void clear()
    {
        if (drawn_) std::cerr << "\r\033[K" << std::flush;
        drawn_ = false;
    }

private:
    // Calls, not rows: a log's larger copy stored in the place of another is a correction.
    std::uint64_t stored() const
    {
        const StoreStatus s = store_.status();
        return s.committed_calls - s.replaced_calls;
    }

    const Store& store_;
    const bool shown_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace

int run(const ImportArgs& args)
{
    const std::vector<std::string>& files = args.files;
    AppConfig config;
    try {
        config = AppConfig::load();
    } catch (const std::runtime_error& e) {
        std::cerr << "costpanel import: " << e.what() << "\n";
        return 1;
    }
    const std::string db = db_path(args.db, config);
    for (const std::string& f : files) {
        if (const auto why = unreadable(f)) {
            std::cerr << "costpanel import: " << *why << "\n";
            return 1;
        }
    }
    std::shared_ptr<const PriceTable> prices;
    try {
        prices = load_price_table(args.pricing);
    } catch (const PriceFileError& e) {
        std::cerr << "costpanel import: " << e.what() << "\n";
        return 1;
    }

    Store::Options options;
    options.path = db;
    options.retention_days = config.retention_days;
    options.label = "import";
    options.give_back_records = true;
    Store store(options);
    EventFolder::Options fold{prices, {}};
    fold.keep_records = true;
    fold.keep_usage = false;
    EventFolder folder(fold);  // one folder for all files: an id seen in one is a duplicate in the next
    EventCounters counters;
    std::vector<Rejection> first_rejections;
    std::uint64_t handed = 0;  // calls given to the store
    bool store_failed = false;
    ProgressLine progress(store);
    const auto hand_over = [&](Batch&& b) {
        counters += b.counters;
        for (Rejection& r : b.rejections)
            if (first_rejections.size() < kRejectionsShown) first_rejections.push_back(std::move(r));
        handed += b.calls.size();
        store.add(std::move(b.calls), std::move(b.tier_snapshots), b.epoch);
        b.calls = store.take_written();  // the folder fills them again (EventFolder::recycle)
        // A store that cannot write stops the import: reading on would only fill memory.
        if (!store.status().saving) store_failed = true;
    };
    std::unique_ptr<LogsScan> logs;
    LogsRead logs_read;
    try {
        if (!args.logs.empty()) {
            // Looked at before anything is stored: a tree that is not there is an error.
            logs = std::make_unique<LogsScan>(log_specs(args.logs), state_dir() + "/logs");
            logs->yield_to_others(true);  // the store's writer is the slower of the two
            if (logs->trees().empty()) throw SourceError(no_logs_found(args.logs));
        }
        for (const std::string& f : files) {
            if (store_failed) break;
            fold_stream(f, folder, hand_over, [&](const StreamProgress& p) { progress.update(f, p); });
        }
        if (logs && !store_failed)
            logs_read = logs->fold(folder, hand_over, [&](const LogsProgress& p) { progress.update(p); });
    } catch (const SourceError& e) {
        progress.clear();
        std::cerr << "costpanel import: " << e.what() << "\n";
        return 1;
    }
    // A store that fails says so at once; one that commits is waited for as long as it makes headway.
    for (std::uint64_t before = store.committed_calls();
         !store.wait_until(store_settled, std::chrono::seconds(30));) {
        const std::uint64_t now = store.committed_calls();
        if (now == before) break;
        before = now;
    }
    // Tier snapshots may ride in a batch with no calls, after the last one that had any.
    const bool flushed = store.status().saving && store.flush(std::chrono::seconds(10));
    progress.clear();

    for (const Rejection& r : first_rejections)
        std::cerr << "costpanel import: " << r.origin.source << ":" << r.origin.line << ": " << r.reason
                  << "\n";
    if (counters.rejected > first_rejections.size())
        std::cerr << "costpanel import: and "
                  << counted(counters.rejected - first_rejections.size(), "more line") << " rejected\n";

    for (const std::string& p : logs_read.problems) std::cerr << "costpanel import: " << p << "\n";
    const StoreStatus s = store.status();
    // How far each log was read is remembered only once its calls are in the store.
    const bool remembered = !logs || !flushed || !s.saving || logs->remember();
    if (!remembered)
        std::cerr << "costpanel import: cannot remember how far the logs were read, in " << state_dir()
                  << "/logs: " << std::strerror(errno) << " (the next import reads them again; ids keep "
                  << "that exact)\n";
    // A log's copy stored in the place of another is a correction, not one more call.
    const std::uint64_t stored = s.committed_calls - s.replaced_calls;
    if (!flushed || !s.saving) {
        const std::uint64_t not_stored = handed - s.committed_calls - s.duplicate_calls;
        std::cerr << "costpanel import: cannot store into " << db << ": "
                  << (s.saving ? "it did not finish writing in time" : store_reason(s.problem, db)) << "; "
                  << counted(not_stored, "call") << (not_stored == 1 ? " was" : " were") << " not stored ("
                  << format_count(stored) << " stored)\n";
        return 1;
    }
    std::string from;
    if (!files.empty()) from = counted(files.size(), "stream");
    if (logs) {
        if (!from.empty()) from += " and ";
        from += counted(logs_read.files, "log file") + " (" + format_bytes(logs_read.bytes) + " new)";
    }
    std::cout << "stored " << counted(stored, "call") << " from " << from << " into " << db << "; "
              << counted(s.duplicate_calls + counters.duplicates, "duplicate") << " skipped; "
              << counted(counters.rejected, "line") << " rejected";
    if (logs) std::cout << "; " << counted(logs_read.skipped, "log line") << " not usage";
    std::cout << "\n";
    // A log file that could not be read was named above, the rest imported; the exit says so too.
    return logs_read.problems.empty() ? 0 : 1;
}

}  // namespace costpanel::app
