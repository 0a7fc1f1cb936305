// The control channel's socket side: a thread that accepts clients, cuts their lines, and writes the
// answers the GUI thread hands back. It never touches the panel.
#pragma once

#include "costpanel/core/line_splitter.hpp"
#include "costpanel/ui/control_channel.hpp"
#include "platform/unique_fd.hpp"

#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace costpanel {

struct ControlChannel::Server
{
    struct Request
    {
        std::uint64_t client;
        std::string line;
    };

    Server(const std::string& path, std::function<void()> wake_gui);
    ~Server();

    // GUI thread.
    std::vector<Request> take_requests();
    bool has_requests();
    void send(std::uint64_t client, std::string line);

private:
    struct Client
    {
        UniqueFd fd;
        LineSplitter splitter{64 * 1024};
        std::string out;
        int outstanding = 0;  // commands the GUI has not answered yet
        bool eof = false;     // the client stopped writing; it still gets its answers
    };
    void run();
    void read_client(std::uint64_t id, Client& c);
    void notify();

    std::string path_;
    std::function<void()> wake_gui_;
    UniqueFd listener_;
    UniqueFd wake_;
    std::map<std::uint64_t, Client> clients_;  // server thread only
    std::uint64_t next_client_ = 0;

    std::mutex mutex_;
    std::vector<Request> requests_;
    std::vector<std::pair<std::uint64_t, std::string>> replies_;
    bool stopping_ = false;
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace costpanel
