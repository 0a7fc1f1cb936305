#include "log_tree.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace costpanel::agentlogs {

namespace fs = std::filesystem;

namespace {

std::string home()
{
    const char* h = std::getenv("HOME");
    return h && *h ? h : "/";
}

std::string absolute(const std::string& path)
{
    std::error_code ec;
    const fs::path p = fs::absolute(path, ec);
    return ec ? path : p.lexically_normal().string();
}

bool is_dir(const std::string& path)
{
    struct stat st
    {
    };
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string without_slash(std::string path)
{
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

LogTree claude_tree(const std::string& dir)
{
    const std::string abs = without_slash(absolute(dir));
    LogTree t{LogFormat::claude_code, "claude-code:" + abs, {}};
    // DIR is a config directory, or may name its projects/ directory itself.
    t.roots.push_back(fs::path(abs).filename() == "projects" ? abs : abs + "/projects");
    return t;
}

LogTree codex_tree(const std::string& dir)
{
    const std::string abs = without_slash(absolute(dir));
    return {LogFormat::codex, "codex:" + abs, {abs + "/sessions", abs + "/archived_sessions"}};
}

}  // namespace

const char* format_name(LogFormat format)
{
    return format == LogFormat::claude_code ? "claude-code" : "codex";
}

std::vector<LogTree> find_log_trees(LogFormat format, const std::string& dir)
{
    if (!dir.empty()) return {format == LogFormat::claude_code ? claude_tree(dir) : codex_tree(dir)};
    std::vector<std::string> candidates;
    if (format == LogFormat::claude_code) {
        if (const char* env = std::getenv("CLAUDE_CONFIG_DIR"); env && *env) {
            std::string list = env;
            for (std::size_t start = 0; start <= list.size();) {
                const std::size_t comma = std::min(list.find(',', start), list.size());
                std::string one = list.substr(start, comma - start);
                one.erase(0, one.find_first_not_of(" \t"));
                one.erase(one.find_last_not_of(" \t") + 1);
                if (!one.empty()) candidates.push_back(one);
                start = comma + 1;
            }
        } else {
            candidates = {home() + "/.config/claude", home() + "/.claude"};
        }
    } else {
        const char* env = std::getenv("CODEX_HOME");
        candidates = {env && *env ? std::string(env) : home() + "/.codex"};
    }
    std::vector<LogTree> trees;
    std::set<std::string> seen;
    for (const std::string& c : candidates) {
        if (!is_dir(c)) continue;
        LogTree t = format == LogFormat::claude_code ? claude_tree(c) : codex_tree(c);
        if (seen.insert(t.name).second) trees.push_back(std::move(t));
    }
    return trees;
}

std::string tree_identity(const LogTree& tree)
{
    std::error_code ec;
    const fs::path real = tree.roots.empty() ? fs::path() : fs::canonical(tree.roots.front(), ec);
    return std::string(format_name(tree.format)) + ":" + (ec || real.empty() ? tree.name : real.string());
}

bool describe_log_file(const LogTree& tree, const std::string& path, LogFileInfo& info)
{
    const fs::path p(path);
    if (p.extension() != ".jsonl") return false;
    info.path = path;
    info.stem = p.stem().string();
    info.project.clear();
    for (const std::string& root : tree.roots) {
        if (!within(root, path)) continue;
        if (tree.format == LogFormat::claude_code) {
            const std::string rest = path.substr(root.size() + 1);
            const std::size_t slash = rest.find('/');
            // A transcript sits in a project's directory; one directly under projects/ has none.
            if (slash != std::string::npos) info.project = rest.substr(0, slash);
        }
        return true;
    }
    return false;
}

bool within(const std::string& root, const std::string& path)
{
    return path.size() > root.size() + 1 && path.compare(0, root.size(), root) == 0 &&
           path[root.size()] == '/';
}

bool in_tree(const LogTree& tree, const std::string& dir)
{
    for (const std::string& root : tree.roots)
        if (dir == root || within(root, dir)) return true;
    return false;
}

std::vector<LogFileInfo> list_log_files(const LogTree& tree)
{
    std::vector<LogFileInfo> files;
    std::set<std::string> names;  // a Codex session in sessions/ hides its archived copy
    for (const std::string& root : tree.roots) {
        std::vector<LogFileInfo> here;
        std::error_code ec;
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            std::error_code type_ec;
            if (!it->is_regular_file(type_ec)) continue;
            LogFileInfo info;
            if (!describe_log_file(tree, it->path().string(), info)) continue;
            struct stat st
            {
            };
            if (::stat(info.path.c_str(), &st) != 0) continue;
            info.dev = st.st_dev;
            info.ino = st.st_ino;
            info.size = st.st_size;
            here.push_back(std::move(info));
        }
        for (LogFileInfo& f : here)
            if (tree.format != LogFormat::codex || names.insert(fs::path(f.path).filename().string()).second)
                files.push_back(std::move(f));
    }
    std::sort(files.begin(), files.end(),
              [](const LogFileInfo& a, const LogFileInfo& b) { return a.path < b.path; });
    return files;
}

}  // namespace costpanel::agentlogs
