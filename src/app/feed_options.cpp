#include "feed_options.hpp"

#include "costpanel/core/paths.hpp"

#include <unistd.h>

namespace costpanel::app {

void FeedOptions::default_sources()
{
    if (!sources.empty() || !logs.empty()) return;
    sources.push_back("unix:" + default_socket_path());
    if (!::isatty(STDIN_FILENO)) sources.push_back("stdin");
    // The agent logs wherever they are found; none found, none followed (nothing is created).
    if (!no_logs) logs = {"claude-code", "codex"};
}

}  // namespace costpanel::app
