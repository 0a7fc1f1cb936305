// Dear ImGui's GLFW and OpenGL 3 backends on a window, for the length of a scope; shut down in
// reverse. The GLFW backend chains to callbacks already installed on the window (FramePacer's).
#pragma once

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

namespace costpanel::app {

class ImGuiBackends
{
public:
    ImGuiBackends(GLFWwindow* window, const char* glsl_version)
    {
        ImGui_ImplGlfw_InitForOpenGL(window, /*install_callbacks=*/true);
        ImGui_ImplOpenGL3_Init(glsl_version);
    }
    ~ImGuiBackends()
    {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
    }
    ImGuiBackends(const ImGuiBackends&) = delete;
    ImGuiBackends& operator=(const ImGuiBackends&) = delete;
};

}  // namespace costpanel::app
