// Where the window was and how big, kept in the config directory between runs.
#pragma once

#include <optional>
#include <string>

namespace costpanel::app {

struct WindowPlacement
{
    int x = 0, y = 0;
    int width = 960, height = 640;
    bool has_position = false;
    bool maximized = false;

    static WindowPlacement load(const std::string& path);
    // Best effort: a read-only config directory only costs the placement.
    void save(const std::string& path) const;
};

}  // namespace costpanel::app
