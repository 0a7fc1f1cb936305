#include "framebuffer_png.hpp"

#include <GL/gl.h>
#include <stb_image_write.h>
#include <vector>

namespace costpanel {

bool write_framebuffer_png(const std::string& path, int width, int height, std::string& error)
{
    if (width <= 0 || height <= 0) {
        error = "the framebuffer is empty";
        return false;
    }
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows run bottom-up; PNG's top-down.
    stbi_flip_vertically_on_write(1);
    if (!stbi_write_png(path.c_str(), width, height, 3, pixels.data(), width * 3)) {
        error = "cannot write " + path;
        return false;
    }
    return true;
}

}  // namespace costpanel
