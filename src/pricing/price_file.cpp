// Reading price documents: the project's own format (assets/pricing.json, rates per million tokens)
// and LiteLLM's model_prices_and_context_window.json (rates per token).
#include "costpanel/core/pricing.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace costpanel {

using nlohmann::json;

namespace {

constexpr std::string_view kOwnFormat = "costpanel-prices";

[[noreturn]] void fail(const std::string& origin, const std::string& entry, const std::string& why)
{
    throw PriceFileError(origin + (entry.empty() ? "" : ": entry \"" + entry + "\"") + ": " + why);
}

// A rate field: absent, or a finite number >= 0, divided by `per` (1e6 for rates per million: a
// division is correctly rounded, so $2.50 per million is exactly the double nearest 2.5e-6).
std::optional<double> rate(const json& obj, const char* field, double per, const std::string& origin,
                           const std::string& entry)
{
    const auto it = obj.find(field);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    if (!it->is_number() || !(it->get<double>() >= 0.0) || it->get<double>() > 1e9)
        fail(origin, entry, std::string("\"") + field + "\" must be a number >= 0");
    return it->get<double>() / per;
}

// The five classes of one rate set, as the project's format names them ("input", ...).
RateSet own_rates(const json& obj, const std::string& origin, const std::string& entry)
{
    constexpr double per_million = 1e6;
    RateSet r;
    r.input = rate(obj, "input", per_million, origin, entry);
    r.output = rate(obj, "output", per_million, origin, entry);
    r.cache_read = rate(obj, "cache_read", per_million, origin, entry);
    r.cache_write = rate(obj, "cache_write", per_million, origin, entry);
    r.cache_write_1h = rate(obj, "cache_write_1h", per_million, origin, entry);
    return r;
}

// "long_context": one object with a threshold (200,000 when absent), or an array of them.
std::vector<LongContextRates> own_long_context(const json& m, const std::string& origin,
                                               const std::string& key)
{
    std::vector<LongContextRates> out;
    const auto lc = m.find("long_context");
    if (lc == m.end() || lc->is_null()) return out;
    const auto one = [&](const json& o) {
        if (!o.is_object()) fail(origin, key, "\"long_context\" must be an object or an array of objects");
        LongContextRates l;
        if (const auto t = o.find("threshold"); t != o.end()) {
            if (!t->is_number_unsigned() || t->get<std::int64_t>() <= 0)
                fail(origin, key, "\"long_context.threshold\" must be a positive integer");
            l.threshold = t->get<std::int64_t>();
        }
        l.rates = own_rates(o, origin, key);
        out.push_back(l);
    };
    if (lc->is_array())
        for (const json& o : *lc) one(o);
    else
        one(*lc);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.threshold < b.threshold; });
    return out;
}

void parse_own(const json& doc, const std::string& origin, PriceTable& table)
{
    if (const auto c = doc.find("checked"); c != doc.end() && c->is_string()) table.set_checked_date(*c);
    const auto models = doc.find("models");
    if (models == doc.end() || !models->is_object()) fail(origin, "", "\"models\" must be an object");
    for (const auto& [key, m] : models->items()) {
        if (key.empty()) fail(origin, key, "an empty model key");
        if (!m.is_object()) fail(origin, key, "must be an object");
        ModelPrice p;
        p.key = key;
        const auto prov = m.find("provider");
        if (prov == m.end() || !prov->is_string() || prov->get<std::string>().empty())
            fail(origin, key, "\"provider\" must be a non-empty string");
        p.provider = fold_provider(prov->get<std::string>());
        p.standard.base = own_rates(m, origin, key);
        if (!p.standard.base.input) fail(origin, key, "\"input\" is required");
        if (!p.standard.base.output) fail(origin, key, "\"output\" is required");
        p.standard.long_context = own_long_context(m, origin, key);
        // Service tiers: "priority", "flex", "batch", each with the same fields as the model.
        for (const auto& [name, tier] :
             {std::pair{"priority", &p.priority}, std::pair{"flex", &p.flex}, std::pair{"batch", &p.batch}}) {
            const auto t = m.find(name);
            if (t == m.end() || t->is_null()) continue;
            if (!t->is_object()) fail(origin, key, std::string("\"") + name + "\" must be an object");
            tier->base = own_rates(*t, origin, key);
            tier->long_context = own_long_context(*t, origin, key);
        }
        std::vector<std::string> aliases;
        if (const auto a = m.find("aliases"); a != m.end()) {
            if (!a->is_array()) fail(origin, key, "\"aliases\" must be an array of strings");
            for (const json& alias : *a) {
                if (!alias.is_string() || alias.get<std::string>().empty())
                    fail(origin, key, "\"aliases\" must be an array of non-empty strings");
                aliases.push_back(alias.get<std::string>());
            }
        }
        table.insert(std::move(p), aliases);
    }
}

bool is_litellm_entry(const json& v)
{
    return v.is_object() && (v.contains("input_cost_per_token") || v.contains("output_cost_per_token") ||
                             v.contains("litellm_provider"));
}

// A LiteLLM rate key taken apart: "input_cost_per_token_above_272k_tokens_priority" is the input
// class, above 272,000 tokens, at the priority tier.
struct LiteLlmKey
{
    std::optional<double> RateSet::*rate_class = nullptr;
    std::int64_t threshold = 0;  // 0: not a long-context rate
    ServiceTier tier = ServiceTier::standard;
};

std::optional<LiteLlmKey> litellm_key(std::string_view key)
{
    LiteLlmKey k;
    for (const auto& [suffix, tier] : {std::pair{std::string_view("_priority"), ServiceTier::priority},
                                       std::pair{std::string_view("_flex"), ServiceTier::flex},
                                       std::pair{std::string_view("_batches"), ServiceTier::batch}}) {
        if (key.ends_with(suffix)) {
            k.tier = tier;
            key.remove_suffix(suffix.size());
            break;
        }
    }
    // "_above_NNNk_tokens": the long-context rates at that threshold.
    if (key.ends_with("k_tokens")) {
        const auto above = key.rfind("_above_");
        if (above == std::string_view::npos) return std::nullopt;
        const std::string_view digits = key.substr(above + 7, key.size() - above - 7 - 8);
        std::int64_t thousands = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), thousands);
        if (ec != std::errc() || end != digits.data() + digits.size() || thousands <= 0) return std::nullopt;
        k.threshold = thousands * 1000;
        key = key.substr(0, above);
    }
    if (key == "input_cost_per_token")
        k.rate_class = &RateSet::input;
    else if (key == "output_cost_per_token")
        k.rate_class = &RateSet::output;
    else if (key == "cache_read_input_token_cost")
        k.rate_class = &RateSet::cache_read;
    else if (key == "cache_creation_input_token_cost")
        k.rate_class = &RateSet::cache_write;
    else if (key == "cache_creation_input_token_cost_above_1hr")
        k.rate_class = &RateSet::cache_write_1h;  // the 1-hour write, whatever LiteLLM's name says
    else
        return std::nullopt;
    return k;
}

RateSet& rates_for(ModelPrice& p, const LiteLlmKey& k)
{
    TierRates& tier = k.tier == ServiceTier::priority ? p.priority
                      : k.tier == ServiceTier::flex   ? p.flex
                      : k.tier == ServiceTier::batch  ? p.batch
                                                      : p.standard;
    if (k.threshold == 0) return tier.base;
    const auto it = std::find_if(tier.long_context.begin(), tier.long_context.end(),
                                 [&](const LongContextRates& l) { return l.threshold == k.threshold; });
    if (it != tier.long_context.end()) return it->rates;
    tier.long_context.push_back({k.threshold, {}});
    return tier.long_context.back().rates;
}

void parse_litellm(const json& doc, const std::string& origin, PriceTable& table)
{
    for (const auto& [key, m] : doc.items()) {
        if (key == "sample_spec") continue;
        if (!m.is_object()) fail(origin, key, "must be an object");
        if (const auto mode = m.find("mode"); mode != m.end() && mode->is_string()) {
            const auto& s = mode->get_ref<const std::string&>();
            if (s != "chat" && s != "completion" && s != "responses") continue;
        }
        const auto in = rate(m, "input_cost_per_token", 1.0, origin, key);
        const auto out = rate(m, "output_cost_per_token", 1.0, origin, key);
        if (!in && !out) continue;  // priced per image, per second, ...: not a token-priced model
        ModelPrice p;
        p.key = key;
        const auto prov = m.find("litellm_provider");
        p.provider =
            prov != m.end() && prov->is_string() ? fold_provider(prov->get<std::string>()) : "unknown";
        for (const auto& [field, value] : m.items()) {
            const auto k = litellm_key(field);
            if (!k) continue;
            rates_for(p, *k).*(k->rate_class) = rate(m, field.c_str(), 1.0, origin, key);
        }
        // LiteLLM leaves out a class it does not charge for.
        if (!p.standard.base.input) p.standard.base.input = 0.0;
        if (!p.standard.base.output) p.standard.base.output = 0.0;
        for (TierRates* t : {&p.standard, &p.priority, &p.flex, &p.batch})
            std::sort(t->long_context.begin(), t->long_context.end(),
                      [](const auto& a, const auto& b) { return a.threshold < b.threshold; });
        table.insert(std::move(p));
    }
}

}  // namespace

PriceTable PriceTable::parse(std::string_view json_text, const std::string& origin)
{
    json doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::parse_error& e) {
        fail(origin, "", std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object()) fail(origin, "", "a price file must be a JSON object");
    PriceTable table;
    const auto format = doc.find("format");
    if (format != doc.end() && format->is_string() && format->get<std::string>().starts_with(kOwnFormat)) {
        parse_own(doc, origin, table);
    } else if (doc.contains("sample_spec") ||
               std::any_of(doc.begin(), doc.end(), [](const json& v) { return is_litellm_entry(v); })) {
        parse_litellm(doc, origin, table);
    } else {
        fail(origin, "",
             "neither costpanel's price format (\"format\": \"costpanel-prices/1\") nor LiteLLM's");
    }
    if (table.size() == 0) fail(origin, "", "no token-priced model in the file");
    return table;
}

PriceTable PriceTable::load_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw PriceFileError(path + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path);
}

}  // namespace costpanel
