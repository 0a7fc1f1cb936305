#include "codex_session.hpp"

#include "find_text.hpp"

#include <cstring>
#include <nlohmann/json.hpp>

namespace costpanel::agentlogs {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// A Codex usage object; false on a count that is not one.
bool read_usage(object usage, CodexUsage& out, std::string& why, const char* what)
{
    bool bad = false;
    for (const auto [key, value] : usage) {
        std::int64_t* into = key == "input_tokens"              ? &out.input
                             : key == "cached_input_tokens"     ? &out.cached
                             : key == "output_tokens"           ? &out.output
                             : key == "reasoning_output_tokens" ? &out.reasoning
                                                                : nullptr;
        if (!into) continue;
        if (const auto n = token_count(value, bad)) *into = *n;
        if (bad) return why = std::string(what) + "." + std::string(key) + " is not a count", false;
    }
    return true;
}

}  // namespace

CodexSession::CodexSession(std::string file_stem) : session_(std::move(file_stem)) {}

void CodexSession::read_context(const simdjson::dom::object& payload, bool meta)
{
    for (const auto [key, value] : payload) {
        if (key == "cwd") {
            if (const auto s = string_value(value)) project_ = *s;
        } else if (key == "model" && !meta) {
            if (const auto s = string_value(value)) model_ = *s;
        } else if (key == "id" && meta) {
            if (const auto s = string_value(value); s && !s->empty()) session_ = *s;
        }
    }
}

CodexSession::Line CodexSession::read(JsonLine& json, std::string_view line, Event& event,
                                      std::string& reason)
{
    // Messages, tool calls and reasoning are content, never read: only these lines say anything.
    if (!contains(line, "token_count\"") && !contains(line, "turn_context\"") &&
        !contains(line, "session_meta\""))
        return Line::not_a_call;
    if (!json.open(line)) return Line::not_a_call;

    const object& root = json.object();
    std::string_view type;
    std::optional<TimeMs> ts;
    bool bad_time = false;  // there, but not an RFC 3339 time: a call is rejected, as PROTOCOL.md's ts
    element payload_value;
    bool has_payload = false;
    for (const auto [key, value] : root) {
        if (key == "timestamp") {
            const auto s = string_value(value);
            ts = s ? parse_rfc3339(*s) : std::nullopt;
            bad_time = !value.is_null() && !ts;
        } else if (key == "type") {
            if (const auto s = string_value(value)) type = *s;
        } else if (key == "payload" && value.is_object()) {
            payload_value = value;
            has_payload = true;
        }
    }
    if (!has_payload) return Line::not_a_call;
    const object payload(payload_value);
    if (type == "session_meta" || type == "turn_context") {
        read_context(payload, type == "session_meta");
        return Line::not_a_call;
    }
    if (type != "event_msg") return Line::not_a_call;
    const auto payload_type = member(payload_value, "type");
    const auto kind = payload_type ? string_value(*payload_type) : std::nullopt;
    const auto info = member(payload_value, "info");
    // A token_count whose info is null reports rate limits only: not a call.
    if (!kind || *kind != "token_count" || !info || !info->is_object()) return Line::not_a_call;

    CodexUsage last, total;
    bool has_last = false, has_total = false;
    if (const auto u = member(*info, "last_token_usage"); u && u->is_object()) {
        if (!read_usage(object(*u), last, reason, "info.last_token_usage")) return Line::bad;
        has_last = true;
    }
    if (const auto u = member(*info, "total_token_usage"); u && u->is_object()) {
        if (!read_usage(object(*u), total, reason, "info.total_token_usage")) return Line::bad;
        has_total = true;
    }
    if (!has_last && !has_total) return Line::not_a_call;
    // Codex writes a token_count again with nothing new (its total where it was): a repeat of the
    // last call's report, not another call.
    if (has_total && total == total_) return Line::not_a_call;
    CodexUsage delta = last;
    if (!has_last) {
        // Only totals: the call is what the total grew by (a total that fell is a new count).
        const bool fell = total.input < total_.input || total.cached < total_.cached ||
                          total.output < total_.output || total.reasoning < total_.reasoning;
        delta = fell ? total
                     : CodexUsage{total.input - total_.input, total.cached - total_.cached,
                                  total.output - total_.output, total.reasoning - total_.reasoning};
    }
    if (has_total) total_ = total;
    if (delta == CodexUsage{}) return Line::not_a_call;
    if (delta.cached > delta.input) {
        reason = "cached_input_tokens exceed input_tokens";
        return Line::bad;
    }

    if (bad_time) {
        reason = "timestamp is not an RFC 3339 time";
        return Line::bad;
    }
    ApiCall call;
    call.provider = "openai";
    call.model = model_.empty() ? "gpt-5" : model_;  // Codex's default model before any turn_context
    call.tokens.input = delta.input - delta.cached;
    call.tokens.cache_read = delta.cached;
    call.tokens.output = delta.output;
    call.reasoning_tokens = delta.reasoning;
    call.project = project_;
    call.tier = "main";
    event = Event{};
    event.ts = ts;
    event.session = session_;
    event.id = "codex:" + session_ + ":" + std::to_string(++calls_);
    event.body = std::move(call);
    return Line::call;
}

std::string CodexSession::save() const
{
    return nlohmann::json{
        {"session", session_},           {"project", project_},     {"model", model_},
        {"input", total_.input},         {"cached", total_.cached}, {"output", total_.output},
        {"reasoning", total_.reasoning}, {"calls", calls_}}
        .dump();
}

bool CodexSession::restore(std::string_view text)
{
    const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return false;
    try {
        session_ = j.at("session").get<std::string>();
        project_ = j.at("project").get<std::string>();
        model_ = j.at("model").get<std::string>();
        total_ = {j.at("input").get<std::int64_t>(), j.at("cached").get<std::int64_t>(),
                  j.at("output").get<std::int64_t>(), j.at("reasoning").get<std::int64_t>()};
        calls_ = j.at("calls").get<std::uint64_t>();
    } catch (const nlohmann::json::exception&) {
        return false;
    }
    return true;
}

}  // namespace costpanel::agentlogs
