#include "costpanel/core/demo_conductor.hpp"

#include <ctime>
#include <nlohmann/json.hpp>

namespace costpanel {

using nlohmann::ordered_json;

namespace {

constexpr const char* kTierModels[] = {"", "gemini-3.1-pro-preview", "claude-sonnet-4-5-20250929",
                                       "gemini-2.5-flash-lite", "claude-haiku-4-5-20251001"};

}  // namespace

// What one call looks like before the random parts are drawn.
struct DemoConductor::CallSpec
{
    int tier;
    const char* model;
    const char* provider;  // nullptr: let the price table say
    const char* activity;
    const char* category;
    std::int64_t input_lo, input_hi, output_lo, output_hi;
    enum class Shape
    {
        plain,
        anthropic,
        gemini,
        openai,
        deepseek
    } shape;
    bool cached = false;  // reads from and writes to the prompt cache
    const char* routing = nullptr;
    std::int64_t force_input = 0;  // a fixed prompt size (the long-context call)
};

DemoConductor::DemoConductor(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 1)
{
    for (int t = 1; t <= 4; ++t) tiers_[t].model = kTierModels[t];
}

// splitmix64: the same numbers on every platform, unlike the standard distributions.
std::uint64_t DemoConductor::random()
{
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::int64_t DemoConductor::between(std::int64_t lo, std::int64_t hi)
{
    return lo + static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(hi - lo + 1));
}

std::string DemoConductor::tier_usage_json() const
{
    ordered_json usage = ordered_json::object();
    for (const auto& [tier, c] : tiers_) {
        usage["Tier " + std::to_string(tier)] = {{"input", c.input},
                                                 {"output", c.output},
                                                 {"cache_read", c.cache_read},
                                                 {"cache_write", c.cache_write},
                                                 {"model", c.model}};
    }
    return ordered_json{{"type", "tier_usage"}, {"ts", "{ts}"}, {"tier_usage", usage}}.dump();
}

void DemoConductor::phase(const char* status, int tier)
{
    ordered_json usage = ordered_json::parse(tier_usage_json())["tier_usage"];
    script_.push_back(ordered_json{
        {"type", "mma_state_update"},
        {"ts", "{ts}"},
        {"status", status},
        {"active_tier", "Tier " + std::to_string(tier)},
        {"tier_usage",
         usage}}.dump());
}

void DemoConductor::call(const CallSpec& s)
{
    const std::int64_t prompt = s.force_input ? s.force_input : between(s.input_lo, s.input_hi);
    const std::int64_t output = between(s.output_lo, s.output_hi);
    std::int64_t cache_read = 0, cache_write = 0;
    if (s.cached) {
        // Most of a cached prompt is read back; now and then Anthropic writes a new prefix (the others
        // have no write charge).
        cache_read = prompt * between(50, 85) / 100;
        if (s.shape == CallSpec::Shape::anthropic && random() % 4 == 0)
            cache_write = prompt * between(5, 15) / 100;
    }
    const std::int64_t input = prompt - cache_read - cache_write;
    const bool failed = random() % 40 == 0;

    ordered_json line{{"type", "api_call"}, {"id", "demo-" + std::to_string(++call_number_)}, {"ts", "{ts}"}};
    if (s.provider) line["provider"] = s.provider;
    line["model"] = s.model;
    line["tier"] = "Tier " + std::to_string(s.tier);
    line["activity"] = s.activity;
    line["category"] = s.category;
    const std::int64_t billed_out = failed ? 0 : output;
    const std::int64_t billed_in = failed ? 0 : input;
    switch (s.shape) {
    case CallSpec::Shape::anthropic:
        line["usage"] = {{"input_tokens", billed_in},
                         {"output_tokens", billed_out},
                         {"cache_read_input_tokens", failed ? 0 : cache_read},
                         {"cache_creation_input_tokens", failed ? 0 : cache_write}};
        break;
    case CallSpec::Shape::gemini:
        line["usage"] = {{"promptTokenCount", failed ? 0 : prompt},
                         {"cachedContentTokenCount", failed ? 0 : cache_read},
                         {"candidatesTokenCount", billed_out * 3 / 4},
                         {"thoughtsTokenCount", billed_out - billed_out * 3 / 4}};
        break;
    case CallSpec::Shape::openai:
        line["usage"] = {{"prompt_tokens", failed ? 0 : prompt},
                         {"completion_tokens", billed_out},
                         {"prompt_tokens_details", {{"cached_tokens", failed ? 0 : cache_read}}}};
        break;
    case CallSpec::Shape::deepseek:
        line["usage"] = {{"prompt_tokens", failed ? 0 : prompt},
                         {"completion_tokens", billed_out},
                         {"prompt_cache_hit_tokens", failed ? 0 : cache_read},
                         {"prompt_cache_miss_tokens", failed ? 0 : input}};
        break;
    case CallSpec::Shape::plain:
        line["input_tokens"] = billed_in;
        line["output_tokens"] = billed_out;
        break;
    }
    line["latency_ms"] = static_cast<double>(between(300, 900) + output * between(8, 20) / 10);
    if (failed) {
        line["success"] = false;
        line["error"] = random() % 2 ? "overloaded_error" : "rate_limit_exceeded";
    }
    if (s.routing) line["routing_reason"] = s.routing;
    script_.push_back(line.dump());

    if (!failed) {
        Counters& c = tiers_[s.tier];
        c.model = s.model;
        c.input += input;
        c.output += output;
        c.cache_read += cache_read;
        c.cache_write += cache_write;
    }
}

void DemoConductor::plan_epic()
{
    using Shape = CallSpec::Shape;
    ++epic_;
    phase("planning", 1);
    for (int i = 0, n = static_cast<int>(between(1, 2)); i < n; ++i)
        call({1, "gemini-3.1-pro-preview", "google", "plan.epic", "plan", 12000, 30000, 1500, 4000,
              Shape::gemini, true});
    script_.push_back(tier_usage_json());

    phase("designing", 2);
    for (int i = 0, n = static_cast<int>(between(2, 3)); i < n; ++i)
        call({2, "claude-sonnet-4-5-20250929", nullptr, "design.track", "design", 8000, 40000, 800, 2500,
              Shape::anthropic, true});
    // Every fourth epic, starting with the first, one call reads a whole repository: past 200k prompt
    // tokens, at long-context rates.
    if (epic_ % 4 == 1)
        call({2, "claude-sonnet-4-5-20250929", nullptr, "design.review", "review", 0, 0, 1500, 3000,
              Shape::plain, false, nullptr, between(205000, 240000)});
    script_.push_back(tier_usage_json());

    phase("executing", 3);
    static const CallSpec kWorkers[] = {
        {3, "gemini-2.5-flash-lite", "google", "worker.edit", "agent", 4000, 12000, 300, 1200, Shape::gemini,
         true, "cheapest capable"},
        {3, "gpt-5-mini", "openai", "interpreter.v2", "agent", 3000, 9000, 400, 1500, Shape::openai, true,
         "tool use"},
        {3, "deepseek-chat", "deepseek", "commentary", "report", 2000, 6000, 300, 900, Shape::deepseek, true,
         "cheapest capable"},
        {3, "gpt-4o-mini", "openai", "classifier", "agent", 800, 2000, 5, 40, Shape::openai, false,
         "cheapest capable"},
        {3, "gemini-2.5-flash", "google", "report.simulation", "report", 6000, 20000, 1000, 3000,
         Shape::gemini, true, "escalation"},
    };
    for (int i = 0, n = static_cast<int>(between(6, 12)); i < n; ++i) {
        call(kWorkers[random() % std::size(kWorkers)]);
        if (i % 3 == 2) script_.push_back(tier_usage_json());
    }
    script_.push_back(tier_usage_json());

    phase("reviewing", 4);
    for (int i = 0, n = static_cast<int>(between(2, 4)); i < n; ++i)
        call({4, "claude-haiku-4-5-20251001", "anthropic", "review", "review", 3000, 15000, 200, 800,
              Shape::anthropic, true});
    script_.push_back(tier_usage_json());
    phase("done", 4);
}

std::string DemoConductor::next_line(TimeMs now)
{
    if (script_.empty()) plan_epic();
    std::string line = std::move(script_.front());
    script_.pop_front();
    if (const auto at = line.find("{ts}"); at != std::string::npos) line.replace(at, 4, format_rfc3339(now));
    return line;
}

}  // namespace costpanel
