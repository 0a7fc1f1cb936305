#include "costpanel/store/call_report.hpp"

#include "report_rows.hpp"

#include <algorithm>
#include <stdexcept>

namespace costpanel {

namespace {

std::string or_none(const std::string& value, const char* none = "(none)")
{
    return value.empty() ? none : value;
}

}  // namespace

CallReport::CallReport(std::string by, TimeZone zone, DayRange range, bool breakdown)
    : by_(std::move(by)), zone_(std::move(zone)), range_(std::move(range)), breakdown_(breakdown)
{
    if (std::find(std::begin(kReportKeys), std::end(kReportKeys), by_) == std::end(kReportKeys))
        throw std::invalid_argument("--by takes " + store::report_keys_text());
    by_time_ = by_ == "day" || by_ == "week" || by_ == "month";
}

ReportRow& CallReport::row(const std::string& key, const std::string& model)
{
    ReportRow& r = rows_[key];
    r.key = key;
    if (breakdown_) {
        ReportRow& m = models_[key][model];
        m.key = model;
    }
    return r;
}

void CallReport::take_back(const Slot& slot)
{
    const auto negate = [](ReportRow& into, const ReportRow& s) {
        into.calls -= s.calls;
        into.input_tokens -= s.input_tokens;
        into.output_tokens -= s.output_tokens;
        into.cache_read_tokens -= s.cache_read_tokens;
        into.cache_write_tokens -= s.cache_write_tokens;
        into.cost_usd -= s.cost_usd;
        into.unpriced_calls -= s.unpriced_calls;
        into.approximate_calls -= s.approximate_calls;
        into.standard_rate_calls -= s.standard_rate_calls;
        into.reported_cost_usd -= s.reported_cost_usd;
        into.reported_calls -= s.reported_calls;
    };
    negate(rows_[slot.row], slot.sums);
    if (breakdown_) negate(models_[slot.row][slot.model], slot.sums);
}

void CallReport::add(const CallRecord& r)
{
    if (!r.replaces.empty()) {
        if (const auto it = replaceable_.find(r.replaces); it != replaceable_.end()) {
            const std::int64_t before = it->second.sums.input_tokens + it->second.sums.output_tokens +
                                        it->second.sums.cache_read_tokens +
                                        it->second.sums.cache_write_tokens;
            const std::int64_t now = r.tokens.input + r.tokens.output + r.tokens.cache_read +
                                     r.tokens.cache_write + r.tokens.cache_write_1h;
            // As the store: of two copies with one id the larger stays; a replay always goes.
            if (r.replaces == r.event_id && before >= now) return;
            take_back(it->second);
            replaceable_.erase(it);
        }
    }
    const std::chrono::year_month_day date = zone_.date_of(r.ts);
    const std::string day = format_day(date);
    if ((!range_.from.empty() && day < range_.from) || (!range_.to.empty() && day > range_.to)) return;
    if (first_day_.empty() || day < first_day_) first_day_ = day;
    if (last_day_.empty() || day > last_day_) last_day_ = day;

    std::string key;
    if (by_time_)
        key = store::period_of(date, by_);
    else if (by_ == "provider")
        key = r.provider;
    else if (by_ == "model")
        key = r.provider + "/" + r.model;
    else if (by_ == "tier")
        key = or_none(r.tier);
    else if (by_ == "activity")
        key = or_none(r.activity);
    else if (by_ == "project")
        key = or_none(r.project);
    else if (by_ == "host")
        key = or_none(r.host);
    else if (by_ == "service_tier")
        key = r.service_tier;
    else if (by_ == "source")
        key = or_none(r.source, "(unknown)");
    else
        key = or_none(r.conductor_session);  // session: a log's calls name theirs

    ReportRow one;
    one.calls = 1;
    one.input_tokens = r.tokens.input;
    one.output_tokens = r.tokens.output;
    one.cache_read_tokens = r.tokens.cache_read;
    one.cache_write_tokens = r.tokens.cache_write + r.tokens.cache_write_1h;
    one.cost_usd = r.cost_usd;
    one.unpriced_calls = !r.priced;
    one.approximate_calls = r.approximate;
    one.standard_rate_calls = r.standard_rate;
    one.reported_cost_usd = r.reported_cost_usd.value_or(0.0);
    one.reported_calls = r.reported_cost_usd.has_value();

    const std::string model = r.provider + "/" + r.model;
    ReportRow& into = row(key, model);
    store::add_to(into, one);
    if (by_ == "session") {
        into.label = r.conductor_session;
        if (into.started_ms == 0 || r.ts < into.started_ms) into.started_ms = r.ts;
    }
    if (breakdown_) store::add_to(models_[key][model], one);
    if (!r.replaces.empty() && !r.event_id.empty()) replaceable_[r.event_id] = Slot{key, model, one};
}

Report CallReport::report() const
{
    Report out;
    out.by = by_;
    out.timezone = zone_.name();
    out.from = range_.from.empty() ? first_day_ : range_.from;
    out.to = range_.to.empty() ? last_day_ : range_.to;
    for (const auto& [key, r] : rows_) {
        if (r.calls == 0) continue;  // every call it had was taken back
        ReportRow row = r;
        if (breakdown_) {
            for (const auto& [model, m] : models_.at(key))
                if (m.calls) row.models.push_back(m);
            std::stable_sort(row.models.begin(), row.models.end(),
                             [](const ReportRow& a, const ReportRow& b) { return a.cost_usd > b.cost_usd; });
        }
        out.rows.push_back(std::move(row));
    }
    if (!by_time_)
        std::stable_sort(out.rows.begin(), out.rows.end(),
                         [](const ReportRow& a, const ReportRow& b) { return a.cost_usd > b.cost_usd; });
    for (const ReportRow& row : out.rows) {
        out.total_usd += row.cost_usd;
        out.calls += row.calls;
        out.unpriced_calls += row.unpriced_calls;
        out.approximate_calls += row.approximate_calls;
        out.standard_rate_calls += row.standard_rate_calls;
    }
    return out;
}

}  // namespace costpanel
