// A host application that embeds costpanel twice: once as a window of its own, once inside a tab of
// one of its own windows. The host owns the context, the window and the backends; the panel only
// draws. Run it: costpanel_host_app [--listen ADDR] [--control unix:PATH] [--frames N --post M]
// (--frames is a test mode that exits after N frames once the M posted calls are applied).
#include "costpanel/ui/control_channel.hpp"
#include "costpanel/ui/panel.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <imgui.h>
#include <memory>
#include <string>

int main(int argc, char** argv)
{
    int frames = 0;  // 0: run until the window closes
    int post = 0;    // calls the host posts at start (the test mode)
    const char* listen = nullptr;
    const char* control_address = nullptr;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--frames")) frames = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--post")) post = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--listen")) listen = argv[i + 1];
        if (!std::strcmp(argv[i], "--control")) control_address = argv[i + 1];
    }

    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = glfwCreateWindow(1280, 800, "costpanel host example", nullptr, nullptr);
    if (!window) return 1;
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    // --- the ten lines a host needs ---
    costpanel::Panel panel;                        // built-in prices
    panel.on_wake = [] { glfwPostEmptyEvent(); };  // new data wakes the loop
    bool show_costs = true;
    // panel.start_source("unix:/run/user/1000/costpanel.sock");  // or let it listen itself
    // ... in the frame: panel.draw_window("Costs", &show_costs);  or  panel.draw_contents();
    // -----------------------------------

    // Optional: let the panel listen itself, and let tests drive this window.
    if (listen) std::fprintf(stderr, "host: reading %s\n", panel.start_source(listen).c_str());
    std::unique_ptr<costpanel::ControlChannel> control;
    if (control_address)
        control = std::make_unique<costpanel::ControlChannel>(control_address, [] { glfwPostEmptyEvent(); });

    int posted = 0;
    const auto post_call = [&] {
        ++posted;
        panel.post_line(
            R"({"type":"api_call","model":"claude-sonnet-4-5","tier":3,"activity":"host.example",)"
            R"("input_tokens":12000,"output_tokens":800})");
    };
    for (int i = 0; i < post; ++i) post_call();

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    int frame = 0;
    while (!glfwWindowShouldClose(window) && !(control && control->quit_requested())) {
        if (control && control->wants_frames())
            glfwPollEvents();
        else
            glfwWaitEventsTimeout(frames ? 0.05 : panel.refresh_interval());
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        if (control) control->before_new_frame(panel);
        ImGui::NewFrame();

        // A window of the host's own.
        ImGui::SetNextWindowPos(ImVec2(20, 20), ImGuiCond_FirstUseEver);
        ImGui::SetNextWindowSize(ImVec2(420, 300), ImGuiCond_FirstUseEver);
        ImGui::Begin("Conductor console");
        ImGui::TextWrapped("The host's own window. The cost panel is embedded twice: as the 'Costs' window, "
                           "and in the 'Costs' tab of the 'Workbench' window.");
        if (ImGui::Button("Simulate a model call")) post_call();
        ImGui::Checkbox("Show the Costs window", &show_costs);
        ImGui::Text("Calls posted: %d, applied: %llu", posted,
                    static_cast<unsigned long long>(panel.state().counters().applied));
        ImGui::End();

        // The panel as a window of its own...
        if (show_costs) {
            ImGui::SetNextWindowPos(ImVec2(460, 20), ImGuiCond_FirstUseEver);
            panel.draw_window("Costs", &show_costs);
        }

        // ...and inside a tab of another host window.
        ImGui::SetNextWindowPos(ImVec2(20, 340), ImGuiCond_FirstUseEver);
        ImGui::SetNextWindowSize(ImVec2(420, 440), ImGuiCond_FirstUseEver);
        ImGui::Begin("Workbench");
        if (ImGui::BeginTabBar("tabs")) {
            if (ImGui::BeginTabItem("Notes")) {
                ImGui::TextUnformatted("Another tab of the host.");
                ImGui::EndTabItem();
            }
            if (ImGui::BeginTabItem("Costs", nullptr, ImGuiTabItemFlags_SetSelected * (frame == 0))) {
                panel.draw_contents();
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
        ImGui::End();

        ImGui::Render();
        int w = 0, h = 0;
        glfwGetFramebufferSize(window, &w, &h);
        glViewport(0, 0, w, h);
        glClearColor(0.1f, 0.1f, 0.12f, 1.f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ++frame;
        if (control) {
            costpanel::FrameInfo info;
            info.frame = static_cast<std::uint64_t>(frame);
            glfwGetWindowPos(window, &info.window_x, &info.window_y);
            glfwGetWindowSize(window, &info.window_width, &info.window_height);
            info.framebuffer_width = w;
            info.framebuffer_height = h;
            control->after_render(panel, info);
            if (frame == 1) std::fprintf(stderr, "host: control %s\n", control->address().c_str());
        }
        glfwSwapBuffers(window);

        const bool all_applied = panel.state().counters().applied >= static_cast<std::uint64_t>(posted);
        if (frames && ((frame >= frames && all_applied) || std::chrono::steady_clock::now() > deadline))
            break;
    }

    control.reset();
    panel.stop();
    const auto& s = panel.state();
    std::printf("frames %d posted %d applied %llu total_usd %.6f\n", frame, posted,
                static_cast<unsigned long long>(s.counters().applied), s.totals().cost_usd);
    const bool ok = s.counters().applied == static_cast<std::uint64_t>(posted);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return ok ? 0 : 1;
}
