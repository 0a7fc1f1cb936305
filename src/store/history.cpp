#include "costpanel/store/history.hpp"

#include "costpanel/core/time.hpp"
#include "day_range_sql.hpp"
#include "sqlite.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace costpanel {

namespace {

// The SQL expression a report groups by, over the daily roll-up (all but session).
const char* group_expression(const std::string& by)
{
    if (by == "day") return "day";
    if (by == "week") return "date(day, '-6 days', 'weekday 1')";
    if (by == "month") return "substr(day, 1, 7)";
    if (by == "provider") return "provider";
    if (by == "model") return "provider || '/' || model";
    if (by == "tier") return "CASE tier WHEN '' THEN '(none)' ELSE tier END";
    if (by == "activity") return "CASE activity WHEN '' THEN '(none)' ELSE activity END";
    return nullptr;
}

}  // namespace

std::string csv_cell(const std::string& text)
{
    std::string cell = text;
    if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                          cell[0] == '\t' || cell[0] == '\r'))
        cell.insert(0, 1, '\'');
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (const char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

History::History(const std::string& path)
{
    try {
        db_ = std::make_unique<sql::Database>(path, /*create=*/false, /*read_only=*/true);
        db_->exec("SELECT 1 FROM daily LIMIT 1");  // a costpanel store, readable
    } catch (const sql::Error& e) {
        throw std::runtime_error(std::string("cannot read the history store: ") + e.what());
    }
}

History::~History() = default;

Report History::report(const std::string& by, const DayRange& range)
{
    Report r;
    r.by = by;
    const std::string where = std::string(" WHERE") + store::kDaysInRange;
    std::string query;
    if (by == "session") {
        // Sessions come from the raw calls: the roll-up has no session column.
        query = std::string("SELECT session_id, COUNT(*), SUM(input_tokens), SUM(output_tokens), "
                            "SUM(cache_read_tokens), SUM(cache_write_tokens + cache_write_1h_tokens), "
                            "SUM(cost_usd) FROM calls WHERE") +
                store::kCallsInRange + "GROUP BY session_id ORDER BY 7 DESC";
    } else if (const char* key = group_expression(by)) {
        const bool by_time = by == "day" || by == "week" || by == "month";
        query = std::string("SELECT ") + key +
                " AS k, SUM(calls), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), "
                "SUM(cache_write_tokens), SUM(cost_usd) FROM daily" +
                where + " GROUP BY k ORDER BY " + (by_time ? "k" : "7 DESC, k");
    } else {
        throw std::invalid_argument(
            "--by takes day, week, month, provider, model, tier, activity or session");
    }
    auto st = db_->prepare(query);
    st.bind(1, range.from).bind(2, range.to);
    while (st.step()) {
        ReportRow row{st.text(0),  static_cast<std::uint64_t>(st.int64(1)),
                      st.int64(2), st.int64(3),
                      st.int64(4), st.int64(5),
                      st.real(6)};
        r.total_usd += row.cost_usd;
        r.calls += row.calls;
        r.rows.push_back(std::move(row));
    }
    auto span = db_->prepare("SELECT MIN(day), MAX(day) FROM daily" + where);
    span.bind(1, range.from).bind(2, range.to);
    span.step();
    r.from = range.from.empty() ? span.text(0) : range.from;
    r.to = range.to.empty() ? span.text(1) : range.to;
    return r;
}

double History::spent(const DayRange& range)
{
    auto st =
        db_->prepare(std::string("SELECT COALESCE(SUM(cost_usd), 0) FROM daily WHERE") + store::kDaysInRange);
    st.bind(1, range.from).bind(2, range.to);
    st.step();
    return st.real(0);
}

void History::export_calls(const DayRange& range, ExportFormat format, std::ostream& out)
{
    auto st = db_->prepare(
        "SELECT ts_ms, session_id, conductor_session, event_id, provider, model, tier, activity, category, "
        "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, "
        "reasoning_tokens, latency_ms, success, error, cache_hit, routing_reason, priced, cost_usd, "
        "rate_input, "
        "rate_output, rate_cache_read, rate_cache_write, rate_cache_write_1h, long_context FROM calls WHERE" +
        std::string(store::kCallsInRange) + "ORDER BY ts_ms, id");
    st.bind(1, range.from).bind(2, range.to);
    const int n = st.columns();
    if (format == ExportFormat::csv) {
        out << "time";
        for (int c = 1; c < n; ++c) out << ',' << st.column_name(c);
        out << "\r\n";
    } else {
        out << "[";
    }
    bool first = true;
    while (st.step()) {
        if (format == ExportFormat::csv) {
            out << format_rfc3339(st.int64(0));
            for (int c = 1; c < n; ++c) {
                out << ',';
                if (!st.is_null(c)) out << csv_cell(st.text(c));
            }
            out << "\r\n";
        } else {
            nlohmann::ordered_json row;
            row["time"] = format_rfc3339(st.int64(0));
            for (int c = 1; c < n; ++c) {
                const std::string name = st.column_name(c);
                if (st.is_null(c))
                    row[name] = nullptr;
                else if (name.ends_with("_tokens") || name == "success" || name == "priced" ||
                         name == "cache_hit" || name == "long_context")
                    row[name] = st.int64(c);
                else if (name == "latency_ms" || name == "cost_usd" || name.starts_with("rate_"))
                    row[name] = st.real(c);
                else
                    row[name] = st.text(c);
            }
            out << (first ? "\n" : ",\n") << row.dump();
        }
        first = false;
    }
    if (format == ExportFormat::json) out << (first ? "]\n" : "\n]\n");
}

}  // namespace costpanel
