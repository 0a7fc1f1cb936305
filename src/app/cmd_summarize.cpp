// costpanel summarize: a stream in, the session's numbers out, exactly as the panel would show them.
#include "commands.hpp"

#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/summary.hpp"
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
    try {
        fold_stream(args.input, folder, [&](Batch&& b) { state.apply(b); });
    } catch (const SourceError& e) {
        std::cerr << "costpanel summarize: " << e.what() << "\n";
        return 1;
    }
    std::cout << session_summary(state).dump(1) << "\n";
    return 0;
}

}  // namespace costpanel::app
