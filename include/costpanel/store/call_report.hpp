// costpanel: a report over calls held in memory, with no store: agent logs read whole, as
// `report --logs` reads them. Its rows are keyed exactly as History::report keys a stored report's.
//
// Usage:
//   costpanel::CallReport report("day", costpanel::TimeZone::local(), {}, /*breakdown=*/true);
//   for (const costpanel::CallRecord& r : batch.calls) report.add(r);
//   print(report.report());
#pragma once

#include "costpanel/core/call_record.hpp"
#include "costpanel/core/u64_map.hpp"
#include "costpanel/store/history.hpp"

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace costpanel {

class CallReport
{
public:
    // `by`: one of kReportKeys; throws std::invalid_argument for another.
    CallReport(std::string by, TimeZone zone, DayRange range, bool breakdown = false);

    // A record that replaces another (CallRecord::replaces) takes it back out first, as the store does.
    void add(const CallRecord& r);
    // Several readers' reports, made with the same key, zone and range, one for each group of the
    // logs (a project), added up in the groups' order. Of a call two of them hold, as the store keeps
    // it, the larger copy counts, or the earlier group's of two alike.
    static CallReport merged(std::vector<CallReport>&& groups);
    Report report() const;

private:
    // What one call added, where: what a copy that replaces it takes back. Small, with no strings, as
    // there is one for every call of a log that may write a larger copy.
    struct Slot
    {
        std::uint32_t row = 0, model = 0;
        std::int64_t input = 0, output = 0, cache_read = 0, cache_write = 0;
        double cost_usd = 0.0, reported_cost_usd = 0.0;
        std::uint8_t unpriced = 0, approximate = 0, standard_rate = 0, reported = 0;
    };
    // Where another report's rows and models are in this one.
    struct Mapping
    {
        std::vector<std::uint32_t> rows, models;
    };
    Mapping merge(const CallReport& other);
    static std::int64_t total_of(const Slot& slot)
    {
        return slot.input + slot.output + slot.cache_read + slot.cache_write;
    }
    void apply(const Slot& slot, int sign);
    std::uint32_t row_of(const std::string& key);
    const std::string& key_of(const CallRecord& r);
    std::uint32_t model_of(const std::string& provider, const std::string& model);

    std::string by_;
    TimeZone zone_;
    DayRange range_;
    bool breakdown_;
    bool by_time_;
    std::vector<ReportRow> rows_;
    std::unordered_map<std::string, std::uint32_t> row_index_;
    std::vector<std::string> models_;  // "provider/model"
    std::unordered_map<std::string, std::uint32_t> model_index_;
    std::map<std::pair<std::uint32_t, std::uint32_t>, ReportRow> breakdown_rows_;  // (row, model)
    std::vector<Slot> slots_;  // what each call added: a slot a call, reused when it is taken back
    std::vector<std::uint32_t> free_slots_;
    U64Map<std::uint32_t> replaceable_;  // a hash of the event id -> its call's slot
    std::string first_day_, last_day_;
    struct Day
    {
        TimeMs from = 0, to = 0;  // the instants the reader's day spans: [from, to)
        std::string day;          // "2026-11-30"
        bool in_range = false;    // within the report's range
        std::uint32_t row = 0;    // by day, week or month: the row of the day's period
    } day_;
    std::string model_key_, key_;  // scratch
};

}  // namespace costpanel
