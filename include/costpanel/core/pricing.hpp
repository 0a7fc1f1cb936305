// costpanel: price tables, model matching and the cost of one call (PROTOCOL.md, "Cost of one call").
//
// Usage:
//   auto table = costpanel::PriceTable::builtin();               // embedded assets/pricing.json
//   auto table = costpanel::PriceTable::load_file("prices.json"); // own format or LiteLLM's, detected
//   double usd = costpanel::estimate_cost(table, "claude-sonnet-4-5", 1000, 200);
//
// A PriceTable is immutable once built; share it as std::shared_ptr<const PriceTable> and swap the
// pointer to reload.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace costpanel {

// Token counts of one call, by billing class.
struct TokenCounts
{
    std::int64_t input = 0;           // uncached input
    std::int64_t output = 0;          // billed output, reasoning included
    std::int64_t cache_read = 0;      // served from the prompt cache
    std::int64_t cache_write = 0;     // written to the cache, 5-minute lifetime
    std::int64_t cache_write_1h = 0;  // written to the cache, 1-hour lifetime

    std::int64_t prompt_side() const { return input + cache_read + cache_write + cache_write_1h; }
    TokenCounts& operator+=(const TokenCounts& o);
    bool operator==(const TokenCounts&) const = default;
};

// How the provider processed a call (PROTOCOL.md, api_call "service_tier").
enum class ServiceTier : std::uint8_t
{
    standard,
    priority,
    flex,
    batch
};

// "standard" (also "default", "auto", "on_demand"), "priority", "flex", "batch", in any case;
// nothing for another name (such a call is priced as standard, its name kept as sent).
std::optional<ServiceTier> parse_service_tier(std::string_view name);
const char* service_tier_name(ServiceTier tier);

// USD per token for each class; an absent one falls back as PROTOCOL.md's third step says.
struct RateSet
{
    std::optional<double> input, output, cache_read, cache_write, cache_write_1h;

    bool empty() const { return !input && !output && !cache_read && !cache_write && !cache_write_1h; }
};

// The rates of a call whose prompt side exceeds the threshold; a class without one keeps its rate.
struct LongContextRates
{
    std::int64_t threshold = 200000;  // prompt-side tokens
    RateSet rates;
};

// What a model costs at one service tier.
struct TierRates
{
    RateSet base;
    std::vector<LongContextRates> long_context;  // by threshold, ascending

    bool empty() const { return base.empty() && long_context.empty(); }
};

struct ModelPrice
{
    std::string key;                  // the price-table key, e.g. "claude-sonnet-4-5-20250929"
    std::string provider;             // folded: "anthropic", "google", ...
    TierRates standard;               // base.input and base.output are always there
    TierRates priority, flex, batch;  // empty where the provider publishes none

    // The resolved per-token rate of each class.
    struct Resolved
    {
        double input, output, cache_read, cache_write, cache_write_1h;
    };
    // The rates chosen for one call, and how.
    struct Choice
    {
        Resolved rates;
        bool long_context = false;   // the prompt side crossed a threshold of the tier used
        bool standard_rate = false;  // priority, flex or batch asked, none published: standard rates
    };
    // PROTOCOL.md's three steps: the service tier, long context at the highest threshold crossed,
    // then the fallbacks (a class without a rate takes the input rate chosen; 1-hour writes the
    // 5-minute write rate chosen).
    Choice choose(const TokenCounts& tokens, ServiceTier tier = ServiceTier::standard) const;
    // Standard base rates with the fallbacks, no long-context rule: how tier deltas are priced.
    Resolved base_rates() const;
    const TierRates& rates_at(ServiceTier tier) const;
};

// A price file that cannot be used; what() names the file and the entry.
class PriceFileError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class PriceTable
{
public:
    // Parses a price document in the project's own format or LiteLLM's (detected by its keys).
    // `origin` names the document in errors. Throws PriceFileError.
    static PriceTable parse(std::string_view json_text, const std::string& origin);
    static PriceTable load_file(const std::string& path);
    // The table embedded at build time from assets/pricing.json.
    static const PriceTable& builtin();

    // Adds an entry, or replaces the one with the same key; aliases are further exact ids for it.
    void insert(ModelPrice price, const std::vector<std::string>& aliases = {});
    // Entries of `over` replace same-keyed entries of this table (aliases included).
    void merge_over(const PriceTable& over);

    // PROTOCOL.md "Model matching": exact; lower-cased; without a provider/ or models/ prefix;
    // without a cloud's wrapping (Bedrock's region, vendor and version); without a trailing date;
    // with '.' between digits as '-'; and last, as a guess marked approximate, the longest key it
    // extends at a '-', '.', ':' or '@' boundary.
    struct Match
    {
        const ModelPrice* price = nullptr;
        bool approximate = false;  // found by the last step
        explicit operator bool() const { return price != nullptr; }
    };
    Match find(std::string_view model_id) const;
    const ModelPrice* match(std::string_view model_id) const { return find(model_id).price; }

    std::size_t size() const { return entries_.size(); }
    const std::vector<ModelPrice>& entries() const { return entries_; }
    // The date the prices were checked against the providers' lists, when the file says.
    const std::string& checked_date() const { return checked_; }
    void set_checked_date(std::string date) { checked_ = std::move(date); }

private:
    const ModelPrice* find_key(std::string_view key) const;

    std::vector<ModelPrice> entries_;
    std::unordered_map<std::string, std::size_t> index_;  // key or alias -> entries_ index
    std::string checked_;
};

// The counts priced at the given per-token rates.
double priced_at(const ModelPrice::Resolved& rates, const TokenCounts& tokens);
// Cost in USD of one call with the given counts at the given price (every rule included).
double call_cost(const ModelPrice& price, const TokenCounts& tokens,
                 ServiceTier tier = ServiceTier::standard);
// Cost at standard base rates only: how tier deltas are priced.
double base_cost(const ModelPrice& price, const TokenCounts& tokens);
// USD for `input_tokens` uncached input and `output_tokens` output; 0.0 for a model no entry matches.
double estimate_cost(const PriceTable& table, std::string_view model, std::int64_t input_tokens,
                     std::int64_t output_tokens);

// Lower-cases and folds provider names (PROTOCOL.md, "Model matching"): gemini, vertex_ai*,
// google_ai_studio, gcp.* -> google; claude -> anthropic; aws.bedrock -> bedrock; azure.ai.openai,
// azure_ai -> azure; x_ai -> xai; mistral_ai -> mistral.
std::string fold_provider(std::string_view provider);
// The model id as a row key: without a leading "provider/" or "models/" segment.
std::string_view strip_model_prefix(std::string_view model_id);

}  // namespace costpanel

namespace costpanel {

// The table a command runs with: `pricing_file` alone when given; otherwise the built-in table with
// the user's config-directory pricing.json (when it exists) merged over it. Throws PriceFileError.
std::shared_ptr<const PriceTable> load_price_table(const std::string& pricing_file = {});

}  // namespace costpanel
