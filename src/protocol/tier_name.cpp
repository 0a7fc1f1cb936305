#include "costpanel/core/events.hpp"

#include "platform/text.hpp"

namespace costpanel {

std::string normalise_tier(std::string_view name)
{
    const std::string_view trimmed = trim(name);
    std::string_view digits = trimmed;
    if (digits.size() > 4 && to_lower(digits.substr(0, 4)) == "tier") {
        digits.remove_prefix(4);
        while (!digits.empty() && (digits.front() == ' ' || digits.front() == '_' || digits.front() == '-'))
            digits.remove_prefix(1);
    }
    if (digits.empty() || digits.size() > 9 || !all_digits(digits)) return std::string(trimmed);
    return "Tier " + std::to_string(std::stoi(std::string(digits)));
}

}  // namespace costpanel
