#include "log_sources.hpp"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace costpanel::app {

std::vector<SourceSpec> log_specs(const std::vector<std::string>& logs)
{
    std::vector<SourceSpec> specs;
    for (const std::string& l : logs) {
        SourceSpec spec = SourceSpec::parse_logs(l);
        struct stat st
        {
        };
        if (!spec.path.empty() && ::stat(spec.path.c_str(), &st) != 0)
            throw SourceError(l + ": " + std::strerror(errno));
        if (!spec.path.empty() && !S_ISDIR(st.st_mode)) throw SourceError(l + ": not a directory");
        specs.push_back(std::move(spec));
    }
    return specs;
}

std::string no_logs_found(const std::vector<std::string>& logs)
{
    std::string text = "no agent logs found:";
    for (const std::string& l : logs) {
        if (l == "claude-code")
            text += " no Claude Code logs in $CLAUDE_CONFIG_DIR, ~/.config/claude or ~/.claude;";
        else if (l == "codex")
            text += " no Codex logs in $CODEX_HOME or ~/.codex;";
    }
    text.back() = ' ';
    return text + "(give the directory: --logs claude-code:DIR, --logs codex:DIR)";
}

}  // namespace costpanel::app
