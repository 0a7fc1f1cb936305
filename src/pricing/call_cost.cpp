// The cost of one call (PROTOCOL.md, "Cost of one call"): rates chosen in three steps, then
// counts times rates.
#include "costpanel/core/pricing.hpp"

#include "platform/text.hpp"

namespace costpanel {

TokenCounts& TokenCounts::operator+=(const TokenCounts& o)
{
    input += o.input;
    output += o.output;
    cache_read += o.cache_read;
    cache_write += o.cache_write;
    cache_write_1h += o.cache_write_1h;
    return *this;
}

std::optional<ServiceTier> parse_service_tier(std::string_view name)
{
    const std::string n = to_lower(name);
    if (n == "standard" || n == "default" || n == "auto" || n == "on_demand") return ServiceTier::standard;
    if (n == "priority") return ServiceTier::priority;
    if (n == "flex") return ServiceTier::flex;
    if (n == "batch") return ServiceTier::batch;
    return std::nullopt;
}

const char* service_tier_name(ServiceTier tier)
{
    switch (tier) {
    case ServiceTier::priority:
        return "priority";
    case ServiceTier::flex:
        return "flex";
    case ServiceTier::batch:
        return "batch";
    case ServiceTier::standard:
        break;
    }
    return "standard";
}

namespace {

// Each class of `over` that has a rate replaces the one in `rates`.
void overlay(RateSet& rates, const RateSet& over)
{
    if (over.input) rates.input = over.input;
    if (over.output) rates.output = over.output;
    if (over.cache_read) rates.cache_read = over.cache_read;
    if (over.cache_write) rates.cache_write = over.cache_write;
    if (over.cache_write_1h) rates.cache_write_1h = over.cache_write_1h;
}

// Step 3: a cache class without a rate takes the input rate chosen for this call; a 1-hour write
// the 5-minute write rate chosen.
ModelPrice::Resolved with_fallbacks(const RateSet& r, const RateSet& standard)
{
    ModelPrice::Resolved out{};
    out.input = r.input.value_or(*standard.input);
    out.output = r.output.value_or(*standard.output);
    out.cache_read = r.cache_read.value_or(out.input);
    out.cache_write = r.cache_write.value_or(out.input);
    out.cache_write_1h = r.cache_write_1h.value_or(out.cache_write);
    return out;
}

}  // namespace

const TierRates& ModelPrice::rates_at(ServiceTier tier) const
{
    switch (tier) {
    case ServiceTier::priority:
        return priority;
    case ServiceTier::flex:
        return flex;
    case ServiceTier::batch:
        return batch;
    case ServiceTier::standard:
        break;
    }
    return standard;
}

ModelPrice::Choice ModelPrice::choose(const TokenCounts& tokens, ServiceTier tier) const
{
    Choice choice;
    // Step 1: the service tier's rates where the model has any, else standard, said so.
    const TierRates* rates = &rates_at(tier);
    if (rates->empty()) {
        choice.standard_rate = tier != ServiceTier::standard;
        rates = &standard;
    }
    RateSet r = rates->base;
    // Step 2: every class at its rate for the highest threshold the prompt side crossed.
    const std::int64_t prompt = tokens.prompt_side();
    for (auto it = rates->long_context.rbegin(); it != rates->long_context.rend(); ++it) {
        if (prompt <= it->threshold) continue;
        overlay(r, it->rates);
        choice.long_context = true;
        break;
    }
    // Step 3; a tier that lists only some classes keeps the standard input and output beside them.
    choice.rates = with_fallbacks(r, standard.base);
    return choice;
}

ModelPrice::Resolved ModelPrice::base_rates() const
{
    return with_fallbacks(standard.base, standard.base);
}

double priced_at(const ModelPrice::Resolved& r, const TokenCounts& t)
{
    return static_cast<double>(t.input) * r.input + static_cast<double>(t.output) * r.output +
           static_cast<double>(t.cache_read) * r.cache_read +
           static_cast<double>(t.cache_write) * r.cache_write +
           static_cast<double>(t.cache_write_1h) * r.cache_write_1h;
}

double call_cost(const ModelPrice& price, const TokenCounts& tokens, ServiceTier tier)
{
    return priced_at(price.choose(tokens, tier).rates, tokens);
}

double base_cost(const ModelPrice& price, const TokenCounts& tokens)
{
    return priced_at(price.base_rates(), tokens);
}

double estimate_cost(const PriceTable& table, std::string_view model, std::int64_t input_tokens,
                     std::int64_t output_tokens)
{
    const ModelPrice* price = table.match(model);
    if (!price) return 0.0;
    TokenCounts t;
    t.input = input_tokens;
    t.output = output_tokens;
    return call_cost(*price, t);
}

}  // namespace costpanel
