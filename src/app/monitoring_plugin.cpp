#include "monitoring_plugin.hpp"

#include <cmath>
#include <cstdio>

namespace costpanel::app {

std::string plugin_line(int state, const std::string& text, const std::string& perfdata)
{
    static const char* const kStates[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
    std::string line = std::string("COSTPANEL ") + kStates[state >= 0 && state <= 3 ? state : 3] + " - ";
    for (const char c : text) {
        if (c == '|')
            line += "\u00a6";  // a broken bar: a path may hold a |, the output must not
        else
            line += c == '\n' || c == '\r' ? ' ' : c;
    }
    return perfdata.empty() ? line : line + " | " + perfdata;
}

namespace {

// Cents, and more decimals only for an amount below a cent ("85.20", "0.0048"): the guidelines allow
// digits, a minus and a point, no exponent. snprintf follows LC_NUMERIC, which stays "C" here.
std::string perf_number(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, std::fabs(v) >= 0.01 || v == 0 ? "%.2f" : "%.6f", v);
    std::string text = buf;
    while (text.size() > 3 && text.back() == '0' && text[text.size() - 3] != '.') text.pop_back();
    return text;
}

}  // namespace

std::string perf_datum(const std::string& label, double value, double warn, double crit)
{
    return label + "=" + perf_number(value) + ";" + perf_number(warn) + ";" + perf_number(crit);
}

}  // namespace costpanel::app
