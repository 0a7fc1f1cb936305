// The Claude Code log rows of costpanel_bench (issue 12, "Speed and memory"): costpanel reading a
// generated Claude Code tree, side by side with ccusage reading the same tree. Figures, not verdicts.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace bench {

struct LogsOptions
{
    std::string costpanel;            // the costpanel executable
    std::string child;                // costpanel_bench_child, which runs and measures each command
    std::string ccusage_package;      // bench/ccusage: package.json and package-lock.json
    std::string ccusage_install;      // where `npm ci` installs it (in the build directory)
    std::size_t calls = 200'000;      // distinct API calls in the tree
    std::size_t session_calls = 300;  // calls in each session appended for "import again"
    int runs = 3;                     // each figure is the best of this many
};

struct LogsRow
{
    std::string what, costpanel, ccusage, ratio, goal;
    std::vector<std::string> commands;  // what measured the figures, as a shell would run them
};

struct LogsReport
{
    std::string heading;  // the tree and the peer
    std::vector<LogsRow> rows;
    std::vector<std::string> notes;  // what could not be measured, and why
};

LogsReport measure_claude_code_logs(const LogsOptions& options);

}  // namespace bench
