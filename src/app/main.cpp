// costpanel: the command line (cli.cpp) picks the command; each lives in its own cmd_*.cpp.
#include "commands.hpp"

#include <sqlite3.h>

int main(int argc, char** argv)
{
    using namespace costpanel::app;
    // Before SQLite starts: without its memory statistics, an allocation takes no process-wide lock
    // (an import's writer allocates for every row). The process is costpanel's own; a host that embeds
    // the library keeps its settings.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Command command;
    if (const auto stop = parse_command_line(argc, argv, command)) return *stop;
    return std::visit([](const auto& args) { return run(args); }, command);
}
