// costpanel (no command): the panel in a window of its own, beside the conductor.
// GLFW + OpenGL 3 with Dear ImGui's own backends; the loop sleeps until input or data wakes it.
#include "app_config.hpp"
#include "cli_args.hpp"
#include "commands.hpp"
#include "demo_feeder.hpp"
#include "feed_options.hpp"
#include "frame_pacer.hpp"
#include "window_placement.hpp"

#include "costpanel/ui/control_channel.hpp"
#include "costpanel/ui/panel.hpp"
#include "costpanel/core/paths.hpp"
#include "costpanel/core/session_state.hpp"

#include <GLFW/glfw3.h>
#include <atomic>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <chrono>
#include <csignal>
#include <imgui.h>
#include <iostream>
#include <pthread.h>
#include <sys/stat.h>
#include <thread>
#include <time.h>
#include <unistd.h>

namespace costpanel::app {

namespace {

constexpr const char* kUsage =
    "usage: costpanel [--listen unix:PATH|tcp:127.0.0.1:PORT]... [--follow FILE]... [--stdin]\n"
    "                 [--pricing FILE] [--tier-model \"Tier N=MODEL\"]... [--demo [--demo-rate N]]\n"
    "Opens the cost panel in a window. With no source given it listens on the default socket\n"
    "("
    "$XDG_RUNTIME_DIR/costpanel.sock) and reads standard input when that is a pipe or a file, so\n"
    "`conductor | costpanel` just works.\n"
    "  --listen ADDR      a socket to accept writers on (unix:PATH, or tcp:HOST:PORT on the loopback)\n"
    "  --follow FILE      a file to follow as it grows, resuming where it stopped after a restart\n"
    "  --stdin            read standard input\n"
    "  --pricing FILE     price table instead of the built-in one (costpanel's format or LiteLLM's)\n"
    "  --tier-model T=M   the model a tier is priced at when its snapshots name none\n"
    "  --demo             run the built-in demo conductor in the window (no default socket then)\n"
    "  --demo-rate N      the demo's events per second (default 6)\n"
    "  --db PATH          the history store (default ~/.local/share/costpanel/usage.db; :memory: keeps\n"
    "                     nothing)\n"
    "  --control unix:PATH  a control channel for tests and automation (see the README)\n";

constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

struct Options
{
    FeedOptions feed;
    bool demo = false;
    double demo_rate = 6.0;
    std::string control;
    std::string db;
    AppConfig settings;
};

Options parse(int argc, char** argv)
{
    Options o;
    CliArgs args(argc, argv, 1);
    o.feed = FeedOptions::take(args);
    o.settings = AppConfig::load();
    o.db = take_db_path(args, o.settings);
    o.demo = args.flag("--demo");
    o.control = args.value("--control").value_or("");
    if (auto r = args.value("--demo-rate")) o.demo_rate = CliArgs::to_number("--demo-rate", *r, 0.1, 100000);
    if (!args.positionals().empty()) throw UsageError("unexpected argument " + args.positionals()[0]);
    if (!o.demo) o.feed.default_sources();
    return o;
}

std::string empty_hint(const std::vector<std::string>& addresses)
{
    std::string socket;
    for (const std::string& a : addresses)
        if (a.starts_with("unix:")) socket = a.substr(5);
    if (socket.empty())
        return "Waiting for events from " + (addresses.empty() ? std::string("the demo") : addresses[0]) +
               ".";
    return "Waiting for events. A conductor sends one JSON object per line to " + socket +
           ", for example:\n  echo '{\"type\":\"api_call\",\"model\":\"gpt-4o\",\"input_tokens\":1200,"
           "\"output_tokens\":300}' | socat - UNIX-CONNECT:" +
           socket + "\nThe README shows a ten-line Python sender.";
}

void glfw_error(int code, const char* description)
{
    std::cerr << "costpanel: GLFW error " << code << ": " << description << "\n";
}

}  // namespace

int run_window(int argc, char** argv)
{
    Options options;
    try {
        if (argc > 1 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
            std::cout << kUsage;
            return 0;
        }
        options = parse(argc, argv);
    } catch (const std::invalid_argument& e) {  // UsageError, or an address SourceSpec refused
        std::cerr << "costpanel: " << e.what() << "\n" << kUsage;
        return 2;
    } catch (const UsageError& e) {
        std::cerr << "costpanel: " << e.what() << "\n" << kUsage;
        return 2;
    } catch (const std::runtime_error& e) {  // the config file
        std::cerr << "costpanel: " << e.what() << "\n";
        return 1;
    }

    const sigset_t signals = block_termination_signals();  // before any other thread exists

    glfwSetErrorCallback(glfw_error);
    if (!glfwInit()) {
        std::cerr << "costpanel: cannot open a window (no display?); `costpanel watch` runs in a terminal\n";
        return 1;
    }

    PanelConfig config;
    config.tier_models = options.feed.tier_models;
    config.db_path = options.db;
    config.retention_days = options.settings.retention_days;
    try {
        config.prices = load_price_table(options.feed.pricing);
    } catch (const PriceFileError& e) {
        std::cerr << "costpanel: " << e.what() << "\n";
        glfwTerminate();
        return 1;
    }
    config.empty_hint = empty_hint(options.feed.sources);
    if (options.demo) config.posts_label = "built-in demo conductor";
    auto panel = std::make_unique<Panel>(config);
    panel->on_wake = [] { glfwPostEmptyEvent(); };
    panel->daily_budget_usd = options.settings.daily_budget_usd.value_or(0);
    panel->monthly_budget_usd = options.settings.monthly_budget_usd.value_or(0);
    panel->budget_warn_at = options.settings.warn_at;
    panel->on_budgets_changed = [p = panel.get()] {
        if (!AppConfig::save_budgets(AppConfig::default_path(), p->daily_budget_usd, p->monthly_budget_usd))
            std::cerr << "costpanel: cannot save the budgets to " << AppConfig::default_path() << "\n";
    };
    for (const std::string& source : options.feed.sources) {
        try {
            std::cerr << "costpanel: reading " << panel->start_source(source) << "\n";
        } catch (const std::exception& e) {
            std::cerr << "costpanel: " << e.what() << "\n";
            panel.reset();
            glfwTerminate();
            return 1;
        }
    }

    std::atomic<bool> signalled{false};
    std::thread signal_thread([&signalled, signals] {
        int sig = 0;
        sigwait(&signals, &sig);
        signalled = true;
        glfwPostEmptyEvent();
    });

    const std::string placement_path = config_dir() + "/window.json";
    WindowPlacement placement = WindowPlacement::load(placement_path);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    glfwWindowHint(GLFW_MAXIMIZED, placement.maximized ? GLFW_TRUE : GLFW_FALSE);
    GLFWwindow* window = glfwCreateWindow(placement.width, placement.height, "costpanel", nullptr, nullptr);
    if (!window) {
        std::cerr << "costpanel: cannot create an OpenGL 3 window\n";
        pthread_kill(signal_thread.native_handle(), SIGTERM);
        signal_thread.join();
        panel.reset();
        glfwTerminate();
        return 1;
    }
    if (placement.has_position && !placement.maximized) glfwSetWindowPos(window, placement.x, placement.y);
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    const std::string ini_path = config_dir() + "/imgui.ini";
    io.IniFilename = make_private_dirs(config_dir()) ? ini_path.c_str() : nullptr;
    ImGui::StyleColorsDark();
    float scale_x = 1.f, scale_y = 1.f;
    glfwGetWindowContentScale(window, &scale_x, &scale_y);
    const float scale = std::max(1.f, std::max(scale_x, scale_y));
    struct stat st
    {
    };
    if (::stat(kFontPath, &st) == 0) {
        io.Fonts->AddFontFromFileTTF(kFontPath, 15.f * scale);
        panel->total_font = io.Fonts->AddFontFromFileTTF(kFontPath, 28.f * scale);
    } else {
        ImFontConfig font;
        font.SizePixels = 13.f * scale;
        io.Fonts->AddFontDefault(&font);
    }
    ImGui::GetStyle().ScaleAllSizes(scale);
    FramePacer pacer(window);  // before the backend, whose callbacks chain to the pacer's
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    std::unique_ptr<ControlChannel> control;
    if (!options.control.empty()) {
        try {
            control = std::make_unique<ControlChannel>(options.control, [] { glfwPostEmptyEvent(); });
        } catch (const std::exception& e) {
            std::cerr << "costpanel: " << e.what() << "\n";
            signalled = true;  // nothing drawn: straight to the shutdown below, exit 1
        }
    }
    const bool control_failed = !options.control.empty() && !control;
    std::unique_ptr<DemoFeeder> demo;
    if (options.demo) demo = std::make_unique<DemoFeeder>(*panel, options.demo_rate, 1);

    FrameInfo info;
    while (!glfwWindowShouldClose(window) && !signalled && !(control && control->quit_requested())) {
        pacer.wait(panel->refresh_interval(), [&] { return control && control->wants_frames(); });
        if (glfwWindowShouldClose(window) || signalled) break;
        timespec cpu_start{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu_start);
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        if (control) control->before_new_frame(*panel);
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::Begin("costpanel", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
        panel->draw_contents();
        ImGui::End();
        ImGui::Render();
        int width = 0, height = 0;
        glfwGetFramebufferSize(window, &width, &height);
        glViewport(0, 0, width, height);
        glClearColor(0.08f, 0.08f, 0.09f, 1.f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        timespec cpu_end{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu_end);
        info.cpu_ms = static_cast<double>(cpu_end.tv_sec - cpu_start.tv_sec) * 1e3 +
                      static_cast<double>(cpu_end.tv_nsec - cpu_start.tv_nsec) / 1e6;
        ++info.frame;
        if (control) {
            glfwGetWindowPos(window, &info.window_x, &info.window_y);
            glfwGetWindowSize(window, &info.window_width, &info.window_height);
            info.framebuffer_width = width;
            info.framebuffer_height = height;
            control->after_render(*panel, info);
            // Announced once the first frame is up, so a test that waits for this line finds widgets.
            if (info.frame == 1) std::cerr << "costpanel: control " << control->address() << std::endl;
        }
        glfwSwapBuffers(window);
    }

    // Shutdown in reverse: the demo, the control channel, the sources (what they read is applied),
    // the window.
    demo.reset();
    control.reset();
    panel->stop();
    {
        const SessionState& s = panel->state();
        const EventCounters& c = s.counters();
        std::cerr << "costpanel: closed; events applied " << c.applied << ", rejected " << c.rejected
                  << ", ignored " << c.ignored << ", duplicates " << c.duplicates << "; session total $"
                  << s.totals().cost_usd << std::endl;
    }
    placement.maximized = glfwGetWindowAttrib(window, GLFW_MAXIMIZED) == GLFW_TRUE;
    if (!placement.maximized) {
        glfwGetWindowPos(window, &placement.x, &placement.y);
        glfwGetWindowSize(window, &placement.width, &placement.height);
    }
    placement.save(placement_path);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    panel.reset();
    if (!signalled) pthread_kill(signal_thread.native_handle(), SIGTERM);  // ends its sigwait
    signal_thread.join();
    glfwDestroyWindow(window);
    glfwTerminate();
    return control_failed ? 1 : 0;
}

}  // namespace costpanel::app
