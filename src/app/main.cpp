// costpanel: the command line (cli.cpp) picks the command; each lives in its own cmd_*.cpp.
#include "commands.hpp"

int main(int argc, char** argv)
{
    using namespace costpanel::app;
    Command command;
    if (const auto stop = parse_command_line(argc, argv, command)) return *stop;
    return std::visit([](const auto& args) { return run(args); }, command);
}
