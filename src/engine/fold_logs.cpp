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
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace costpanel {

namespace {

// As fold_stream: batches this large keep memory flat.
constexpr std::uint64_t kEventsPerBatch = 4096;
// Ten steps of nice: a tenth of the weight, so the writer runs whenever it has work.
constexpr int kYieldingNice = 10;

agentlogs::LogFormat format_of(const SourceSpec& spec)
{
    return spec.kind == SourceSpec::Kind::codex_logs ? agentlogs::LogFormat::codex
                                                     : agentlogs::LogFormat::claude_code;
}

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
}

LogsScan::~LogsScan() = default;

const std::vector<std::string>& LogsScan::trees() const
{
    return impl_->names;
}

namespace {

// One worker's share of a scan: whole projects (Claude Code's copies and replays stay within one),
// or whole session files (Codex's), read through a reader of its own into a folder of its own.
struct Share
{
    struct Part
    {
        agentlogs::LogTree* tree;
        agentlogs::LogOffsets* offsets;
        std::vector<const agentlogs::LogFileInfo*> files;
        std::uint64_t bytes = 0;
    };
    std::vector<Part> parts;
    std::uint64_t bytes = 0;
};

// What the workers of one scan share, one at a time: the progress and the marks.
struct ScanState
{
    std::mutex mutex;
    const std::function<void(Batch&&, unsigned)>& sink;  // worker's own: called without the lock
    const std::function<void(const LogsProgress&)>& progress;
    LogsProgress at;
    LogsRead read;
};

void read_share(const Share& share, EventFolder& folder, ScanState& scan, unsigned worker)
{
    // Reads of 128 KiB, with room after them for the JSON reader's look past a line's end.
    constexpr std::size_t kRead = 1 << 17;
    std::vector<char> buffer(kRead + agentlogs::kLinePadding);
    const auto hand_over = [&](bool always) {
        if (!always && folder.pending_events() < kEventsPerBatch &&
            folder.pending_rejections() < Batch::kMaxRejections)
            return;
        Batch batch = folder.take_batch();
        scan.sink(std::move(batch), worker);
        folder.recycle(std::move(batch));  // what the sink did not take, the next batch reuses
    };
    const auto problem = [&](const std::string& path) {
        const std::string why = SystemError::from_errno("cannot read " + path).what();
        std::lock_guard lock(scan.mutex);
        scan.read.problems.push_back(why);
    };
    for (const Share::Part& part : share.parts) {
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
    hand_over(true);
}

}  // namespace

LogsRead LogsScan::fold(EventFolder& folder, const std::function<void(Batch&&)>& sink,
                        const std::function<void(const LogsProgress&)>& progress)
{
    std::mutex one_at_a_time;
    return fold_apart(
        folder,
        [&](Batch&& b, unsigned) {
            std::lock_guard lock(one_at_a_time);
            sink(std::move(b));
        },
        progress);
}

LogsRead LogsScan::fold_apart(EventFolder& folder, const std::function<void(Batch&&, unsigned)>& sink,
                              const std::function<void(const LogsProgress&)>& progress)
{
    ScanState scan{{}, sink, progress, {}, {}};
    scan.read.trees = impl_->names;

    // Projects (Claude Code) or sessions (Codex), what each holds to read. One project seen through
    // two trees (a config directory and a link to it) is one group: one worker, one folder, so its
    // ids are seen once.
    std::vector<Share::Part> parts;
    std::map<std::string, std::vector<std::size_t>> groups;  // group -> its parts, one a tree
    for (auto& t : impl_->trees) {
        std::map<std::string, std::size_t> here;
        for (const auto& f : t.files) {
            const agentlogs::FileMark* mark = t.offsets.find(f.path, f.dev, f.ino, f.size);
            const auto bytes = static_cast<std::uint64_t>(f.size - (mark ? mark->offset : 0));
            scan.at.files++;
            scan.at.bytes += bytes;
            const std::string group =
                std::string(agentlogs::format_name(t.tree.format)) + ":" +
                (t.tree.format == agentlogs::LogFormat::claude_code ? f.project : f.stem);
            const auto [it, is_new] = here.try_emplace(group, parts.size());
            if (is_new) {
                parts.push_back({&t.tree, &t.offsets, {}, 0});
                groups[group].push_back(it->second);
            }
            parts[it->second].files.push_back(&f);
            parts[it->second].bytes += bytes;
        }
    }
    if (progress) progress(scan.at);
    std::vector<std::pair<std::uint64_t, const std::vector<std::size_t>*>> by_size;
    for (const auto& [name, members] : groups) {
        std::uint64_t bytes = 0;
        for (const std::size_t i : members) bytes += parts[i].bytes;
        by_size.emplace_back(bytes, &members);
    }
    std::stable_sort(by_size.begin(), by_size.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });

    // Two workers where there are two cores and two groups: the largest groups first, each to the
    // lighter share.
    const bool two = std::thread::hardware_concurrency() > 1 && by_size.size() > 1;
    Share shares[2];
    for (const auto& [bytes, members] : by_size) {
        Share& to = two && shares[1].bytes < shares[0].bytes ? shares[1] : shares[0];
        to.bytes += bytes;
        for (const std::size_t i : *members) to.parts.push_back(std::move(parts[i]));
    }
    // A worker that yields lowers its own thread's priority (from the one it was started with), which
    // it could not raise again: it is never the caller's thread.
    const auto work = [&](const Share& share, EventFolder& into, unsigned worker) {
        if (yield_) {
            const auto tid = static_cast<id_t>(::gettid());
            errno = 0;
            const int now = ::getpriority(PRIO_PROCESS, tid);
            if (errno == 0) ::setpriority(PRIO_PROCESS, tid, std::min(now + kYieldingNice, 19));
        }
        read_share(share, into, scan, worker);
    };
    EventFolder second(folder.options());
    std::thread helper;
    if (two) helper = std::thread(work, std::cref(shares[1]), std::ref(second), 1u);
    if (yield_)
        std::thread(work, std::cref(shares[0]), std::ref(folder), 0u).join();
    else
        work(shares[0], folder, 0);
    if (helper.joinable()) helper.join();
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
