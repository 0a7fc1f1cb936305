#include "costpanel/store/history.hpp"

#include "costpanel/core/paths.hpp"
#include "costpanel/store/store.hpp"
#include "report_rows.hpp"
#include "schema.hpp"
#include "sqlite.hpp"
#include "time_range.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unistd.h>

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
    // The conductor's own session where it named one (an agent's session id), else ours.
    if (by == "session") return "CASE conductor_session WHEN '' THEN session_id ELSE conductor_session END";
    return nullptr;
}

// The sums every report row carries, in ReportRow's order; read back by read_sums().
constexpr const char* kSums =
    "SUM(calls), SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), "
    "SUM(cache_write_tokens + cache_write_1h_tokens), SUM(cost_usd), SUM(unpriced_calls), "
    "SUM(approximate_calls), SUM(standard_rate_calls), SUM(reported_cost_usd), SUM(reported_calls), "
    "SUM(reported_calls_cost_usd)";

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
    row.reported_calls_cost_usd = st.real(first + 11);
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

namespace {

// A costpanel store of this version, readable: the first read, where SQLite opens the file for real.
void probe(sql::Database& db, const std::string& path)
{
    const int version = store::schema_version(db);
    if (version == kStoreSchemaVersion) {
        db.exec("SELECT 1 FROM quarters LIMIT 1");
        return;
    }
    if (version == 0) throw sql::Error(SQLITE_NOTADB, path + ": not a costpanel history store");
    throw sql::Error(SQLITE_ERROR,
                     path + ": a store of schema version " + std::to_string(version) +
                         (version < kStoreSchemaVersion
                              ? " (an older costpanel's): `costpanel import --db " + path +
                                    " /dev/null` brings it to version " + std::to_string(kStoreSchemaVersion)
                              : ", newer than this costpanel's"));
}

// Opens the store read-only without writing a byte, also where the reader may not write: a report
// must work on another user's store or in a directory made read-only.
//
// SQLite reads a WAL file through its -shm index, which a reader must create when it is not there
// (the writer's last close removes -wal and -shm), so in a directory the reader cannot write a plain
// read-only open fails. Then:
// - with no -wal beside the file (or an empty one) everything committed is in the file itself, and
//   `immutable` reads it with no index and no locks. (Only a writer who may write that directory, so
//   another user, could start meanwhile: this one short read would miss its newest calls, and could
//   be torn by its first checkpoint; nothing is ever written.)
// - with a -wal that has content (a writer that did not close: killed, or still running with no -shm
//   left), the log holds committed calls the file does not: immutable would silently leave them out,
//   and copying the files is not ours to do. So it is an error that says what is wrong and the fix.
std::unique_ptr<sql::Database> open_for_reading(const std::string& path)
{
    if (::access(path.c_str(), R_OK) != 0)
        throw sql::Error(SQLITE_CANTOPEN, path + ": " + std::strerror(errno));
    auto db = std::make_unique<sql::Database>(path, /*create=*/false, /*read_only=*/true);
    try {
        probe(*db, path);
        return db;
    } catch (const sql::Error& e) {
        if (e.code() != SQLITE_CANTOPEN && e.code() != SQLITE_READONLY) throw;
    }
    db.reset();
    std::error_code ec;
    const std::string wal = path + "-wal";
    if (std::filesystem::exists(wal, ec) && std::filesystem::file_size(wal, ec) > 0 && !ec) {
        const std::string dir = parent_directory(path);
        throw sql::Error(SQLITE_CANTOPEN, path + ": its write-ahead log " + wal +
                                              " holds calls not yet in the file, and reading them needs " +
                                              path + "-shm, which this user cannot create in " + dir +
                                              ". As a user who can write " + dir +
                                              " and the store, run `costpanel import --db " + path +
                                              " /dev/null` once (it folds the log into the file), or make " +
                                              dir + " writable");
    }
    db = std::make_unique<sql::Database>(path, /*create=*/false, /*read_only=*/true, /*immutable=*/true);
    probe(*db, path);
    return db;
}

}  // namespace

History::History(const std::string& path, TimeZone zone) : zone_(std::move(zone))
{
    try {
        db_ = open_for_reading(path);
    } catch (const sql::Error& e) {
        // "PATH: why", whichever call found it: "step: file is not a database" names neither.
        std::string why = e.what();
        for (const std::string context : {"step: ", "prepare: "})
            if (why.starts_with(context)) why.erase(0, context.size());
        if (!why.starts_with(path + ": ")) why = path + ": " + why;
        throw std::runtime_error("cannot read the history store: " + why);
    }
}

History::History(TimeZone zone)
    : db_(std::make_unique<sql::Database>(":memory:", true)), zone_(std::move(zone))
{
    store::migrate(*db_, kStoreSchemaVersion);
}

std::unique_ptr<History> History::empty(TimeZone zone)
{
    return std::unique_ptr<History>(new History(std::move(zone)));
}

History::~History() = default;

Report History::report(const std::string& by, const DayRange& range, bool breakdown)
{
    Report r;
    r.by = by;
    r.timezone = zone_.name();
    const store::TimeRange t = store::time_range(range, zone_);
    if (by == "day" || by == "week" || by == "month") {
        // Quarters, each within one of the reader's days, summed into the reader's periods. A quarter
        // whose calls were all taken back (a log's replay replaced by its main line) has none to show.
        auto st = db_->prepare(
            std::string("SELECT quarter, ") + kSums +
            " FROM quarters WHERE quarter >= ?1 AND quarter < ?2 AND calls > 0 GROUP BY quarter");
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
            const std::string key = store::period_of(day, by);
            if (r.rows.empty() || r.rows.back().key != key) r.rows.push_back(ReportRow{.key = key});
            store::add_to(r.rows.back(), q);
        }
        r.from = range.from.empty() && any ? format_day(first_day) : range.from;
        r.to = range.to.empty() && any ? format_day(last_day) : range.to;
    } else if (const char* key = group_column(by)) {
        auto st = db_->prepare(std::string("SELECT ") + key + " AS k, " + kSums + " FROM" + kRollupInRange +
                               "GROUP BY k HAVING SUM(calls) > 0 ORDER BY 7 DESC, k");
        store::bind_range(st, t);
        while (st.step()) {
            ReportRow row{.key = st.text(0)};
            read_sums(st, 1, row);
            r.rows.push_back(std::move(row));
        }
        if (by == "session") {
            // For people: when it began. One of ours (its calls named no session of their own): its start;
            // a conductor's: its id, and the first quarter hour it was seen in, from the roll-ups' keys,
            // so no scan of the calls.
            auto ours = db_->prepare("SELECT started_ms FROM sessions WHERE id = ?1");
            auto theirs = db_->prepare(
                "SELECT MIN(q.quarter) FROM rollup_quarter q JOIN rollup_keys k ON k.id = q.key_id "
                "WHERE k.conductor_session = ?1 AND q.calls > 0");
            for (ReportRow& row : r.rows) {
                ours.reset();
                ours.bind(1, row.key);
                if (ours.step()) {
                    row.started_ms = ours.int64(0);
                    continue;
                }
                theirs.reset();
                theirs.bind(1, row.key);
                row.label = row.key;
                if (theirs.step() && !theirs.is_null(0)) row.started_ms = theirs.int64(0) * store::kQuarterMs;
            }
        }
        auto span = db_->prepare("SELECT MIN(quarter), MAX(quarter) FROM quarters WHERE quarter >= ?1 AND "
                                 "quarter < ?2 AND calls > 0");
        store::bind_range(span, t);
        span.step();
        const bool any = !span.is_null(0);
        r.from = range.from.empty() && any ? zone_.day_of(span.int64(0) * store::kQuarterMs) : range.from;
        r.to = range.to.empty() && any ? zone_.day_of(span.int64(1) * store::kQuarterMs) : range.to;
    } else {
        throw std::invalid_argument("--by takes " + store::report_keys_text());
    }
    if (breakdown) add_breakdown(r, t);
    store::total_rows(r);
    return r;
}

void History::add_breakdown(Report& r, const store::TimeRange& t)
{
    std::map<std::string, std::size_t> row_of;
    for (std::size_t i = 0; i < r.rows.size(); ++i) row_of[r.rows[i].key] = i;
    std::map<std::pair<std::size_t, std::string>, ReportRow> models;
    const auto add = [&](const std::string& key, const std::string& model, const ReportRow& sums) {
        const auto row = row_of.find(key);
        if (row == row_of.end()) return;
        ReportRow& m = models[{row->second, model}];
        m.key = model;
        store::add_to(m, sums);
    };
    const std::string model = "provider || '/' || model";
    if (r.by == "day" || r.by == "week" || r.by == "month") {
        // By quarter, as the report's own rows, through the keys: each quarter to the reader's period.
        auto st = db_->prepare(
            std::string("SELECT q.quarter, k.provider || '/' || k.model, ") + kSums +
            " FROM rollup_quarter q JOIN rollup_keys k ON k.id = q.key_id"
            " WHERE q.quarter >= ?1 AND q.quarter < ?2 GROUP BY q.quarter, 2 HAVING SUM(calls) > 0");
        store::bind_range(st, t);
        while (st.step()) {
            ReportRow sums;
            read_sums(st, 2, sums);
            add(store::period_of(zone_.date_of(st.int64(0) * store::kQuarterMs), r.by), st.text(1), sums);
        }
    } else {
        auto st = db_->prepare(std::string("SELECT ") + group_column(r.by) + " AS g, " + model + " AS m, " +
                               kSums + " FROM" + kRollupInRange + "GROUP BY g, m HAVING SUM(calls) > 0");
        store::bind_range(st, t);
        while (st.step()) {
            ReportRow sums;
            read_sums(st, 2, sums);
            add(st.text(0), st.text(1), sums);
        }
    }
    for (auto& [at, m] : models) r.rows[at.first].models.push_back(std::move(m));
    for (ReportRow& row : r.rows)
        std::stable_sort(row.models.begin(), row.models.end(),
                         [](const ReportRow& a, const ReportRow& b) { return a.cost_usd > b.cost_usd; });
}

double History::spent(const DayRange& range)
{
    auto st =
        db_->prepare("SELECT COALESCE(SUM(cost_usd), 0) FROM quarters WHERE quarter >= ?1 AND quarter < ?2");
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
        "latency_ms, success, error, cache_hit, routing_reason, priced, cost_usd, reported_cost_usd, "
        "rate_input, "
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
