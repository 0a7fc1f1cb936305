// costpanel::ControlChannel: lets tests and automation drive and inspect a window that shows a Panel,
// through a Unix socket (mode 0600). Off unless a host creates one.
//
// Usage, in the host's loop (GUI thread):
//   costpanel::ControlChannel control("unix:/tmp/ctl.sock", [] { glfwPostEmptyEvent(); });
//   ImGui_ImplGlfw_NewFrame();
//   control.before_new_frame(panel);   // an injected click goes in here, through io, as the
//   ImGui::NewFrame();                 // 1.86 backend overwrites io.MousePos/MouseDown in its NewFrame
//   ... draw, ImGui::Render(), ImGui_ImplOpenGL3_RenderDrawData(...);
//   control.after_render(panel, info); // answers; a screenshot reads the back buffer before the swap
//   glfwSwapBuffers(window);
//   sleep only when !control.wants_frames(); leave the loop when control.quit_requested()
//
// One JSON object per line in, one JSON line out ({"ok":true,...} or {"ok":false,"error":"..."}):
//   {"cmd":"state"}                              the summary's numbers, frame count, last frame's CPU
//                                                time, window and widget rectangles (screen pixels)
//   {"cmd":"click","id":"reset","index":0}       a left click on a widget through ImGui's input path:
//                                                hover, press, release over three frames
//   {"cmd":"screenshot","path":"/tmp/panel.png"} the framebuffer as a PNG
//   {"cmd":"wait_frames","n":3}                  answers after n more frames
//   {"cmd":"quit"}                               asks the host to close, as its window's close does
// Plain words work too, for a person at a terminal: `state`, `click reset`, `wait_frames 3`.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace costpanel {

class Panel;

// What only the host knows about the frame just drawn.
struct FrameInfo
{
    std::uint64_t frame = 0;  // frames drawn so far
    double cpu_ms = 0.0;      // the GUI thread's CPU time for the last frame
    int window_x = 0, window_y = 0, window_width = 0, window_height = 0;  // screen coordinates
    int framebuffer_width = 0, framebuffer_height = 0;
};

class ControlChannel
{
public:
    // Listens at once on "unix:PATH"; throws SourceError. `wake` (any thread) makes the host draw a frame.
    ControlChannel(const std::string& address, std::function<void()> wake);
    ~ControlChannel();
    ControlChannel(const ControlChannel&) = delete;
    ControlChannel& operator=(const ControlChannel&) = delete;

    // GUI thread, after the platform backend's NewFrame and before ImGui::NewFrame().
    void before_new_frame(const Panel& panel);
    // GUI thread, after rendering and before the buffer swap.
    void after_render(const Panel& panel, const FrameInfo& info);
    // A command has arrived or is under way (a click's phases, wait_frames): draw without waiting.
    bool wants_frames() const;
    bool quit_requested() const { return quit_; }
    const std::string& address() const { return address_; }

private:
    struct Server;
    struct Command;
    void reply(std::uint64_t client, const std::string& json);
    void finish_front(const std::string& json);

    std::string address_;
    std::unique_ptr<Server> server_;
    std::vector<Command> pending_;  // GUI thread; the front is under way
    bool quit_ = false;
};

}  // namespace costpanel
