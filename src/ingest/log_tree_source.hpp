// An agent's log tree followed live (PROTOCOL.md, "Other sources"). What its files held when it was
// opened is history: read in slices between the worker's looks at its descriptors, into a folder of
// its own whose batches go to the history sink (the store), never into the live session. What is
// written after, in any file of the tree (new project and session folders included), is live.
// How far each file was read is remembered, so a restart neither re-reads nor misses.
#pragma once

#include "agentlogs/log_offsets.hpp"
#include "agentlogs/log_reader.hpp"
#include "agentlogs/log_tree.hpp"
#include "costpanel/core/event_folder.hpp"
#include "platform/unique_fd.hpp"
#include "source.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

namespace costpanel {

class LogTreeSource final : public Source
{
public:
    using HistorySink = std::function<void(Batch&&)>;  // called on the worker thread

    // Lists the tree's files now; each file's size is where its history ends and its live part begins.
    // `history` empty: the history is read only for what the live part needs (Codex's running state),
    // and goes nowhere.
    static std::unique_ptr<LogTreeSource> open(agentlogs::LogTree tree, const std::string& offsets_dir,
                                               EventFolder::Options history_folder, HistorySink history);
    ~LogTreeSource() override;
    // What the tree held at the start that is still to read (before the worker takes it over).
    std::uint64_t history_bytes() const;

    std::string name() const override { return tree_.name; }
    void adopted(ReadContext& ctx) override;
    void want(std::vector<pollfd>& fds) override;
    void ready(const pollfd* fds, std::size_t count, ReadContext& ctx) override;
    void drain(ReadContext& ctx) override;
    bool needs_timer() const override { return !inotify_ || unwatched_; }
    bool has_backlog() const override { return next_history_ != nullptr; }
    void work_on_backlog(ReadContext& ctx) override;

private:
    struct File
    {
        agentlogs::LogFile log;
        unsigned long long dev = 0, ino = 0;
        off_t pos = 0;              // bytes read
        off_t history_end = 0;      // bytes that are history; live beyond
        agentlogs::FileMark start;  // what was remembered at the start: kept until the history is read
        bool unreadable = false;    // said so already
    };

    LogTreeSource(agentlogs::LogTree tree, std::string offsets_dir, EventFolder::Options history_folder,
                  HistorySink history);
    void watch_tree();
    void watch_directory(const std::string& dir, bool created_now, ReadContext* ctx);
    File& track(const agentlogs::LogFileInfo& info, bool created_now);
    // Reads the file's history up to `budget` bytes; true when it is done.
    bool read_history(File& f, std::size_t budget, ReadContext& ctx);
    void read_live(File& f, ReadContext& ctx);
    void catch_up_all(ReadContext& ctx);
    void pick_next_history();
    void remember(bool now);
    void rescan(ReadContext& ctx);

    agentlogs::LogTree tree_;
    agentlogs::LogOffsets offsets_;
    EventFolder history_folder_;
    HistorySink history_sink_;
    std::unique_ptr<agentlogs::LogReader> history_reader_;
    std::unique_ptr<agentlogs::LogReader> live_reader_;  // made once the worker's folder is known
    UniqueFd inotify_;
    bool unwatched_ = false;                     // a directory could not be watched: rescan on the timer
    std::unordered_map<int, std::string> dirs_;  // watch descriptor -> directory
    std::set<std::string> watched_;              // the directories of dirs_, watched in full
    std::map<std::string, File> files_;          // by path
    File* next_history_ = nullptr;
    std::vector<char> buffer_ = std::vector<char>(1 << 20);
    std::uint64_t slice_done_ = 0;  // history bytes read in this slice, counted once it is handed over
    std::int64_t last_saved_ms_ = 0;
    bool dirty_ = false;
};

}  // namespace costpanel
