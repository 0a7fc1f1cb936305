// Provider usage objects (PROTOCOL.md, "Raw provider usage objects") normalised to token classes.
#pragma once

#include "costpanel/core/pricing.hpp"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace costpanel {

inline constexpr std::int64_t kMaxTokenCount = 1'000'000'000'000;  // 10^12

struct NormalisedUsage
{
    TokenCounts tokens;
    std::int64_t reasoning = 0;
};

// A JSON integer in 0 ... 10^12, or nothing.
std::optional<std::int64_t> token_count(const nlohmann::ordered_json& value);

// The first shape whose key the object has (DeepSeek, Gemini, OpenAI Chat, OpenAI Responses, Anthropic).
// Nothing, with `why` set, when it is not an object, matches no shape, or has a bad or negative count.
std::optional<NormalisedUsage> normalise_usage(const nlohmann::ordered_json& usage, std::string& why);

}  // namespace costpanel
