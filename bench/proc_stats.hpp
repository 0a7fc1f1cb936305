// A process's CPU time and resident memory, read from /proc (Linux), for the bench and the soak.
#pragma once

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <sys/types.h>

namespace bench {

// utime + stime, in clock ticks (sysconf(_SC_CLK_TCK) a second).
inline long cpu_ticks(pid_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const std::size_t paren = content.rfind(')');
    if (paren == std::string::npos) return 0;
    std::istringstream fields(content.substr(paren + 2));
    std::string skip;
    for (int i = 0; i < 11; ++i) fields >> skip;  // state .. cmajflt
    long utime = 0, stime = 0;
    fields >> utime >> stime;
    return utime + stime;
}

inline long resident_kb(pid_t pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    return 0;
}

}  // namespace bench
