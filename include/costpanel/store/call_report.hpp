// costpanel: a report over calls held in memory, with no store: agent logs read whole, as
// `report --logs` reads them. Its rows are keyed exactly as History::report keys a stored report's.
//
// Usage:
//   costpanel::CallReport report("day", costpanel::TimeZone::local(), {}, /*breakdown=*/true);
//   for (const costpanel::CallRecord& r : batch.calls) report.add(r);
//   print(report.report());
#pragma once

#include "costpanel/core/call_record.hpp"
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
    Report report() const;

private:
    struct Slot
    {
        std::string row, model;  // where the call was counted
        ReportRow sums;          // what it added
    };
    ReportRow& row(const std::string& key, const std::string& model);
    void take_back(const Slot& slot);

    std::string by_;
    TimeZone zone_;
    DayRange range_;
    bool breakdown_;
    bool by_time_;
    std::map<std::string, ReportRow> rows_;
    std::map<std::string, std::map<std::string, ReportRow>> models_;  // row key -> provider/model
    std::unordered_map<std::string, Slot> replaceable_;               // event id -> where it counted
    std::string first_day_, last_day_;
};

}  // namespace costpanel
