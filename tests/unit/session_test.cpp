#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/format.hpp"
#include "costpanel/core/id_set.hpp"
#include "costpanel/core/summary.hpp"
#include "costpanel/core/u64_map.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <unordered_map>

using namespace costpanel;

TEST_CASE("api_calls fold into model rows keyed by provider and model", "[session]")
{
    const SessionState s = test::fold({
        R"({"type":"api_call","model":"alpha-1","input_tokens":1000,"output_tokens":100,"latency_ms":200})",
        R"({"type":"api_call","model":"anthropic/alpha-1-20250101","input_tokens":1000,"output_tokens":100})",
        R"({"type":"api_call","model":"alpha-1","provider":"bedrock","input_tokens":1000})",
        R"({"type":"api_call","model":"beta-2","input_tokens":500000,"success":false,"latency_ms":100})",
        R"({"type":"api_call","model":"my-local-model","provider":"ollama","input_tokens":5000,"output_tokens":500})",
        R"({"type":"api_call","model":"mystery","input_tokens":5})",
    });
    // alpha-1 and anthropic/alpha-1-20250101 are different rows: the key is the id as sent, less its prefix.
    REQUIRE(s.models().size() == 6);
    const ModelUsage* alpha = test::find_model(s, "alpha-1");
    REQUIRE(alpha);
    CHECK(alpha->provider == "anthropic");
    CHECK(alpha->calls == 1);
    CHECK(alpha->cost_usd == Approx(0.002));
    CHECK(alpha->latency_ms_sum == 200);
    const ModelUsage* dated = test::find_model(s, "alpha-1-20250101");
    REQUIRE(dated);
    CHECK(dated->provider == "anthropic");
    // An explicit provider wins over the price entry's.
    const auto bedrock = std::find_if(s.models().begin(), s.models().end(),
                                      [](const ModelUsage& m) { return m.provider == "bedrock"; });
    REQUIRE(bedrock != s.models().end());
    CHECK(bedrock->cost_usd == Approx(0.001));
    const ModelUsage* beta = test::find_model(s, "beta-2");
    CHECK(beta->failed_calls == 1);
    CHECK(beta->cost_usd == Approx(1.0));
    const ModelUsage* local = test::find_model(s, "my-local-model");
    CHECK_FALSE(local->priced);
    CHECK(local->cost_usd == 0.0);
    CHECK(test::find_model(s, "mystery")->provider == "unknown");

    const SessionTotals& t = s.totals();
    CHECK(t.calls == 6);
    CHECK(t.failed_calls == 1);
    CHECK(t.unpriced_calls == 2);
    CHECK(t.cost_usd == Approx(0.002 * 2 + 0.001 + 1.0));
    CHECK(t.tokens.input == 508005);
    CHECK(s.counters().applied == 6);
}

TEST_CASE("tier rows: deltas of cumulative snapshots, priced at the tier's model", "[session]")
{
    SECTION("a model change bills each delta at the model of its time")
    {
        const SessionState s = test::fold({
            R"({"type":"tier_usage","tier_usage":{"Tier 2":{"input":1000,"output":100,"model":"alpha-1"}}})",
            R"({"type":"tier_usage","tier_usage":{"Tier 2":{"input":3000,"output":300,"model":"beta-2"}}})",
            R"({"type":"tier_usage","tier_usage":{"Tier 2":{"input":4000,"output":300}}})",
        });
        const TierRow* t2 = test::find_tier(s, "Tier 2");
        CHECK(t2->model == "beta-2");
        CHECK(t2->tokens.input == 4000);
        CHECK(t2->tokens.output == 300);
        // 1000/100 at alpha ($1/$10), 2000/200 at beta ($2/$8), then 1000/0 still at beta.
        CHECK(t2->cost_usd ==
              Approx((1000 * 1 + 100 * 10) / 1e6 + (2000 * 2 + 200 * 8) / 1e6 + 1000 * 2 / 1e6));
        CHECK(s.totals().cost_usd == 0.0);  // a breakdown, not part of the session total
    }
    SECTION("a counter that goes down means the conductor restarted")
    {
        const SessionState s = test::fold({
            R"({"type":"tier_usage","tier_usage":{"Tier 1":{"input":5000,"output":500,"model":"beta-2"}}})",
            R"({"type":"tier_usage","tier_usage":{"Tier 1":{"input":6000,"output":400}}})",
        });
        const TierRow* t1 = test::find_tier(s, "Tier 1");
        CHECK(t1->tokens.input == 11000);
        CHECK(t1->tokens.output == 900);
    }
    SECTION("cache counters are billed at the cache rates, without the long-context rule")
    {
        const SessionState s = test::fold({
            R"({"type":"tier_usage","tier_usage":{"3":{"input":300000,"output":0,"cache_read":1000,"cache_write":100,"model":"alpha-1"}}})",
        });
        CHECK(test::find_tier(s, "Tier 3")->cost_usd == Approx((300000 * 1 + 1000 * 0.1 + 100 * 1.25) / 1e6));
    }
    SECTION("without a model: the configured default, else unpriced")
    {
        const SessionState s = test::fold(
            {
                R"({"type":"tier_usage","tier_usage":{"Tier 4":{"input":1000,"output":0},"Tier 2":{"input":10,"output":0}}})",
            },
            test::round_prices(), {{"Tier 4", "beta-2"}});
        CHECK(test::find_tier(s, "Tier 4")->model == "beta-2");
        CHECK(test::find_tier(s, "Tier 4")->cost_usd == Approx(0.002));
        CHECK(test::find_tier(s, "Tier 2")->model.empty());
        CHECK_FALSE(test::find_tier(s, "Tier 2")->priced);
        CHECK(test::find_tier(s, "Tier 2")->tokens.input == 10);
    }
    SECTION("Tier 1-4 always have rows; other names follow in order of appearance")
    {
        const SessionState s = test::fold({
            R"({"type":"tier_usage","tier_usage":{"Reviewer":{"input":1,"output":1},"Tier 9":{"input":1,"output":1}}})",
        });
        REQUIRE(s.tiers().size() == 6);
        CHECK(s.tiers()[0].tier == "Tier 1");
        CHECK(s.tiers()[3].tier == "Tier 4");
        CHECK(s.tiers()[4].tier == "Reviewer");
        CHECK(s.tiers()[5].tier == "Tier 9");
    }
    SECTION("mma_state_update carries status, active tier and snapshots")
    {
        const SessionState s = test::fold({
            R"({"type":"mma_state_update","status":"planning","active_tier":"Tier 1","tier_usage":{"Tier 1":{"input":10,"output":1,"model":"alpha-1"}}})",
            R"({"type":"mma_state_update","active_tier":"Tier 2"})",
        });
        CHECK(s.status() == "planning");
        CHECK(s.active_tier() == "Tier 2");
        CHECK(test::find_tier(s, "Tier 1")->tokens.input == 10);
    }
}

TEST_CASE("a reset zeroes the session but not the tiers' snapshots or the ids seen", "[session]")
{
    const std::vector<std::string> lines = {
        R"({"type":"mma_state_update","status":"executing","tier_usage":{"Tier 2":{"input":1000,"output":100,"model":"alpha-1"}}})",
        R"({"type":"api_call","id":"a","model":"alpha-1","input_tokens":1000,"output_tokens":100})",
        R"({"type":"session_reset"})",
        R"({"type":"api_call","id":"a","model":"alpha-1","input_tokens":1})",
        R"({"type":"tier_usage","tier_usage":{"Tier 2":{"input":1500,"output":100}}})",
        R"({"type":"api_call","id":"b","model":"beta-2","input_tokens":1000})",
    };
    const SessionState s = test::fold(lines);
    CHECK(s.session_number() == 2);
    CHECK(s.totals().cost_usd == Approx(0.002));
    CHECK(s.totals().calls == 1);
    REQUIRE(s.models().size() == 1);
    CHECK(s.models()[0].model == "beta-2");
    const TierRow* t2 = test::find_tier(s, "Tier 2");
    CHECK(t2->model == "alpha-1");   // the model stays
    CHECK(t2->tokens.input == 500);  // only what happened after the reset
    CHECK(t2->cost_usd == Approx(0.0005));
    CHECK(s.status() == "executing");
    CHECK(s.counters() == EventCounters{5, 0, 0, 1});

    // Folded all at once into one batch, the numbers are the same.
    EventFolder folder({test::round_prices(), {}});
    SessionState once;
    std::uint64_t n = 0;
    for (const auto& l : lines) folder.add_line(l, "test", ++n, 0);
    once.apply(folder.take_batch());
    CHECK(session_summary(once) == session_summary(s));
}

TEST_CASE("a toolbar reset is the same as a session_reset event", "[session]")
{
    SessionState s = test::fold({R"({"type":"api_call","model":"alpha-1","input_tokens":1000})"});
    const auto version = s.version();
    s.reset();
    CHECK(s.version() > version);
    CHECK(s.totals().calls == 0);
    CHECK(s.models().empty());
    CHECK(s.counters().applied == 1);  // counters are the process's, not the session's
}

TEST_CASE("duplicates, ignored and rejected lines each land in one counter", "[session]")
{
    const SessionState s = test::fold({
        R"({"type":"api_call","id":"x","model":"alpha-1","input_tokens":1})",
        R"({"type":"api_call","id":"x","model":"beta-2","input_tokens":999})",  // same id: duplicate
        R"({"type":"heartbeat","id":"y"})",                                     // ignored, id not recorded
        R"({"type":"api_call","id":"y","model":"alpha-1","input_tokens":1})",   // so this one applies
        R"({"type":"api_call","id":"z","model":"alpha-1","input_tokens":-1})",  // rejected, id not recorded
        R"({"type":"api_call","id":"z","model":"alpha-1","input_tokens":1})",   // applies
        R"({"type":"tier_usage","id":"x","tier_usage":{}})",                    // ids are shared by all types
        "",                                                                     // blank: not counted
        "   ",
        "garbage",
    });
    CHECK(s.counters() == EventCounters{3, 2, 1, 2});
    CHECK(s.totals().calls == 3);
    CHECK(test::find_model(s, "beta-2") == nullptr);
    REQUIRE(s.recent_rejections().size() == 2);
    CHECK(s.recent_rejections()[0].origin.source == "test");
    CHECK(s.recent_rejections()[0].origin.line == 5);
    CHECK(s.recent_rejections()[1].reason == "not valid JSON (or not UTF-8)");
}

TEST_CASE("merged batches apply as the batches one after another would", "[session]")
{
    EventFolder folder({test::round_prices(), {}});
    const std::vector<std::string> lines = {
        R"({"type":"api_call","model":"alpha-1","input_tokens":1000})",
        R"({"type":"tier_usage","tier_usage":{"Tier 1":{"input":10,"output":1,"model":"alpha-1"}}})",
        R"({"type":"api_call","model":"beta-2","input_tokens":1000})",
        R"({"type":"session_reset"})",
        R"({"type":"api_call","model":"alpha-1","input_tokens":7})",
        R"({"type":"tier_usage","tier_usage":{"Tier 1":{"input":30,"output":1}}})",
        R"({"type":"mma_state_update","status":"done"})",
        "nonsense",
    };
    SessionState each, merged;
    Batch all;
    std::uint64_t n = 0;
    for (const auto& l : lines) {
        folder.add_line(l, "t", ++n, 0);
        Batch b = folder.take_batch();
        each.apply(b);
        all.merge(std::move(b));
    }
    merged.apply(all);
    CHECK(session_summary(merged) == session_summary(each));
    CHECK(merged.totals().tokens.input == 7);
    CHECK(test::find_tier(merged, "Tier 1")->tokens.input == 20);
}

TEST_CASE("the client's own cost is summed beside ours, over the calls that reported one", "[session]")
{
    // alpha-1: $1 in, $10 out a million tokens; beta-2: $2 in.
    const std::vector<std::string> lines = {
        R"({"type":"api_call","model":"alpha-1","input_tokens":1000,"output_tokens":100,"reported_cost_usd":0.0025})",
        R"({"type":"api_call","model":"alpha-1","input_tokens":5000,"output_tokens":500})",
        R"({"type":"api_call","model":"beta-2","input_tokens":1000,"reported_cost_usd":0})",
    };
    const auto check = [](const SessionState& s) {
        const ModelUsage* alpha = test::find_model(s, "alpha-1");
        REQUIRE(alpha);
        CHECK(alpha->calls == 2);
        CHECK(alpha->cost_usd == Approx(0.002 + 0.01));
        CHECK(alpha->reported_cost_usd == 0.0025);
        CHECK(alpha->reported_calls == 1);
        // Ours over the first call alone: the second reported nothing to compare with.
        CHECK(alpha->reported_calls_cost_usd == Approx(0.002));
        const ModelUsage* beta = test::find_model(s, "beta-2");
        REQUIRE(beta);
        CHECK(beta->reported_cost_usd == 0.0);  // a zero reported is a figure all the same
        CHECK(beta->reported_calls == 1);
        CHECK(beta->reported_calls_cost_usd == Approx(0.002));
        const SessionTotals& t = s.totals();
        CHECK(t.reported_cost_usd == 0.0025);
        CHECK(t.reported_calls == 2);
        CHECK(t.reported_calls_cost_usd == Approx(0.004));
        CHECK(t.cost_usd == Approx(0.014));
    };
    SECTION("a batch a line")
    {
        check(test::fold(lines));
    }
    SECTION("one batch of them all")
    {
        EventFolder folder({test::round_prices(), {}});
        std::uint64_t n = 0;
        for (const auto& l : lines) folder.add_line(l, "t", ++n, 0);
        SessionState s;
        s.apply(folder.take_batch());
        check(s);
    }
    SECTION("a withdrawal takes it back, and a reset ends it")
    {
        SessionState s = test::fold(lines);
        Batch back;
        back.models.push_back(test::find_model(s, "alpha-1")->negated());
        s.apply(back);
        CHECK(test::find_model(s, "alpha-1")->reported_calls == 0);
        CHECK(test::find_model(s, "alpha-1")->reported_calls_cost_usd == Approx(0.0).margin(1e-15));
        CHECK(s.totals().reported_calls == 1);
        CHECK(s.totals().reported_cost_usd == Approx(0.0).margin(1e-15));
        CHECK(s.totals().reported_calls_cost_usd == Approx(0.002));
        s.reset();
        CHECK(s.totals().reported_calls == 0);
        CHECK(s.totals().reported_calls_cost_usd == 0.0);
    }
}

TEST_CASE("SessionState's fixed part stays under 1 KB", "[session]")
{
    CHECK(sizeof(SessionState) < 1024);
}

TEST_CASE("the summary sorts providers and models by cost", "[session]")
{
    const SessionState s = test::fold({
        R"({"type":"api_call","model":"beta-2-mini","input_tokens":1000})",
        R"({"type":"api_call","model":"alpha-1","input_tokens":1000})",
        R"({"type":"api_call","model":"beta-2","input_tokens":1000})",
    });
    const auto j = session_summary(s);
    CHECK(j["providers"][0]["provider"] == "openai");
    CHECK(j["providers"][0]["models"][0]["model"] == "beta-2");
    CHECK(j["providers"][0]["models"][1]["model"] == "beta-2-mini");
    CHECK(j["providers"][1]["provider"] == "anthropic");
    CHECK(j["mma"]["status"].is_null());
    CHECK(j["tiers"].size() == 4);
    CHECK(j["tiers"][0]["model"].is_null());
}

TEST_CASE("money reads with cents, and with two significant digits below a cent", "[session]")
{
    CHECK(format_usd(0.0) == "$0.00");
    CHECK(format_usd(1234.567) == "$1,234.57");
    CHECK(format_usd(0.048) == "$0.05");
    CHECK(format_usd(0.0075) == "$0.0075");
    CHECK(format_usd(0.0001602) == "$0.00016");
    CHECK(format_usd(-2.5) == "-$2.50");
    CHECK(format_count(std::int64_t{0}) == "0");
    CHECK(format_count(std::int64_t{1234567}) == "1,234,567");
    CHECK(format_count(std::int64_t{-1000}) == "-1,000");
}

TEST_CASE("the id set remembers every id through its growth and tells near ids apart", "[session]")
{
    IdSet ids;
    REQUIRE(ids.bytes() == 0);
    // Ids that differ in one byte, in their length only (a trailing NUL), and across the 8-byte words.
    const std::string base = "call-0123456789abcdef";
    REQUIRE(ids.insert(""));
    REQUIRE(ids.insert(std::string(1, '\0')));
    REQUIRE(ids.insert(std::string(8, '\0')));
    REQUIRE_FALSE(ids.insert(std::string(8, '\0')));
    REQUIRE(ids.insert(base));
    REQUIRE(ids.insert(base + '\0'));
    REQUIRE(ids.insert(base.substr(0, 16)));
    for (std::size_t i = 0; i < base.size(); ++i) {
        std::string near = base;
        near[i] ^= 1;
        REQUIRE(ids.insert(near));
    }
    const std::size_t before = ids.size();
    // Enough ids for the table to double several times; every earlier one is still found.
    for (int i = 0; i < 50000; ++i) REQUIRE(ids.insert("id-" + std::to_string(i)));
    for (int i = 0; i < 50000; i += 7) REQUIRE_FALSE(ids.insert("id-" + std::to_string(i)));
    REQUIRE_FALSE(ids.insert(base));
    REQUIRE_FALSE(ids.insert(""));
    REQUIRE(ids.size() == before + 50000);
    // 16 bytes a slot at a load of at least 3/8 once grown: at most ~43 bytes an id.
    REQUIRE(ids.bytes() <= ids.size() * 43);
}

TEST_CASE("batches of recycled records hold their own calls, however many fewer or more there are",
          "[session]")
{
    EventFolder::Options options{test::round_prices(), {}};
    options.keep_records = true;
    EventFolder folder(options);
    int next = 0;
    const auto fold_calls = [&](int n) {
        std::vector<std::string> ids;
        for (int i = 0; i < n; ++i) {
            Event e;
            e.id = test::numbered("call-", next++);
            ApiCall c;
            c.model = "alpha-1";
            c.tokens = test::tokens(10, 1);
            e.body = c;
            REQUIRE(folder.add_log_call(e, "claude-code", 0));
            ids.push_back(*e.id);
        }
        return ids;
    };
    const auto ids_of = [](const Batch& b) {
        std::vector<std::string> ids;
        for (const CallRecord& r : b.calls) ids.push_back(r.event_id);
        return ids;
    };
    for (const int n : {5, 2, 8, 8, 0, 3, 40}) {
        INFO(n << " calls");
        const std::vector<std::string> expected = fold_calls(n);
        Batch b = folder.take_batch();
        CHECK_FALSE(folder.has_pending());
        CHECK(ids_of(b) == expected);
        folder.recycle(std::move(b));
    }
}

TEST_CASE("a recycled batch's records are filled anew: nothing of the call before stays", "[session]")
{
    EventFolder::Options options{test::round_prices(), {}};
    options.keep_records = true;
    EventFolder folder(options);
    Event rich;
    rich.id = "call-with-everything";
    rich.session = "conductor-7";
    ApiCall full;
    full.provider = "anthropic";
    full.model = "alpha-1";
    full.tokens = test::tokens(1000, 200, 50, 10, 5);
    full.tier = "Tier 1";
    full.activity = "planning";
    full.category = "agent";
    full.latency_ms = 812.5;
    full.success = false;
    full.error = "overloaded";
    full.cache_hit = true;
    full.routing_reason = "cheapest";
    full.project = "shop";
    full.host = "desk";
    full.reported_cost_usd = 0.5;
    rich.body = full;
    rich.ts = 1'000'000;
    REQUIRE(folder.add_log_call(rich, "claude-code", 0, nullptr, /*grows=*/true));
    Batch first = folder.take_batch();
    REQUIRE(first.calls.size() == 1);
    folder.recycle(std::move(first));

    Event plain;
    plain.id = "plain";
    ApiCall bare;
    bare.model = "unknown-model";
    bare.tokens = test::tokens(1, 1);
    plain.body = bare;
    REQUIRE(folder.add_log_call(plain, "codex", 2'000'000));
    const Batch second = folder.take_batch();
    REQUIRE(second.calls.size() == 1);
    const CallRecord& r = second.calls[0];
    const CallRecord fresh;
    CHECK(r.event_id == "plain");
    CHECK(r.conductor_session.empty());
    CHECK(r.provider == "unknown");
    CHECK(r.model == "unknown-model");
    CHECK(r.tier.empty());
    CHECK(r.activity.empty());
    CHECK(r.category.empty());
    CHECK_FALSE(r.latency_ms);
    CHECK(r.success);
    CHECK(r.error.empty());
    CHECK_FALSE(r.cache_hit);
    CHECK(r.routing_reason.empty());
    CHECK(r.service_tier == fresh.service_tier);
    CHECK(r.project.empty());
    CHECK(r.host.empty());
    CHECK(r.source == "codex");
    CHECK_FALSE(r.reported_cost_usd);
    CHECK_FALSE(r.priced);
    CHECK(r.priced_as.empty());
    CHECK_FALSE(r.approximate);
    CHECK_FALSE(r.standard_rate);
    CHECK(r.cost_usd == 0.0);
    CHECK(r.rates.input == 0.0);
    CHECK(r.rates.cache_write_1h == 0.0);
    CHECK_FALSE(r.long_context);
    CHECK(r.replaces.empty());
    CHECK(r.ts == 2'000'000);
}

TEST_CASE("the 64-bit map agrees with std::unordered_map through adds, growth and erasures", "[session]")
{
    U64Map<std::uint64_t> map;
    std::unordered_map<std::uint64_t, std::uint64_t> truth;
    REQUIRE(map.find(42) == nullptr);
    REQUIRE_FALSE(map.erase(42));
    // Few distinct keys, so that runs of probes form, wrap round the table's end and are cut by
    // erasures in their middle: the backward shift must leave every remaining key findable.
    std::uint64_t state = 12;
    const auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return state >> 33;
    };
    for (int i = 0; i < 200000; ++i) {
        const std::uint64_t key = next() % 3000 + 2;  // 0 and 1 share a slot by design: kept apart here
        switch (next() % 3) {
        case 0:
        case 1: {
            const auto [value, made] = map.try_emplace(key, key * 3);
            REQUIRE(made == truth.emplace(key, key * 3).second);
            *value += 1;
            truth[key] += 1;
            break;
        }
        default:
            REQUIRE(map.erase(key) == (truth.erase(key) == 1));
        }
        REQUIRE(map.size() == truth.size());
    }
    for (std::uint64_t key = 0; key < 3010; ++key) {
        const std::uint64_t* found = map.find(key);
        const auto it = truth.find(key);
        REQUIRE((found != nullptr) == (it != truth.end()));
        if (found) REQUIRE(*found == it->second);
    }
    map[0] = 7;  // stored as 1, as two colliding hashes would be
    REQUIRE(*map.find(1) == 7);
}
