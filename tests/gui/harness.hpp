// The live GUI harness: a private X server, the real costpanel process, its control channel, and a
// conductor writing to its socket. Everything waits on a condition with a deadline, never a sleep.
#pragma once

#include "../common/temp_dir.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace gui {

using Seconds = std::chrono::seconds;

// Xvfb on a free display (-displayfd), stopped when this goes, even when the test failed.
class Xvfb
{
public:
    Xvfb();
    ~Xvfb();
    Xvfb(const Xvfb&) = delete;
    Xvfb& operator=(const Xvfb&) = delete;

    bool running() const { return !display_.empty(); }
    const std::string& display() const { return display_; }  // ":N"
    const std::string& error() const { return error_; }

private:
    pid_t pid_ = -1;
    int pidfd_ = -1;
    std::string display_;
    std::string error_;
};

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

// The app's control channel.
class Control
{
public:
    explicit Control(std::string path) : path_(std::move(path)) {}
    // One command, one answer (an error answer on a broken connection or a timeout).
    nlohmann::json send(const nlohmann::json& command, Seconds deadline = Seconds(30));
    nlohmann::json state() { return send({{"cmd", "state"}}); }
    // Asks for the state until `done` holds; returns that state, or nothing at the deadline.
    std::optional<nlohmann::json> state_until(const std::function<bool(const nlohmann::json&)>& done,
                                              Seconds deadline = Seconds(30));

private:
    std::string path_;
};

// A conductor connected to a Unix socket.
class Writer
{
public:
    explicit Writer(const std::string& path);
    ~Writer();
    bool connected() const { return fd_ >= 0; }
    bool send(const std::string& bytes);
    void close();

private:
    int fd_ = -1;
};

// The rectangle of a widget in a state answer, in screen pixels (window position added).
struct ScreenRect
{
    int x, y, w, h;
};
std::optional<ScreenRect> widget(const nlohmann::json& state, const std::string& id, int index = 0);
bool has_widget(const nlohmann::json& state, const std::string& id);

// How many distinct colours a PNG has (0 when it cannot be read): a blank screenshot has one.
int distinct_colours(const std::string& png_path);

// Where screenshots and logs go: tests/artifacts/ in the source tree (contents not committed).
std::string artifact(const std::string& name);

}  // namespace gui
