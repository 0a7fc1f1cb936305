// The OTLP/HTTP receiver over real loopback sockets: answers as OTLP's specification has them (200,
// partialSuccess, 400, 413, 415, 503 with Retry-After, each in the request's encoding), bodies gzip
// and chunked, keep-alive, and clients that are slow, leave mid-body or open many connections while
// another is served. cpp-httplib's client speaks for well-behaved clients, raw sockets for the rest.
#include "otlp/otlp_receiver.hpp"
#include "platform/system_error.hpp"
#include "platform/unique_fd.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

using namespace costpanel;
using namespace costpanel::otlp;
using nlohmann::json;

namespace {

// A receiver on a free port, the calls of each request it took kept for the test to read. The sink
// runs before the answer is written: once a client has its answer, its calls are here.
struct Listening
{
    std::mutex mutex;
    std::vector<Calls> taken;
    std::atomic<bool> accept{true};
    Receiver receiver{"127.0.0.1", 0, [this](Calls&& c) {
                          if (!accept) return false;
                          std::lock_guard lock(mutex);
                          taken.push_back(std::move(c));
                          return true;
                      }};

    Listening() { receiver.start(); }
    httplib::Client client() const
    {
        httplib::Client c("127.0.0.1", receiver.port());
        c.set_read_timeout(30, 0);
        return c;
    }
    std::vector<Calls> calls()
    {
        std::lock_guard lock(mutex);
        return taken;
    }
};

void put(google::protobuf::RepeatedPtrField<KeyValue>& a, const std::string& key, std::int64_t value)
{
    KeyValue* kv = a.Add();
    kv->set_key(key);
    kv->mutable_value()->set_int_value(value);
}

void put(google::protobuf::RepeatedPtrField<KeyValue>& a, const std::string& key, const std::string& value)
{
    KeyValue* kv = a.Add();
    kv->set_key(key);
    kv->mutable_value()->set_string_value(value);
}

// `good` GenAI chat spans and `bad` ones with a negative count.
std::string spans_body(int good, int bad = 0)
{
    ExportTraceServiceRequest r;
    ScopeSpans* ss = r.add_resource_spans()->add_scope_spans();
    for (int i = 0; i < good + bad; ++i) {
        Span* s = ss->add_spans();
        s->set_name("chat");
        s->set_trace_id(std::string(16, static_cast<char>(i + 1)));
        s->set_span_id(std::string(8, static_cast<char>(i + 1)));
        put(*s->mutable_attributes(), "gen_ai.request.model", "gpt-4o");
        put(*s->mutable_attributes(), "gen_ai.usage.input_tokens", std::int64_t{i < good ? 100 : -1});
        put(*s->mutable_attributes(), "gen_ai.usage.output_tokens", std::int64_t{10});
    }
    return r.SerializeAsString();
}

std::string span_json(const char* input_tokens)
{
    return std::string(
               R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102","spanId":"03","name":"chat",
        "attributes":[{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
                      {"key":"gen_ai.usage.input_tokens","value":{"intValue":)") +
           input_tokens + "}}]}]}]}]}";
}

// A raw connection to the receiver, for clients cpp-httplib's would not be.
UniqueFd connect_to(std::uint16_t port)
{
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    REQUIRE(fd);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd.get(), reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0);
    return fd;
}

void send_all(int fd, const std::string& bytes)
{
    REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
}

}  // namespace

TEST_CASE("OTLP receiver: a protobuf request is answered 200 with an empty response, its calls taken",
          "[otlp][receiver]")
{
    Listening l;
    httplib::Client c = l.client();
    const auto res = c.Post("/v1/traces", spans_body(3), "application/x-protobuf");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/x-protobuf");
    ExportTraceServiceResponse answer;
    REQUIRE(answer.ParseFromString(res->body));
    CHECK_FALSE(answer.has_partial_success());
    const std::vector<Calls> taken = l.calls();
    REQUIRE(taken.size() == 1);
    CHECK(taken[0].calls.size() == 3);
    CHECK(taken[0].path == "/v1/traces");
    CHECK(l.receiver.stats().requests == 1);
    CHECK(l.receiver.stats().refused == 0);
}

TEST_CASE("OTLP receiver: rejected spans are a partial success, counted and said, in either encoding",
          "[otlp][receiver]")
{
    Listening l;
    httplib::Client c = l.client();
    const auto proto = c.Post("/v1/traces", spans_body(2, 3), "application/x-protobuf");
    REQUIRE(proto);
    CHECK(proto->status == 200);
    ExportTraceServiceResponse answer;
    REQUIRE(answer.ParseFromString(proto->body));
    REQUIRE(answer.has_partial_success());
    CHECK(answer.partial_success().rejected_spans() == 3);
    CHECK(answer.partial_success().error_message() ==
          "span \"chat\": gen_ai.usage.input_tokens is not a token count (and 2 more rejected)");

    const auto js = c.Post("/v1/traces", span_json("-7"), "application/json");
    REQUIRE(js);
    CHECK(js->status == 200);
    CHECK(js->get_header_value("Content-Type") == "application/json");
    const json body = json::parse(js->body);
    CHECK(body["partialSuccess"]["rejectedSpans"] == "1");  // int64: a string in OTLP's JSON
    CHECK(body["partialSuccess"]["errorMessage"] ==
          "span \"chat\": gen_ai.usage.input_tokens is not a token count");

    // A request with nothing rejected is answered {}.
    const auto ok = c.Post("/v1/traces", span_json("5"), "application/json; charset=utf-8");
    REQUIRE(ok);
    CHECK(ok->status == 200);
    CHECK(ok->body == "{}");
    const std::vector<Calls> taken = l.calls();
    REQUIRE(taken.size() == 3);
    CHECK(taken[0].calls.size() == 2);
    CHECK(taken[0].rejected.size() == 3);
    CHECK(taken[2].calls.size() == 1);
}

TEST_CASE("OTLP receiver: 400, 413 and 415 say why, in the request's encoding, and nothing is taken",
          "[otlp][receiver]")
{
    Listening l;
    httplib::Client c = l.client();
    SECTION("400: a body that is not the protobuf message")
    {
        const auto res = c.Post("/v1/logs", std::string("\xff\xff\xff\xff", 4), "application/x-protobuf");
        REQUIRE(res);
        CHECK(res->status == 400);
        RpcStatus status;
        REQUIRE(status.ParseFromString(res->body));
        CHECK(status.code() == 3);
        CHECK(status.message() == "not an OTLP protobuf message");
    }
    SECTION("400: JSON that is not OTLP's")
    {
        const auto res = c.Post("/v1/traces", R"({"resourceSpans": 5})", "application/json");
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(json::parse(res->body)["message"] == "resourceSpans is not an array");
    }
    SECTION("405: another method")
    {
        const auto res = c.Get("/v1/traces");
        REQUIRE(res);
        CHECK(res->status == 405);
        CHECK(res->get_header_value("Allow") == "POST");
        CHECK(json::parse(res->body)["message"] == "OTLP/HTTP takes POST");
    }
    SECTION("415: another content type")
    {
        const auto res = c.Post("/v1/traces", "resourceSpans", "text/plain");
        REQUIRE(res);
        CHECK(res->status == 415);
        CHECK(json::parse(res->body)["message"] ==
              "Content-Type must be application/x-protobuf or application/json");
    }
    SECTION("413: a body past 64 MiB as it is sent")
    {
        const auto res =
            c.Post("/v1/traces", std::string(kMaxRequestBytes + 1, '\0'), "application/x-protobuf");
        REQUIRE(res);
        CHECK(res->status == 413);
        RpcStatus status;
        REQUIRE(status.ParseFromString(res->body));
        CHECK(status.message() == "the request is over 64 MiB");
    }
    SECTION("400: a signal's JSON sent to another signal's path")
    {
        const auto res = c.Post("/v1/logs", span_json("5"), "application/json");
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(json::parse(res->body)["message"] ==
              "resourceSpans is another signal's: a request of it belongs at its own path");
    }
    SECTION("400: a body that is not in its Content-Encoding")
    {
        httplib::Headers gzip = {{"Content-Encoding", "gzip"}};
        const auto res = c.Post("/v1/traces", gzip, spans_body(1), "application/x-protobuf");
        REQUIRE(res);
        CHECK(res->status == 400);
    }
    SECTION("413: a small gzip body that inflates past 64 MiB")
    {
        c.set_compress(true);
        const auto res =
            c.Post("/v1/traces", std::string(kMaxRequestBytes + 1, '\0'), "application/x-protobuf");
        REQUIRE(res);
        CHECK(res->status == 413);
        CHECK(l.receiver.stats().bytes < 1024 * 1024);  // what came over the wire was small
    }
    CHECK(l.calls().empty());
    CHECK(l.receiver.stats().refused == 1);
    // The receiver goes on: the next request is answered.
    httplib::Client next = l.client();
    const auto ok = next.Post("/v1/traces", spans_body(1), "application/x-protobuf");
    REQUIRE(ok);
    CHECK(ok->status == 200);
}

TEST_CASE("OTLP receiver: gzip and chunked bodies, and many requests over one kept-alive connection",
          "[otlp][receiver]")
{
    Listening l;
    httplib::Client c = l.client();
    c.set_keep_alive(true);
    c.set_compress(true);
    for (int i = 0; i < 20; ++i) {
        const auto res = c.Post("/v1/traces", spans_body(5), "application/x-protobuf");
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    // Chunked: a body of unknown length, given piece by piece.
    const std::string body = spans_body(4);
    httplib::Client chunked = l.client();
    const auto res = chunked.Post(
        "/v1/traces",
        [&](std::size_t offset, httplib::DataSink& sink) {
            if (offset < body.size()) {
                sink.write(body.data() + offset, std::min<std::size_t>(7, body.size() - offset));
            } else {
                sink.done();
            }
            return true;
        },
        "application/x-protobuf");
    REQUIRE(res);
    CHECK(res->status == 200);
    std::size_t calls = 0;
    for (const Calls& t : l.calls()) calls += t.calls.size();
    CHECK(calls == 20 * 5 + 4);
}

TEST_CASE("OTLP receiver: a slow client, one that leaves mid-body and idle connections keep no one waiting",
          "[otlp][receiver]")
{
    Listening l;
    // Half a request line, then nothing; a body cut off and the connection closed; and idle
    // connections that never send a byte.
    UniqueFd slow = connect_to(l.receiver.port());
    send_all(slow.get(), "POST /v1/tra");
    {
        UniqueFd leaving = connect_to(l.receiver.port());
        send_all(leaving.get(),
                 "POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
                 "Content-Length: 5000\r\n\r\n" +
                     spans_body(2).substr(0, 10));
    }
    std::vector<UniqueFd> idle;
    for (int i = 0; i < 40; ++i) idle.push_back(connect_to(l.receiver.port()));

    httplib::Client c = l.client();
    const auto res = c.Post("/v1/traces", spans_body(2), "application/x-protobuf");
    REQUIRE(res);
    CHECK(res->status == 200);
    const std::vector<Calls> taken = l.calls();
    REQUIRE(taken.size() == 1);  // the body cut off was never a request
    CHECK(taken[0].calls.size() == 2);
}

TEST_CASE("OTLP receiver: metrics are answered 200 and counted, never calls", "[otlp][receiver]")
{
    Listening l;
    ExportMetricsServiceRequest m;
    Metric* metric = m.add_resource_metrics()->add_scope_metrics()->add_metrics();
    metric->set_name("claude_code.token.usage");
    metric->mutable_sum()->add_data_points();
    metric->mutable_sum()->add_data_points();
    httplib::Client c = l.client();
    const auto res = c.Post("/v1/metrics", m.SerializeAsString(), "application/x-protobuf");
    REQUIRE(res);
    CHECK(res->status == 200);
    ExportMetricsServiceResponse answer;
    CHECK(answer.ParseFromString(res->body));
    CHECK_FALSE(answer.has_partial_success());
    const std::vector<Calls> taken = l.calls();
    REQUIRE(taken.size() == 1);
    CHECK(taken[0].calls.empty());
    CHECK(taken[0].items == 2);
    CHECK(taken[0].ignored == 2);
}

TEST_CASE("OTLP receiver: when its taker is behind, 503 with Retry-After, as OTLP's clients retry",
          "[otlp][receiver]")
{
    Listening l;
    l.accept = false;
    httplib::Client c = l.client();
    const auto res = c.Post("/v1/traces", spans_body(1), "application/x-protobuf");
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(res->get_header_value("Retry-After") == "1");
    RpcStatus status;
    REQUIRE(status.ParseFromString(res->body));
    CHECK(status.message() == "costpanel is behind: try again");
}

TEST_CASE("OTLP receiver: its port is its own until it stops, started or not", "[otlp][receiver]")
{
    std::uint16_t port = 0;
    {
        Receiver first("127.0.0.1", 0, [](Calls&&) { return true; });
        port = first.port();
        CHECK_THROWS_AS(Receiver("127.0.0.1", port, [](Calls&&) { return true; }), SystemError);
        first.stop();
        first.stop();  // idempotent
    }
    // Never started: its socket is closed all the same.
    {
        Receiver unstarted("127.0.0.1", port, [](Calls&&) { return true; });
    }
    Receiver again("127.0.0.1", port, [](Calls&&) { return true; });
    CHECK(again.port() == port);
}
