// costpanel demo-stream: the built-in demo conductor's events on standard output.
#include "cli_args.hpp"
#include "commands.hpp"

#include "costpanel/core/demo_conductor.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

namespace costpanel::app {

namespace {

constexpr const char* kUsage =
    "usage: costpanel demo-stream [--rate N] [--count M] [--seed S]\n"
    "Prints a believable multi-tier conductor run as JSON lines.\n"
    "  --rate N   events per second (default 0: as fast as the reader takes them)\n"
    "  --count M  stop after M events (default 1000 without --rate, endless with it; 0: endless)\n"
    "  --seed S   the run to replay: the same seed gives the same calls (default 1)\n";

}  // namespace

int run_demo_stream(int argc, char** argv)
{
    double rate = 0;
    long long count = -1;
    unsigned long long seed = 1;
    if (const auto stop = parse_command("demo-stream", kUsage, argc, argv, [&](CliArgs& args) {
            if (auto v = args.value("--rate")) rate = CliArgs::to_number("--rate", *v, 0, 1e7);
            if (auto v = args.value("--count")) count = CliArgs::to_integer("--count", *v, 0, 1LL << 50);
            if (auto v = args.value("--seed"))
                seed = static_cast<unsigned long long>(CliArgs::to_integer("--seed", *v, 0, 1LL << 62));
            if (!args.positionals().empty()) throw UsageError("no positional arguments");
        }))
        return *stop;
    if (count < 0) count = rate > 0 ? 0 : 1000;

    // A reader that goes away ends the stream quietly.
    std::signal(SIGPIPE, SIG_IGN);
    DemoConductor demo(seed);
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    for (long long n = 0; count == 0 || n < count; ++n) {
        if (rate > 0) {
            // Paced against the start, so a slow write does not drift the rate.
            std::this_thread::sleep_until(start +
                                          std::chrono::duration<double>(static_cast<double>(n) / rate));
        }
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        std::string line = demo.next_line(now);
        line += '\n';
        if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size()) return errno == EPIPE ? 0 : 1;
        if (rate > 0 && std::fflush(stdout) != 0) return errno == EPIPE ? 0 : 1;
    }
    return std::fflush(stdout) == 0 || errno == EPIPE ? 0 : 1;
}

}  // namespace costpanel::app
