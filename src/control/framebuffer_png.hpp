// The current OpenGL framebuffer (the back buffer, after rendering) as a PNG file.
#pragma once

#include <string>

namespace costpanel {

// False, with `error` set, when the file cannot be written.
bool write_framebuffer_png(const std::string& path, int width, int height, std::string& error);

}  // namespace costpanel
