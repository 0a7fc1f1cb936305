// costpanel summarize: a stream in, the session's numbers out, exactly as the panel would show them.
#include "cli_args.hpp"
#include "commands.hpp"

#include "costpanel/event_folder.hpp"
#include "costpanel/line_splitter.hpp"
#include "costpanel/summary.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <unistd.h>

namespace costpanel::app {

namespace {

constexpr const char* kUsage = "usage: costpanel summarize [--pricing FILE] [FILE|-]\n"
                               "Applies a JSON-lines event stream (standard input when FILE is - or absent)\n"
                               "as the panel does and prints the session summary as JSON.\n"
                               "  --pricing FILE  price table to use instead of the built-in one\n"
                               "                  (costpanel's format or LiteLLM's, detected)\n";

// Applies what was folded so far every so many events, so a long stream needs little memory.
constexpr std::uint64_t kEventsPerBatch = 4096;

}  // namespace

int run_summarize(int argc, char** argv)
{
    std::string pricing;
    std::string input = "-";
    if (const auto stop = parse_command("summarize", kUsage, argc, argv, [&](CliArgs& args) {
            pricing = args.value("--pricing").value_or("");
            const auto rest = args.positionals();
            if (rest.size() > 1) throw UsageError("one input at most");
            if (!rest.empty()) input = rest[0];
        }))
        return *stop;

    std::shared_ptr<const PriceTable> prices;
    try {
        prices = load_price_table(pricing);
    } catch (const PriceFileError& e) {
        std::cerr << "costpanel summarize: " << e.what() << "\n";
        return 1;
    }

    const bool from_stdin = input == "-";
    const int fd = from_stdin ? STDIN_FILENO : ::open(input.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        std::cerr << "costpanel summarize: cannot read " << input << ": " << std::strerror(errno) << "\n";
        return 1;
    }
    const std::string source = from_stdin ? "stdin" : input;

    EventFolder folder({prices, {}});
    SessionState state;
    LineSplitter splitter;
    const auto on_line = [&](std::string_view line, std::uint64_t n) {
        folder.add_line(line, source, n, now_ms());
    };
    const auto on_too_long = [&](std::uint64_t n) {
        folder.add_rejection({{source, n}, "line longer than 1 MiB"});
    };
    std::vector<char> buffer(1 << 16);
    for (;;) {
        const ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            std::cerr << "costpanel summarize: cannot read " << input << ": " << std::strerror(errno) << "\n";
            if (!from_stdin) ::close(fd);
            return 1;
        }
        if (got == 0) break;
        splitter.feed(std::string_view(buffer.data(), static_cast<std::size_t>(got)), on_line, on_too_long);
        if (folder.pending_events() >= kEventsPerBatch) state.apply(folder.take_batch());
    }
    splitter.finish(on_line);
    state.apply(folder.take_batch());
    if (!from_stdin) ::close(fd);

    std::cout << session_summary(state).dump(1) << "\n";
    return 0;
}

}  // namespace costpanel::app
