#include "window_placement.hpp"

#include "costpanel/core/paths.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

namespace costpanel::app {

WindowPlacement WindowPlacement::load(const std::string& path)
{
    WindowPlacement p;
    std::ifstream in(path);
    const auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return p;
    const auto number = [&](const char* key, int lo, int hi) -> std::optional<int> {
        const auto it = j.find(key);
        if (it == j.end() || !it->is_number_integer()) return std::nullopt;
        const auto v = it->get<long long>();
        return v >= lo && v <= hi ? std::optional<int>(static_cast<int>(v)) : std::nullopt;
    };
    const auto w = number("width", 200, 16384), h = number("height", 150, 16384);
    if (w && h) {
        p.width = *w;
        p.height = *h;
    }
    const auto x = number("x", -16384, 16384), y = number("y", -16384, 16384);
    if (x && y) {
        p.x = *x;
        p.y = *y;
        p.has_position = true;
    }
    p.maximized = j.value("maximized", false);
    return p;
}

void WindowPlacement::save(const std::string& path) const
{
    const auto slash = path.rfind('/');
    if (slash != std::string::npos && !make_private_dirs(path.substr(0, slash))) return;
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << nlohmann::json{{"x", x},
                              {"y", y},
                              {"width", width},
                              {"height", height},
                              {"maximized", maximized}}
                   .dump(1)
            << "\n";
        if (!out) return;
    }
    std::rename(tmp.c_str(), path.c_str());
}

}  // namespace costpanel::app
