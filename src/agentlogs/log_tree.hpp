// Where agent CLIs keep their logs (PROTOCOL.md, "Other sources"), and the files of such a tree.
#pragma once

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace costpanel::agentlogs {

enum class LogFormat
{
    claude_code,
    codex
};

const char* format_name(LogFormat format);  // "claude-code", "codex": the calls' source

// One tree of logs: a Claude config directory's projects/, or a Codex home's session folders.
struct LogTree
{
    LogFormat format = LogFormat::claude_code;
    std::string name;                // "claude-code:/home/ana/.claude": what the toolbar shows
    std::vector<std::string> roots;  // the directories searched for *.jsonl, first wins a name clash
};

// The trees for `dir` (empty: the default places and environment variables PROTOCOL.md names).
// A `dir` given is kept even when it does not exist yet (it is watched for); defaults only where they
// exist. Relative paths become absolute.
std::vector<LogTree> find_log_trees(LogFormat format, const std::string& dir);

struct LogFileInfo
{
    std::string path;
    std::string project;  // Claude Code: the directory under projects/; Codex: read from the file
    std::string stem;     // the file's name without .jsonl
    dev_t dev = 0;
    ino_t ino = 0;
    off_t size = 0;
};

// What makes two trees one: the real path of its first root (a link to a config directory is that
// directory), or its name while the root does not exist.
std::string tree_identity(const LogTree& tree);

// Every *.jsonl of the tree, sorted by path; a Codex session in sessions/ hides its archived copy.
std::vector<LogFileInfo> list_log_files(const LogTree& tree);

// True when `path` lies under the directory `root`.
bool within(const std::string& root, const std::string& path);
// True when `dir` is one of the tree's roots or lies under one.
bool in_tree(const LogTree& tree, const std::string& dir);

// What a file path within a tree is: its project (Claude Code) and stem; false when it is not a log.
bool describe_log_file(const LogTree& tree, const std::string& path, LogFileInfo& info);

}  // namespace costpanel::agentlogs
