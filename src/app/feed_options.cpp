#include "feed_options.hpp"

#include "costpanel/core/paths.hpp"

#include <unistd.h>

namespace costpanel::app {

void FeedOptions::default_sources()
{
    if (!sources.empty()) return;
    sources.push_back("unix:" + default_socket_path());
    if (!::isatty(STDIN_FILENO)) sources.push_back("stdin");
}

}  // namespace costpanel::app
