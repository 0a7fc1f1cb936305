// How far each file of a log tree has been read, remembered across runs (like a followed file's
// offset), so that a restart or a second import reads only what is new.
//
// One file per tree in the offsets directory, named by a hash of the tree's name; written whole to a
// temporary file and renamed, so a crash leaves the old marks or the new, never half of them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <sys/types.h>

namespace costpanel::agentlogs {

struct FileMark
{
    unsigned long long dev = 0, ino = 0;
    off_t offset = 0;         // complete lines before it were read
    std::uint64_t lines = 0;  // how many
    std::string state;        // the format's reader state there (Codex); empty for none
};

class LogOffsets
{
public:
    // `dir` empty: nothing is remembered (load() finds nothing, save() does nothing).
    LogOffsets(std::string dir, const std::string& tree_name);

    void load();
    // False when the marks could not be written (the reason in errno's message, from why()).
    bool save() const;

    // The mark of `path` when it is still the same file (device and inode) and not shorter.
    const FileMark* find(const std::string& path, unsigned long long dev, unsigned long long ino,
                         off_t size) const;
    void set(const std::string& path, FileMark mark) { marks_[path] = std::move(mark); }
    void forget(const std::string& path) { marks_.erase(path); }

private:
    std::string path_;  // empty: nothing remembered
    std::string tree_;
    std::map<std::string, FileMark> marks_;
};

}  // namespace costpanel::agentlogs
