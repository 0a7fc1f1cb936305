// Runs the costpanel executable as scripts do: through the shell, its exit code and output kept.
#pragma once

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace test {

struct Run
{
    int exit_code = -1;
    std::string out;
};

// Runs a shell command line; its standard error is dropped unless the command redirects it.
inline Run run(const std::string& command)
{
    Run r;
    const bool keeps_stderr = command.find("2>") != std::string::npos;
    FILE* pipe = ::popen((keeps_stderr ? command : "exec 2>/dev/null; " + command).c_str(), "r");
    REQUIRE(pipe);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) r.out.append(buf, n);
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

// A shell word: `text` in single quotes.
inline std::string quoted(const std::string& text)
{
    std::string q = "'";
    for (const char c : text) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

inline const std::string kCostpanel = COSTPANEL_EXE;

}  // namespace test
