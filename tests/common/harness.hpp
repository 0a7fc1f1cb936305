// The live GUI harness: a private X server, the real costpanel process, its control channel, and a
// conductor writing to its socket. Everything waits on a condition with a deadline, never a sleep.
#pragma once

#include "process.hpp"
#include "temp_dir.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace gui {

using test::Process;
using test::Seconds;

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

// An app's environment on `x`, with its config, state, data and runtime directories under `dir`,
// so that it never reads or writes the user's own.
std::map<std::string, std::string> private_env(const Xvfb& x, const test::TempDir& dir);

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

}  // namespace gui
