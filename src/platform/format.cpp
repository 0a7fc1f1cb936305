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

std::size_t display_width(std::string_view s)
{
    std::size_t width = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
        std::uint32_t cp = n == 1 ? b : b & (0x7fu >> n);
        for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3fu);
        i += n;
        if (cp >= 0x300 && cp <= 0x36f) continue;  // combining diacritical marks
        const bool wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
                          (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
                          (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
                          (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) ||
                          (cp >= 0x20000 && cp <= 0x3fffd);
        width += wide ? 2 : 1;
    }
    return width;
}

}  // namespace costpanel
