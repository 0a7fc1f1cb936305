// OTLP read as calls (PROTOCOL.md, "OpenTelemetry: OTLP/HTTP"): requests built here in both of OTLP's
// encodings, in the shapes the GenAI conventions and the agent CLIs give them (Claude Code, Gemini
// CLI and Codex as their telemetry writes them: names, value types, the records that are not calls),
// each read into events whose every field is checked.
#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/line_splitter.hpp"
#include "otlp/otlp_calls.hpp"
#include "otlp/otlp_json.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace costpanel;
using namespace costpanel::otlp;
using nlohmann::json;

namespace {

using Attributes = google::protobuf::RepeatedPtrField<KeyValue>;

// 2025-12-01T09:00:00Z, in nanoseconds and in milliseconds.
constexpr std::uint64_t kStartNs = 1764579600000000000ull;
constexpr TimeMs kStartMs = 1764579600000;

void put(Attributes& a, const std::string& key, const std::string& value)
{
    KeyValue* kv = a.Add();
    kv->set_key(key);
    kv->mutable_value()->set_string_value(value);
}

void put(Attributes& a, const std::string& key, std::int64_t value)
{
    KeyValue* kv = a.Add();
    kv->set_key(key);
    kv->mutable_value()->set_int_value(value);
}

void put(Attributes& a, const std::string& key, double value)
{
    KeyValue* kv = a.Add();
    kv->set_key(key);
    kv->mutable_value()->set_double_value(value);
}

const ApiCall& call_of(const Event& e)
{
    REQUIRE(std::holds_alternative<ApiCall>(e.body));
    return std::get<ApiCall>(e.body);
}

// A request of one resource (service.name, host.name) and one scope, with spans to be added.
ExportTraceServiceRequest traces(const std::string& service = "shop-agent",
                                 const std::string& host = "desk-1")
{
    ExportTraceServiceRequest r;
    ResourceSpans* rs = r.add_resource_spans();
    put(*rs->mutable_resource()->mutable_attributes(), "service.name", service);
    put(*rs->mutable_resource()->mutable_attributes(), "host.name", host);
    rs->add_scope_spans()->mutable_scope()->set_name("opentelemetry.instrumentation.anthropic");
    return r;
}

Span& add_span(ExportTraceServiceRequest& r, const std::string& name)
{
    Span* s = r.mutable_resource_spans(0)->mutable_scope_spans(0)->add_spans();
    s->set_name(name);
    s->set_trace_id(std::string("\x5b\x8e\xff\xf7\x98\x03\x81\x03\xd2\x69\xb6\x33\x81\x3f\xc6\x0c", 16));
    s->set_span_id(std::string("\xee\xe1\x9b\x7e\xc3\xc1\xb1\x74", 8));
    s->set_start_time_unix_nano(kStartNs);
    s->set_end_time_unix_nano(kStartNs + 1'250'000'000);
    return *s;
}

// A chat span as the GenAI conventions write it: the input count includes the cached tokens.
Span& chat_span(ExportTraceServiceRequest& r)
{
    Span& s = add_span(r, "chat claude-sonnet-4-5");
    Attributes& a = *s.mutable_attributes();
    put(a, "gen_ai.operation.name", "chat");
    put(a, "gen_ai.provider.name", "anthropic");
    put(a, "gen_ai.request.model", "claude-sonnet-4-5");
    put(a, "gen_ai.response.model", "claude-sonnet-4-5-20250929");
    put(a, "gen_ai.response.id", "msg_01XFDUDYJgAACzvnptvVoYEL");
    put(a, "gen_ai.usage.input_tokens", std::int64_t{12000});
    put(a, "gen_ai.usage.cache_read.input_tokens", std::int64_t{8000});
    put(a, "gen_ai.usage.cache_creation.input_tokens", std::int64_t{1000});
    put(a, "gen_ai.usage.output_tokens", std::int64_t{640});
    put(a, "gen_ai.conversation.id", "conv-7");
    put(a, "gen_ai.agent.name", "planner");
    return s;
}

ExportLogsServiceRequest logs(const std::string& service, const std::string& scope = "")
{
    ExportLogsServiceRequest r;
    ResourceLogs* rl = r.add_resource_logs();
    put(*rl->mutable_resource()->mutable_attributes(), "service.name", service);
    put(*rl->mutable_resource()->mutable_attributes(), "host.name", "desk-2");
    rl->add_scope_logs()->mutable_scope()->set_name(scope);
    return r;
}

LogRecord& add_record(ExportLogsServiceRequest& r)
{
    LogRecord* rec = r.mutable_resource_logs(0)->mutable_scope_logs(0)->add_log_records();
    rec->set_time_unix_nano(kStartNs);
    rec->set_observed_time_unix_nano(kStartNs + 3'000'000);
    return *rec;
}

// Claude Code's api_request as its telemetry writes it: the name in the body, the bare "api_request"
// in event.name, counts as ints, the cost as a double.
LogRecord& claude_request(ExportLogsServiceRequest& r, const std::string& request_id = "req_011CVa7Xg")
{
    LogRecord& rec = add_record(r);
    rec.mutable_body()->set_string_value("claude_code.api_request");
    Attributes& a = *rec.mutable_attributes();
    put(a, "event.name", "api_request");
    put(a, "event.timestamp", "2025-12-01T09:00:00.000Z");
    put(a, "session.id", "5f2c-session");
    put(a, "model", "claude-sonnet-4-5-20250929");
    put(a, "input_tokens", std::int64_t{12});
    put(a, "output_tokens", std::int64_t{410});
    put(a, "cache_read_tokens", std::int64_t{30000});
    put(a, "cache_creation_tokens", std::int64_t{2048});
    put(a, "duration_ms", std::int64_t{5120});
    put(a, "cost_usd", 0.02529);
    put(a, "request_id", request_id);
    put(a, "query_source", "repl_main_thread");
    return rec;
}

}  // namespace

TEST_CASE("OTLP: a GenAI chat span is a call, every field as PROTOCOL.md maps it", "[otlp]")
{
    ExportTraceServiceRequest r = traces();
    chat_span(r);
    Calls c;
    read_calls(r, c);
    REQUIRE(c.calls.size() == 1);
    CHECK(c.rejected.empty());
    CHECK(c.items == 1);
    CHECK(c.ignored == 0);
    const Event& e = c.calls[0];
    const ApiCall& call = call_of(e);
    CHECK(e.id == "msg_01XFDUDYJgAACzvnptvVoYEL");
    CHECK(e.ts == kStartMs + 1250);
    CHECK(e.session == "conv-7");
    CHECK(call.model == "claude-sonnet-4-5-20250929");
    CHECK(call.provider == "anthropic");
    CHECK(call.tokens.input == 3000);  // 12000 less 8000 read and 1000 written
    CHECK(call.tokens.cache_read == 8000);
    CHECK(call.tokens.cache_write == 1000);
    CHECK(call.tokens.output == 640);
    CHECK(call.latency_ms == Approx(1250.0));
    CHECK(call.success);
    CHECK(call.tier == "planner");
    CHECK(call.activity == "chat");
    CHECK(call.host == "desk-1");
    CHECK(call.category == "shop-agent");
}

TEST_CASE("OTLP: the model, provider, id and session fall back as PROTOCOL.md says", "[otlp]")
{
    ExportTraceServiceRequest r = traces();
    Span& s = add_span(r, "chat");
    Attributes& a = *s.mutable_attributes();
    put(a, "gen_ai.system", "gcp.gemini");  // the older name of the provider
    put(a, "gen_ai.request.model", "gemini-2.5-pro");
    put(a, "gen_ai.usage.input_tokens", std::int64_t{100});
    put(a, "gen_ai.usage.cache_write.input_tokens", std::int64_t{40});  // the conventions' newer name
    put(a, "gen_ai.usage.output_tokens", std::int64_t{7});
    put(a, "gen_ai.usage.reasoning.output_tokens", std::int64_t{5});
    put(a, "gen_ai.agent.name", "tier3");
    put(*r.mutable_resource_spans(0)->mutable_resource()->mutable_attributes(), "session.id",
        "from-resource");
    s.mutable_status()->set_code(2);
    put(a, "error.type", "overloaded_error");
    Calls c;
    read_calls(r, c);
    REQUIRE(c.calls.size() == 1);
    const Event& e = c.calls[0];
    const ApiCall& call = call_of(e);
    CHECK(call.model == "gemini-2.5-pro");
    CHECK(call.provider == "google");
    CHECK(call.tokens.input == 60);
    CHECK(call.tokens.cache_write == 40);
    CHECK(call.reasoning_tokens == 5);
    CHECK(call.tier == "Tier 3");
    CHECK(e.session == "from-resource");
    CHECK(e.id == "5b8efff798038103d269b633813fc60c:eee19b7ec3c1b174");  // traceId:spanId, hex
    CHECK_FALSE(call.success);
    CHECK(call.error == "overloaded_error");
}

TEST_CASE("OTLP: the conventions' older names, prompt_tokens and completion_tokens, are read too", "[otlp]")
{
    ExportTraceServiceRequest r = traces();
    Span& s = add_span(r, "openai.chat");
    put(*s.mutable_attributes(), "gen_ai.system", "openai");
    put(*s.mutable_attributes(), "gen_ai.request.model", "gpt-4o");
    put(*s.mutable_attributes(), "gen_ai.usage.prompt_tokens", std::int64_t{1500});
    put(*s.mutable_attributes(), "gen_ai.usage.completion_tokens", std::int64_t{90});
    Calls c;
    read_calls(r, c);
    REQUIRE(c.calls.size() == 1);
    CHECK(call_of(c.calls[0]).tokens.input == 1500);
    CHECK(call_of(c.calls[0]).tokens.output == 90);
    CHECK(call_of(c.calls[0]).provider == "openai");
}

TEST_CASE("OTLP: spans without usage are not calls, a call that breaks a rule is rejected, the rest count",
          "[otlp]")
{
    ExportTraceServiceRequest r = traces();
    add_span(r, "HTTP GET /orders");  // no gen_ai.usage.*: a span of the program, not a call
    chat_span(r);
    Span& negative = add_span(r, "chat negative");
    put(*negative.mutable_attributes(), "gen_ai.request.model", "gpt-4o");
    put(*negative.mutable_attributes(), "gen_ai.usage.input_tokens", std::int64_t{-3});
    Span& fraction = add_span(r, "chat fraction");
    put(*fraction.mutable_attributes(), "gen_ai.request.model", "gpt-4o");
    put(*fraction.mutable_attributes(), "gen_ai.usage.output_tokens", 2.5);
    Span& no_model = add_span(r, "chat nameless");
    put(*no_model.mutable_attributes(), "gen_ai.usage.output_tokens", std::int64_t{3});
    Calls c;
    read_calls(r, c);
    CHECK(c.items == 5);
    CHECK(c.ignored == 1);
    CHECK(c.calls.size() == 1);
    REQUIRE(c.rejected.size() == 3);
    CHECK(c.rejected[0] == "span \"chat negative\": gen_ai.usage.input_tokens is not a token count");
    CHECK(c.rejected[1] == "span \"chat fraction\": gen_ai.usage.output_tokens is not a token count");
    CHECK(c.rejected[2] ==
          "span \"chat nameless\": no model (gen_ai.response.model or gen_ai.request.model)");
}

TEST_CASE("OTLP: Claude Code's api_request record is a call with its request id and its own cost", "[otlp]")
{
    ExportLogsServiceRequest r = logs("claude-code", "com.anthropic.claude_code.events");
    claude_request(r);
    // Claude Code's other events are not calls.
    LogRecord& prompt = add_record(r);
    prompt.mutable_body()->set_string_value("claude_code.user_prompt");
    put(*prompt.mutable_attributes(), "event.name", "user_prompt");
    Calls c;
    read_calls(r, c);
    CHECK(c.items == 2);
    CHECK(c.ignored == 1);
    REQUIRE(c.calls.size() == 1);
    const Event& e = c.calls[0];
    const ApiCall& call = call_of(e);
    CHECK(e.id == "req_011CVa7Xg");  // bare, as the transcript's requestId: one call through two doors
    CHECK(e.ts == kStartMs);
    CHECK(e.session == "5f2c-session");
    CHECK(call.provider == "anthropic");
    CHECK(call.model == "claude-sonnet-4-5-20250929");
    CHECK(call.tokens.input == 12);
    CHECK(call.tokens.output == 410);
    CHECK(call.tokens.cache_read == 30000);
    CHECK(call.tokens.cache_write == 2048);
    CHECK(call.latency_ms == Approx(5120.0));
    REQUIRE(call.reported_cost_usd);
    CHECK(*call.reported_cost_usd == Approx(0.02529));
    CHECK(call.tier == "main");
    CHECK(call.host == "desk-2");
    CHECK(call.category == "claude-code");
}

TEST_CASE("OTLP: Claude Code's record is known by its body, by its scope or by its full name", "[otlp]")
{
    // As older releases and other exporters may write it: counts as strings, the name in event_name,
    // a subagent's query source.
    ExportLogsServiceRequest r = logs("some-collector-relabel");
    LogRecord& rec = add_record(r);
    rec.set_event_name("claude_code.api_request");
    Attributes& a = *rec.mutable_attributes();
    put(a, "model", "claude-haiku-4-5-20251001");
    put(a, "input_tokens", "1500");
    put(a, "output_tokens", "20");
    put(a, "cost_usd", "0.0016");
    put(a, "query_source", "subagent");
    // The bare name alone, with neither the body nor Claude Code's scope or service: not ours to guess.
    LogRecord& bare = add_record(r);
    put(*bare.mutable_attributes(), "event.name", "api_request");
    put(*bare.mutable_attributes(), "model", "claude-haiku-4-5-20251001");
    Calls c;
    read_calls(r, c);
    REQUIRE(c.calls.size() == 1);
    CHECK(c.ignored == 1);
    const ApiCall& call = call_of(c.calls[0]);
    CHECK(call.tokens.input == 1500);
    CHECK(call.tokens.output == 20);
    CHECK(call.reported_cost_usd == Approx(0.0016));
    CHECK(call.tier == "subagent");
    // No request id: a key of the record's own, the same each time it is read (a retried export).
    REQUIRE(c.calls[0].id);
    CHECK(c.calls[0].id->starts_with("otlp:"));
    Calls again;
    read_calls(r, again);
    CHECK(again.calls.at(0).id == c.calls[0].id);
}

TEST_CASE("OTLP: Gemini CLI's api_response: input less the cached, thoughts billed as output", "[otlp]")
{
    ExportLogsServiceRequest r = logs("gemini-cli", "gemini-cli");
    LogRecord& rec = add_record(r);
    rec.mutable_body()->set_string_value("API response from gemini-2.5-pro. Status: 200. Duration: 2300ms.");
    Attributes& a = *rec.mutable_attributes();
    put(a, "event.name", "gemini_cli.api_response");
    put(a, "session.id", "gem-session");
    put(a, "model", "gemini-2.5-pro");
    put(a, "input_token_count", std::int64_t{9000});
    put(a, "cached_content_token_count", std::int64_t{4000});
    put(a, "output_token_count", std::int64_t{300});
    put(a, "thoughts_token_count", std::int64_t{700});
    put(a, "total_token_count", std::int64_t{10000});
    put(a, "duration_ms", std::int64_t{2300});
    // Each response is written a second time as the conventions' inference details: not a second call.
    LogRecord& details = add_record(r);
    put(*details.mutable_attributes(), "event.name", "gen_ai.client.inference.operation.details");
    put(*details.mutable_attributes(), "gen_ai.usage.input_tokens", std::int64_t{9000});
    Calls c;
    read_calls(r, c);
    REQUIRE(c.calls.size() == 1);
    CHECK(c.ignored == 1);
    const ApiCall& call = call_of(c.calls[0]);
    CHECK(call.provider == "google");
    CHECK(call.tokens.input == 5000);
    CHECK(call.tokens.cache_read == 4000);
    CHECK(call.tokens.output == 1000);
    CHECK(call.reasoning_tokens == 700);
    CHECK(call.latency_ms == Approx(2300.0));
    CHECK(c.calls[0].session == "gem-session");
    CHECK(call.category == "gemini-cli");
}

TEST_CASE("OTLP: Gemini CLI's output and thoughts together past 10^12 reject the record", "[otlp]")
{
    // Each count within PROTOCOL.md's 10^12, their sum, the call's output, not.
    ExportLogsServiceRequest r = logs("gemini-cli", "gemini-cli");
    for (const std::int64_t thoughts : {std::int64_t{0}, std::int64_t{1}}) {
        Attributes& a = *add_record(r).mutable_attributes();
        put(a, "event.name", "gemini_cli.api_response");
        put(a, "model", "gemini-2.5-pro");
        put(a, "output_token_count", std::int64_t{1'000'000'000'000});
        put(a, "thoughts_token_count", thoughts);
    }
    Calls c;
    read_calls(r, c);
    REQUIRE(c.calls.size() == 1);
    CHECK(call_of(c.calls[0]).tokens.output == 1'000'000'000'000);
    REQUIRE(c.rejected.size() == 1);
    CHECK(c.rejected[0] == "log record \"gemini_cli.api_response\": output_token_count and "
                           "thoughts_token_count are more than 10^12 together");
}

TEST_CASE("OTLP: Codex's response.completed with tokens is the call, the one without is not", "[otlp]")
{
    ExportLogsServiceRequest r = logs("codex_cli_rs");
    // The frame handler's record: the event, its duration, no tokens.
    LogRecord& frame = add_record(r);
    frame.set_event_name("event codex-rs/otel/src/events/session_telemetry.rs:412");
    put(*frame.mutable_attributes(), "event.name", "codex.sse_event");
    put(*frame.mutable_attributes(), "event.kind", "response.completed");
    put(*frame.mutable_attributes(), "duration_ms", "1840");
    // The tokens: some counts as strings, some as ints, as Codex writes them.
    LogRecord& rec = add_record(r);
    Attributes& a = *rec.mutable_attributes();
    put(a, "event.name", "codex.sse_event");
    put(a, "event.kind", "response.completed");
    put(a, "conversation.id", "0199a-conv");
    put(a, "model", "gpt-5-codex");
    put(a, "input_token_count", "24000");
    put(a, "cached_token_count", std::int64_t{20000});
    put(a, "output_token_count", "900");
    put(a, "reasoning_token_count", std::int64_t{512});
    put(a, "tool_token_count", "24900");  // the total, despite its name
    LogRecord& delta = add_record(r);
    put(*delta.mutable_attributes(), "event.name", "codex.sse_event");
    put(*delta.mutable_attributes(), "event.kind", "response.output_text.delta");
    Calls c;
    read_calls(r, c);
    REQUIRE(c.calls.size() == 1);
    CHECK(c.ignored == 2);
    const ApiCall& call = call_of(c.calls[0]);
    CHECK(call.provider == "openai");
    CHECK(call.model == "gpt-5-codex");
    CHECK(call.tokens.input == 4000);
    CHECK(call.tokens.cache_read == 20000);
    CHECK(call.tokens.output == 900);
    CHECK(call.reasoning_tokens == 512);
    CHECK(c.calls[0].session == "0199a-conv");
}

TEST_CASE("OTLP: a duration or a cost past PROTOCOL.md's bounds rejects the record, as it would a line",
          "[otlp]")
{
    // latency_ms up to 10^15 and reported_cost_usd up to 10^12, as parse_line holds an api_call line to
    // them: two records of 1e308 ms would make the session's latency sum infinite.
    ExportLogsServiceRequest r = logs("claude-code", "com.anthropic.claude_code.events");
    // Claude Code's record with the value of one of its attributes replaced.
    const auto with = [&r](const std::string& request_id, const std::string& key, const auto& value) {
        Attributes one;
        put(one, key, value);
        for (KeyValue& kv : *claude_request(r, request_id).mutable_attributes())
            if (kv.key() == key) *kv.mutable_value() = one.Get(0).value();
    };
    with("req_at_the_bounds", "duration_ms", 1e15);
    with("req_slow", "duration_ms", std::string("1e308"));
    with("req_dear", "cost_usd", 1e13);
    Calls c;
    read_calls(r, c);
    CHECK(c.items == 3);
    REQUIRE(c.calls.size() == 1);
    CHECK(c.calls[0].id == "req_at_the_bounds");
    CHECK(call_of(c.calls[0]).latency_ms == 1e15);
    REQUIRE(c.rejected.size() == 2);
    CHECK(c.rejected[0] ==
          "log record \"claude_code.api_request\": duration_ms is not a number from 0 to 10^15");
    CHECK(c.rejected[1] ==
          "log record \"claude_code.api_request\": cost_usd is not a number from 0 to 10^12");
}

TEST_CASE("OTLP: metrics are counted, never calls", "[otlp]")
{
    ExportMetricsServiceRequest r;
    ScopeMetrics* sm = r.add_resource_metrics()->add_scope_metrics();
    Metric* cost = sm->add_metrics();
    cost->set_name("claude_code.cost.usage");
    cost->mutable_sum()->add_data_points();
    cost->mutable_sum()->add_data_points();
    Metric* tokens = sm->add_metrics();
    tokens->set_name("gen_ai.client.token.usage");
    tokens->mutable_histogram()->add_data_points();
    Calls c;
    read_calls(r, c);
    CHECK(c.calls.empty());
    CHECK(c.items == 3);
    CHECK(c.ignored == 3);
}

TEST_CASE("OTLP/JSON: the same calls as the protobuf, with OTLP's JSON rules", "[otlp][json]")
{
    // Ids in hex, 64-bit integers as strings and as numbers, an enum as an integer, a field no one
    // knows, the proto's own snake_case names, and one attribute written wrongly by its client.
    const std::string body = R"({
      "resourceSpans": [{
        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "shop-agent"}},
                                    {"key": "host.name", "value": {"stringValue": "desk-1"}}]},
        "schemaUrl": "https://opentelemetry.io/schemas/1.30.0",
        "scopeSpans": [{
          "scope": {"name": "opentelemetry.instrumentation.anthropic", "version": "0.40"},
          "spans": [{
            "traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "eee19b7ec3c1b174",
            "parentSpanId": "", "kind": 3, "name": "chat claude-sonnet-4-5",
            "startTimeUnixNano": "1764579600000000000", "end_time_unix_nano": 1764579601250000000,
            "attributes": [
              {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
              {"key": "gen_ai.provider.name", "value": {"stringValue": "anthropic"}},
              {"key": "gen_ai.request.model", "value": {"stringValue": "claude-sonnet-4-5"}},
              {"key": "gen_ai.response.model", "value": {"stringValue": "claude-sonnet-4-5-20250929"}},
              {"key": "gen_ai.response.id", "value": {"stringValue": "msg_01XFDUDYJgAACzvnptvVoYEL"}},
              {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "12000"}},
              {"key": "gen_ai.usage.cache_read.input_tokens", "value": {"intValue": 8000}},
              {"key": "gen_ai.usage.cache_creation.input_tokens", "value": {"intValue": 1000}},
              {"key": "gen_ai.usage.output_tokens", "value": {"intValue": "640"}},
              {"key": "gen_ai.conversation.id", "value": {"stringValue": "conv-7"}},
              {"key": "gen_ai.agent.name", "value": {"stringValue": "planner"}},
              {"key": "gen_ai.request.temperature", "value": {"doubleValue": {}}},
              {"key": "tags", "value": {"arrayValue": {"values": [{"stringValue": "a"}, {"boolValue": true}]}}}
            ],
            "status": {"code": 1},
            "droppedEventsCount": 0,
            "someFieldFromTheFuture": {"x": [1, 2, 3]}
          }]
        }]
      }]
    })";
    ExportTraceServiceRequest from_json_request;
    std::string why;
    REQUIRE(from_json(body, from_json_request, why));
    ExportTraceServiceRequest from_protobuf = traces();
    chat_span(from_protobuf);
    Calls j, p;
    read_calls(from_json_request, j);
    read_calls(from_protobuf, p);
    REQUIRE(j.calls.size() == 1);
    REQUIRE(p.calls.size() == 1);
    const Event &a = j.calls[0], &b = p.calls[0];
    CHECK(a.id == b.id);
    CHECK(a.ts == b.ts);
    CHECK(a.session == b.session);
    const ApiCall &ca = call_of(a), &cb = call_of(b);
    CHECK(ca.model == cb.model);
    CHECK(ca.provider == cb.provider);
    CHECK(ca.tokens == cb.tokens);
    CHECK(ca.latency_ms == cb.latency_ms);
    CHECK(ca.tier == cb.tier);
    CHECK(ca.activity == cb.activity);
    CHECK(ca.host == cb.host);
    CHECK(ca.category == cb.category);
    CHECK(from_json_request.resource_spans(0).scope_spans(0).spans(0).trace_id() ==
          from_protobuf.resource_spans(0).scope_spans(0).spans(0).trace_id());
}

TEST_CASE("OTLP/JSON: log records and metrics, as the JS SDK writes them", "[otlp][json]")
{
    const std::string logs_body = R"({"resourceLogs":[{"resource":{"attributes":[
        {"key":"service.name","value":{"stringValue":"claude-code"}}]},
      "scopeLogs":[{"scope":{"name":"com.anthropic.claude_code.events","version":"2.0.30"},
        "logRecords":[{"timeUnixNano":"1764579600000000000","observedTimeUnixNano":"1764579600003000000",
          "body":{"stringValue":"claude_code.api_request"},
          "attributes":[{"key":"event.name","value":{"stringValue":"api_request"}},
            {"key":"model","value":{"stringValue":"claude-sonnet-4-5-20250929"}},
            {"key":"input_tokens","value":{"intValue":12}},
            {"key":"output_tokens","value":{"intValue":410}},
            {"key":"cost_usd","value":{"doubleValue":0.02529}},
            {"key":"request_id","value":{"stringValue":"req_011CVa7Xg"}}],
          "droppedAttributesCount":0,"traceId":"","spanId":""}]}]}]})";
    ExportLogsServiceRequest lr;
    std::string why;
    REQUIRE(from_json(logs_body, lr, why));
    Calls c;
    read_calls(lr, c);
    REQUIRE(c.calls.size() == 1);
    CHECK(c.calls[0].id == "req_011CVa7Xg");
    CHECK(call_of(c.calls[0]).tokens.output == 410);
    CHECK(call_of(c.calls[0]).reported_cost_usd == Approx(0.02529));

    const std::string metrics_body = R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[
        {"name":"claude_code.token.usage","unit":"tokens","sum":{"aggregationTemporality":1,"isMonotonic":true,
          "dataPoints":[{"asInt":"410","timeUnixNano":"1764579600000000000"},{"asInt":"12"}]}},
        {"name":"claude_code.cost.usage","gauge":{"dataPoints":[{"asDouble":0.02529}]}}]}]}]})";
    ExportMetricsServiceRequest mr;
    REQUIRE(from_json(metrics_body, mr, why));
    Calls m;
    read_calls(mr, m);
    CHECK(m.items == 3);
    CHECK(m.ignored == 3);
}

TEST_CASE("OTLP/JSON: what is not an OTLP request is refused, saying why", "[otlp][json]")
{
    ExportTraceServiceRequest r;
    std::string why;
    CHECK_FALSE(from_json("{\"resourceSpans\": [", r, why));
    CHECK(why.starts_with("not JSON"));
    CHECK_FALSE(from_json("[1, 2]", r, why));
    CHECK(why == "the request is not an object");
    CHECK_FALSE(from_json(R"({"resourceSpans": {"scopeSpans": []}})", r, why));
    CHECK(why == "resourceSpans is not an array");
    CHECK_FALSE(from_json(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]})", r, why));
    CHECK(why == "traceId is not hex");
    CHECK_FALSE(
        from_json(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"endTimeUnixNano":"soon"}]}]}]})", r, why));
    CHECK(why == "endTimeUnixNano is not an integer");
    // An empty request is a request: nothing in it.
    ExportTraceServiceRequest empty;
    CHECK(from_json("{}", empty, why));
    CHECK(empty.resource_spans_size() == 0);
}

TEST_CASE("OTLP/JSON: an integer out of its field's range is refused, not converted", "[otlp][json]")
{
    // A negative time, and a status code past int32, as a number or written as a double: converting
    // such a double is undefined (it gave an arbitrary time), and 4294967298 wrapped to 2, an error.
    const auto refused = [](const std::string& span) {
        ExportTraceServiceRequest r;
        std::string why;
        const bool ok = from_json(R"({"resourceSpans":[{"scopeSpans":[{"spans":[)" + span + "]}]}]}", r, why);
        return ok ? std::string("read") : why;
    };
    CHECK(refused(R"({"startTimeUnixNano": -764579602000000000})") == "startTimeUnixNano is not an integer");
    CHECK(refused(R"({"endTimeUnixNano": -1e3})") == "endTimeUnixNano is not an integer");
    CHECK(refused(R"({"status": {"code": 1e10}})") == "status.code is not an integer");
    CHECK(refused(R"({"status": {"code": 4294967298}})") == "status.code is not an integer");
    // In range, as an integer or as a whole double: read.
    CHECK(refused(R"({"endTimeUnixNano": 1.7645796e18, "status": {"code": 2.0}})") == "read");
    CHECK(refused(R"({"endTimeUnixNano": 18446744073709551615, "status": {"code": -2147483648}})") == "read");
}

TEST_CASE("A file of OTLP/JSON requests, one a line, is read by content beside event lines", "[otlp][json]")
{
    // As the Collector's file exporter writes it: one export request a line, of any of the signals.
    std::string spans =
        R"({"resourceSpans":[{"resource":{"attributes":[{"key":"host.name","value":{"stringValue":"desk-9"}}]},"scopeSpans":[{"spans":[)";
    // Past an event line's 1 MiB: an OTLP line may be as long as a request.
    const int n = 6000;
    for (int i = 0; i < n; ++i) {
        if (i) spans += ",";
        spans +=
            R"({"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":")" + std::string(12, '0') +
            std::to_string(1000 + i) +
            R"(","name":"chat","endTimeUnixNano":"1764579601000000000","attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},{"key":"gen_ai.usage.input_tokens","value":{"intValue":"100"}},{"key":"gen_ai.usage.output_tokens","value":{"intValue":"10"}},{"key":"padding","value":{"stringValue":")" +
            std::string(100, 'x') + R"("}}]})";
    }
    spans += "]}]}]}";
    REQUIRE(spans.size() > kMaxLineBytes);
    const std::string logs =
        R"({"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"event.name","value":{"stringValue":"gemini_cli.api_response"}},{"key":"model","value":{"stringValue":"gemini-2.5-pro"}},{"key":"input_token_count","value":{"intValue":"-1"}}]}]}]}]})";
    const std::string metrics =
        R"({ "resourceMetrics": [{"scopeMetrics":[{"metrics":[{"name":"m","sum":{"dataPoints":[{}]}}]}]}]})";
    const std::string event =
        R"({"type":"api_call","id":"e1","model":"gpt-4o","input_tokens":50,"output_tokens":5})";
    const std::string too_long_event =
        R"({"type":"api_call","id":"e2","model":"gpt-4o","note":")" + std::string(kMaxLineBytes, 'y') + "\"}";
    const std::string stream = spans + "\n" + event + "\n" + logs + "\n" + metrics + "\n" +
                               R"({"resourceSpans": 5})" + "\n" + too_long_event + "\n";

    EventFolder folder({std::make_shared<const PriceTable>(PriceTable::builtin()), {}});
    LineSplitter splitter;
    // Fed in small pieces, as a followed file grows.
    for (std::size_t at = 0; at < stream.size(); at += 4096)
        splitter.feed(
            std::string_view(stream).substr(at, 4096),
            [&](std::string_view line, std::uint64_t number) {
                folder.add_line(line, "calls.jsonl", number, 0);
            },
            [&](std::uint64_t number) {
                folder.add_rejection({{"calls.jsonl", number}, "line longer than 1 MiB"});
            });
    const Batch b = folder.take_batch();
    CHECK(b.counters.applied == n + 1);
    CHECK(b.counters.ignored == 1);  // the metric's data point
    CHECK(b.counters.rejected == 3);
    REQUIRE(b.rejections.size() == 3);
    CHECK(b.rejections[0].origin.line == 3);
    CHECK(b.rejections[0].reason ==
          "log record \"gemini_cli.api_response\": input_token_count is not a token count");
    CHECK(b.rejections[1].origin.line == 5);
    CHECK(b.rejections[1].reason == "an OTLP request that cannot be read: resourceSpans is not an array");
    CHECK(b.rejections[2].origin.line == 6);
    CHECK(b.rejections[2].reason == "line longer than 1 MiB");
}
