// The costpanel binary in a real X window with real OpenGL (Mesa llvmpipe under Xvfb), fed through
// its real sources, driven through its control channel and, for Reset, by the X server's own pointer.
#include "../common/harness.hpp"
#include "../common/skip.hpp"

#include "costpanel/store/history.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <httplib.h>

using nlohmann::json;

namespace {

// Where screenshots and logs go: tests/artifacts/ in the source tree (its contents are not tracked).
std::string artifact(const std::string& name)
{
    std::filesystem::create_directories(COSTPANEL_ARTIFACTS);
    return std::string(COSTPANEL_ARTIFACTS) + "/" + name;
}

// One app under test with a private X server, config, state and socket directories.
struct App
{
    // False (the test then skips, saying why) when no X server can be had.
    bool start(const std::string& binary, std::vector<std::string> args, const std::string& ready_prefix,
               bool pipe_stdin = false)
    {
        if (!x.running()) return false;
        env = gui::private_env(x, dir);
        args.insert(args.begin(), {binary, "--listen", "unix:" + feed, "--control", "unix:" + control_path});
        process = std::make_unique<gui::Process>(args, env, pipe_stdin);
        ready = process->wait_for_line(ready_prefix).has_value();
        return true;
    }
    // The app's log goes to tests/artifacts/, named after the test, whatever the outcome.
    ~App()
    {
        if (!process) return;
        process->signal(SIGTERM);
        process->wait_exit(gui::Seconds(10));
        std::string file;
        for (const char c : Catch::getResultCapture().getCurrentTestName())
            file += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        std::ofstream(artifact(file + ".log")) << process->output();
    }

    test::TempDir dir;
    gui::Xvfb x;
    std::map<std::string, std::string> env;
    std::string feed = dir / "feed.sock";
    std::string control_path = dir / "control.sock";
    gui::Control control{control_path};
    std::unique_ptr<gui::Process> process;
    bool ready = false;
};

#define START_OR_SKIP(app, ...)                                                                              \
    do {                                                                                                     \
        if (!(app).start(__VA_ARGS__)) {                                                                     \
            SKIP_OR_FAIL("no X server: " << (app).x.error());                                                \
        }                                                                                                    \
        INFO((app).process->output());                                                                       \
        REQUIRE((app).ready);                                                                                \
    } while (false)

const json* provider(const json& state, const std::string& name)
{
    for (const json& p : state["providers"])
        if (p["provider"] == name) return &p;
    return nullptr;
}

const json* model(const json& state, const std::string& provider_name, const std::string& model_name)
{
    const json* p = provider(state, provider_name);
    if (!p) return nullptr;
    for (const json& m : (*p)["models"])
        if (m["model"] == model_name) return &m;
    return nullptr;
}

const json& tier(const json& state, const std::string& name)
{
    for (const json& t : state["tiers"])
        if (t["tier"] == name) return t;
    static const json none = json::object();
    return none;
}

std::string screenshot(App& app, const std::string& name)
{
    const std::string path = artifact(name + ".png");
    const json answer = app.control.send({{"cmd", "screenshot"}, {"path", path}});
    INFO(answer.dump());
    CHECK(answer.value("ok", false));
    return path;
}

const std::string kGpt4o = R"({"type":"api_call","id":"g1","model":"gpt-4o","provider":"openai","tier":3,)"
                           R"("input_tokens":10000,"output_tokens":1000})"
                           "\n";
const std::string kSonnet = R"({"type":"api_call","id":"s1","model":"claude-sonnet-4-5","tier":2,"usage":{)"
                            R"("input_tokens":2000,"output_tokens":500,"cache_read_input_tokens":10000}})"
                            "\n";

}  // namespace

TEST_CASE("the window shows an API call sent to its socket", "[gui]")
{
    App app;
    START_OR_SKIP(app, COSTPANEL_EXE, {}, "costpanel: control");
    gui::Writer conductor(app.feed);
    REQUIRE(conductor.connected());
    REQUIRE(conductor.send(kGpt4o + kSonnet));

    const auto s = app.control.state_until([](const json& st) {
        return gui::has_widget(st, "model/openai/gpt-4o") &&
               gui::has_widget(st, "model/anthropic/claude-sonnet-4-5");
    });
    REQUIRE(s);
    CHECK(gui::has_widget(*s, "provider/openai"));
    CHECK(gui::has_widget(*s, "provider/anthropic"));
    const json* gpt = model(*s, "openai", "gpt-4o");
    REQUIRE(gpt);
    CHECK((*gpt)["input_tokens"] == 10000);
    CHECK((*gpt)["output_tokens"] == 1000);
    CHECK((*gpt)["cost_usd"].get<double>() == Approx(0.035));
    const json* sonnet = model(*s, "anthropic", "claude-sonnet-4-5");
    REQUIRE(sonnet);
    CHECK((*sonnet)["cache_read_tokens"] == 10000);
    CHECK((*s)["session_total_usd"].get<double>() == Approx(0.035 + 0.0165));
    CHECK((*s)["frame"].get<int>() > 0);
    CHECK((*s)["frame_cpu_ms"].get<double>() > 0.0);

    const std::string png = screenshot(app, "window_shows_api_call");
    CHECK(gui::distinct_colours(png) > 20);  // text, tables and bars, not a blank frame
}

TEST_CASE("tier costs follow mma_state_update and tier_usage snapshots", "[gui]")
{
    App app;
    START_OR_SKIP(app, COSTPANEL_EXE, {}, "costpanel: control");
    gui::Writer conductor(app.feed);
    REQUIRE(conductor.send(
        R"({"type":"mma_state_update","status":"executing","active_tier":"Tier 3","tier_usage":{)"
        R"("Tier 1":{"input":0,"output":0,"model":"gemini-2.5-pro"},"Tier 3":{"input":0,"output":0,"model":"gpt-4o-mini"}}})"
        "\n"
        R"({"type":"tier_usage","tier_usage":{"Tier 1":{"input":100000,"output":10000},"Tier 3":{"input":2000000,"output":100000}}})"
        "\n"));
    auto s = app.control.state_until(
        [](const json& st) { return tier(st, "Tier 3").value("input_tokens", 0) == 2000000; });
    REQUIRE(s);
    // Gemini 2.5 Pro $1.25 / $10; GPT-4o mini $0.15 / $0.60 (per million).
    CHECK(tier(*s, "Tier 1")["cost_usd"].get<double>() == Approx(0.125 + 0.1));
    CHECK(tier(*s, "Tier 3")["cost_usd"].get<double>() == Approx(0.30 + 0.06));
    CHECK(tier(*s, "Tier 3")["model"] == "gpt-4o-mini");
    CHECK((*s)["mma"]["status"] == "executing");
    CHECK((*s)["mma"]["active_tier"] == "Tier 3");
    CHECK(gui::has_widget(*s, "tier/Tier 3"));
    CHECK((*s)["session_total_usd"] == 0.0);  // tiers are a breakdown

    // The tier moves to another model: only what comes after is billed at it.
    REQUIRE(conductor.send(
        R"({"type":"mma_state_update","status":"reviewing","active_tier":"Tier 4","tier_usage":{"Tier 3":{"input":3000000,"output":100000,"model":"gpt-4o"}}})"
        "\n"));
    s = app.control.state_until([](const json& st) { return st["mma"]["active_tier"] == "Tier 4"; });
    REQUIRE(s);
    CHECK(tier(*s, "Tier 3")["cost_usd"].get<double>() == Approx(0.36 + 2.5));
    CHECK(tier(*s, "Tier 3")["model"] == "gpt-4o");
    CHECK((*s)["mma"]["status"] == "reviewing");
    screenshot(app, "tiers_follow_mma_updates");
}

TEST_CASE("Reset in the toolbar, clicked with the X server's own pointer, clears the costs", "[gui]")
{
    App app;
    START_OR_SKIP(app, COSTPANEL_EXE, {}, "costpanel: control");
    gui::Writer conductor(app.feed);
    REQUIRE(conductor.send(
        kGpt4o + kSonnet +
        R"({"type":"tier_usage","tier_usage":{"Tier 3":{"input":10000,"output":1000,"model":"gpt-4o"}}})"
        "\n"));
    auto s = app.control.state_until([](const json& st) { return st["events"]["applied"] == 3; });
    REQUIRE(s);
    REQUIRE((*s)["session_total_usd"].get<double>() > 0.05);
    const auto reset = gui::widget(*s, "reset");
    REQUIRE(reset);

    // A person's click: xdotool moves the real pointer there and clicks.
    gui::Process xdotool({"xdotool", "mousemove", "--sync", std::to_string(reset->x + reset->w / 2),
                          std::to_string(reset->y + reset->h / 2), "click", "1"},
                         {{"DISPLAY", app.x.display()}});
    REQUIRE(xdotool.wait_exit() == 0);
    s = app.control.state_until([](const json& st) { return st["session_number"] == 2; });
    REQUIRE(s);
    CHECK((*s)["session_total_usd"] == 0.0);
    CHECK((*s)["providers"].empty());
    CHECK(tier(*s, "Tier 3")["cost_usd"] == 0.0);
    CHECK(tier(*s, "Tier 3")["input_tokens"] == 0);
    CHECK_FALSE(gui::has_widget(*s, "provider/openai"));

    // The next events count from zero: the conductor's counters are cumulative, the tier gets the delta.
    REQUIRE(conductor.send(R"({"type":"tier_usage","tier_usage":{"Tier 3":{"input":12000,"output":1000}}})"
                           "\n"
                           R"({"type":"api_call","id":"after","model":"gpt-4o","input_tokens":1000})"
                           "\n"));
    s = app.control.state_until([](const json& st) { return st["events"]["applied"] == 5; });
    REQUIRE(s);
    CHECK(tier(*s, "Tier 3")["input_tokens"] == 2000);
    CHECK(tier(*s, "Tier 3")["output_tokens"] == 0);
    CHECK((*s)["session_total_usd"].get<double>() == Approx(0.0025));
    CHECK((*s)["calls"] == 1);
    screenshot(app, "reset_clicked_with_xdotool");
}

TEST_CASE("the panel embedded in examples/host_app passes the same checks", "[gui]")
{
    App app;
    START_OR_SKIP(app, COSTPANEL_HOST_APP_EXE, {}, "host: control");
    gui::Writer conductor(app.feed);
    REQUIRE(conductor.send(kGpt4o + kSonnet));
    auto s =
        app.control.state_until([](const json& st) { return gui::has_widget(st, "model/openai/gpt-4o"); });
    REQUIRE(s);
    CHECK((*s)["session_total_usd"].get<double>() == Approx(0.0515));
    // Drawn twice: as the Costs window and in the Workbench's tab.
    int resets = 0;
    for (const json& w : (*s)["widgets"]) resets += w["id"] == "reset";
    CHECK(resets == 2);
    const json clicked = app.control.send({{"cmd", "click"}, {"id", "reset"}, {"index", 1}});
    CHECK(clicked.value("ok", false));
    s = app.control.state_until([](const json& st) { return st["session_number"] == 2; });
    REQUIRE(s);
    CHECK((*s)["session_total_usd"] == 0.0);
    CHECK_FALSE(gui::has_widget(*s, "provider/openai"));
    const std::string png = screenshot(app, "host_app_embeds_the_panel");
    CHECK(gui::distinct_colours(png) > 20);
}

TEST_CASE("bad input over the socket is counted while the window keeps drawing", "[gui]")
{
    App app;
    START_OR_SKIP(app, COSTPANEL_EXE, {}, "costpanel: control");
    {
        gui::Writer garbage(app.feed);
        REQUIRE(garbage.send("this is not json\n" + kGpt4o));
    }
    {
        gui::Writer huge(app.feed);
        REQUIRE(huge.send(R"({"type":"api_call","model":"gpt-4o","note":")" + std::string(2 << 20, 'x') +
                          "\"}\n"));
        REQUIRE(huge.send(kSonnet));
    }
    {
        gui::Writer vanishing(app.feed);
        REQUIRE(vanishing.send(R"({"type":"api_call","model":"gpt-4o","input_tok)"));
    }
    const auto s = app.control.state_until([](const json& st) { return st["events"]["rejected"] == 3; });
    REQUIRE(s);
    CHECK((*s)["events"]["applied"] == 2);
    CHECK((*s)["calls"] == 2);
    std::vector<std::string> reasons;
    for (const json& r : (*s)["recent_rejections"]) reasons.push_back(r["reason"]);
    CHECK(std::count(reasons.begin(), reasons.end(), "not valid JSON (or not UTF-8)") == 1);
    CHECK(std::count(reasons.begin(), reasons.end(), "line longer than 1 MiB") == 1);
    CHECK(std::count(reasons.begin(), reasons.end(), "connection closed mid-line") == 1);
    // Still drawing.
    const int frame = (*s)["frame"];
    const json waited = app.control.send({{"cmd", "wait_frames"}, {"n", 5}});
    CHECK(waited["frame"].get<int>() >= frame + 5);
    CHECK(gui::has_widget(*s, "rejected"));
}

TEST_CASE("a followed file and standard input feed the window too", "[gui]")
{
    App app;
    const std::string log = app.dir / "conductor.jsonl";
    std::ofstream(log) << kGpt4o;
    START_OR_SKIP(app, COSTPANEL_EXE, {"--follow", log, "--stdin"}, "costpanel: control",
                  /*pipe_stdin=*/true);
    auto s = app.control.state_until([](const json& st) { return st["events"]["applied"] == 1; });
    REQUIRE(s);
    {
        std::ofstream(log, std::ios::app)
            << R"({"type":"api_call","id":"f2","model":"gpt-4o","input_tokens":1})"
            << "\n";
    }
    const std::string from_stdin = kSonnet + R"({"type":"mma_state_update","status":"from stdin"})" + "\n";
    REQUIRE(::write(app.process->stdin_fd(), from_stdin.data(), from_stdin.size()) ==
            static_cast<ssize_t>(from_stdin.size()));
    app.process->close_stdin();
    s = app.control.state_until([](const json& st) { return st["events"]["applied"] == 4; });
    REQUIRE(s);
    CHECK((*s)["mma"]["status"] == "from stdin");
    CHECK(model(*s, "anthropic", "claude-sonnet-4-5") != nullptr);
    CHECK((*model(*s, "openai", "gpt-4o"))["calls"] == 2);
}

TEST_CASE("the window follows a Claude Code log tree: its history to the History tab, new lines live",
          "[gui]")
{
    App app;
    const std::string tree = app.dir / "claude";
    const std::string transcript = tree + "/projects/-home-ana-shop/s1.jsonl";
    std::filesystem::create_directories(std::filesystem::path(transcript).parent_path());
    const auto line = [](const std::string& n, int output) {
        return R"({"isSidechain":false,"sessionId":"s1","type":"assistant","uuid":"u)" + n +
               R"(","timestamp":"2026-11-30T10:00:00.000Z","requestId":"req_)" + n +
               R"(","message":{"model":"claude-sonnet-4-5-20250929","id":"msg_)" + n +
               R"(","role":"assistant","content":[{"type":"text","text":"not kept"}],)" +
               R"("usage":{"input_tokens":1000,"output_tokens":)" + std::to_string(output) + "}}}\n";
    };
    std::ofstream(transcript) << line("1", 100) << line("2", 200) << "not a log line\n";
    START_OR_SKIP(app, COSTPANEL_EXE, {"--logs", "claude-code:" + tree}, "costpanel: control");

    // The history is read into the store in the background; the session stays empty.
    auto s = app.control.state_until([](const json& st) {
        return st["ingest"]["history_bytes"] > 0 &&
               st["ingest"]["history_bytes_done"] == st["ingest"]["history_bytes"] &&
               st["store"]["committed_calls"] == 2;
    });
    REQUIRE(s);
    CHECK((*s)["calls"] == 0);
    CHECK((*s)["ingest"]["log_lines_skipped"] == 1);
    CHECK((*s)["sources"].dump().find("claude-code:" + tree) != std::string::npos);

    std::ofstream(transcript, std::ios::app) << line("3", 1000);
    s = app.control.state_until([](const json& st) { return st["calls"] == 1; });
    REQUIRE(s);
    // Sonnet 4.5: $3/M input, $15/M output.
    CHECK((*s)["session_total_usd"].get<double>() == Approx(0.003 + 0.015));
    REQUIRE(app.control.send({{"cmd", "click"}, {"id", "tab/history"}}).value("ok", false));
    screenshot(app, "claude_code_history");
}

TEST_CASE("the window takes OpenTelemetry over OTLP/HTTP: spans and Claude Code's records, its own figure "
          "beside ours",
          "[gui][otlp]")
{
    App app;
    START_OR_SKIP(app, COSTPANEL_EXE, {"--listen", "otlp:127.0.0.1:0"}, "costpanel: control");
    auto s = app.control.state_until(
        [](const json& st) { return st["sources"].dump().find("otlp:") != std::string::npos; });
    REQUIRE(s);
    std::string otlp;
    for (const json& source : (*s)["sources"])
        if (source.get<std::string>().starts_with("otlp:")) otlp = source.get<std::string>();
    httplib::Client client("127.0.0.1", std::stoi(otlp.substr(otlp.rfind(':') + 1)));

    // A GenAI chat span: 3,000 tokens in (1,000 of them cached), 400 out.
    const auto span = client.Post("/v1/traces", R"({"resourceSpans":[{"resource":{"attributes":[
        {"key":"host.name","value":{"stringValue":"desk-1"}}]},"scopeSpans":[{"spans":[{
        "traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"chat gpt-4o",
        "startTimeUnixNano":"1764579600000000000","endTimeUnixNano":"1764579601500000000",
        "attributes":[{"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},
          {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
          {"key":"gen_ai.usage.input_tokens","value":{"intValue":3000}},
          {"key":"gen_ai.usage.cache_read.input_tokens","value":{"intValue":1000}},
          {"key":"gen_ai.usage.output_tokens","value":{"intValue":400}}]}]}]}]})",
                                  "application/json");
    REQUIRE(span);
    CHECK(span->status == 200);
    // Claude Code's api_request, its own cost far from the list price of its tokens.
    const auto record = client.Post("/v1/logs", R"({"resourceLogs":[{"resource":{"attributes":[
        {"key":"service.name","value":{"stringValue":"claude-code"}}]},"scopeLogs":[{"logRecords":[{
        "timeUnixNano":"1764579602000000000","body":{"stringValue":"claude_code.api_request"},
        "attributes":[{"key":"event.name","value":{"stringValue":"api_request"}},
          {"key":"model","value":{"stringValue":"claude-sonnet-4-5-20250929"}},
          {"key":"input_tokens","value":{"intValue":1000}},{"key":"output_tokens","value":{"intValue":1000}},
          {"key":"cost_usd","value":{"doubleValue":0.5}},{"key":"request_id","value":{"stringValue":"req_gui_1"}}]}]}]}]})",
                                    "application/json");
    REQUIRE(record);
    CHECK(record->status == 200);

    s = app.control.state_until([](const json& st) { return st["calls"] == 2; });
    REQUIRE(s);
    // gpt-4o: 2,000 in at $2.50/M, 1,000 cached at $1.25/M, 400 out at $10/M; Sonnet 4.5: $3/M, $15/M.
    CHECK((*s)["session_total_usd"].get<double>() == Approx(0.005 + 0.00125 + 0.004 + 0.003 + 0.015));
    // Claude Code said $0.50 for a call our list prices make $0.018: the window says so, beside ours.
    s = app.control.state_until([](const json& st) {
        for (const json& w : st["widgets"])
            if (w["id"] == "reported/session_total") return true;
        return false;
    });
    CHECK(s);
    screenshot(app, "otlp_session");
}

TEST_CASE("SIGTERM exits 0 promptly with everything received applied", "[gui]")
{
    App app;
    START_OR_SKIP(app, COSTPANEL_EXE, {}, "costpanel: control");
    {
        gui::Writer conductor(app.feed);
        std::string burst;
        for (int i = 0; i < 200; ++i)
            burst += R"({"type":"api_call","id":"b)" + std::to_string(i) +
                     R"(","model":"gpt-4o","input_tokens":100})" + "\n";
        REQUIRE(conductor.send(burst));
    }
    // No waiting for the window to show them: what was sent before the signal must still count.
    app.process->signal(SIGTERM);
    REQUIRE(app.process->wait_exit(gui::Seconds(10)) == 0);
    INFO(app.process->output());
    CHECK(app.process->output().find("events applied 200, rejected 0") != std::string::npos);
}

TEST_CASE("quit over the control channel closes the window as its close button does", "[gui]")
{
    App app;
    START_OR_SKIP(app, COSTPANEL_EXE, {}, "costpanel: control");
    gui::Writer conductor(app.feed);
    REQUIRE(conductor.send(kGpt4o));
    REQUIRE(app.control.state_until([](const json& st) { return st["calls"] == 1; }));
    CHECK(app.control.send({{"cmd", "quit"}}).value("ok", false));
    REQUIRE(app.process->wait_exit(gui::Seconds(10)) == 0);
    CHECK(app.process->output().find("events applied 1,") != std::string::npos);
    // The window stores its calls in the default history store; the report sees them after it closed.
    const costpanel::Report r = costpanel::History(app.dir / "data/costpanel/usage.db").report("model", {});
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].key == "openai/gpt-4o");
    CHECK(r.total_usd == Approx(0.035));
}

TEST_CASE("closing with calls the store could not save says how many, where and why, and exits 1", "[gui]")
{
    App app;
    const std::string notes = app.dir / "notes.db";
    std::ofstream(notes) << "my notes, not a database\n";
    START_OR_SKIP(app, COSTPANEL_EXE, {"--db", notes}, "costpanel: control");
    gui::Writer conductor(app.feed);
    REQUIRE(conductor.send(kGpt4o));
    REQUIRE(app.control.state_until([](const json& st) { return st["calls"] == 1; }));
    CHECK(app.control.send({{"cmd", "quit"}}).value("ok", false));
    REQUIRE(app.process->wait_exit(gui::Seconds(20)) == 1);
    INFO(app.process->output());
    CHECK(app.process->output().find("costpanel: 1 call was not saved to " + notes +
                                     ": file is not a database\n") != std::string::npos);
    std::ifstream in(notes);
    CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == "my notes, not a database\n");
}

TEST_CASE("the control channel answers bad commands with errors and stays up", "[gui]")
{
    App app;
    START_OR_SKIP(app, COSTPANEL_EXE, {}, "costpanel: control");
    CHECK(app.control.send("nonsense").value("ok", true) == false);
    CHECK(app.control.send({{"cmd", "click"}, {"id", "no-such-widget"}})["error"] ==
          "no widget \"no-such-widget\" on screen");
    CHECK(app.control.send({{"cmd", "wait_frames"}, {"n", -1}}).value("ok", true) == false);
    CHECK(app.control.send({{"cmd", 5}}).value("ok", true) == false);
    CHECK(app.control.state().value("ok", false));
}
