// Reads agent-log files into an EventFolder: each line through its format's reader, Claude Code's
// copies and replays sorted out, the calls folded with their door ("claude-code", "codex").
//
// Usage:
//   agentlogs::LogReader reader(agentlogs::LogFormat::claude_code, folder);
//   auto file = reader.open(info);                  // info from list_log_files()
//   reader.feed(file, bytes, now_ms());             // as often as bytes come; complete lines only count
#pragma once

#include "claude_copies.hpp"
#include "claude_copy_print.hpp"
#include "codex_session.hpp"
#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/line_splitter.hpp"
#include "costpanel/core/u64_map.hpp"
#include "json_line.hpp"
#include "log_offsets.hpp"
#include "log_tree.hpp"

#include <memory>
#include <optional>

namespace costpanel::agentlogs {

// A transcript line may hold a large tool result or an image: far past the protocol's 1 MiB, and
// still a line to step over, not an error. Memory stays within this bound whatever the file's size.
inline constexpr std::size_t kMaxLogLine = 64 * 1024 * 1024;

struct LogCounts
{
    std::uint64_t lines = 0;    // complete lines read
    std::uint64_t calls = 0;    // lines that were calls (copies and replays included)
    std::uint64_t skipped = 0;  // not JSON, or not usage: a log is not a protocol stream
    std::uint64_t bad = 0;      // usage that was not usage (rejected, with the reason, in the folder)
};

// A file as it is being read: where its lines stand, and what its format carries from line to line.
struct LogFile
{
    LogFileInfo info;
    std::string source;  // what rejections name: the file's path
    LineSplitter splitter{kMaxLogLine};
    std::optional<CodexSession> codex;
};

// Takes up a file where a mark left it: its line count and its format's state. False (the file then
// stays at its start, state and all) when the state cannot be taken back; the caller seeks to
// mark.offset.
bool resume(LogFile& file, const FileMark& mark);
// Where `file` stands after `pos` bytes: up to its last complete line (an unterminated one is read
// again, whole, next time), with its line count and its format's state there.
FileMark mark_of(const LogFile& file, unsigned long long dev, unsigned long long ino, off_t pos);

class LogReader
{
public:
    LogReader(LogFormat format, EventFolder& folder);

    LogFile open(const LogFileInfo& info) const;
    // Splits `bytes` into lines and reads the complete ones; an unterminated last line waits.
    // `padded`: kLinePadding bytes past `bytes` may be read (not written): lines are parsed in place.
    void feed(LogFile& file, std::string_view bytes, TimeMs received, bool padded = false);
    // `may_be_call`: what may_be_claude_code_call(line) is, when it is known already.
    void read_line(LogFile& file, std::string_view line, std::uint64_t number, TimeMs received,
                   const bool* may_be_call = nullptr);

    const LogCounts& counts() const { return counts_; }

private:
    LogFormat format_;
    EventFolder& folder_;
    JsonLine json_;
    ClaudeCodeLine claude_line_;
    ClaudeCopies copies_;
    U64Map<std::uint64_t> prints_;  // of the call lines read: ids -> usage (claude_copy_print.hpp)
    Event codex_event_;
    std::string reason_;
    LogCounts counts_;
};

}  // namespace costpanel::agentlogs
