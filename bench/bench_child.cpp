// costpanel_bench_child RESULT -- COMMAND [ARG ...]: runs COMMAND (looked up on PATH) with this
// process's environment and standard streams, waits for it, and writes what wait4 says of it to
// RESULT: "exit=N wall_s=S cpu_s=S maxrss_kb=N".
//
// Why a process of its own: a child's ru_maxrss is at least the peak resident memory of the memory
// it had before its exec, and a child that posix_spawn (vfork) or fork makes of the bench starts
// from the bench's memory, a GiB and more after the store rows. Forked from this small process, the
// command's figure is its own. It runs as the leader of a process group, so the bench stops both at
// a deadline with one signal.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv)
{
    if (argc < 4 || std::strcmp(argv[2], "--") != 0) {
        std::fprintf(stderr, "usage: costpanel_bench_child RESULT -- COMMAND [ARG ...]\n");
        return 2;
    }
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) {
        std::perror("costpanel_bench_child: fork");
        return 1;
    }
    if (pid == 0) {
        ::execvp(argv[3], argv + 3);
        std::fprintf(stderr, "%s: %s\n", argv[3], std::strerror(errno));
        ::_exit(127);
    }
    int status = 0;
    rusage usage{};
    while (::wait4(pid, &status, 0, &usage) < 0)
        if (errno != EINTR) {
            std::perror("costpanel_bench_child: wait4");
            return 1;
        }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto seconds = [](const timeval& tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::FILE* out = std::fopen(argv[1], "w");
    if (!out) {
        std::perror(argv[1]);
        return 1;
    }
    std::fprintf(out, "exit=%d wall_s=%.6f cpu_s=%.6f maxrss_kb=%ld\n", code, wall,
                 seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_maxrss);
    return std::fclose(out) == 0 ? 0 : 1;
}
