// costpanel: the command line. Each command lives in its own cmd_*.cpp.
#include "commands.hpp"

#include <cstring>
#include <iostream>

namespace {

constexpr const char* kHelp =
    "costpanel " COSTPANEL_VERSION " - what your LLM calls cost, live\n"
    "\n"
    "usage:\n"
    "  costpanel [--listen ADDR]... [--follow FILE]... [--stdin] [--pricing FILE]\n"
    "            [--tier-model \"Tier N=MODEL\"]... [--demo [--demo-rate N]] [--db PATH]\n"
    "            [--control unix:PATH]\n"
    "                             the panel in a window (costpanel --help-window for details)\n"
    "  costpanel watch [--listen unix:PATH|tcp:127.0.0.1:PORT]... [--follow FILE] [--stdin]\n"
    "                  [--pricing FILE] [--tier-model \"Tier N=MODEL\"]...\n"
    "                             live session numbers in the terminal, from sockets, a file, stdin\n"
    "  costpanel summarize [--pricing FILE] [FILE|-]\n"
    "                             apply a stream and print the session summary as JSON\n"
    "  costpanel demo-stream [--rate N] [--count M] [--seed S]\n"
    "                             print the built-in demo conductor's events\n"
    "  costpanel import [--db PATH] [--pricing FILE] FILE...\n"
    "                             store streams in the history database\n"
    "  costpanel report [--db PATH] [--from DATE] [--to DATE] [--by day|week|month|provider|model|\n"
    "                   tier|activity|session] [--format table|json|csv]\n"
    "                             what the stored history cost\n"
    "  costpanel export [--db PATH] [--from DATE] [--to DATE] --format csv|json\n"
    "                             the stored calls themselves\n"
    "  costpanel budget --check [--daily USD] [--monthly USD] [--warn-at F]\n"
    "                             exit 0 within budget, 1 past the warning, 2 over\n"
    "  costpanel --version | --help\n"
    "\n"
    "Every command takes --help. Exit codes: 0 success, 1 unreadable input or run-time failure,\n"
    "2 bad usage.\n";

}  // namespace

int main(int argc, char** argv)
{
    using namespace costpanel::app;
    if (argc > 1 &&
        (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help"))) {
        std::cout << kHelp;
        return 0;
    }
    if (argc > 1 && !std::strcmp(argv[1], "--version")) {
        std::cout << "costpanel " COSTPANEL_VERSION "\n";
        return 0;
    }
    // No command word: the window, with whatever options follow.
    if (argc < 2 || argv[1][0] == '-') {
        if (argc > 1 && !std::strcmp(argv[1], "--help-window")) argv[1] = const_cast<char*>("--help");
        return run_window(argc, argv);
    }
    const std::string command = argv[1];
    if (command == "summarize") return run_summarize(argc, argv);
    if (command == "demo-stream") return run_demo_stream(argc, argv);
    if (command == "watch") return run_watch(argc, argv);
    if (command == "import") return run_import(argc, argv);
    if (command == "report") return run_report(argc, argv);
    if (command == "export") return run_export(argc, argv);
    if (command == "budget") return run_budget(argc, argv);
    std::cerr << "costpanel: unknown command '" << command << "'\n\n" << kHelp;
    return 2;
}
