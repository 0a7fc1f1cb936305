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
    CHECK(table.checked_date() == "2026-11-22");
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
        CHECK(p->base.input > 0.0);
        CHECK(p->base.output >= p->base.input);
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
    CHECK(chat->base.input == 2e-06);
    REQUIRE(chat->long_context);
    CHECK(*chat->long_context->output == 1.8e-05);
    CHECK(!chat->long_context->cache_write);
    const ModelPrice* a = t.match("m-anthropic");
    REQUIRE(a);
    CHECK(call_cost(*a, test::tokens(0, 0, 0, 1000, 1000)) == Approx(1000 * 3.75e-06 + 1000 * 6e-06));
    CHECK(!a->long_context);
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
    CHECK(t.match("gpt-4o")->base.input == 2.5e-6);
    CHECK(t.match("claude-sonnet-4-5")->base.cache_read == 3e-7);
    CHECK(t.match("claude-sonnet-4-5")->base.cache_write == 3.75e-6);
    CHECK(t.match("gemini-2.5-flash-lite")->base.cache_read == 1e-8);
    CHECK(t.match("deepseek-chat")->base.output == 4.2e-7);
}
