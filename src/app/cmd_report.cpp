// costpanel report: what the stored history cost, by period or by what spent it.
#include "app_config.hpp"
#include "commands.hpp"

#include "costpanel/core/format.hpp"
#include "costpanel/store/history.hpp"

#include <algorithm>
#include <array>
#include <iostream>
#include <nlohmann/json.hpp>

namespace costpanel::app {

namespace {

constexpr const char* kUsage =
    "usage: costpanel report [--db PATH] [--from DATE] [--to DATE]\n"
    "                        [--by day|week|month|provider|model|tier|activity|session]\n"
    "                        [--format table|json|csv]\n"
    "What the stored calls cost, grouped (default: by day), with a total. Dates are local days,\n"
    "YYYY-MM-DD, inclusive; a week is keyed by its Monday.\n";

void print_table(const Report& r, std::ostream& out)
{
    const char* heads[] = {"calls", "input", "output", "cache read", "cache write", "cost"};
    std::vector<std::array<std::string, 7>> cells;
    const auto row_cells = [](const std::string& key, const ReportRow& row) {
        return std::array<std::string, 7>{key,
                                          format_count(row.calls),
                                          format_count(row.input_tokens),
                                          format_count(row.output_tokens),
                                          format_count(row.cache_read_tokens),
                                          format_count(row.cache_write_tokens),
                                          format_usd(row.cost_usd)};
    };
    ReportRow total{"total", r.calls, 0, 0, 0, 0, r.total_usd};
    for (const ReportRow& row : r.rows) {
        cells.push_back(row_cells(row.key, row));
        total.input_tokens += row.input_tokens;
        total.output_tokens += row.output_tokens;
        total.cache_read_tokens += row.cache_read_tokens;
        total.cache_write_tokens += row.cache_write_tokens;
    }
    std::array<std::size_t, 7> width{r.by.size()};
    for (int c = 1; c < 7; ++c) width[static_cast<std::size_t>(c)] = std::string(heads[c - 1]).size();
    const auto total_cells = row_cells("total", total);
    for (const auto& row : cells)
        for (std::size_t c = 0; c < 7; ++c) width[c] = std::max(width[c], row[c].size());
    for (std::size_t c = 0; c < 7; ++c) width[c] = std::max(width[c], total_cells[c].size());
    const auto line = [&](const std::array<std::string, 7>& row) {
        out << row[0] << std::string(width[0] - row[0].size(), ' ');
        for (std::size_t c = 1; c < 7; ++c)
            out << "  " << std::string(width[c] - row[c].size(), ' ') << row[c];
        out << "\n";
    };
    line({r.by, heads[0], heads[1], heads[2], heads[3], heads[4], heads[5]});
    for (const auto& row : cells) line(row);
    std::size_t rule = width[0];
    for (std::size_t c = 1; c < 7; ++c) rule += 2 + width[c];
    out << std::string(rule, '-') << "\n";
    line(total_cells);
    out << (r.from.empty() ? "no calls stored" : "from " + r.from + " to " + r.to) << "\n";
}

}  // namespace

int run_report(int argc, char** argv)
{
    std::string db, by = "day", format = "table";
    DayRange range;
    if (const auto stop = parse_command("report", kUsage, argc, argv, [&](CliArgs& args) {
            db = take_db_path(args, AppConfig::load());
            range = take_day_range(args);
            by = args.value("--by").value_or(by);
            format = args.value("--format").value_or(format);
            if (format != "table" && format != "json" && format != "csv")
                throw UsageError("--format takes table, json or csv");
            if (!args.positionals().empty()) throw UsageError("no positional arguments");
        }))
        return *stop;
    Report r;
    try {
        r = History(db).report(by, range);
    } catch (const std::invalid_argument& e) {
        std::cerr << "costpanel report: " << e.what() << "\n" << kUsage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "costpanel report: " << e.what() << "\n";
        return 1;
    }
    if (format == "table") {
        print_table(r, std::cout);
    } else if (format == "json") {
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (const ReportRow& row : r.rows)
            rows.push_back({{"key", row.key},
                            {"calls", row.calls},
                            {"input_tokens", row.input_tokens},
                            {"output_tokens", row.output_tokens},
                            {"cache_read_tokens", row.cache_read_tokens},
                            {"cache_write_tokens", row.cache_write_tokens},
                            {"cost_usd", row.cost_usd}});
        const auto day_or_null = [](const std::string& d) {
            return d.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(d);
        };
        std::cout << nlohmann::ordered_json{{"from", day_or_null(r.from)},
                                            {"to", day_or_null(r.to)},
                                            {"by", r.by},
                                            {"total_usd", r.total_usd},
                                            {"calls", r.calls},
                                            {"rows", rows}}
                         .dump(1)
                  << "\n";
    } else {
        std::cout << csv_cell(r.by)
                  << ",calls,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,cost_usd\r\n";
        for (const ReportRow& row : r.rows)
            std::cout << csv_cell(row.key) << ',' << row.calls << ',' << row.input_tokens << ','
                      << row.output_tokens << ',' << row.cache_read_tokens << ',' << row.cache_write_tokens
                      << ',' << row.cost_usd << "\r\n";
    }
    return 0;
}

}  // namespace costpanel::app
