// The monitoring-plugins convention (the Monitoring Plugins Development Guidelines, which Nagios,
// Icinga and Zabbix checks follow): exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, and one line of
// output, "SERVICE STATE - text | perfdata", that a monitor shows as it is.
#pragma once

#include <string>

namespace costpanel::app {

enum PluginState
{
    plugin_ok = 0,
    plugin_warning = 1,
    plugin_critical = 2,
    plugin_unknown = 3
};

// "COSTPANEL WARNING - `text` | `perfdata`" (no " | " without perfdata). A newline or a | in `text`
// would end it or start the performance data early: they are replaced.
std::string plugin_line(int state, const std::string& text, const std::string& perfdata = {});

// One performance datum, label=value;warn;crit: amounts in cents, or finer below a cent.
std::string perf_datum(const std::string& label, double value, double warn, double crit);

}  // namespace costpanel::app
