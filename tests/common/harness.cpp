#include "harness.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stb_image.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_set>

namespace gui {

using Clock = std::chrono::steady_clock;

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
    pid_ = test::spawn_process(
        {"Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"}, {},
        &actions);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (pid_ < 0) {
        ::close(fds[0]);
        error_ = "Xvfb is not installed (apt-get install xvfb)";
        return;
    }
    pidfd_ = test::open_pidfd(pid_);
    // The server writes its display number once it accepts connections.
    std::string number;
    const auto deadline = Clock::now() + Seconds(30);
    for (char c; number.empty() || number.back() != '\n';) {
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, test::milliseconds_until(deadline)) <= 0 || ::read(fds[0], &c, 1) != 1) break;
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
    if (!test::reap_process(pid_, pidfd_, Clock::now() + Seconds(10))) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    if (pidfd_ >= 0) ::close(pidfd_);
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
        if (::poll(&p, 1, test::milliseconds_until(deadline)) <= 0) break;
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

std::map<std::string, std::string> private_env(const Xvfb& x, const test::TempDir& dir)
{
    return {{"DISPLAY", x.display()},
            {"XDG_CONFIG_HOME", dir / "config"},
            {"XDG_STATE_HOME", dir / "state"},
            {"XDG_DATA_HOME", dir / "data"},
            {"XDG_RUNTIME_DIR", dir / "run"}};
}

}  // namespace gui
