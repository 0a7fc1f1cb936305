#include "costpanel/core/paths.hpp"

#include <cerrno>
#include <cstdlib>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace costpanel {

namespace {

std::string env(const char* name)
{
    const char* v = std::getenv(name);
    return v && *v == '/' ? std::string(v) : std::string();
}

std::string home()
{
    if (std::string h = env("HOME"); !h.empty()) return h;
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir) return pw->pw_dir;
    return "/tmp";
}

std::string xdg(const char* var, const char* fallback)
{
    std::string base = env(var);
    if (base.empty()) base = home() + fallback;
    return base + "/costpanel";
}

}  // namespace

std::string config_dir()
{
    return xdg("XDG_CONFIG_HOME", "/.config");
}

std::string data_dir()
{
    return xdg("XDG_DATA_HOME", "/.local/share");
}

std::string state_dir()
{
    return xdg("XDG_STATE_HOME", "/.local/state");
}

std::string default_socket_path()
{
    if (std::string run = env("XDG_RUNTIME_DIR"); !run.empty()) return run + "/costpanel.sock";
    return "/tmp/costpanel-" + std::to_string(getuid()) + ".sock";
}

std::string user_pricing_path()
{
    return config_dir() + "/pricing.json";
}

std::string parent_directory(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

bool make_private_dirs(const std::string& path)
{
    if (path.empty()) return false;
    for (std::size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
        const std::string part = path.substr(0, slash);
        if (mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) return false;
        if (slash == std::string::npos) break;
    }
    struct stat st
    {
    };
    return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace costpanel
