#include "claude_code_line.hpp"

#include "find_text.hpp"
#include "platform/text.hpp"

namespace costpanel::agentlogs {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// Anthropic's usage object (PROTOCOL.md, "Raw provider usage objects"); false on a bad count.
bool read_usage(object usage, ApiCall& call, std::string& why)
{
    bool bad = false;
    std::optional<std::int64_t> creation_total, creation_5m, creation_1h;
    bool has_creation_object = false;
    // The element is passed, not captured: a lambda may not capture a structured binding before
    // C++20's rule reached every compiler (clang 16), and the fuzz preset builds with clang.
    const auto count = [&bad](element value, std::int64_t& into) {
        if (const auto n = token_count(value, bad)) into = *n;
    };
    for (const auto [key, value] : usage) {
        if (key == "input_tokens") {
            count(value, call.tokens.input);
        } else if (key == "output_tokens") {
            count(value, call.tokens.output);
        } else if (key == "cache_read_input_tokens") {
            count(value, call.tokens.cache_read);
        } else if (key == "cache_creation_input_tokens") {
            creation_total = token_count(value, bad);
        } else if (key == "cache_creation" && value.is_object()) {
            has_creation_object = true;
            for (const auto [k, v] : object(value)) {
                if (k == "ephemeral_5m_input_tokens") creation_5m = token_count(v, bad);
                if (k == "ephemeral_1h_input_tokens") creation_1h = token_count(v, bad);
                if (bad)
                    return why = "message.usage.cache_creation." + std::string(k) + " is not a count", false;
            }
        } else if (key == "service_tier") {
            if (const auto name = string_value(value)) {
                const auto tier = parse_service_tier(*name);
                call.pricing_tier = tier.value_or(ServiceTier::standard);
                call.service_tier = tier ? service_tier_name(*tier) : std::string(*name);
            }
        }
        if (bad) return why = "message.usage." + std::string(key) + " is not a count", false;
    }
    if (has_creation_object) {
        call.tokens.cache_write = creation_5m.value_or(0);
        call.tokens.cache_write_1h = creation_1h.value_or(0);
    } else {
        call.tokens.cache_write = creation_total.value_or(0);
    }
    return true;
}

// A stable id for a call line that names neither its message nor its request.
std::string line_key(std::string_view uuid, std::string_view line)
{
    if (!uuid.empty()) return "claude-code:" + std::string(uuid);
    return "claude-code:" + fnv1a_hex(line);
}

}  // namespace

bool may_be_claude_code_call(std::string_view line)
{
    return contains(line, kUsageMark);
}

void read_claude_code_line(JsonLine& json, std::string_view line, const std::string& project,
                           ClaudeCodeLine& out, bool checked)
{
    out.kind = ClaudeCodeLine::Kind::not_a_call;
    out.reason.clear();
    out.message_id.clear();
    out.request_id.clear();
    out.sidechain = false;
    if (!checked && !may_be_claude_code_call(line)) return;
    if (!json.open(line)) return;

    // The event's strings keep their memory from line to line: a log has hundreds of thousands.
    Event& event = out.event;
    if (!std::holds_alternative<ApiCall>(event.body)) event.body = ApiCall{};
    ApiCall& call = std::get<ApiCall>(event.body);
    call.model.clear();
    call.tokens = {};
    call.service_tier = "standard";
    call.pricing_tier = ServiceTier::standard;
    call.provider = "anthropic";
    call.project = project;
    event.id.reset();
    event.ts.reset();
    event.session.clear();
    std::string_view uuid;
    bool has_usage = false, usage_ok = true, bad_time = false;
    for (const auto [key, value] : json.object()) {
        if (key == "message" && value.is_object()) {
            for (const auto [k, v] : object(value)) {
                if (k == "model") {
                    if (const auto s = string_value(v)) call.model = *s;
                } else if (k == "id") {
                    if (const auto s = string_value(v)) out.message_id = *s;
                } else if (k == "usage" && v.is_object()) {
                    has_usage = true;
                    usage_ok = read_usage(object(v), call, out.reason);
                }
            }
        } else if (key == "requestId") {
            if (const auto s = string_value(value)) out.request_id = *s;
        } else if (key == "timestamp") {
            // As PROTOCOL.md's ts: one that is there but not an RFC 3339 time is no day to book it on.
            const auto s = string_value(value);
            event.ts = s ? parse_rfc3339(*s) : std::nullopt;
            bad_time = !value.is_null() && !event.ts;
        } else if (key == "sessionId") {
            if (const auto s = string_value(value)) event.session = *s;
        } else if (key == "isSidechain") {
            if (value.is_bool()) out.sidechain = bool(value);
        } else if (key == "uuid") {
            if (const auto s = string_value(value)) uuid = *s;
        }
    }
    if (!usage_ok) {
        out.kind = ClaudeCodeLine::Kind::bad;
        return;
    }
    if (!has_usage || call.model.empty() || call.model == "<synthetic>") return;
    if (bad_time) {
        out.reason = "timestamp is not an RFC 3339 time";
        out.kind = ClaudeCodeLine::Kind::bad;
        return;
    }
    call.tier = out.sidechain ? "subagent" : "main";
    // PROTOCOL.md's id rule: the provider's request id, bare, so that another door's copy counts once.
    event.id = !out.request_id.empty()   ? out.request_id
               : !out.message_id.empty() ? out.message_id
                                         : line_key(uuid, line);
    out.kind = ClaudeCodeLine::Kind::call;
}

}  // namespace costpanel::agentlogs
