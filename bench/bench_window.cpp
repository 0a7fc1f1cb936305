// The real window under Xvfb: event-to-screen latency, idle CPU and resident memory, through the same
// harness the live GUI tests use (its own Xvfb, the control channel, a socket writer).
#include "bench_window.hpp"
#include "month_of_calls.hpp"
#include "proc_stats.hpp"

#include "../tests/common/harness.hpp"
#include "../tests/common/temp_dir.hpp"
#include "costpanel/store/store.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <unistd.h>

namespace bench {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

std::vector<WindowFigure> measure_window(const std::string& costpanel, bool quick)
{
    std::vector<WindowFigure> out;
    gui::Xvfb x;
    if (!x.running()) {
        out.push_back({"the real window", "not measured: " + x.error(), "", ""});
        return out;
    }
    test::TempDir dir;
    // A month of history in the window's store before it starts, as a user of some weeks has.
    const std::size_t stored = quick ? 100'000 : 1'000'000;
    {
        std::filesystem::create_directories(dir / "data/costpanel");
        costpanel::Store::Options so;
        so.path = dir / "data/costpanel/usage.db";
        costpanel::Store store(so);
        for (auto& calls : month_of_calls(stored)) store.add(std::move(calls), {}, 0);
        store.flush(std::chrono::minutes(10));
    }
    const std::string feed = dir / "feed.sock", control_path = dir / "control.sock";
    gui::Process app({costpanel, "--listen", "unix:" + feed, "--control", "unix:" + control_path},
                     gui::private_env(x, dir));
    if (!app.wait_for_line("costpanel: control")) {
        out.push_back({"the real window", "not measured: it did not start", "", ""});
        return out;
    }
    gui::Control control(control_path);
    gui::Writer conductor(feed);

    // Event to screen: write one line, then ask for the state until a frame shows it. Each answer
    // comes after a frame is rendered, so this is the time to the first frame that has the event.
    std::vector<double> latencies;
    const int events = quick ? 50 : 200;
    for (int i = 0; i < events; ++i) {
        const auto sent = Clock::now();
        conductor.send(R"({"type":"api_call","model":"gpt-4o","input_tokens":100})"
                       "\n");
        if (!control.state_until([&](const nlohmann::json& s) { return s["calls"] == i + 1; })) break;
        latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
    }
    std::sort(latencies.begin(), latencies.end());
    if (!latencies.empty()) {
        char v[96];
        std::snprintf(v, sizeof v, "%.2f / %.2f", latencies[latencies.size() / 2],
                      latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)]);
        out.push_back({"event to screen in the real window, Xvfb + llvmpipe (p50 / p99 ms)", v, "", ""});
    }

    // Idle: nothing arrives, nobody moves the mouse; the window should sleep.
    const int idle_seconds = quick ? 3 : 10;
    const long ticks_before = cpu_ticks(app.pid());
    const auto idle_start = Clock::now();
    app.wait_exit(std::chrono::seconds(idle_seconds));  // it does not exit: this is the idle period
    const double wall = std::chrono::duration<double>(Clock::now() - idle_start).count();
    const double cpu = static_cast<double>(cpu_ticks(app.pid()) - ticks_before) /
                       static_cast<double>(::sysconf(_SC_CLK_TCK));
    char v[64];
    std::snprintf(v, sizeof v, "%.2f%% of a core over %.0f s", 100.0 * cpu / wall, wall);
    out.push_back({"idle window CPU", v, "< 0.5% of a core", 100.0 * cpu / wall < 0.5 ? "met" : "missed"});

    // Resident memory with 1,000 models in the session.
    std::string lines;
    for (int i = 0; i < 1000; ++i)
        lines += R"({"type":"api_call","provider":"bench","model":"model-)" + std::to_string(i) +
                 R"(","input_tokens":1000})"
                 "\n";
    conductor.send(lines);
    if (!control.state_until([](const nlohmann::json& s) { return s["calls"].get<int>() >= 1000; }))
        return out;
    // Each tab's resident memory is the most seen over a few seconds on it: the history tabs query
    // the store on a worker, whose answers are not announced to the control channel.
    const auto resident_on = [&](const char* tab) {
        if (tab) control.send({{"cmd", "click"}, {"id", tab}});
        long most = resident_kb(app.pid());
        for (int i = 0; i < 5; ++i) {
            app.wait_exit(std::chrono::seconds(1));  // it does not exit: a second on the tab
            control.send({{"cmd", "wait_frames"}, {"n", 2}});
            most = std::max(most, resident_kb(app.pid()));
        }
        return static_cast<double>(most) / 1024.0;
    };
    const double session = resident_on(nullptr), history = resident_on("tab/history"),
                 budgets = resident_on("tab/budgets");
    std::snprintf(v, sizeof v, "%.1f / %.1f / %.1f MiB", session, history, budgets);
    out.push_back({std::string("resident memory of the window, 1,000 models and ") +
                       (quick ? "100,000" : "1,000,000") + " stored calls (Session / History / Budgets tab)",
                   v, "", ""});
    control.send({{"cmd", "quit"}});
    app.wait_exit(std::chrono::seconds(10));
    return out;
}

}  // namespace bench
