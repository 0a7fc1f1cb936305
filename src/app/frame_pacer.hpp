// When the window draws its next frame. Input and control commands draw at once, and input owes two
// more frames while hover and press states settle. New data draws at most every kDataFrameGap: a
// conductor streaming thousands of events a second costs the window 20 frames a second, not one a
// batch. With nothing happening, one frame per tick of the panel's clock.
#pragma once

#include <chrono>
#include <functional>

struct GLFWwindow;

namespace costpanel {

class FramePacer
{
public:
    static constexpr std::chrono::milliseconds kDataFrameGap{50};

    // Installs input callbacks on the window: call it before the ImGui backend installs its own,
    // which chain to these.
    explicit FramePacer(GLFWwindow* window);

    // Blocks until the next frame is due. `control_busy`: a control command waits or is under way.
    void wait(double refresh_interval_s, const std::function<bool()>& control_busy);

private:
    using Clock = std::chrono::steady_clock;
    static void note_input(GLFWwindow* window);

    bool input_ = false;
    int settling_ = 3;             // frames owed at once: the first frames, and after input
    bool data_follow_up_ = false;  // a data frame owes one more (tables fit new widths a frame late)
    Clock::time_point last_frame_{};
};

}  // namespace costpanel
