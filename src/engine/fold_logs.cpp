#include "costpanel/engine/fold_logs.hpp"

#include "agentlogs/log_offsets.hpp"
#include "agentlogs/log_reader.hpp"
#include "agentlogs/log_tree.hpp"
#include "platform/system_error.hpp"
#include "platform/unique_fd.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace costpanel {

namespace {

constexpr std::uint64_t kEventsPerBatch = 4096;
constexpr std::size_t kReadBytes = 1 << 17;  // a read: 128 KiB, within a core's L2 cache
// Ten steps of nice: a tenth of the weight, so the writer runs whenever it has work.
constexpr int kYieldingNice = 10;

agentlogs::LogFormat format_of(const SourceSpec& spec)
{
    return spec.kind == SourceSpec::Kind::codex_logs ? agentlogs::LogFormat::codex
                                                     : agentlogs::LogFormat::claude_code;
}

}  // namespace

namespace {

// A project (Claude Code: its copies and replays stay within one) or a session file (Codex), what it
// holds to read. One project seen through two trees (a config directory and a link to it) is one
// group, read by one reader after the other, into one folder, so its ids are seen once.
struct Group
{
    struct Part
    {
        agentlogs::LogTree* tree;
        agentlogs::LogOffsets* offsets;
        std::vector<const agentlogs::LogFileInfo*> files;
    };
    std::vector<Part> parts;
    std::uint64_t bytes = 0;  // to read
};

}  // namespace

struct LogsScan::Impl
{
    struct Tree
    {
        agentlogs::LogTree tree;
        std::vector<agentlogs::LogFileInfo> files;
        agentlogs::LogOffsets offsets;
    };
    std::vector<Tree> trees;
    std::vector<std::string> names;
    std::vector<Group> groups;  // the largest first, ties by name: the same order every time
    LogsProgress total;         // files and bytes to read

    void make_groups();
};

LogsScan::LogsScan(const std::vector<SourceSpec>& specs, const std::string& offsets_dir)
    : impl_(std::make_unique<Impl>())
{
    std::set<std::string> seen;  // a tree given twice (or through a link to it) is read once
    for (const SourceSpec& spec : specs) {
        if (!spec.is_logs()) continue;
        for (agentlogs::LogTree& tree : agentlogs::find_log_trees(format_of(spec), spec.path)) {
            if (!seen.insert(agentlogs::tree_identity(tree)).second) continue;
            auto files = agentlogs::list_log_files(tree);
            agentlogs::LogOffsets offsets(offsets_dir, tree.name);
            offsets.load();
            impl_->names.push_back(tree.name);
            impl_->trees.push_back({std::move(tree), std::move(files), std::move(offsets)});
        }
    }
    impl_->make_groups();
}

void LogsScan::Impl::make_groups()
{
    std::map<std::string, Group> by_name;
    for (Tree& t : trees) {
        std::map<std::string, Group::Part*> here;  // this tree's part of each group
        for (const agentlogs::LogFileInfo& f : t.files) {
            const agentlogs::FileMark* mark = t.offsets.find(f.path, f.dev, f.ino, f.size);
            const auto bytes = static_cast<std::uint64_t>(f.size - (mark ? mark->offset : 0));
            total.files++;
            total.bytes += bytes;
            const std::string name =
                std::string(agentlogs::format_name(t.tree.format)) + ":" +
                (t.tree.format == agentlogs::LogFormat::claude_code ? f.project : f.stem);
            Group& group = by_name[name];
            Group::Part*& part = here[name];
            if (!part) part = &group.parts.emplace_back(Group::Part{&t.tree, &t.offsets, {}});
            part->files.push_back(&f);
            group.bytes += bytes;
        }
    }
    for (auto& [name, group] : by_name) groups.push_back(std::move(group));
    std::stable_sort(groups.begin(), groups.end(),
                     [](const Group& a, const Group& b) { return a.bytes > b.bytes; });
}

LogsScan::~LogsScan() = default;

const std::vector<std::string>& LogsScan::trees() const
{
    return impl_->names;
}

std::size_t LogsScan::groups() const
{
    return impl_->groups.size();
}

namespace {

// What the workers of one scan share, one at a time: the progress and the marks.
struct ScanState
{
    // Nothing read yet of `total`; the progress says so at once.
    ScanState(const LogsProgress& total, const std::vector<std::string>& trees,
              const std::function<void(const LogsProgress&)>& on_progress)
        : progress(on_progress), at{total.files, 0, total.bytes, 0}
    {
        read.trees = trees;
        if (progress) progress(at);
    }
    // The next group a worker takes, or one past the last.
    std::size_t next_group() { return next++; }

    std::mutex mutex;
    const std::function<void(const LogsProgress&)>& progress;
    LogsProgress at;
    LogsRead read;
    std::atomic<std::size_t> next{0};
};

// Reads one group's files into `folder`, calling hand_over(false) after each read (it hands a batch
// on when one is large enough); the caller hands the last one.
void read_group(const Group& group, EventFolder& folder, ScanState& scan, std::vector<char>& buffer,
                const std::function<void(bool always)>& hand_over)
{
    // Reads of kRead bytes, with room after them for the JSON reader's look past a line's end.
    const std::size_t kRead = buffer.size() - agentlogs::kLinePadding;
    const auto problem = [&](const std::string& path) {
        const std::string why = SystemError::from_errno("cannot read " + path).what();
        std::lock_guard lock(scan.mutex);
        scan.read.problems.push_back(why);
    };
    for (const Group::Part& part : group.parts) {
        agentlogs::LogReader reader(part.tree->format, folder);
        for (const agentlogs::LogFileInfo* info : part.files) {
            UniqueFd fd(::open(info->path.c_str(), O_RDONLY | O_CLOEXEC));
            struct stat st
            {
            };
            if (!fd || ::fstat(fd.get(), &st) != 0) {
                problem(info->path);
                std::lock_guard lock(scan.mutex);
                scan.at.files_done++;
                continue;
            }
            agentlogs::LogFile file = reader.open(*info);
            off_t start = 0;
            {
                std::lock_guard lock(scan.mutex);
                const agentlogs::FileMark* mark =
                    part.offsets->find(info->path, static_cast<unsigned long long>(st.st_dev),
                                       static_cast<unsigned long long>(st.st_ino), st.st_size);
                if (mark && ::lseek(fd.get(), mark->offset, SEEK_SET) == mark->offset) {
                    if (agentlogs::resume(file, *mark))
                        start = mark->offset;
                    else
                        ::lseek(fd.get(), 0, SEEK_SET);
                }
            }
            off_t pos = start;
            bool failed = false;
            for (;;) {
                const ssize_t got = ::read(fd.get(), buffer.data(), kRead);
                if (got < 0 && errno == EINTR) continue;
                if (got < 0) {
                    problem(info->path);
                    failed = true;
                    break;
                }
                if (got == 0) break;
                pos += got;
                reader.feed(file, std::string_view(buffer.data(), static_cast<std::size_t>(got)), now_ms(),
                            /*padded=*/true);
                hand_over(false);
                std::lock_guard lock(scan.mutex);
                scan.read.bytes += static_cast<std::uint64_t>(got);
                scan.at.bytes_done += static_cast<std::uint64_t>(got);
                if (scan.progress) scan.progress(scan.at);
            }
            std::lock_guard lock(scan.mutex);
            scan.at.files_done++;
            scan.read.files++;
            if (failed) continue;
            part.offsets->set(info->path,
                              agentlogs::mark_of(file, static_cast<unsigned long long>(st.st_dev),
                                                 static_cast<unsigned long long>(st.st_ino), pos));
        }
        const agentlogs::LogCounts& c = reader.counts();
        std::lock_guard lock(scan.mutex);
        scan.read.lines += c.lines;
        scan.read.calls += c.calls;
        scan.read.skipped += c.skipped;
        scan.read.bad += c.bad;
    }
}

// A batch is handed on when this large: as fold_stream, batches this large keep memory flat.
bool batch_due(const EventFolder& folder)
{
    return folder.pending_events() >= kEventsPerBatch || folder.pending_rejections() >= Batch::kMaxRejections;
}

}  // namespace

// Two workers where there are two cores and two groups, each taking the next group, the largest
// first, as it finishes one: they end within a group's time of each other, whatever their groups
// hold (bytes are not work: a tool result's line costs a scan, a call's a parse).
void LogsScan::run_workers(const std::function<void(unsigned worker)>& work)
{
    const bool two = std::thread::hardware_concurrency() > 1 && impl_->groups.size() > 1;
    // A worker that yields lowers its own thread's priority (from the one it was started with), which
    // it could not raise again: it is never the caller's thread.
    const auto run = [&](unsigned worker) {
        if (yield_) {
            const auto tid = static_cast<id_t>(::gettid());
            errno = 0;
            const int now = ::getpriority(PRIO_PROCESS, tid);
            if (errno == 0) ::setpriority(PRIO_PROCESS, tid, std::min(now + kYieldingNice, 19));
        }
        work(worker);
    };
    std::thread helper;
    if (two) helper = std::thread(run, 1u);
    if (yield_)
        std::thread(run, 0u).join();
    else
        run(0);
    if (helper.joinable()) helper.join();
}

LogsRead LogsScan::fold(EventFolder& folder, const std::function<void(Batch&&)>& sink,
                        const std::function<void(const LogsProgress&)>& progress)
{
    ScanState scan(impl_->total, impl_->names, progress);
    std::mutex one_at_a_time;
    EventFolder second(folder.options());
    run_workers([&](unsigned worker) {
        EventFolder& into = worker == 0 ? folder : second;
        std::vector<char> buffer(kReadBytes + agentlogs::kLinePadding);
        const auto hand_over = [&](bool always) {
            if (!always && !batch_due(into)) return;
            Batch batch = into.take_batch();
            {
                std::lock_guard lock(one_at_a_time);
                sink(std::move(batch));
            }
            into.recycle(std::move(batch));  // what the sink did not take, the next batch reuses
        };
        for (std::size_t g; (g = scan.next_group()) < impl_->groups.size();)
            read_group(impl_->groups[g], into, scan, buffer, hand_over);
        hand_over(true);
    });
    if (progress) progress(scan.at);
    return std::move(scan.read);
}

LogsRead LogsScan::fold_apart(const EventFolder::Options& options,
                              const std::function<void(Batch&&, std::size_t group)>& sink,
                              const std::function<void(const LogsProgress&)>& progress)
{
    ScanState scan(impl_->total, impl_->names, progress);
    run_workers([&](unsigned) {
        std::vector<char> buffer(kReadBytes + agentlogs::kLinePadding);
        Batch spare;  // the records of a group's last batch, for the next group's folder to fill again
        for (std::size_t g; (g = scan.next_group()) < impl_->groups.size();) {
            EventFolder into(options);
            into.recycle(std::move(spare));
            const auto hand_over = [&](bool always) {
                if (!always && !batch_due(into)) return;
                Batch batch = into.take_batch();
                sink(std::move(batch), g);
                if (always)
                    spare = std::move(batch);
                else
                    into.recycle(std::move(batch));
            };
            read_group(impl_->groups[g], into, scan, buffer, hand_over);
            hand_over(true);
        }
    });
    if (progress) progress(scan.at);
    return std::move(scan.read);
}

bool LogsScan::remember()
{
    bool ok = true;
    for (const auto& t : impl_->trees) ok = t.offsets.save() && ok;
    return ok;
}

}  // namespace costpanel
