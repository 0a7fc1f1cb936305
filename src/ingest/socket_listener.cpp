#include "socket_listener.hpp"

#include "platform/unix_socket.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

namespace costpanel {

namespace {

// A writer flood must not exhaust descriptors: past this many, new connections are closed at once.
constexpr std::size_t kMaxClients = 256;

[[noreturn]] void fail(const std::string& what)
{
    throw SourceError(what + ": " + std::strerror(errno));
}

UniqueFd bind_tcp(const SourceSpec& spec, std::uint16_t& port)
{
    const bool v6 = spec.host.find(':') != std::string::npos;
    UniqueFd fd(::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    const std::string where = "tcp:" + spec.host + ":" + std::to_string(spec.port);
    if (!fd) fail(where + ": socket");
    const int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_storage ss{};
    socklen_t len;
    if (v6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(spec.port);
        if (::inet_pton(AF_INET6, spec.host.c_str(), &a->sin6_addr) != 1)
            throw SourceError(where + ": bad address");
        len = sizeof *a;
    } else {
        auto* a = reinterpret_cast<sockaddr_in*>(&ss);
        a->sin_family = AF_INET;
        a->sin_port = htons(spec.port);
        if (::inet_pton(AF_INET, spec.host.c_str(), &a->sin_addr) != 1)
            throw SourceError(where + ": bad address");
        len = sizeof *a;
    }
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&ss), len) != 0) fail(where + ": bind");
    if (::listen(fd.get(), 64) != 0) fail(where + ": listen");
    len = sizeof ss;
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&ss), &len);
    port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                    : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
    return fd;
}

}  // namespace

std::unique_ptr<SocketListener> SocketListener::open(const SourceSpec& spec)
{
    if (spec.kind == SourceSpec::Kind::unix_socket) {
        UniqueFd fd = listen_unix(spec.path);
        auto listener = std::unique_ptr<SocketListener>(
            new SocketListener(std::move(fd), "unix:" + spec.path, spec.path));
        struct stat st
        {
        };
        if (::stat(spec.path.c_str(), &st) == 0) {
            listener->unix_dev_ = st.st_dev;
            listener->unix_ino_ = st.st_ino;
        }
        return listener;
    }
    std::uint16_t port = 0;
    UniqueFd fd = bind_tcp(spec, port);
    const std::string host = spec.host.find(':') != std::string::npos ? "[" + spec.host + "]" : spec.host;
    return std::unique_ptr<SocketListener>(
        new SocketListener(std::move(fd), "tcp:" + host + ":" + std::to_string(port), {}));
}

SocketListener::SocketListener(UniqueFd fd, std::string name, std::string unix_path)
    : listener_(std::move(fd)), name_(std::move(name)), unix_path_(std::move(unix_path))
{
}

SocketListener::~SocketListener()
{
    struct stat st
    {
    };
    if (!unix_path_.empty() && ::lstat(unix_path_.c_str(), &st) == 0 && st.st_dev == unix_dev_ &&
        st.st_ino == unix_ino_)
        ::unlink(unix_path_.c_str());
}

void SocketListener::want(std::vector<pollfd>& fds)
{
    fds.push_back({listener_.get(), POLLIN, 0});
    for (const auto& c : clients_) fds.push_back({c->fd(), POLLIN, 0});
}

void SocketListener::accept_all()
{
    for (;;) {
        UniqueFd client(::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!client) return;  // EAGAIN: no more waiting; other errors: try again on the next wake
        if (clients_.size() >= kMaxClients) continue;
        clients_.push_back(
            std::make_unique<LineStream>(std::move(client), name_ + "#" + std::to_string(++accepted_)));
    }
}

void SocketListener::ready(const pollfd* fds, std::size_t count, ReadContext& ctx)
{
    // fds[0] is the listener; fds[1..] are the clients as they were when want() ran.
    for (std::size_t i = count - 1; i >= 1; --i) {
        if (!fds[i].revents) continue;
        LineStream& stream = *clients_[i - 1];
        if (!stream.read_once(ctx)) {
            stream.end(ctx, /*complete=*/false);
            clients_.erase(clients_.begin() + static_cast<std::ptrdiff_t>(i - 1));
        }
    }
    if (fds[0].revents) accept_all();
}

void SocketListener::drain(ReadContext& ctx)
{
    // Lines a writer sent before the stop still count; its unfinished line does not.
    accept_all();
    for (auto& c : clients_) {
        if (!c->read_available(ctx, 64u << 20)) c->end(ctx, false);
    }
    clients_.clear();
    listener_.reset();
}

}  // namespace costpanel
