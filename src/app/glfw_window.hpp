// Owns a GLFW window: glfwDestroyWindow() when it goes. Empty until given one, so that it can be
// declared before what it must outlive and made after it.
#pragma once

#include <GLFW/glfw3.h>
#include <utility>

namespace costpanel::app {

class GlfwWindow
{
public:
    GlfwWindow() = default;
    explicit GlfwWindow(GLFWwindow* window) : window_(window) {}
    ~GlfwWindow()
    {
        if (window_) glfwDestroyWindow(window_);
    }
    GlfwWindow(GlfwWindow&& other) noexcept : window_(std::exchange(other.window_, nullptr)) {}
    GlfwWindow& operator=(GlfwWindow&& other) noexcept
    {
        std::swap(window_, other.window_);
        return *this;
    }

    GLFWwindow* get() const { return window_; }
    explicit operator bool() const { return window_ != nullptr; }

private:
    GLFWwindow* window_ = nullptr;
};

}  // namespace costpanel::app
