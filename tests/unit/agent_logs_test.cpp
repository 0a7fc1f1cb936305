// Agent CLIs' logs as sources (PROTOCOL.md, "Other sources"): Claude Code's transcripts and Codex's
// session files, read from fixture trees this test writes itself in the shapes those CLIs write. Each
// case checks exact numbers: tokens, and costs to 1e-9 against list prices taken from the price table's
// entries here. The library is driven directly (LogReader, LogsScan, EventFolder, Store, History) and,
// where the costpanel binary is built, through `import`, `report` and `summarize` too.
#include "../common/temp_dir.hpp"
#include "agentlogs/find_text.hpp"
#include "agentlogs/log_reader.hpp"
#include "agentlogs/log_tree.hpp"
#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/format.hpp"
#include "costpanel/core/pricing.hpp"
#include "costpanel/core/session_state.hpp"
#include "costpanel/core/time.hpp"
#include "costpanel/engine/fold_logs.hpp"
#include "costpanel/engine/source_spec.hpp"
#include "costpanel/store/call_report.hpp"
#include "costpanel/store/history.hpp"
#include "costpanel/store/store.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#ifdef COSTPANEL_EXE
#include "run_command.hpp"
#endif

using namespace costpanel;
namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// ---------------------------------------------------------------------------------------------------
// Prices and numbers

constexpr const char* kSonnet = "claude-sonnet-4-5-20250929";
constexpr const char* kHaiku = "claude-haiku-4-5-20251001";
constexpr const char* kGpt5Codex = "gpt-5-codex";
constexpr const char* kCodexMini = "gpt-5.1-codex-mini";

std::shared_ptr<const PriceTable> builtin_prices()
{
    static const auto table = std::make_shared<const PriceTable>(PriceTable::builtin());
    return table;
}

TokenCounts tokens(std::int64_t input, std::int64_t output, std::int64_t cache_read = 0,
                   std::int64_t cache_write = 0, std::int64_t cache_write_1h = 0)
{
    TokenCounts t;
    t.input = input;
    t.output = output;
    t.cache_read = cache_read;
    t.cache_write = cache_write;
    t.cache_write_1h = cache_write_1h;
    return t;
}

// The list price of a call: each class's count times the entry's published rate at that service tier.
// Every class the call uses must have a rate of its own in the entry (no fallbacks in play).
double list_cost(const std::string& model, const TokenCounts& t, ServiceTier tier = ServiceTier::standard)
{
    const ModelPrice* price = PriceTable::builtin().match(model);
    REQUIRE(price != nullptr);
    const RateSet& r = price->rates_at(tier).base;
    const auto part = [](const std::optional<double>& rate, std::int64_t n) {
        if (n == 0) return 0.0;
        REQUIRE(rate.has_value());
        return static_cast<double>(n) * *rate;
    };
    return part(r.input, t.input) + part(r.output, t.output) + part(r.cache_read, t.cache_read) +
           part(r.cache_write, t.cache_write) + part(r.cache_write_1h, t.cache_write_1h);
}

// Dollars compared to 1e-9, nothing relative.
Approx usd(double v)
{
    return Approx(v).epsilon(0).margin(1e-9);
}

TimeMs utc_ms(int year, unsigned month, unsigned day, int hour, int minute, int second, int ms = 0)
{
    using namespace std::chrono;
    const sys_days d =
        year_month_day{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
    return duration_cast<milliseconds>(
               (d + hours(hour) + minutes(minute) + seconds(second)).time_since_epoch())
               .count() +
           ms;
}

void check_tokens(const TokenCounts& t, const TokenCounts& want)
{
    CHECK(t.input == want.input);
    CHECK(t.output == want.output);
    CHECK(t.cache_read == want.cache_read);
    CHECK(t.cache_write == want.cache_write);
    CHECK(t.cache_write_1h == want.cache_write_1h);
}

// ---------------------------------------------------------------------------------------------------
// Content that must never reach the store: each fixture line that carries content carries one of these.

constexpr const char* kUserText = "MARKER-USER-PROMPT-7f3a1c";
constexpr const char* kAssistantText = "MARKER-ASSISTANT-TEXT-91c2e4";
constexpr const char* kThinking = "MARKER-THINKING-4d8e0b";
constexpr const char* kToolInput = "MARKER-TOOL-INPUT-b61f37";
constexpr const char* kToolResult = "MARKER-TOOL-RESULT-05ad92";
constexpr const char* kSummary = "MARKER-SUMMARY-e3c718";
constexpr const char* kCodexUser = "MARKER-CODEX-USER-2b9f44";
constexpr const char* kCodexReasoning = "MARKER-CODEX-REASONING-c07d15";
constexpr const char* kCodexArguments = "MARKER-CODEX-ARGUMENTS-8e62fa";
constexpr const char* kCodexAnswer = "MARKER-CODEX-ANSWER-51ab0e";
constexpr const char* kCodexInstructions = "MARKER-CODEX-INSTRUCTIONS-d4f390";
constexpr const char* kMarkers[] = {kUserText,       kAssistantText, kThinking,         kToolInput,
                                    kToolResult,     kSummary,       kCodexUser,        kCodexReasoning,
                                    kCodexArguments, kCodexAnswer,   kCodexInstructions};

// ---------------------------------------------------------------------------------------------------
// Claude Code transcript lines, in the shape Claude Code writes them (one JSON object a line, its keys in
// Claude Code's order): ~/.claude/projects/<project>/<session>.jsonl, subagents' transcripts under
// <project>/<session>/subagents/agent-<id>.jsonl.

constexpr const char* kProject = "-home-ana-shop";
constexpr const char* kSessionA = "4f1c2b9e-8a3d-4e6f-b1c7-2d9e8f0a3b54";
constexpr const char* kSessionB = "9d3e7a10-2c4b-4f58-a6e1-0b7c9d2e4f61";

struct Usage
{
    std::int64_t input = 0, output = 0, cache_read = 0, cache_write = 0, cache_write_1h = 0;
    bool creation_object = true;  // newer Claude Code: the cache_creation split beside the total
    std::string service_tier = "standard";
    TokenCounts counts() const { return tokens(input, output, cache_read, cache_write, cache_write_1h); }
};

ordered_json usage_json(const Usage& u)
{
    ordered_json j{{"input_tokens", u.input},
                   {"cache_creation_input_tokens", u.cache_write + u.cache_write_1h},
                   {"cache_read_input_tokens", u.cache_read}};
    if (u.creation_object)
        j["cache_creation"] = {{"ephemeral_5m_input_tokens", u.cache_write},
                               {"ephemeral_1h_input_tokens", u.cache_write_1h}};
    j["output_tokens"] = u.output;
    if (!u.service_tier.empty()) j["service_tier"] = u.service_tier;
    return j;
}

unsigned next_uuid = 0;
std::string uuid()
{
    const unsigned n = ++next_uuid;
    char text[48];
    std::snprintf(text, sizeof text, "6b0e%04x-1f2a-4c3d-8e9f-%012x", n % 0xffffu, n);
    return text;
}

enum class Block
{
    thinking,
    text,
    tool_use
};

ordered_json content_block(Block b)
{
    switch (b) {
    case Block::thinking:
        return {
            {"type", "thinking"}, {"thinking", kThinking}, {"signature", "EqoBCkYIBxgCKkBfZ2x0c2lnbmF0dXJl"}};
    case Block::text:
        return {{"type", "text"}, {"text", kAssistantText}};
    case Block::tool_use:
        return {{"type", "tool_use"},
                {"id", "toolu_01NzjV452AGVQR51StZtarfB"},
                {"name", "Bash"},
                {"input",
                 {{"command", std::string("grep -rn ") + kToolInput + " src/"}, {"description", "Find it"}}}};
    }
    return {};
}

struct Assistant
{
    std::string session = kSessionA;
    std::string message_id = "msg_01HZx4kQ2nR8vT5wY7bC3dFe";  // empty: no message.id
    std::string request_id = "req_011CVa1bC2dE3fG4hJ5kL6mN";  // empty: no requestId
    std::string model = kSonnet;
    std::string timestamp = "2026-11-30T10:00:05.000Z";
    bool sidechain = false;
    Usage usage;
    Block block = Block::text;
    std::string uuid;  // empty: a fresh one
};

std::string assistant_line(const Assistant& a)
{
    ordered_json message{
        {"id", a.message_id},
        {"type", "message"},
        {"role", "assistant"},
        {"model", a.model},
        {"content", ordered_json::array({content_block(a.block)})},
        {"stop_reason", a.block == Block::tool_use ? ordered_json("tool_use") : ordered_json()},
        {"stop_sequence", nullptr},
        {"usage", usage_json(a.usage)}};
    if (a.message_id.empty()) message.erase("id");
    ordered_json line{{"parentUuid", "5a1e9c2d-0b3f-4e7a-9c8d-1f2e3a4b5c6d"},
                      {"isSidechain", a.sidechain},
                      {"userType", "external"},
                      {"cwd", "/home/ana/shop"},
                      {"sessionId", a.session},
                      {"version", "2.0.31"},
                      {"gitBranch", "main"}};
    if (a.sidechain) line["agentId"] = "a7c3e1f";
    line["message"] = std::move(message);
    if (!a.request_id.empty()) line["requestId"] = a.request_id;
    line["type"] = "assistant";
    line["uuid"] = a.uuid.empty() ? uuid() : a.uuid;
    line["timestamp"] = a.timestamp;
    return line.dump();
}

std::string user_line(const std::string& session = kSessionA, bool sidechain = false,
                      const std::string& timestamp = "2026-11-30T10:00:00.000Z")
{
    return ordered_json{{"parentUuid", nullptr},
                        {"isSidechain", sidechain},
                        {"userType", "external"},
                        {"cwd", "/home/ana/shop"},
                        {"sessionId", session},
                        {"version", "2.0.31"},
                        {"gitBranch", "main"},
                        {"type", "user"},
                        {"message", {{"role", "user"}, {"content", kUserText}}},
                        {"uuid", uuid()},
                        {"timestamp", timestamp}}
        .dump();
}

std::string tool_result_line(const std::string& session = kSessionA)
{
    return ordered_json{{"parentUuid", "7c2d4e6f-8a0b-4c1d-9e2f-3a4b5c6d7e8f"},
                        {"isSidechain", false},
                        {"userType", "external"},
                        {"cwd", "/home/ana/shop"},
                        {"sessionId", session},
                        {"version", "2.0.31"},
                        {"gitBranch", "main"},
                        {"type", "user"},
                        {"message",
                         {{"role", "user"},
                          {"content", ordered_json::array({{{"tool_use_id", "toolu_01NzjV452AGVQR51StZtarfB"},
                                                            {"type", "tool_result"},
                                                            {"content", kToolResult},
                                                            {"is_error", false}}})}}},
                        {"uuid", uuid()},
                        {"timestamp", "2026-11-30T10:00:07.000Z"},
                        {"toolUseResult", {{"stdout", kToolResult}, {"stderr", ""}, {"interrupted", false}}}}
        .dump();
}

std::string summary_line()
{
    return ordered_json{
        {"type", "summary"}, {"summary", kSummary}, {"leafUuid", "5a1e9c2d-0b3f-4e7a-9c8d-1f2e3a4b5c6d"}}
        .dump();
}

// ---------------------------------------------------------------------------------------------------
// Codex session lines: ~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl, each line
// {"timestamp", "type", "payload"}.

constexpr const char* kCodexId = "019acd2e-7b1f-7c30-9a4e-5f6d7e8c9b01";
constexpr const char* kCodexCwd = "/home/ana/api";

std::string codex_line(const std::string& ts, const std::string& type, ordered_json payload)
{
    return ordered_json{{"timestamp", ts}, {"type", type}, {"payload", std::move(payload)}}.dump();
}

std::string codex_meta(const std::string& id = kCodexId, const std::string& cwd = kCodexCwd)
{
    return codex_line("2026-11-30T09:00:00.120Z", "session_meta",
                      {{"id", id},
                       {"timestamp", "2026-11-30T09:00:00.118Z"},
                       {"cwd", cwd},
                       {"originator", "codex_cli_rs"},
                       {"cli_version", "0.58.0"},
                       {"instructions", kCodexInstructions},
                       {"source", "cli"},
                       {"model_provider", "openai"},
                       {"git",
                        {{"commit_hash", "3f2a9c1e"},
                         {"branch", "main"},
                         {"repository_url", "git@example.com:ana/api.git"}}}});
}

std::string codex_turn_context(const std::string& model, const std::string& cwd = kCodexCwd,
                               const std::string& ts = "2026-11-30T09:00:01.000Z")
{
    return codex_line(ts, "turn_context",
                      {{"cwd", cwd},
                       {"approval_policy", "on-request"},
                       {"sandbox_policy", {{"mode", "workspace-write"}, {"network_access", false}}},
                       {"model", model},
                       {"effort", "medium"},
                       {"summary", "auto"}});
}

// A turn's content lines: the user's message, reasoning, a tool call, the answer.
std::vector<std::string> codex_content(const std::string& ts = "2026-11-30T09:00:02.000Z")
{
    return {
        codex_line(ts, "response_item",
                   {{"type", "message"},
                    {"role", "user"},
                    {"content", ordered_json::array({{{"type", "input_text"}, {"text", kCodexUser}}})}}),
        codex_line(ts, "event_msg",
                   {{"type", "user_message"}, {"message", kCodexUser}, {"images", ordered_json::array()}}),
        codex_line(ts, "response_item",
                   {{"type", "reasoning"},
                    {"summary", ordered_json::array({{{"type", "summary_text"}, {"text", kCodexReasoning}}})},
                    {"content", nullptr},
                    {"encrypted_content", "gAAAAABpK3x0ZW5jcnlwdGVk"}}),
        codex_line(ts, "response_item",
                   {{"type", "function_call"},
                    {"name", "shell"},
                    {"arguments", std::string(R"({"command":["rg",")") + kCodexArguments + R"("]})"},
                    {"call_id", "call_Xk2Lm9Pq4Rs7Tu0V"}}),
        codex_line(ts, "event_msg", {{"type", "agent_message"}, {"message", kCodexAnswer}}),
    };
}

struct CodexCounts
{
    std::int64_t input = 0, cached = 0, output = 0, reasoning = 0;
};

ordered_json codex_usage(const CodexCounts& c)
{
    return {{"input_tokens", c.input},
            {"cached_input_tokens", c.cached},
            {"output_tokens", c.output},
            {"reasoning_output_tokens", c.reasoning},
            {"total_tokens", c.input + c.output}};
}

ordered_json rate_limits()
{
    return {
        {"primary", {{"used_percent", 7.0}, {"window_minutes", 300}, {"resets_in_seconds", 14400}}},
        {"secondary", {{"used_percent", 23.0}, {"window_minutes", 10080}, {"resets_in_seconds", 400000}}}};
}

std::string codex_tokens(const std::optional<CodexCounts>& last, const std::optional<CodexCounts>& total,
                         const std::string& ts = "2026-11-30T09:00:03.000Z")
{
    ordered_json info = ordered_json::object();
    if (total) info["total_token_usage"] = codex_usage(*total);
    if (last) info["last_token_usage"] = codex_usage(*last);
    info["model_context_window"] = 272000;
    return codex_line(ts, "event_msg",
                      {{"type", "token_count"}, {"info", info}, {"rate_limits", rate_limits()}});
}

std::string codex_tokens_null(const std::string& ts = "2026-11-30T09:00:02.500Z")
{
    return codex_line(ts, "event_msg",
                      {{"type", "token_count"}, {"info", nullptr}, {"rate_limits", rate_limits()}});
}

// What a Codex usage delta is as a call (PROTOCOL.md): input less cached, cached as reads, output as is.
TokenCounts codex_call(const CodexCounts& c)
{
    return tokens(c.input - c.cached, c.output, c.cached);
}

// ---------------------------------------------------------------------------------------------------
// Files

void write_lines(const std::string& path, const std::vector<std::string>& lines, bool final_newline = true)
{
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    for (std::size_t i = 0; i < lines.size(); ++i)
        out << lines[i] << (i + 1 < lines.size() || final_newline ? "\n" : "");
    REQUIRE(out.good());
}

void append(const std::string& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out << bytes;
    REQUIRE(out.good());
}

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A file written anew under the same name: another inode, as an editor's save or a log rotation leaves it.
void rewrite(const std::string& path, const std::string& bytes)
{
    const std::string tmp = path + ".new";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << bytes;
    }
    fs::rename(tmp, path);
}

// A Claude config directory and a Codex home in a temp dir.
struct Trees
{
    test::TempDir dir;
    std::string claude() const { return dir / "claude"; }
    std::string codex() const { return dir / "codex"; }
    std::string transcript(const std::string& name, const std::string& project = kProject) const
    {
        return claude() + "/projects/" + project + "/" + name;
    }
    std::string session_file(const std::string& name = std::string("rollout-2026-11-30T09-00-00-") + kCodexId,
                             const std::string& under = "sessions/2026/11/30") const
    {
        return codex() + "/" + under + "/" + name + ".jsonl";
    }
    std::string claude_spec() const { return "claude-code:" + claude(); }
    std::string codex_spec() const { return "codex:" + codex(); }
};

// ---------------------------------------------------------------------------------------------------
// Reading, as `import` and `report --logs` read: LogsScan into one EventFolder, optionally a Store.

struct Folded
{
    SessionState state;
    std::vector<CallRecord> records;  // every record handed on, corrections included, in order
    std::vector<Rejection> rejections;
    LogsRead read;

    const CallRecord* record(const std::string& id) const
    {
        for (auto it = records.rbegin(); it != records.rend(); ++it)
            if (it->event_id == id) return &*it;
        return nullptr;
    }
};

EventFolder::Options folder_options()
{
    EventFolder::Options o{builtin_prices(), {}};
    o.keep_records = true;
    return o;
}

// `offsets_dir` empty: every file from its start, nothing remembered. With `db`, the batches go into a
// Store on that file, and the offsets are remembered only once it has committed (as `import` does).
Folded read_logs(const std::vector<std::string>& logs, const std::string& offsets_dir = {},
                 const std::string& db = {})
{
    std::vector<SourceSpec> specs;
    for (const std::string& l : logs) specs.push_back(SourceSpec::parse_logs(l));
    LogsScan scan(specs, offsets_dir);
    EventFolder folder(folder_options());
    Folded f;
    std::unique_ptr<Store> store;
    if (!db.empty()) {
        Store::Options o;
        o.path = db;
        o.label = "test";
        store = std::make_unique<Store>(o);
    }
    f.read = scan.fold(folder, [&](Batch&& b) {
        f.state.apply(b);
        f.records.insert(f.records.end(), b.calls.begin(), b.calls.end());
        f.rejections.insert(f.rejections.end(), b.rejections.begin(), b.rejections.end());
        if (store) store->add(std::move(b.calls), std::move(b.tier_snapshots), b.epoch);
    });
    if (store) {
        REQUIRE(store->flush(std::chrono::seconds(30)));
        REQUIRE(store->status().saving);
    }
    if (!offsets_dir.empty()) REQUIRE(scan.remember());
    return f;
}

// A file read line by line as the live window reads it: each piece's batch applied before the next.
struct LiveFile
{
    LiveFile(agentlogs::LogFormat format, const agentlogs::LogFileInfo& info)
        : folder(folder_options()), reader(format, folder), file(reader.open(info))
    {
    }
    void feed(const std::string& bytes)
    {
        reader.feed(file, bytes, 0);
        Batch b = folder.take_batch();
        state.apply(b);
        records.insert(records.end(), b.calls.begin(), b.calls.end());
    }

    EventFolder folder;
    agentlogs::LogReader reader;
    agentlogs::LogFile file;
    SessionState state;
    std::vector<CallRecord> records;
};

agentlogs::LogFileInfo claude_file_info(const std::string& path, const std::string& project = kProject)
{
    agentlogs::LogFileInfo info;
    info.path = path;
    info.project = project;
    info.stem = fs::path(path).stem().string();
    return info;
}

// The store's numbers, asked as a person asks them.
Report stored(const std::string& db, const std::string& by, bool breakdown = false,
              TimeZone zone = TimeZone::utc())
{
    History h(db, std::move(zone));
    return h.report(by, {}, breakdown);
}

json exported(const std::string& db)
{
    History h(db, TimeZone::utc());
    std::ostringstream out;
    h.export_calls({}, ExportFormat::json, out);
    return json::parse(out.str());
}

const ReportRow* row_of(const Report& r, const std::string& key)
{
    for (const ReportRow& row : r.rows)
        if (row.key == key) return &row;
    return nullptr;
}

// The report by model agrees with the raw calls the store holds: calls, tokens and cost, model by model.
void check_report_is_raw_sums(const std::string& db)
{
    struct Sums
    {
        std::uint64_t calls = 0;
        std::int64_t input = 0, output = 0, cache_read = 0, cache_write = 0;
        double cost = 0;
    };
    std::map<std::string, Sums> raw;
    for (const json& c : exported(db)) {
        Sums& s = raw[c.at("provider").get<std::string>() + "/" + c.at("model").get<std::string>()];
        s.calls++;
        s.input += c.at("input_tokens").get<std::int64_t>();
        s.output += c.at("output_tokens").get<std::int64_t>();
        s.cache_read += c.at("cache_read_tokens").get<std::int64_t>();
        s.cache_write += c.at("cache_write_tokens").get<std::int64_t>() +
                         c.at("cache_write_1h_tokens").get<std::int64_t>();
        s.cost += c.at("cost_usd").get<double>();
    }
    const Report r = stored(db, "model");
    REQUIRE(r.rows.size() == raw.size());
    for (const ReportRow& row : r.rows) {
        INFO("model " << row.key);
        REQUIRE(raw.count(row.key) == 1);
        const Sums& s = raw.at(row.key);
        CHECK(row.calls == s.calls);
        CHECK(row.input_tokens == s.input);
        CHECK(row.output_tokens == s.output);
        CHECK(row.cache_read_tokens == s.cache_read);
        CHECK(row.cache_write_tokens == s.cache_write);
        CHECK(row.cost_usd == usd(s.cost));
    }
}

std::string read_fixture_text(const Trees& t)
{
    std::string all;
    for (const auto& e : fs::recursive_directory_iterator(t.dir.path()))
        if (e.is_regular_file()) all += slurp(e.path().string());
    return all;
}

// A tree of both kinds: Claude Code's session A with two calls (one written as three content-block
// lines) and a subagent's call; Codex's session with two calls, one on another model.
void write_both(const Trees& c)
{
    Assistant a1, a2, sub;
    a1.usage = {12, 418, 20480, 1536, 0};
    a1.block = Block::thinking;
    a2.message_id = "msg_01SecondCallOfSessionA";
    a2.request_id = "req_011SecondCallOfSessionA";
    a2.timestamp = "2026-11-30T16:30:00.000Z";  // 01:30 on 1 December in Tokyo
    a2.usage = {20, 900, 22000, 0, 4096};
    sub.sidechain = true;
    sub.model = kHaiku;
    sub.message_id = "msg_01SubagentOwnCallQ7rT2";
    sub.request_id = "req_011SubagentOwnCallW3xY";
    sub.timestamp = "2026-11-30T10:02:10.000Z";
    sub.usage = {2400, 180, 0, 0, 0};
    Assistant a1_text = a1;
    a1_text.block = Block::text;
    Assistant a1_tool = a1;
    a1_tool.block = Block::tool_use;
    write_lines(c.transcript(std::string(kSessionA) + ".jsonl"),
                {summary_line(), user_line(), assistant_line(a1), assistant_line(a1_text),
                 assistant_line(a1_tool), tool_result_line(), assistant_line(a2)});
    write_lines(c.transcript(std::string(kSessionA) + "/subagents/agent-a7c3e1f.jsonl"),
                {user_line(kSessionA, true), assistant_line(sub)});

    const CodexCounts x{12000, 8000, 600, 200}, y{9000, 6000, 400, 100};
    std::vector<std::string> lines{codex_meta(), codex_turn_context(kGpt5Codex), codex_tokens_null()};
    for (const std::string& l : codex_content()) lines.push_back(l);
    lines.push_back(codex_tokens(x, x));
    lines.push_back(codex_turn_context(kCodexMini, kCodexCwd, "2026-11-30T09:05:00.000Z"));
    for (const std::string& l : codex_content("2026-11-30T09:05:01.000Z")) lines.push_back(l);
    lines.push_back(codex_tokens(y, CodexCounts{21000, 14000, 1000, 300}, "2026-11-30T09:05:09.000Z"));
    write_lines(c.session_file(), lines);
}

double claude_usd()
{
    return list_cost(kSonnet, tokens(12, 418, 20480, 1536)) +
           list_cost(kSonnet, tokens(20, 900, 22000, 0, 4096)) + list_cost(kHaiku, tokens(2400, 180));
}

double codex_usd()
{
    return list_cost(kGpt5Codex, codex_call({12000, 8000, 600, 200})) +
           list_cost(kCodexMini, codex_call({9000, 6000, 400, 100}));
}

}  // namespace

// ===================================================================================================
// Claude Code

TEST_CASE("Claude Code: a message written as three content-block lines is one call", "[agentlogs][claude]")
{
    Trees t;
    Assistant a;
    a.usage = {12, 418, 20480, 1536, 0};
    std::vector<std::string> lines{summary_line(), user_line()};
    for (const Block b : {Block::thinking, Block::text, Block::tool_use}) {
        a.block = b;
        lines.push_back(assistant_line(a));
    }
    lines.push_back(tool_result_line());
    const std::string path = t.transcript(std::string(kSessionA) + ".jsonl");
    write_lines(path, lines);

    const Folded f = read_logs({t.claude_spec()});
    CHECK(f.read.files == 1);
    CHECK(f.read.lines == 6);
    CHECK(f.read.calls == 3);  // each copy is a call line; one is the call
    CHECK(f.read.skipped == 3);
    CHECK(f.read.bad == 0);
    CHECK(f.read.problems.empty());
    CHECK(f.state.totals().calls == 1);
    check_tokens(f.state.totals().tokens, a.usage.counts());
    CHECK(f.state.totals().cost_usd == usd(list_cost(kSonnet, a.usage.counts())));
    CHECK(f.state.counters().applied == 1);
    CHECK(f.state.counters().duplicates == 2);
    CHECK(f.state.counters().rejected == 0);
    REQUIRE(f.records.size() == 1);
    CHECK(f.records[0].cost_usd == usd(list_cost(kSonnet, a.usage.counts())));
}

TEST_CASE("Claude Code: a copy is known by its ids and usage as written, whatever its content holds",
          "[agentlogs][claude]")
{
    Trees t;
    Assistant a;
    a.usage = {12, 418, 20480, 1536, 0};
    a.block = Block::thinking;
    const std::string first = assistant_line(a);
    const std::string path = t.transcript(std::string(kSessionA) + ".jsonl");

    SECTION("a copy whose content block is not JSON is still the call's copy, not a line skipped")
    {
        // Its print (ids and usage, byte for byte) is the first line's: it is not parsed at all.
        std::string broken = assistant_line(a);
        const std::size_t at = broken.find(kThinking);
        REQUIRE(at != std::string::npos);
        broken.replace(at, 1, "\\q");
        REQUIRE_FALSE(nlohmann::json::accept(broken));
        write_lines(path, {first, broken});
        const Folded f = read_logs({t.claude_spec()});
        CHECK(f.read.calls == 2);
        CHECK(f.read.skipped == 0);
        CHECK(f.state.totals().calls == 1);
        CHECK(f.state.counters().duplicates == 1);
        check_tokens(f.state.totals().tokens, a.usage.counts());
    }

    SECTION("a tool's input that holds a usage and a request id of its own: the message's are printed")
    {
        // Two copies whose tool inputs are alike, and whose usage is not: the second is larger, and counts.
        const auto with_tool_input = [](const Assistant& of) {
            ordered_json line = ordered_json::parse(assistant_line(of));
            line["message"]["content"] = ordered_json::array(
                {{{"type", "tool_use"},
                  {"id", "toolu_01"},
                  {"name", "Report"},
                  {"input",
                   {{"id", "msg_0000"}, {"requestId", "req_0000"}, {"usage", {{"output_tokens", 1}}}}}}});
            return line.dump();
        };
        Assistant larger = a;
        larger.usage.output = 900;
        write_lines(path, {with_tool_input(a), with_tool_input(larger), with_tool_input(a)});
        const Folded f = read_logs({t.claude_spec()});
        CHECK(f.state.totals().calls == 1);
        check_tokens(f.state.totals().tokens, larger.usage.counts());
        CHECK(f.state.totals().cost_usd == usd(list_cost(kSonnet, larger.usage.counts())));
    }
}

TEST_CASE("Claude Code: a call's id, provider, model, project, session, time and tier", "[agentlogs][claude]")
{
    Trees t;
    Assistant main_call;
    main_call.timestamp = "2026-11-30T10:00:05.250Z";
    main_call.usage = {3, 77, 9000, 0, 0};
    // The session is the line's sessionId, not the file's name.
    write_lines(t.transcript("renamed-by-hand.jsonl"), {user_line(), assistant_line(main_call)});

    Assistant sub;
    sub.session = kSessionB;
    sub.sidechain = true;
    sub.model = kHaiku;
    sub.message_id = "msg_01SubagentOwnCallQ7rT2";
    sub.request_id = "req_011SubagentOwnCallW3xY";
    sub.timestamp = "2026-11-30T11:30:00.000Z";
    sub.usage = {2400, 180, 0, 0, 0};
    write_lines(t.transcript(std::string(kSessionB) + "/subagents/agent-a7c3e1f.jsonl", "-home-ana-api"),
                {user_line(kSessionB, true), assistant_line(sub)});

    Assistant loose = main_call;
    loose.message_id = "msg_01DirectlyUnderProjects";
    loose.request_id = "req_011DirectlyUnderProjects";
    write_lines(t.claude() + "/projects/" + kSessionB + ".jsonl", {assistant_line(loose)});

    for (const std::string& spec : {t.claude_spec(), t.claude_spec() + "/projects"}) {
        INFO("--logs " << spec);
        const Folded f = read_logs({spec});
        REQUIRE(f.records.size() == 3);

        const CallRecord* m = f.record(main_call.request_id);
        REQUIRE(m != nullptr);  // the id is the provider's request id, bare
        CHECK(m->provider == "anthropic");
        CHECK(m->model == kSonnet);
        CHECK(m->project == kProject);
        CHECK(m->conductor_session == kSessionA);
        CHECK(m->ts == utc_ms(2026, 11, 30, 10, 0, 5, 250));
        CHECK(m->tier == "main");
        CHECK(m->source == "claude-code");
        CHECK(m->service_tier == "standard");
        check_tokens(m->tokens, main_call.usage.counts());

        const CallRecord* s = f.record(sub.request_id);
        REQUIRE(s != nullptr);
        CHECK(s->tier == "subagent");
        CHECK(s->project == "-home-ana-api");  // the directory under projects/, however deep the file
        CHECK(s->conductor_session == kSessionB);
        CHECK(s->ts == utc_ms(2026, 11, 30, 11, 30, 0));
        CHECK(s->cost_usd == usd(list_cost(kHaiku, sub.usage.counts())));

        const CallRecord* l = f.record(loose.request_id);
        REQUIRE(l != nullptr);
        CHECK(l->project.empty());  // a transcript directly under projects/ has no project
    }
}

TEST_CASE("Claude Code: an early smaller copy, then the larger: the larger counts", "[agentlogs][claude]")
{
    Trees t;
    Assistant small, large, smaller_again;
    small.usage = {12, 1, 20480, 1536, 0};
    small.block = Block::thinking;
    large = small;
    large.usage.output = 642;
    large.block = Block::text;
    smaller_again = small;
    smaller_again.usage.output = 300;
    smaller_again.block = Block::tool_use;
    const TokenCounts want = large.usage.counts();
    const double want_usd = list_cost(kSonnet, want);
    const std::string path = t.transcript(std::string(kSessionA) + ".jsonl");

    SECTION("read whole: one call, the larger copy's numbers")
    {
        write_lines(
            path, {user_line(), assistant_line(small), assistant_line(large), assistant_line(smaller_again)});
        const Folded f = read_logs({t.claude_spec()});
        CHECK(f.state.totals().calls == 1);
        check_tokens(f.state.totals().tokens, want);
        CHECK(f.state.totals().cost_usd == usd(want_usd));
        REQUIRE(f.state.models().size() == 1);
        CHECK(f.state.models()[0].calls == 1);
        CHECK(f.state.models()[0].cost_usd == usd(want_usd));
    }

    SECTION("live: the session is corrected by the difference, never counts it twice")
    {
        write_lines(path, {});
        LiveFile live(agentlogs::LogFormat::claude_code, claude_file_info(path));
        live.feed(assistant_line(small) + "\n");
        CHECK(live.state.totals().calls == 1);
        check_tokens(live.state.totals().tokens, small.usage.counts());
        CHECK(live.state.totals().cost_usd == usd(list_cost(kSonnet, small.usage.counts())));
        live.feed(assistant_line(large) + "\n");
        CHECK(live.state.totals().calls == 1);
        check_tokens(live.state.totals().tokens, want);
        CHECK(live.state.totals().cost_usd == usd(want_usd));
        live.feed(assistant_line(smaller_again) + "\n");
        CHECK(live.state.totals().calls == 1);
        check_tokens(live.state.totals().tokens, want);
        CHECK(live.state.totals().cost_usd == usd(want_usd));
        REQUIRE(live.state.models().size() == 1);
        CHECK(live.state.models()[0].calls == 1);
        check_tokens(live.state.models()[0].tokens, want);
    }

    SECTION("stored: in one import, and corrected by a later import, one row with the larger numbers")
    {
        const std::string db = t.dir / "history.db";
        const std::string offsets = t.dir / "offsets";
        const auto check_store = [&](const std::string& file, const TokenCounts& w) {
            const Report r = stored(file, "model");
            CHECK(r.calls == 1);
            REQUIRE(r.rows.size() == 1);
            CHECK(r.rows[0].key == std::string("anthropic/") + kSonnet);
            CHECK(r.rows[0].input_tokens == w.input);
            CHECK(r.rows[0].output_tokens == w.output);
            CHECK(r.rows[0].cache_read_tokens == w.cache_read);
            CHECK(r.rows[0].cache_write_tokens == w.cache_write + w.cache_write_1h);
            CHECK(r.total_usd == usd(list_cost(kSonnet, w)));
            CHECK(exported(file).size() == 1);
            check_report_is_raw_sums(file);
            for (const char* by : {"day", "project", "tier", "session", "source"}) {
                INFO("by " << by);
                const Report other = stored(file, by);
                CHECK(other.calls == 1);
                CHECK(other.total_usd == usd(list_cost(kSonnet, w)));
            }
        };

        // One import that reads both copies.
        write_lines(path, {user_line(), assistant_line(small), assistant_line(large)});
        read_logs({t.claude_spec()}, offsets, db);
        check_store(db, want);

        // Then the smaller once more, from a later import that read only it: the larger stays.
        append(path, assistant_line(smaller_again) + "\n");
        const Folded again = read_logs({t.claude_spec()}, offsets, db);
        CHECK(again.read.calls == 1);
        check_store(db, want);

        // A fresh store: the small copy imported first, the larger by the next import.
        const std::string db2 = t.dir / "history2.db";
        const std::string offsets2 = t.dir / "offsets2";
        write_lines(path, {user_line(), assistant_line(small)});
        read_logs({t.claude_spec()}, offsets2, db2);
        check_store(db2, small.usage.counts());
        append(path, assistant_line(large) + "\n");
        const Folded second = read_logs({t.claude_spec()}, offsets2, db2);
        CHECK(second.read.lines == 1);  // only what was appended
        check_store(db2, want);
    }
}

TEST_CASE("Claude Code: a subagent's replay of a main-line call is dropped", "[agentlogs][claude]")
{
    Trees t;
    Assistant main_call;
    main_call.message_id = "msg_01ReplayedByTheSubagent";
    main_call.request_id = "req_011MainLineRequest0001";
    main_call.usage = {8, 300, 15000, 0, 0};
    Assistant replay = main_call;
    replay.request_id = "req_011ReplayRequest000002";
    replay.sidechain = true;
    replay.timestamp = "2026-11-30T10:02:00.000Z";
    Assistant own;
    own.sidechain = true;
    own.model = kHaiku;
    own.message_id = "msg_01SubagentOwnCallQ7rT2";
    own.request_id = "req_011SubagentOwnCallW3xY";
    own.timestamp = "2026-11-30T10:02:10.000Z";
    own.usage = {2400, 180, 0, 0, 0};

    write_lines(t.transcript(std::string(kSessionA) + ".jsonl"), {user_line(), assistant_line(main_call)});
    write_lines(t.transcript(std::string(kSessionA) + "/subagents/agent-a7c3e1f.jsonl"),
                {user_line(kSessionA, true), assistant_line(replay), assistant_line(own)});

    const std::string db = t.dir / "history.db";
    const Folded f = read_logs({t.claude_spec()}, {}, db);
    const double want = list_cost(kSonnet, main_call.usage.counts()) + list_cost(kHaiku, own.usage.counts());
    CHECK(f.state.totals().calls == 2);
    CHECK(f.state.totals().cost_usd == usd(want));
    CHECK(f.state.counters().duplicates == 1);
    CHECK(f.record(replay.request_id) == nullptr);
    REQUIRE(f.record(main_call.request_id) != nullptr);
    CHECK(f.record(main_call.request_id)->tier == "main");
    REQUIRE(f.record(own.request_id) != nullptr);
    CHECK(f.record(own.request_id)->tier == "subagent");

    const Report tiers = stored(db, "tier");
    CHECK(tiers.calls == 2);
    CHECK(tiers.total_usd == usd(want));
    REQUIRE(row_of(tiers, "main") != nullptr);
    CHECK(row_of(tiers, "main")->calls == 1);
    CHECK(row_of(tiers, "main")->cost_usd == usd(list_cost(kSonnet, main_call.usage.counts())));
    REQUIRE(row_of(tiers, "subagent") != nullptr);
    CHECK(row_of(tiers, "subagent")->calls == 1);
    CHECK(row_of(tiers, "subagent")->cost_usd == usd(list_cost(kHaiku, own.usage.counts())));
    check_report_is_raw_sums(db);
}

TEST_CASE("Claude Code: a replay read before its main line: the main line takes its place",
          "[agentlogs][claude]")
{
    Trees t;
    // Older Claude Code wrote a subagent's lines into the session's own transcript, marked sidechain.
    Assistant replay;
    replay.message_id = "msg_01ReplayedByTheSubagent";
    replay.request_id = "req_011ReplayRequest000002";
    replay.sidechain = true;
    replay.usage = {8, 120, 15000, 0, 0};
    Assistant main_call = replay;
    main_call.request_id = "req_011MainLineRequest0001";
    main_call.sidechain = false;
    main_call.usage = {8, 300, 15000, 2048, 0};
    const std::string path = t.transcript(std::string(kSessionA) + ".jsonl");
    const double want = list_cost(kSonnet, main_call.usage.counts());

    SECTION("read whole, and stored")
    {
        write_lines(path, {user_line(), assistant_line(replay), assistant_line(main_call)});
        const std::string db = t.dir / "history.db";
        const Folded f = read_logs({t.claude_spec()}, {}, db);
        CHECK(f.state.totals().calls == 1);
        check_tokens(f.state.totals().tokens, main_call.usage.counts());
        CHECK(f.state.totals().cost_usd == usd(want));
        REQUIRE(f.record(main_call.request_id) != nullptr);
        CHECK(f.record(main_call.request_id)->tier == "main");

        const Report tiers = stored(db, "tier");
        CHECK(tiers.calls == 1);
        CHECK(tiers.total_usd == usd(want));
        REQUIRE(row_of(tiers, "main") != nullptr);
        CHECK(row_of(tiers, "main")->calls == 1);
        CHECK(row_of(tiers, "main")->cost_usd == usd(want));
        const json calls = exported(db);
        REQUIRE(calls.size() == 1);
        CHECK(calls[0].at("event_id") == main_call.request_id);
        CHECK(calls[0].at("tier") == "main");
        check_report_is_raw_sums(db);
    }

    SECTION("live: the replay's numbers give way to the main line's")
    {
        write_lines(path, {});
        LiveFile live(agentlogs::LogFormat::claude_code, claude_file_info(path));
        live.feed(assistant_line(replay) + "\n");
        CHECK(live.state.totals().calls == 1);
        check_tokens(live.state.totals().tokens, replay.usage.counts());
        live.feed(assistant_line(main_call) + "\n");
        CHECK(live.state.totals().calls == 1);
        check_tokens(live.state.totals().tokens, main_call.usage.counts());
        CHECK(live.state.totals().cost_usd == usd(want));
        REQUIRE(live.records.size() == 2);
        CHECK(live.records[1].tier == "main");
        CHECK(live.records[1].replaces == replay.request_id);
    }
}

TEST_CASE(
    "Claude Code: a transcript given through two trees (a config directory and a link to it) is read once",
    "[agentlogs][claude]")
{
    Trees t;
    Assistant small, large, replay, own;
    small.usage = {12, 1, 20480, 1536, 0};
    large = small;
    large.usage.output = 642;
    replay = large;
    replay.request_id = "req_011ReplayRequest000002";
    replay.sidechain = true;
    own.sidechain = true;
    own.model = kHaiku;
    own.message_id = "msg_01SubagentOwnCallQ7rT2";
    own.request_id = "req_011SubagentOwnCallW3xY";
    own.usage = {2400, 180, 0, 0, 0};
    write_lines(t.transcript(std::string(kSessionA) + ".jsonl"),
                {user_line(), assistant_line(small), assistant_line(large)});
    write_lines(t.transcript(std::string(kSessionA) + "/subagents/agent-a7c3e1f.jsonl"),
                {assistant_line(replay), assistant_line(own)});
    // ~/.claude a link to ~/.config/claude, say: two trees by name, the same files.
    const std::string link = t.dir / "claude-link";
    fs::create_directory_symlink(t.claude(), link);
    const double want = list_cost(kSonnet, large.usage.counts()) + list_cost(kHaiku, own.usage.counts());

    const Folded once = read_logs({t.claude_spec()});
    CHECK(once.state.totals().calls == 2);
    CHECK(once.state.totals().cost_usd == usd(want));
    const Folded twice = read_logs({t.claude_spec(), "claude-code:" + link});
    CHECK(twice.read.trees.size() == 1);  // the link is the directory: read once
    CHECK(twice.read.files == once.read.files);
    CHECK(twice.state.totals().calls == 2);
    check_tokens(twice.state.totals().tokens, once.state.totals().tokens);
    CHECK(twice.state.totals().cost_usd == usd(want));
    for (const ModelUsage& m : twice.state.models()) {
        INFO(m.model);
        CHECK(m.calls == 1);
        CHECK(m.tokens.output > 0);
    }
    CHECK(twice.records.size() == once.records.size());  // the second tree hands nothing on
}

TEST_CASE("Claude Code: a second message under a request id already counted takes nothing back",
          "[agentlogs][claude]")
{
    Trees t;
    Assistant first, other, other_larger;
    first.message_id = "msg_01FirstMessageOfTheRequest";
    first.usage = {12, 418, 20480, 1536, 0};
    other = first;
    other.message_id = "msg_01SecondMessageSameRequest";
    other.model = "claude-unknown-9";  // unpriced: its row would show what was taken back
    other.usage = {12, 418, 20480, 1536, 0};
    other_larger = other;
    other_larger.model = kSonnet;
    other_larger.usage.input = 13;
    write_lines(t.transcript(std::string(kSessionA) + ".jsonl"),
                {assistant_line(first), assistant_line(other), assistant_line(other_larger)});
    const Folded f = read_logs({t.claude_spec()});
    CHECK(f.state.totals().calls == 1);
    check_tokens(f.state.totals().tokens, first.usage.counts());
    CHECK(f.state.totals().cost_usd == usd(list_cost(kSonnet, first.usage.counts())));
    REQUIRE(f.state.models().size() == 1);  // no row of what was never counted
    CHECK(f.state.models()[0].calls == 1);
    CHECK(f.state.counters().applied == 1);
    CHECK(f.state.counters().duplicates == 2);
    REQUIRE(f.records.size() == 1);
    CHECK(f.records[0].model == kSonnet);
}

TEST_CASE("Claude Code: <synthetic> messages are skipped", "[agentlogs][claude]")
{
    Trees t;
    Assistant synthetic;
    synthetic.model = "<synthetic>";
    synthetic.message_id = "msg_01SyntheticNoResponse";
    synthetic.request_id = "";
    synthetic.usage = {0, 0, 0, 0, 0};
    Assistant real;
    real.usage = {40, 60, 0, 0, 0};
    write_lines(t.transcript(std::string(kSessionA) + ".jsonl"),
                {assistant_line(synthetic), assistant_line(real)});
    const Folded f = read_logs({t.claude_spec()});
    CHECK(f.read.lines == 2);
    CHECK(f.read.calls == 1);
    CHECK(f.read.skipped == 1);
    CHECK(f.state.totals().calls == 1);
    CHECK(f.state.totals().cost_usd == usd(list_cost(kSonnet, real.usage.counts())));
    REQUIRE(f.records.size() == 1);
    CHECK(f.records[0].model == kSonnet);
}

TEST_CASE("Claude Code: lines with no message.id are calls each, with ids stable across re-reads",
          "[agentlogs][claude]")
{
    Trees t;
    Assistant a;
    a.message_id = "";
    a.request_id = "";
    a.usage = {100, 20, 0, 0, 0};
    Assistant b = a;
    a.uuid = "0f5b2a6c-1111-4e2d-8c3b-9a8f7e6d5c4b";
    b.uuid = "0f5b2a6c-2222-4e2d-8c3b-9a8f7e6d5c4b";
    write_lines(t.transcript(std::string(kSessionA) + ".jsonl"), {assistant_line(a), assistant_line(b)});

    const std::string db = t.dir / "history.db";
    const Folded first = read_logs({t.claude_spec()}, {}, db);
    CHECK(first.state.totals().calls == 2);
    CHECK(first.state.totals().cost_usd == usd(2 * list_cost(kSonnet, a.usage.counts())));
    REQUIRE(first.records.size() == 2);
    CHECK(first.records[0].event_id != first.records[1].event_id);

    // Read again from the start (no offsets): the same ids, so the store holds two calls still.
    const Folded second = read_logs({t.claude_spec()}, {}, db);
    REQUIRE(second.records.size() == 2);
    CHECK(second.records[0].event_id == first.records[0].event_id);
    CHECK(second.records[1].event_id == first.records[1].event_id);
    const Report r = stored(db, "model");
    CHECK(r.calls == 2);
    CHECK(r.total_usd == usd(2 * list_cost(kSonnet, a.usage.counts())));
}

TEST_CASE("Claude Code: a count that is not a count is rejected naming the field, the rest still counts",
          "[agentlogs][claude]")
{
    Trees t;
    const auto line_with = [](const std::string& id, const std::function<void(ordered_json&)>& edit) {
        Assistant a;
        a.message_id = "msg_" + id;
        a.request_id = "req_" + id;
        a.usage = {10, 20, 0, 0, 0};
        ordered_json j = ordered_json::parse(assistant_line(a));
        edit(j["message"]["usage"]);
        return j.dump();
    };
    const auto keep = [](ordered_json&) {};
    const std::string path = t.transcript(std::string(kSessionA) + ".jsonl");
    write_lines(
        path, {
                  line_with("good1", keep),
                  line_with("frac", [](ordered_json& u) { u["input_tokens"] = 12.5; }),
                  line_with("neg", [](ordered_json& u) { u["output_tokens"] = -3; }),
                  line_with("frac1h",
                            [](ordered_json& u) { u["cache_creation"]["ephemeral_1h_input_tokens"] = 1.5; }),
                  line_with("text", [](ordered_json& u) { u["cache_read_input_tokens"] = "100"; }),
                  line_with("good2",
                            [](ordered_json& u) {
                                u["input_tokens"] = 30;
                                u["output_tokens"] = 40;
                            }),
              });
    const Folded f = read_logs({t.claude_spec()});
    CHECK(f.read.lines == 6);
    CHECK(f.read.calls == 2);
    CHECK(f.read.bad == 4);
    CHECK(f.read.skipped == 0);
    CHECK(f.state.counters().rejected == 4);
    CHECK(f.state.totals().calls == 2);
    check_tokens(f.state.totals().tokens, tokens(40, 60));
    CHECK(f.state.totals().cost_usd ==
          usd(list_cost(kSonnet, tokens(10, 20)) + list_cost(kSonnet, tokens(30, 40))));
    REQUIRE(f.rejections.size() == 4);
    const std::vector<std::pair<std::uint64_t, std::string>> want{
        {2, "message.usage.input_tokens is not a count"},
        {3, "message.usage.output_tokens is not a count"},
        {4, "message.usage.cache_creation.ephemeral_1h_input_tokens is not a count"},
        {5, "message.usage.cache_read_input_tokens is not a count"},
    };
    for (std::size_t i = 0; i < want.size(); ++i) {
        CHECK(f.rejections[i].origin.source == path);
        CHECK(f.rejections[i].origin.line == want[i].first);
        CHECK(f.rejections[i].reason == want[i].second);
    }
}

TEST_CASE("Claude Code: lines that are not JSON are skipped and counted, not rejected", "[agentlogs][claude]")
{
    Trees t;
    Assistant real;
    real.usage = {40, 60, 0, 0, 0};
    write_lines(t.transcript(std::string(kSessionA) + ".jsonl"),
                {
                    "not json at all",
                    R"({"type":"assistant","message":{"usage":{"input_tokens":5,)",  // cut short
                    R"(["usage", {"input_tokens": 5}])",                             // JSON, not an object
                    R"({"type":"assistant","message":"usage"})",                     // no usage object
                    std::string("\x01\xff\xfe garbage \"usage\" \x80"),
                    "",     // blank lines are not lines
                    "   ",  // nor is this
                    assistant_line(real),
                });
    const Folded f = read_logs({t.claude_spec()});
    CHECK(f.read.lines == 6);
    CHECK(f.read.skipped == 5);
    CHECK(f.read.bad == 0);
    CHECK(f.read.calls == 1);
    CHECK(f.rejections.empty());
    CHECK(f.state.counters().rejected == 0);
    CHECK(f.state.totals().calls == 1);
    CHECK(f.state.totals().cost_usd == usd(list_cost(kSonnet, real.usage.counts())));
}

TEST_CASE("Claude Code: a torn last line is not a call until its newline is written", "[agentlogs][claude]")
{
    Trees t;
    Assistant first, second;
    first.message_id = "msg_01FirstOfTwoCallsAb";
    first.request_id = "req_011FirstOfTwoCallsAb";
    first.usage = {10, 200, 5000, 0, 0};
    second.message_id = "msg_01SecondOfTwoCallsC";
    second.request_id = "req_011SecondOfTwoCallsC";
    second.usage = {20, 400, 6000, 0, 0};
    const std::string path = t.transcript(std::string(kSessionA) + ".jsonl");
    const std::string db = t.dir / "history.db";
    const std::string offsets = t.dir / "offsets";
    const std::string torn = assistant_line(second);
    const std::size_t cut = torn.size() * 2 / 5;
    write_lines(path, {assistant_line(first), torn.substr(0, cut)}, /*final_newline=*/false);

    const Folded a = read_logs({t.claude_spec()}, offsets, db);
    CHECK(a.read.lines == 1);
    CHECK(a.state.totals().calls == 1);
    CHECK(stored(db, "model").calls == 1);

    // The rest of it, still without its newline: nothing yet.
    append(path, torn.substr(cut));
    const Folded b = read_logs({t.claude_spec()}, offsets, db);
    CHECK(b.read.lines == 0);
    CHECK(b.state.totals().calls == 0);
    CHECK(b.read.bytes == torn.size());  // read again from the torn line's start, whole
    CHECK(stored(db, "model").calls == 1);

    append(path, "\n");
    const Folded c = read_logs({t.claude_spec()}, offsets, db);
    CHECK(c.read.lines == 1);
    CHECK(c.read.bytes == torn.size() + 1);
    CHECK(c.state.totals().calls == 1);
    check_tokens(c.state.totals().tokens, second.usage.counts());
    const Report r = stored(db, "model");
    CHECK(r.calls == 2);
    CHECK(r.total_usd ==
          usd(list_cost(kSonnet, first.usage.counts()) + list_cost(kSonnet, second.usage.counts())));
}

TEST_CASE("Claude Code: cache writes from the cache_creation object, else cache_creation_input_tokens",
          "[agentlogs][claude]")
{
    Trees t;
    Assistant split, total_only;
    split.message_id = "msg_01SplitCacheWrites";
    split.request_id = "req_011SplitCacheWrites";
    split.usage = {5, 50, 0, 300, 700};  // the object says 300 for 5 minutes, 700 for an hour
    total_only.message_id = "msg_01TotalCacheWrites";
    total_only.request_id = "req_011TotalCacheWrites";
    total_only.usage = {5, 50, 0, 1000, 0};
    total_only.usage.creation_object = false;  // older lines: the total alone, 5-minute writes
    write_lines(t.transcript(std::string(kSessionA) + ".jsonl"),
                {assistant_line(split), assistant_line(total_only)});

    const Folded f = read_logs({t.claude_spec()});
    const CallRecord* s = f.record(split.request_id);
    REQUIRE(s != nullptr);
    check_tokens(s->tokens, tokens(5, 50, 0, 300, 700));
    CHECK(s->cost_usd == usd(list_cost(kSonnet, tokens(5, 50, 0, 300, 700))));
    const CallRecord* o = f.record(total_only.request_id);
    REQUIRE(o != nullptr);
    check_tokens(o->tokens, tokens(5, 50, 0, 1000, 0));
    CHECK(o->cost_usd == usd(list_cost(kSonnet, tokens(5, 50, 0, 1000, 0))));
    // The hour's writes cost more than the same count for five minutes.
    CHECK(s->cost_usd > o->cost_usd);
}

TEST_CASE("Claude Code: the service tier is usage.service_tier", "[agentlogs][claude]")
{
    Trees t;
    std::vector<std::string> lines;
    const std::vector<std::string> names{"standard", "batch", "priority", ""};
    for (std::size_t i = 0; i < names.size(); ++i) {
        Assistant a;
        a.message_id = "msg_01Tier" + std::to_string(i);
        a.request_id = "req_011Tier" + std::to_string(i);
        a.usage = {1000, 2000, 30000, 400, 0};
        a.usage.service_tier = names[i];
        lines.push_back(assistant_line(a));
    }
    write_lines(t.transcript(std::string(kSessionA) + ".jsonl"), lines);
    const Folded f = read_logs({t.claude_spec()});
    const TokenCounts n = tokens(1000, 2000, 30000, 400);

    const CallRecord* standard = f.record("req_011Tier0");
    REQUIRE(standard != nullptr);
    CHECK(standard->service_tier == "standard");
    CHECK_FALSE(standard->standard_rate);
    CHECK(standard->cost_usd == usd(list_cost(kSonnet, n)));

    const CallRecord* batch = f.record("req_011Tier1");
    REQUIRE(batch != nullptr);
    CHECK(batch->service_tier == "batch");
    CHECK_FALSE(batch->standard_rate);
    CHECK(batch->cost_usd == usd(list_cost(kSonnet, n, ServiceTier::batch)));

    // Anthropic publishes no priority rates for the model: standard ones, and it says so.
    const CallRecord* priority = f.record("req_011Tier2");
    REQUIRE(priority != nullptr);
    CHECK(priority->service_tier == "priority");
    CHECK(priority->standard_rate);
    CHECK(priority->cost_usd == usd(list_cost(kSonnet, n)));

    const CallRecord* none = f.record("req_011Tier3");
    REQUIRE(none != nullptr);
    CHECK(none->service_tier == "standard");
    CHECK(none->cost_usd == usd(list_cost(kSonnet, n)));
}

// ===================================================================================================
// Codex

TEST_CASE("Codex: each call is info.last_token_usage, input less cached, at the turn's model",
          "[agentlogs][codex]")
{
    Trees t;
    const CodexCounts l1{12000, 8000, 600, 200}, l2{9000, 6000, 400, 100};
    const CodexCounts t1 = l1, t2{l1.input + l2.input, l1.cached + l2.cached, l1.output + l2.output,
                                  l1.reasoning + l2.reasoning};
    std::vector<std::string> lines{codex_meta(), codex_turn_context(kGpt5Codex), codex_tokens_null()};
    for (const std::string& c : codex_content()) lines.push_back(c);
    lines.push_back(codex_tokens(l1, t1, "2026-11-30T09:00:03.000Z"));
    for (const std::string& c : codex_content("2026-11-30T09:00:04.000Z")) lines.push_back(c);
    lines.push_back(codex_tokens(l2, t2, "2026-11-30T09:00:09.500Z"));
    write_lines(t.session_file(), lines);

    const Folded f = read_logs({t.codex_spec()});
    CHECK(f.read.lines == lines.size());
    CHECK(f.read.calls == 2);
    CHECK(f.read.skipped == lines.size() - 2);
    CHECK(f.read.bad == 0);
    REQUIRE(f.records.size() == 2);
    const CallRecord& a = f.records[0];
    CHECK(a.event_id == std::string("codex:") + kCodexId + ":1");
    CHECK(a.provider == "openai");
    CHECK(a.model == kGpt5Codex);
    CHECK(a.source == "codex");
    CHECK(a.tier == "main");
    CHECK(a.project == kCodexCwd);
    CHECK(a.conductor_session == kCodexId);
    CHECK(a.ts == utc_ms(2026, 11, 30, 9, 0, 3));
    check_tokens(a.tokens, codex_call(l1));
    CHECK(a.reasoning_tokens == 200);  // part of the output, not added to it
    CHECK(a.cost_usd == usd(list_cost(kGpt5Codex, codex_call(l1))));
    const CallRecord& b = f.records[1];
    CHECK(b.event_id == std::string("codex:") + kCodexId + ":2");
    CHECK(b.ts == utc_ms(2026, 11, 30, 9, 0, 9, 500));
    check_tokens(b.tokens, codex_call(l2));
    CHECK(b.reasoning_tokens == 100);
    CHECK(f.state.totals().calls == 2);
    CHECK(f.state.totals().cost_usd ==
          usd(list_cost(kGpt5Codex, codex_call(l1)) + list_cost(kGpt5Codex, codex_call(l2))));
}

TEST_CASE("Codex: with only totals, each call is what the total grew by", "[agentlogs][codex]")
{
    Trees t;
    const CodexCounts t1{1000, 200, 50, 10}, t2{2500, 700, 120, 30}, t3{4100, 1500, 300, 90};
    write_lines(t.session_file(),
                {
                    codex_meta(),
                    codex_turn_context(kGpt5Codex),
                    codex_tokens(std::nullopt, t1, "2026-11-30T09:00:03.000Z"),
                    codex_tokens(std::nullopt, t2, "2026-11-30T09:00:04.000Z"),
                    codex_tokens(std::nullopt, t2, "2026-11-30T09:00:05.000Z"),  // no change
                    codex_tokens(std::nullopt, t3, "2026-11-30T09:00:06.000Z"),
                });
    const Folded f = read_logs({t.codex_spec()});
    REQUIRE(f.records.size() == 3);
    check_tokens(f.records[0].tokens, tokens(800, 50, 200));
    check_tokens(f.records[1].tokens, tokens(1000, 70, 500));  // (2500-1000) - (700-200)
    check_tokens(f.records[2].tokens, tokens(800, 180, 800));  // (4100-2500) - (1500-700)
    CHECK(f.records[0].reasoning_tokens == 10);
    CHECK(f.records[1].reasoning_tokens == 20);
    CHECK(f.records[2].reasoning_tokens == 60);
    CHECK(f.records[2].event_id == std::string("codex:") + kCodexId + ":3");
    CHECK(f.read.skipped == 3);
    CHECK(f.state.totals().cost_usd ==
          usd(list_cost(kGpt5Codex, tokens(800, 50, 200)) + list_cost(kGpt5Codex, tokens(1000, 70, 500)) +
              list_cost(kGpt5Codex, tokens(800, 180, 800))));
}

TEST_CASE("Codex: a token_count written again with its total unmoved is the last call's report, not another",
          "[agentlogs][codex]")
{
    Trees t;
    const CodexCounts l1{12000, 8000, 600, 200}, l2{9000, 6000, 400, 100};
    const CodexCounts t1 = l1, t2{l1.input + l2.input, l1.cached + l2.cached, l1.output + l2.output,
                                  l1.reasoning + l2.reasoning};
    write_lines(t.session_file(), {
                                      codex_meta(), codex_turn_context(kGpt5Codex),
                                      codex_tokens(l1, t1, "2026-11-30T09:00:03.000Z"),
                                      codex_tokens(l1, t1, "2026-11-30T09:00:03.200Z"),  // again
                                      codex_tokens(l2, t2, "2026-11-30T09:00:09.000Z"),
                                      codex_tokens(l2, t2, "2026-11-30T09:00:09.100Z"),  // again
                                  });
    const Folded f = read_logs({t.codex_spec()});
    REQUIRE(f.records.size() == 2);
    check_tokens(f.records[0].tokens, codex_call(l1));
    check_tokens(f.records[1].tokens, codex_call(l2));
    CHECK(f.records[1].event_id == std::string("codex:") + kCodexId + ":2");
    CHECK(f.state.totals().cost_usd ==
          usd(list_cost(kGpt5Codex, codex_call(l1)) + list_cost(kGpt5Codex, codex_call(l2))));
}

TEST_CASE("Codex: info null and all-zero usage are not calls", "[agentlogs][codex]")
{
    Trees t;
    const CodexCounts zero{}, one{500, 100, 20, 0};
    write_lines(t.session_file(), {
                                      codex_meta(),
                                      codex_turn_context(kGpt5Codex),
                                      codex_tokens_null(),
                                      codex_tokens(zero, zero, "2026-11-30T09:00:02.800Z"),
                                      codex_tokens(one, one, "2026-11-30T09:00:03.000Z"),
                                      codex_tokens_null("2026-11-30T09:00:03.100Z"),
                                  });
    const Folded f = read_logs({t.codex_spec()});
    CHECK(f.read.lines == 6);
    CHECK(f.read.calls == 1);
    CHECK(f.read.skipped == 5);
    CHECK(f.read.bad == 0);
    REQUIRE(f.records.size() == 1);
    CHECK(f.records[0].event_id == std::string("codex:") + kCodexId + ":1");  // ordinals count calls only
    check_tokens(f.records[0].tokens, codex_call(one));
}

TEST_CASE("Codex: a session that switches model prices each call at its own model", "[agentlogs][codex]")
{
    Trees t;
    const CodexCounts a{20000, 16000, 900, 300}, b{30000, 24000, 1200, 0}, c{10000, 0, 100, 50};
    CodexCounts total{};
    const auto grow = [&](const CodexCounts& by) {
        total = {total.input + by.input, total.cached + by.cached, total.output + by.output,
                 total.reasoning + by.reasoning};
        return total;
    };
    write_lines(t.session_file(), {
                                      codex_meta(),
                                      codex_turn_context(kGpt5Codex),
                                      codex_tokens(a, grow(a), "2026-11-30T09:01:00.000Z"),
                                      codex_turn_context(kCodexMini, kCodexCwd, "2026-11-30T09:02:00.000Z"),
                                      codex_tokens(b, grow(b), "2026-11-30T09:03:00.000Z"),
                                      codex_turn_context(kGpt5Codex, kCodexCwd, "2026-11-30T09:04:00.000Z"),
                                      codex_tokens(c, grow(c), "2026-11-30T09:05:00.000Z"),
                                  });
    // The two models' prices differ, so the test tells them apart.
    REQUIRE(list_cost(kGpt5Codex, tokens(1000000, 0)) != list_cost(kCodexMini, tokens(1000000, 0)));
    const Folded f = read_logs({t.codex_spec()});
    REQUIRE(f.records.size() == 3);
    CHECK(f.records[0].model == kGpt5Codex);
    CHECK(f.records[0].cost_usd == usd(list_cost(kGpt5Codex, codex_call(a))));
    CHECK(f.records[1].model == kCodexMini);
    CHECK(f.records[1].cost_usd == usd(list_cost(kCodexMini, codex_call(b))));
    CHECK(f.records[2].model == kGpt5Codex);
    CHECK(f.records[2].cost_usd == usd(list_cost(kGpt5Codex, codex_call(c))));
    REQUIRE(f.state.models().size() == 2);
    for (const ModelUsage& m : f.state.models()) {
        INFO(m.model);
        if (m.model == kGpt5Codex) {
            CHECK(m.calls == 2);
            check_tokens(m.tokens, tokens(4000 + 10000, 900 + 100, 16000));
        } else {
            CHECK(m.model == kCodexMini);
            CHECK(m.calls == 1);
            check_tokens(m.tokens, codex_call(b));
        }
    }
}

TEST_CASE("Codex: the session is session_meta's id, else the file's name, the project is the cwd",
          "[agentlogs][codex]")
{
    Trees t;
    const CodexCounts one{500, 100, 20, 0};
    write_lines(t.session_file(), {codex_meta(), codex_turn_context(kGpt5Codex), codex_tokens(one, one)});
    const std::string stem = "rollout-2026-11-30T10-00-00-019acd2f-0000-7000-8000-00000000000b";
    write_lines(t.session_file(stem),
                {codex_turn_context(kGpt5Codex, "/home/ana/web", "2026-11-30T10:00:01.000Z"),
                 codex_tokens(one, one)});

    const Folded f = read_logs({t.codex_spec()});
    REQUIRE(f.records.size() == 2);
    const CallRecord* named = f.record(std::string("codex:") + kCodexId + ":1");
    REQUIRE(named != nullptr);
    CHECK(named->conductor_session == kCodexId);
    CHECK(named->project == kCodexCwd);
    const CallRecord* unnamed = f.record("codex:" + stem + ":1");
    REQUIRE(unnamed != nullptr);
    CHECK(unnamed->conductor_session == stem);
    CHECK(unnamed->project == "/home/ana/web");
}

TEST_CASE("Codex: a session in both sessions/ and archived_sessions/ is read once, from sessions/",
          "[agentlogs][codex]")
{
    Trees t;
    const CodexCounts one{500, 100, 20, 0}, two{700, 0, 30, 0};
    const std::string name = std::string("rollout-2026-11-30T09-00-00-") + kCodexId;
    write_lines(t.session_file(name), {codex_meta(), codex_turn_context(kGpt5Codex), codex_tokens(one, one)});
    // The archived copy says more: were it read, the numbers would show it.
    write_lines(t.session_file(name, "archived_sessions"),
                {codex_meta(), codex_turn_context(kGpt5Codex), codex_tokens(one, one),
                 codex_tokens(two, CodexCounts{1200, 100, 50, 0}, "2026-11-30T09:00:04.000Z")});
    // A session only archived is read from there.
    const std::string archived = "rollout-2026-11-29T08-00-00-019acd30-0000-7000-8000-00000000000c";
    write_lines(t.session_file(archived, "archived_sessions"),
                {codex_meta("019acd30-0000-7000-8000-00000000000c"), codex_turn_context(kGpt5Codex),
                 codex_tokens(two, two, "2026-11-29T08:00:03.000Z")});

    const Folded f = read_logs({t.codex_spec()});
    CHECK(f.read.files == 2);
    CHECK(f.records.size() == 2);
    CHECK(f.state.totals().calls == 2);
    CHECK(f.state.totals().cost_usd ==
          usd(list_cost(kGpt5Codex, codex_call(one)) + list_cost(kGpt5Codex, codex_call(two))));
    CHECK(f.record(std::string("codex:") + kCodexId + ":2") == nullptr);
    CHECK(f.record("codex:019acd30-0000-7000-8000-00000000000c:1") != nullptr);
}

TEST_CASE("Codex: ids are stable across re-reads: importing twice stores each call once",
          "[agentlogs][codex]")
{
    Trees t;
    const CodexCounts a{12000, 8000, 600, 200}, b{9000, 6000, 400, 100};
    std::vector<std::string> lines{codex_meta(), codex_turn_context(kGpt5Codex)};
    for (const std::string& c : codex_content()) lines.push_back(c);
    lines.push_back(codex_tokens(a, a));
    lines.push_back(codex_tokens(b, CodexCounts{21000, 14000, 1000, 300}, "2026-11-30T09:00:08.000Z"));
    write_lines(t.session_file(), lines);
    const std::string db = t.dir / "history.db";

    const Folded first = read_logs({t.codex_spec()}, {}, db);
    const Folded second = read_logs({t.codex_spec()}, {}, db);
    REQUIRE(first.records.size() == 2);
    REQUIRE(second.records.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) CHECK(first.records[i].event_id == second.records[i].event_id);
    const Report r = stored(db, "model");
    CHECK(r.calls == 2);
    CHECK(r.total_usd == usd(list_cost(kGpt5Codex, codex_call(a)) + list_cost(kGpt5Codex, codex_call(b))));

    // Read from remembered offsets, after more was appended: the next ordinal, and only the new call.
    const std::string offsets = t.dir / "offsets";
    read_logs({t.codex_spec()}, offsets, db);
    const CodexCounts c{4000, 1000, 50, 0};
    append(t.session_file(),
           codex_tokens(c, CodexCounts{25000, 15000, 1050, 300}, "2026-11-30T09:00:20.000Z") + "\n");
    const Folded third = read_logs({t.codex_spec()}, offsets, db);
    REQUIRE(third.records.size() == 1);
    CHECK(third.records[0].event_id == std::string("codex:") + kCodexId + ":3");
    CHECK(third.records[0].model == kGpt5Codex);  // the model, carried in the remembered state
    CHECK(third.records[0].project == kCodexCwd);
    check_tokens(third.records[0].tokens, codex_call(c));
    CHECK(stored(db, "model").calls == 3);
}

TEST_CASE("Codex: a count that is not a count is rejected naming the field, the rest still counts",
          "[agentlogs][codex]")
{
    Trees t;
    const CodexCounts one{500, 100, 20, 0};
    ordered_json bad = ordered_json::parse(codex_tokens(one, one, "2026-11-30T09:00:04.000Z"));
    bad["payload"]["info"]["last_token_usage"]["output_tokens"] = 1.5;
    const std::string path = t.session_file();
    write_lines(path, {codex_meta(), codex_turn_context(kGpt5Codex), bad.dump(), codex_tokens(one, one)});
    const Folded f = read_logs({t.codex_spec()});
    CHECK(f.read.bad == 1);
    CHECK(f.read.calls == 1);
    REQUIRE(f.rejections.size() == 1);
    CHECK(f.rejections[0].origin.source == path);
    CHECK(f.rejections[0].origin.line == 3);
    CHECK(f.rejections[0].reason == "info.last_token_usage.output_tokens is not a count");
    REQUIRE(f.records.size() == 1);
    check_tokens(f.records[0].tokens, codex_call(one));
}

// ===================================================================================================
// Reading trees: offsets, files that cannot be read

TEST_CASE("Agent logs: a re-read from remembered offsets reads only the new bytes", "[agentlogs]")
{
    Trees t;
    Assistant a;
    a.usage = {10, 200, 5000, 0, 0};
    const std::string first = t.transcript(std::string(kSessionA) + ".jsonl");
    write_lines(first, {user_line(), assistant_line(a)});
    const std::string offsets = t.dir / "offsets";
    const Folded one = read_logs({t.claude_spec()}, offsets);
    CHECK(one.read.bytes == fs::file_size(first));
    CHECK(one.state.totals().calls == 1);

    Assistant b;
    b.session = kSessionB;
    b.message_id = "msg_01AnotherSessionsCall";
    b.request_id = "req_011AnotherSessionsCall";
    b.usage = {30, 60, 0, 0, 0};
    const std::string second = t.transcript(std::string(kSessionB) + ".jsonl");
    write_lines(second, {user_line(kSessionB), assistant_line(b)});
    const Folded two = read_logs({t.claude_spec()}, offsets);
    CHECK(two.read.files == 2);
    CHECK(two.read.bytes == fs::file_size(second));
    CHECK(two.read.lines == 2);
    CHECK(two.state.totals().calls == 1);
    check_tokens(two.state.totals().tokens, b.usage.counts());

    const Folded three = read_logs({t.claude_spec()}, offsets);
    CHECK(three.read.bytes == 0);
    CHECK(three.read.lines == 0);
    CHECK(three.state.totals().calls == 0);
}

TEST_CASE("Agent logs: a file truncated or rewritten is read again from its start, nothing stored twice",
          "[agentlogs]")
{
    Trees t;
    Assistant a, b;
    a.usage = {10, 200, 5000, 0, 0};
    b.message_id = "msg_01SecondCallInTheFile";
    b.request_id = "req_011SecondCallInTheFile";
    b.usage = {11, 250, 5000, 0, 0};
    const std::string path = t.transcript(std::string(kSessionA) + ".jsonl");
    const std::string db = t.dir / "history.db";
    const std::string offsets = t.dir / "offsets";
    write_lines(path, {user_line(), assistant_line(a), assistant_line(b)});
    read_logs({t.claude_spec()}, offsets, db);
    const double want = list_cost(kSonnet, a.usage.counts()) + list_cost(kSonnet, b.usage.counts());
    CHECK(stored(db, "model").calls == 2);

    // Written anew (another inode), the same lines: all read again, none stored again.
    rewrite(path, slurp(path));
    const Folded rewritten = read_logs({t.claude_spec()}, offsets, db);
    CHECK(rewritten.read.lines == 3);
    CHECK(stored(db, "model").calls == 2);
    CHECK(stored(db, "model").total_usd == usd(want));

    // Cut short below the mark, then grown again: the start again, and only the new call is new.
    const std::string whole = slurp(path);
    fs::resize_file(path, whole.find('\n') + 1);
    const Folded truncated = read_logs({t.claude_spec()}, offsets, db);
    CHECK(truncated.read.lines == 1);
    Assistant c;
    c.message_id = "msg_01ThirdCallAfterTruncation";
    c.request_id = "req_011ThirdCallAfterTruncation";
    c.usage = {12, 300, 5000, 0, 0};
    append(path, assistant_line(a) + "\n" + assistant_line(b) + "\n" + assistant_line(c) + "\n");
    const Folded grown = read_logs({t.claude_spec()}, offsets, db);
    CHECK(grown.read.lines == 3);
    const Report r = stored(db, "model");
    CHECK(r.calls == 3);
    CHECK(r.total_usd == usd(want + list_cost(kSonnet, c.usage.counts())));
    check_report_is_raw_sums(db);

    // A Codex session rewritten with one more call: its ordinals are the same, so only that call is new.
    const CodexCounts x{500, 100, 20, 0}, y{600, 0, 30, 0};
    write_lines(t.session_file(), {codex_meta(), codex_turn_context(kGpt5Codex), codex_tokens(x, x)});
    read_logs({t.codex_spec()}, offsets, db);
    rewrite(t.session_file(), slurp(t.session_file()) +
                                  codex_tokens(y, CodexCounts{1100, 100, 50, 0}, "2026-11-30T09:00:30.000Z") +
                                  "\n");
    const Folded codex = read_logs({t.codex_spec()}, offsets, db);
    CHECK(codex.read.lines == 4);
    CHECK(stored(db, "source").calls == 5);
    const Report by_source = stored(db, "source");
    REQUIRE(row_of(by_source, "codex") != nullptr);
    CHECK(row_of(by_source, "codex")->calls == 2);
    CHECK(row_of(by_source, "codex")->cost_usd ==
          usd(list_cost(kGpt5Codex, codex_call(x)) + list_cost(kGpt5Codex, codex_call(y))));
}

TEST_CASE("Agent logs: a file that cannot be read is reported, the rest is read", "[agentlogs]")
{
    Trees t;
    Assistant a;
    a.usage = {10, 200, 5000, 0, 0};
    write_lines(t.transcript(std::string(kSessionA) + ".jsonl"), {assistant_line(a)});
    const std::string doomed = t.transcript("doomed.jsonl");
    write_lines(doomed, {user_line()});
    std::vector<SourceSpec> specs{SourceSpec::parse_logs(t.claude_spec())};
    LogsScan scan(specs, {});
    // Between the listing and the reading it became a directory: open() works, read() fails, for
    // root too.
    fs::remove(doomed);
    fs::create_directory(doomed);
    EventFolder folder(folder_options());
    SessionState state;
    const LogsRead read = scan.fold(folder, [&](Batch&& b) { state.apply(b); });
    REQUIRE(read.problems.size() == 1);
    CHECK(read.problems[0].find("cannot read " + doomed) != std::string::npos);
    CHECK(state.totals().calls == 1);
    CHECK(state.totals().cost_usd == usd(list_cost(kSonnet, a.usage.counts())));
}

TEST_CASE("The line filter finds text wherever it stands, as string_view::find does", "[agentlogs]")
{
    // Every placement against the vector blocks: at the start, across a block's edge, in the bytes
    // too few for a block, and near misses that share the first and last bytes.
    std::uint32_t seed = 12345;
    const auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
    const std::string alphabet = "ue\"sag: ";
    for (int round = 0; round < 4000; ++round) {
        std::string hay(next() % 120, ' ');
        for (char& ch : hay) ch = alphabet[next() % alphabet.size()];
        std::string needle(1 + next() % 9, ' ');
        for (char& ch : needle) ch = alphabet[next() % alphabet.size()];
        if (next() % 2 && hay.size() >= needle.size())
            hay.replace(next() % (hay.size() - needle.size() + 1), needle.size(), needle);
        INFO("haystack \"" << hay << "\", needle \"" << needle << "\"");
        REQUIRE(agentlogs::contains(hay, needle) == (hay.find(needle) != std::string::npos));
    }
    const std::string line(4096, 'x');
    CHECK_FALSE(agentlogs::contains(line, "usage\""));
    CHECK(agentlogs::contains(line + "\"usage\":{}", "usage\""));
    CHECK(agentlogs::contains("usage\"" + line, "usage\""));
    CHECK_FALSE(agentlogs::contains(line + "usag\"", "usage\""));
    CHECK_FALSE(agentlogs::contains("", "usage\""));
}

TEST_CASE("find_line_end: a line's end and its needle in one pass, as memchr and then find_text",
          "[agentlogs]")
{
    // Lines of every length around the 64-byte blocks, the needle (whole, cut short, straddling a
    // block's edge or the newline) at every place, and bytes after the newline that hold it too.
    std::uint64_t state = 7;
    const auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(state >> 33);
    };
    const std::string needle = "usage\"";
    const std::string alphabet = "usage\"\n{}:,x";
    for (int round = 0; round < 20000; ++round) {
        // A buffer of its own each time, exactly as long as the bytes: a read past them is a fault
        // under the address sanitizer.
        const std::size_t size = 1 + next() % 200;
        std::string text(size, 'x');
        for (char& ch : text) ch = next() % 4 ? 'x' : alphabet[next() % alphabet.size()];
        if (next() % 2)
            text.replace(next() % size, std::min(needle.size(), size), needle, 0,
                         std::min(needle.size(), size));
        const auto bytes = std::make_unique<char[]>(size);
        std::memcpy(bytes.get(), text.data(), size);
        const std::string_view view(bytes.get(), size);
        bool scalar = false, vector = false;
        const char* a = agentlogs::find_line_end(view, needle, scalar, /*vectors=*/false);
        const char* b = agentlogs::find_line_end(view, needle, vector);
        INFO("bytes \"" << text << "\"");
        REQUIRE(a == b);
        REQUIRE(scalar == vector);
        const std::size_t end = a ? static_cast<std::size_t>(a - view.data()) : size;
        REQUIRE(scalar == (text.substr(0, end).find(needle) != std::string::npos));
    }
    std::string long_line(5000, 'x');
    bool has = true;
    CHECK(agentlogs::find_line_end(long_line, needle, has) == nullptr);
    CHECK_FALSE(has);
    long_line += "\"usage\":{}\nusage\"";
    const char* end = agentlogs::find_line_end(long_line, needle, has);
    CHECK(end == long_line.data() + 5010);
    CHECK(has);
}

TEST_CASE("CallReport: a call two readers both read counts once, as the store keeps it, whichever way they "
          "are merged",
          "[agentlogs][store]")
{
    const auto logged = [](const std::string& id, const std::string& project, std::int64_t output) {
        CallRecord r;
        r.ts = parse_rfc3339("2026-11-28T10:00:00Z").value();
        r.event_id = id;
        r.replaces = id;  // a log's call: a larger copy may take its place
        r.provider = "anthropic";
        r.model = kSonnet;
        r.project = project;
        r.source = "claude-code";
        r.tokens = tokens(10, output, 0);
        r.cost_usd = 0.001 * static_cast<double>(output);
        r.priced = true;
        return r;
    };
    const auto by_project = [](const Report& r) {
        std::map<std::string, std::pair<std::uint64_t, std::int64_t>> rows;
        for (const ReportRow& row : r.rows) rows[row.key] = {row.calls, row.output_tokens};
        return rows;
    };
    using Rows = std::map<std::string, std::pair<std::uint64_t, std::int64_t>>;
    for (const bool shop_first : {true, false}) {
        INFO((shop_first ? "shop's group first" : "blog's group first"));
        std::vector<CallReport> groups;
        for (int i = 0; i < 2; ++i) groups.emplace_back("project", TimeZone::utc(), DayRange{}, true);
        CallReport& shop = groups[shop_first ? 0 : 1];
        CallReport& blog = groups[shop_first ? 1 : 0];
        const auto add = [](CallReport& into, const CallRecord& r) { into.add(r); };
        add(shop, logged("req_shared", "shop", 100));
        add(shop, logged("req_shop", "shop", 5));
        add(blog, logged("req_shared", "blog", 300));  // the larger copy: it stays
        add(blog, logged("req_even", "blog", 7));
        add(shop, logged("req_even", "shop", 7));  // alike: the earlier group keeps its own
        const Report r = CallReport::merged(std::move(groups)).report();
        CHECK(r.calls == 3);
        CHECK(r.total_usd == usd(0.312));
        const Rows expected = shop_first ? Rows{{"blog", {1, 300}}, {"shop", {2, 12}}}
                                         : Rows{{"blog", {2, 307}}, {"shop", {1, 5}}};
        CHECK(by_project(r) == expected);
        REQUIRE(r.rows.size() == 2);
        for (const ReportRow& row : r.rows) CHECK(row.models.size() == 1);
    }
}

TEST_CASE("CallReport: two readers' reports merged are the report of all their calls", "[agentlogs][store]")
{
    std::vector<CallRecord> calls;
    const char* models[] = {kSonnet, kHaiku, kSonnet};
    for (int i = 0; i < 12; ++i) {
        CallRecord r;
        r.ts = parse_rfc3339("2026-11-28T10:00:00Z").value() + i * 9 * 3600 * 1000LL;
        r.event_id = "req_" + std::to_string(i);
        r.conductor_session = i % 2 ? "session-a" : "session-b";
        r.provider = "anthropic";
        r.model = models[i % 3];
        r.tier = i % 4 ? "main" : "subagent";
        r.project = i % 3 ? "-home-ana-shop" : "-home-ana-blog";
        r.source = "claude-code";
        r.tokens = tokens(10 + i, 100 * i, 1000);
        r.cost_usd = 0.01 * (i + 1);
        r.priced = true;
        calls.push_back(r);
    }
    for (const char* by : {"day", "week", "model", "tier", "project", "session"}) {
        INFO("by " << by);
        CallReport all(by, TimeZone::utc(), {}, true);
        std::vector<CallReport> shares;
        for (int i = 0; i < 2; ++i) shares.emplace_back(by, TimeZone::utc(), DayRange{}, true);
        for (std::size_t i = 0; i < calls.size(); ++i) {
            all.add(calls[i]);
            shares[i % 3 == 0 ? 1 : 0].add(calls[i]);  // the second group read first, in part
        }
        const Report a = all.report(), m = CallReport::merged(std::move(shares)).report();
        CHECK(m.calls == a.calls);
        CHECK(m.total_usd == usd(a.total_usd));
        CHECK(m.from == a.from);
        CHECK(m.to == a.to);
        REQUIRE(m.rows.size() == a.rows.size());
        for (std::size_t i = 0; i < a.rows.size(); ++i) {
            CHECK(m.rows[i].key == a.rows[i].key);
            CHECK(m.rows[i].calls == a.rows[i].calls);
            CHECK(m.rows[i].input_tokens == a.rows[i].input_tokens);
            CHECK(m.rows[i].output_tokens == a.rows[i].output_tokens);
            CHECK(m.rows[i].cost_usd == usd(a.rows[i].cost_usd));
            CHECK(m.rows[i].started_ms == a.rows[i].started_ms);
            CHECK(m.rows[i].label == a.rows[i].label);
            REQUIRE(m.rows[i].models.size() == a.rows[i].models.size());
            for (std::size_t j = 0; j < a.rows[i].models.size(); ++j) {
                CHECK(m.rows[i].models[j].key == a.rows[i].models[j].key);
                CHECK(m.rows[i].models[j].calls == a.rows[i].models[j].calls);
            }
        }
    }
}

TEST_CASE("History::report --breakdown, by every key: each row's models add up to the row",
          "[agentlogs][store]")
{
    Trees t;
    write_both(t);
    const std::string db = t.dir / "history.db";
    read_logs({t.claude_spec(), t.codex_spec()}, {}, db);
    History h(db, TimeZone::utc());
    for (const char* by : kReportKeys) {
        INFO("by " << by);
        const Report r = h.report(by, {}, /*breakdown=*/true);
        CHECK(r.calls == 5);
        CHECK(r.total_usd == usd(claude_usd() + codex_usd()));
        std::uint64_t models = 0;
        for (const ReportRow& row : r.rows) {
            INFO("row " << row.key);
            CHECK_FALSE(row.models.empty());
            ReportRow sum;
            for (const ReportRow& m : row.models) {
                sum.calls += m.calls;
                sum.input_tokens += m.input_tokens;
                sum.output_tokens += m.output_tokens;
                sum.cache_read_tokens += m.cache_read_tokens;
                sum.cache_write_tokens += m.cache_write_tokens;
                sum.cost_usd += m.cost_usd;
            }
            CHECK(sum.calls == row.calls);
            CHECK(sum.input_tokens == row.input_tokens);
            CHECK(sum.output_tokens == row.output_tokens);
            CHECK(sum.cache_read_tokens == row.cache_read_tokens);
            CHECK(sum.cache_write_tokens == row.cache_write_tokens);
            CHECK(sum.cost_usd == usd(row.cost_usd));
            models += row.models.size();
        }
        // Four models in all; by model, each row is its own one model.
        if (std::string(by) == "model") CHECK(models == 4);
        if (std::string(by) == "provider") CHECK(models == 4);
    }
}

TEST_CASE("History: a row whose calls were all taken back is not shown", "[agentlogs][store]")
{
    Trees t;
    // A replay read first, on the day before, in the subagent's tier; then its main line.
    Assistant replay;
    replay.message_id = "msg_01ReplayedByTheSubagent";
    replay.request_id = "req_011ReplayRequest000002";
    replay.sidechain = true;
    replay.timestamp = "2026-11-29T23:59:00.000Z";
    replay.usage = {8, 120, 15000, 0, 0};
    Assistant main_call = replay;
    main_call.request_id = "req_011MainLineRequest0001";
    main_call.sidechain = false;
    main_call.timestamp = "2026-11-30T10:00:05.000Z";
    main_call.usage = {8, 300, 15000, 2048, 0};
    write_lines(t.transcript(std::string(kSessionA) + ".jsonl"),
                {assistant_line(replay), assistant_line(main_call)});
    const std::string db = t.dir / "history.db";
    read_logs({t.claude_spec()}, {}, db);
    const double want = list_cost(kSonnet, main_call.usage.counts());

    History h(db, TimeZone::utc());
    const Report tiers = h.report("tier", {});
    REQUIRE(tiers.rows.size() == 1);
    CHECK(tiers.rows[0].key == "main");
    CHECK(tiers.rows[0].calls == 1);
    CHECK(tiers.rows[0].cost_usd == usd(want));
    CHECK(tiers.from == "2026-11-30");  // the taken-back call's day is not the data's
    for (const bool breakdown : {false, true}) {
        const Report days = h.report("day", {}, breakdown);
        REQUIRE(days.rows.size() == 1);
        CHECK(days.rows[0].key == "2026-11-30");
        CHECK(days.from == "2026-11-30");
        CHECK(days.to == "2026-11-30");
        const Report byTier = h.report("tier", {}, breakdown);
        REQUIRE(byTier.rows.size() == 1);
        if (breakdown) {
            REQUIRE(days.rows[0].models.size() == 1);
            CHECK(days.rows[0].models[0].calls == 1);
            REQUIRE(byTier.rows[0].models.size() == 1);
            CHECK(byTier.rows[0].models[0].cost_usd == usd(want));
        }
    }
    const HistoryOverview o = h.overview({});
    CHECK(o.calls == 1);
    CHECK(o.total_usd == usd(want));
    REQUIRE(o.days.size() == 1);
    CHECK(o.days[0].key == "2026-11-30");
    REQUIRE(o.tiers.size() == 1);
    CHECK(o.tiers[0].key == "main");
    REQUIRE(o.health.size() == 1);
    CHECK(o.health[0].calls == 1);
}

// ===================================================================================================
// The costpanel binary: import, report, summarize

#ifdef COSTPANEL_EXE

namespace {

using test::kCostpanel;
using test::quoted;

// The commands in a sandbox: a home, config and state directory of their own, no agent's variables,
// days in UTC; standard error kept apart.
struct Cli : Trees
{
    Cli()
    {
        fs::create_directories(dir / "home");
        fs::create_directories(dir / "config");
        fs::create_directories(dir / "state");
    }
    std::string db() const { return dir / "history.db"; }
    std::string env() const
    {
        return "env -u CLAUDE_CONFIG_DIR -u CODEX_HOME HOME=" + quoted(dir / "home") +
               " XDG_CONFIG_HOME=" + quoted(dir / "config") + " XDG_STATE_HOME=" + quoted(dir / "state") +
               " TZ=UTC ";
    }
    test::Run costpanel(const std::string& args) const
    {
        test::Run r = test::run(env() + kCostpanel + " " + args + " 2>" + quoted(dir / "stderr"));
        err = slurp(dir / "stderr");
        return r;
    }
    json report_json(const std::string& args) const
    {
        const test::Run r = costpanel("report --format json " + args);
        INFO("report " << args << "\n" << r.out << err);
        REQUIRE(r.exit_code == 0);
        return json::parse(r.out);
    }
    std::string logs() const { return "--logs " + quoted(claude_spec()) + " --logs " + quoted(codex_spec()); }

    mutable std::string err;
};

std::set<std::string> keys_of(const json& j)
{
    std::set<std::string> k;
    for (const auto& [key, value] : j.items()) k.insert(key);
    return k;
}

std::string bytes_text(std::uint64_t n)
{
    if (n < 1000) return counted(n, "byte");
    char text[32];
    std::snprintf(text, sizeof text, "%.0f kB", static_cast<double>(n) / 1e3);
    return text;
}

}  // namespace

TEST_CASE("import --logs twice: the second reads only the new bytes and stores only the new session",
          "[agentlogs][cli]")
{
    Cli c;
    write_both(c);
    test::Run r = c.costpanel("import " + c.logs() + " --db " + quoted(c.db()));
    INFO(r.out << c.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.starts_with("stored 5 calls from 3 log files ("));

    // The offsets live in $XDG_STATE_HOME/costpanel/logs, one file a tree naming it; none in the home.
    const fs::path marks = c.dir.path() / "state/costpanel/logs";
    std::set<std::string> trees;
    for (const auto& e : fs::directory_iterator(marks)) {
        std::ifstream in(e.path());
        std::string first;
        std::getline(in, first);
        trees.insert(first);
    }
    CHECK(trees == std::set<std::string>{c.claude_spec(), c.codex_spec()});
    CHECK_FALSE(fs::exists(c.dir.path() / "home/.local"));

    Assistant b;
    b.session = kSessionB;
    b.message_id = "msg_01AnotherSessionsCall";
    b.request_id = "req_011AnotherSessionsCall";
    b.timestamp = "2026-11-30T12:00:00.000Z";
    b.usage = {30, 60, 0, 0, 0};
    const std::string added = c.transcript(std::string(kSessionB) + ".jsonl");
    write_lines(added, {assistant_line(b)});
    r = c.costpanel("import " + c.logs() + " --db " + quoted(c.db()));
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.starts_with("stored 1 call from 4 log files (" + bytes_text(fs::file_size(added)) + " new)"));
    CHECK(r.out.find("; 0 log lines not usage") != std::string::npos);

    r = c.costpanel("import " + c.logs() + " --db " + quoted(c.db()));
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.starts_with("stored 0 calls from 4 log files (0 bytes new)"));

    const json all = c.report_json("--db " + quoted(c.db()) + " --by source");
    CHECK(all["calls"] == 6);
    CHECK(all["total_usd"].get<double>() ==
          usd(claude_usd() + codex_usd() + list_cost(kSonnet, b.usage.counts())));
}

TEST_CASE("import --logs: a call stored in the place of its smaller copy is not one more call stored",
          "[agentlogs][cli]")
{
    Cli c;
    Assistant small, large, other;
    small.usage = {12, 1, 20480, 1536, 0};
    large = small;
    large.usage.output = 642;
    other.message_id = "msg_01AnotherCallOfSessionA";
    other.request_id = "req_011AnotherCallOfSessionA";
    other.usage = {30, 60, 0, 0, 0};
    const std::string path = c.transcript(std::string(kSessionA) + ".jsonl");
    write_lines(path, {assistant_line(small), assistant_line(large), assistant_line(other)});
    test::Run r = c.costpanel("import --logs " + quoted(c.claude_spec()) + " --db " + quoted(c.db()));
    INFO(r.out << c.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.starts_with("stored 2 calls from 1 log file ("));

    // A later import that reads a larger copy still: the row is corrected, no call is added.
    Assistant larger = large;
    larger.usage.output = 700;
    append(path, assistant_line(larger) + "\n");
    r = c.costpanel("import --logs " + quoted(c.claude_spec()) + " --db " + quoted(c.db()));
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.starts_with("stored 0 calls from 1 log file ("));
    const json all = c.report_json("--db " + quoted(c.db()) + " --by model");
    CHECK(all["calls"] == 2);
    CHECK(all["total_usd"].get<double>() ==
          usd(list_cost(kSonnet, larger.usage.counts()) + list_cost(kSonnet, other.usage.counts())));
}

TEST_CASE("import --logs: a rewritten file is read again and nothing is stored twice", "[agentlogs][cli]")
{
    Cli c;
    write_both(c);
    const std::string path = c.transcript(std::string(kSessionA) + ".jsonl");
    REQUIRE(c.costpanel("import " + c.logs() + " --db " + quoted(c.db())).exit_code == 0);
    rewrite(path, slurp(path));
    rewrite(c.session_file(), slurp(c.session_file()));
    const test::Run r = c.costpanel("import " + c.logs() + " --db " + quoted(c.db()));
    INFO(r.out << c.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.starts_with("stored 0 calls from 3 log files ("));
    const json all = c.report_json("--db " + quoted(c.db()) + " --by model");
    CHECK(all["calls"] == 5);
    CHECK(all["total_usd"].get<double>() == usd(claude_usd() + codex_usd()));
}

TEST_CASE("import --logs: a file that cannot be read is reported, the rest imported, exit 1",
          "[agentlogs][cli]")
{
    Cli c;
    write_both(c);
    // A log file whose reading fails for everyone, root included: /proc/self/mem at offset 0.
    const std::string broken = c.transcript("broken.jsonl");
    fs::create_symlink("/proc/self/mem", broken);
    std::string unreadable;
    if (::geteuid() != 0) {  // root reads a mode-000 file all the same: the symlink covers root
        unreadable = c.transcript("private.jsonl");
        write_lines(unreadable, {user_line()});
        fs::permissions(unreadable, fs::perms::none);
    }

    test::Run r = c.costpanel("import " + c.logs() + " --db " + quoted(c.db()));
    INFO(r.out << c.err);
    CHECK(r.exit_code == 1);
    CHECK(c.err.find("cannot read " + broken) != std::string::npos);
    if (!unreadable.empty()) CHECK(c.err.find("cannot read " + unreadable) != std::string::npos);
    CHECK(r.out.starts_with("stored 5 calls from "));
    const json all = c.report_json("--db " + quoted(c.db()) + " --by source");
    CHECK(all["calls"] == 5);
    CHECK(all["total_usd"].get<double>() == usd(claude_usd() + codex_usd()));

    r = c.costpanel("report --format json --by source " + c.logs());
    CHECK(r.exit_code == 1);
    CHECK(c.err.find("cannot read " + broken) != std::string::npos);
    CHECK(json::parse(r.out)["calls"] == 5);

    // summarize too: the rest summed, the file named, exit 1 (unreadable input).
    r = c.costpanel("summarize " + c.logs());
    CHECK(r.exit_code == 1);
    CHECK(c.err.find("cannot read " + broken) != std::string::npos);
    CHECK(json::parse(r.out)["calls"] == 5);
    CHECK(json::parse(r.out)["session_total_usd"].get<double>() == usd(claude_usd() + codex_usd()));
}

TEST_CASE("report --logs: the JSON of a stored report, and the same numbers", "[agentlogs][cli]")
{
    Cli c;
    write_both(c);
    REQUIRE(c.costpanel("import " + c.logs() + " --db " + quoted(c.db())).exit_code == 0);
    for (const char* by :
         {"day", "week", "month", "provider", "model", "tier", "project", "source", "session"}) {
        INFO("--by " << by);
        const json logs = c.report_json(c.logs() + " --by " + by);
        const json db = c.report_json("--db " + quoted(c.db()) + " --by " + by);
        CHECK(keys_of(logs) == keys_of(db));
        REQUIRE(logs["rows"].size() > 0);
        REQUIRE(db["rows"].size() > 0);
        CHECK(keys_of(logs["rows"][0]) == keys_of(db["rows"][0]));
        CHECK(logs["calls"] == 5);
        CHECK(db["calls"] == 5);
        CHECK(logs["total_usd"].get<double>() == usd(claude_usd() + codex_usd()));
        CHECK(db["total_usd"].get<double>() == usd(claude_usd() + codex_usd()));
        CHECK(logs["from"] == db["from"]);
        CHECK(logs["to"] == db["to"]);
        REQUIRE(logs["rows"].size() == db["rows"].size());
        for (std::size_t i = 0; i < logs["rows"].size(); ++i) {
            const json& l = logs["rows"][i];
            const json& d = db["rows"][i];
            CHECK(l["key"] == d["key"]);
            for (const char* n :
                 {"calls", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"})
                CHECK(l[n] == d[n]);
            CHECK(l["cost_usd"].get<double>() == usd(d["cost_usd"].get<double>()));
            // By session, the agents' own sessions in both: the same labels (the stored start is the
            // quarter hour of the first call, the read one its very time).
            if (std::string(by) == "session") CHECK(l["label"] == d["label"]);
        }
    }
    // With --breakdown, the same models under the same rows, stored or not.
    for (const char* by : {"day", "model", "tier", "project", "source", "session"}) {
        INFO("--breakdown --by " << by);
        const json logs = c.report_json(c.logs() + " --breakdown --by " + by);
        const json db = c.report_json("--db " + quoted(c.db()) + " --breakdown --by " + by);
        REQUIRE(logs["rows"].size() == db["rows"].size());
        for (std::size_t i = 0; i < logs["rows"].size(); ++i) {
            const json& l = logs["rows"][i]["models"];
            const json& d = db["rows"][i]["models"];
            REQUIRE(l.size() == d.size());
            for (std::size_t m = 0; m < l.size(); ++m) {
                CHECK(keys_of(l[m]) == keys_of(d[m]));
                CHECK(l[m]["model"] == d[m]["model"]);
                CHECK(l[m]["calls"] == d[m]["calls"]);
                CHECK(l[m]["cost_usd"].get<double>() == usd(d[m]["cost_usd"].get<double>()));
            }
        }
    }
    // By project, the numbers of each: Claude Code's directory under projects/, Codex's cwd.
    const json projects = c.report_json(c.logs() + " --by project");
    std::map<std::string, double> cost;
    for (const json& row : projects["rows"])
        cost[row["key"].get<std::string>()] = row["cost_usd"].get<double>();
    CHECK(cost.size() == 2);
    CHECK(cost[kProject] == usd(claude_usd()));
    CHECK(cost[kCodexCwd] == usd(codex_usd()));
    // By session, the agents' own sessions, each labelled and started at its first call.
    const json sessions = c.report_json(c.logs() + " --by session");
    REQUIRE(sessions["rows"].size() == 2);
    for (const json& row : sessions["rows"]) {
        CHECK(row["label"] == row["key"]);
        if (row["key"] == kSessionA) {
            CHECK(row["calls"] == 3);
            CHECK(row["started"] == "2026-11-30T10:00:05.000Z");
        } else {
            CHECK(row["key"] == kCodexId);
            CHECK(row["started"] == "2026-11-30T09:00:03.000Z");
        }
    }
}

TEST_CASE("report --logs: a call whose lines lie in two projects' folders counts once, as import stores it",
          "[agentlogs][cli]")
{
    Cli c;
    // The same message and request in two projects (a transcript copied from one folder to another):
    // the larger copy counts, wherever it lies; each project's own calls count where they are.
    Assistant shared, larger, shop_own, blog_own;
    shared.usage = {10, 100, 0, 0, 0};
    larger = shared;
    larger.usage = {10, 400, 0, 0, 0};
    shop_own.message_id = "msg_01ShopOwnCall";
    shop_own.request_id = "req_011ShopOwnCall";
    shop_own.usage = {5, 50, 0, 0, 0};
    blog_own.message_id = "msg_01BlogOwnCall";
    blog_own.request_id = "req_011BlogOwnCall";
    blog_own.usage = {7, 70, 0, 0, 0};
    write_lines(c.transcript("a.jsonl", "-home-ana-shop"),
                {user_line(), assistant_line(shared), assistant_line(shop_own)});
    // The second project's files are more bytes: the scan reads it first (the largest first).
    write_lines(c.transcript("b.jsonl", "-home-ana-blog"),
                {user_line(), user_line(), user_line(), assistant_line(larger), assistant_line(blog_own)});
    const std::string logs = "--logs " + quoted(c.claude_spec());
    REQUIRE(c.costpanel("import " + logs + " --db " + quoted(c.db())).exit_code == 0);
    const json read = c.report_json(logs + " --by project");
    const json stored = c.report_json("--db " + quoted(c.db()) + " --by project");
    CHECK(read["calls"] == 3);
    CHECK(stored["calls"] == 3);
    CHECK(read["total_usd"].get<double>() == usd(stored["total_usd"].get<double>()));
    std::map<std::string, std::pair<int, int>> by_project;  // calls, output tokens
    for (const json& row : read["rows"])
        by_project[row["key"].get<std::string>()] = {row["calls"].get<int>(),
                                                     row["output_tokens"].get<int>()};
    CHECK(by_project["-home-ana-blog"] == std::pair{2, 470});
    CHECK(by_project["-home-ana-shop"] == std::pair{1, 50});
}

TEST_CASE("report --logs --breakdown: each row's models add up to the row", "[agentlogs][cli]")
{
    Cli c;
    write_both(c);
    for (const char* by : {"day", "month", "provider", "project", "session", "tier"}) {
        INFO("--by " << by);
        const json r = c.report_json(c.logs() + " --breakdown --by " + by);
        std::uint64_t calls = 0;
        for (const json& row : r["rows"]) {
            INFO("row " << row["key"]);
            REQUIRE(row.contains("models"));
            REQUIRE(row["models"].size() > 0);
            std::uint64_t n = 0;
            std::int64_t input = 0, output = 0, read = 0, write = 0;
            double usd_sum = 0;
            for (const json& m : row["models"]) {
                CHECK(keys_of(m) == std::set<std::string>{"model", "calls", "input_tokens", "output_tokens",
                                                          "cache_read_tokens", "cache_write_tokens",
                                                          "cost_usd", "unpriced_calls", "approximate_calls",
                                                          "standard_rate_calls"});
                n += m["calls"].get<std::uint64_t>();
                input += m["input_tokens"].get<std::int64_t>();
                output += m["output_tokens"].get<std::int64_t>();
                read += m["cache_read_tokens"].get<std::int64_t>();
                write += m["cache_write_tokens"].get<std::int64_t>();
                usd_sum += m["cost_usd"].get<double>();
            }
            CHECK(n == row["calls"]);
            CHECK(input == row["input_tokens"]);
            CHECK(output == row["output_tokens"]);
            CHECK(read == row["cache_read_tokens"]);
            CHECK(write == row["cache_write_tokens"]);
            CHECK(usd_sum == usd(row["cost_usd"].get<double>()));
            calls += n;
        }
        CHECK(calls == 5);
    }
    // Without --breakdown, no models.
    const json plain = c.report_json(c.logs() + " --by day");
    CHECK_FALSE(plain["rows"][0].contains("models"));
    // By provider, each provider's two models.
    const json providers = c.report_json(c.logs() + " --breakdown --by provider");
    std::map<std::string, std::size_t> models;
    for (const json& row : providers["rows"]) models[row["key"].get<std::string>()] = row["models"].size();
    CHECK(models == std::map<std::string, std::size_t>{{"anthropic", 2}, {"openai", 2}});
}

TEST_CASE("report --logs --by day: days are the time zone's", "[agentlogs][cli]")
{
    Cli c;
    write_both(c);
    const json utc = c.report_json(c.logs() + " --by day --timezone UTC");
    REQUIRE(utc["rows"].size() == 1);
    CHECK(utc["rows"][0]["key"] == "2026-11-30");
    CHECK(utc["rows"][0]["calls"] == 5);

    // 16:30 UTC is 01:30 the next day in Tokyo: that call moves to 1 December.
    const json tokyo = c.report_json(c.logs() + " --by day --timezone Asia/Tokyo");
    CHECK(tokyo["timezone"] == "Asia/Tokyo");
    CHECK(tokyo["from"] == "2026-11-30");
    CHECK(tokyo["to"] == "2026-12-01");
    REQUIRE(tokyo["rows"].size() == 2);
    CHECK(tokyo["rows"][0]["key"] == "2026-11-30");
    CHECK(tokyo["rows"][0]["calls"] == 4);
    CHECK(tokyo["rows"][1]["key"] == "2026-12-01");
    CHECK(tokyo["rows"][1]["calls"] == 1);
    CHECK(tokyo["rows"][1]["cost_usd"].get<double>() ==
          usd(list_cost(kSonnet, tokens(20, 900, 22000, 0, 4096))));
    CHECK(tokyo["total_usd"].get<double>() == usd(claude_usd() + codex_usd()));
}

TEST_CASE("import --logs stores no prompt, response, thinking or tool content", "[agentlogs][cli]")
{
    Cli c;
    write_both(c);
    // Every marker is in the fixtures, so finding none in the store means something.
    const std::string fixtures = read_fixture_text(c);
    for (const char* m : kMarkers) {
        INFO(m);
        REQUIRE(fixtures.find(m) != std::string::npos);
    }
    const test::Run r = c.costpanel("import " + c.logs() + " --db " + quoted(c.db()));
    INFO(r.out << c.err);
    REQUIRE(r.exit_code == 0);
    std::string kept;
    for (const auto& e : fs::recursive_directory_iterator(c.dir.path()))
        if (e.is_regular_file() && e.path().string().starts_with(c.db())) kept += slurp(e.path().string());
    REQUIRE(kept.size() > 0);
    // What is kept is there (the search would find text), and no content is.
    CHECK(kept.find(kSessionA) != std::string::npos);
    CHECK(kept.find(kCodexCwd) != std::string::npos);
    for (const char* m : kMarkers) {
        INFO(m);
        CHECK(kept.find(m) == std::string::npos);
    }
    // Nor the offsets the import remembered.
    std::string marks;
    for (const auto& e : fs::recursive_directory_iterator(c.dir.path() / "state"))
        if (e.is_regular_file()) marks += slurp(e.path().string());
    REQUIRE(marks.size() > 0);
    for (const char* m : kMarkers) {
        INFO(m);
        CHECK(marks.find(m) == std::string::npos);
    }
}

TEST_CASE("both kinds of logs in one command", "[agentlogs][cli]")
{
    Cli c;
    write_both(c);
    const json bysource = c.report_json(c.logs() + " --by source");
    std::map<std::string, std::pair<std::uint64_t, double>> rows;
    for (const json& row : bysource["rows"])
        rows[row["key"].get<std::string>()] = {row["calls"].get<std::uint64_t>(),
                                               row["cost_usd"].get<double>()};
    REQUIRE(rows.size() == 2);
    CHECK(rows["claude-code"].first == 3);
    CHECK(rows["claude-code"].second == usd(claude_usd()));
    CHECK(rows["codex"].first == 2);
    CHECK(rows["codex"].second == usd(codex_usd()));

    REQUIRE(c.costpanel("import " + c.logs() + " --db " + quoted(c.db())).exit_code == 0);
    const json db = c.report_json("--db " + quoted(c.db()) + " --by source");
    REQUIRE(db["rows"].size() == 2);
    for (const json& row : db["rows"]) {
        const auto& want = rows[row["key"].get<std::string>()];
        CHECK(row["calls"] == want.first);
        CHECK(row["cost_usd"].get<double>() == usd(want.second));
    }

    const test::Run s = c.costpanel("summarize " + c.logs());
    INFO(s.out << c.err);
    REQUIRE(s.exit_code == 0);
    const json summary = json::parse(s.out);
    CHECK(summary["calls"] == 5);
    CHECK(summary["session_total_usd"].get<double>() == usd(claude_usd() + codex_usd()));
}

#endif  // COSTPANEL_EXE
