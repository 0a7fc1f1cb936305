// The OTLP/HTTP receiver (PROTOCOL.md, "OpenTelemetry: OTLP/HTTP"): POST /v1/traces, /v1/logs and
// /v1/metrics on a loopback address, protobuf or JSON, gzip or not, chunked or not, over keep-alive.
// cpp-httplib's server does the HTTP on threads of its own; each request's calls go to `sink` on the
// thread that read it, before the answer is written, so a client told 200 has been counted.
//
// Usage:
//   costpanel::otlp::Receiver receiver("127.0.0.1", 4318, [&](costpanel::otlp::Calls&& c) { ... });
//   receiver.start();   // answers from now on
//   receiver.stop();    // idempotent; also on destruction
#pragma once

#include "otlp_calls.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace costpanel::otlp {

// OTLP's own bound on a request, decompressed: past it, 413.
inline constexpr std::size_t kMaxRequestBytes = 64 * 1024 * 1024;

struct ReceiverStats
{
    std::uint64_t requests = 0;  // answered, whatever the answer
    std::uint64_t refused = 0;   // not taken: 4xx (not decodable, too large, another content type), 503
    std::uint64_t bytes = 0;     // request bodies, as sent (compressed, where they were)
};

class Receiver
{
public:
    // False: the calls were not taken (their taker is too far behind); the client is answered 503
    // and comes back later, as OTLP's clients do.
    using Sink = std::function<bool(Calls&&)>;

    // Binds now, so that the error reaches the caller (SystemError: the address is in use, ...).
    // `port` 0 picks a free one (port() says which).
    Receiver(const std::string& host, std::uint16_t port, Sink sink);
    ~Receiver();
    Receiver(const Receiver&) = delete;
    Receiver& operator=(const Receiver&) = delete;

    void start();
    void stop();
    std::uint16_t port() const { return port_; }
    ReceiverStats stats() const;

private:
    struct Counters
    {
        std::atomic<std::uint64_t> requests{0}, refused{0}, bytes{0};
    };
    void route();

    std::unique_ptr<httplib::Server> server_;
    Sink sink_;
    std::uint16_t port_ = 0;
    Counters counters_;
    std::thread thread_;
    std::mutex running_mutex_;
    std::condition_variable running_changed_;
    bool running_ = false;  // the server is in its accept loop
    bool started_ = false, stopped_ = false;
};

}  // namespace costpanel::otlp
