// costpanel and ccusage reading the same generated Claude Code tree. Each tool runs as a whole
// process in a private, minimal environment (temporary HOME and XDG directories, TZ=UTC); its wall
// time is from spawn to reap and its peak resident memory the child's ru_maxrss from wait4. The two
// take turns, so a busy moment of the machine falls on both alike. Every figure is the best of the
// runs; all the runs are shown.
#include "bench_logs.hpp"
#include "claude_code_tree.hpp"

#include "../tests/common/harness.hpp"
#include "../tests/common/process.hpp"
#include "costpanel/core/pricing.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <poll.h>
#include <set>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bench {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Env = std::map<std::string, std::string>;
using json = nlohmann::json;

constexpr const char* kCcusageVersion = "20.0.24";
constexpr std::uint64_t kSeed = 12;  // the number: any fixed seed would do

std::string fmt(const char* f, double v)
{
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

std::string thousands(std::uint64_t n)
{
    const std::string digits = std::to_string(n);
    std::string s;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) s += ',';
        s += digits[i];
    }
    return s;
}

// `item` after what `into` holds, `sep` between.
void join(std::string& into, const char* sep, const std::string& item)
{
    if (!into.empty()) into += sep;
    into += item;
}

std::string slurp(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string first_line(const std::string& text)
{
    const std::size_t start = text.find_first_not_of(" \n\r\t");
    if (start == std::string::npos) return "(nothing on standard error)";
    std::string line = text.substr(start, text.find('\n', start) - start);
    if (line.size() > 200) line = line.substr(0, 200) + "...";
    return line;
}

// One finished run of a child process.
struct Run
{
    bool started = false, timed_out = false;
    int exit_code = -1;
    double wall_s = 0, cpu_s = 0;  // cpu: user + system, the child's and its reaped children's
    long maxrss_kb = 0;
    std::string out, err;
    bool ok() const { return started && !timed_out && exit_code == 0; }
    std::string why() const
    {
        if (!started) return "could not be started: " + first_line(err);
        if (timed_out) return "still running at the deadline (" + fmt("%.0f s", wall_s) + ")";
        return "exited " + std::to_string(exit_code) + ": " + first_line(err);
    }
};

// costpanel_bench_child, which runs each measured command (see bench_child.cpp for why).
std::string g_child;

// Runs `argv` (a bare name is looked up on PATH) under costpanel_bench_child, with the environment
// `env` alone, or, with `inherit`, the bench's own plus `env`; standard input is /dev/null, the
// outputs are kept. The figures are the command's own, as wait4 gave them to costpanel_bench_child.
Run run(const std::vector<std::string>& argv, const Env& env, bool inherit, const fs::path& scratch,
        std::chrono::seconds timeout = std::chrono::seconds(1800))
{
    Run r;
    std::vector<std::string> env_strings = test::child_environment(env, inherit);
    std::vector<char*> envp, args;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    const std::string out_path = scratch / "run.out", err_path = scratch / "run.err",
                      result_path = scratch / "run.result";
    std::vector<std::string> argv_copy = {g_child, result_path, "--"};
    argv_copy.insert(argv_copy.end(), argv.begin(), argv.end());
    for (auto& s : argv_copy) args.push_back(s.data());
    args.push_back(nullptr);
    std::error_code ec;
    fs::remove(result_path, ec);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);  // its own group: one kill stops both
    posix_spawnattr_setpgroup(&attributes, 0);
    pid_t pid = -1;
    const auto start = Clock::now();
    const int spawned = ::posix_spawn(&pid, args[0], &actions, &attributes, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0) {
        r.err = g_child + ": " + std::strerror(spawned);
        return r;
    }
    const int pidfd = test::open_pidfd(pid);
    pollfd p{pidfd, POLLIN, 0};
    if (pidfd >= 0 && ::poll(&p, 1, static_cast<int>(timeout.count() * 1000)) == 0) {
        ::kill(-pid, SIGKILL);
        r.timed_out = true;
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (pidfd >= 0) ::close(pidfd);
    r.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    r.out = slurp(out_path);
    r.err = slurp(err_path);
    int code = -1;
    if (std::sscanf(slurp(result_path).c_str(), "exit=%d wall_s=%lf cpu_s=%lf maxrss_kb=%ld", &code,
                    &r.wall_s, &r.cpu_s, &r.maxrss_kb) != 4) {
        if (!r.timed_out) r.err = "costpanel_bench_child wrote no result: " + first_line(r.err);
        return r;
    }
    // 127: the command could not be started (costpanel_bench_child said why on its standard error).
    r.started = code != 127 || r.err.find(argv[0] + ": ") != 0;
    r.exit_code = code;
    return r;
}

// The runs of one command: the best wall time and the least peak memory among those that succeeded.
struct Series
{
    std::vector<Run> runs;
    bool ok() const { return !runs.empty() && std::ranges::all_of(runs, &Run::ok); }
    std::string why() const
    {
        for (const Run& r : runs)
            if (!r.ok()) return r.why();
        return "not run";
    }
    const Run& best() const { return *std::ranges::min_element(runs, {}, &Run::wall_s); }
    double wall() const { return best().wall_s; }
    double rss_mib() const
    {
        return static_cast<double>(std::ranges::min_element(runs, {}, &Run::maxrss_kb)->maxrss_kb) / 1024.0;
    }
    std::string walls() const
    {
        std::string s;
        for (const Run& r : runs) join(s, ", ", fmt("%.2f", r.wall_s));
        return s;
    }
    std::string rsses() const
    {
        std::string s;
        for (const Run& r : runs) join(s, ", ", fmt("%.1f", static_cast<double>(r.maxrss_kb) / 1024.0));
        return s;
    }
};

std::string seconds_cell(const Series& s)
{
    return s.ok() ? fmt("%.3f s", s.wall()) + fmt(" (CPU %.2f s; runs ", s.best().cpu_s) + s.walls() + ")"
                  : "not measured: " + s.why();
}

std::string mib_cell(const Series& s)
{
    return s.ok() ? fmt("%.1f MiB", s.rss_mib()) + " (runs " + s.rsses() + ")" : "not measured: " + s.why();
}

// A command as a shell would run it, with the bench's temporary directory written as $T.
std::string shown(const std::vector<std::string>& argv, const std::string& root, const Env& extra = {})
{
    const auto tidy = [&](std::string s) {
        for (std::size_t at; (at = s.find(root)) != std::string::npos;) s.replace(at, root.size(), "$T");
        return s;
    };
    std::string s;
    for (const auto& [k, v] : extra) s += k + "=" + tidy(v) + " ";
    for (const std::string& a : argv) {
        std::string t = tidy(a);
        if (t.find_first_of(" \"'") != std::string::npos) t = "'" + t + "'";
        s += (s.empty() || s.back() == ' ' ? "" : " ") + t;
    }
    return s;
}

// ccusage, installed from bench/ccusage's lock into the build directory; its native binary.
struct Peer
{
    std::string binary, why_not;
};

Peer install_ccusage(const LogsOptions& o, const fs::path& scratch)
{
    Peer peer;
    const fs::path from = o.ccusage_package, to = o.ccusage_install;
    const fs::path binary = to / "node_modules/@ccusage/ccusage-linux-x64/bin/ccusage";
    std::error_code ec;
    fs::create_directories(to, ec);
    // Installed already from the same lock: kept. Otherwise `npm ci`, which removes what was there.
    const bool current = fs::exists(binary) &&
                         slurp(from / "package-lock.json") == slurp(to / "package-lock.json") &&
                         slurp(from / "package.json") == slurp(to / "package.json");
    if (!current) {
        for (const char* f : {"package.json", "package-lock.json"})
            fs::copy_file(from / f, to / f, fs::copy_options::overwrite_existing, ec);
        if (ec) {
            peer.why_not = "cannot copy " + (from / "package.json").string() + ": " + ec.message();
            return peer;
        }
        std::fprintf(stderr, "costpanel_bench: npm ci (ccusage %s) in %s\n", kCcusageVersion, to.c_str());
        const Run npm =
            run({"npm", "ci", "--prefix", to.string(), "--no-audit", "--no-fund", "--ignore-scripts"}, {},
                true, scratch, std::chrono::seconds(600));
        if (!npm.ok()) {
            peer.why_not = "npm ci " + npm.why();
            fs::remove(to / "package-lock.json", ec);  // so that the next run tries again
            return peer;
        }
    }
    fs::permissions(binary, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add, ec);
    const Run version = run({binary.string(), "--version"}, {{"PATH", "/usr/bin:/bin"}}, false, scratch,
                            std::chrono::seconds(60));
    if (!version.ok()) {
        peer.why_not = binary.string() + " " + version.why();
        return peer;
    }
    if (version.out.find(kCcusageVersion) == std::string::npos) {
        peer.why_not = "ccusage --version says " + first_line(version.out) + ", not " + kCcusageVersion;
        return peer;
    }
    peer.binary = binary.string();
    return peer;
}

// What a report says: its total, its calls and tokens, and its cost by model.
struct Totals
{
    bool ok = false;
    std::string why;
    double usd = 0;
    std::uint64_t calls = 0, input = 0, output = 0, cache_read = 0, cache_write = 0;
    std::map<std::string, double> rows;      // costpanel: by row key; ccusage: by day
    std::map<std::string, double> by_model;  // ccusage's model breakdowns, summed
};

std::uint64_t count(const json& j, const char* key)
{
    return j.contains(key) && j[key].is_number() ? j[key].get<std::uint64_t>() : 0;
}

// `ccusage claude daily --json`: {"daily": [{..., "modelBreakdowns": [...]}], "totals": {...}}.
Totals ccusage_totals(const std::string& out)
{
    Totals t;
    try {
        const json j = json::parse(out);
        for (const json& day : j.at("daily")) {
            t.usd += day.at("totalCost").get<double>();
            t.rows[day.at("date").get<std::string>()] += day.at("totalCost").get<double>();
            for (const json& m : day.at("modelBreakdowns"))
                t.by_model[m.at("modelName").get<std::string>()] += m.at("cost").get<double>();
        }
        const json& totals = j.at("totals");
        t.input = count(totals, "inputTokens");
        t.output = count(totals, "outputTokens");
        t.cache_read = count(totals, "cacheReadTokens");
        t.cache_write = count(totals, "cacheCreationTokens");
        t.ok = true;
    } catch (const std::exception& e) {
        t.why = std::string("ccusage's JSON: ") + e.what();
    }
    return t;
}

// `costpanel report --format json`: {"total_usd", "calls", "rows": [{"key", "cost_usd", ...}]}.
Totals costpanel_totals(const std::string& out)
{
    Totals t;
    try {
        const json j = json::parse(out);
        t.usd = j.at("total_usd").get<double>();
        t.calls = count(j, "calls");
        for (const json& row : j.at("rows")) {
            t.input += count(row, "input_tokens");
            t.output += count(row, "output_tokens");
            t.cache_read += count(row, "cache_read_tokens");
            t.cache_write += count(row, "cache_write_tokens");
            t.rows[row.at("key").get<std::string>()] += row.at("cost_usd").get<double>();
        }
        t.ok = true;
    } catch (const std::exception& e) {
        t.why = std::string("costpanel's JSON: ") + e.what();
    }
    return t;
}

// The tree's calls priced with assets/pricing.json's standard rates (every call of the tree is under
// the long-context threshold, every cache write a 5-minute one).
double priced_as_written(const ClaudeCodeTree& tree)
{
    double usd = 0;
    for (const auto& [model, t] : tree.by_model) {
        const costpanel::ModelPrice* price = costpanel::PriceTable::builtin().match(model);
        if (!price) continue;
        const costpanel::ModelPrice::Resolved r = price->base_rates();
        usd += static_cast<double>(t.input) * r.input + static_cast<double>(t.output) * r.output +
               static_cast<double>(t.cache_read) * r.cache_read +
               static_cast<double>(t.cache_write) * r.cache_write;
    }
    return usd;
}

std::string usd(double v)
{
    return fmt("$%.2f", v);
}

std::string ratio_cell(double x, const char* unit = "x")
{
    return std::isfinite(x) ? fmt("%.1f", x) + unit : "";
}

// The five per-token rates of ccusage's built-in prices, read back from its costs on a tree of one
// call per model and token class, each on a day of its own, beside assets/pricing.json's.
LogsRow compare_rates(const Peer& peer, const fs::path& root, const Env& env, const fs::path& scratch)
{
    LogsRow row{"ccusage's built-in rates vs assets/pricing.json (USD per million tokens)",
                "",
                "",
                "",
                "the same",
                {}};
    const fs::path dir = root / "rates";
    const std::vector<std::string> models = {"claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805",
                                             "claude-haiku-4-5-20251001"};
    constexpr std::int64_t kTokens = 100'000;  // under 200,000: no long-context rule applies
    const std::vector<std::string> classes = write_claude_code_rate_probe(dir, models, kTokens);
    Env e = env;
    e["CLAUDE_CONFIG_DIR"] = dir.string();
    const std::vector<std::string> argv = {peer.binary, "claude", "daily", "--json", "--offline"};
    row.commands.push_back(shown(argv, root.string(), {{"CLAUDE_CONFIG_DIR", dir.string()}}) +
                           "  # one call of 100,000 tokens per model and class, a day each");
    const Run r = run(argv, e, false, scratch);
    if (!r.ok()) {
        row.ccusage = "not measured: " + r.why();
        return row;
    }
    std::string ours, theirs, differences;
    try {
        const json j = json::parse(r.out);
        const json& days = j.at("daily");
        for (const std::string& model : models) {
            const costpanel::ModelPrice* price = costpanel::PriceTable::builtin().match(model);
            const costpanel::ModelPrice::Resolved rates = price->base_rates();
            const double mine[] = {rates.input, rates.output, rates.cache_read, rates.cache_write,
                                   rates.cache_write_1h};
            std::string a, b;
            for (std::size_t c = 0; c < classes.size(); ++c) {
                double cost = -1;
                if (c < days.size())
                    for (const json& m : days[c].at("modelBreakdowns"))
                        if (m.at("modelName") == model) cost = m.at("cost").get<double>();
                const double per_million = cost * 1e6 / kTokens, our = mine[c] * 1e6;
                join(a, "/", fmt("%g", our));
                join(b, "/", (cost < 0 ? std::string("?") : fmt("%g", per_million)));
                if (cost < 0 || std::fabs(per_million - our) > 1e-9)
                    differences += " " + model + " " + classes[c] + ": ours " + fmt("%g", our) +
                                   ", ccusage's " +
                                   (cost < 0 ? std::string("none") : fmt("%g", per_million)) + ";";
            }
            join(ours, "; ", model + " " + a);
            join(theirs, "; ", b);
        }
    } catch (const std::exception& ex) {
        row.ccusage = std::string("not measured: ccusage's JSON: ") + ex.what();
        return row;
    }
    row.what += " (input/output/cache read/5-minute write/1-hour write)";
    row.costpanel = ours;
    row.ccusage = theirs;
    row.ratio = differences.empty() ? "equal" : "differ:" + differences;
    return row;
}

// How many calls the store at `path` holds, read as any reader would (the window writes its log
// history through a connection of its own, which the control channel does not report on).
std::uint64_t stored_calls(const std::string& path)
{
    sqlite3* db = nullptr;
    std::uint64_t n = 0;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 1000);
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM calls", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = static_cast<std::uint64_t>(sqlite3_column_int64(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

// The real window's frames: the frame CPU time that each control-channel state answer reports,
// asked for without pause. With `calls`, until the store at `db` holds that many (counted every
// quarter second; or until it has not changed for 20 s); without, `frames` of them.
struct WindowRun
{
    std::string why_not;
    std::vector<double> frames;  // sorted
    std::uint64_t committed = 0;
    double done_s = -1;  // when the store held `calls`
    double read_s = -1;  // when the state said the history was read (history_bytes_done)
    std::uint64_t history_bytes = 0;

    double at(double q) const
    {
        return frames[std::min(frames.size() - 1,
                               static_cast<std::size_t>(q * static_cast<double>(frames.size())))];
    }
    std::string percentiles() const
    {
        return fmt("%.3f", at(0.5)) + " / " + fmt("%.3f", at(0.99)) + " / " + fmt("%.3f", frames.back()) +
               " over " + thousands(frames.size()) + " frames";
    }
};

WindowRun window_frames(const std::vector<std::string>& argv, const Env& env, const std::string& control_path,
                        const std::string& db, std::uint64_t calls, std::size_t frames)
{
    WindowRun w;
    gui::Process app(argv, env);
    if (!app.wait_for_line("costpanel: control", std::chrono::seconds(60))) {
        w.why_not = "the window did not start: " + first_line(app.output());
        return w;
    }
    gui::Control control(control_path);
    w.frames.reserve(1 << 20);
    const auto start = Clock::now();
    auto last_change = start, last_count = start;
    while (Clock::now() - start < std::chrono::minutes(10)) {
        const json s = control.state();
        if (!s.value("ok", false)) {
            w.why_not = "the control channel answered " + s.dump();
            break;
        }
        w.frames.push_back(s.value("frame_cpu_ms", 0.0));
        if (s.contains("ingest") && s["ingest"].is_object() && w.read_s < 0) {
            const std::uint64_t total = s["ingest"].value("history_bytes", 0ULL),
                                done = s["ingest"].value("history_bytes_done", 0ULL);
            if (total && done >= total) {
                w.history_bytes = total;
                w.read_s = std::chrono::duration<double>(Clock::now() - start).count();
            }
        }
        if (!calls) {
            if (w.frames.size() >= frames) break;
            continue;
        }
        if (Clock::now() - last_count < std::chrono::milliseconds(250)) continue;
        last_count = Clock::now();
        const std::uint64_t now = stored_calls(db);
        if (now != w.committed) {
            w.committed = now;
            last_change = Clock::now();
        }
        if (w.committed >= calls) {
            w.done_s = std::chrono::duration<double>(Clock::now() - start).count();
            break;
        }
        if (Clock::now() - last_change > std::chrono::seconds(20)) break;
    }
    control.send({{"cmd", "quit"}});
    app.wait_exit(std::chrono::seconds(20));
    if (w.frames.size() < 10 && w.why_not.empty()) w.why_not = std::to_string(w.frames.size()) + " frames";
    std::sort(w.frames.begin(), w.frames.end());
    return w;
}

// The window backfilling the tree into a fresh store, beside the same window with no logs to read.
LogsRow window_backfill(const LogsOptions& o, const fs::path& root, const fs::path& tree, std::uint64_t calls,
                        Env env)
{
    LogsRow row{"GUI frame while the window backfills the tree into a fresh store (p50 / p99 / max ms of the "
                "frame's CPU time, Xvfb + llvmpipe)",
                "",
                "",
                "",
                "p99 <= 0.2 ms",
                {}};
    gui::Xvfb x;
    if (!x.running()) {
        row.costpanel = "not measured: " + x.error();
        return row;
    }
    env["DISPLAY"] = x.display();
    const auto fresh = [&](const std::string& name) {
        const fs::path dir = root / name;
        for (const char* d : {"config", "state", "data", "run"}) fs::create_directories(dir / d);
        fs::permissions(dir / "run", fs::perms::owner_all, fs::perm_options::replace);
        env["XDG_CONFIG_HOME"] = (dir / "config").string();
        env["XDG_STATE_HOME"] = (dir / "state").string();
        env["XDG_DATA_HOME"] = (dir / "data").string();
        env["XDG_RUNTIME_DIR"] = (dir / "run").string();
        return dir;
    };
    const std::string note = "  # then the control channel's {\"cmd\":\"state\"} without pause: frame_cpu_ms";

    // The baseline: a fresh store, no logs, the same questions.
    fs::path dir = fresh("window-idle");
    const std::vector<std::string> idle = {o.costpanel, "--no-logs",
                                           "--db",      (dir / "usage.db").string(),
                                           "--control", "unix:" + (dir / "control.sock").string()};
    const WindowRun base = window_frames(idle, env, dir / "control.sock", dir / "usage.db", 0, 3000);
    row.commands.push_back(shown(idle, root.string()) + note);

    dir = fresh("window");
    const std::vector<std::string> argv = {o.costpanel,
                                           "--logs",
                                           "claude-code:" + tree.string(),
                                           "--db",
                                           (dir / "usage.db").string(),
                                           "--control",
                                           "unix:" + (dir / "control.sock").string()};
    row.commands.push_back(shown(argv, root.string()) + note +
                           " until SELECT count(*) FROM calls on the store says the tree's calls");
    const WindowRun w = window_frames(argv, env, dir / "control.sock", dir / "usage.db", calls, 0);
    if (!w.why_not.empty() && w.frames.size() < 10) {
        row.costpanel = "not measured: " + w.why_not;
        return row;
    }
    const std::string read = w.read_s >= 0 ? "; its state said the history (" +
                                                 fmt("%.2f GB", static_cast<double>(w.history_bytes) / 1e9) +
                                                 ") read after " + fmt("%.1f s", w.read_s)
                                           : "";
    row.costpanel =
        w.percentiles() + read + "; " +
        (w.done_s >= 0 ? "the store held all " + thousands(calls) + " calls after " + fmt("%.1f s", w.done_s)
                       : "NOT a backfill: the store held " + thousands(w.committed) + " of " +
                             thousands(calls) + " calls when it stopped (no change for 20 s)");
    row.ccusage = "(no window)";
    row.ratio = base.why_not.empty() || base.frames.size() >= 10
                    ? "the same window with no logs (--no-logs): " + base.percentiles()
                    : "the same window with no logs: not measured: " + base.why_not;
    return row;
}

}  // namespace

LogsReport measure_claude_code_logs(const LogsOptions& o)
{
    LogsReport report;
    g_child = o.child;
    std::string root_template = (fs::temp_directory_path() / "costpanel-bench-logs-XXXXXX").string();
    if (!::mkdtemp(root_template.data())) {
        report.notes.push_back(std::string("no temporary directory: ") + std::strerror(errno));
        return report;
    }
    const fs::path root = root_template;
    struct Remove
    {
        fs::path p;
        ~Remove()
        {
            std::error_code ec;
            fs::remove_all(p, ec);
        }
    } remove{root};
    const fs::path scratch = root / "scratch", tree = root / "claude";
    for (const char* d : {"scratch", "home", "config", "state", "data", "run", "cache"})
        fs::create_directories(root / d);
    fs::permissions(root / "run", fs::perms::owner_all, fs::perm_options::replace);

    // Only these: nothing of the user's is read or written, and days are UTC days for both tools.
    const char* path = std::getenv("PATH");
    const Env base = {{"PATH", path ? path : "/usr/bin:/bin"},
                      {"HOME", root / "home"},
                      {"XDG_CONFIG_HOME", root / "config"},
                      {"XDG_STATE_HOME", root / "state"},
                      {"XDG_DATA_HOME", root / "data"},
                      {"XDG_RUNTIME_DIR", root / "run"},
                      {"XDG_CACHE_HOME", root / "cache"},
                      {"CLAUDE_CONFIG_DIR", root / "no-claude"},
                      {"CODEX_HOME", root / "no-codex"},
                      {"TZ", "UTC"},
                      {"LANG", "C.UTF-8"}};
    Env peer_env = base;
    peer_env["CLAUDE_CONFIG_DIR"] = tree.string();

    const Peer peer = install_ccusage(o, scratch);
    if (peer.binary.empty()) report.notes.push_back("ccusage columns skipped: " + peer.why_not);

    const auto write_start = Clock::now();
    ClaudeCodeTree written = write_claude_code_tree(tree, o.calls, kSeed);
    const double write_s = std::chrono::duration<double>(Clock::now() - write_start).count();
    report.heading = "Claude Code logs: a tree of " + thousands(written.total().calls) + " calls (" +
                     thousands(written.lines) + " lines, " + thousands(written.assistant_lines) +
                     " of them assistant lines; " + thousands(written.files) + " files, " +
                     thousands(written.subagent_files) + " of them subagent transcripts; " +
                     thousands(written.sessions) + " sessions; " +
                     fmt("%.2f GB", static_cast<double>(written.bytes) / 1e9) + ", written in " +
                     fmt("%.1f s", write_s) + " by write_claude_code_tree(seed " + std::to_string(kSeed) +
                     ")), side by side with ccusage " + kCcusageVersion +
                     " (its native binary); each figure the best of " + std::to_string(o.runs) +
                     " runs, the two tools in turns, warm page cache.\nEvery command runs with only "
                     "PATH, HOME=$T/home, XDG_CONFIG_HOME=$T/config, XDG_STATE_HOME=$T/state, "
                     "XDG_DATA_HOME=$T/data, XDG_RUNTIME_DIR=$T/run, XDG_CACHE_HOME=$T/cache, "
                     "CLAUDE_CONFIG_DIR=$T/no-claude (ccusage: $T/claude), CODEX_HOME=$T/no-codex, "
                     "TZ=UTC, LANG=C.UTF-8 in its environment; $T is " +
                     root.string() + " (removed afterwards).";

    const std::string logs = "claude-code:" + tree.string();
    const std::vector<std::string> ccusage_daily = {peer.binary, "claude", "daily", "--json", "--offline"};
    const std::vector<std::string> report_day = {o.costpanel, "report", "--logs",   logs,
                                                 "--by",      "day",    "--format", "json"};
    const std::string ccusage_shown =
        shown(ccusage_daily, root.string(), {{"CLAUDE_CONFIG_DIR", tree.string()}});

    // Report by day, and ccusage's daily, in turns.
    Series ours_report, theirs;
    for (int i = 0; i < o.runs; ++i) {
        if (!peer.binary.empty()) theirs.runs.push_back(run(ccusage_daily, peer_env, false, scratch));
        ours_report.runs.push_back(run(report_day, base, false, scratch));
    }
    const bool peer_ok = !peer.binary.empty() && theirs.ok();
    const std::string theirs_s = peer.binary.empty() ? "skipped: " + peer.why_not : seconds_cell(theirs);
    const std::string theirs_mib = peer.binary.empty() ? "skipped" : mib_cell(theirs);
    const auto faster = [&](const Series& ours) {
        return peer_ok && ours.ok() ? ratio_cell(theirs.wall() / ours.wall(), "x faster") : std::string();
    };
    report.rows.push_back({"`report --logs claude-code:TREE --by day --format json`, wall time",
                           seconds_cell(ours_report),
                           theirs_s,
                           faster(ours_report),
                           ">= 10x faster",
                           {shown(report_day, root.string()), ccusage_shown}});
    report.rows.push_back({"peak resident memory of the same runs (wait4 ru_maxrss)",
                           mib_cell(ours_report),
                           theirs_mib,
                           peer_ok && ours_report.ok()
                               ? fmt("%.3f", ours_report.rss_mib() / theirs.rss_mib()) + " of ccusage's"
                               : "",
                           "<= 1/4",
                           {}});

    // Import into a fresh store and a fresh state directory each time; the last store is kept.
    const fs::path db = root / "store/usage.db";
    const std::vector<std::string> import = {o.costpanel, "import", "--logs", logs, "--db", db.string()};
    Series ours_import;
    for (int i = 0; i < o.runs; ++i) {
        std::error_code ec;
        fs::remove_all(root / "store", ec);
        fs::remove_all(root / "state", ec);
        fs::create_directories(root / "store");
        fs::create_directories(root / "state");
        ours_import.runs.push_back(run(import, base, false, scratch));
    }
    report.rows.push_back({"`import --logs claude-code:TREE` into a fresh store (fresh XDG_STATE_HOME), wall "
                           "time, vs ccusage's daily",
                           seconds_cell(ours_import),
                           theirs_s,
                           faster(ours_import),
                           ">= 3x faster",
                           {"rm -rf $T/store $T/state; " + shown(import, root.string())}});
    report.rows.push_back({"peak resident memory of the imports",
                           mib_cell(ours_import),
                           theirs_mib,
                           peer_ok && ours_import.ok()
                               ? fmt("%.3f", ours_import.rss_mib() / theirs.rss_mib()) + " of ccusage's"
                               : "",
                           "",
                           {}});

    // Import again after one more session each time: only its bytes are new.
    Series ours_again;
    ClaudeCodeTree appended;
    for (int i = 0; i < o.runs; ++i) {
        appended.add(
            append_claude_code_session(tree, o.session_calls, kSeed + 1 + static_cast<std::uint64_t>(i)));
        ours_again.runs.push_back(run(import, base, false, scratch));
    }
    report.rows.push_back({"`import` again, same store and state, after one more session of " +
                               thousands(o.session_calls) + " calls was written (a new file; " +
                               fmt("%.1f MB", static_cast<double>(appended.bytes) / 1e6 / o.runs) +
                               " each time), wall time, vs ccusage's daily",
                           seconds_cell(ours_again),
                           theirs_s,
                           faster(ours_again),
                           ">= 50x faster",
                           {"append_claude_code_session(TREE, " + std::to_string(o.session_calls) +
                            ", seed); " + shown(import, root.string())}});

    // The totals, on the tree as first written.
    const Totals ours_t = ours_report.ok() ? costpanel_totals(ours_report.best().out) : Totals{};
    const Totals theirs_t = peer_ok ? ccusage_totals(theirs.best().out) : Totals{};
    const TreeTokens w = written.total();
    const auto cell = [](const Totals& t, const Series& s, const std::string& value) {
        return t.ok ? value : "not measured: " + (s.ok() ? t.why : s.why());
    };
    {
        LogsRow row{
            "total cost of the tree (sum of the days)",
            cell(ours_t, ours_report, usd(ours_t.usd) + fmt(" (%.6f)", ours_t.usd)),
            peer.binary.empty() ? "skipped"
                                : cell(theirs_t, theirs, usd(theirs_t.usd) + fmt(" (%.6f)", theirs_t.usd)),
            "",
            "equal to the cent",
            {shown(report_day, root.string()) + "  # total_usd", ccusage_shown + "  # the days' totalCost"}};
        if (ours_t.ok && theirs_t.ok) {
            // Day by day too: both tools group by UTC days here (TZ=UTC).
            std::size_t differ = 0;
            std::set<std::string> days;
            for (const auto& [day, c] : ours_t.rows) days.insert(day);
            for (const auto& [day, c] : theirs_t.rows) days.insert(day);
            for (const std::string& day : days) {
                const auto a = ours_t.rows.find(day), b = theirs_t.rows.find(day);
                if (a == ours_t.rows.end() || b == theirs_t.rows.end() ||
                    std::llround(a->second * 100) != std::llround(b->second * 100))
                    ++differ;
            }
            row.ratio = std::to_string(differ) + " of " + std::to_string(days.size()) +
                        " days differ by a cent or more; total difference " +
                        fmt("%.6f", ours_t.usd - theirs_t.usd) + " USD (" +
                        (std::llround(ours_t.usd * 100) == std::llround(theirs_t.usd * 100)
                             ? "the same to the cent"
                             : "NOT the same to the cent") +
                        ")";
        }
        join(row.ratio, "; ",
             std::string("as written, priced with assets/pricing.json: ") +
                 fmt("%.6f", priced_as_written(written)));
        report.rows.push_back(row);
    }
    {
        // By model: costpanel's --by model report beside ccusage's model breakdowns.
        const std::vector<std::string> by_model = {o.costpanel, "report", "--logs",   logs,
                                                   "--by",      "model",  "--format", "json"};
        // The tree has grown by the appended sessions: ccusage reads it again for this row and the next.
        const Run ours_m = run(by_model, base, false, scratch);
        const Run theirs_now = peer.binary.empty() ? Run{} : run(ccusage_daily, peer_env, false, scratch);
        const Totals om = ours_m.ok() ? costpanel_totals(ours_m.out) : Totals{};
        const Totals tm = theirs_now.ok() ? ccusage_totals(theirs_now.out) : Totals{};
        LogsRow row{
            "cost by model, the tree with the appended sessions",
            "",
            "",
            "",
            "equal to the cent",
            {shown(by_model, root.string()), ccusage_shown + "  # modelBreakdowns summed over the days"}};
        std::string diff;
        for (const auto& [model, cost] : tm.by_model) {
            double mine = -1;
            for (const auto& [key, c] : om.rows)
                if (key == model || key.ends_with("/" + model)) mine = c;
            join(row.costpanel, "; ", model + " " + (mine < 0 ? "-" : usd(mine)));
            join(row.ccusage, "; ", model + " " + usd(cost));
            join(diff, "; ", (mine < 0 ? std::string("-") : fmt("%.6f", mine - cost)));
        }
        if (!ours_m.ok()) row.costpanel = "not measured: " + ours_m.why();
        if (!om.ok && ours_m.ok()) row.costpanel = "not measured: " + om.why;
        if (peer.binary.empty()) row.ccusage = "skipped";
        if (!theirs_now.ok() && !peer.binary.empty()) row.ccusage = "not measured: " + theirs_now.why();
        if (om.ok && tm.ok) row.ratio = "differences " + diff;
        report.rows.push_back(row);

        // The store after the imports holds the tree with the appended sessions, each call once.
        const std::vector<std::string> stored = {o.costpanel, "report", "--db",     db.string(),
                                                 "--by",      "day",    "--format", "json"};
        const Run s = run(stored, base, false, scratch);
        const Totals st = s.ok() ? costpanel_totals(s.out) : Totals{};
        LogsRow srow{"the store after the import and the imports again: total and calls",
                     "",
                     "",
                     "",
                     "equal to the cent; every call once",
                     {shown(stored, root.string()), ccusage_shown}};
        const TreeTokens all = [&] {
            TreeTokens a = w;
            a.add(appended.total());
            return a;
        }();
        srow.costpanel = !ours_again.ok()    ? "not measured: the import " + ours_again.why()
                         : !ours_import.ok() ? "not measured: the import " + ours_import.why()
                         : !s.ok()           ? "not measured: " + s.why()
                         : !st.ok            ? "not measured: " + st.why
                                  : usd(st.usd) + fmt(" (%.6f), ", st.usd) + thousands(st.calls) + " calls";
        srow.ccusage = tm.ok ? usd(tm.usd) + fmt(" (%.6f)", tm.usd) : row.ccusage;
        srow.ratio = "as written: " + thousands(all.calls) + " calls";
        if (ours_import.ok() && ours_again.ok() && st.ok && tm.ok)
            srow.ratio += "; difference " + fmt("%.6f", st.usd - tm.usd) + " USD";
        report.rows.push_back(srow);
    }
    {
        LogsRow row{"calls and tokens of the tree as first written: calls / input / output / cache read / "
                    "cache write",
                    "",
                    "",
                    "",
                    "as written",
                    {}};
        const auto tokens = [](const Totals& t) {
            return thousands(t.input) + " / " + thousands(t.output) + " / " + thousands(t.cache_read) +
                   " / " + thousands(t.cache_write);
        };
        row.costpanel = ours_t.ok ? thousands(ours_t.calls) + " / " + tokens(ours_t) : "not measured";
        row.ccusage = theirs_t.ok ? "(no call count) / " + tokens(theirs_t) : "not measured";
        row.ratio = "written: " + thousands(w.calls) + " / " + thousands(w.input) + " / " +
                    thousands(w.output) + " / " + thousands(w.cache_read) + " / " + thousands(w.cache_write);
        report.rows.push_back(row);
    }

    if (!peer.binary.empty()) report.rows.push_back(compare_rates(peer, root, base, scratch));
    report.rows.push_back(window_backfill(o, root, tree, w.calls + appended.total().calls, base));
    return report;
}

}  // namespace bench
