#include "usage_shapes.hpp"

#include <nlohmann/json.hpp>

namespace costpanel {

// The documents parse_line builds.
using json = nlohmann::ordered_json;

std::optional<std::int64_t> token_count(const json& value)
{
    // nlohmann keeps non-negative integers unsigned; a signed one is negative, or "-0".
    if (value.is_number_unsigned()) {
        const auto n = value.get<std::uint64_t>();
        if (n <= static_cast<std::uint64_t>(kMaxTokenCount)) return static_cast<std::int64_t>(n);
    } else if (value.is_number_integer() && value.get<std::int64_t>() == 0) {
        return 0;
    }
    return std::nullopt;
}

namespace {

struct BadCount
{
    std::string why;
};

// A count of the object: a missing key is 0, anything but an integer in range is an error.
std::int64_t count(const json& obj, const char* key)
{
    const auto it = obj.find(key);
    if (it == obj.end()) return 0;
    const auto n = token_count(*it);
    if (!n) throw BadCount{std::string("\"") + key + "\" must be an integer from 0 to 10^12"};
    return *n;
}

// A count inside a nested details object; a missing or non-object parent counts 0.
std::int64_t nested_count(const json& obj, const char* parent, const char* key)
{
    const auto it = obj.find(parent);
    if (it == obj.end() || !it->is_object()) return 0;
    return count(*it, key);
}

std::int64_t difference(std::int64_t total, std::int64_t part, const char* what)
{
    if (part > total) throw BadCount{std::string(what) + " is smaller than its cached part"};
    return total - part;
}

NormalisedUsage from_shape(const json& u)
{
    NormalisedUsage n;
    TokenCounts& t = n.tokens;
    if (u.contains("prompt_cache_hit_tokens")) {  // DeepSeek
        t.input = count(u, "prompt_cache_miss_tokens");
        t.output = count(u, "completion_tokens");
        t.cache_read = count(u, "prompt_cache_hit_tokens");
    } else if (u.contains("promptTokenCount")) {  // Gemini
        const std::int64_t cached = count(u, "cachedContentTokenCount");
        t.input = difference(count(u, "promptTokenCount"), cached, "promptTokenCount");
        n.reasoning = count(u, "thoughtsTokenCount");
        t.output = count(u, "candidatesTokenCount") + n.reasoning;
        t.cache_read = cached;
    } else if (u.contains("prompt_tokens")) {  // OpenAI Chat Completions
        const std::int64_t cached = nested_count(u, "prompt_tokens_details", "cached_tokens");
        t.input = difference(count(u, "prompt_tokens"), cached, "prompt_tokens");
        t.output = count(u, "completion_tokens");
        t.cache_read = cached;
        n.reasoning = nested_count(u, "completion_tokens_details", "reasoning_tokens");
    } else if (u.contains("input_tokens") && u.contains("input_tokens_details")) {  // OpenAI Responses
        const std::int64_t cached = nested_count(u, "input_tokens_details", "cached_tokens");
        t.input = difference(count(u, "input_tokens"), cached, "input_tokens");
        t.output = count(u, "output_tokens");
        t.cache_read = cached;
        n.reasoning = nested_count(u, "output_tokens_details", "reasoning_tokens");
    } else if (u.contains("input_tokens")) {  // Anthropic Messages
        t.input = count(u, "input_tokens");
        t.output = count(u, "output_tokens");
        t.cache_read = count(u, "cache_read_input_tokens");
        if (const auto cc = u.find("cache_creation"); cc != u.end() && cc->is_object()) {
            t.cache_write = count(*cc, "ephemeral_5m_input_tokens");
            t.cache_write_1h = count(*cc, "ephemeral_1h_input_tokens");
        } else {
            t.cache_write = count(u, "cache_creation_input_tokens");
        }
    } else {
        throw BadCount{"no known provider usage shape"};
    }
    return n;
}

}  // namespace

std::optional<NormalisedUsage> normalise_usage(const json& usage, std::string& why)
{
    if (!usage.is_object()) {
        why = "must be an object";
        return std::nullopt;
    }
    try {
        return from_shape(usage);
    } catch (const BadCount& e) {
        why = e.why;
        return std::nullopt;
    }
}

}  // namespace costpanel
