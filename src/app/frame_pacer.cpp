#include "frame_pacer.hpp"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <utility>

namespace costpanel {

FramePacer::FramePacer(GLFWwindow* window)
{
    glfwSetWindowUserPointer(window, this);
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double, double) { note_input(w); });
    glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int, int, int) { note_input(w); });
    glfwSetScrollCallback(window, [](GLFWwindow* w, double, double) { note_input(w); });
    glfwSetKeyCallback(window, [](GLFWwindow* w, int, int, int, int) { note_input(w); });
    glfwSetCharCallback(window, [](GLFWwindow* w, unsigned) { note_input(w); });
    glfwSetWindowFocusCallback(window, [](GLFWwindow* w, int) { note_input(w); });
    glfwSetCursorEnterCallback(window, [](GLFWwindow* w, int) { note_input(w); });
    glfwSetFramebufferSizeCallback(window, [](GLFWwindow* w, int, int) { note_input(w); });
    glfwSetWindowRefreshCallback(window, [](GLFWwindow* w) { note_input(w); });
    glfwSetWindowCloseCallback(window, [](GLFWwindow* w) { note_input(w); });
}

void FramePacer::note_input(GLFWwindow* window)
{
    static_cast<FramePacer*>(glfwGetWindowUserPointer(window))->input_ = true;
}

void FramePacer::wait(double refresh_interval_s, const std::function<bool()>& control_busy)
{
    const auto seconds_until = [](Clock::time_point t) {
        return std::max(0.0, std::chrono::duration<double>(t - Clock::now()).count());
    };
    bool data = std::exchange(data_follow_up_, false);
    const auto tick = last_frame_ + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(refresh_interval_s));
    for (;;) {
        if (settling_ > 0 || control_busy()) {
            glfwPollEvents();
            settling_ = std::max(0, settling_ - 1);
            break;
        }
        const Clock::time_point until = data ? last_frame_ + kDataFrameGap : tick;
        if (Clock::now() >= until) break;
        glfwWaitEventsTimeout(seconds_until(until));
        if (input_) break;
        // An empty event: new data, a control request or a signal; the loop above tells which.
        if (Clock::now() < until) data = data_follow_up_ = true;
    }
    if (std::exchange(input_, false)) settling_ = 2;
    last_frame_ = Clock::now();
}

}  // namespace costpanel
