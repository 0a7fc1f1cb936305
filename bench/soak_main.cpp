// costpanel_soak: the real window, with its history store on, fed at a steady rate for a long time
// (by default an hour at 5,000 events a second) on a private Xvfb. Every minute it prints the
// window's resident memory, the part of it that is the seen-id set (which PROTOCOL.md makes grow:
// ids count as duplicates for the life of the process), CPU, and what the store has committed.
// At the end it checks the window's books against the same lines folded here, and the store's
// count against the calls sent. Not part of the test run: an hour does not fit in CI.
//
//   costpanel_soak [--minutes 60] [--rate 5000] [--every 60]
#include "costpanel/core/event_folder.hpp"
#include "costpanel/core/session_state.hpp"
#include "costpanel/core/summary.hpp"

#include "../tests/common/harness.hpp"
#include "../tests/common/temp_dir.hpp"
#include "proc_stats.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Options
{
    double minutes = 60;
    int rate = 5000;  // events a second
    int every = 60;   // seconds between samples
};

bool parse_options(int argc, char** argv, Options& o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 >= argc) return false;
        const double v = std::atof(argv[++i]);
        if (v <= 0) return false;
        if (a == "--minutes")
            o.minutes = v;
        else if (a == "--rate")
            o.rate = static_cast<int>(v);
        else if (a == "--every")
            o.every = static_cast<int>(v);
        else
            return false;
    }
    return true;
}

// A conductor's day, compressed: calls over the providers' models in four tiers, cumulative tier
// snapshots, state updates, a repeated id now and then, and a session reset every ten minutes.
class Conductor
{
public:
    explicit Conductor(int rate) : reset_every_(static_cast<std::uint64_t>(rate) * 600) {}

    std::string line(std::uint64_t i)
    {
        if (i > 0 && i % reset_every_ == 0)
            return R"({"type":"session_reset","id":"soak-reset-)" + std::to_string(i) + "\"}";
        if (i % 1000 == 999) return state_update(i);
        if (i % 100 == 50) return snapshot(i);
        if (i % 500 == 123 && !last_call_.empty()) return last_call_;  // a duplicate
        return last_call_ = call(i);
    }

private:
    std::string call(std::uint64_t i)
    {
        static const char* const models[] = {"claude-opus-4-5-20251101",
                                             "claude-sonnet-4-5-20250929",
                                             "claude-haiku-4-5-20251001",
                                             "gpt-5.1-2025-11-13",
                                             "gpt-5-mini-2025-08-07",
                                             "gpt-4o-mini-2024-07-18",
                                             "gemini-2.5-pro",
                                             "gemini-2.5-flash",
                                             "gemini-2.5-flash-lite",
                                             "deepseek-chat",
                                             "deepseek-reasoner",
                                             "grok-4-fast-reasoning",
                                             "mistral-medium-2505",
                                             "codestral-2508",
                                             "o4-mini-2025-04-16",
                                             "gemini-3-pro-preview"};
        static const char* const activities[] = {"plan.epic",   "design.track", "worker.edit",
                                                 "worker.test", "review",       "classifier"};
        const std::uint64_t m = (i * 7) % std::size(models);
        const std::uint64_t input = 500 + (i * 37) % 20000, output = 50 + (i * 13) % 3000;
        std::string s = R"({"type":"api_call","id":"soak-)" + std::to_string(i) + R"(","model":")" +
                        models[m] + R"(","tier":)" + std::to_string(1 + i % 4) + R"(,"activity":")" +
                        activities[i % std::size(activities)] + R"(","input_tokens":)" +
                        std::to_string(input) + R"(,"output_tokens":)" + std::to_string(output);
        if (i % 3 == 0) s += R"(,"cache_read_tokens":)" + std::to_string(input * 4);
        if (i % 97 == 0) s += R"(,"success":false)";
        return s + R"(,"latency_ms":)" + std::to_string(200 + (i * 11) % 9000) + "}";
    }

    std::string snapshot(std::uint64_t i)
    {
        const int t = static_cast<int>(i / 100 % 4);
        tier_input_[t] += 4000 + i % 1000;
        tier_output_[t] += 300 + i % 100;
        return R"({"type":"tier_usage","tier_usage":{"Tier )" + std::to_string(t + 1) + R"(":{"input":)" +
               std::to_string(tier_input_[t]) + R"(,"output":)" + std::to_string(tier_output_[t]) + "}}}";
    }

    std::string state_update(std::uint64_t i)
    {
        static const char* const status[] = {"planning", "running", "reviewing"};
        return R"({"type":"mma_state_update","status":")" + std::string(status[i / 1000 % 3]) +
               R"(","active_tier":"Tier )" + std::to_string(1 + i / 1000 % 4) + "\"}";
    }

    std::uint64_t reset_every_;
    std::string last_call_;
    std::uint64_t tier_input_[4] = {}, tier_output_[4] = {};
};

struct Sample
{
    double minute;
    double rss_mib, ids_mib;
};

double mib(double bytes)
{
    return bytes / (1024.0 * 1024.0);
}

}  // namespace

int main(int argc, char** argv)
{
    Options opt;
    if (!parse_options(argc, argv, opt)) {
        std::fprintf(stderr, "usage: costpanel_soak [--minutes 60] [--rate 5000] [--every 60]\n");
        return 2;
    }
    gui::Xvfb x;
    if (!x.running()) {
        std::fprintf(stderr, "costpanel_soak: no X server: %s\n", x.error().c_str());
        return 1;
    }
    test::TempDir dir;
    const std::string feed = dir / "feed.sock", control_path = dir / "control.sock", db = dir / "history.db";
    gui::Process app(
        {COSTPANEL_EXE, "--listen", "unix:" + feed, "--control", "unix:" + control_path, "--db", db},
        gui::private_env(x, dir));
    if (!app.wait_for_line("costpanel: control")) {
        std::fprintf(stderr, "costpanel_soak: the window did not start:\n%s\n", app.output().c_str());
        return 1;
    }
    gui::Control control(control_path);
    std::printf("costpanel_soak: %d events/s for %.0f min into %s (pid %d), store %s\n", opt.rate,
                opt.minutes, COSTPANEL_EXE, static_cast<int>(app.pid()), db.c_str());

    // The conductor writes on a thread of its own, paced by the clock; the expected books are folded
    // from the same lines, here, with the library the window uses.
    std::atomic<std::uint64_t> sent{0};
    std::atomic<bool> stop{false}, write_failed{false};
    costpanel::EventFolder::Options folding;
    folding.prices = costpanel::load_price_table();
    costpanel::EventFolder folder(folding);
    costpanel::SessionState expected;
    std::uint64_t calls_sent = 0;  // api_calls with a new id: what the store must hold
    std::thread writer([&] {
        gui::Writer conductor(feed);
        Conductor conductor_day(opt.rate);
        const auto start = Clock::now();
        std::uint64_t i = 0;
        std::string chunk;
        while (!stop.load()) {
            const auto tick = Clock::now();
            const double elapsed = std::chrono::duration<double>(tick - start).count();
            const auto due = static_cast<std::uint64_t>(elapsed * opt.rate);
            chunk.clear();
            for (; i < due; ++i) {
                const std::string l = conductor_day.line(i);
                const std::uint64_t calls_before = folder.seen_ids().size();
                folder.add_line(l, "soak", i + 1, 0);
                if (l.starts_with(R"({"type":"api_call")") && folder.seen_ids().size() > calls_before)
                    ++calls_sent;
                chunk += l;
                chunk += '\n';
            }
            expected.apply(folder.take_batch());
            if (!chunk.empty() && !conductor.send(chunk)) {
                write_failed = true;
                return;
            }
            sent.store(i);
            std::this_thread::sleep_until(tick +
                                          std::chrono::milliseconds(10));  // pacing, not synchronisation
        }
    });

    // Samples: every `every` seconds until the end. Anything the window prints meanwhile is reported.
    std::vector<Sample> samples;
    std::vector<std::string> window_said;
    const Clock::time_point start = Clock::now();
    const Clock::time_point end = start + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double, std::ratio<60>>(opt.minutes));
    long ticks_before = bench::cpu_ticks(app.pid());
    auto sampled_at = start;
    std::printf("%7s %12s %12s %9s %9s %13s %7s %12s %8s %9s\n", "minute", "events sent", "applied",
                "RSS MiB", "ids MiB", "RSS-ids MiB", "CPU %", "stored", "pending", "db MiB");
    bool window_gone = false;
    for (int n = 1; !window_gone && !write_failed; ++n) {
        const Clock::time_point at = std::min(end, start + std::chrono::seconds(opt.every * n));
        while (Clock::now() < at) {
            const auto left =
                std::chrono::duration_cast<std::chrono::seconds>(at - Clock::now()) + std::chrono::seconds(1);
            if (auto said = app.wait_for_line("", left)) window_said.push_back(*said);
            if (app.wait_exit(std::chrono::seconds(0))) {
                window_gone = true;
                break;
            }
        }
        if (window_gone) break;
        const json s = control.state();
        const long ticks = bench::cpu_ticks(app.pid());
        const double wall = std::chrono::duration<double>(Clock::now() - sampled_at).count();
        const double cpu = 100.0 * static_cast<double>(ticks - ticks_before) /
                           static_cast<double>(::sysconf(_SC_CLK_TCK)) / wall;
        ticks_before = ticks;
        sampled_at = Clock::now();
        const double rss = static_cast<double>(bench::resident_kb(app.pid())) / 1024.0;
        const double ids = mib(s["ingest"]["seen_id_bytes"].get<double>());
        std::error_code ec;
        const double db_mib = mib(static_cast<double>(std::filesystem::file_size(db, ec)));
        const double minute = std::chrono::duration<double>(Clock::now() - start).count() / 60.0;
        samples.push_back({minute, rss, ids});
        std::printf("%7.1f %12llu %12llu %9.1f %9.1f %13.1f %7.1f %12llu %8llu %9.0f\n", minute,
                    static_cast<unsigned long long>(sent.load()),
                    s["events"]["applied"].get<unsigned long long>(), rss, ids, rss - ids, cpu,
                    s["store"]["committed_calls"].get<unsigned long long>(),
                    s["store"]["pending_calls"].get<unsigned long long>(), db_mib);
        std::fflush(stdout);
        if (at >= end) break;
    }
    stop = true;
    writer.join();

    // The books: the window must show exactly what the same lines give here, and the store hold every call.
    int problems = 0;
    const costpanel::EventCounters want = expected.counters();
    const auto final_state = control.state_until(
        [&](const json& s) {
            return s["events"]["applied"] == want.applied && s["events"]["duplicates"] == want.duplicates &&
                   s.contains("store") && s["store"]["committed_calls"] == calls_sent &&
                   s["store"]["pending_calls"] == 0;
        },
        test::Seconds(60));
    const json s = final_state ? *final_state : control.state();
    auto check = [&](bool ok, const std::string& what) {
        std::printf("  %s %s\n", ok ? "ok     " : "PROBLEM", what.c_str());
        if (!ok) ++problems;
    };
    std::printf("\nat the end (%llu events sent):\n", static_cast<unsigned long long>(sent.load()));
    check(!window_gone, "the window stayed up");
    check(!write_failed, "every write to the socket went through");
    check(final_state.has_value(),
          "applied " + s["events"]["applied"].dump() + " / duplicates " + s["events"]["duplicates"].dump() +
              " (expected " + std::to_string(want.applied) + " / " + std::to_string(want.duplicates) +
              "), stored calls " + s["store"]["committed_calls"].dump() + " (expected " +
              std::to_string(calls_sent) + ")");
    check(s["events"]["rejected"] == 0 && s["events"]["ignored"] == 0,
          "rejected " + s["events"]["rejected"].dump() + ", ignored " + s["events"]["ignored"].dump());
    const double shown = s["session_total_usd"].get<double>(), folded = expected.totals().cost_usd;
    char total[160];
    std::snprintf(total, sizeof total, "session total %.6f USD (folded here: %.6f)", shown, folded);
    check(std::fabs(shown - folded) <= 1e-9 * std::max(1.0, folded), total);
    check(s["store"]["saving"] == true && s["store"]["dropped_calls"] == 0,
          "store saving, nothing dropped" + (s["store"]["problem"].get<std::string>().empty()
                                                 ? std::string()
                                                 : ": " + s["store"]["problem"].get<std::string>()));
    check(window_said.empty(),
          "the window printed nothing" +
              (window_said.empty() ? std::string() : ": first \"" + window_said.front() + "\""));
    if (samples.size() >= 2) {
        // Memory: the first sample is after a minute of warm-up (the store's caches, the model rows).
        double lo = 1e18, hi = 0;
        for (std::size_t k = 1; k < samples.size(); ++k) {
            lo = std::min(lo, samples[k].rss_mib - samples[k].ids_mib);
            hi = std::max(hi, samples[k].rss_mib - samples[k].ids_mib);
        }
        char v[200];
        std::snprintf(
            v, sizeof v,
            "resident memory less the id set from minute %.0f on: %.1f to %.1f MiB (RSS %.1f -> %.1f MiB, "
            "id set %.1f -> %.1f MiB)",
            samples[1].minute, lo, hi, samples.front().rss_mib, samples.back().rss_mib,
            samples.front().ids_mib, samples.back().ids_mib);
        check(hi - lo <= 0.1 * lo, v);
    }
    control.send({{"cmd", "quit"}});
    app.wait_exit(std::chrono::seconds(30));
    std::printf("%s\n", problems == 0 ? "soak: clean" : "soak: PROBLEMS (see above)");
    return problems == 0 ? 0 : 1;
}
