#include "claude_code_tree.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <memory>
#include <set>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace bench {

void ClaudeCodeTree::add(const ClaudeCodeTree& o)
{
    files += o.files;
    subagent_files += o.subagent_files;
    sessions += o.sessions;
    lines += o.lines;
    assistant_lines += o.assistant_lines;
    bytes += o.bytes;
    for (const auto& [model, tokens] : o.by_model) by_model[model].add(tokens);
}

namespace {

// splitmix64: the same numbers on every platform and standard library, unlike <random>'s
// distributions.
class Rng
{
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next()
    {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n) { return n ? next() % n : 0; }
    std::int64_t range(std::int64_t lo, std::int64_t hi)
    {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
    }
    bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
    template <class T, std::size_t N> const T& pick(const std::array<T, N>& a) { return a[below(N)]; }

private:
    std::uint64_t state_;
};

// 2025-10-01T00:00:00Z: the first day of the tree's 60.
constexpr std::int64_t kStartMs = 1'759'276'800'000;
constexpr std::int64_t kDayMs = 86'400'000;
constexpr int kDays = 60;

constexpr std::array<const char*, 12> kProjects = {
    "/home/ana/src/shop",           "/home/ana/src/shop-api",    "/home/ana/work/billing-service",
    "/home/ana/work/infra",         "/home/ana/notes",           "/home/ana/src/costpanel",
    "/home/ana/src/dotfiles",       "/home/ana/work/mobile-app", "/home/ana/src/rust.playground",
    "/home/ana/work/data-pipeline", "/home/ana/src/blog",        "/home/ana/work/ml-eval"};
constexpr std::array<const char*, 5> kVersions = {"2.0.14", "2.0.22", "2.0.27", "2.0.31", "2.0.37"};
constexpr std::array<const char*, 6> kBranches = {"main",          "main",         "main",
                                                  "feat/checkout", "fix/rounding", "refactor-store"};
constexpr std::array<const char*, 8> kCommands = {"npm test",   "git status",     "git diff --stat",
                                                  "make -j2",   "cargo test",     "npm run build",
                                                  "ls -la src", "pytest -q tests"};
constexpr std::array<const char*, 16> kFiles = {"src/cart.ts",
                                                "src/checkout/total.ts",
                                                "src/api/orders.ts",
                                                "src/db/schema.sql",
                                                "README.md",
                                                "src/main.rs",
                                                "src/lib.rs",
                                                "tests/test_cart.py",
                                                "src/store.cpp",
                                                "src/store.hpp",
                                                "Makefile",
                                                "package.json",
                                                "src/ui/panel.tsx",
                                                "src/util/money.ts",
                                                "docs/architecture.md",
                                                "scripts/deploy.sh"};

constexpr const char* kSonnet = "claude-sonnet-4-5-20250929";
constexpr const char* kOpus = "claude-opus-4-1-20250805";
constexpr const char* kHaiku = "claude-haiku-4-5-20251001";

// Text to cut content from: words, punctuation, code and the escapes JSON strings carry (\n, \t,
// \"), every token JSON-safe and a space between tokens, so a cut at spaces is a valid string.
class Corpus
{
public:
    Corpus()
    {
        static constexpr std::array<const char*, 96> words = {"the",         "a",
                                                              "to",          "of",
                                                              "and",         "in",
                                                              "is",          "that",
                                                              "for",         "it",
                                                              "this",        "with",
                                                              "we",          "function",
                                                              "return",      "value",
                                                              "const",       "file",
                                                              "test",        "error",
                                                              "should",      "total",
                                                              "cart",        "price",
                                                              "order",       "rounding",
                                                              "cents",       "currency",
                                                              "let",         "me",
                                                              "check",       "now",
                                                              "update",      "the",
                                                              "handler",     "because",
                                                              "when",        "then",
                                                              "string",      "number",
                                                              "null",        "undefined",
                                                              "async",       "await",
                                                              "import",      "export",
                                                              "from",        "class",
                                                              "struct",      "std::vector<int>",
                                                              "auto",        "fn",
                                                              "impl",        "self",
                                                              "pub",         "=",
                                                              "==",          "=>",
                                                              "{",           "}",
                                                              "(",           ")",
                                                              "[];",         "i++",
                                                              "//",          "TODO:",
                                                              "I'll",        "look",
                                                              "at",          "where",
                                                              "schema",      "migration",
                                                              "query",       "index",
                                                              "column",      "row",
                                                              "passes",      "fails",
                                                              "because",     "expected",
                                                              "received",    "line",
                                                              "build",       "\\n",
                                                              "\\n\\n",      "\\t",
                                                              "\\\"id\\\":", "\\\"total\\\"",
                                                              "->",          "::",
                                                              "user",        "session",
                                                              "cache",       "token",
                                                              "request",     "response"};
        Rng rng(0x636f7374);
        text_.reserve(kSize + 64);
        while (text_.size() < kSize) {
            text_ += words[rng.below(words.size())];
            if (rng.chance(0.08)) text_ += rng.chance(0.5) ? "." : ",";
            text_ += ' ';
        }
    }
    // About `lo` to `hi` bytes, starting and ending at token boundaries.
    std::string_view cut(Rng& rng, std::size_t lo, std::size_t hi) const
    {
        const std::size_t want = lo + rng.below(hi - lo + 1);
        std::size_t start = rng.below(kSize - hi - 256);
        start = text_.find(' ', start) + 1;
        std::size_t end = text_.rfind(' ', start + want);
        if (end <= start) end = text_.find(' ', start);
        return std::string_view(text_).substr(start, end - start);
    }

private:
    static constexpr std::size_t kSize = 4u << 20;
    std::string text_;
};

const Corpus& corpus()
{
    static const Corpus c;
    return c;
}

std::string encoded_project(std::string_view path)
{
    std::string out(path);
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
    return out;
}

std::string rfc3339(std::int64_t ms)
{
    using namespace std::chrono;
    const sys_time<milliseconds> t{milliseconds(ms)};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> hms{t - day};
    char b[40];
    std::snprintf(b, sizeof b, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                  static_cast<long>(hms.seconds().count()), static_cast<long>(hms.subseconds().count()));
    return b;
}

std::string uuid(Rng& rng)
{
    static constexpr char hex[] = "0123456789abcdef";
    const std::uint64_t a = rng.next(), b = rng.next();
    std::string s;
    s.reserve(36);
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) s += '-';
        unsigned nibble = static_cast<unsigned>(((i < 16 ? a : b) >> (4 * (i % 16))) & 15);
        if (i == 12) nibble = 4;                 // version 4
        if (i == 16) nibble = 8 | (nibble & 3);  // variant 10xx
        s += hex[nibble];
    }
    return s;
}

std::string base62(Rng& rng, std::string prefix, int n)
{
    static constexpr char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < n; ++i) prefix += digits[rng.below(62)];
    return prefix;
}

std::string hex_id(Rng& rng, int n)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < n; ++i) s += hex[rng.below(16)];
    return s;
}

// One .jsonl file, written through a buffer.
class File
{
public:
    File(const std::filesystem::path& path, ClaudeCodeTree& stats) : stats_(stats)
    {
        std::filesystem::create_directories(path.parent_path());
        f_ = std::fopen(path.c_str(), "wb");
        if (!f_) throw std::runtime_error("cannot write " + path.string());
        ++stats_.files;
    }
    ~File()
    {
        flush();
        std::fclose(f_);
    }
    File(const File&) = delete;
    File& operator=(const File&) = delete;

    void line(const std::string& l)
    {
        buf_ += l;
        buf_ += '\n';
        ++stats_.lines;
        stats_.bytes += l.size() + 1;
        if (buf_.size() > (1u << 20)) flush();
    }

private:
    void flush()
    {
        std::fwrite(buf_.data(), 1, buf_.size(), f_);
        buf_.clear();
    }
    std::FILE* f_ = nullptr;
    std::string buf_;
    ClaudeCodeTree& stats_;
};

struct Usage
{
    std::int64_t input, output, cache_read, cache_write;
};

// One conversation: a session's main transcript or one subagent's.
class Conversation
{
public:
    Conversation(File& file, Rng& rng, ClaudeCodeTree& stats, std::string cwd, std::string session,
                 std::string version, std::string branch, std::string agent_id)
        : file_(file), rng_(rng), stats_(stats), cwd_(std::move(cwd)), session_(std::move(session)),
          version_(std::move(version)), branch_(std::move(branch)), agent_id_(std::move(agent_id))
    {
    }

    std::int64_t ts = 0;
    std::string model;

    void summary()
    {
        const std::string_view text = corpus().cut(rng_, 20, 60);
        const std::string leaf = uuid(rng_);
        file_.line(R"({"type":"summary","summary":")" + std::string(text) + R"(","leafUuid":")" + leaf +
                   "\"}");
    }

    void prompt(std::string_view text)
    {
        std::string l = envelope();
        l += R"("type":"user","message":{"role":"user","content":")";
        l += text;
        l += "\"},";
        finish(l);
        ts += rng_.range(800, 4000);
    }

    // One API call: its blocks, each its own line with the message's id, request id, model and usage.
    // `tools` are the tool_use blocks (names); `thinking` and `text` add those blocks. Returns the
    // tool_use ids, in order.
    std::vector<std::string> call(bool thinking, bool text, const std::vector<std::string>& tools,
                                  const std::vector<std::string>& inputs)
    {
        const Usage u = next_usage(thinking, text, tools.size());
        const std::string msg = base62(rng_, "msg_01", 22), req = base62(rng_, "req_011C", 20);
        char usage[400];
        std::snprintf(usage, sizeof usage,
                      R"("usage":{"input_tokens":%lld,"cache_creation_input_tokens":%lld,)"
                      R"("cache_read_input_tokens":%lld,"cache_creation":{"ephemeral_5m_input_tokens":%lld,)"
                      R"("ephemeral_1h_input_tokens":0},"output_tokens":%lld,"service_tier":"standard"}})",
                      static_cast<long long>(u.input), static_cast<long long>(u.cache_write),
                      static_cast<long long>(u.cache_read), static_cast<long long>(u.cache_write),
                      static_cast<long long>(u.output));
        std::vector<std::string> blocks, ids;
        if (thinking) {
            const std::string_view thought = corpus().cut(rng_, 300, 3000);
            const int signature = static_cast<int>(rng_.range(200, 600));
            blocks.push_back(R"({"type":"thinking","thinking":")" + std::string(thought) +
                             R"(","signature":")" + base62(rng_, "Eq", signature) + "\"}");
        }
        if (text)
            blocks.push_back(R"({"type":"text","text":")" + std::string(corpus().cut(rng_, 120, 1500)) +
                             "\"}");
        for (std::size_t i = 0; i < tools.size(); ++i) {
            ids.push_back(base62(rng_, "toolu_01", 22));
            blocks.push_back(R"({"type":"tool_use","id":")" + ids.back() + R"(","name":")" + tools[i] +
                             R"(","input":)" + inputs[i] + "}");
        }
        const std::string stop = tools.empty() ? "\"end_turn\"" : "\"tool_use\"";
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            std::string l = envelope();
            l += R"("message":{"model":")" + model + R"(","id":")" + msg +
                 R"(","type":"message","role":"assistant","content":[)" + blocks[i] + R"(],"stop_reason":)" +
                 (i + 1 == blocks.size() ? stop : "null") + R"(,"stop_sequence":null,)" + usage +
                 R"(,"requestId":")" + req + R"(","type":"assistant",)";
            finish(l);
            ++stats_.assistant_lines;
            ts += rng_.range(30, 900);
        }
        TreeTokens& t = stats_.by_model[model];
        ++t.calls;
        t.input += static_cast<std::uint64_t>(u.input);
        t.output += static_cast<std::uint64_t>(u.output);
        t.cache_read += static_cast<std::uint64_t>(u.cache_read);
        t.cache_write += static_cast<std::uint64_t>(u.cache_write);
        last_output_ = u.output;
        return ids;
    }

    void tool_result(const std::string& id, const std::string& content, const std::string& use_result)
    {
        std::string l = envelope();
        l += R"("type":"user","message":{"role":"user","content":[{"tool_use_id":")" + id +
             R"(","type":"tool_result","content":")" + content + R"("}]},)";
        finish(l, use_result);
        pending_tokens_ += static_cast<std::int64_t>(content.size()) / 4;
        ts += rng_.range(200, 20'000);
    }

    void idle(std::int64_t ms)
    {
        ts += ms;
        if (ms > 5 * 60'000) cache_expired_ = true;  // the 5-minute prompt cache is gone
    }

private:
    std::string envelope() const
    {
        std::string l = R"({"parentUuid":)";
        l += parent_.empty() ? "null" : "\"" + parent_ + "\"";
        l += agent_id_.empty() ? R"(,"isSidechain":false)" : R"(,"isSidechain":true)";
        l += R"(,"userType":"external","cwd":")" + cwd_ + R"(","sessionId":")" + session_ +
             R"(","version":")" + version_ + R"(","gitBranch":")" + branch_ + "\",";
        if (!agent_id_.empty()) l += R"("agentId":")" + agent_id_ + "\",";
        return l;
    }

    void finish(std::string& l, const std::string& tail = {})
    {
        parent_ = uuid(rng_);
        l += R"("uuid":")" + parent_ + R"(","timestamp":")" + rfc3339(ts) + "\"";
        if (!tail.empty()) l += "," + tail;
        l += '}';
        file_.line(l);
    }

    // The prompt grows call by call: what the last call added is written to the cache, the rest read
    // from it; an idle gap expires the cache; near the window's end the conversation is compacted.
    // The input side (input + cache read + cache write) stays well under 200,000 tokens.
    Usage next_usage(bool thinking, bool text, std::size_t tools)
    {
        Usage u{};
        u.input = rng_.chance(0.05) ? rng_.range(100, 4000) : rng_.range(1, 12);
        u.output = (thinking ? rng_.range(200, 2500) : 0) + (text ? rng_.range(30, 900) : 0) +
                   static_cast<std::int64_t>(tools) * rng_.range(40, 600);
        const std::int64_t added = last_output_ + pending_tokens_ + rng_.range(0, 400);
        pending_tokens_ = 0;
        if (context_ == 0) {
            context_ = rng_.range(14'000, 26'000);
            u.cache_read = agent_id_.empty() ? rng_.range(0, 12'000) : 0;
            u.cache_write = context_ - u.cache_read;
        } else if (context_ + added > 175'000) {  // compacted
            context_ = rng_.range(20'000, 40'000);
            u.cache_read = rng_.range(12'000, 16'000);
            u.cache_write = context_ - u.cache_read;
        } else if (cache_expired_) {
            u.cache_read = std::min<std::int64_t>(context_, rng_.range(12'000, 16'000));
            u.cache_write = context_ - u.cache_read + added;
            context_ += added;
        } else {
            u.cache_read = context_;
            u.cache_write = added;
            context_ += added;
        }
        cache_expired_ = false;
        return u;
    }

    File& file_;
    Rng& rng_;
    ClaudeCodeTree& stats_;
    std::string cwd_, session_, version_, branch_, agent_id_;
    std::string parent_;
    std::int64_t context_ = 0, last_output_ = 0, pending_tokens_ = 0;
    bool cache_expired_ = false;
};

std::string tool_input(Rng& rng, const std::string& cwd, const std::string& tool)
{
    // Each draw in a statement of its own: the order of the operands of + is unspecified.
    const std::string file = cwd + "/" + rng.pick(kFiles);
    if (tool == "Read") return R"({"file_path":")" + file + "\"}";
    if (tool == "Bash") {
        const std::string command = rng.pick(kCommands);
        const std::string_view description = corpus().cut(rng, 15, 50);
        return R"({"command":")" + command + R"(","description":")" + std::string(description) + "\"}";
    }
    if (tool == "Edit") {
        const std::string_view before = corpus().cut(rng, 40, 600);
        const std::string_view after = corpus().cut(rng, 40, 800);
        return R"({"file_path":")" + file + R"(","old_string":")" + std::string(before) +
               R"(","new_string":")" + std::string(after) + "\"}";
    }
    if (tool == "Grep")
        return R"({"pattern":")" + std::string(corpus().cut(rng, 3, 12)) + R"(","path":")" + cwd +
               R"(/src","output_mode":"content"})";
    const std::string_view description = corpus().cut(rng, 10, 40);
    const std::string_view prompt = corpus().cut(rng, 200, 1500);
    return R"({"description":")" + std::string(description) + R"(","prompt":")" + std::string(prompt) +
           R"(","subagent_type":"general-purpose"})";
}

// A tool's result as Claude Code records it: the content, and its own toolUseResult.
std::pair<std::string, std::string> tool_output(Rng& rng, const std::string& cwd, const std::string& tool)
{
    if (tool == "Read") {
        std::string content;
        const std::int64_t lines = rng.range(5, 60), first = rng.range(1, 400);
        for (std::int64_t i = 0; i < lines; ++i) {
            char n[32];
            std::snprintf(n, sizeof n, "%6lld\u2192", static_cast<long long>(first + i));
            content += n;
            content += corpus().cut(rng, 10, 110);
            content += "\\n";
        }
        return {content, R"("toolUseResult":{"type":"text","file":{"filePath":")" + cwd + "/" +
                             rng.pick(kFiles) + R"(","numLines":)" + std::to_string(lines) +
                             R"(,"startLine":)" + std::to_string(first) + "}}"};
    }
    std::string content(corpus().cut(rng, 200, 4000));
    if (tool == "Bash")
        return {content, R"("toolUseResult":{"stdout":")" + std::string(corpus().cut(rng, 20, 200)) +
                             R"(","stderr":"","interrupted":false,"isImage":false})"};
    return {content, {}};
}

// Writes a subagent's transcript of `calls` calls, from `ts` on; `ts` becomes the time it ended.
void write_subagent(const std::filesystem::path& session_dir, Rng& rng, ClaudeCodeTree& stats,
                    const std::string& cwd, const std::string& session, const std::string& version,
                    const std::string& branch, const std::string& model, std::int64_t& ts, std::int64_t calls)
{
    const std::string agent = hex_id(rng, 17);
    File file(session_dir / "subagents" / ("agent-" + agent + ".jsonl"), stats);
    ++stats.subagent_files;
    Conversation c(file, rng, stats, cwd, session, version, branch, agent);
    c.ts = ts;
    c.model = model;
    c.prompt(corpus().cut(rng, 200, 1500));
    static constexpr std::array<const char*, 4> tools = {"Read", "Grep", "Bash", "Read"};
    for (std::int64_t i = 0; i < calls; ++i) {
        const bool last = i + 1 == calls;
        std::vector<std::string> names, inputs;
        if (!last) {
            names.push_back(rng.pick(tools));
            inputs.push_back(tool_input(rng, cwd, names.back()));
        }
        const bool thinking = rng.chance(0.2);
        const bool text = last || rng.chance(0.4);
        const auto ids = c.call(thinking, text, names, inputs);
        for (std::size_t k = 0; k < ids.size(); ++k) {
            const auto [content, use] = tool_output(rng, cwd, names[k]);
            c.tool_result(ids[k], content, use);
        }
    }
    ts = c.ts;
}

const char* session_model(Rng& rng)
{
    const std::uint64_t r = rng.below(100);
    return r < 80 ? kSonnet : r < 90 ? kOpus : kHaiku;
}

// One session of exactly `calls` calls, its subagents' included.
void write_session(const std::filesystem::path& projects, const std::string& cwd, Rng& rng,
                   ClaudeCodeTree& stats, std::int64_t calls, std::int64_t start_ms)
{
    const std::string session = uuid(rng), version = rng.pick(kVersions), branch = rng.pick(kBranches);
    const std::filesystem::path dir = projects / encoded_project(cwd);
    File file(dir / (session + ".jsonl"), stats);
    ++stats.sessions;

    // Subagents take up to 40% of a longer session's calls.
    std::vector<std::int64_t> sub_calls;
    if (calls >= 40 && rng.chance(0.4)) {
        std::int64_t left = calls * 2 / 5;
        for (int n = static_cast<int>(rng.range(1, 3)); n > 0 && left >= 5; --n) {
            const std::int64_t k = rng.range(5, std::min<std::int64_t>(60, left));
            sub_calls.push_back(k);
            left -= k;
        }
    }
    std::int64_t main_calls = calls;
    for (std::int64_t k : sub_calls) main_calls -= k;
    std::set<std::int64_t> spawn_at;  // main calls whose tool is a Task
    while (spawn_at.size() < sub_calls.size()) spawn_at.insert(rng.range(0, main_calls - 2));

    Conversation c(file, rng, stats, cwd, session, version, branch, {});
    c.ts = start_ms;
    c.model = session_model(rng);
    const std::int64_t switch_at = rng.chance(0.05) ? main_calls / 2 : -1;  // a /model midway
    if (rng.chance(0.25)) c.summary();
    static constexpr std::array<const char*, 8> tools = {"Read", "Read", "Edit", "Bash",
                                                         "Grep", "Read", "Edit", "Bash"};
    std::size_t subagent = 0;
    std::int64_t turn_left = 0;
    for (std::int64_t i = 0; i < main_calls; ++i) {
        if (turn_left == 0) {
            if (i) c.idle(rng.chance(0.2) ? rng.range(6 * 60'000, 90 * 60'000) : rng.range(20'000, 240'000));
            c.prompt(corpus().cut(rng, 40, 800));
            turn_left = rng.range(1, 25);
        }
        if (i == switch_at) c.model = c.model == std::string(kSonnet) ? kOpus : kSonnet;
        // A Task call never ends its turn (the subagent's answer comes back to it); spawn_at never
        // holds the last call.
        const bool task = spawn_at.contains(i);
        const bool ends_turn = !task && (--turn_left == 0 || i + 1 == main_calls);
        std::vector<std::string> names, inputs;
        if (task)
            names.push_back("Task");
        else if (!ends_turn)
            for (int k = rng.chance(0.1) ? 2 : 1; k > 0; --k) names.push_back(rng.pick(tools));
        for (const std::string& n : names) inputs.push_back(tool_input(rng, cwd, n));
        const bool thinking = rng.chance(c.model == std::string(kHaiku) ? 0.2 : 0.35);
        const auto ids = c.call(thinking, ends_turn || rng.chance(0.5), names, inputs);
        for (std::size_t k = 0; k < ids.size(); ++k) {
            if (names[k] == "Task") {
                std::int64_t ts = c.ts;
                write_subagent(dir / session, rng, stats, cwd, session, version, branch,
                               rng.chance(0.5) ? kHaiku : c.model.c_str(), ts, sub_calls[subagent++]);
                c.ts = ts;
                c.tool_result(ids[k], std::string(corpus().cut(rng, 300, 2500)), {});
            } else {
                const auto [content, use] = tool_output(rng, cwd, names[k]);
                c.tool_result(ids[k], content, use);
            }
        }
    }
}

}  // namespace

ClaudeCodeTree write_claude_code_tree(const std::filesystem::path& dir, std::size_t calls, std::uint64_t seed)
{
    ClaudeCodeTree stats;
    Rng rng(seed);
    const std::filesystem::path projects = dir / "projects";
    std::filesystem::create_directories(projects);
    std::int64_t left = static_cast<std::int64_t>(calls);
    while (left > 0) {
        // Many short sessions, and long ones that hold most calls.
        std::int64_t n = rng.chance(0.3) ? rng.range(5, 60) : rng.range(60, 900);
        n = std::min(n, left);
        left -= n;
        // The first projects are the busiest.
        const std::size_t project = std::min<std::size_t>(rng.below(6) + rng.below(7), kProjects.size() - 1);
        const std::int64_t start =
            kStartMs + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>((kDays - 1) * kDayMs)));
        write_session(projects, kProjects[project], rng, stats, n, start);
    }
    return stats;
}

ClaudeCodeTree append_claude_code_session(const std::filesystem::path& dir, std::size_t calls,
                                          std::uint64_t seed)
{
    ClaudeCodeTree stats;
    Rng rng(seed ^ 0x6d6f7265);
    write_session(dir / "projects", kProjects[0], rng, stats, static_cast<std::int64_t>(calls),
                  kStartMs + (kDays + 1) * kDayMs + 9 * 3'600'000);
    return stats;
}

std::vector<std::string> write_claude_code_rate_probe(const std::filesystem::path& dir,
                                                      const std::vector<std::string>& models,
                                                      std::int64_t tokens)
{
    ClaudeCodeTree stats;
    Rng rng(1);
    const std::string cwd = "/home/ana/src/rates", session = uuid(rng);
    File file(dir / "projects" / encoded_project(cwd) / (session + ".jsonl"), stats);
    const std::vector<std::string> classes = {"input", "output", "cache read", "5-minute cache write",
                                              "1-hour cache write"};
    for (std::size_t c = 0; c < classes.size(); ++c)
        for (const std::string& model : models) {
            const std::int64_t n[5] = {c == 0 ? tokens : 0, c == 1 ? tokens : 0, c == 2 ? tokens : 0,
                                       c == 3 ? tokens : 0, c == 4 ? tokens : 0};
            char line[1024];
            const std::string id = base62(rng, "msg_01", 22), request = base62(rng, "req_011C", 20),
                              line_uuid = uuid(rng);
            std::snprintf(
                line, sizeof line,
                R"({"parentUuid":null,"isSidechain":false,"userType":"external","cwd":"%s","sessionId":"%s",)"
                R"("version":"2.0.37","gitBranch":"main","message":{"model":"%s","id":"%s","type":"message",)"
                R"("role":"assistant","content":[{"type":"text","text":"rates"}],"stop_reason":"end_turn",)"
                R"("stop_sequence":null,"usage":{"input_tokens":%lld,"cache_creation_input_tokens":%lld,)"
                R"("cache_read_input_tokens":%lld,"cache_creation":{"ephemeral_5m_input_tokens":%lld,)"
                R"("ephemeral_1h_input_tokens":%lld},"output_tokens":%lld,"service_tier":"standard"}},)"
                R"("requestId":"%s","type":"assistant","uuid":"%s","timestamp":"%s"})",
                cwd.c_str(), session.c_str(), model.c_str(), id.c_str(), static_cast<long long>(n[0]),
                static_cast<long long>(n[3] + n[4]), static_cast<long long>(n[2]),
                static_cast<long long>(n[3]), static_cast<long long>(n[4]), static_cast<long long>(n[1]),
                request.c_str(), line_uuid.c_str(),
                rfc3339(kStartMs + static_cast<std::int64_t>(c) * kDayMs + 12 * 3'600'000).c_str());
            file.line(line);
        }
    return classes;
}

}  // namespace bench
