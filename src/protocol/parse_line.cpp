#include "costpanel/core/protocol.hpp"

#include "usage_shapes.hpp"

#include <cstring>
#include <nlohmann/json.hpp>

namespace costpanel {

// ordered_json keeps an object's members in the order the line gave them (tier rows appear so).
using json = nlohmann::ordered_json;

namespace {

// Throwing inside the validators keeps each rule one line; parse_line turns it into a ParseError.
struct Invalid
{
    std::string reason;
};

[[noreturn]] void invalid(std::string reason)
{
    throw Invalid{std::move(reason)};
}

const std::string* optional_string(const json& obj, const char* key)
{
    const auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

std::string string_or_empty(const json& obj, const char* key)
{
    const std::string* s = optional_string(obj, key);
    return s ? *s : std::string();
}

// An optional string field: absent, or a string; anything else rejects the line.
const std::string* checked_string(const json& obj, const char* key)
{
    const auto it = obj.find(key);
    if (it == obj.end()) return nullptr;
    if (!it->is_string()) invalid(std::string("\"") + key + "\" must be a string");
    return &it->get_ref<const std::string&>();
}

// PROTOCOL 1.1: a field whose value is null is as if it were not there, in every object of the line
// (SDKs' model_dump() writes null for what a response did not carry).
void drop_nulls(json& value)
{
    if (!value.is_object()) return;
    for (auto it = value.begin(); it != value.end();) {
        if (it->is_null()) {
            it = value.erase(it);
        } else {
            drop_nulls(*it);
            ++it;
        }
    }
}

std::string tier_of(const json& value)
{
    if (value.is_string()) return normalise_tier(value.get_ref<const std::string&>());
    if (value.is_number_integer()) return normalise_tier(std::to_string(value.get<std::int64_t>()));
    return {};
}

ApiCall parse_api_call(const json& obj)
{
    ApiCall call;
    const std::string* model = optional_string(obj, "model");
    if (!model || model->empty()) invalid("api_call needs a non-empty string \"model\"");
    call.model = *model;
    if (const std::string* p = optional_string(obj, "provider"); p && !p->empty())
        call.provider = fold_provider(*p);

    const std::string* tier_name = checked_string(obj, "service_tier");
    if (const auto u = obj.find("usage"); u != obj.end()) {
        std::string why;
        const auto usage = normalise_usage(*u, why);
        if (!usage) invalid("bad \"usage\": " + why);
        call.tokens = usage->tokens;
        call.reasoning_tokens = usage->reasoning;
        // Anthropic's usage says how the call was processed; the line's own field wins.
        if (!tier_name) tier_name = optional_string(*u, "service_tier");
    }
    if (tier_name) {
        const auto tier = parse_service_tier(*tier_name);
        call.pricing_tier = tier.value_or(ServiceTier::standard);
        call.service_tier = tier ? service_tier_name(*tier) : *tier_name;
    }
    if (const std::string* p = checked_string(obj, "project")) call.project = *p;
    if (const std::string* h = checked_string(obj, "host")) call.host = *h;
    if (const auto it = obj.find("reported_cost_usd"); it != obj.end()) {
        if (!it->is_number() || !(it->get<double>() >= 0.0) || it->get<double>() > 1e12)
            invalid("\"reported_cost_usd\" must be a number >= 0");
        call.reported_cost_usd = it->get<double>();
    }
    // Explicit fields on the line win over the usage object.
    const auto explicit_count = [&](const char* key, std::int64_t& into) {
        const auto it = obj.find(key);
        if (it == obj.end()) return;
        const auto n = token_count(*it);
        if (!n) invalid(std::string("\"") + key + "\" must be an integer from 0 to 10^12");
        into = *n;
    };
    explicit_count("input_tokens", call.tokens.input);
    explicit_count("output_tokens", call.tokens.output);
    explicit_count("cache_read_tokens", call.tokens.cache_read);
    explicit_count("cache_write_tokens", call.tokens.cache_write);
    explicit_count("cache_write_1h_tokens", call.tokens.cache_write_1h);
    explicit_count("reasoning_tokens", call.reasoning_tokens);

    if (const auto it = obj.find("latency_ms"); it != obj.end()) {
        if (!it->is_number() || !(it->get<double>() >= 0.0) || it->get<double>() > 1e15)
            invalid("\"latency_ms\" must be a number >= 0");
        call.latency_ms = it->get<double>();
    }
    if (const auto it = obj.find("success"); it != obj.end()) {
        if (!it->is_boolean()) invalid("\"success\" must be true or false");
        call.success = it->get<bool>();
    }
    if (const auto it = obj.find("cache_hit"); it != obj.end() && it->is_boolean())
        call.cache_hit = it->get<bool>();
    if (const auto it = obj.find("tier"); it != obj.end()) call.tier = tier_of(*it);
    call.activity = string_or_empty(obj, "activity");
    call.category = string_or_empty(obj, "category");
    call.error = string_or_empty(obj, "error");
    call.routing_reason = string_or_empty(obj, "routing_reason");
    return call;
}

TierUsage parse_tier_usage(const json& value)
{
    if (!value.is_object()) invalid("\"tier_usage\" must be an object");
    TierUsage usage;
    usage.tiers.reserve(value.size());
    for (const auto& item : value.items()) {
        // Named references, not a structured binding: clang 14 cannot capture one in a lambda.
        const std::string& name = item.key();
        const json& entry = item.value();
        const std::string where = "tier_usage \"" + name + "\": ";
        if (!entry.is_object()) invalid(where + "must be an object");
        TierSnapshot snap;
        snap.tier = normalise_tier(name);
        if (snap.tier.empty()) invalid("tier_usage has an empty tier name");
        const auto count = [&](const char* key, std::int64_t& into, bool required) {
            const auto it = entry.find(key);
            if (it == entry.end()) {
                if (required) invalid(where + "\"" + key + "\" is required");
                return;
            }
            const auto n = token_count(*it);
            if (!n) invalid(where + "\"" + key + "\" must be an integer from 0 to 10^12");
            into = *n;
        };
        count("input", snap.input, true);
        count("output", snap.output, true);
        count("cache_read", snap.cache_read, false);
        count("cache_write", snap.cache_write, false);
        if (const auto m = entry.find("model"); m != entry.end()) {
            if (!m->is_string()) invalid(where + "\"model\" must be a string");
            snap.model = m->get<std::string>();
        }
        usage.tiers.push_back(std::move(snap));
    }
    return usage;
}

MmaStateUpdate parse_mma_state(const json& obj)
{
    MmaStateUpdate update;
    if (const std::string* s = optional_string(obj, "status")) update.status = *s;
    if (const std::string* s = optional_string(obj, "active_tier")) update.active_tier = *s;
    if (const auto it = obj.find("tier_usage"); it != obj.end()) update.tier_usage = parse_tier_usage(*it);
    return update;
}

Event parse_object(const json& obj)
{
    const std::string* type = optional_string(obj, "type");
    if (!type) invalid(obj.contains("type") ? "\"type\" must be a string" : "no \"type\"");

    Event event;
    if (*type == "api_call")
        event.body = parse_api_call(obj);
    else if (*type == "tier_usage") {
        const auto it = obj.find("tier_usage");
        if (it == obj.end()) invalid("tier_usage event without a \"tier_usage\" object");
        event.body = parse_tier_usage(*it);
    } else if (*type == "mma_state_update")
        event.body = parse_mma_state(obj);
    else if (*type == "session_reset")
        event.body = SessionReset{};
    else
        event.body = UnknownEvent{*type};

    if (const std::string* id = optional_string(obj, "id")) event.id = *id;
    if (const auto ts = obj.find("ts"); ts != obj.end()) {
        // Booked on "now" it would be a wrong number: a ts that is not RFC 3339 rejects the line.
        event.ts = ts->is_string() ? parse_rfc3339(ts->get_ref<const std::string&>()) : std::nullopt;
        if (!event.ts) invalid("\"ts\" must be an RFC 3339 time with an offset, e.g. 2026-11-20T09:00:01Z");
    }
    event.session = string_or_empty(obj, "session");
    return event;
}

}  // namespace

bool is_blank_line(std::string_view line)
{
    for (const char c : line)
        if (c != ' ' && c != '\t' && c != '\r') return false;
    return true;
}

ParseResult parse_line(std::string_view line)
{
    if (line.size() > kMaxLineBytes) return ParseError{"line longer than 1 MiB"};
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // A raw NUL never ends a line early: the line is not JSON.
    if (std::memchr(line.data(), '\0', line.size())) return ParseError{"not valid JSON (a raw NUL byte)"};
    json doc = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return ParseError{"not valid JSON (or not UTF-8)"};
    if (!doc.is_object()) return ParseError{"not a JSON object"};
    // Most lines have no null at all: only those are walked.
    if (line.find("null") != std::string_view::npos) drop_nulls(doc);
    try {
        return parse_object(doc);
    } catch (const Invalid& e) {
        return ParseError{e.reason};
    }
}

bool is_otlp_json_line(std::string_view line)
{
    std::size_t i = 0;
    const auto skip_space = [&] {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n'))
            ++i;
    };
    skip_space();
    if (i >= line.size() || line[i] != '{') return false;
    ++i;
    skip_space();
    const std::string_view rest = line.substr(i);
    return rest.starts_with("\"resourceSpans\"") || rest.starts_with("\"resourceLogs\"") ||
           rest.starts_with("\"resourceMetrics\"");
}

}  // namespace costpanel
