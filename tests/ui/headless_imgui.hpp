// Dear ImGui without a window or GPU (the example_null recipe): a font atlas, a display size, a time
// step, and NewFrame ... Render. Input goes in through io fields, as the 1.86 backends do.
#pragma once

#include <imgui.h>

namespace test {

class HeadlessImGui
{
public:
    explicit HeadlessImGui(float width = 1100, float height = 720)
    {
        context_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(width, height);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~HeadlessImGui() { ImGui::DestroyContext(context_); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

    template <class Draw> void frame(Draw&& draw)
    {
        ImGui::NewFrame();
        draw();
        ImGui::Render();
    }

    // A left click at (x, y) over three frames: hover, press, release.
    template <class Draw> void click(float x, float y, Draw&& draw)
    {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(x, y);
        frame(draw);
        io.MouseDown[0] = true;
        frame(draw);
        io.MouseDown[0] = false;
        frame(draw);
    }

private:
    ImGuiContext* context_;
};

}  // namespace test
