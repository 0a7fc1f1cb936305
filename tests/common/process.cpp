#include "process.hpp"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace test {

using Clock = std::chrono::steady_clock;

int open_pidfd(pid_t pid)
{
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

int milliseconds_until(Clock::time_point deadline)
{
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
}

// Waits for the process behind `pidfd` to exit; its exit code, or nothing at the deadline.
std::optional<int> reap_process(pid_t pid, int pidfd, Clock::time_point deadline)
{
    pollfd p{pidfd, POLLIN, 0};
    if (::poll(&p, 1, milliseconds_until(deadline)) <= 0) return std::nullopt;
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid) return std::nullopt;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string> child_environment(const std::map<std::string, std::string>& env, bool inherit)
{
    std::vector<std::string> env_strings;
    if (inherit)
        for (char** e = environ; *e; ++e) {
            const std::string entry = *e;
            if (!env.contains(entry.substr(0, entry.find('=')))) env_strings.push_back(entry);
        }
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    return env_strings;
}

pid_t spawn_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                    posix_spawn_file_actions_t* actions)
{
    std::vector<std::string> env_strings = child_environment(env);
    std::vector<char*> envp, args;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> argv_copy = argv;
    for (auto& s : argv_copy) args.push_back(s.data());
    args.push_back(nullptr);
    pid_t pid = -1;
    if (::posix_spawnp(&pid, args[0], actions, nullptr, args.data(), envp.data()) != 0) return -1;
    return pid;
}

Process::Process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                 bool pipe_stdin)
{
    int out[2], in[2] = {-1, -1};
    ::pipe2(out, O_CLOEXEC);
    if (pipe_stdin) ::pipe2(in, O_CLOEXEC);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (pipe_stdin)
        posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    else
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, out[1], 2);
    pid_ = spawn_process(argv, env, &actions);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    out_ = out[0];
    if (pipe_stdin) {
        ::close(in[0]);
        stdin_ = in[1];
    }
    if (pid_ > 0) pidfd_ = open_pidfd(pid_);
}

Process::~Process()
{
    close_stdin();
    if (pid_ > 0 && !exit_code_) {
        ::kill(pid_, SIGTERM);
        if (!wait_exit(Seconds(10))) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    if (pidfd_ >= 0) ::close(pidfd_);
    if (out_ >= 0) ::close(out_);
}

void Process::close_stdin()
{
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
}

void Process::signal(int sig)
{
    if (pid_ > 0 && !exit_code_) ::kill(pid_, sig);
}

bool Process::read_some(Clock::time_point deadline)
{
    pollfd p{out_, POLLIN, 0};
    if (::poll(&p, 1, milliseconds_until(deadline)) <= 0) return false;
    char buf[4096];
    const ssize_t n = ::read(out_, buf, sizeof buf);
    if (n <= 0) return false;
    output_.append(buf, static_cast<std::size_t>(n));
    return true;
}

std::optional<std::string> Process::wait_for_line(const std::string& prefix, Seconds within)
{
    const auto deadline = Clock::now() + within;
    for (;;) {
        for (std::size_t end; (end = output_.find('\n', scanned_)) != std::string::npos;) {
            const std::string line = output_.substr(scanned_, end - scanned_);
            scanned_ = end + 1;
            if (line.starts_with(prefix)) return line;
        }
        if (!read_some(deadline)) return std::nullopt;
    }
}

std::optional<int> Process::wait_exit(Seconds within)
{
    if (exit_code_) return exit_code_;
    if (pid_ <= 0) return std::nullopt;
    exit_code_ = reap_process(pid_, pidfd_, Clock::now() + within);
    // Collect what it wrote on its way out.
    while (exit_code_ && read_some(Clock::now() + Seconds(2))) {}
    return exit_code_;
}

}  // namespace test
