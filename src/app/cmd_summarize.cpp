// costpanel summarize: a stream in, the session's numbers out, exactly as the panel would show them.
#include "cli_args.hpp"
#include "commands.hpp"

#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/summary.hpp"
#include "costpanel/engine/fold_stream.hpp"
#include "costpanel/engine/source_spec.hpp"

#include <iostream>

namespace costpanel::app {

namespace {

constexpr const char* kUsage = "usage: costpanel summarize [--pricing FILE] [FILE|-]\n"
                               "Applies a JSON-lines event stream (standard input when FILE is - or absent)\n"
                               "as the panel does and prints the session summary as JSON.\n"
                               "  --pricing FILE  price table to use instead of the built-in one\n"
                               "                  (costpanel's format or LiteLLM's, detected)\n";

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

    EventFolder folder({prices, {}});
    SessionState state;
    try {
        fold_stream(input, folder, [&](Batch&& b) { state.apply(b); });
    } catch (const SourceError& e) {
        std::cerr << "costpanel summarize: " << e.what() << "\n";
        return 1;
    }
    std::cout << session_summary(state).dump(1) << "\n";
    return 0;
}

}  // namespace costpanel::app
