// costpanel (no command): the panel in a window of its own, beside the conductor.
// GLFW + OpenGL 3 with Dear ImGui's own backends; the loop sleeps until input or data wakes it.
#include "app_config.hpp"
#include "commands.hpp"
#include "demo_feeder.hpp"
#include "feed_options.hpp"
#include "frame_pacer.hpp"
#include "glfw_library.hpp"
#include "glfw_window.hpp"
#include "imgui_backends.hpp"
#include "imgui_context.hpp"
#include "log_sources.hpp"
#include "store_access.hpp"
#include "termination_signals.hpp"
#include "window_placement.hpp"

#include "costpanel/core/paths.hpp"
#include "costpanel/core/session_state.hpp"
#include "costpanel/ui/control_channel.hpp"
#include "costpanel/ui/panel.hpp"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <iostream>
#include <memory>
#include <optional>
#include <sys/stat.h>
#include <time.h>

namespace costpanel::app {

namespace {

constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

std::string empty_hint(const std::vector<std::string>& addresses, const std::vector<std::string>& logs)
{
    std::string socket;
    for (const std::string& a : addresses)
        if (a.starts_with("unix:")) socket = a.substr(5);
    std::string hint;
    if (socket.empty())
        hint = "Waiting for events from " +
               (!addresses.empty() ? addresses[0]
                : !logs.empty()    ? "the agent logs"
                                   : std::string("the demo")) +
               ".";
    else
        hint = "Waiting for events. A conductor sends one JSON object per line to " + socket +
               ", for example:\n  echo '{\"type\":\"api_call\",\"model\":\"gpt-4o\",\"input_tokens\":1200,"
               "\"output_tokens\":300}' | socat - UNIX-CONNECT:" +
               socket + "\nThe README shows a ten-line Python sender.";
    // An agent CLI's user waits for the agent, not for a conductor.
    if (!logs.empty())
        hint += "\nAgent logs are followed (the toolbar names them): a call your agent makes shows here; "
                "what the logs held before is in the History tab.";
    return hint;
}

void glfw_error(int code, const char* description)
{
    std::cerr << "costpanel: GLFW error " << code << ": " << description << "\n";
}

// The panel with its prices, budgets and sources; null, having said why, when the price file or a
// source cannot be read.
std::unique_ptr<Panel> make_panel(const WindowArgs& args, const FeedOptions& feed, const AppConfig& settings)
{
    PanelConfig config;
    config.tier_models = feed.tier_models;
    config.db_path = db_path(args.db, settings);
    config.retention_days = settings.retention_days;
    config.timezone = args.timezone.value_or(settings.timezone);  // both checked; empty: local
    try {
        config.prices = load_price_table(feed.pricing);
    } catch (const PriceFileError& e) {
        std::cerr << "costpanel: " << e.what() << "\n";
        return nullptr;
    }
    config.empty_hint = empty_hint(feed.sources, feed.logs);
    if (args.demo) config.posts_label = "built-in demo conductor";
    auto panel = std::make_unique<Panel>(config);
    panel->on_wake = [] { glfwPostEmptyEvent(); };
    panel->daily_budget_usd = settings.daily_budget_usd.value_or(0);
    panel->monthly_budget_usd = settings.monthly_budget_usd.value_or(0);
    panel->budget_warn_at = settings.warn_at;
    panel->on_budgets_changed = [p = panel.get()] {
        if (!AppConfig::save_budgets(AppConfig::default_path(), p->daily_budget_usd, p->monthly_budget_usd))
            std::cerr << "costpanel: cannot save the budgets to " << AppConfig::default_path() << "\n";
    };
    for (const std::string& source : feed.sources) {
        try {
            const std::string address = panel->start_source(source);  // before the line: it may throw
            std::cerr << "costpanel: reading " << address << "\n";
        } catch (const std::exception& e) {
            std::cerr << "costpanel: " << e.what() << "\n";
            return nullptr;
        }
    }
    try {
        for (const SourceSpec& spec : log_specs(feed.logs)) {
            const std::string trees = panel->start_source(spec);
            if (!trees.empty()) std::cerr << "costpanel: following " << trees << "\n";
        }
    } catch (const std::exception& e) {
        std::cerr << "costpanel: " << e.what() << "\n";
        return nullptr;
    }
    return panel;
}

// An OpenGL 3 window where the last one was, scaled to its monitor; empty if none can be made.
GlfwWindow open_window(const WindowPlacement& placement)
{
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    glfwWindowHint(GLFW_MAXIMIZED, placement.maximized ? GLFW_TRUE : GLFW_FALSE);
    GlfwWindow window(glfwCreateWindow(placement.width, placement.height, "costpanel", nullptr, nullptr));
    if (!window) return window;
    if (placement.has_position && !placement.maximized)
        glfwSetWindowPos(window.get(), placement.x, placement.y);
    glfwMakeContextCurrent(window.get());
    glfwSwapInterval(1);
    return window;
}

// The dark style and fonts at the window's content scale: DejaVu Sans when installed, with a large
// one for the panel's session total; else ImGui's own font.
void set_up_style(GLFWwindow* window, Panel& panel)
{
    ImGuiIO& io = ImGui::GetIO();
    ImGui::StyleColorsDark();
    float scale_x = 1.f, scale_y = 1.f;
    glfwGetWindowContentScale(window, &scale_x, &scale_y);
    const float scale = std::max(1.f, std::max(scale_x, scale_y));
    struct stat st
    {
    };
    if (::stat(kFontPath, &st) == 0) {
        io.Fonts->AddFontFromFileTTF(kFontPath, 15.f * scale);
        panel.total_font = io.Fonts->AddFontFromFileTTF(kFontPath, 28.f * scale);
    } else {
        ImFontConfig font;
        font.SizePixels = 13.f * scale;
        io.Fonts->AddFontDefault(&font);
    }
    ImGui::GetStyle().ScaleAllSizes(scale);
}

double thread_cpu_ms()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// One frame: the panel filling the window. The control channel, if any, injects its input before
// the frame and reads the result before the swap.
void draw_frame(GLFWwindow* window, Panel& panel, ControlChannel* control, FrameInfo& info)
{
    const double cpu_start = thread_cpu_ms();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (control) control->before_new_frame(panel);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("costpanel", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    panel.draw_contents();
    ImGui::End();
    ImGui::Render();
    int width = 0, height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.08f, 0.08f, 0.09f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    info.cpu_ms = thread_cpu_ms() - cpu_start;
    ++info.frame;
    if (control) {
        glfwGetWindowPos(window, &info.window_x, &info.window_y);
        glfwGetWindowSize(window, &info.window_width, &info.window_height);
        info.framebuffer_width = width;
        info.framebuffer_height = height;
        control->after_render(panel, info);
        // Announced once the first frame is up, so a test that waits for this line finds widgets.
        if (info.frame == 1) std::cerr << "costpanel: control " << control->address() << std::endl;
    }
    glfwSwapBuffers(window);
}

void print_closing_line(const Panel& panel)
{
    const SessionState& s = panel.state();
    const EventCounters& c = s.counters();
    std::cerr << "costpanel: closed; events applied " << c.applied << ", rejected " << c.rejected
              << ", ignored " << c.ignored << ", duplicates " << c.duplicates << "; session total $"
              << s.totals().cost_usd << std::endl;
}

void save_placement(GLFWwindow* window, WindowPlacement placement, const std::string& path)
{
    placement.maximized = glfwGetWindowAttrib(window, GLFW_MAXIMIZED) == GLFW_TRUE;
    if (!placement.maximized) {
        glfwGetWindowPos(window, &placement.x, &placement.y);
        glfwGetWindowSize(window, &placement.width, &placement.height);
    }
    placement.save(path);
}

}  // namespace

int run(const WindowArgs& args)
{
    AppConfig settings;
    try {
        settings = AppConfig::load();
    } catch (const std::runtime_error& e) {
        std::cerr << "costpanel: " << e.what() << "\n";
        return 1;
    }
    FeedOptions feed = args.feed;
    if (!args.demo) feed.default_sources();

    // Set-up. What is declared here is destroyed in reverse at any return: the ImGui backends, its
    // context, the panel, the signal thread, the window, GLFW.
    const sigset_t signals = block_termination_signals();  // before any other thread exists
    GlfwLibrary glfw(glfw_error);
    if (!glfw) {
        std::cerr << "costpanel: cannot open a window (no display?); `costpanel watch` runs in a terminal\n";
        return 1;
    }
    // Made after the panel, so that a bad price file or source shows no window; declared before it,
    // so that the panel is gone before they are.
    GlfwWindow window;
    std::optional<TerminationSignals> termination;
    std::unique_ptr<Panel> panel = make_panel(args, feed, settings);
    if (!panel) return 1;
    termination.emplace(signals, [] { glfwPostEmptyEvent(); });
    const std::string placement_path = config_dir() + "/window.json";
    const WindowPlacement placement = WindowPlacement::load(placement_path);
    window = open_window(placement);
    if (!window) {
        std::cerr << "costpanel: cannot create an OpenGL 3 window\n";
        return 1;
    }
    ImGuiContextScope imgui(make_private_dirs(config_dir()) ? config_dir() + "/imgui.ini" : "");
    set_up_style(window.get(), *panel);
    FramePacer pacer(window.get());  // before the backends, whose callbacks chain to the pacer's
    ImGuiBackends backends(window.get(), "#version 130");
    std::unique_ptr<ControlChannel> control;
    if (!args.control.empty()) {
        try {
            control = std::make_unique<ControlChannel>(args.control, [] { glfwPostEmptyEvent(); });
        } catch (const std::exception& e) {
            std::cerr << "costpanel: " << e.what() << "\n";  // nothing drawn: to the shutdown, exit 1
        }
    }
    const bool control_failed = !args.control.empty() && !control;
    std::unique_ptr<DemoFeeder> demo;
    if (args.demo) demo = std::make_unique<DemoFeeder>(*panel, args.demo_rate, 1);

    // The loop: the pacer sleeps until input, data, a control command or a signal wants a frame.
    const auto closing = [&] { return glfwWindowShouldClose(window.get()) || termination->received(); };
    FrameInfo info;
    while (!control_failed && !closing() && !(control && control->quit_requested())) {
        pacer.wait(panel->refresh_interval(), [&] { return control && control->wants_frames(); });
        if (closing()) break;
        draw_frame(window.get(), *panel, control.get(), info);
    }

    // Shutdown: what feeds the panel, then its sources (what they read is applied), then the
    // placement; the destructors do the rest.
    demo.reset();
    control.reset();
    panel->stop();
    print_closing_line(*panel);
    save_placement(window.get(), placement, placement_path);
    // A bounded time for the store to commit the last calls, or to say it cannot; then the truth.
    panel->wait_for_store(store_settled, kStoreGrace);
    if (const auto& store = panel->vitals().store)
        if (const auto unsaved = unsaved_calls(*store, db_path(args.db, settings))) {
            std::cerr << "costpanel: " << *unsaved << "\n";
            return 1;
        }
    return control_failed ? 1 : 0;
}

}  // namespace costpanel::app
