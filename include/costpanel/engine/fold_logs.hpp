// costpanel: agent logs (Claude Code's, Codex's) read whole, as `import`, `report --logs` and
// `summarize --logs` read them.
//
// Usage:
//   costpanel::LogsScan scan({costpanel::SourceSpec::parse_logs("claude-code")}, offsets_dir);
//   const auto read = scan.fold(folder, [&](costpanel::Batch&& b) { store.add(...); });
//   if (store.flush()) scan.remember();   // the next scan starts where this one stopped
#pragma once

#include "costpanel/core/batch.hpp"
#include "costpanel/core/event_folder.hpp"
#include "costpanel/engine/source_spec.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace costpanel {

struct LogsProgress
{
    std::uint64_t files = 0, files_done = 0;
    std::uint64_t bytes = 0, bytes_done = 0;  // of what there was to read when the scan began
};

struct LogsRead
{
    std::vector<std::string> trees;  // "claude-code:/home/ana/.claude", ...
    std::uint64_t files = 0;         // files read (some perhaps only from where the last scan stopped)
    std::uint64_t bytes = 0;
    std::uint64_t lines = 0, calls = 0, skipped = 0, bad = 0;  // see agent logs' counts in the README
    std::vector<std::string> problems;                         // files that could not be read, each with why
};

class LogsScan
{
public:
    // `specs`: claude_code_logs / codex_logs sources. `offsets_dir` empty: every file is read from its
    // start and nothing is remembered; else each from where the last remembered scan stopped. Finds
    // the trees and their files now.
    LogsScan(const std::vector<SourceSpec>& specs, const std::string& offsets_dir);
    ~LogsScan();
    LogsScan(const LogsScan&) = delete;
    LogsScan& operator=(const LogsScan&) = delete;

    const std::vector<std::string>& trees() const;
    // The groups the files are read in: Claude Code's projects (a project's files stay together, so
    // its copies and replays are sorted out within it), Codex's sessions.
    std::size_t groups() const;
    // Reads every file's complete lines into `folder` (an unterminated last line waits for its
    // newline), handing `sink` a batch every few thousand events and after the last file. On two
    // cores, two workers take the groups, the largest first, each the next as it finishes one: the
    // second folds into a folder of its own made with `folder`'s options, and `sink` and `progress`
    // are called one at a time, from either.
    LogsRead fold(EventFolder& folder, const std::function<void(Batch&&)>& sink,
                  const std::function<void(const LogsProgress&)>& progress = {});
    // As fold(), but each group is folded into a folder of its own (made with `options`) and handed
    // to the sink as sink(batch, group), from either worker, two groups at once. What is added up per
    // group (a report in memory) needs no lock, and, added up in the groups' order, is the same
    // whichever worker read which. A sink that reads a batch without taking its records (moving them
    // out) has them reused for the next.
    LogsRead fold_apart(const EventFolder::Options& options,
                        const std::function<void(Batch&&, std::size_t group)>& sink,
                        const std::function<void(const LogsProgress&)>& progress = {});
    // The workers yield the CPU to the process's other threads (they run at nice 10, on threads of
    // their own): an import's store writer is the slower half of it, and then has a core to itself.
    void yield_to_others(bool yield) { yield_ = yield; }
    // Remembers how far fold() read, for the next scan; false (errno set) when it could not.
    bool remember();

private:
    void run_workers(const std::function<void(unsigned worker)>& work);

    struct Impl;
    std::unique_ptr<Impl> impl_;
    bool yield_ = false;
};

}  // namespace costpanel
