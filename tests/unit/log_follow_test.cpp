// Agent log trees followed live by the engine, for real: its worker thread, inotify on real folders, a
// SQLite file. What a tree held at the start goes to the store and never into the session; what is
// written after (new folders and files included) counts live; a restart resumes where it stopped.
#include "support.hpp"

#include "costpanel/engine/live_session.hpp"
#include "costpanel/engine/source_spec.hpp"
#include "costpanel/store/history.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <httplib.h>

using namespace costpanel;
using test::drain_until;

namespace {

// One line of a Claude Code transcript: a content block of message `msg`, with its usage.
std::string claude(const std::string& msg, const std::string& request, int input, int output,
                   const std::string& day = "2026-11-30", bool sidechain = false)
{
    return R"({"parentUuid":null,"isSidechain":)" + std::string(sidechain ? "true" : "false") +
           R"(,"sessionId":"s-)" + msg + R"(","type":"assistant","uuid":"u-)" + msg + std::to_string(output) +
           R"(","timestamp":")" + day + R"(T10:00:00.000Z","requestId":")" + request +
           R"(","message":{"model":"alpha-1","id":")" + msg +
           R"(","role":"assistant","content":[{"type":"text","text":"hello"}],"usage":{"input_tokens":)" +
           std::to_string(input) + R"(,"output_tokens":)" + std::to_string(output) + "}}}\n";
}

void append(const std::string& path, const std::string& text)
{
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::app) << text;
}

struct Tree
{
    test::TempDir dir;
    std::string root = dir / "claude";
    std::string db = dir / "usage.db";
    std::string offsets = dir / "offsets";

    std::string file(const std::string& rel) const { return root + "/projects/" + rel; }
    LiveSessionOptions options() const
    {
        return {.prices = test::round_prices(), .offsets_dir = offsets, .db_path = db};
    }
};

// The history is all handed to the store once every byte of it is counted as read.
bool history_read(LiveSession& live)
{
    const IngestStats& s = live.vitals().ingest;
    return s.history_bytes_done == s.history_bytes;
}

Report stored(const std::string& db, const std::string& by)
{
    History h(db, TimeZone::utc());
    return h.report(by, {});
}

}  // namespace

TEST_CASE("a log tree's history goes to the store, never into the session, lines written after count live",
          "[engine][logs]")
{
    Tree t;
    append(t.file("-home-ana-shop/s1.jsonl"),
           claude("msg_1", "req_1", 1000, 100) + claude("msg_2", "req_2", 2000, 0));
    {
        LiveSession live(t.options());
        CHECK(live.add_source(SourceSpec::parse_logs("claude-code:" + t.root)) == "claude-code:" + t.root);
        REQUIRE(drain_until(live, [&] { return history_read(live); }));
        CHECK(live.vitals().ingest.history_bytes > 0);
        CHECK(live.state().totals().calls == 0);  // history is not the session's

        append(t.file("-home-ana-shop/s1.jsonl"), claude("msg_3", "req_3", 3000, 0, "2026-12-01"));
        REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 1; }));
        CHECK(live.state().totals().tokens.input == 3000);
        CHECK(live.state().totals().cost_usd == Approx(0.003));
        live.stop();
        REQUIRE(live.flush_store());
    }
    const Report r = stored(t.db, "day");
    CHECK(r.calls == 3);
    REQUIRE(r.rows.size() == 2);
    CHECK(r.rows[0].key == "2026-11-30");
    CHECK(r.rows[0].calls == 2);
    CHECK(r.rows[0].cost_usd == Approx(0.001 + 0.001 + 0.002));
    CHECK(r.rows[1].calls == 1);
    // History and live in sessions of their own, each Claude Code session under its own id.
    const Report s = stored(t.db, "session");
    CHECK(s.rows.size() == 3);
    CHECK(stored(t.db, "source").rows.at(0).key == "claude-code");
    CHECK(stored(t.db, "project").rows.at(0).key == "-home-ana-shop");
}

TEST_CASE("a larger copy written live corrects the call the session counted, in the store too",
          "[engine][logs]")
{
    Tree t;
    std::filesystem::create_directories(t.root + "/projects/p");
    {
        LiveSession live(t.options());
        live.add_source(SourceSpec::parse_logs("claude-code:" + t.root));
        append(t.file("p/s.jsonl"), claude("msg_1", "req_1", 1000, 1));
        REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 1; }));
        CHECK(live.state().totals().tokens.output == 1);

        // The message's next content block carries its final usage.
        append(t.file("p/s.jsonl"), claude("msg_1", "req_1", 1000, 500));
        REQUIRE(drain_until(live, [&] { return live.state().totals().tokens.output == 500; }));
        CHECK(live.state().totals().calls == 1);
        CHECK(live.state().totals().cost_usd == Approx(0.001 + 0.005));
        // A copy no larger changes nothing.
        append(t.file("p/s.jsonl"), claude("msg_1", "req_1", 1000, 500));
        REQUIRE(drain_until(live, [&] { return live.state().counters().duplicates == 2; }));
        CHECK(live.state().totals().calls == 1);
        CHECK(live.state().totals().cost_usd == Approx(0.006));
        live.stop();
        REQUIRE(live.flush_store());
    }
    const Report r = stored(t.db, "model");
    CHECK(r.calls == 1);
    CHECK(r.rows.at(0).output_tokens == 500);
    CHECK(r.total_usd == Approx(0.006));
}

TEST_CASE("folders and files created in the tree while it is followed are read from their start",
          "[engine][logs]")
{
    Tree t;
    std::filesystem::create_directories(t.root + "/projects");
    LiveSession live(t.options());
    live.add_source(SourceSpec::parse_logs("claude-code:" + t.root));
    // A new project, a new session with a subagent's transcript, in folders that did not exist.
    append(t.file("-home-ana-new/s2/subagents/agent-a.jsonl"),
           claude("msg_a", "req_a", 100, 10, "2026-12-01", true));
    append(t.file("-home-ana-new/s2.jsonl"), claude("msg_b", "req_b", 200, 20, "2026-12-01"));
    REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 2; }));
    CHECK(live.state().totals().tokens.input == 300);
    // A last line without its newline is not a call until the newline comes.
    std::string torn = claude("msg_c", "req_c", 400, 0, "2026-12-01");
    torn.pop_back();
    append(t.file("-home-ana-new/s2.jsonl"), torn);
    append(t.file("-home-ana-new/s2.jsonl"), "");
    append(t.file("-home-ana-new/s3.jsonl"), claude("msg_d", "req_d", 1, 0, "2026-12-01"));
    REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 3; }));
    CHECK(live.state().totals().tokens.input == 301);
    append(t.file("-home-ana-new/s2.jsonl"), "\n");
    REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 4; }));
    CHECK(live.state().totals().tokens.input == 701);
}

TEST_CASE("a restart reads what was written while it was stopped into the store, and nothing twice",
          "[engine][logs]")
{
    Tree t;
    append(t.file("p/s.jsonl"), claude("msg_1", "req_1", 1000, 0));
    {
        LiveSession live(t.options());
        live.add_source(SourceSpec::parse_logs("claude-code:" + t.root));
        REQUIRE(drain_until(live, [&] { return history_read(live); }));
        append(t.file("p/s.jsonl"), claude("msg_2", "req_2", 2000, 0));
        REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 1; }));
        live.stop();
        REQUIRE(live.flush_store());
    }
    // Written while nothing ran: history for the next start.
    append(t.file("p/s.jsonl"), claude("msg_3", "req_3", 3000, 0));
    {
        LiveSession live(t.options());
        live.add_source(SourceSpec::parse_logs("claude-code:" + t.root));
        REQUIRE(drain_until(live, [&] { return history_read(live); }));
        // Only the new bytes were history: the two lines read before are not read again.
        CHECK(live.vitals().ingest.history_bytes == claude("msg_3", "req_3", 3000, 0).size());
        CHECK(live.state().totals().calls == 0);
        live.stop();
        REQUIRE(live.flush_store());
    }
    const Report r = stored(t.db, "model");
    CHECK(r.calls == 3);
    CHECK(r.rows.at(0).input_tokens == 6000);
}

TEST_CASE("a followed log cut short or rewritten is read again without counting a call twice",
          "[engine][logs]")
{
    Tree t;
    std::filesystem::create_directories(t.root + "/projects/p");
    {
        LiveSession live(t.options());
        live.add_source(SourceSpec::parse_logs("claude-code:" + t.root));
        append(t.file("p/s.jsonl"), claude("msg_1", "req_1", 1000, 0) + claude("msg_2", "req_2", 2000, 0));
        REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 2; }));
        // Rewritten from the start, shorter: read again, its line is a copy of a call counted.
        std::ofstream(t.file("p/s.jsonl"), std::ios::trunc) << claude("msg_1", "req_1", 1000, 0);
        REQUIRE(drain_until(live, [&] { return live.state().counters().duplicates == 1; }));
        CHECK(live.state().totals().calls == 2);
        append(t.file("p/s.jsonl"), claude("msg_4", "req_4", 4000, 0));
        REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 3; }));
        CHECK(live.state().totals().tokens.input == 7000);
        live.stop();
        REQUIRE(live.flush_store());
    }
    CHECK(stored(t.db, "model").calls == 3);
}

TEST_CASE("Claude Code's and Codex's trees in one engine, each call with its source", "[engine][logs]")
{
    Tree t;
    const std::string codex = t.dir / "codex";
    std::filesystem::create_directories(t.root + "/projects/p");
    std::filesystem::create_directories(codex + "/sessions/2026/12/01");
    LiveSession live(t.options());
    live.add_source(SourceSpec::parse_logs("claude-code:" + t.root));
    CHECK(live.add_source(SourceSpec::parse_logs("codex:" + codex)) == "codex:" + codex);
    CHECK(live.vitals().sources.size() == 2);

    append(t.file("p/s.jsonl"), claude("msg_1", "req_1", 1000, 0));
    append(
        codex + "/sessions/2026/12/01/rollout-x.jsonl",
        R"({"timestamp":"2026-12-01T09:00:00Z","type":"turn_context","payload":{"cwd":"/w","model":"beta-2"}})"
        "\n"
        R"({"timestamp":"2026-12-01T09:00:01Z","type":"event_msg","payload":{"type":"token_count","info":)"
        R"({"last_token_usage":{"input_tokens":5000,"cached_input_tokens":0,"output_tokens":100}}}})"
        "\n");
    REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 2; }));
    // alpha-1 $1/M input; beta-2 $2/M input, $8/M output.
    CHECK(live.state().totals().cost_usd == Approx(0.001 + 0.010 + 0.0008));
    REQUIRE(test::find_model(live.state(), "beta-2"));
    CHECK(test::find_model(live.state(), "beta-2")->provider == "openai");
}

TEST_CASE(
    "followed with no store, a tree's history is not remembered as read: the next run with one stores it",
    "[engine][logs]")
{
    Tree t;
    append(t.file("p/s.jsonl"), claude("msg_1", "req_1", 1000, 0));
    {
        LiveSessionOptions o = t.options();
        o.db_path.clear();  // `watch` without --db
        LiveSession live(o);
        live.add_source(SourceSpec::parse_logs("claude-code:" + t.root));
        REQUIRE(drain_until(live, [&] { return history_read(live); }));
        append(t.file("p/s.jsonl"), claude("msg_2", "req_2", 2000, 0));
        REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 1; }));
    }
    {
        LiveSession live(t.options());
        live.add_source(SourceSpec::parse_logs("claude-code:" + t.root));
        REQUIRE(drain_until(live, [&] { return history_read(live); }));
        CHECK(live.state().totals().calls == 0);
        live.stop();
        REQUIRE(live.flush_store());
    }
    const Report r = stored(t.db, "model");
    CHECK(r.calls == 2);
    CHECK(r.rows.at(0).input_tokens == 3000);
}

TEST_CASE("a log line whose timestamp is there but not a time is rejected, not booked on today",
          "[engine][logs]")
{
    Tree t;
    std::string bad = claude("msg_1", "req_1", 1000, 0);
    bad.replace(bad.find("2026-11-30T10:00:00.000Z"), 24, "yesterday");
    append(t.file("p/s.jsonl"), bad + claude("msg_2", "req_2", 2000, 0));
    LiveSession live(t.options());
    std::filesystem::create_directories(t.root + "/projects/q");
    live.add_source(SourceSpec::parse_logs("claude-code:" + t.root));
    append(t.file("q/s.jsonl"), bad + claude("msg_3", "req_3", 3000, 0));
    REQUIRE(drain_until(live, [&] { return live.state().counters().rejected == 1; }));
    REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 1; }));
    CHECK(live.state().totals().tokens.input == 3000);
    REQUIRE(!live.state().recent_rejections().empty());
    CHECK(live.state().recent_rejections().back().reason == "timestamp is not an RFC 3339 time");
}

TEST_CASE("a config directory whose projects/ does not exist yet is followed from when it appears",
          "[engine][logs]")
{
    Tree t;
    std::filesystem::create_directories(t.root);  // ~/.claude before Claude Code's first session
    LiveSession live(t.options());
    live.add_source(SourceSpec::parse_logs("claude-code:" + t.root));
    append(t.root + "/notes.jsonl", claude("msg_0", "req_0", 5, 0));  // beside projects/: not a transcript
    append(t.file("-home-ana-first/s.jsonl"), claude("msg_1", "req_1", 1000, 0, "2026-12-01"));
    REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 1; }));
    CHECK(live.state().totals().tokens.input == 1000);
}

TEST_CASE("Claude Code through its log files and its telemetry at once: each call counts once",
          "[engine][logs][otlp]")
{
    Tree t;
    std::filesystem::create_directories(t.root + "/projects/p");
    // Claude Code's api_request record, as its OTLP/JSON logs exporter writes it.
    const auto record = [](const std::string& request, int input, int output) {
        return R"({"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"claude-code"}}]},
          "scopeLogs":[{"scope":{"name":"com.anthropic.claude_code.events"},"logRecords":[{
            "timeUnixNano":"1764496800000000000","body":{"stringValue":"claude_code.api_request"},
            "attributes":[{"key":"event.name","value":{"stringValue":"api_request"}},
              {"key":"model","value":{"stringValue":"alpha-1"}},
              {"key":"input_tokens","value":{"intValue":)" +
               std::to_string(input) + R"(}},{"key":"output_tokens","value":{"intValue":)" +
               std::to_string(output) + R"(}},{"key":"request_id","value":{"stringValue":")" + request +
               R"("}}]}]}]}]})";
    };
    {
        LiveSession live(t.options());
        live.add_source(SourceSpec::parse_logs("claude-code:" + t.root));
        const std::string otlp = live.add_source(SourceSpec::parse("otlp:127.0.0.1:0"));
        httplib::Client client("127.0.0.1", std::stoi(otlp.substr(otlp.rfind(':') + 1)));

        // The log line first, then the telemetry of the same request.
        append(t.file("p/s.jsonl"), claude("msg_1", "req_1", 1000, 100));
        REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 1; }));
        const auto first = client.Post("/v1/logs", record("req_1", 1000, 100), "application/json");
        REQUIRE(first);
        CHECK(first->status == 200);
        REQUIRE(drain_until(live, [&] { return live.state().counters().duplicates == 1; }));
        CHECK(live.state().totals().calls == 1);

        // The telemetry first, then the log line.
        const auto second = client.Post("/v1/logs", record("req_2", 2000, 300), "application/json");
        REQUIRE(second);
        CHECK(second->status == 200);
        REQUIRE(drain_until(live, [&] { return live.state().totals().calls == 2; }));
        append(t.file("p/s.jsonl"), claude("msg_2", "req_2", 2000, 300));
        REQUIRE(drain_until(live, [&] { return live.state().counters().duplicates == 2; }));
        CHECK(live.state().totals().calls == 2);
        CHECK(live.state().totals().cost_usd == Approx(0.002 + 0.005));
        live.stop();
        REQUIRE(live.flush_store());
    }
    const Report r = stored(t.db, "source");
    CHECK(r.calls == 2);
    REQUIRE(r.rows.size() == 2);  // one call came by each door first
    CHECK(r.total_usd == Approx(0.007));
}
