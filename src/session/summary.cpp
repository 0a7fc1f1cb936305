#include "costpanel/core/summary.hpp"

#include <algorithm>
#include <map>

namespace costpanel {

using nlohmann::ordered_json;

namespace {

ordered_json string_or_null(const std::optional<std::string>& s)
{
    return s ? ordered_json(*s) : ordered_json(nullptr);
}

struct ProviderGroup
{
    std::string provider;
    double cost_usd = 0.0;
    std::vector<const ModelUsage*> models;
};

}  // namespace

ordered_json session_summary(const SessionState& state)
{
    const SessionTotals& t = state.totals();
    ordered_json out;
    out["session_total_usd"] = t.cost_usd;
    out["calls"] = t.calls;
    out["input_tokens"] = t.tokens.input;
    out["output_tokens"] = t.tokens.output;
    out["cache_read_tokens"] = t.tokens.cache_read;
    out["cache_write_tokens"] = t.tokens.cache_write + t.tokens.cache_write_1h;
    out["unpriced_calls"] = t.unpriced_calls;
    out["standard_rate_calls"] = t.standard_rate_calls;

    std::map<std::string, ProviderGroup> groups;
    for (const ModelUsage& m : state.models()) {
        ProviderGroup& g = groups[m.provider];
        g.provider = m.provider;
        g.cost_usd += m.cost_usd;
        g.models.push_back(&m);
    }
    std::vector<ProviderGroup*> order;
    for (auto& [name, g] : groups) order.push_back(&g);
    std::stable_sort(order.begin(), order.end(), [](const ProviderGroup* a, const ProviderGroup* b) {
        return a->cost_usd > b->cost_usd;
    });
    ordered_json providers = ordered_json::array();
    for (ProviderGroup* g : order) {
        std::sort(g->models.begin(), g->models.end(), [](const ModelUsage* a, const ModelUsage* b) {
            return a->cost_usd != b->cost_usd ? a->cost_usd > b->cost_usd : a->model < b->model;
        });
        ordered_json models = ordered_json::array();
        for (const ModelUsage* m : g->models) {
            models.push_back({{"model", m->model},
                              {"priced", m->priced},
                              {"priced_as", m->priced ? ordered_json(m->priced_as) : ordered_json(nullptr)},
                              {"approximate", m->approximate},
                              {"calls", m->calls},
                              {"input_tokens", m->tokens.input},
                              {"output_tokens", m->tokens.output},
                              {"cache_read_tokens", m->tokens.cache_read},
                              {"cache_write_tokens", m->tokens.cache_write + m->tokens.cache_write_1h},
                              {"cost_usd", m->cost_usd}});
        }
        providers.push_back(
            {{"provider", g->provider}, {"cost_usd", g->cost_usd}, {"models", std::move(models)}});
    }
    out["providers"] = std::move(providers);

    ordered_json tiers = ordered_json::array();
    for (const TierRow& row : state.tiers()) {
        tiers.push_back({{"tier", row.tier},
                         {"model", row.model.empty() ? ordered_json(nullptr) : ordered_json(row.model)},
                         {"input_tokens", row.tokens.input},
                         {"output_tokens", row.tokens.output},
                         {"cost_usd", row.cost_usd}});
    }
    out["tiers"] = std::move(tiers);
    out["mma"] = {{"status", string_or_null(state.status())},
                  {"active_tier", string_or_null(state.active_tier())}};
    const EventCounters& c = state.counters();
    out["events"] = {{"applied", c.applied},
                     {"rejected", c.rejected},
                     {"ignored", c.ignored},
                     {"duplicates", c.duplicates}};
    return out;
}

}  // namespace costpanel
