// costpanel report: what the stored history cost, by period or by what spent it.
#include "app_config.hpp"
#include "commands.hpp"
#include "log_sources.hpp"
#include "store_access.hpp"

#include "costpanel/core/format.hpp"
#include "costpanel/core/reported_cost.hpp"
#include "costpanel/engine/fold_logs.hpp"
#include "costpanel/store/call_report.hpp"
#include "costpanel/store/history.hpp"

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

namespace costpanel::app {

namespace {

// The marks of a cost that is not exact: + a lower bound (unpriced calls count $0), ~ an estimate.
std::string marks(std::uint64_t unpriced, std::uint64_t approximate, std::uint64_t standard_rate)
{
    return std::string(unpriced ? "+" : "") + (approximate || standard_rate ? "~" : "");
}

// "2026-11-20 09:30" in the report's zone.
std::string started_text(const ReportRow& row, const TimeZone& zone)
{
    return row.started_ms ? zone.day_of(row.started_ms) + " " + zone.clock_of(row.started_ms).substr(0, 5)
                          : "";
}

// What the report covers, as a sentence: "Calls from 2026-11-20 to 2026-11-22 (Asia/Tokyo)".
std::string coverage(const Report& r, const DayRange& asked)
{
    const std::string zone = " (" + r.timezone + ")";
    if (r.calls > 0)
        return (r.from == r.to ? "Calls on " + r.from : "Calls from " + r.from + " to " + r.to) + zone;
    if (!asked.from.empty() && !asked.to.empty())
        return (asked.from == asked.to ? "No calls on " + asked.from
                                       : "No calls from " + asked.from + " to " + asked.to) +
               zone;
    if (!asked.from.empty()) return "No calls since " + asked.from + zone;
    if (!asked.to.empty()) return "No calls up to " + asked.to + zone;
    return "No calls stored" + zone;
}

void print_table(const Report& r, const DayRange& asked, const TimeZone& zone, std::ostream& out)
{
    const bool sessions = r.by == "session";
    std::vector<std::string> heads{r.by};
    if (sessions) heads.insert(heads.end(), {"conductor's session", "started"});
    const std::size_t first_number = heads.size();
    heads.insert(heads.end(), {"calls", "input", "output", "cache read", "cache write", "cost", ""});
    const std::size_t mark = heads.size() - 1;

    std::vector<std::vector<std::string>> cells;
    const auto add_row = [&](const ReportRow& row, const std::string& key) {
        std::vector<std::string> c{key};
        if (sessions) c.insert(c.end(), {row.label.empty() ? "-" : row.label, started_text(row, zone)});
        c.insert(c.end(), {format_count(row.calls), format_count(row.input_tokens),
                           format_count(row.output_tokens), format_count(row.cache_read_tokens),
                           format_count(row.cache_write_tokens), format_usd(row.cost_usd),
                           marks(row.unpriced_calls, row.approximate_calls, row.standard_rate_calls)});
        cells.push_back(std::move(c));
    };
    ReportRow total{.calls = r.calls, .cost_usd = r.total_usd};
    for (const ReportRow& row : r.rows) {
        add_row(row, row.key);
        for (const ReportRow& m : row.models) {
            add_row(m, "  " + m.key);
            if (sessions) cells.back()[1] = cells.back()[2] = "";
        }
        total.input_tokens += row.input_tokens;
        total.output_tokens += row.output_tokens;
        total.cache_read_tokens += row.cache_read_tokens;
        total.cache_write_tokens += row.cache_write_tokens;
    }
    total.unpriced_calls = r.unpriced_calls;
    total.approximate_calls = r.approximate_calls;
    total.standard_rate_calls = r.standard_rate_calls;
    add_row(total, "total");
    if (sessions) cells.back()[1] = cells.back()[2] = "";

    std::vector<std::size_t> width(heads.size());
    for (std::size_t c = 0; c < heads.size(); ++c) {
        width[c] = display_width(heads[c]);
        for (const auto& row : cells) width[c] = std::max(width[c], display_width(row[c]));
    }
    // Text columns to the left, numbers to the right; the mark hugs the cost it qualifies.
    const auto line = [&](const std::vector<std::string>& row) {
        std::string text;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::string pad(width[c] - display_width(row[c]), ' ');
            if (c == mark)
                text += row[c] + pad;
            else
                text += (c ? "  " : "") + (c < first_number ? row[c] + pad : pad + row[c]);
        }
        out << text.substr(0, text.find_last_not_of(' ') + 1) << "\n";
    };
    line(heads);
    for (std::size_t i = 0; i + 1 < cells.size(); ++i) line(cells[i]);
    std::size_t rule = 0;
    for (std::size_t c = 0; c < mark; ++c) rule += (c ? 2 : 0) + width[c];
    out << std::string(rule + width[mark], '-') << "\n";
    line(cells.back());

    if (r.unpriced_calls)
        out << "+ " << counted(r.unpriced_calls, "call")
            << " unpriced (no price matched the model, counted as "
            << "$0): the total is a lower bound\n";
    if (r.approximate_calls || r.standard_rate_calls) {
        std::string why;
        if (r.approximate_calls)
            why = counted(r.approximate_calls, "call") + " priced as a model the id only extends";
        if (r.standard_rate_calls)
            why += (why.empty() ? counted(r.standard_rate_calls, "call")
                                : ", " + format_count(r.standard_rate_calls)) +
                   " at standard rates for want of the service tier's";
        out << "~ " << why << ": the total is an estimate\n";
    }
    if (reported_cost_differs(r.reported_cost_usd, r.reported_calls_cost_usd))
        out << "reported by the clients: " << format_usd(r.reported_cost_usd) << " for the "
            << counted(r.reported_calls, "call") << " that carried a cost, which our prices make "
            << format_usd(r.reported_calls_cost_usd) << "\n";
    out << coverage(r, asked) << "\n";
}

nlohmann::ordered_json json_of(const Report& r, const TimeZone& zone, bool breakdown)
{
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const ReportRow& row : r.rows) {
        nlohmann::ordered_json j{{"key", row.key}};
        if (r.by == "session") {
            j["label"] = row.label.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(row.label);
            j["started"] = row.started_ms ? nlohmann::ordered_json(zone.rfc3339(row.started_ms))
                                          : nlohmann::ordered_json();
        }
        j.update(nlohmann::ordered_json{{"calls", row.calls},
                                        {"input_tokens", row.input_tokens},
                                        {"output_tokens", row.output_tokens},
                                        {"cache_read_tokens", row.cache_read_tokens},
                                        {"cache_write_tokens", row.cache_write_tokens},
                                        {"cost_usd", row.cost_usd},
                                        {"unpriced_calls", row.unpriced_calls},
                                        {"approximate_calls", row.approximate_calls},
                                        {"standard_rate_calls", row.standard_rate_calls},
                                        {"reported_cost_usd", row.reported_cost_usd},
                                        {"reported_calls", row.reported_calls},
                                        {"reported_calls_cost_usd", row.reported_calls_cost_usd}});
        if (breakdown) {
            nlohmann::ordered_json models = nlohmann::ordered_json::array();
            for (const ReportRow& m : row.models)
                models.push_back({{"model", m.key},
                                  {"calls", m.calls},
                                  {"input_tokens", m.input_tokens},
                                  {"output_tokens", m.output_tokens},
                                  {"cache_read_tokens", m.cache_read_tokens},
                                  {"cache_write_tokens", m.cache_write_tokens},
                                  {"cost_usd", m.cost_usd},
                                  {"unpriced_calls", m.unpriced_calls},
                                  {"approximate_calls", m.approximate_calls},
                                  {"standard_rate_calls", m.standard_rate_calls}});
            j["models"] = std::move(models);
        }
        rows.push_back(std::move(j));
    }
    const auto day_or_null = [](const std::string& d) {
        return d.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(d);
    };
    return {{"from", day_or_null(r.from)},
            {"to", day_or_null(r.to)},
            {"by", r.by},
            {"timezone", r.timezone},
            {"total_usd", r.total_usd},
            {"calls", r.calls},
            {"unpriced_calls", r.unpriced_calls},
            {"approximate_calls", r.approximate_calls},
            {"standard_rate_calls", r.standard_rate_calls},
            {"reported_cost_usd", r.reported_cost_usd},
            {"reported_calls", r.reported_calls},
            {"reported_calls_cost_usd", r.reported_calls_cost_usd},
            {"rows", rows}};
}

void print_csv(const Report& r, const TimeZone& zone, bool breakdown, std::ostream& out)
{
    const bool sessions = r.by == "session";
    // Numbers as JSON writes them: every digit a double needs, in the C locale.
    const auto number = [](double v) { return nlohmann::json(v).dump(); };
    out << csv_cell(r.by) << (sessions ? ",label,started" : "") << (breakdown ? ",model" : "")
        << ",calls,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,cost_usd,unpriced_calls,"
           "approximate_calls,standard_rate_calls,reported_cost_usd,reported_calls,reported_calls_cost_"
           "usd\r\n";
    // With --breakdown a row's models follow it, each with the row's key and its own model.
    const auto line = [&](const ReportRow& parent, const ReportRow& row, const std::string& model) {
        out << csv_cell(parent.key);
        if (sessions)
            out << ',' << csv_cell(parent.label) << ','
                << (parent.started_ms ? zone.rfc3339(parent.started_ms) : "");
        if (breakdown) out << ',' << csv_cell(model);
        out << ',' << row.calls << ',' << row.input_tokens << ',' << row.output_tokens << ','
            << row.cache_read_tokens << ',' << row.cache_write_tokens << ',' << number(row.cost_usd) << ','
            << row.unpriced_calls << ',' << row.approximate_calls << ',' << row.standard_rate_calls << ','
            << number(row.reported_cost_usd) << ',' << row.reported_calls << ','
            << number(row.reported_calls_cost_usd) << "\r\n";
    };
    for (const ReportRow& row : r.rows) {
        line(row, row, "");
        for (const ReportRow& m : row.models) line(row, m, m.key);
    }
}

}  // namespace

// The agent logs read whole into a report in memory: no store is opened or written.
constexpr std::size_t kRejectionsShown = 10;

// `notes`: the lines rejected (their usage not a usage), said on standard error; `problems`: files
// that could not be read (the exit then says so).
Report report_logs(const ReportArgs& args, const TimeZone& zone, std::vector<std::string>& notes,
                   std::vector<std::string>& problems)
{
    LogsScan scan(log_specs(args.logs), /*offsets_dir=*/"");
    if (scan.trees().empty()) throw SourceError(no_logs_found(args.logs));
    EventFolder::Options options{load_price_table(), {}};
    options.keep_records = true;
    options.keep_usage = false;
    // A report for each group of the logs (a project), added up in the groups' order at the end: the
    // sums' last bits are the same whichever worker read which, run after run.
    struct Share
    {
        std::uint64_t rejected = 0;
        std::vector<std::string> notes;
    };
    std::vector<CallReport> reports;
    for (std::size_t g = 0; g < std::max<std::size_t>(scan.groups(), 1); ++g)
        reports.emplace_back(args.by, zone, args.range, args.breakdown);
    std::vector<Share> shares(reports.size());
    const LogsRead read = scan.fold_apart(options, [&](Batch&& b, std::size_t group) {
        CallReport& report = reports[group];  // its worker's alone
        Share& share = shares[group];
        for (const CallRecord& c : b.calls) report.add(c);
        // A usage that is not one is not silently left out: the first few are named, all counted.
        share.rejected += b.counters.rejected;
        for (const Rejection& r : b.rejections)
            if (share.notes.size() < kRejectionsShown)
                share.notes.push_back(r.origin.source + ":" + std::to_string(r.origin.line) + ": " +
                                      r.reason);
    });
    std::uint64_t rejected = 0;
    for (Share& share : shares) {
        rejected += share.rejected;
        for (std::string& note : share.notes)
            if (notes.size() < kRejectionsShown) notes.push_back(std::move(note));
    }
    const CallReport all = CallReport::merged(std::move(reports));
    if (rejected > notes.size())
        notes.push_back("and " + counted(rejected - notes.size(), "more line") + " rejected");
    problems = read.problems;
    return all.report();
}

int run(const ReportArgs& args)
{
    std::vector<std::string> notes, problems;  // log lines rejected, log files that could not be read
    Report r;
    TimeZone zone = TimeZone::utc();
    try {
        const AppConfig config = AppConfig::load();
        zone = reader_zone(args.timezone, config);
        if (args.logs.empty()) {
            const std::string db = db_path(args.db, config);
            const OpenedHistory opened = open_history(db, zone);
            if (opened.fresh) std::cerr << "costpanel report: " << no_history_yet(db) << "\n";
            r = opened.history->report(args.by, args.range, args.breakdown);  // --by is checked
        } else {
            r = report_logs(args, zone, notes, problems);
        }
    } catch (const std::exception& e) {
        std::cerr << "costpanel report: " << e.what() << "\n";
        return 1;
    }
    if (args.format == "table")
        print_table(r, args.range, zone, std::cout);
    else if (args.format == "json")
        std::cout << json_of(r, zone, args.breakdown).dump(1) << "\n";
    else
        print_csv(r, zone, args.breakdown, std::cout);
    for (const std::string& n : notes) std::cerr << "costpanel report: " << n << "\n";
    for (const std::string& p : problems) std::cerr << "costpanel report: " << p << "\n";
    return std::cout.good() && problems.empty() ? 0 : 1;
}

}  // namespace costpanel::app
