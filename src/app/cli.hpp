// The command line: what each command takes, once checked. The commands, their options, the checks
// and every help text are defined in one place, cli.cpp (with CLI11), so the help cannot leave out an
// option a command takes.
#pragma once

#include "feed_options.hpp"

#include "costpanel/store/history.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace costpanel::app {

// `costpanel` with no command word.
struct WindowArgs
{
    FeedOptions feed;
    bool demo = false;
    double demo_rate = 6.0;
    std::optional<std::string> db;        // unset: the config file's, else the default (db_path)
    std::optional<std::string> timezone;  // a zone the system knows; unset: the config's, else local
    std::string control;
};

struct WatchArgs
{
    FeedOptions feed;
    std::string offsets_dir;
    std::string db;  // empty: no store
};

struct SummarizeArgs
{
    std::string pricing;
    std::string input = "-";
    std::vector<std::string> logs;  // agent logs read whole instead of a stream
};

struct DemoStreamArgs
{
    double rate = 0;
    std::optional<long long> count;  // unset: 1000 without a rate, endless with one
    unsigned long long seed = 1;
};

struct ImportArgs
{
    std::optional<std::string> db;
    std::string pricing;
    std::vector<std::string> files;  // "-": standard input (at most once)
    std::vector<std::string> logs;   // agent logs, from where the last import of each file stopped
};

struct ReportArgs
{
    std::optional<std::string> db;
    std::optional<std::string> timezone;  // as WindowArgs'
    DayRange range;
    std::string by = "day";
    std::string format = "table";
    std::vector<std::string> logs;  // agent logs read whole, in memory: no store
    bool breakdown = false;         // per-model rows under each
};

struct ExportArgs
{
    std::optional<std::string> db;
    std::optional<std::string> timezone;
    DayRange range;
    std::string format;
};

struct BudgetArgs
{
    std::optional<std::string> db;
    std::string config;  // empty: the default config file
    std::optional<std::string> timezone;
    std::optional<double> daily_usd, monthly_usd, warn_at;
};

using Command = std::variant<WindowArgs, WatchArgs, SummarizeArgs, DemoStreamArgs, ImportArgs, ReportArgs,
                             ExportArgs, BudgetArgs>;

// Reads the command line into `command`. Returns the exit code when the process should stop there:
// 0 after --help or --version; 2 after bad usage, with the reason and the command's help on stderr
// (3 for `budget`, which speaks the monitoring-plugins convention: UNKNOWN, with its one line on stdout).
std::optional<int> parse_command_line(int argc, char** argv, Command& command);

}  // namespace costpanel::app
