// The costpanel commands; each returns the process exit code: 0 success, 1 unreadable input or a
// failure at run time, 2 bad usage.
#pragma once

namespace costpanel::app {

int run_summarize(int argc, char** argv);
int run_demo_stream(int argc, char** argv);
int run_watch(int argc, char** argv);
int run_import(int argc, char** argv);
int run_report(int argc, char** argv);
int run_export(int argc, char** argv);
int run_budget(int argc, char** argv);
// The window: argv[1..] are its options (no command word).
int run_window(int argc, char** argv);

}  // namespace costpanel::app
