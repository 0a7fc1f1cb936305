// A file followed as it grows (tail -F): survives truncation and rotation, and remembers how far it
// read, so that a restart neither loses nor repeats lines.
#pragma once

#include "costpanel/core/line_splitter.hpp"
#include "platform/unique_fd.hpp"
#include "source.hpp"

#include <memory>
#include <sys/types.h>

namespace costpanel {

class FileFollower final : public Source
{
public:
    // The directory must exist; the file may appear later. Throws SourceError.
    static std::unique_ptr<FileFollower> open(const std::string& path, const std::string& offsets_dir);
    ~FileFollower() override;

    std::string name() const override { return "file:" + path_; }
    void adopted(ReadContext& ctx) override { catch_up(ctx); }
    void want(std::vector<pollfd>& fds) override;
    void ready(const pollfd* fds, std::size_t count, ReadContext& ctx) override;
    void drain(ReadContext& ctx) override;
    bool needs_timer() const override { return !inotify_; }

private:
    FileFollower(std::string path, std::string offsets_file, UniqueFd inotify);
    void catch_up(ReadContext& ctx);
    bool open_file(bool resume);
    void read_to_end(ReadContext& ctx);
    void remember_offset();

    std::string path_;
    std::string offsets_file_;  // empty: offsets are not remembered
    UniqueFd inotify_;
    UniqueFd file_;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
    off_t read_pos_ = 0;  // bytes of the current file read so far
    off_t saved_ = -1;    // the offset last written to offsets_file_
    LineSplitter splitter_;
};

}  // namespace costpanel
