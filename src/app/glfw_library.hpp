// GLFW for the length of a scope: glfwInit() on construction, glfwTerminate() at its end.
#pragma once

#include <GLFW/glfw3.h>

namespace costpanel::app {

class GlfwLibrary
{
public:
    // The error callback goes in first, so that a failing glfwInit() says why.
    explicit GlfwLibrary(GLFWerrorfun on_error)
    {
        glfwSetErrorCallback(on_error);
        ok_ = glfwInit() == GLFW_TRUE;
    }
    ~GlfwLibrary() { glfwTerminate(); }  // harmless when glfwInit() failed
    GlfwLibrary(const GlfwLibrary&) = delete;
    GlfwLibrary& operator=(const GlfwLibrary&) = delete;

    // False when GLFW could not start (no display).
    explicit operator bool() const { return ok_; }

private:
    bool ok_ = false;
};

}  // namespace costpanel::app
