#include "costpanel/core/format.hpp"

#include <cmath>
#include <cstdio>

namespace costpanel {

std::string format_count(std::int64_t n)
{
    const bool negative = n < 0;
    std::string digits = std::to_string(negative ? -(n + 1) + 1ull : static_cast<unsigned long long>(n));
    std::string out;
    out.reserve(digits.size() + digits.size() / 3 + 1);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return negative ? "-" + out : out;
}

std::string counted(std::uint64_t n, const std::string& noun, const std::string& plural)
{
    return format_count(n) + " " + (n == 1 ? noun : plural.empty() ? noun + "s" : plural);
}

std::string format_usd(double usd)
{
    const bool negative = usd < 0;
    const double v = std::fabs(usd);
    char buf[64];
    if (v > 0 && v < 0.01) {
        // Two significant digits: enough decimals to reach the second one.
        const int decimals = std::min(12, 1 - static_cast<int>(std::floor(std::log10(v))));
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        return std::string(negative ? "-$" : "$") + buf;
    }
    const auto cents = static_cast<long long>(std::llround(v * 100.0));
    std::snprintf(buf, sizeof buf, ".%02lld", cents % 100);
    return std::string(negative ? "-$" : "$") + format_count(static_cast<std::int64_t>(cents / 100)) + buf;
}

}  // namespace costpanel
