// The OTLP receiver against a client no one here wrote: the OpenTelemetry JS SDK (tests/otel, pinned by
// its lock, installed from npm by the test run), its batch processors and its OTLP/HTTP exporters, JSON
// and protobuf, gzip or not, its own retries. Each case writes a plan of spans and log records with the
// values it will check, runs the SDK against a real ingest worker, and checks what was counted and, for
// a team, what the store says by host.
#include "../common/process.hpp"
#include "../common/skip.hpp"
#include "../common/temp_dir.hpp"
#include "support.hpp"

#include "costpanel/engine/source_spec.hpp"
#include "costpanel/store/history.hpp"
#include "costpanel/store/store.hpp"
#include "ingest/ingest.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace costpanel;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kClient = COSTPANEL_OTEL_CLIENT;

// 2025-12-01T09:00:00Z.
constexpr std::int64_t kStartMs = 1764579600000;

// `n` GenAI chat spans of alpha-1 (1000 tokens in, 100 out: $0.002 each at the tests' round prices).
json chat_spans(int n, const std::string& prefix = "chat")
{
    json spans = json::array();
    for (int i = 0; i < n; ++i)
        spans.push_back({{"name", prefix + " " + std::to_string(i)},
                         {"start_ms", kStartMs + i * 1000},
                         {"end_ms", kStartMs + i * 1000 + 250},
                         {"attributes",
                          {{"gen_ai.operation.name", "chat"},
                           {"gen_ai.provider.name", "anthropic"},
                           {"gen_ai.request.model", "alpha-1"},
                           {"gen_ai.usage.input_tokens", 1000},
                           {"gen_ai.usage.output_tokens", 100},
                           {"gen_ai.conversation.id", "conv-1"}}}});
    return spans;
}

// Claude Code's api_request, as it writes it: the name in the body, the bare one in event.name.
json claude_request(const std::string& request_id, int input, int output, double cost_usd)
{
    return {{"body", "claude_code.api_request"},
            {"time_ms", kStartMs},
            {"attributes",
             {{"event.name", "api_request"},
              {"model", "alpha-1"},
              {"session.id", "cc-session"},
              {"input_tokens", input},
              {"output_tokens", output},
              {"cost_usd", cost_usd},
              {"duration_ms", 2100},
              {"request_id", request_id}}}};
}

struct Exported
{
    int exit_code = -1;
    json result;
};

// The SDK run once against `endpoint` with `plan`; its one line of results.
Exported run_sdk(const std::string& endpoint, const json& plan, const std::vector<std::string>& options)
{
    test::TempDir dir;
    const std::string plan_path = dir / "plan.json";
    std::ofstream(plan_path) << plan.dump();
    std::vector<std::string> argv = {
        "node", (kClient / "export.mjs").string(), "--endpoint", endpoint, "--plan", plan_path};
    argv.insert(argv.end(), options.begin(), options.end());
    test::Process node(argv, {});
    Exported e;
    const std::optional<std::string> line = node.wait_for_line("{\"spans\"", test::Seconds(90));
    const std::optional<int> code = node.wait_exit(test::Seconds(30));
    INFO("the SDK said: " << node.output());
    REQUIRE(line);
    REQUIRE(code);
    e.exit_code = *code;
    e.result = json::parse(*line);
    return e;
}

// An ingest worker with the receiver on a free port; its batches into a session state and, when
// asked, a store.
struct Receiving
{
    explicit Receiving(const std::string& db = {})
    {
        if (!db.empty()) {
            Store::Options o;
            o.path = db;
            store = std::make_unique<Store>(o);
        }
        ingest = std::make_unique<Ingest>(
            IngestOptions{.prices = test::round_prices(), .keep_records = !db.empty()}, [this](Batch&& b) {
                if (store) {
                    Batch copy = b;
                    store->add(std::move(copy.calls), std::move(copy.tier_snapshots), copy.epoch);
                }
                sink.push(std::move(b));
            });
        const std::string name = ingest->add_source(SourceSpec::parse("otlp:127.0.0.1:0"));
        endpoint = "http://127.0.0.1:" + name.substr(name.rfind(':') + 1);
        ingest->start();
    }
    // Everything the receiver answered 200 is folded by then: stop() folds what is queued.
    SessionState stop()
    {
        ingest->stop();
        if (store) REQUIRE(store->flush());
        return sink.read([](const SessionState& s) { return s; });
    }

    test::StateSink sink;
    std::unique_ptr<Store> store;
    std::unique_ptr<Ingest> ingest;
    std::string endpoint;
};

bool client_installed()
{
    return fs::exists(kClient / "node_modules" / "@opentelemetry" / "sdk-trace-base");
}

}  // namespace

TEST_CASE(
    "OpenTelemetry JS SDK: spans over protobuf and JSON, gzip or not, in batches: each call once, exactly",
    "[otlp][sdk]")
{
    if (!client_installed()) SKIP_OR_FAIL("the OpenTelemetry JS SDK is not installed in " << kClient);
    for (const char* protocol : {"protobuf", "json"})
        for (const bool gzip : {false, true}) {
            INFO(protocol << (gzip ? ", gzip" : ""));
            Receiving r;
            json plan = {{"resource", {{"service.name", "shop-agent"}, {"host.name", "desk-1"}}},
                         {"spans", chat_spans(25)}};
            // A span of the program around the calls: not a call.
            plan["spans"].push_back(
                {{"name", "GET /orders"}, {"start_ms", kStartMs}, {"end_ms", kStartMs + 9000}});
            std::vector<std::string> options = {"--protocol", protocol, "--batch-size", "10"};
            if (gzip) options.push_back("--gzip");
            const Exported e = run_sdk(r.endpoint, plan, options);
            CHECK(e.exit_code == 0);
            CHECK(e.result["traces"] == "success");
            CHECK(e.result["trace_exports"] == 3);
            const SessionState s = r.stop();
            CHECK(s.counters().applied == 25);
            CHECK(s.counters().ignored == 1);
            CHECK(s.counters().duplicates == 0);
            CHECK(s.totals().tokens.input == 25 * 1000);
            CHECK(s.totals().tokens.output == 25 * 100);
            CHECK(s.totals().cost_usd == Approx(25 * 0.002));
        }
}

TEST_CASE("OpenTelemetry JS SDK: Claude Code's records, a rejected one said back as a partial success",
          "[otlp][sdk]")
{
    if (!client_installed()) SKIP_OR_FAIL("the OpenTelemetry JS SDK is not installed in " << kClient);
    for (const char* protocol : {"protobuf", "json"}) {
        INFO(protocol);
        Receiving r;
        json logs =
            json::array({claude_request("req_1", 1000, 100, 0.0021),
                         claude_request("req_2", 2000, 300, 0.005), claude_request("req_3", -5, 10, 0.0)});
        logs.push_back({{"body", "claude_code.user_prompt"},
                        {"time_ms", kStartMs},
                        {"attributes", {{"event.name", "user_prompt"}}}});
        const json plan = {{"resource", {{"service.name", "claude-code"}}},
                           {"scope", {{"name", "com.anthropic.claude_code.events"}, {"version", "2.0.30"}}},
                           {"logs", logs}};
        const Exported e = run_sdk(r.endpoint, plan, {"--protocol", protocol});
        CHECK(e.exit_code == 0);  // a partial success is a success, with a warning
        CHECK(e.result["logs_result"] == "success");
        REQUIRE(e.result["partial_success"].size() == 1);
        CHECK_THAT(e.result["partial_success"][0].get<std::string>(),
                   Catch::Contains("input_tokens is not a token count"));
        const SessionState s = r.stop();
        CHECK(s.counters().applied == 2);
        CHECK(s.counters().rejected == 1);
        CHECK(s.counters().ignored == 1);
        CHECK(s.totals().cost_usd == Approx(0.002 + 0.005));
    }
}

TEST_CASE("OpenTelemetry JS SDK: a refused request is retried and counted once, a retry of one taken counts "
          "nothing twice",
          "[otlp][sdk]")
{
    if (!client_installed()) SKIP_OR_FAIL("the OpenTelemetry JS SDK is not installed in " << kClient);
    const json plan = {{"resource", {{"service.name", "shop-agent"}}},
                       {"spans", chat_spans(4)},
                       {"logs", json::array({claude_request("req_9", 1000, 100, 0.002)})}};
    SECTION("refused: the SDK's retry delivers it")
    {
        Receiving r;
        const Exported e = run_sdk(r.endpoint, plan, {"--protocol", "protobuf", "--fail-first", "1"});
        CHECK(e.exit_code == 0);
        CHECK(e.result["retried"] == 1);
        const SessionState s = r.stop();
        CHECK(s.counters().applied == 5);
        CHECK(s.counters().duplicates == 0);
    }
    SECTION("taken, but the answer lost: the SDK sends it again, and its ids say it is the same")
    {
        // Spans by their ids (traceId:spanId), log records by their request ids; a record with none by
        // a key of its own content, the same in the retry.
        json records = plan;
        records.erase("spans");
        records["logs"].push_back(claude_request("", 3000, 100, 0.004));
        for (const json& p : {plan, records}) {
            Receiving r;
            const Exported e = run_sdk(r.endpoint, p, {"--protocol", "json", "--lose-first", "1"});
            CHECK(e.exit_code == 0);
            CHECK(e.result["retried"] == 1);
            const SessionState s = r.stop();
            const bool spans = p.contains("spans");
            INFO((spans ? "the trace batch sent twice" : "the log batch sent twice"));
            CHECK(s.counters().applied == (spans ? 5 : 2));
            CHECK(s.counters().duplicates == (spans ? 4 : 2));
            CHECK(s.totals().cost_usd == Approx(spans ? 5 * 0.002 : 0.002 + 0.004));
        }
    }
}

TEST_CASE("OpenTelemetry JS SDK: two desks of a team, told apart by host.name in the store", "[otlp][sdk]")
{
    if (!client_installed()) SKIP_OR_FAIL("the OpenTelemetry JS SDK is not installed in " << kClient);
    test::TempDir dir;
    const std::string db = dir / "team.db";
    {
        Receiving r(db);
        const json ana = {{"resource", {{"service.name", "shop-agent"}, {"host.name", "ana-laptop"}}},
                          {"spans", chat_spans(3, "ana")}};
        const json ben = {{"resource", {{"service.name", "claude-code"}, {"host.name", "ben-desk"}}},
                          {"logs", json::array({claude_request("req_b1", 1000, 100, 0.002),
                                                claude_request("req_b2", 2000, 300, 0.005)})}};
        CHECK(run_sdk(r.endpoint, ana, {"--protocol", "protobuf"}).exit_code == 0);
        CHECK(run_sdk(r.endpoint, ben, {"--protocol", "json", "--gzip"}).exit_code == 0);
        r.stop();
    }
    History h(db, TimeZone::utc());
    const Report by_host = h.report("host", {});
    REQUIRE(by_host.rows.size() == 2);
    std::map<std::string, const ReportRow*> rows;
    for (const ReportRow& row : by_host.rows) rows[row.key] = &row;
    REQUIRE(rows.count("ana-laptop"));
    REQUIRE(rows.count("ben-desk"));
    CHECK(rows["ana-laptop"]->calls == 3);
    CHECK(rows["ana-laptop"]->cost_usd == Approx(3 * 0.002));
    CHECK(rows["ben-desk"]->calls == 2);
    CHECK(rows["ben-desk"]->cost_usd == Approx(0.007));
    CHECK(rows["ben-desk"]->reported_cost_usd == Approx(0.007));
    // The History tab's breakdown by host: the same split.
    const HistoryOverview o = h.overview({});
    REQUIRE(o.hosts.size() == 2);
    CHECK(o.hosts[0].key == "ben-desk");  // by cost
    CHECK(o.hosts[0].cost_usd == Approx(0.007));
    CHECK(o.hosts[1].key == "ana-laptop");
    const Report by_source = h.report("source", {});
    REQUIRE(by_source.rows.size() == 1);
    CHECK(by_source.rows[0].key == "otlp");
}
