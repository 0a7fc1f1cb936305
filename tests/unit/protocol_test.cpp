#include "costpanel/core/protocol.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace costpanel;

namespace {

ApiCall call_of(const std::string& line)
{
    ParseResult r = parse_line(line);
    if (auto* e = std::get_if<ParseError>(&r)) FAIL("rejected: " << e->reason);
    return std::get<ApiCall>(std::get<Event>(r).body);
}

std::string rejection_of(const std::string& line)
{
    ParseResult r = parse_line(line);
    if (auto* e = std::get_if<ParseError>(&r)) return e->reason;
    return "(accepted)";
}

}  // namespace

TEST_CASE("an api_call line becomes a typed call with every field", "[protocol]")
{
    const ApiCall c = call_of(
        R"({"type":"api_call","id":"x1","ts":"2026-11-20T09:00:01Z","model":"openai/gpt-4o","provider":"OpenAI",)"
        R"("input_tokens":10,"output_tokens":20,"cache_read_tokens":30,"cache_write_tokens":40,)"
        R"("cache_write_1h_tokens":50,"reasoning_tokens":5,"tier":"tier3","activity":"report.simulation",)"
        R"("category":"report","latency_ms":12.5,"success":false,"error":"overloaded","cache_hit":true,)"
        R"("routing_reason":"cheapest","prompt":"never kept"})");
    CHECK(c.model == "openai/gpt-4o");
    CHECK(c.provider == "openai");
    CHECK(c.tokens == test::tokens(10, 20, 30, 40, 50));
    CHECK(c.reasoning_tokens == 5);
    CHECK(c.tier == "Tier 3");
    CHECK(c.activity == "report.simulation");
    CHECK(c.category == "report");
    CHECK(c.latency_ms == 12.5);
    CHECK_FALSE(c.success);
    CHECK(c.error == "overloaded");
    CHECK(c.cache_hit == true);
    CHECK(c.routing_reason == "cheapest");

    const Event e = std::get<Event>(parse_line(
        R"({"type":"api_call","id":"x1","ts":"2026-11-20T09:00:01Z","model":"m","session":"run-7"})"));
    CHECK(e.id == "x1");
    CHECK(e.ts == 1'795'165'201'000);
    CHECK(e.session == "run-7");
}

TEST_CASE("each provider usage shape normalises to token classes", "[protocol]")
{
    SECTION("DeepSeek")
    {
        const ApiCall c = call_of(
            R"({"type":"api_call","model":"deepseek-chat","usage":{"prompt_tokens":3000,)"
            R"("completion_tokens":400,"prompt_cache_hit_tokens":1000,"prompt_cache_miss_tokens":2000}})");
        CHECK(c.tokens == test::tokens(2000, 400, 1000));
    }
    SECTION("Gemini: thoughts are billed output")
    {
        const ApiCall c = call_of(
            R"({"type":"api_call","model":"g","usage":{"promptTokenCount":12000,)"
            R"("cachedContentTokenCount":2000,"candidatesTokenCount":1500,"thoughtsTokenCount":800}})");
        CHECK(c.tokens == test::tokens(10000, 2300, 2000));
        CHECK(c.reasoning_tokens == 800);
    }
    SECTION("OpenAI Chat Completions")
    {
        const ApiCall c = call_of(
            R"({"type":"api_call","model":"o","usage":{"prompt_tokens":1500,"completion_tokens":20,)"
            R"("prompt_tokens_details":{"cached_tokens":1024},"completion_tokens_details":{"reasoning_tokens":7}}})");
        CHECK(c.tokens == test::tokens(476, 20, 1024));
        CHECK(c.reasoning_tokens == 7);
    }
    SECTION("OpenAI Chat Completions with null details")
    {
        const ApiCall c =
            call_of(R"({"type":"api_call","model":"o","usage":{"prompt_tokens":15,"completion_tokens":2,)"
                    R"("prompt_tokens_details":null}})");
        CHECK(c.tokens == test::tokens(15, 2));
    }
    SECTION("OpenAI Responses")
    {
        const ApiCall c = call_of(
            R"({"type":"api_call","model":"o","usage":{"input_tokens":900,"output_tokens":300,)"
            R"("input_tokens_details":{"cached_tokens":100},"output_tokens_details":{"reasoning_tokens":200}}})");
        CHECK(c.tokens == test::tokens(800, 300, 100));
        CHECK(c.reasoning_tokens == 200);
    }
    SECTION("Anthropic with a cache_creation object: its split wins")
    {
        const ApiCall c = call_of(
            R"({"type":"api_call","model":"a","usage":{"input_tokens":4200,"output_tokens":900,)"
            R"("cache_read_input_tokens":30000,"cache_creation_input_tokens":5000,)"
            R"("cache_creation":{"ephemeral_5m_input_tokens":3000,"ephemeral_1h_input_tokens":2000}}})");
        CHECK(c.tokens == test::tokens(4200, 900, 30000, 3000, 2000));
    }
    SECTION("Anthropic without one: all writes are 5-minute writes")
    {
        const ApiCall c =
            call_of(R"({"type":"api_call","model":"a","usage":{"input_tokens":10,"output_tokens":1,)"
                    R"("cache_creation_input_tokens":500}})");
        CHECK(c.tokens == test::tokens(10, 1, 0, 500));
    }
    SECTION("DeepSeek is recognised before OpenAI although it has prompt_tokens too")
    {
        const ApiCall c = call_of(
            R"({"type":"api_call","model":"d","usage":{"prompt_tokens":10,"prompt_cache_hit_tokens":4}})");
        CHECK(c.tokens == test::tokens(0, 0, 4));
    }
    SECTION("explicit token fields on the line win over usage")
    {
        const ApiCall c = call_of(R"({"type":"api_call","model":"a","output_tokens":7,)"
                                  R"("usage":{"input_tokens":10,"output_tokens":1}})");
        CHECK(c.tokens == test::tokens(10, 7));
    }
}

TEST_CASE("every rejection rule of PROTOCOL.md rejects with a reason", "[protocol]")
{
    const std::string big(kMaxLineBytes + 1, ' ');
    const auto rejected = [](const std::string& line) {
        return std::holds_alternative<ParseError>(parse_line(line));
    };
    CHECK(rejection_of("this is not json") == "not valid JSON (or not UTF-8)");
    CHECK(rejection_of("{\"type\":\"api_call\",\"model\":\"\xff\"}") == "not valid JSON (or not UTF-8)");
    CHECK(rejection_of("{\"type\":\"api_call\",\"model\":\"a\xc3\"}") == "not valid JSON (or not UTF-8)");
    CHECK(rejection_of("[1,2]") == "not a JSON object");
    CHECK(rejection_of("\"api_call\"") == "not a JSON object");
    CHECK(rejection_of(big) == "line longer than 1 MiB");
    CHECK(rejection_of(R"({"model":"m"})") == "no \"type\"");
    CHECK(rejection_of(R"({"type":7})") == "\"type\" must be a string");
    CHECK(rejection_of(R"({"type":"api_call"})") == "api_call needs a non-empty string \"model\"");
    CHECK(rejection_of(R"({"type":"api_call","model":""})") == "api_call needs a non-empty string \"model\"");
    CHECK(rejection_of(R"({"type":"api_call","model":5})") == "api_call needs a non-empty string \"model\"");
    for (const char* field : {"input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens",
                              "cache_write_1h_tokens", "reasoning_tokens"}) {
        INFO(field);
        for (const char* value :
             {"-1", "1.5", "\"12\"", "1e3", "true", "1000000000001", "18446744073709551616"})
            CHECK(rejected(std::string(R"({"type":"api_call","model":"m",")") + field + "\":" + value + "}"));
        CHECK_FALSE(
            rejected(std::string(R"({"type":"api_call","model":"m",")") + field + "\":1000000000000}"));
        CHECK_FALSE(rejected(std::string(R"({"type":"api_call","model":"m",")") + field + "\":-0}"));
    }
    CHECK(rejection_of(R"({"type":"api_call","model":"m","usage":5})") == "bad \"usage\": must be an object");
    CHECK(rejection_of(R"({"type":"api_call","model":"m","usage":{"tokens":5}})") ==
          "bad \"usage\": no known provider usage shape");
    CHECK(rejected(
        R"({"type":"api_call","model":"m","usage":{"prompt_tokens":5,"prompt_tokens_details":{"cached_tokens":6}}})"));
    CHECK(rejected(
        R"({"type":"api_call","model":"m","usage":{"promptTokenCount":5,"cachedContentTokenCount":6}})"));
    CHECK(rejected(
        R"({"type":"api_call","model":"m","usage":{"input_tokens":5,"input_tokens_details":{"cached_tokens":9}}})"));
    CHECK(rejected(R"({"type":"api_call","model":"m","usage":{"input_tokens":-5}})"));
    CHECK(rejected(R"({"type":"api_call","model":"m","usage":{"input_tokens":5,"output_tokens":2.5}})"));
    CHECK(rejected(R"({"type":"api_call","model":"m","usage":{"prompt_cache_hit_tokens":"3"}})"));
    CHECK(rejection_of(R"({"type":"api_call","model":"m","latency_ms":-1})") ==
          "\"latency_ms\" must be a number >= 0");
    CHECK(rejected(R"({"type":"api_call","model":"m","latency_ms":"12"})"));
    CHECK_FALSE(rejected(R"({"type":"api_call","model":"m","latency_ms":0.25})"));
    CHECK(rejection_of(R"({"type":"api_call","model":"m","success":"false"})") ==
          "\"success\" must be true or false");
    CHECK(rejection_of(R"({"type":"tier_usage","tier_usage":[]})") == "\"tier_usage\" must be an object");
    CHECK(rejected(R"({"type":"tier_usage"})"));
    CHECK(rejected(R"({"type":"tier_usage","tier_usage":{"Tier 1":{"input":1}}})"));
    CHECK(rejected(R"({"type":"tier_usage","tier_usage":{"Tier 1":{"input":1,"output":-1}}})"));
    CHECK(
        rejected(R"({"type":"tier_usage","tier_usage":{"Tier 1":{"input":1,"output":1,"cache_read":0.5}}})"));
    CHECK(rejected(R"({"type":"tier_usage","tier_usage":{"Tier 1":{"input":1,"output":1,"model":3}}})"));
    CHECK(rejected(R"({"type":"tier_usage","tier_usage":{"Tier 1":{"input":1,"output":1},"Tier 2":7}})"));
    CHECK(rejected(R"({"type":"mma_state_update","status":"x","tier_usage":{"Tier 1":{"output":1}}})"));
}

TEST_CASE("what is not a rejection", "[protocol]")
{
    const auto accepted = [](const std::string& line) {
        return std::holds_alternative<Event>(parse_line(line));
    };
    CHECK(accepted(R"({"type":"heartbeat"})"));  // unknown types are ignored, not rejected
    CHECK(std::holds_alternative<UnknownEvent>(std::get<Event>(parse_line(R"({"type":"heartbeat"})")).body));
    CHECK(accepted("{\"type\":\"session_reset\"}\r"));  // CRLF
    CHECK(accepted(R"({"type":"api_call","model":"m","id":7,"tier":true,"provider":5,"cache_hit":"yes"})"));
    const Event e = std::get<Event>(parse_line(R"({"type":"api_call","model":"m","id":7})"));
    CHECK_FALSE(e.id);  // an id that is not a string is absent
    CHECK_FALSE(e.ts);  // no time: the receiver stamps it
    CHECK(is_blank_line(""));
    CHECK(is_blank_line(" \t\r"));
    CHECK_FALSE(is_blank_line(" {}"));
}

TEST_CASE("tier_usage and mma_state_update parse with normalised tier names", "[protocol]")
{
    const Event e = std::get<Event>(parse_line(
        R"({"type":"mma_state_update","status":"executing","active_tier":"Tier 3","tier_usage":{)"
        R"("tier1":{"input":1,"output":2,"model":"m1"},"Tier3":{"input":3,"output":4,"cache_read":5,"cache_write":6},)"
        R"("3 ":{"input":0,"output":0},"Reviewer":{"input":7,"output":8}}})"));
    const auto& m = std::get<MmaStateUpdate>(e.body);
    CHECK(m.status == "executing");
    CHECK(m.active_tier == "Tier 3");
    REQUIRE(m.tier_usage);
    REQUIRE(m.tier_usage->tiers.size() == 4);
    std::vector<std::string> names;
    for (const auto& t : m.tier_usage->tiers) names.push_back(t.tier);
    CHECK(std::count(names.begin(), names.end(), "Tier 3") == 2);
    CHECK(std::count(names.begin(), names.end(), "Tier 1") == 1);
    CHECK(std::count(names.begin(), names.end(), "Reviewer") == 1);
}

TEST_CASE("tier names normalise to Tier N", "[protocol]")
{
    CHECK(normalise_tier("Tier 3") == "Tier 3");
    CHECK(normalise_tier("tier3") == "Tier 3");
    CHECK(normalise_tier("Tier3") == "Tier 3");
    CHECK(normalise_tier("TIER_2") == "Tier 2");
    CHECK(normalise_tier("3") == "Tier 3");
    CHECK(normalise_tier(" 04 ") == "Tier 4");
    CHECK(normalise_tier("Reviewer") == "Reviewer");
    CHECK(normalise_tier("tier") == "tier");
    CHECK(normalise_tier("Tier 1b") == "Tier 1b");
}

TEST_CASE("RFC 3339 times convert to epoch milliseconds", "[protocol]")
{
    CHECK(parse_rfc3339("1970-01-01T00:00:00Z") == 0);
    CHECK(parse_rfc3339("2026-11-20T09:00:01Z") == 1'795'165'201'000);
    CHECK(parse_rfc3339("2026-11-20T09:00:01.25Z") == 1'795'165'201'250);
    CHECK(parse_rfc3339("2026-11-20T10:00:01+01:00") == 1'795'165'201'000);
    CHECK(parse_rfc3339("2026-11-20t08:30:01.123456-00:30") == 1'795'165'201'123);
    CHECK(parse_rfc3339("2024-02-29T00:00:00Z").has_value());
    CHECK_FALSE(parse_rfc3339("2026-02-29T00:00:00Z"));
    CHECK_FALSE(parse_rfc3339("2026-11-20T09:00:01"));  // no offset
    CHECK_FALSE(parse_rfc3339("2026-11-20"));
    CHECK_FALSE(parse_rfc3339("2026-13-20T09:00:01Z"));
    CHECK_FALSE(parse_rfc3339("2026-11-20T09:00:01Zjunk"));
}

TEST_CASE("PROTOCOL 1.1: null is absent, anywhere, a required field that is null is missing", "[protocol]")
{
    // As Anthropic's and OpenAI's Python SDKs write response.usage.model_dump().
    const ParseResult anthropic = parse_line(
        R"({"type":"api_call","model":"claude-sonnet-4-5","tier":null,"latency_ms":null,"success":null,)"
        R"("usage":{"input_tokens":1200,"output_tokens":300,"cache_creation_input_tokens":null,)"
        R"("cache_read_input_tokens":null,"cache_creation":null,"server_tool_use":null,"service_tier":null}})");
    REQUIRE(std::holds_alternative<Event>(anthropic));
    const auto& a = std::get<ApiCall>(std::get<Event>(anthropic).body);
    CHECK(a.tokens == test::tokens(1200, 300));
    CHECK(a.success);
    CHECK_FALSE(a.latency_ms);
    const ParseResult openai = parse_line(
        R"({"type":"api_call","model":"gpt-4o","usage":{"prompt_tokens":5000,"completion_tokens":400,)"
        R"("total_tokens":5400,"prompt_tokens_details":{"cached_tokens":null,"audio_tokens":null},)"
        R"("completion_tokens_details":null}})");
    REQUIRE(std::holds_alternative<Event>(openai));
    CHECK(std::get<ApiCall>(std::get<Event>(openai).body).tokens == test::tokens(5000, 400));
    CHECK(
        std::holds_alternative<Event>(parse_line(R"({"type":"api_call","model":"m","input_tokens":null})")));
    CHECK(std::holds_alternative<Event>(
        parse_line(R"({"type":"mma_state_update","tier_usage":null,"id":null})")));

    const auto rejection_of = [](const std::string& line) {
        const ParseResult r = parse_line(line);
        return std::holds_alternative<ParseError>(r) ? std::get<ParseError>(r).reason
                                                     : std::string("(accepted)");
    };
    CHECK(rejection_of(R"({"type":null})") == "no \"type\"");
    CHECK(rejection_of(R"({"type":"api_call","model":null})") ==
          "api_call needs a non-empty string \"model\"");
    CHECK(rejection_of(R"({"type":"tier_usage","tier_usage":{"Tier 1":{"input":null,"output":1}}})") ==
          "tier_usage \"Tier 1\": \"input\" is required");
}

TEST_CASE("PROTOCOL 1.1: a ts that is present must be RFC 3339 with an offset", "[protocol]")
{
    const auto ts_of = [](const std::string& ts) -> std::optional<TimeMs> {
        const ParseResult r = parse_line(R"({"type":"session_reset","ts":)" + ts + "}");
        if (std::holds_alternative<ParseError>(r)) return std::nullopt;
        return std::get<Event>(r).ts.value_or(-1);
    };
    CHECK(ts_of(R"("2026-11-20T09:00:01Z")") == 1'795'165'201'000);
    CHECK(ts_of(R"("2026-11-20t18:00:01.250+09:00")") == 1'795'165'201'250);
    for (const char* bad : {R"("yesterday")", "1764000000", R"("2026-11-22 10:00:00")",
                            R"("2026-02-30T00:00:00Z")", R"("")", "true", R"({"t":1})"}) {
        INFO(bad);
        CHECK_FALSE(ts_of(bad));
    }
    CHECK(ts_of("null") == -1);  // null is absent: the receiver stamps it
}

TEST_CASE("PROTOCOL 1.1: a raw NUL rejects the line, it never ends it early", "[protocol]")
{
    const std::string line =
        std::string(R"({"type":"api_call","model":"gpt-4o","input_tokens":7})") + '\0' + "garbage";
    const ParseResult r = parse_line(line);
    REQUIRE(std::holds_alternative<ParseError>(r));
    CHECK(std::get<ParseError>(r).reason == "not valid JSON (a raw NUL byte)");
    CHECK(std::holds_alternative<ParseError>(parse_line(std::string(R"({"type":"session_reset"})") + '\0')));
}

TEST_CASE("PROTOCOL 1.1: service_tier, project, host and reported_cost_usd", "[protocol]")
{
    const auto call_of = [](const std::string& fields) {
        const ParseResult r = parse_line(R"({"type":"api_call","model":"m",)" + fields + "}");
        REQUIRE(std::holds_alternative<Event>(r));
        return std::get<ApiCall>(std::get<Event>(r).body);
    };
    CHECK(call_of(R"("input_tokens":1)").service_tier == "standard");
    CHECK(call_of(R"("service_tier":"Priority")").pricing_tier == ServiceTier::priority);
    CHECK(call_of(R"("service_tier":"Priority")").service_tier == "priority");
    CHECK(call_of(R"("service_tier":"flex")").pricing_tier == ServiceTier::flex);
    CHECK(call_of(R"("service_tier":"BATCH")").pricing_tier == ServiceTier::batch);
    for (const char* standard : {"default", "auto", "on_demand", "standard"}) {
        INFO(standard);
        const ApiCall c = call_of(std::string(R"("service_tier":")") + standard + "\"");
        CHECK(c.pricing_tier == ServiceTier::standard);
        CHECK(c.service_tier == "standard");
    }
    // Another name is kept as sent and priced as standard.
    const ApiCall scale = call_of(R"("service_tier":"Scale")");
    CHECK(scale.service_tier == "Scale");
    CHECK(scale.pricing_tier == ServiceTier::standard);
    // Anthropic's usage carries it; the line's own field wins.
    CHECK(call_of(R"("usage":{"input_tokens":1,"service_tier":"batch"})").pricing_tier == ServiceTier::batch);
    CHECK(call_of(R"("service_tier":"priority","usage":{"input_tokens":1,"service_tier":"batch"})")
              .pricing_tier == ServiceTier::priority);
    const ApiCall c = call_of(R"("project":"site","host":"desk-1","reported_cost_usd":0.0009)");
    CHECK(c.project == "site");
    CHECK(c.host == "desk-1");
    CHECK(c.reported_cost_usd == 0.0009);

    const auto rejection_of = [](const std::string& fields) {
        const ParseResult r = parse_line(R"({"type":"api_call","model":"m",)" + fields + "}");
        return std::holds_alternative<ParseError>(r) ? std::get<ParseError>(r).reason
                                                     : std::string("(accepted)");
    };
    CHECK(rejection_of(R"("service_tier":3)") == "\"service_tier\" must be a string");
    CHECK(rejection_of(R"("project":["a"])") == "\"project\" must be a string");
    CHECK(rejection_of(R"("host":false)") == "\"host\" must be a string");
    CHECK(rejection_of(R"("reported_cost_usd":-1)") == "\"reported_cost_usd\" must be a number >= 0");
    CHECK(rejection_of(R"("reported_cost_usd":"0.1")") == "\"reported_cost_usd\" must be a number >= 0");
}
