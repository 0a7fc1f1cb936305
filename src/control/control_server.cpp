#include "control_server.hpp"

#include "platform/unix_socket.hpp"

#include <cerrno>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>

namespace costpanel {

ControlChannel::Server::Server(const std::string& path, std::function<void()> wake_gui)
    : path_(path), wake_gui_(std::move(wake_gui)), listener_(listen_unix(path)),
      wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)), thread_([this] { run(); })
{
}

ControlChannel::Server::~Server()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    notify();
    thread_.join();
    ::unlink(path_.c_str());
}

void ControlChannel::Server::notify()
{
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_.get(), &one, sizeof one);
}

std::vector<ControlChannel::Server::Request> ControlChannel::Server::take_requests()
{
    std::lock_guard lock(mutex_);
    return std::exchange(requests_, {});
}

bool ControlChannel::Server::has_requests()
{
    std::lock_guard lock(mutex_);
    return !requests_.empty();
}

void ControlChannel::Server::send(std::uint64_t client, std::string line)
{
    {
        std::lock_guard lock(mutex_);
        replies_.emplace_back(client, std::move(line) + "\n");
    }
    notify();
}

void ControlChannel::Server::read_client(std::uint64_t id, Client& c)
{
    char buf[16384];
    const ssize_t got = ::read(c.fd.get(), buf, sizeof buf);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (got == 0) {
        c.eof = true;
        return;
    }
    if (got < 0) {
        c.fd.reset();
        return;
    }
    bool any = false;
    c.splitter.feed(
        std::string_view(buf, static_cast<std::size_t>(got)),
        [&](std::string_view line, std::uint64_t) {
            if (is_blank_line(line)) return;
            std::lock_guard lock(mutex_);
            requests_.push_back({id, std::string(line)});
            ++c.outstanding;
            any = true;
        },
        [&](std::uint64_t) {
            c.out += R"({"ok":false,"error":"command longer than 64 KiB"})"
                     "\n";
        });
    if (any && wake_gui_) wake_gui_();
}

void ControlChannel::Server::run()
{
    std::vector<pollfd> fds;
    std::vector<std::uint64_t> ids;
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            for (auto& [client, text] : replies_) {
                if (auto it = clients_.find(client); it != clients_.end()) {
                    it->second.out += text;
                    --it->second.outstanding;
                }
            }
            replies_.clear();
        }
        fds.clear();
        ids.clear();
        fds.push_back({wake_.get(), POLLIN, 0});
        fds.push_back({listener_.get(), POLLIN, 0});
        for (auto& [id, c] : clients_) {
            const short want = static_cast<short>((c.eof ? 0 : POLLIN) | (c.out.empty() ? 0 : POLLOUT));
            fds.push_back({c.fd.get(), want, 0});
            ids.push_back(id);
        }
        if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) return;
        if (fds[0].revents) {
            std::uint64_t n;
            [[maybe_unused]] const auto r = ::read(wake_.get(), &n, sizeof n);
        }
        if (fds[1].revents) {
            for (int fd;
                 (fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;)
                clients_[++next_client_].fd.reset(fd);
        }
        for (std::size_t i = 2; i < fds.size(); ++i) {
            const auto it = clients_.find(ids[i - 2]);
            if (it == clients_.end()) continue;
            Client& c = it->second;
            if (fds[i].revents & POLLOUT) {
                const ssize_t n = ::send(c.fd.get(), c.out.data(), c.out.size(), MSG_NOSIGNAL);
                if (n > 0)
                    c.out.erase(0, static_cast<std::size_t>(n));
                else if (n < 0 && errno != EAGAIN)
                    c.fd.reset();
            }
            if (c.fd && !c.eof && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) read_client(it->first, c);
            // Gone both ways: its answers have nowhere to go.
            else if (c.eof && (fds[i].revents & (POLLHUP | POLLERR)))
                c.fd.reset();
            if (!c.fd || (c.eof && c.outstanding == 0 && c.out.empty())) clients_.erase(it);
        }
    }
}

}  // namespace costpanel
