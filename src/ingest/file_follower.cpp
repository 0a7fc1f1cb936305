#include "file_follower.hpp"

#include "costpanel/core/paths.hpp"
#include "costpanel/engine/source_spec.hpp"
#include "platform/text.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/inotify.h>
#include <sys/stat.h>

namespace costpanel {

namespace {

std::string absolute(const std::string& path)
{
    if (!path.empty() && path[0] == '/') return path;
    char cwd[4096];
    return ::getcwd(cwd, sizeof cwd) ? std::string(cwd) + "/" + path : path;
}

// One offsets file per followed path, named by a hash of the path (FNV-1a).
std::string offsets_name(const std::string& abs_path)
{
    return fnv1a_hex(abs_path) + ".offset";
}

struct Remembered
{
    unsigned long long dev = 0, ino = 0, offset = 0, lines = 0;
};

std::optional<Remembered> read_remembered(const std::string& file, const std::string& abs_path)
{
    std::ifstream in(file);
    std::string path;
    Remembered r;
    if (!std::getline(in, path) || path != abs_path || !(in >> r.dev >> r.ino >> r.offset >> r.lines))
        return std::nullopt;
    return r;
}

}  // namespace

std::unique_ptr<FileFollower> FileFollower::open(const std::string& path, const std::string& offsets_dir)
{
    const std::string abs = absolute(path);
    const std::string dir = parent_directory(abs);
    struct stat st
    {
    };
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw SourceError("file:" + path + ": the directory " + dir + " does not exist");
    if (::stat(abs.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        throw SourceError("file:" + path + ": is a directory");

    std::string offsets_file;
    if (!offsets_dir.empty() && make_private_dirs(offsets_dir))
        offsets_file = offsets_dir + "/" + offsets_name(abs);

    // Watching the directory sees appends, truncation, and a rotation's rename and re-creation alike.
    UniqueFd inotify(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (inotify && ::inotify_add_watch(inotify.get(), dir.c_str(),
                                       IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE |
                                           IN_CLOSE_WRITE | IN_ATTRIB) < 0)
        inotify.reset();
    auto follower =
        std::unique_ptr<FileFollower>(new FileFollower(abs, std::move(offsets_file), std::move(inotify)));
    follower->open_file(/*resume=*/true);
    return follower;
}

FileFollower::FileFollower(std::string path, std::string offsets_file, UniqueFd inotify)
    : path_(std::move(path)), offsets_file_(std::move(offsets_file)), inotify_(std::move(inotify))
{
}

FileFollower::~FileFollower()
{
    remember_offset();
}

bool FileFollower::open_file(bool resume)
{
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st
    {
    };
    if (!fd || ::fstat(fd.get(), &st) != 0) return false;
    file_ = std::move(fd);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    read_pos_ = 0;
    saved_ = -1;
    splitter_ = LineSplitter();
    if (resume && !offsets_file_.empty()) {
        const auto r = read_remembered(offsets_file_, path_);
        // The same file, not shorter than where we stopped: carry on from there.
        if (r && r->dev == st.st_dev && r->ino == st.st_ino && static_cast<off_t>(r->offset) <= st.st_size &&
            ::lseek(file_.get(), static_cast<off_t>(r->offset), SEEK_SET) >= 0) {
            read_pos_ = static_cast<off_t>(r->offset);
            splitter_.set_lines(r->lines);
        }
    }
    return true;
}

void FileFollower::want(std::vector<pollfd>& fds)
{
    if (inotify_) fds.push_back({inotify_.get(), POLLIN, 0});
}

void FileFollower::ready(const pollfd* /*fds*/, std::size_t /*count*/, ReadContext& ctx)
{
    if (inotify_) {
        // The events only say "look again"; what changed is read off the file itself.
        alignas(inotify_event) char events[4096];
        while (::read(inotify_.get(), events, sizeof events) > 0) {}
    }
    catch_up(ctx);
}

void FileFollower::drain(ReadContext& ctx)
{
    catch_up(ctx);
}

void FileFollower::read_to_end(ReadContext& ctx)
{
    const std::string source = name();
    for (;;) {
        const ssize_t got = ::read(file_.get(), ctx.buffer.data(), ctx.buffer.size());
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return;
        read_pos_ += got;
        ctx.bytes.fetch_add(static_cast<std::uint64_t>(got), std::memory_order_relaxed);
        splitter_.feed(
            std::string_view(ctx.buffer.data(), static_cast<std::size_t>(got)),
            [&](std::string_view line, std::uint64_t n) {
                ctx.folder.add_line(line, source, n, ctx.now);
                ctx.lines.fetch_add(1, std::memory_order_relaxed);
            },
            [&](std::uint64_t n) {
                ctx.folder.add_rejection({{source, n}, "line longer than 1 MiB"});
                ctx.lines.fetch_add(1, std::memory_order_relaxed);
            });
    }
}

void FileFollower::catch_up(ReadContext& ctx)
{
    if (!file_ && !open_file(/*resume=*/true)) return;
    struct stat st
    {
    };
    if (::fstat(file_.get(), &st) == 0 && st.st_size < read_pos_) {
        // Truncated in place (copytruncate): start again from its beginning.
        ::lseek(file_.get(), 0, SEEK_SET);
        read_pos_ = 0;
        splitter_ = LineSplitter();
    }
    read_to_end(ctx);

    struct stat at_path
    {
    };
    const bool exists = ::stat(path_.c_str(), &at_path) == 0;
    if (!exists || at_path.st_dev != dev_ || at_path.st_ino != ino_) {
        // Rotated or removed: the old file is read to its end above, and its writer has moved on, so
        // an unterminated last line is complete. Then the new file, from its start.
        splitter_.finish([&](std::string_view line, std::uint64_t n) {
            ctx.folder.add_line(line, name(), n, ctx.now);
            ctx.lines.fetch_add(1, std::memory_order_relaxed);
        });
        file_.reset();
        if (exists && open_file(/*resume=*/false)) read_to_end(ctx);
    }
    remember_offset();
}

void FileFollower::remember_offset()
{
    if (offsets_file_.empty() || !file_) return;
    // Only complete lines are behind us: an unterminated one is read again after a restart.
    const off_t done = read_pos_ - static_cast<off_t>(splitter_.partial_size());
    if (done == saved_) return;
    const std::string tmp = offsets_file_ + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << path_ << "\n"
            << static_cast<unsigned long long>(dev_) << " " << static_cast<unsigned long long>(ino_) << " "
            << static_cast<unsigned long long>(done) << " " << splitter_.lines() << "\n";
        if (!out) return;
    }
    if (::rename(tmp.c_str(), offsets_file_.c_str()) == 0) saved_ = done;
}

}  // namespace costpanel
