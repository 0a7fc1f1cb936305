#include "report_rows.hpp"

namespace costpanel::store {

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
    into.reported_calls_cost_usd += r.reported_calls_cost_usd;
}

void total_rows(Report& r)
{
    for (const ReportRow& row : r.rows) {
        r.total_usd += row.cost_usd;
        r.calls += row.calls;
        r.unpriced_calls += row.unpriced_calls;
        r.approximate_calls += row.approximate_calls;
        r.standard_rate_calls += row.standard_rate_calls;
        r.reported_cost_usd += row.reported_cost_usd;
        r.reported_calls += row.reported_calls;
        r.reported_calls_cost_usd += row.reported_calls_cost_usd;
    }
}

std::string report_keys_text()
{
    std::string keys;
    for (const char* k : kReportKeys) keys += std::string(keys.empty() ? "" : ", ") + k;
    return keys;
}

}  // namespace costpanel::store
