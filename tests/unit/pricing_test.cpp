#include "../common/skip.hpp"
#include "costpanel/core/pricing.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace costpanel;

namespace {

}  // namespace

TEST_CASE("estimate_cost prices input and output at the model's list rates", "[pricing]")
{
    const PriceTable& table = PriceTable::builtin();
    // Published list prices (USD per million tokens): Sonnet 4.5 $3 / $15, GPT-4o mini $0.15 / $0.60,
    // Gemini 2.5 Pro $1.25 / $10, DeepSeek chat $0.28 / $0.42.
    CHECK(estimate_cost(table, "claude-sonnet-4-5-20250929", 100'000, 100'000) == Approx(0.3 + 1.5));
    CHECK(estimate_cost(table, "gpt-4o-mini", 2'000'000, 500'000) == Approx(0.30 + 0.30));
    CHECK(estimate_cost(table, "gemini-2.5-pro", 100'000, 10'000) == Approx(0.125 + 0.10));
    CHECK(estimate_cost(table, "deepseek-chat", 1'000'000, 1'000'000) == Approx(0.70));
    CHECK(estimate_cost(table, "claude-opus-4-1", 10'000, 1'000) == Approx(0.15 + 0.075));
}

TEST_CASE("an unknown model costs 0.0 and matches no entry", "[pricing]")
{
    const PriceTable& table = PriceTable::builtin();
    CHECK(estimate_cost(table, "my-local-model", 1'000'000, 1'000'000) == 0.0);
    CHECK(table.match("my-local-model") == nullptr);
    CHECK(table.match("") == nullptr);
}

TEST_CASE("the built-in table covers the providers the conductor uses", "[pricing]")
{
    const PriceTable& table = PriceTable::builtin();
    CHECK(table.checked_date() == "2026-12-01");
    for (const char* model : {"claude-opus-4-5",
                              "claude-sonnet-4-5",
                              "claude-haiku-4-5",
                              "claude-3-haiku-20240307",
                              "gpt-5",
                              "gpt-5-mini",
                              "gpt-5-nano",
                              "gpt-4.1",
                              "gpt-4o",
                              "gpt-4o-mini",
                              "o1",
                              "o3",
                              "o4-mini",
                              "gpt-4",
                              "gpt-3.5-turbo",
                              "gemini-3-pro-preview",
                              "gemini-3.1-pro-preview",
                              "gemini-2.5-pro",
                              "gemini-2.5-flash",
                              "gemini-2.5-flash-lite",
                              "deepseek-chat",
                              "deepseek-reasoner",
                              "grok-4",
                              "grok-3-mini",
                              "mistral-large-latest",
                              "mistral-small-latest",
                              "llama-3.3-70b-versatile",
                              "mixtral-8x7b-32768"}) {
        INFO(model);
        const ModelPrice* p = table.match(model);
        REQUIRE(p != nullptr);
        CHECK(*p->standard.base.input > 0.0);
        CHECK(*p->standard.base.output >= *p->standard.base.input);
    }
    CHECK(table.match("grok-4")->provider == "xai");
    CHECK(table.match("gemini-2.5-pro")->provider == "google");
    CHECK(table.match("mixtral-8x7b-32768")->provider == "groq");
}

TEST_CASE("call_cost bills every cache class and falls back as PROTOCOL.md says", "[pricing]")
{
    const auto prices = test::round_prices();
    const ModelPrice& alpha = *prices->match("alpha-1");
    // 1000 in at $1, 100 out at $10, 2000 read at $0.10, 400 5-minute writes at $1.25, 300 1-hour writes at
    // $2.
    CHECK(call_cost(alpha, test::tokens(1000, 100, 2000, 400, 300)) ==
          Approx((1000 * 1 + 100 * 10 + 2000 * 0.1 + 400 * 1.25 + 300 * 2) / 1e6));

    const ModelPrice& beta = *prices->match("beta-2");
    // No cache rates at all: reads and both writes bill as input.
    CHECK(call_cost(beta, test::tokens(0, 0, 1000, 1000, 1000)) == Approx(3000 * 2 / 1e6));

    const ModelPrice& gamma = *prices->match("gamma-3");
    // A 5-minute write rate but no 1-hour one: 1-hour writes take the 5-minute rate.
    CHECK(call_cost(gamma, test::tokens(0, 0, 0, 100, 100)) == Approx(200 * 5 / 1e6));
    CHECK(gamma.provider == "google");  // vertex_ai-language-models folds to google
}

TEST_CASE("long context: above 200k prompt tokens every class takes its above-200k rate", "[pricing]")
{
    const ModelPrice& alpha = *test::round_prices()->match("alpha-1");
    // Exactly 200,000 prompt-side tokens is not above the threshold.
    CHECK(call_cost(alpha, test::tokens(150'000, 1000, 50'000)) ==
          Approx((150'000 * 1 + 1000 * 10 + 50'000 * 0.1) / 1e6));
    // 200,001: input, output and cache reads switch; writes have no long rate and keep theirs.
    CHECK(call_cost(alpha, test::tokens(150'000, 1000, 49'000, 1000, 1)) ==
          Approx((150'000 * 2 + 1000 * 15 + 49'000 * 0.2 + 1000 * 1.25 + 1 * 2) / 1e6));
    // Base cost never applies the long-context rule (tier deltas).
    CHECK(base_cost(alpha, test::tokens(300'000, 0)) == Approx(0.3));

    // Sonnet 4.5 on the built-in table: $6 / $22.50 above 200k.
    CHECK(estimate_cost(PriceTable::builtin(), "claude-sonnet-4-5", 210'000, 2'000) == Approx(1.26 + 0.045));
}

TEST_CASE("model matching tries each rule in order", "[pricing]")
{
    const auto prices = test::round_prices();
    const auto key_of = [&](const char* id) {
        const ModelPrice* p = prices->match(id);
        return p ? p->key : std::string("(none)");
    };
    CHECK(key_of("alpha-1") == "alpha-1");                    // exact
    CHECK(key_of("alpha-latest") == "alpha-1");               // alias
    CHECK(key_of("ALPHA-1") == "alpha-1");                    // lower-cased
    CHECK(key_of("anthropic/alpha-1") == "alpha-1");          // provider/ prefix
    CHECK(key_of("models/gamma-3") == "gamma-3");             // models/ prefix
    CHECK(key_of("alpha-1-20250929") == "alpha-1");           // -YYYYMMDD
    CHECK(key_of("alpha-1-2025-09-29") == "alpha-1");         // -YYYY-MM-DD
    CHECK(key_of("alpha-1@20250929") == "alpha-1");           // @YYYYMMDD
    CHECK(key_of("beta-2-mini-preview") == "beta-2-mini");    // longest key it extends
    CHECK(key_of("beta-2.1") == "beta-2");                    // at a '.' boundary
    CHECK(key_of("beta-2:free") == "beta-2");                 // at a ':' boundary
    CHECK(key_of("beta-2-mini@us") == "beta-2-mini");         // at an '@' boundary
    CHECK(key_of("beta-20") == "(none)");                     // not at a boundary
    CHECK(key_of("beta") == "(none)");                        // a key is not an extension of the id
    CHECK(key_of("Vertex/Gamma-3-2026-01-01") == "gamma-3");  // all at once
}

TEST_CASE("provider names fold and model prefixes strip", "[pricing]")
{
    CHECK(fold_provider("Gemini") == "google");
    CHECK(fold_provider("vertex_ai-language-models") == "google");
    CHECK(fold_provider("vertex_ai") == "google");
    CHECK(fold_provider("google_ai_studio") == "google");
    CHECK(fold_provider("Claude") == "anthropic");
    CHECK(fold_provider("OpenAI") == "openai");
    CHECK(strip_model_prefix("openai/gpt-4o-mini") == "gpt-4o-mini");
    CHECK(strip_model_prefix("models/gemini-2.5-pro") == "gemini-2.5-pro");
    CHECK(strip_model_prefix("gpt-4o") == "gpt-4o");
}

TEST_CASE("LiteLLM's format is detected and read", "[pricing]")
{
    const PriceTable t = PriceTable::parse(R"({
        "sample_spec": {"input_cost_per_token": 0, "mode": "chat"},
        "m-chat": {"litellm_provider": "vertex_ai-language-models", "mode": "chat",
                   "input_cost_per_token": 2e-06, "output_cost_per_token": 1.2e-05,
                   "cache_read_input_token_cost": 2e-07,
                   "input_cost_per_token_above_200k_tokens": 4e-06,
                   "output_cost_per_token_above_200k_tokens": 1.8e-05},
        "m-anthropic": {"litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 3e-06,
                        "output_cost_per_token": 1.5e-05, "cache_creation_input_token_cost": 3.75e-06,
                        "cache_creation_input_token_cost_above_1hr": 6e-06},
        "m-embed": {"litellm_provider": "openai", "mode": "embedding", "input_cost_per_token": 1e-07},
        "m-image": {"litellm_provider": "openai", "mode": "image_generation", "input_cost_per_token": 5e-06},
        "m-per-second": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_second": 0.01}
    })",
                                           "litellm.json");
    CHECK(t.size() == 2);
    const ModelPrice* chat = t.match("m-chat");
    REQUIRE(chat);
    CHECK(chat->provider == "google");
    CHECK(chat->standard.base.input == 2e-06);
    REQUIRE(chat->standard.long_context.size() == 1);
    CHECK(chat->standard.long_context[0].threshold == 200000);
    CHECK(chat->standard.long_context[0].rates.output == 1.8e-05);
    CHECK(!chat->standard.long_context[0].rates.cache_write);
    const ModelPrice* a = t.match("m-anthropic");
    REQUIRE(a);
    CHECK(call_cost(*a, test::tokens(0, 0, 0, 1000, 1000)) == Approx(1000 * 3.75e-06 + 1000 * 6e-06));
    CHECK(a->standard.long_context.empty());
}

TEST_CASE("a bad price file is a clear error naming the file and the entry", "[pricing]")
{
    const auto error_of = [](const char* text) {
        try {
            PriceTable::parse(text, "prices.json");
        } catch (const PriceFileError& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    CHECK(error_of("{").starts_with("prices.json: not valid JSON"));
    CHECK(error_of("[]") == "prices.json: a price file must be a JSON object");
    CHECK(error_of(R"({"hello": 1})").find("neither costpanel's price format") != std::string::npos);
    CHECK(
        error_of(
            R"({"format": "costpanel-prices/1", "models": {"x": {"provider": "p", "input": -1, "output": 1}}})") ==
        "prices.json: entry \"x\": \"input\" must be a number >= 0");
    CHECK(error_of(R"({"format": "costpanel-prices/1", "models": {"x": {"provider": "p", "input": 1}}})") ==
          "prices.json: entry \"x\": \"output\" is required");
    CHECK(error_of(R"({"format": "costpanel-prices/1", "models": {"x": {"input": 1, "output": 1}}})") ==
          "prices.json: entry \"x\": \"provider\" must be a non-empty string");
    CHECK(
        error_of(
            R"({"format": "costpanel-prices/1", "models": {"x": {"provider": "p", "input": "1", "output": 1}}})") ==
        "prices.json: entry \"x\": \"input\" must be a number >= 0");
    CHECK(error_of(R"({"m": {"litellm_provider": "openai", "input_cost_per_token": "free"}})") ==
          "prices.json: entry \"m\": \"input_cost_per_token\" must be a number >= 0");
    CHECK(error_of(R"({"format": "costpanel-prices/1", "models": {}})") ==
          "prices.json: no token-priced model in the file");
}

TEST_CASE("load_file names an unreadable file", "[pricing]")
{
    CHECK_THROWS_WITH(PriceTable::load_file("/nonexistent/prices.json"),
                      "/nonexistent/prices.json: cannot be read");
}

TEST_CASE("a user table merges over the built-in one, key by key", "[pricing]")
{
    PriceTable table = PriceTable::builtin();
    const std::size_t before = table.size();
    table.merge_over(PriceTable::parse(R"({"format": "costpanel-prices/1", "models": {
        "gpt-4o-mini-2024-07-18": {"provider": "openai", "input": 1, "output": 1, "aliases": ["cheap"]},
        "in-house-7b": {"provider": "self", "input": 0.01, "output": 0.02}}})",
                                       "user.json"));
    CHECK(table.size() == before + 1);
    // Replaced, and its built-in aliases follow the replacement.
    CHECK(estimate_cost(table, "gpt-4o-mini", 1'000'000, 0) == Approx(1.0));
    CHECK(estimate_cost(table, "cheap", 0, 1'000'000) == Approx(1.0));
    CHECK(table.match("in-house-7b")->provider == "self");
    CHECK(estimate_cost(table, "gpt-4o", 1'000'000, 0) == Approx(2.5));  // untouched
}

TEST_CASE("the built-in table agrees with LiteLLM's published rates where both are right",
          "[pricing][shared]")
{
    const auto file = test::shared_data() / "litellm_prices_subset.json";
    if (!std::filesystem::exists(file)) {
        SKIP_OR_FAIL(file << " is not there (../shared is absent)");
    }
    const PriceTable litellm = PriceTable::load_file(file.string());
    const PriceTable& ours = PriceTable::builtin();
    for (const char* model :
         {"claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "claude-opus-4-5-20251101", "gpt-5",
          "gpt-5-mini", "gpt-4.1", "gpt-4o", "gpt-4o-mini", "o3", "o4-mini", "gemini-2.5-pro",
          "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-3-pro-preview", "gemini-3.1-pro-preview",
          "deepseek-chat", "deepseek-reasoner"}) {
        INFO(model);
        const ModelPrice* a = ours.match(model);
        const ModelPrice* b = litellm.match(model);
        REQUIRE(a);
        REQUIRE(b);
        const TokenCounts t = test::tokens(12'345, 6'789, 23'456, 3'456, 1'234);
        CHECK(call_cost(*a, t) == Approx(call_cost(*b, t)).epsilon(1e-12));
        const TokenCounts big = test::tokens(250'000, 6'789, 23'456);
        CHECK(call_cost(*a, big) == Approx(call_cost(*b, big)).epsilon(1e-12));
    }
}

TEST_CASE("per-million list prices become the exact per-token doubles", "[pricing]")
{
    // Divided, not multiplied by 1e-6: the same doubles a per-token price file would hold.
    const PriceTable& t = PriceTable::builtin();
    CHECK(t.match("gpt-4o")->standard.base.input == 2.5e-6);
    CHECK(t.match("claude-sonnet-4-5")->standard.base.cache_read == 3e-7);
    CHECK(t.match("claude-sonnet-4-5")->standard.base.cache_write == 3.75e-6);
    CHECK(t.match("gemini-2.5-flash-lite")->standard.base.cache_read == 1e-8);
    CHECK(t.match("deepseek-chat")->standard.base.output == 4.2e-7);
}

namespace {

// Rates per million, chosen so each step of the rate choice shows in the figure.
std::shared_ptr<const PriceTable> tiered_prices()
{
    static const auto table = std::make_shared<const PriceTable>(PriceTable::parse(R"({
      "format": "costpanel-prices/1",
      "models": {
        "t-1": {"provider": "openai", "input": 2, "output": 10, "cache_read": 0.2,
                "long_context": [{"threshold": 128000, "input": 3, "output": 12},
                                 {"threshold": 272000, "input": 4, "output": 16}],
                "priority": {"input": 4, "output": 20, "cache_read": 0.4,
                             "long_context": {"threshold": 272000, "input": 8}},
                "flex": {"input": 1, "output": 5},
                "batch": {"output": 5}},
        "t-2": {"provider": "anthropic", "input": 3, "output": 15,
                "long_context": {"threshold": 200000, "input": 6, "output": 22.5}}
      }})",
                                                                                   "tiered prices"));
    return table;
}

double per_m(double tokens, double rate)
{
    return tokens * rate / 1e6;
}

}  // namespace

TEST_CASE("the service tier's rates come first, a tier without any is standard, said so", "[pricing]")
{
    const ModelPrice& t1 = *tiered_prices()->match("t-1");
    const TokenCounts small = test::tokens(1000, 100, 500);
    CHECK(call_cost(t1, small) == Approx(per_m(1000, 2) + per_m(100, 10) + per_m(500, 0.2)));
    CHECK(call_cost(t1, small, ServiceTier::priority) ==
          Approx(per_m(1000, 4) + per_m(100, 20) + per_m(500, 0.4)));
    // Flex has no cache-read rate: it takes flex's input rate (the fallback is the rate chosen).
    CHECK(call_cost(t1, small, ServiceTier::flex) == Approx(per_m(1000, 1) + per_m(100, 5) + per_m(500, 1)));
    // Batch lists output only: input keeps the standard rate, cache reads fall back to it.
    CHECK(call_cost(t1, small, ServiceTier::batch) == Approx(per_m(1000, 2) + per_m(100, 5) + per_m(500, 2)));
    CHECK_FALSE(t1.choose(small, ServiceTier::batch).standard_rate);

    const ModelPrice& t2 = *tiered_prices()->match("t-2");
    const ModelPrice::Choice c = t2.choose(small, ServiceTier::priority);
    CHECK(c.standard_rate);  // no priority rates at all: standard ones, and the call is marked
    CHECK(priced_at(c.rates, small) == Approx(call_cost(t2, small)));
    CHECK_FALSE(t2.choose(small, ServiceTier::standard).standard_rate);
}

TEST_CASE("long context bills the whole call at the highest threshold crossed, within its tier", "[pricing]")
{
    const ModelPrice& t1 = *tiered_prices()->match("t-1");
    // 128,000 exactly is not above it.
    CHECK(call_cost(t1, test::tokens(128000, 10)) == Approx(per_m(128000, 2) + per_m(10, 10)));
    const TokenCounts mid = test::tokens(100000, 10, 30000);  // 130,000 prompt-side
    CHECK(t1.choose(mid).long_context);
    // Input and output switch; cache reads have no rate at that threshold and keep theirs.
    CHECK(call_cost(t1, mid) == Approx(per_m(100000, 3) + per_m(10, 12) + per_m(30000, 0.2)));
    const TokenCounts big = test::tokens(280000, 10);
    CHECK(call_cost(t1, big) == Approx(per_m(280000, 4) + per_m(10, 16)));
    // A priority call uses priority's own long-context rates: input 8 above 272k, output stays 20.
    CHECK(call_cost(t1, big, ServiceTier::priority) == Approx(per_m(280000, 8) + per_m(10, 20)));
    // ... and below its threshold, priority's base, even though standard's 128k rates would apply.
    CHECK(call_cost(t1, mid, ServiceTier::priority) ==
          Approx(per_m(100000, 4) + per_m(10, 20) + per_m(30000, 0.4)));
    // Tier deltas are priced at standard base rates, never long context.
    CHECK(base_cost(t1, big) == Approx(per_m(280000, 2) + per_m(10, 10)));
}

TEST_CASE("a cache write with no long-context rate takes the long-context input rate", "[pricing]")
{
    const ModelPrice& t2 = *tiered_prices()->match("t-2");
    // 195,000 + 10,000 written: above 200k; no cache-write rate anywhere, so the input rate chosen.
    const TokenCounts t = test::tokens(195000, 100, 0, 10000, 1000);
    CHECK(call_cost(t2, t) == Approx(per_m(195000, 6) + per_m(100, 22.5) + per_m(10000, 6) + per_m(1000, 6)));
}

TEST_CASE("LiteLLM's tier and threshold keys, in any combination", "[pricing]")
{
    const PriceTable t = PriceTable::parse(R"({
        "m": {"litellm_provider": "openai", "mode": "chat",
              "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1.5e-05,
              "input_cost_per_token_above_128k_tokens": 3e-06,
              "input_cost_per_token_above_272k_tokens": 5e-06,
              "output_cost_per_token_above_272k_tokens": 2.25e-05,
              "input_cost_per_token_priority": 5e-06, "output_cost_per_token_priority": 3e-05,
              "input_cost_per_token_above_272k_tokens_priority": 1e-05,
              "cache_read_input_token_cost_flex": 1.3e-07,
              "input_cost_per_token_batches": 1.25e-06, "output_cost_per_token_batches": 7.5e-06,
              "cache_creation_input_token_cost_above_1hr_above_200k_tokens": 1.2e-05,
              "input_cost_per_token_above_1m_tokens": 9e-06}
    })",
                                           "litellm.json");
    const ModelPrice& m = *t.match("m");
    REQUIRE(m.standard.long_context.size() == 3);
    CHECK(m.standard.long_context[0].threshold == 128000);
    CHECK(m.standard.long_context[1].threshold == 200000);
    CHECK(m.standard.long_context[1].rates.cache_write_1h == 1.2e-05);
    CHECK(m.standard.long_context[2].threshold == 272000);
    CHECK(m.standard.long_context[2].rates.output == 2.25e-05);
    CHECK(m.priority.base.input == 5e-06);
    REQUIRE(m.priority.long_context.size() == 1);
    CHECK(m.priority.long_context[0].rates.input == 1e-05);
    CHECK(m.flex.base.cache_read == 1.3e-07);
    CHECK(m.batch.base.output == 7.5e-06);
    // A key of a shape PROTOCOL.md does not name is not a rate.
    CHECK(m.standard.long_context.end() ==
          std::find_if(m.standard.long_context.begin(), m.standard.long_context.end(),
                       [](const LongContextRates& l) { return l.threshold == 1000000; }));
}

TEST_CASE("matching PROTOCOL 1.1: clouds' wrappings, dotted versions, and guesses marked", "[pricing]")
{
    const PriceTable& table = PriceTable::builtin();
    const auto found = [&](const char* id) {
        const PriceTable::Match m = table.find(id);
        return m ? m.price->key + (m.approximate ? " (approximate)" : "") : std::string("(none)");
    };
    CHECK(found("us.anthropic.claude-sonnet-4-5-20250929-v1:0") == "claude-sonnet-4-5-20250929");
    CHECK(found("global.anthropic.claude-haiku-4-5-20251001-v1:0") == "claude-haiku-4-5-20251001");
    CHECK(found("anthropic.claude-3-haiku-20240307-v1:0") == "claude-3-haiku-20240307");
    CHECK(found("anthropic/claude-sonnet-4.5") == "claude-sonnet-4-5-20250929");
    CHECK(found("claude-sonnet-4.5-20250929") == "claude-sonnet-4-5-20250929");
    CHECK(found("openai/gpt-5.4") == "gpt-5.4-2026-03-05");  // a dot that is part of the name stays
    CHECK(found("gpt-4o-mini-fancy-edition") == "gpt-4o-mini-2024-07-18 (approximate)");
    CHECK(found("claude-sonnet-4") == "claude-sonnet-4-20250514");
    CHECK(found("claude-opus-4") == "claude-opus-4-20250514");
    CHECK(found("claude-3-5-haiku") == "claude-3-5-haiku-20241022");
    CHECK(found("chatgpt-4o-latest") == "chatgpt-4o-latest");
}

TEST_CASE("PROTOCOL 1.1's provider foldings", "[pricing]")
{
    for (const char* google : {"gcp.gemini", "gcp.vertex_ai", "gcp.gen_ai", "GCP.Vertex_AI"})
        CHECK(fold_provider(google) == "google");
    CHECK(fold_provider("aws.bedrock") == "bedrock");
    CHECK(fold_provider("azure.ai.openai") == "azure");
    CHECK(fold_provider("azure_ai") == "azure");
    CHECK(fold_provider("x_ai") == "xai");
    CHECK(fold_provider("mistral_ai") == "mistral");
    CHECK(fold_provider("openrouter") == "openrouter");
}

TEST_CASE("the built-in service-tier rates agree with every rate LiteLLM lists for them", "[pricing][shared]")
{
    const auto file = test::shared_data() / "litellm_prices_subset.json";
    if (!std::filesystem::exists(file)) {
        WARN("skipped: " << file << " is not there (../shared is absent)");
        return;
    }
    const PriceTable litellm = PriceTable::load_file(file.string());
    const PriceTable& ours = PriceTable::builtin();
    const std::pair<const char*, ServiceTier> tiers[] = {
        {"priority", ServiceTier::priority}, {"flex", ServiceTier::flex}, {"batch", ServiceTier::batch}};
    const std::optional<double> RateSet::*classes[] = {&RateSet::input, &RateSet::output,
                                                       &RateSet::cache_read, &RateSet::cache_write,
                                                       &RateSet::cache_write_1h};
    int compared = 0;
    for (const ModelPrice& mine : ours.entries()) {
        const ModelPrice* theirs = litellm.match(mine.key);
        if (!theirs || theirs->key != mine.key) continue;
        for (const auto& [name, tier] : tiers) {
            const TierRates& a = mine.rates_at(tier);
            const TierRates& b = theirs->rates_at(tier);
            for (const auto rate : classes) {
                if (!(b.base.*rate)) continue;
                INFO(mine.key << " " << name);
                REQUIRE((a.base.*rate));
                CHECK(*(a.base.*rate) == Approx(*(b.base.*rate)).epsilon(1e-12));
                ++compared;
            }
        }
    }
    CHECK(compared > 40);
}

TEST_CASE("built-in service tiers: OpenAI's priority, flex and batch, Anthropic's and Gemini's batch",
          "[pricing]")
{
    const PriceTable& t = PriceTable::builtin();
    const TokenCounts call = test::tokens(1'000'000, 100'000, 200'000);
    // GPT-5: standard $1.25 / $10 / cached $0.125; priority $2.50 / $20 / $0.25; flex and batch half.
    const ModelPrice& gpt5 = *t.match("gpt-5");
    CHECK(call_cost(gpt5, call) == Approx(1.25 + 1.0 + 0.025));
    CHECK(call_cost(gpt5, call, ServiceTier::priority) == Approx(2.5 + 2.0 + 0.05));
    CHECK(call_cost(gpt5, call, ServiceTier::flex) == Approx(0.625 + 0.5 + 0.0125));
    CHECK(call_cost(gpt5, call, ServiceTier::batch) == Approx(0.625 + 0.5 + 0.0125));
    // Claude Sonnet 4.5 in a Message Batch: half of every class, long context included.
    const ModelPrice& sonnet = *t.match("claude-sonnet-4-5");
    CHECK(call_cost(sonnet, test::tokens(100'000, 10'000, 0, 10'000), ServiceTier::batch) ==
          Approx((100'000 * 1.5 + 10'000 * 7.5 + 10'000 * 1.875) / 1e6));
    CHECK(call_cost(sonnet, test::tokens(250'000, 10'000), ServiceTier::batch) ==
          Approx((250'000 * 3.0 + 10'000 * 11.25) / 1e6));
    // Gemini 2.5 Pro batch: half the input and output rates; context-cache reads at the usual rate.
    const ModelPrice& pro = *t.match("gemini-2.5-pro");
    CHECK(call_cost(pro, test::tokens(100'000, 10'000, 50'000), ServiceTier::batch) ==
          Approx((100'000 * 0.625 + 10'000 * 5.0 + 50'000 * 0.125) / 1e6));
    // DeepSeek publishes no tiers: priced at standard, and said so.
    CHECK(t.match("deepseek-chat")->choose(call, ServiceTier::batch).standard_rate);
}
