// Reading price documents: the project's own format (assets/pricing.json, rates per million tokens)
// and LiteLLM's model_prices_and_context_window.json (rates per token).
#include "costpanel/core/pricing.hpp"

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

double required_rate(const json& obj, const char* field, double per, const std::string& origin,
                     const std::string& entry)
{
    const auto r = rate(obj, field, per, origin, entry);
    if (!r) fail(origin, entry, std::string("\"") + field + "\" is required");
    return *r;
}

void parse_own(const json& doc, const std::string& origin, PriceTable& table)
{
    constexpr double per_million = 1e6;
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
        p.base.input = required_rate(m, "input", per_million, origin, key);
        p.base.output = required_rate(m, "output", per_million, origin, key);
        p.base.cache_read = rate(m, "cache_read", per_million, origin, key);
        p.base.cache_write = rate(m, "cache_write", per_million, origin, key);
        p.base.cache_write_1h = rate(m, "cache_write_1h", per_million, origin, key);
        if (const auto lc = m.find("long_context"); lc != m.end()) {
            if (!lc->is_object()) fail(origin, key, "\"long_context\" must be an object");
            LongContextRates l;
            if (const auto t = lc->find("threshold"); t != lc->end()) {
                if (!t->is_number_unsigned() || t->get<std::int64_t>() <= 0)
                    fail(origin, key, "\"long_context.threshold\" must be a positive integer");
                l.threshold = t->get<std::int64_t>();
            }
            l.input = rate(*lc, "input", per_million, origin, key);
            l.output = rate(*lc, "output", per_million, origin, key);
            l.cache_read = rate(*lc, "cache_read", per_million, origin, key);
            l.cache_write = rate(*lc, "cache_write", per_million, origin, key);
            l.cache_write_1h = rate(*lc, "cache_write_1h", per_million, origin, key);
            p.long_context = l;
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
        // LiteLLM leaves out a class it does not charge for.
        p.base.input = in.value_or(0.0);
        p.base.output = out.value_or(0.0);
        p.base.cache_read = rate(m, "cache_read_input_token_cost", 1.0, origin, key);
        p.base.cache_write = rate(m, "cache_creation_input_token_cost", 1.0, origin, key);
        p.base.cache_write_1h = rate(m, "cache_creation_input_token_cost_above_1hr", 1.0, origin, key);
        LongContextRates l;
        l.input = rate(m, "input_cost_per_token_above_200k_tokens", 1.0, origin, key);
        l.output = rate(m, "output_cost_per_token_above_200k_tokens", 1.0, origin, key);
        l.cache_read = rate(m, "cache_read_input_token_cost_above_200k_tokens", 1.0, origin, key);
        l.cache_write = rate(m, "cache_creation_input_token_cost_above_200k_tokens", 1.0, origin, key);
        l.cache_write_1h =
            rate(m, "cache_creation_input_token_cost_above_1hr_above_200k_tokens", 1.0, origin, key);
        if (l.input || l.output || l.cache_read || l.cache_write || l.cache_write_1h) p.long_context = l;
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
