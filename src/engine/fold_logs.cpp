#include "costpanel/engine/fold_logs.hpp"

#include "agentlogs/log_offsets.hpp"
#include "agentlogs/log_reader.hpp"
#include "agentlogs/log_tree.hpp"
#include "platform/system_error.hpp"
#include "platform/unique_fd.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace costpanel {

namespace {

// As fold_stream: batches this large keep memory flat.
constexpr std::uint64_t kEventsPerBatch = 4096;

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
    for (const SourceSpec& spec : specs) {
        if (!spec.is_logs()) continue;
        for (agentlogs::LogTree& tree : agentlogs::find_log_trees(format_of(spec), spec.path)) {
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

LogsRead LogsScan::fold(EventFolder& folder, const std::function<void(Batch&&)>& sink,
                        const std::function<void(const LogsProgress&)>& progress)
{
    LogsRead read;
    read.trees = impl_->names;
    LogsProgress at;
    for (const auto& t : impl_->trees) {
        for (const auto& f : t.files) {
            const agentlogs::FileMark* mark = t.offsets.find(f.path, f.dev, f.ino, f.size);
            at.files++;
            at.bytes += static_cast<std::uint64_t>(f.size - (mark ? mark->offset : 0));
        }
    }
    if (progress) progress(at);

    std::vector<char> buffer(1 << 20);
    const auto hand_over = [&](bool always) {
        if (always || folder.pending_events() >= kEventsPerBatch ||
            folder.pending_rejections() == Batch::kMaxRejections)
            sink(folder.take_batch());
    };
    for (auto& t : impl_->trees) {
        // One reader a tree: Claude Code's copies and replays are sorted out across its files.
        agentlogs::LogReader reader(t.tree.format, folder);
        for (const agentlogs::LogFileInfo& info : t.files) {
            UniqueFd fd(::open(info.path.c_str(), O_RDONLY | O_CLOEXEC));
            struct stat st
            {
            };
            if (!fd || ::fstat(fd.get(), &st) != 0) {
                read.problems.push_back(SystemError::from_errno("cannot read " + info.path).what());
                at.files_done++;
                continue;
            }
            agentlogs::LogFile file = reader.open(info);
            off_t start = 0;
            if (const agentlogs::FileMark* mark =
                    t.offsets.find(info.path, static_cast<unsigned long long>(st.st_dev),
                                   static_cast<unsigned long long>(st.st_ino), st.st_size)) {
                if (!mark->state.empty() && file.codex && !file.codex->restore(mark->state)) {
                    // A state it cannot take back: the file again from its start (its ids stay the same).
                } else if (::lseek(fd.get(), mark->offset, SEEK_SET) == mark->offset) {
                    start = mark->offset;
                    file.splitter.set_lines(mark->lines);
                }
            }
            if (start == 0 && file.codex) file.codex.emplace(info.stem);
            off_t pos = start;
            bool failed = false;
            for (;;) {
                const ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
                if (got < 0 && errno == EINTR) continue;
                if (got < 0) {
                    read.problems.push_back(SystemError::from_errno("cannot read " + info.path).what());
                    failed = true;
                    break;
                }
                if (got == 0) break;
                pos += got;
                read.bytes += static_cast<std::uint64_t>(got);
                at.bytes_done += static_cast<std::uint64_t>(got);
                reader.feed(file, std::string_view(buffer.data(), static_cast<std::size_t>(got)), now_ms());
                hand_over(false);
                if (progress) progress(at);
            }
            at.files_done++;
            read.files++;
            if (failed) continue;
            // Up to the last complete line: an unterminated one is read again, whole, next time.
            agentlogs::FileMark m;
            m.dev = static_cast<unsigned long long>(st.st_dev);
            m.ino = static_cast<unsigned long long>(st.st_ino);
            m.offset = pos - static_cast<off_t>(file.splitter.partial_size());
            m.lines = file.splitter.lines();
            if (file.codex) m.state = file.codex->save();
            t.offsets.set(info.path, std::move(m));
        }
        const agentlogs::LogCounts& c = reader.counts();
        read.lines += c.lines;
        read.calls += c.calls;
        read.skipped += c.skipped;
        read.bad += c.bad;
    }
    hand_over(true);
    if (progress) progress(at);
    return read;
}

bool LogsScan::remember()
{
    bool ok = true;
    for (const auto& t : impl_->trees) ok = t.offsets.save() && ok;
    return ok;
}

}  // namespace costpanel
