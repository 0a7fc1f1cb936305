// What a stored report and one over calls in memory share: how periods are keyed and rows summed.
#pragma once

#include "costpanel/store/history.hpp"

#include <chrono>
#include <string>

namespace costpanel::store {

// The key of a day in a report by day, week (its Monday) or month.
std::string period_of(std::chrono::year_month_day day, const std::string& by);
void add_to(ReportRow& into, const ReportRow& r);
// The report's totals, from its rows.
void total_rows(Report& r);
// "day, week, month, provider, ...": what --by takes.
std::string report_keys_text();

}  // namespace costpanel::store
