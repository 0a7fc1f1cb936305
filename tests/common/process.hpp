// A child process for tests: spawned with posix_spawn, its output read line by line, its exit
// awaited through a pidfd with a deadline (no sleeps), and stopped when it goes.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <spawn.h>
#include <string>
#include <sys/types.h>
#include <vector>

namespace test {

using Seconds = std::chrono::seconds;

// A child process whose standard error (and output) is read line by line.
class Process
{
public:
    // `env` entries replace or add to the test's own environment. With `pipe_stdin`, stdin_fd() writes
    // to the child's standard input; otherwise it reads /dev/null.
    Process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
            bool pipe_stdin = false);
    ~Process();  // SIGTERM, then SIGKILL if it does not go within ten seconds
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    // The first line (from now on, or already read) that starts with `prefix`.
    std::optional<std::string> wait_for_line(const std::string& prefix, Seconds deadline = Seconds(30));
    // The exit code, once it exited; nothing if it is still running at the deadline.
    std::optional<int> wait_exit(Seconds deadline = Seconds(30));
    void signal(int sig);
    int stdin_fd() const { return stdin_; }
    pid_t pid() const { return pid_; }
    void close_stdin();
    // Everything it wrote so far.
    const std::string& output() const { return output_; }

private:
    bool read_some(std::chrono::steady_clock::time_point deadline);

    pid_t pid_ = -1;
    int pidfd_ = -1;
    int out_ = -1;
    int stdin_ = -1;
    std::string output_;
    std::size_t scanned_ = 0;  // lines before this offset were already matched by wait_for_line
    std::optional<int> exit_code_;
};

// A child's environment as NAME=VALUE strings: the test's own (when `inherit`), with `env`'s entries
// replacing or added to it.
std::vector<std::string> child_environment(const std::map<std::string, std::string>& env,
                                           bool inherit = true);
// Spawns `argv` (looked up on PATH) with the test's environment plus `env`; -1 on failure.
pid_t spawn_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                    posix_spawn_file_actions_t* actions);
int open_pidfd(pid_t pid);
// The exit code of the process behind `pidfd`, or nothing if it is still running at the deadline.
std::optional<int> reap_process(pid_t pid, int pidfd, std::chrono::steady_clock::time_point deadline);
int milliseconds_until(std::chrono::steady_clock::time_point deadline);

}  // namespace test
