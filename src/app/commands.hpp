// The costpanel commands, each given its options as parse_command_line (cli.hpp) checked them. Each
// returns the process exit code: 0 success, 1 unreadable input or a failure at run time, 2 bad usage;
// budget's are the monitoring-plugins convention (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
#pragma once

#include "cli.hpp"

namespace costpanel::app {

int run(const WindowArgs& args);  // no command word: the panel in a window
int run(const WatchArgs& args);
int run(const SummarizeArgs& args);
int run(const DemoStreamArgs& args);
int run(const ImportArgs& args);
int run(const ReportArgs& args);
int run(const ExportArgs& args);
int run(const BudgetArgs& args);

}  // namespace costpanel::app
