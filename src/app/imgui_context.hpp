// A Dear ImGui context for the length of a scope, saving its layout to `ini_path` (none if empty).
// It keeps the path itself: ImGui reads io.IniFilename again when the context is destroyed.
#pragma once

#include <imgui.h>
#include <string>

namespace costpanel::app {

class ImGuiContextScope
{
public:
    explicit ImGuiContextScope(std::string ini_path) : ini_path_(std::move(ini_path))
    {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = ini_path_.empty() ? nullptr : ini_path_.c_str();
    }
    ~ImGuiContextScope() { ImGui::DestroyContext(); }
    ImGuiContextScope(const ImGuiContextScope&) = delete;
    ImGuiContextScope& operator=(const ImGuiContextScope&) = delete;

private:
    std::string ini_path_;
};

}  // namespace costpanel::app
