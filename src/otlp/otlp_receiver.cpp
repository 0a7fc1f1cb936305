#include "otlp_receiver.hpp"

#include "connection_pool.hpp"
#include "otlp_json.hpp"
#include "platform/system_error.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace costpanel::otlp {

namespace {

enum class Signal
{
    traces,
    logs,
    metrics
};

enum class Encoding
{
    protobuf,
    json
};

// Connections served at once, a thread each; slow or idle clients hold one each, never more than
// these. The other sources and the window have threads of their own and never wait for them.
constexpr std::size_t kMaxConnections = 128;
// A kept-alive connection's wait for its next request (cpp-httplib's unit is the second).
constexpr int kKeepAliveSeconds = 1;
constexpr int kReadTimeoutSeconds = 10;

// The request's body in the request's encoding, read into its message and then into calls; false,
// with why, when it cannot be decoded.
template <typename Request>
bool read_as(const std::string& body, Encoding encoding, Calls& calls, std::string& why)
{
    Request request;
    if (encoding == Encoding::json) {
        if (!from_json(body, request, why)) return false;
    } else if (!request.ParseFromString(body)) {
        why = "not an OTLP protobuf message";
        return false;
    }
    read_calls(request, calls);
    return true;
}

bool read_request(Signal signal, const std::string& body, Encoding encoding, Calls& calls, std::string& why)
{
    switch (signal) {
    case Signal::traces:
        return read_as<ExportTraceServiceRequest>(body, encoding, calls, why);
    case Signal::logs:
        return read_as<ExportLogsServiceRequest>(body, encoding, calls, why);
    case Signal::metrics:
        return read_as<ExportMetricsServiceRequest>(body, encoding, calls, why);
    }
    return false;
}

// The first reason, and how many more: OTLP's error_message is meant for a person.
std::string message_of(const std::vector<std::string>& rejected)
{
    if (rejected.empty()) return {};
    std::string m = rejected.front();
    if (rejected.size() > 1) m += " (and " + std::to_string(rejected.size() - 1) + " more rejected)";
    return m;
}

// The signal's Export*ServiceResponse, its partial_success set when some were rejected;
// `set_rejected` sets the signal's own count field.
template <typename Response, typename SetRejected>
std::string protobuf_answer(std::int64_t rejected, const std::string& message, SetRejected set_rejected)
{
    Response r;
    if (rejected > 0) {
        set_rejected(*r.mutable_partial_success(), rejected);
        r.mutable_partial_success()->set_error_message(message);
    }
    return r.SerializeAsString();
}

// 200: an empty Export*ServiceResponse, or one with partialSuccess when some were rejected.
void answer_ok(httplib::Response& res, Signal signal, Encoding encoding, const Calls& calls)
{
    const auto rejected = static_cast<std::int64_t>(calls.rejected.size());
    const std::string message = message_of(calls.rejected);
    res.status = 200;
    if (encoding == Encoding::json) {
        nlohmann::json body = nlohmann::json::object();
        if (rejected > 0) {
            const char* field = signal == Signal::traces ? "rejectedSpans"
                                : signal == Signal::logs ? "rejectedLogRecords"
                                                         : "rejectedDataPoints";
            // int64 is a string in protobuf's JSON mapping.
            body["partialSuccess"] = {{field, std::to_string(rejected)}, {"errorMessage", message}};
        }
        res.set_content(body.dump(), "application/json");
        return;
    }
    std::string bytes;
    switch (signal) {
    case Signal::traces:
        bytes = protobuf_answer<ExportTraceServiceResponse>(
            rejected, message, [](auto& p, std::int64_t n) { p.set_rejected_spans(n); });
        break;
    case Signal::logs:
        bytes = protobuf_answer<ExportLogsServiceResponse>(
            rejected, message, [](auto& p, std::int64_t n) { p.set_rejected_log_records(n); });
        break;
    case Signal::metrics:
        bytes = protobuf_answer<ExportMetricsServiceResponse>(
            rejected, message, [](auto& p, std::int64_t n) { p.set_rejected_data_points(n); });
        break;
    }
    res.set_content(bytes, "application/x-protobuf");
}

// 4xx: a google.rpc.Status saying why, in the request's encoding (JSON where it had none). The
// connection is closed after it, as the body may not have been read to its end.
void answer_error(httplib::Response& res, int status, Encoding encoding, const std::string& why)
{
    res.status = status;
    res.set_header("Connection", "close");
    constexpr int kInvalidArgument = 3;  // google.rpc.Code
    if (encoding == Encoding::protobuf) {
        RpcStatus s;
        s.set_code(kInvalidArgument);
        s.set_message(why);
        res.set_content(s.SerializeAsString(), "application/x-protobuf");
    } else {
        res.set_content(nlohmann::json{{"code", kInvalidArgument}, {"message", why}}.dump(),
                        "application/json");
    }
}

void reuse_address_only(socket_t sock)
{
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

// The encoding a Content-Type names (parameters such as "; charset=utf-8" aside), if it is OTLP's.
std::optional<Encoding> encoding_of(const std::string& content_type)
{
    std::string type = content_type.substr(0, content_type.find(';'));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (type == "application/x-protobuf") return Encoding::protobuf;
    if (type == "application/json") return Encoding::json;
    return std::nullopt;
}

}  // namespace

Receiver::Receiver(const std::string& host, std::uint16_t port, Sink sink)
    : server_(std::make_unique<httplib::Server>()), sink_(std::move(sink))
{
    // The server asks for its threads once it is running: from then on stop() stops it (before, it
    // would not, and the listening thread would wait for a connection that never comes).
    server_->new_task_queue = [this] {
        {
            std::lock_guard lock(running_mutex_);
            running_ = true;
        }
        running_changed_.notify_all();
        return new ConnectionPool(kMaxConnections);
    };
    // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, with which a second costpanel would
    // bind the same port and silently take half of the requests. (The listening socket is noted on
    // the way, for its backlog below; the option is set again without the note once it is bound.)
    int listening = -1;
    server_->set_socket_options([&listening](socket_t sock) {
        reuse_address_only(sock);
        listening = sock;
    });
    // An answer is written as its headers and then its body: without this, Nagle holds the body back
    // until the client's delayed ACK of the headers, 40 ms an answer.
    server_->set_tcp_nodelay(true);
    server_->set_payload_max_length(kMaxRequestBytes);
    server_->set_read_timeout(kReadTimeoutSeconds, 0);
    server_->set_keep_alive_max_count(100000);
    // A new connection has this long to send its request too: a client under load is not cut off.
    server_->set_keep_alive_timeout(kKeepAliveSeconds);
    route();
    errno = 0;
    int bound = port;
    if (port == 0)
        bound = server_->bind_to_any_port(host);
    else if (!server_->bind_to_port(host, port))
        bound = -1;
    if (bound <= 0) {
        const std::string where = "otlp:" + host + ":" + std::to_string(port);
        if (errno) throw SystemError::from_errno(where);
        throw SystemError(where + ": cannot listen");
    }
    port_ = static_cast<std::uint16_t>(bound);
    server_->set_socket_options(reuse_address_only);
    // cpp-httplib listens with a backlog of 5: a client opening connections by the dozen (one a batch)
    // would find the queue full and wait a second for each retried SYN. Listening again sets it.
    if (listening >= 0) ::listen(listening, SOMAXCONN);
}

Receiver::~Receiver()
{
    stop();
}

void Receiver::route()
{
    const auto handler = [this](Signal signal) {
        return [this, signal](const httplib::Request& req, httplib::Response& res,
                              const httplib::ContentReader& content_reader) {
            counters_.requests++;
            const std::optional<Encoding> encoding = encoding_of(req.get_header_value("Content-Type"));
            if (!encoding) {
                counters_.refused++;
                answer_error(res, 415, Encoding::json,
                             "Content-Type must be application/x-protobuf or application/json");
                return;
            }
            // The body as the decompressor gives it, bounded: a small gzip body may inflate to anything.
            std::string body;
            bool too_large = false;
            const bool read = content_reader([&](const char* data, std::size_t size) {
                if (body.size() + size > kMaxRequestBytes) return !(too_large = true);
                body.append(data, size);
                return true;
            });
            // As sent: compressed where it was; a chunked body has no length but what it inflated to.
            const std::uint64_t sent = req.has_header("Content-Length")
                                           ? req.get_header_value<std::uint64_t>("Content-Length")
                                           : body.size();
            counters_.bytes += sent;
            if (too_large || !read) {
                counters_.refused++;
                // cpp-httplib has said 413 already for a Content-Length past the bound, 415 for a
                // Content-Encoding it does not know.
                if (too_large || res.status == 413)
                    answer_error(res, 413, *encoding, "the request is over 64 MiB");
                else if (res.status == 415)
                    answer_error(res, 415, *encoding,
                                 "Content-Encoding must be gzip, deflate or br, or none");
                else
                    answer_error(res, 400, *encoding,
                                 "the body could not be read: not in its Content-Encoding, or cut off");
                return;
            }
            Calls calls;
            std::string why;
            if (!read_request(signal, body, *encoding, calls, why)) {
                counters_.refused++;
                answer_error(res, 400, *encoding, why);
                return;
            }
            calls.path = req.path;
            calls.bytes = sent;
            answer_ok(res, signal, *encoding, calls);
            if (!sink_(std::move(calls))) {
                counters_.refused++;
                res = httplib::Response();
                res.set_header("Retry-After", "1");
                answer_error(res, 503, *encoding, "costpanel is behind: try again");
            }
        };
    };
    server_->Post("/v1/traces", handler(Signal::traces));
    server_->Post("/v1/logs", handler(Signal::logs));
    server_->Post("/v1/metrics", handler(Signal::metrics));
    // Another method on an OTLP path: 405, saying which one it takes (a 404 would say the path is wrong).
    server_->Get("/v1/(traces|logs|metrics)", [this](const httplib::Request&, httplib::Response& res) {
        counters_.requests++;
        counters_.refused++;
        res.set_header("Allow", "POST");
        answer_error(res, 405, Encoding::json, "OTLP/HTTP takes POST");
    });
}

void Receiver::start()
{
    if (started_) return;
    started_ = true;
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    std::unique_lock lock(running_mutex_);
    running_changed_.wait(lock, [this] { return running_; });
}

void Receiver::stop()
{
    if (stopped_) return;
    stopped_ = true;
    start();  // a receiver never started still holds its bound socket: the server closes it as it stops
    server_->stop();
    thread_.join();
}

ReceiverStats Receiver::stats() const
{
    return {counters_.requests.load(), counters_.refused.load(), counters_.bytes.load()};
}

}  // namespace costpanel::otlp
