// What the bench's figures share: formatting, timing, percentiles, and a Dear ImGui context with no
// window for the headless frame rows.
#pragma once

#include "../tests/common/alloc_counter.hpp"
#include "costpanel/ui/panel.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <imgui.h>
#include <string>
#include <thread>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

inline std::string fmt(const char* f, double v)
{
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

inline double ms_since(Clock::time_point t)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct Percentiles
{
    double p50, p99, max;
};

inline Percentiles percentiles(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
        return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
    };
    return {at(0.50), at(0.99), v.back()};
}

// A Dear ImGui context of a 1280×800 display, its font atlas built, ImGui's own allocations counted.
class Headless
{
public:
    Headless()
    {
        ImGui::CreateContext();
        test::AllocCounter::hook_imgui();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 800);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* px;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    }
    ~Headless() { ImGui::DestroyContext(); }
    Headless(const Headless&) = delete;
    Headless& operator=(const Headless&) = delete;
};

// The panel's frames, each timed, as a 500 Hz host draws them, for as long as `more()` says.
inline std::vector<double> frames_while(costpanel::Panel& panel, const std::function<bool()>& more)
{
    std::vector<double> times;
    while (more()) {
        const auto t = Clock::now();
        ImGui::NewFrame();
        panel.draw_window("Costs");
        ImGui::Render();
        times.push_back(ms_since(t));
        std::this_thread::sleep_for(std::chrono::microseconds(2000));  // the host's pace, not syncing
    }
    return times;
}

}  // namespace bench
