// costpanel: numbers as people read them, shared by the panel, the terminal and reports.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace costpanel {

// 1234567 -> "1,234,567".
std::string format_count(std::int64_t n);
inline std::string format_count(std::uint64_t n)
{
    return format_count(static_cast<std::int64_t>(n));
}
// A count and its noun, the noun plural unless the count is one: counted(1, "call") is "1 call",
// counted(1234, "call") "1,234 calls"; `plural` for nouns that do not just take an s.
std::string counted(std::uint64_t n, const std::string& noun, const std::string& plural = {});
// Dollars with cents and thousands separators ("$1,234.57"); below a cent, two significant digits
// ("$0.0048", "$0.00016"), so a cheap model never reads as free.
std::string format_usd(double usd);
// The columns UTF-8 text takes in a terminal: one a character, two for the East Asian wide ones
// (CJK, Hangul, full-width forms, emoji), none for combining marks; so a table of names lines up.
std::size_t display_width(std::string_view text);

}  // namespace costpanel
