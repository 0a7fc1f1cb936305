// costpanel export: the stored calls themselves, for a spreadsheet or another tool.
#include "app_config.hpp"
#include "commands.hpp"

#include <iostream>

namespace costpanel::app {

int run(const ExportArgs& args)
{
    try {
        const std::string db = db_path(args.db, AppConfig::load());
        History(db).export_calls(args.range, args.format == "csv" ? ExportFormat::csv : ExportFormat::json,
                                 std::cout);
    } catch (const std::exception& e) {
        std::cerr << "costpanel export: " << e.what() << "\n";
        return 1;
    }
    return std::cout.good() ? 0 : 1;
}

}  // namespace costpanel::app
