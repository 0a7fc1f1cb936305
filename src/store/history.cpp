#include "costpanel/store/history.hpp"

#include "sqlite.hpp"
#include "time_range.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace costpanel {

using store::kCallsInRange;
using store::kRollupInRange;

namespace {

// The roll-up column a report groups by (all but time, which is the reader's, and session).
const char* group_column(const std::string& by)
{
    if (by == "provider") return "provider";
    if (by == "model") return "provider || '/' || model";
    if (by == "tier") return "CASE tier WHEN '' THEN '(none)' ELSE tier END";
    if (by == "activity") return "CASE activity WHEN '' THEN '(none)' ELSE activity END";
    if (by == "project") return "CASE project WHEN '' THEN '(none)' ELSE project END";
    if (by == "host") return "CASE host WHEN '' THEN '(none)' ELSE host END";
    if (by == "service_tier") return "service_tier";
    if (by == "source") return "CASE source WHEN '' THEN '(unknown)' ELSE source END";
    if (by == "session") return "session_id";
    return nullptr;
}

// The sums every report row carries, in ReportRow's order; read back by read_sums().
constexpr const char* kSums =
    "SUM(calls), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), "
    "SUM(cache_write_tokens + cache_write_1h_tokens), SUM(cost_usd), SUM(unpriced_calls), "
    "SUM(approximate_calls), SUM(standard_rate_calls), SUM(reported_cost_usd), SUM(reported_calls)";

void read_sums(const sql::Statement& st, int first, ReportRow& row)
{
    row.calls = static_cast<std::uint64_t>(st.int64(first));
    row.input_tokens = st.int64(first + 1);
    row.output_tokens = st.int64(first + 2);
    row.cache_read_tokens = st.int64(first + 3);
    row.cache_write_tokens = st.int64(first + 4);
    row.cost_usd = st.real(first + 5);
    row.unpriced_calls = static_cast<std::uint64_t>(st.int64(first + 6));
    row.approximate_calls = static_cast<std::uint64_t>(st.int64(first + 7));
    row.standard_rate_calls = static_cast<std::uint64_t>(st.int64(first + 8));
    row.reported_cost_usd = st.real(first + 9);
    row.reported_calls = static_cast<std::uint64_t>(st.int64(first + 10));
}

void add_to(ReportRow& into, const ReportRow& r)
{
    into.calls += r.calls;
    into.input_tokens += r.input_tokens;
    into.output_tokens += r.output_tokens;
    into.cache_read_tokens += r.cache_read_tokens;
    into.cache_write_tokens += r.cache_write_tokens;
    into.cost_usd += r.cost_usd;
    into.unpriced_calls += r.unpriced_calls;
    into.approximate_calls += r.approximate_calls;
    into.standard_rate_calls += r.standard_rate_calls;
    into.reported_cost_usd += r.reported_cost_usd;
    into.reported_calls += r.reported_calls;
}

// The key of a day in a report by day, week (its Monday) or month.
std::string period_of(std::chrono::year_month_day day, const std::string& by)
{
    using namespace std::chrono;
    if (by == "week") {
        const sys_days d(day);
        return format_day(year_month_day(d - (weekday(d) - Monday)));
    }
    if (by == "month") return format_day(day).substr(0, 7);
    return format_day(day);
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

History::History(const std::string& path, TimeZone zone) : zone_(std::move(zone))
{
    try {
        db_ = std::make_unique<sql::Database>(path, /*create=*/false, /*read_only=*/true);
        db_->exec("SELECT 1 FROM quarters LIMIT 1");  // a costpanel store of this version, readable
    } catch (const sql::Error& e) {
        throw std::runtime_error(std::string("cannot read the history store: ") + e.what());
    }
}

History::~History() = default;

Report History::report(const std::string& by, const DayRange& range)
{
    Report r;
    r.by = by;
    r.timezone = zone_.name();
    const store::TimeRange t = store::time_range(range, zone_);
    if (by == "day" || by == "week" || by == "month") {
        // Quarters, each within one of the reader's days, summed into the reader's periods.
        auto st = db_->prepare(std::string("SELECT quarter, ") + kSums +
                               " FROM quarters WHERE quarter >= ?1 AND quarter < ?2 GROUP BY quarter");
        store::bind_range(st, t);
        std::chrono::year_month_day first_day{}, last_day{};
        bool any = false;
        TimeMs day_ends = std::numeric_limits<TimeMs>::min();  // a day's quarters come together
        std::chrono::year_month_day day{};
        while (st.step()) {
            const TimeMs at = st.int64(0) * store::kQuarterMs;
            if (at >= day_ends) {
                day = zone_.date_of(at);
                day_ends = zone_.start_of(std::chrono::sys_days(day) + std::chrono::days(1));
            }
            if (!any) first_day = day;
            last_day = day;
            any = true;
            ReportRow q;
            read_sums(st, 1, q);
            const std::string key = period_of(day, by);
            if (r.rows.empty() || r.rows.back().key != key) r.rows.push_back(ReportRow{.key = key});
            add_to(r.rows.back(), q);
        }
        r.from = range.from.empty() && any ? format_day(first_day) : range.from;
        r.to = range.to.empty() && any ? format_day(last_day) : range.to;
    } else if (const char* key = group_column(by)) {
        auto st = db_->prepare(std::string("SELECT ") + key + " AS k, " + kSums + " FROM" + kRollupInRange +
                               "GROUP BY k ORDER BY 7 DESC, k");
        store::bind_range(st, t);
        while (st.step()) {
            ReportRow row{.key = st.text(0)};
            read_sums(st, 1, row);
            r.rows.push_back(std::move(row));
        }
        if (by == "session") {
            // The conductor's own id and the start, for people; ours stays the key.
            auto about = db_->prepare(
                "SELECT s.started_ms, (SELECT conductor_session FROM calls c WHERE c.session_id = s.id AND "
                "conductor_session IS NOT NULL AND conductor_session != '' LIMIT 1) FROM sessions s WHERE "
                "s.id = ?1");
            for (ReportRow& row : r.rows) {
                about.reset();
                about.bind(1, row.key);
                if (!about.step()) continue;
                row.started_ms = about.int64(0);
                if (!about.is_null(1)) row.label = about.text(1);
            }
        }
        auto span = db_->prepare("SELECT MIN(quarter), MAX(quarter) FROM quarters WHERE quarter >= ?1 AND "
                                 "quarter < ?2");
        store::bind_range(span, t);
        span.step();
        const bool any = !span.is_null(0);
        r.from = range.from.empty() && any ? zone_.day_of(span.int64(0) * store::kQuarterMs) : range.from;
        r.to = range.to.empty() && any ? zone_.day_of(span.int64(1) * store::kQuarterMs) : range.to;
    } else {
        std::string keys;
        for (const char* k : kReportKeys) keys += std::string(keys.empty() ? "" : ", ") + k;
        throw std::invalid_argument("--by takes " + keys);
    }
    for (const ReportRow& row : r.rows) {
        r.total_usd += row.cost_usd;
        r.calls += row.calls;
        r.unpriced_calls += row.unpriced_calls;
        r.approximate_calls += row.approximate_calls;
        r.standard_rate_calls += row.standard_rate_calls;
    }
    return r;
}

double History::spent(const DayRange& range)
{
    auto st = db_->prepare("SELECT COALESCE(SUM(cost_usd), 0) FROM quarters WHERE quarter >= ?1 AND quarter < ?2");
    store::bind_range(st, store::time_range(range, zone_));
    st.step();
    return st.real(0);
}

void History::export_calls(const DayRange& range, ExportFormat format, std::ostream& out)
{
    auto st = db_->prepare(
        "SELECT ts_ms, session_id, conductor_session, event_id, source, project, host, provider, model, "
        "priced_as, approximate, service_tier, standard_rate, tier, activity, category, input_tokens, "
        "output_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, reasoning_tokens, "
        "latency_ms, success, error, cache_hit, routing_reason, priced, cost_usd, reported_cost_usd, rate_input, "
        "rate_output, rate_cache_read, rate_cache_write, rate_cache_write_1h, long_context FROM calls WHERE" +
        std::string(kCallsInRange) + "ORDER BY ts_ms, id");
    store::bind_range(st, store::time_range(range, zone_));
    const int n = st.columns();
    const auto is_flag = [](const std::string& name) {
        return name == "approximate" || name == "standard_rate" || name == "success" || name == "cache_hit" ||
               name == "priced" || name == "long_context";
    };
    std::vector<std::string> names;
    for (int c = 0; c < n; ++c) names.push_back(st.column_name(c));
    if (format == ExportFormat::csv) {
        // A spreadsheet reads "YYYY-MM-DD HH:MM:SS" as a date; RFC 3339 with the offset is the exact one.
        out << "time,local_time";
        for (int c = 1; c < n; ++c)
            out << ',' << (names[c].starts_with("rate_") ? names[c] + "_per_mtok" : names[c]);
        out << "\r\n";
    } else {
        out << "[";
    }
    bool first = true;
    while (st.step()) {
        const TimeMs ts = st.int64(0);
        const std::string time = zone_.rfc3339(ts);
        if (format == ExportFormat::csv) {
            out << time << ',' << zone_.day_of(ts) << ' ' << zone_.clock_of(ts);
            for (int c = 1; c < n; ++c) {
                out << ',';
                if (st.is_null(c)) continue;
                if (is_flag(names[c]))
                    out << (st.int64(c) ? "true" : "false");
                else if (names[c].starts_with("rate_"))
                    out << nlohmann::json(st.real(c) * 1e6).dump();  // the unit price lists use
                else
                    out << csv_cell(st.text(c));
            }
            out << "\r\n";
        } else {
            nlohmann::ordered_json row;
            row["time"] = time;
            for (int c = 1; c < n; ++c) {
                const std::string& name = names[c];
                if (st.is_null(c))
                    row[name] = nullptr;
                else if (is_flag(name))
                    row[name] = st.int64(c) != 0;
                else if (name.ends_with("_tokens"))
                    row[name] = st.int64(c);
                else if (name == "latency_ms" || name.ends_with("_usd") || name.starts_with("rate_"))
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
