// costpanel import: streams into the history store, applied exactly as the panel applies them.
#include "app_config.hpp"
#include "commands.hpp"

#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/format.hpp"
#include "costpanel/engine/fold_stream.hpp"
#include "costpanel/engine/source_spec.hpp"
#include "costpanel/store/store.hpp"

#include <fstream>
#include <iostream>

namespace costpanel::app {

int run(const ImportArgs& args)
{
    const std::vector<std::string>& files = args.files;
    AppConfig config;
    try {
        config = AppConfig::load();
    } catch (const std::runtime_error& e) {
        std::cerr << "costpanel import: " << e.what() << "\n";
        return 1;
    }
    const std::string db = db_path(args.db, config);
    for (const std::string& f : files) {
        if (!std::ifstream(f)) {
            std::cerr << "costpanel import: cannot read " << f << "\n";
            return 1;
        }
    }
    std::shared_ptr<const PriceTable> prices;
    try {
        prices = load_price_table(args.pricing);
    } catch (const PriceFileError& e) {
        std::cerr << "costpanel import: " << e.what() << "\n";
        return 1;
    }

    Store::Options options;
    options.path = db;
    options.retention_days = config.retention_days;
    options.label = "import";
    Store store(options);
    EventFolder::Options fold{prices, {}};
    fold.keep_records = true;
    EventFolder folder(fold);  // one folder for all files: an id seen in one is a duplicate in the next
    EventCounters counters;
    const auto hand_over = [&](Batch&& b) {
        counters += b.counters;
        store.add(std::move(b.calls), std::move(b.tier_snapshots), b.epoch);
    };
    try {
        for (const std::string& f : files) fold_stream(f, folder, hand_over);
    } catch (const SourceError& e) {
        std::cerr << "costpanel import: " << e.what() << "\n";
        return 1;
    }
    if (!store.flush()) {
        std::cerr << "costpanel import: " << store.status().problem << "\n";
        return 1;
    }
    const StoreStatus s = store.status();
    std::cout << "stored " << format_count(s.committed_calls) << " calls from " << files.size()
              << (files.size() == 1 ? " stream" : " streams") << " into " << db << "; "
              << format_count(s.duplicate_calls + counters.duplicates) << " duplicates skipped; "
              << format_count(counters.rejected) << " lines rejected\n";
    return 0;
}

}  // namespace costpanel::app
