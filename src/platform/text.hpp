// Small string helpers for every room above platform.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace costpanel {

inline std::string to_lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return out;
}

inline std::string_view trim(std::string_view s)
{
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// FNV-1a over the bytes, as sixteen hex digits: a name that is stable across runs and machines
// (std::hash promises neither), for files named after a path and ids made from a line.
inline std::string fnv1a_hex(std::string_view s)
{
    unsigned long long h = 1469598103934665603ull;
    for (const unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = kDigits[h & 15];
    return out;
}

inline bool all_digits(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace costpanel
