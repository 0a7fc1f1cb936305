#include "costpanel/store/call_report.hpp"

#include "report_rows.hpp"

#include <algorithm>
#include <stdexcept>

namespace costpanel {

namespace {

std::string_view or_none(const std::string& value, const char* none = "(none)")
{
    return value.empty() ? std::string_view(none) : std::string_view(value);
}

}  // namespace

CallReport::CallReport(std::string by, TimeZone zone, DayRange range, bool breakdown)
    : by_(std::move(by)), zone_(std::move(zone)), range_(std::move(range)), breakdown_(breakdown)
{
    if (std::find(std::begin(kReportKeys), std::end(kReportKeys), by_) == std::end(kReportKeys))
        throw std::invalid_argument("--by takes " + store::report_keys_text());
    by_time_ = by_ == "day" || by_ == "week" || by_ == "month";
}

std::uint32_t CallReport::row_of(const std::string& key)
{
    const auto [it, is_new] = row_index_.try_emplace(key, static_cast<std::uint32_t>(rows_.size()));
    if (is_new) rows_.push_back(ReportRow{.key = key});
    return it->second;
}

std::uint32_t CallReport::model_of(const std::string& provider, const std::string& model)
{
    model_key_.assign(provider).append("/").append(model);
    const auto [it, is_new] =
        model_index_.try_emplace(model_key_, static_cast<std::uint32_t>(models_.size()));
    if (is_new) models_.push_back(model_key_);
    return it->second;
}

void CallReport::apply(const Slot& slot, int sign)
{
    const auto add = [&](ReportRow& into) {
        into.calls += static_cast<std::uint64_t>(sign);
        into.input_tokens += sign * slot.input;
        into.output_tokens += sign * slot.output;
        into.cache_read_tokens += sign * slot.cache_read;
        into.cache_write_tokens += sign * slot.cache_write;
        into.cost_usd += sign * slot.cost_usd;
        into.unpriced_calls += static_cast<std::uint64_t>(sign * slot.unpriced);
        into.approximate_calls += static_cast<std::uint64_t>(sign * slot.approximate);
        into.standard_rate_calls += static_cast<std::uint64_t>(sign * slot.standard_rate);
        into.reported_cost_usd += sign * slot.reported_cost_usd;
        into.reported_calls += static_cast<std::uint64_t>(sign * slot.reported);
        if (slot.reported) into.reported_calls_cost_usd += sign * slot.cost_usd;
    };
    add(rows_[slot.row]);
    if (breakdown_) {
        ReportRow& m = breakdown_rows_[{slot.row, slot.model}];
        if (m.key.empty()) m.key = models_[slot.model];
        add(m);
    }
}

// A key other than a period, made in scratch: not a string a call.
const std::string& CallReport::key_of(const CallRecord& r)
{
    std::string& key = key_;
    if (by_ == "provider")
        key = r.provider;
    else if (by_ == "model")
        key.assign(r.provider).append("/").append(r.model);
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
    return key;
}

void CallReport::add(const CallRecord& r)
{
    const std::uint64_t id = r.event_id.empty() ? 0 : std::hash<std::string>{}(r.event_id);
    if (!r.replaces.empty()) {
        const std::uint64_t replaced = r.replaces == r.event_id ? id : std::hash<std::string>{}(r.replaces);
        if (const std::uint32_t* found = replaceable_.find(replaced)) {
            const std::uint32_t at = *found;
            const Slot& old = slots_[at];
            const std::int64_t before = total_of(old);
            const std::int64_t now = r.tokens.input + r.tokens.output + r.tokens.cache_read +
                                     r.tokens.cache_write + r.tokens.cache_write_1h;
            // As the store: of two copies with one id the larger stays; a replay always goes.
            if (replaced == id && before >= now) return;
            apply(old, -1);
            replaceable_.erase(replaced);
            free_slots_.push_back(at);
        }
    }
    // A log's calls come in time order, mostly: the day of the last one is asked again and again, and
    // a zone's day (with its period's key) is worth working out once.
    if (r.ts < day_.from || r.ts >= day_.to) {
        const std::chrono::year_month_day date = zone_.date_of(r.ts);
        day_.from = zone_.start_of(date);
        day_.to = zone_.start_of(std::chrono::sys_days(date) + std::chrono::days(1));
        day_.day = format_day(date);
        const std::string& day = day_.day;
        day_.in_range =
            (range_.from.empty() || day >= range_.from) && (range_.to.empty() || day <= range_.to);
        if (day_.in_range) {
            if (first_day_.empty() || day < first_day_) first_day_ = day;
            if (last_day_.empty() || day > last_day_) last_day_ = day;
        }
        day_.row = by_time_ && day_.in_range ? row_of(store::period_of(date, by_)) : 0;
    }
    if (!day_.in_range) return;

    Slot one;
    one.row = by_time_ ? day_.row : row_of(key_of(r));
    one.model = breakdown_ ? model_of(r.provider, r.model) : 0;
    one.input = r.tokens.input;
    one.output = r.tokens.output;
    one.cache_read = r.tokens.cache_read;
    one.cache_write = r.tokens.cache_write + r.tokens.cache_write_1h;
    one.cost_usd = r.cost_usd;
    one.unpriced = !r.priced;
    one.approximate = r.approximate;
    one.standard_rate = r.standard_rate;
    one.reported_cost_usd = r.reported_cost_usd.value_or(0.0);
    one.reported = r.reported_cost_usd.has_value();
    apply(one, +1);
    if (by_ == "session") {
        ReportRow& row = rows_[one.row];
        row.label = r.conductor_session;
        if (row.started_ms == 0 || r.ts < row.started_ms) row.started_ms = r.ts;
    }
    if (r.replaces.empty() || id == 0) return;
    if (free_slots_.empty()) {
        replaceable_[id] = static_cast<std::uint32_t>(slots_.size());
        slots_.push_back(one);
    } else {
        replaceable_[id] = free_slots_.back();
        slots_[free_slots_.back()] = one;
        free_slots_.pop_back();
    }
}

namespace {

// The ids more than one of `groups` holds. Each group's ids are distinct, so an id that occurs twice
// among all is in two groups: the ids are bucketed by their top 16 bits (they are hashes: a few to a
// bucket) and each bucket sorted, one pass over the ids and one over the buckets.
template <class EachId> std::vector<std::uint64_t> held_twice(std::size_t count, EachId&& each_id)
{
    constexpr int kBucketBits = 16;
    std::vector<std::uint32_t> starts((std::size_t{1} << kBucketBits) + 1);
    each_id([&](std::uint64_t id) { ++starts[(id >> (64 - kBucketBits)) + 1]; });
    for (std::size_t b = 1; b < starts.size(); ++b) starts[b] += starts[b - 1];
    std::vector<std::uint64_t> ids(count);
    std::vector<std::uint32_t> next(starts.begin(), starts.end() - 1);
    each_id([&](std::uint64_t id) { ids[next[id >> (64 - kBucketBits)]++] = id; });
    std::vector<std::uint64_t> twice;
    for (std::size_t b = 0; b + 1 < starts.size(); ++b) {
        const auto from = ids.begin() + starts[b], to = ids.begin() + starts[b + 1];
        std::sort(from, to);
        for (auto it = from; it != to && it + 1 != to; ++it)
            if (*it == *(it + 1) && (twice.empty() || twice.back() != *it)) twice.push_back(*it);
    }
    return twice;
}

}  // namespace

CallReport CallReport::merged(std::vector<CallReport>&& groups)
{
    if (groups.empty()) throw std::invalid_argument("CallReport::merged: no reports");
    // The first group's report becomes the sum, its calls' slots with it; the others' rows are added.
    CallReport all = std::move(groups.front());
    std::vector<Mapping> maps(groups.size());
    for (std::size_t g = 1; g < groups.size(); ++g) maps[g] = all.merge(groups[g]);
    // A call more than one group holds was counted in each: all but one copy go back out. Each
    // group's slots are passed over once, in order (the ids asked about are few).
    std::size_t count = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) count += (g == 0 ? all : groups[g]).replaceable_.size();
    const std::vector<std::uint64_t> shared = held_twice(count, [&](const auto& f) {
        for (std::size_t g = 0; g < groups.size(); ++g)
            (g == 0 ? all : groups[g]).replaceable_.for_each([&](std::uint64_t id, std::uint32_t) { f(id); });
    });
    if (shared.empty()) return all;
    U64Map<std::uint32_t> asked;
    for (std::uint32_t i = 0; i < shared.size(); ++i) asked[shared[i]] = i;
    struct Kept
    {
        bool any = false;
        Slot slot;  // the copy counted so far, in `all`'s rows
    };
    std::vector<Kept> kept(shared.size());
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const CallReport& holder = g == 0 ? all : groups[g];
        holder.replaceable_.for_each([&](std::uint64_t id, std::uint32_t at) {
            const std::uint32_t* i = asked.find(id);
            if (!i) return;
            Slot slot = holder.slots_[at];
            if (g != 0) {
                slot.row = maps[g].rows[slot.row];
                slot.model = all.breakdown_ ? maps[g].models[slot.model] : 0;
            }
            Kept& k = kept[*i];
            if (!k.any) {
                k = {true, slot};
            } else if (total_of(slot) > total_of(k.slot)) {
                all.apply(k.slot, -1);
                k.slot = slot;
            } else {
                all.apply(slot, -1);
            }
        });
    }
    return all;
}

CallReport::Mapping CallReport::merge(const CallReport& other)
{
    Mapping map;
    std::vector<std::uint32_t>& rows = map.rows;
    rows.resize(other.rows_.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const ReportRow& from = other.rows_[i];
        rows[i] = row_of(from.key);
        ReportRow& into = rows_[rows[i]];
        store::add_to(into, from);
        if (by_ == "session") {
            into.label = from.label;
            if (into.started_ms == 0 || (from.started_ms != 0 && from.started_ms < into.started_ms))
                into.started_ms = from.started_ms;
        }
    }
    std::vector<std::uint32_t>& models = map.models;
    models.resize(other.models_.size());
    for (std::size_t i = 0; i < models.size(); ++i) {
        const std::string& model = other.models_[i];
        const auto [it, is_new] = model_index_.try_emplace(model, static_cast<std::uint32_t>(models_.size()));
        if (is_new) models_.push_back(model);
        models[i] = it->second;
    }
    for (const auto& [at, from] : other.breakdown_rows_) {
        ReportRow& into = breakdown_rows_[{rows[at.first], models[at.second]}];
        if (into.key.empty()) into.key = other.models_[at.second];
        store::add_to(into, from);
    }
    if (!other.first_day_.empty() && (first_day_.empty() || other.first_day_ < first_day_))
        first_day_ = other.first_day_;
    if (other.last_day_ > last_day_) last_day_ = other.last_day_;
    return map;
}

Report CallReport::report() const
{
    Report out;
    out.by = by_;
    out.timezone = zone_.name();
    out.from = range_.from.empty() ? first_day_ : range_.from;
    out.to = range_.to.empty() ? last_day_ : range_.to;
    std::vector<std::uint32_t> order(rows_.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return rows_[a].key < rows_[b].key; });
    for (const std::uint32_t i : order) {
        if (rows_[i].calls == 0) continue;  // every call it had was taken back
        ReportRow row = rows_[i];
        if (breakdown_) {
            for (auto it = breakdown_rows_.lower_bound({i, 0});
                 it != breakdown_rows_.end() && it->first.first == i; ++it)
                if (it->second.calls) row.models.push_back(it->second);
            std::stable_sort(row.models.begin(), row.models.end(),
                             [](const ReportRow& a, const ReportRow& b) { return a.cost_usd > b.cost_usd; });
        }
        out.rows.push_back(std::move(row));
    }
    if (!by_time_)
        std::stable_sort(out.rows.begin(), out.rows.end(),
                         [](const ReportRow& a, const ReportRow& b) { return a.cost_usd > b.cost_usd; });
    store::total_rows(out);
    return out;
}

}  // namespace costpanel
