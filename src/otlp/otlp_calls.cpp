#include "otlp_calls.hpp"

#include "costpanel/core/pricing.hpp"
#include "costpanel/core/time.hpp"
#include "platform/text.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

namespace costpanel::otlp {

namespace {

using Attributes = google::protobuf::RepeatedPtrField<KeyValue>;

constexpr std::int64_t kMaxTokens = 1'000'000'000'000;  // PROTOCOL.md's 10^12
// Its bounds of reported_cost_usd and of latency_ms, as a protocol line is held to them.
struct Bound
{
    double max;
    const char* text;
};
constexpr Bound kCostUsd{1e12, "10^12"}, kLatencyMs{1e15, "10^15"};

// A call's attribute that breaks a rule: the record is rejected with this reason.
struct Broken
{
    std::string why;
};

const AnyValue* find(const Attributes& attributes, std::string_view key)
{
    for (const KeyValue& kv : attributes)
        if (kv.key() == key) return &kv.value();
    return nullptr;
}

// An attribute's value as text: a string, or an integer written out; empty for anything else.
std::string text(const AnyValue* value)
{
    if (!value) return {};
    switch (value->value_case()) {
    case AnyValue::kStringValue:
        return value->string_value();
    case AnyValue::kIntValue:
        return std::to_string(value->int_value());
    default:
        return {};
    }
}

// A token count: an integer in 0 ... 10^12, sent as an int, a whole double, or a decimal string (the
// agent CLIs write their attributes as strings). Absent: 0.
std::int64_t count(const Attributes& attributes, std::string_view key)
{
    const AnyValue* value = find(attributes, key);
    if (!value) return 0;
    std::int64_t n = -1;
    switch (value->value_case()) {
    case AnyValue::kIntValue:
        n = value->int_value();
        break;
    case AnyValue::kDoubleValue: {
        const double d = value->double_value();
        if (std::isfinite(d) && d == std::floor(d) && d >= 0 && d <= static_cast<double>(kMaxTokens))
            n = static_cast<std::int64_t>(d);
        break;
    }
    case AnyValue::kStringValue: {
        const std::string& s = value->string_value();
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (ec != std::errc() || end != s.data() + s.size()) n = -1;
        break;
    }
    case AnyValue::VALUE_NOT_SET:
        return 0;
    default:
        break;
    }
    if (n < 0 || n > kMaxTokens) throw Broken{std::string(key) + " is not a token count"};
    return n;
}

// A duration or a cost: a number from 0 to its bound, as an int, a double or a decimal string.
std::optional<double> number(const Attributes& attributes, std::string_view key, Bound bound)
{
    const AnyValue* value = find(attributes, key);
    if (!value) return std::nullopt;
    double d = -1;
    switch (value->value_case()) {
    case AnyValue::kIntValue:
        d = static_cast<double>(value->int_value());
        break;
    case AnyValue::kDoubleValue:
        d = value->double_value();
        break;
    case AnyValue::kStringValue: {
        const std::string& s = value->string_value();
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
        if (ec != std::errc() || end != s.data() + s.size()) d = -1;
        break;
    }
    default:
        return std::nullopt;
    }
    if (!std::isfinite(d) || d < 0 || d > bound.max)
        throw Broken{std::string(key) + " is not a number from 0 to " + bound.text};
    return d;
}

std::string hex(const std::string& bytes)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        out.push_back(digits[(static_cast<unsigned char>(c) >> 4) & 0xf]);
        out.push_back(digits[static_cast<unsigned char>(c) & 0xf]);
    }
    return out;
}

std::optional<TimeMs> ms_of(std::uint64_t unix_nano)
{
    if (unix_nano == 0) return std::nullopt;
    return static_cast<TimeMs>(unix_nano / 1'000'000);
}

// What every call of a resource shares: PROTOCOL.md's host and category.
struct Origin
{
    const Attributes& resource;
    std::string host, service;
};

Origin origin_of(const Resource& resource)
{
    return {resource.attributes(), text(find(resource.attributes(), "host.name")),
            text(find(resource.attributes(), "service.name"))};
}

// The first of `keys` the record has, else its resource has (the CLIs put session.id on either).
std::string first_of(const Attributes& record, const Attributes& resource,
                     std::initializer_list<std::string_view> keys)
{
    for (const std::string_view key : keys) {
        if (std::string s = text(find(record, key)); !s.empty()) return s;
        if (std::string s = text(find(resource, key)); !s.empty()) return s;
    }
    return {};
}

bool has_usage(const Attributes& attributes)
{
    for (const KeyValue& kv : attributes)
        if (kv.key().starts_with("gen_ai.usage.")) return true;
    return false;
}

Event span_call(const Span& span, const Origin& origin)
{
    const Attributes& a = span.attributes();
    Event event;
    ApiCall& call = event.body.emplace<ApiCall>();
    call.model = text(find(a, "gen_ai.response.model"));
    if (call.model.empty()) call.model = text(find(a, "gen_ai.request.model"));
    if (call.model.empty()) throw Broken{"no model (gen_ai.response.model or gen_ai.request.model)"};
    std::string provider = text(find(a, "gen_ai.provider.name"));
    if (provider.empty()) provider = text(find(a, "gen_ai.system"));
    call.provider = fold_provider(provider);
    // The conventions' input count includes the cached tokens, read and written. Their releases before
    // 1.27 named the counts prompt_tokens and completion_tokens, and instrumentations still write them.
    const auto either = [&a](std::string_view now, std::string_view before) {
        return find(a, now) ? count(a, now) : count(a, before);
    };
    const std::int64_t input = either("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens");
    call.tokens.cache_read = count(a, "gen_ai.usage.cache_read.input_tokens");
    // The conventions' newer name for cache writes, or the older one.
    call.tokens.cache_write =
        either("gen_ai.usage.cache_write.input_tokens", "gen_ai.usage.cache_creation.input_tokens");
    call.tokens.input = std::max<std::int64_t>(0, input - call.tokens.cache_read - call.tokens.cache_write);
    call.tokens.output = either("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens");
    call.reasoning_tokens = count(a, "gen_ai.usage.reasoning.output_tokens");
    event.ts = ms_of(span.end_time_unix_nano());
    if (span.start_time_unix_nano() && span.end_time_unix_nano() >= span.start_time_unix_nano())
        call.latency_ms = static_cast<double>(span.end_time_unix_nano() - span.start_time_unix_nano()) / 1e6;
    if (span.status().code() == 2) {
        call.success = false;
        call.error = span.status().message();
        if (call.error.empty()) call.error = text(find(a, "error.type"));
    }
    event.session = first_of(a, origin.resource, {"gen_ai.conversation.id", "session.id"});
    call.tier = normalise_tier(text(find(a, "gen_ai.agent.name")));
    call.activity = text(find(a, "gen_ai.operation.name"));
    call.host = origin.host;
    call.category = origin.service;
    const std::string response_id = text(find(a, "gen_ai.response.id"));
    if (!response_id.empty())
        event.id = response_id;
    else if (!span.trace_id().empty() || !span.span_id().empty())
        event.id = hex(span.trace_id()) + ":" + hex(span.span_id());
    return event;
}

enum class Client
{
    none,
    claude_code,
    gemini_cli,
    codex
};

// Which client's per-request record a log record is, if any. Its name may be in the record's
// event_name field, its event.name attribute or its body, and the clients differ: Claude Code puts
// "claude_code.api_request" in the body and the bare "api_request" in event.name; Gemini CLI the
// full name in event.name; Codex the full name in event.name and a name of its own in event_name.
Client client_of(const LogRecord& record, const InstrumentationScope& scope, const Origin& origin,
                 std::string& name)
{
    const std::string attribute = text(find(record.attributes(), "event.name"));
    const std::string body =
        record.body().value_case() == AnyValue::kStringValue ? record.body().string_value() : std::string();
    name = !attribute.empty() ? attribute : !record.event_name().empty() ? record.event_name() : body;
    const auto named = [&](std::string_view full) {
        return attribute == full || record.event_name() == full || body == full;
    };
    if (named("claude_code.api_request") ||
        (attribute == "api_request" &&
         (scope.name() == "com.anthropic.claude_code.events" || origin.service == "claude-code"))) {
        name = "claude_code.api_request";
        return Client::claude_code;
    }
    if (named("gemini_cli.api_response")) return Client::gemini_cli;
    // Codex writes two response.completed records a call: only the one with the tokens is the call.
    if (named("codex.sse_event") && text(find(record.attributes(), "event.kind")) == "response.completed" &&
        find(record.attributes(), "input_token_count"))
        return Client::codex;
    return Client::none;
}

std::optional<TimeMs> record_time(const LogRecord& record)
{
    if (auto t = ms_of(record.time_unix_nano())) return t;
    if (auto t = ms_of(record.observed_time_unix_nano())) return t;
    // The CLIs also stamp event.timestamp, an RFC 3339 time.
    return parse_rfc3339(text(find(record.attributes(), "event.timestamp")));
}

Event record_call(const LogRecord& record, Client client, const std::string& name, const Origin& origin)
{
    const Attributes& a = record.attributes();
    Event event;
    ApiCall& call = event.body.emplace<ApiCall>();
    call.model = text(find(a, "model"));
    if (call.model.empty()) throw Broken{"no model"};
    switch (client) {
    case Client::claude_code:
        call.provider = "anthropic";
        call.tokens.input = count(a, "input_tokens");
        call.tokens.output = count(a, "output_tokens");
        call.tokens.cache_read = count(a, "cache_read_tokens");
        call.tokens.cache_write = count(a, "cache_creation_tokens");  // 5-minute writes
        call.reported_cost_usd = number(a, "cost_usd", kCostUsd);
        call.tier = text(find(a, "query_source")) == "subagent" ? "subagent" : "main";
        if (std::string id = text(find(a, "request_id")); !id.empty()) event.id = std::move(id);
        break;
    case Client::gemini_cli: {
        call.provider = "google";
        // Gemini's input count includes the cached tokens; its thoughts are billed as output.
        const std::int64_t input = count(a, "input_token_count");
        call.tokens.cache_read = count(a, "cached_content_token_count");
        call.tokens.input = std::max<std::int64_t>(0, input - call.tokens.cache_read);
        call.reasoning_tokens = count(a, "thoughts_token_count");
        call.tokens.output = count(a, "output_token_count") + call.reasoning_tokens;
        if (call.tokens.output > kMaxTokens)  // each is a count, and so must their sum be
            throw Broken{"output_token_count and thoughts_token_count are more than 10^12 together"};
        if (std::string id = text(find(a, "response_id")); !id.empty()) event.id = std::move(id);
        break;
    }
    case Client::codex: {
        call.provider = "openai";
        const std::int64_t input = count(a, "input_token_count");
        call.tokens.cache_read = count(a, "cached_token_count");
        call.tokens.input = std::max<std::int64_t>(0, input - call.tokens.cache_read);
        call.tokens.output = count(a, "output_token_count");
        call.reasoning_tokens = count(a, "reasoning_token_count");
        break;
    }
    case Client::none:
        break;
    }
    call.latency_ms = number(a, "duration_ms", kLatencyMs);
    event.ts = record_time(record);
    event.session = first_of(a, origin.resource, {"session.id", "conversation.id"});
    call.host = origin.host;
    call.category = origin.service;
    if (!event.id) {
        // No request id: a key stable across a retried export, so the retry counts nothing twice.
        std::string key = name + '\n' + event.session + '\n' + std::to_string(record.time_unix_nano()) +
                          '\n' + std::to_string(record.observed_time_unix_nano()) + '\n' + call.model + '\n' +
                          std::to_string(call.tokens.prompt_side() + call.tokens.output) + '\n' +
                          hex(record.span_id());
        event.id = "otlp:" + fnv1a_hex(key);
    }
    return event;
}

// Runs `read` for one span or record; a broken one is rejected, the rest still counts.
template <typename Read> void one(Calls& out, std::string_view what, Read read)
{
    ++out.items;
    try {
        if (std::optional<Event> event = read())
            out.calls.push_back(std::move(*event));
        else
            ++out.ignored;
    } catch (const Broken& b) {
        out.rejected.push_back(std::string(what) + ": " + b.why);
    }
}

}  // namespace

void read_calls(const ExportTraceServiceRequest& request, Calls& out)
{
    for (const ResourceSpans& rs : request.resource_spans()) {
        const Origin origin = origin_of(rs.resource());
        for (const ScopeSpans& ss : rs.scope_spans())
            for (const Span& span : ss.spans())
                one(out, "span \"" + span.name() + "\"", [&]() -> std::optional<Event> {
                    if (!has_usage(span.attributes())) return std::nullopt;
                    return span_call(span, origin);
                });
    }
}

void read_calls(const ExportLogsServiceRequest& request, Calls& out)
{
    for (const ResourceLogs& rl : request.resource_logs()) {
        const Origin origin = origin_of(rl.resource());
        for (const ScopeLogs& sl : rl.scope_logs())
            for (const LogRecord& record : sl.log_records()) {
                std::string name;
                const Client client = client_of(record, sl.scope(), origin, name);
                one(out, "log record \"" + name + "\"", [&]() -> std::optional<Event> {
                    if (client == Client::none) return std::nullopt;
                    return record_call(record, client, name, origin);
                });
            }
    }
}

void read_calls(const ExportMetricsServiceRequest& request, Calls& out)
{
    for (const ResourceMetrics& rm : request.resource_metrics())
        for (const ScopeMetrics& sm : rm.scope_metrics())
            for (const Metric& m : sm.metrics()) {
                const DataPoints* points = m.has_gauge()                   ? &m.gauge()
                                           : m.has_sum()                   ? &m.sum()
                                           : m.has_histogram()             ? &m.histogram()
                                           : m.has_exponential_histogram() ? &m.exponential_histogram()
                                           : m.has_summary()               ? &m.summary()
                                                                           : nullptr;
                const auto n = static_cast<std::uint64_t>(points ? points->data_points_size() : 0);
                out.items += n;
                out.ignored += n;
            }
}

}  // namespace costpanel::otlp
