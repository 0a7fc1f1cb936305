// costpanel export: the stored calls themselves, for a spreadsheet or another tool.
#include "app_config.hpp"
#include "commands.hpp"

#include <iostream>

namespace costpanel::app {

namespace {

constexpr const char* kUsage =
    "usage: costpanel export [--db PATH] [--from DATE] [--to DATE] --format csv|json\n"
    "Every stored call in the range, oldest first, with the rates it was priced at.\n"
    "CSV follows RFC 4180; a cell a spreadsheet would run as a formula is defused.\n";

}  // namespace

int run_export(int argc, char** argv)
{
    std::string db, format;
    DayRange range;
    if (const auto stop = parse_command("export", kUsage, argc, argv, [&](CliArgs& args) {
            db = take_db_path(args, AppConfig::load());
            range = take_day_range(args);
            format = args.value("--format").value_or("");
            if (format != "csv" && format != "json") throw UsageError("--format takes csv or json");
            if (!args.positionals().empty()) throw UsageError("no positional arguments");
        }))
        return *stop;
    try {
        History(db).export_calls(range, format == "csv" ? ExportFormat::csv : ExportFormat::json, std::cout);
    } catch (const std::exception& e) {
        std::cerr << "costpanel export: " << e.what() << "\n";
        return 1;
    }
    return std::cout.good() ? 0 : 1;
}

}  // namespace costpanel::app
