// Figures of the real window under Xvfb, for costpanel_bench.
#pragma once

#include <string>
#include <vector>

namespace bench {

struct WindowFigure
{
    std::string what, value, target, verdict;
};

std::vector<WindowFigure> measure_window(const std::string& costpanel_executable, bool quick);

}  // namespace bench
