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
    ReportRow total{.key = "total", .calls = r.calls, .cost_usd = r.total_usd};
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

int run(const ReportArgs& args)
{
    Report r;
    try {
        r = History(db_path(args.db, AppConfig::load())).report(args.by, args.range);  // --by is checked
    } catch (const std::exception& e) {
        std::cerr << "costpanel report: " << e.what() << "\n";
        return 1;
    }
    if (args.format == "table") {
        print_table(r, std::cout);
    } else if (args.format == "json") {
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
