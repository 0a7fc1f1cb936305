#include "costpanel/core/pricing.hpp"

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

ModelPrice::Resolved ModelPrice::resolve(bool long_context_call) const
{
    Resolved r{};
    r.input = base.input;
    r.output = base.output;
    r.cache_read = base.cache_read.value_or(base.input);
    r.cache_write = base.cache_write.value_or(base.input);
    r.cache_write_1h = base.cache_write_1h.value_or(r.cache_write);
    if (long_context_call && long_context) {
        // Above the threshold each class takes its long-context rate where the model has one.
        const LongContextRates& lc = *long_context;
        if (lc.input) r.input = *lc.input;
        if (lc.output) r.output = *lc.output;
        if (lc.cache_read) r.cache_read = *lc.cache_read;
        if (lc.cache_write) r.cache_write = *lc.cache_write;
        if (lc.cache_write_1h) r.cache_write_1h = *lc.cache_write_1h;
    }
    return r;
}

static double priced(const ModelPrice::Resolved& r, const TokenCounts& t)
{
    return static_cast<double>(t.input) * r.input + static_cast<double>(t.output) * r.output +
           static_cast<double>(t.cache_read) * r.cache_read +
           static_cast<double>(t.cache_write) * r.cache_write +
           static_cast<double>(t.cache_write_1h) * r.cache_write_1h;
}

double call_cost(const ModelPrice& price, const TokenCounts& tokens)
{
    return priced(price.resolve(price.is_long_context_call(tokens)), tokens);
}

double base_cost(const ModelPrice& price, const TokenCounts& tokens)
{
    return priced(price.resolve(false), tokens);
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
