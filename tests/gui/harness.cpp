#include "harness.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stb_image.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_set>

extern char** environ;

namespace gui {

namespace {

using Clock = std::chrono::steady_clock;

int pidfd_open(pid_t pid)
{
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

int remaining_ms(Clock::time_point deadline)
{
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
}

// Waits for the process behind `pidfd` to exit; its exit code, or nothing at the deadline.
std::optional<int> reap(pid_t pid, int pidfd, Clock::time_point deadline)
{
    pollfd p{pidfd, POLLIN, 0};
    if (::poll(&p, 1, remaining_ms(deadline)) <= 0) return std::nullopt;
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid) return std::nullopt;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

pid_t spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
            posix_spawn_file_actions_t* actions)
{
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        const std::string entry = *e;
        if (!env.contains(entry.substr(0, entry.find('=')))) env_strings.push_back(entry);
    }
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
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

}  // namespace

Xvfb::Xvfb()
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        error_ = "pipe failed";
        return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 3);  // -displayfd 3
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_ = spawn({"Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"},
                 {}, &actions);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (pid_ < 0) {
        ::close(fds[0]);
        error_ = "Xvfb is not installed (apt-get install xvfb)";
        return;
    }
    pidfd_ = pidfd_open(pid_);
    // The server writes its display number once it accepts connections.
    std::string number;
    const auto deadline = Clock::now() + Seconds(30);
    for (char c; number.empty() || number.back() != '\n';) {
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, remaining_ms(deadline)) <= 0 || ::read(fds[0], &c, 1) != 1) break;
        number += c;
    }
    ::close(fds[0]);
    if (number.empty() || number.back() != '\n') {
        error_ = "Xvfb did not report a display";
        return;
    }
    number.pop_back();
    display_ = ":" + number;
}

Xvfb::~Xvfb()
{
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    if (!reap(pid_, pidfd_, Clock::now() + Seconds(10))) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    if (pidfd_ >= 0) ::close(pidfd_);
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
    pid_ = spawn(argv, env, &actions);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    out_ = out[0];
    if (pipe_stdin) {
        ::close(in[0]);
        stdin_ = in[1];
    }
    if (pid_ > 0) pidfd_ = pidfd_open(pid_);
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
    if (::poll(&p, 1, remaining_ms(deadline)) <= 0) return false;
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
    exit_code_ = reap(pid_, pidfd_, Clock::now() + within);
    // Collect what it wrote on its way out.
    while (exit_code_ && read_some(Clock::now() + Seconds(2))) {}
    return exit_code_;
}

nlohmann::json Control::send(const nlohmann::json& command, Seconds within)
{
    const auto deadline = Clock::now() + within;
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path_.c_str(), sizeof addr.sun_path - 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return {{"ok", false}, {"error", std::string("connect: ") + std::strerror(errno)}};
    }
    const std::string line = command.dump() + "\n";
    ::send(fd, line.data(), line.size(), MSG_NOSIGNAL);
    std::string answer;
    for (char buf[65536];;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, remaining_ms(deadline)) <= 0) break;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        answer.append(buf, static_cast<std::size_t>(n));
        if (answer.back() == '\n') break;
    }
    ::close(fd);
    auto j = nlohmann::json::parse(answer, nullptr, false);
    if (j.is_discarded()) return {{"ok", false}, {"error", "no answer: " + answer}};
    return j;
}

std::optional<nlohmann::json> Control::state_until(const std::function<bool(const nlohmann::json&)>& done,
                                                   Seconds within)
{
    const auto deadline = Clock::now() + within;
    while (Clock::now() < deadline) {
        // Each answer comes after a frame of its own: this polls at the app's frame rate, no faster.
        nlohmann::json s = state();
        if (s.value("ok", false) && done(s)) return s;
        if (!s.value("ok", false) && s.value("error", "").starts_with("connect")) return std::nullopt;
    }
    return std::nullopt;
}

Writer::Writer(const std::string& path)
{
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) close();
}

Writer::~Writer()
{
    close();
}

bool Writer::send(const std::string& bytes)
{
    std::string_view rest = bytes;
    while (!rest.empty() && fd_ >= 0) {
        const ssize_t n = ::send(fd_, rest.data(), rest.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    return fd_ >= 0;
}

void Writer::close()
{
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

std::optional<ScreenRect> widget(const nlohmann::json& state, const std::string& id, int index)
{
    int seen = 0;
    for (const auto& w : state["widgets"]) {
        if (w["id"] != id || seen++ != index) continue;
        return ScreenRect{state["window"]["x"].get<int>() + static_cast<int>(w["x"].get<double>()),
                          state["window"]["y"].get<int>() + static_cast<int>(w["y"].get<double>()),
                          static_cast<int>(w["w"].get<double>()), static_cast<int>(w["h"].get<double>())};
    }
    return std::nullopt;
}

bool has_widget(const nlohmann::json& state, const std::string& id)
{
    return widget(state, id).has_value();
}

int distinct_colours(const std::string& png_path)
{
    int w = 0, h = 0, channels = 0;
    unsigned char* pixels = stbi_load(png_path.c_str(), &w, &h, &channels, 3);
    if (!pixels) return 0;
    std::unordered_set<std::uint32_t> colours;
    for (int i = 0; i < w * h && colours.size() < 1000; ++i)
        colours.insert(
            static_cast<std::uint32_t>(pixels[3 * i] << 16 | pixels[3 * i + 1] << 8 | pixels[3 * i + 2]));
    stbi_image_free(pixels);
    return static_cast<int>(colours.size());
}

std::string artifact(const std::string& name)
{
    std::filesystem::create_directories(COSTPANEL_ARTIFACTS);
    return std::string(COSTPANEL_ARTIFACTS) + "/" + name;
}

}  // namespace gui
