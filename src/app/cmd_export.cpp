// costpanel export: the stored calls themselves, for a spreadsheet or another tool.
#include "app_config.hpp"
#include "commands.hpp"
#include "store_access.hpp"

#include <iostream>

namespace costpanel::app {

int run(const ExportArgs& args)
{
    try {
        const AppConfig config = AppConfig::load();
        const std::string db = db_path(args.db, config);
        const OpenedHistory opened = open_history(db, reader_zone(args.timezone, config));
        // A fresh machine exports no calls, in the format asked (a CSV header, an empty array).
        if (opened.fresh) std::cerr << "costpanel export: " << no_history_yet(db) << "\n";
        opened.history->export_calls(
            args.range, args.format == "csv" ? ExportFormat::csv : ExportFormat::json, std::cout);
    } catch (const std::exception& e) {
        std::cerr << "costpanel export: " << e.what() << "\n";
        return 1;
    }
    return std::cout.good() ? 0 : 1;
}

}  // namespace costpanel::app
