// costpanel demo-stream: the built-in demo conductor's events on standard output.
#include "commands.hpp"

#include "costpanel/core/demo_conductor.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

namespace costpanel::app {

int run(const DemoStreamArgs& args)
{
    const double rate = args.rate;
    const long long count = args.count.value_or(rate > 0 ? 0 : 1000);

    // A reader that goes away ends the stream quietly.
    std::signal(SIGPIPE, SIG_IGN);
    DemoConductor demo(args.seed);
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
