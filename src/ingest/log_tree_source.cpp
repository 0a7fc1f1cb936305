#include "log_tree_source.hpp"

#include "costpanel/core/paths.hpp"
#include "costpanel/engine/source_spec.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace costpanel {

namespace {

// History is read this much a round: a few milliseconds, so a live line waits no longer than that.
constexpr std::size_t kHistorySlice = 4 * 1024 * 1024;
// How far files were read is written at most this often while following (and always at the end).
constexpr std::int64_t kRememberEveryMs = 1000;

constexpr std::uint32_t kDirEvents =
    IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_DELETE_SELF;

bool is_dir(const std::string& path)
{
    struct stat st
    {
    };
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

std::unique_ptr<LogTreeSource> LogTreeSource::open(agentlogs::LogTree tree, const std::string& offsets_dir,
                                                   EventFolder::Options history_folder, HistorySink history)
{
    history_folder.keep_records = static_cast<bool>(history);
    auto source = std::unique_ptr<LogTreeSource>(
        new LogTreeSource(std::move(tree), offsets_dir, std::move(history_folder), std::move(history)));
    // Watched first, then listed: whatever is written after the listing is seen as an event.
    source->watch_tree();
    for (const agentlogs::LogFileInfo& info : agentlogs::list_log_files(source->tree_))
        source->track(info, false);
    source->pick_next_history();
    return source;
}

LogTreeSource::LogTreeSource(agentlogs::LogTree tree, std::string offsets_dir,
                             EventFolder::Options history_folder, HistorySink history)
    : tree_(std::move(tree)), offsets_(std::move(offsets_dir), tree_.name),
      history_folder_(std::move(history_folder)), history_sink_(std::move(history)),
      history_reader_(std::make_unique<agentlogs::LogReader>(tree_.format, history_folder_)),
      inotify_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC))
{
    offsets_.load();
}

LogTreeSource::~LogTreeSource()
{
    remember(/*now=*/true);
}

void LogTreeSource::watch_tree()
{
    for (const std::string& root : tree_.roots) {
        if (is_dir(root)) {
            watch_directory(root, false, nullptr);
            continue;
        }
        // Not there yet (Codex's archived_sessions/ until a session is archived, a new config
        // directory's projects/): its parent is watched for it, so an idle source never polls.
        const std::string parent = parent_directory(root);
        const int wd = inotify_ && is_dir(parent) ? ::inotify_add_watch(inotify_.get(), parent.c_str(),
                                                                        IN_CREATE | IN_MOVED_TO | IN_ONLYDIR)
                                                  : -1;
        if (wd < 0)
            unwatched_ = true;  // nor its parent: looked for on the timer
        else
            dirs_[wd] = parent;
    }
}

void LogTreeSource::watch_directory(const std::string& dir, bool created_now, ReadContext* ctx)
{
    if (!inotify_) {
        unwatched_ = true;
        return;
    }
    if (!watched_.count(dir)) {
        const int wd = ::inotify_add_watch(inotify_.get(), dir.c_str(), kDirEvents | IN_ONLYDIR);
        if (wd < 0) {
            unwatched_ = true;  // out of watches (fs.inotify.max_user_watches): the timer's rescans cover it
        } else {
            dirs_[wd] = dir;
            watched_.insert(dir);
        }
    }
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        const std::string path = it->path().string();
        if (it->is_directory(type_ec)) {
            watch_directory(path, created_now, ctx);
        } else if (created_now && ctx && !files_.count(path)) {
            // A file in a folder made after the start: all of it is live.
            agentlogs::LogFileInfo info;
            if (!agentlogs::describe_log_file(tree_, path, info)) continue;
            read_live(track(info, true), *ctx);
        }
    }
}

LogTreeSource::File& LogTreeSource::track(const agentlogs::LogFileInfo& info, bool created_now)
{
    File& f = files_[info.path];
    f.log = history_reader_->open(info);
    struct stat st
    {
    };
    if (::stat(info.path.c_str(), &st) == 0) {
        f.dev = static_cast<unsigned long long>(st.st_dev);
        f.ino = static_cast<unsigned long long>(st.st_ino);
    }
    f.pos = 0;
    f.history_end = created_now ? 0 : info.size;
    f.start = {};
    if (!created_now) {
        if (const agentlogs::FileMark* mark = offsets_.find(info.path, f.dev, f.ino, info.size);
            mark && agentlogs::resume(f.log, *mark)) {
            f.start = *mark;
            f.pos = mark->offset;
        }
        f.start.dev = f.dev;
        f.start.ino = f.ino;
    }
    return f;
}

std::uint64_t LogTreeSource::history_bytes() const
{
    std::uint64_t history = 0;
    for (const auto& [path, f] : files_)
        if (f.history_end > f.pos) history += static_cast<std::uint64_t>(f.history_end - f.pos);
    return history;
}

void LogTreeSource::adopted(ReadContext& ctx)
{
    live_reader_ = std::make_unique<agentlogs::LogReader>(tree_.format, ctx.folder);
}

void LogTreeSource::pick_next_history()
{
    next_history_ = nullptr;
    for (auto& [path, f] : files_) {
        if (f.pos < f.history_end) {
            next_history_ = &f;
            return;
        }
    }
}

void LogTreeSource::work_on_backlog(ReadContext& ctx)
{
    std::size_t budget = kHistorySlice;
    while (next_history_ && budget > 0) {
        File& f = *next_history_;
        const off_t before = f.pos;
        const bool done = read_history(f, budget, ctx);
        budget -= std::min<std::size_t>(budget, static_cast<std::size_t>(f.pos - before));
        if (done) {
            // Its history read, the file's mark is its live position from now on; and what was
            // appended while the history was read is live.
            read_live(f, ctx);
            pick_next_history();
        } else if (f.pos == before) {
            break;
        }
    }
    if (history_folder_.has_pending()) {
        Batch b = history_folder_.take_batch();
        if (history_sink_) history_sink_(std::move(b));
    }
    // Counted as read once handed over: all of it read means all of it is with the store.
    ctx.history_bytes_done.fetch_add(std::exchange(slice_done_, 0), std::memory_order_relaxed);
    remember(/*now=*/next_history_ == nullptr);
}

bool LogTreeSource::read_history(File& f, std::size_t budget, ReadContext& ctx)
{
    UniqueFd fd(::open(f.log.info.path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st
    {
    };
    if (!fd || ::fstat(fd.get(), &st) != 0 || static_cast<unsigned long long>(st.st_ino) != f.ino ||
        st.st_size < f.pos) {
        // Gone, replaced or cut short since the start: what it holds now is read as live.
        slice_done_ += static_cast<std::uint64_t>(f.history_end - f.pos);
        f.history_end = f.pos;
        return true;
    }
    const std::uint64_t skipped_before = history_reader_->counts().skipped;
    while (f.pos < f.history_end && budget > 0) {
        const std::size_t want =
            std::min({buffer_.size(), budget, static_cast<std::size_t>(f.history_end - f.pos)});
        const ssize_t got = ::pread(fd.get(), buffer_.data(), want, f.pos);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            // Shorter than it was: the rest of its history is not there to read.
            slice_done_ += static_cast<std::uint64_t>(f.history_end - f.pos);
            f.history_end = f.pos;
            break;
        }
        f.pos += got;
        budget -= static_cast<std::size_t>(got);
        slice_done_ += static_cast<std::uint64_t>(got);
        history_reader_->feed(f.log, std::string_view(buffer_.data(), static_cast<std::size_t>(got)),
                              ctx.now);
    }
    ctx.log_lines_skipped.fetch_add(history_reader_->counts().skipped - skipped_before,
                                    std::memory_order_relaxed);
    dirty_ = true;
    return f.pos >= f.history_end;
}

void LogTreeSource::read_live(File& f, ReadContext& ctx)
{
    if (f.pos < f.history_end || !live_reader_) return;  // its history first: lines keep their order
    UniqueFd fd(::open(f.log.info.path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st
    {
    };
    if (!fd || ::fstat(fd.get(), &st) != 0) {
        // Said once a file (in the toolbar's rejections), not on every change to it; the rest goes on.
        const int error = errno;
        if (error != ENOENT && !f.unreadable) {
            Rejection r;
            r.origin.source = f.log.info.path;
            r.reason = std::string("cannot read: ") + std::strerror(error);
            ctx.folder.add_rejection(std::move(r));
        }
        f.unreadable = error != ENOENT;
        return;
    }
    f.unreadable = false;
    const auto dev = static_cast<unsigned long long>(st.st_dev);
    const auto ino = static_cast<unsigned long long>(st.st_ino);
    if (dev != f.dev || ino != f.ino || st.st_size < f.pos) {
        // Rewritten or truncated: read again from its start. Ids make the re-read count nothing twice.
        const agentlogs::LogFileInfo info = f.log.info;
        f.log = live_reader_->open(info);
        f.dev = dev;
        f.ino = ino;
        f.pos = f.history_end = 0;
    }
    const agentlogs::LogCounts before = live_reader_->counts();
    for (;;) {
        const ssize_t got = ::pread(fd.get(), buffer_.data(), buffer_.size(), f.pos);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        f.pos += got;
        ctx.bytes.fetch_add(static_cast<std::uint64_t>(got), std::memory_order_relaxed);
        live_reader_->feed(f.log, std::string_view(buffer_.data(), static_cast<std::size_t>(got)), ctx.now);
        dirty_ = true;
    }
    const agentlogs::LogCounts& after = live_reader_->counts();
    ctx.lines.fetch_add(after.lines - before.lines, std::memory_order_relaxed);
    ctx.log_lines_skipped.fetch_add(after.skipped - before.skipped, std::memory_order_relaxed);
}

void LogTreeSource::catch_up_all(ReadContext& ctx)
{
    for (auto& [path, f] : files_) read_live(f, ctx);
}

void LogTreeSource::rescan(ReadContext& ctx)
{
    unwatched_ = false;
    watch_tree();
    for (const agentlogs::LogFileInfo& info : agentlogs::list_log_files(tree_))
        if (!files_.count(info.path)) read_live(track(info, true), ctx);
    catch_up_all(ctx);
}

void LogTreeSource::want(std::vector<pollfd>& fds)
{
    if (inotify_) fds.push_back({inotify_.get(), POLLIN, 0});
}

void LogTreeSource::ready(const pollfd* /*fds*/, std::size_t /*count*/, ReadContext& ctx)
{
    bool overflow = false;
    if (inotify_) {
        alignas(inotify_event) char events[16384];
        for (;;) {
            const ssize_t n = ::read(inotify_.get(), events, sizeof events);
            if (n <= 0) break;
            for (ssize_t at = 0; at < n;) {
                const auto* e = reinterpret_cast<const inotify_event*>(events + at);
                at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
                if (e->mask & IN_Q_OVERFLOW) {
                    overflow = true;
                    continue;
                }
                if (e->mask & IN_IGNORED) {
                    if (const auto gone = dirs_.find(e->wd); gone != dirs_.end()) {
                        watched_.erase(gone->second);
                        dirs_.erase(gone);
                    }
                    continue;
                }
                const auto dir = dirs_.find(e->wd);
                if (dir == dirs_.end() || e->len == 0) continue;
                const std::string path = dir->second + "/" + e->name;
                if (e->mask & IN_ISDIR) {
                    // A root's parent is watched too: of what appears there, only the root is ours.
                    if ((e->mask & (IN_CREATE | IN_MOVED_TO)) && agentlogs::in_tree(tree_, path))
                        watch_directory(path, true, &ctx);
                    continue;
                }
                if (e->mask & (IN_DELETE | IN_MOVED_FROM)) {
                    if (const auto it = files_.find(path); it != files_.end()) {
                        if (next_history_ == &it->second) next_history_ = nullptr;
                        files_.erase(it);
                        offsets_.forget(path);
                        dirty_ = true;
                        if (!next_history_) pick_next_history();
                    }
                    continue;
                }
                auto it = files_.find(path);
                if (it == files_.end()) {
                    agentlogs::LogFileInfo info;
                    if (!agentlogs::describe_log_file(tree_, path, info)) continue;
                    it = files_.find(track(info, true).log.info.path);
                }
                read_live(it->second, ctx);
            }
        }
    }
    if (overflow || unwatched_) rescan(ctx);
    remember(/*now=*/false);
    (void)ctx;
}

void LogTreeSource::drain(ReadContext& ctx)
{
    catch_up_all(ctx);
    if (history_folder_.has_pending()) {
        Batch b = history_folder_.take_batch();
        if (history_sink_) history_sink_(std::move(b));
    }
    remember(/*now=*/true);
}

void LogTreeSource::remember(bool now)
{
    // With no store to keep the history, nothing is remembered: what was read here (history and
    // live) is read again, as history, by the next run that has one.
    if (!dirty_ || !history_sink_) return;
    const std::int64_t t = now_ms();
    if (!now && t - last_saved_ms_ < kRememberEveryMs) return;
    for (const auto& [path, f] : files_) {
        if (f.pos < f.history_end) {
            // Its history not all read: the next start reads it from where this one began.
            if (f.start.offset > 0 || !f.start.state.empty()) offsets_.set(path, f.start);
            continue;
        }
        offsets_.set(path, agentlogs::mark_of(f.log, f.dev, f.ino, f.pos));
    }
    offsets_.save();
    last_saved_ms_ = t;
    dirty_ = false;
}

}  // namespace costpanel
