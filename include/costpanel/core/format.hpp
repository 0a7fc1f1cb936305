// costpanel: numbers as people read them, shared by the panel, the terminal and reports.
#pragma once

#include <cstdint>
#include <string>

namespace costpanel {

// 1234567 -> "1,234,567".
std::string format_count(std::int64_t n);
inline std::string format_count(std::uint64_t n)
{
    return format_count(static_cast<std::int64_t>(n));
}
// Dollars with cents and thousands separators ("$1,234.57"); below a cent, two significant digits
// ("$0.0048", "$0.00016"), so a cheap model never reads as free.
std::string format_usd(double usd);

}  // namespace costpanel
