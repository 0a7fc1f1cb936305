// costpanel summarize: a stream in, the session's numbers out, exactly as the panel would show them.
#include "commands.hpp"
#include "log_sources.hpp"

#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/summary.hpp"
#include "costpanel/engine/fold_logs.hpp"
#include "costpanel/engine/fold_stream.hpp"
#include "costpanel/engine/source_spec.hpp"

#include <iostream>

namespace costpanel::app {

int run(const SummarizeArgs& args)
{
    std::shared_ptr<const PriceTable> prices;
    try {
        prices = load_price_table(args.pricing);
    } catch (const PriceFileError& e) {
        std::cerr << "costpanel summarize: " << e.what() << "\n";
        return 1;
    }

    EventFolder folder({prices, {}});
    SessionState state;
    bool unreadable = false;  // a log file that could not be read: the summary says what the rest held
    try {
        if (args.logs.empty()) {
            fold_stream(args.input, folder, [&](Batch&& b) { state.apply(b); });
        } else {
            LogsScan scan(log_specs(args.logs), /*offsets_dir=*/"");
            if (scan.trees().empty()) throw SourceError(no_logs_found(args.logs));
            const LogsRead read = scan.fold(folder, [&](Batch&& b) { state.apply(b); });
            for (const std::string& p : read.problems) std::cerr << "costpanel summarize: " << p << "\n";
            unreadable = !read.problems.empty();
        }
    } catch (const SourceError& e) {
        std::cerr << "costpanel summarize: " << e.what() << "\n";
        return 1;
    }
    std::cout << session_summary(state).dump(1) << "\n";
    return unreadable ? 1 : 0;
}

}  // namespace costpanel::app
