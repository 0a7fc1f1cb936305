// costpanel: questions asked of the history store: reports, raw-call exports, spend over a period.
// Its own read-only connection (WAL lets it read while the writer writes); one thread at a time.
// The store keeps instants; every day, week and month here is the reader's, in the zone the History
// was opened with.
#pragma once

#include "costpanel/core/time.hpp"

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace costpanel {

namespace sql {
class Database;
}
namespace store {
struct TimeRange;
}

// Calendar days in the reader's zone, inclusive, "YYYY-MM-DD"; an empty end is open.
struct DayRange
{
    std::string from;
    std::string to;
};

struct ReportRow
{
    std::string key{};
    std::uint64_t calls = 0;
    std::int64_t input_tokens = 0, output_tokens = 0, cache_read_tokens = 0, cache_write_tokens = 0;
    double cost_usd = 0.0;
    // Calls whose cost is a lower bound (no price matched), a guess (priced as a key the id only
    // extends) or at standard rates for want of their service tier's.
    std::uint64_t unpriced_calls = 0, approximate_calls = 0, standard_rate_calls = 0;
    double reported_cost_usd = 0.0;  // what the clients themselves reported, where they did
    std::uint64_t reported_calls = 0;
    double reported_calls_cost_usd = 0.0;  // ours over those same calls: what theirs compares with
    std::string label{};                   // by session: the conductor's own session id, when it sent one
    TimeMs started_ms = 0;                 // by session: when the session began
    std::vector<ReportRow> models{};       // --breakdown: the row's calls by provider/model, by cost
};

struct Report
{
    std::string by;
    std::string timezone;  // the zone its days are in
    std::string from, to;  // the days asked for, or else the days the data spans
    double total_usd = 0.0;
    std::uint64_t calls = 0;
    std::uint64_t unpriced_calls = 0, approximate_calls = 0, standard_rate_calls = 0;
    double reported_cost_usd = 0.0, reported_calls_cost_usd = 0.0;  // as ReportRow's, over every row
    std::uint64_t reported_calls = 0;
    std::vector<ReportRow> rows;  // by time for day/week/month, else by cost, descending
};

enum class ExportFormat
{
    csv,
    json
};

struct ActivityHealth
{
    std::string activity;
    std::uint64_t calls = 0;
    std::uint64_t latency_samples = 0;                   // calls that reported a latency
    double mean_latency_ms = 0.0, p95_latency_ms = 0.0;  // over those; 0 without any
    double error_rate = 0.0;                             // failed calls / calls
};

// What caching and routing saved, from the rates each call was priced at.
struct Savings
{
    // Reads at the read rate instead of the input rate, less what writes cost above the input rate.
    double prompt_cache_usd = 0.0;
    // Had every priced call gone to the baseline model (default: the dearest model seen).
    std::string baseline_model;
    double baseline_usd = 0.0;
    double actual_usd = 0.0;                                        // the same calls as they were
    std::vector<std::pair<std::string, double>> by_routing_reason;  // baseline - actual, by reason
};

struct HistoryOverview
{
    DayRange range;
    double total_usd = 0.0;
    std::uint64_t calls = 0;
    double reported_cost_usd = 0.0, reported_calls_cost_usd = 0.0;  // as ReportRow's, over the range
    std::uint64_t reported_calls = 0;
    std::vector<ReportRow> days;  // every day of the range (or of the data), in order, empty ones included
    std::vector<ReportRow> providers, models, tiers, activities, sessions;  // by cost; sessions: the top 10
    std::vector<ReportRow> projects, sources, hosts;                        // by cost
    std::vector<ActivityHealth> health;
    double cache_hit_rate = 0.0;  // cache reads / all input-side tokens
    Savings savings;
};

// What a report can group by: time in the reader's zone, or a field of the calls.
inline constexpr const char* kReportKeys[] = {"day",   "week",         "month",    "provider",
                                              "model", "tier",         "activity", "project",
                                              "host",  "service_tier", "source",   "session"};

class History
{
public:
    // Opens an existing store read-only, writing nothing, also in a directory the reader cannot write;
    // throws std::runtime_error naming the file and why when it cannot (a store of another schema
    // version, or a write-ahead log it cannot read there: the message says what to do).
    explicit History(const std::string& path, TimeZone zone = TimeZone::local());
    // A history with no calls (where no store file exists yet): every answer is empty.
    static std::unique_ptr<History> empty(TimeZone zone);
    ~History();

    const TimeZone& zone() const { return zone_; }
    // `by`: one of kReportKeys (week: keyed by its Monday). Throws std::invalid_argument for another.
    // `breakdown`: each row's calls by provider/model too (ReportRow::models).
    Report report(const std::string& by, const DayRange& range, bool breakdown = false);
    // Every stored call in the range, oldest first, its time in RFC 3339 with the zone's offset (and
    // in CSV a spreadsheet's local time beside it). CSV follows RFC 4180, gives rates per million
    // tokens and booleans as true/false, and defuses cells a spreadsheet would run as a formula.
    void export_calls(const DayRange& range, ExportFormat format, std::ostream& out);
    double spent(const DayRange& range);
    // Everything the panel's History view shows, for one range. `baseline_model` as stored
    // ("provider/model" or the model alone); empty: the dearest model seen.
    HistoryOverview overview(const DayRange& range, const std::string& baseline_model = {});

private:
    explicit History(TimeZone zone);  // empty()
    void add_breakdown(Report& r, const store::TimeRange& t);

    std::unique_ptr<sql::Database> db_;
    TimeZone zone_;
};

// A CSV cell: quoted when it must be; a leading = + - @ tab or carriage return is defused with '.
std::string csv_cell(const std::string& text);

}  // namespace costpanel
