// Every source for real: files on disk, Unix and TCP sockets with concurrent writers, a real worker
// thread. Tests wait on conditions with a deadline, never on sleeps.
#include "ingest/ingest.hpp"
#include "support.hpp"

#include <arpa/inet.h>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

using namespace costpanel;

namespace {

// "w3-17": a writer's tag and number, and the line's. (Built with snprintf: GCC 12's -Wrestrict
// misfires on "w" + std::to_string(w) at -O2.)
std::string line_id(const char* tag, int writer, int line)
{
    char id[48];
    std::snprintf(id, sizeof id, "%s%d-%d", tag, writer, line);
    return id;
}

std::string call_line(const std::string& id, int input = 1000)
{
    return R"({"type":"api_call","id":")" + id + R"(","model":"alpha-1","input_tokens":)" +
           std::to_string(input) + "}";
}

// The socket helpers run on writer threads, where Catch's assertions may not be used: they report
// failure by their result, and the test checks that on its own thread.
int connect_unix(const std::string& path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
    ::close(fd);
    return -1;
}

int connect_tcp(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
    ::close(fd);
    return -1;
}

void append(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << text;
}

std::uint16_t port_of(const std::string& address)
{
    return static_cast<std::uint16_t>(std::stoi(address.substr(address.rfind(':') + 1)));
}

// An Ingest wired to a StateSink.
struct Rig
{
    explicit Rig(const std::string& offsets_dir = {})
        : ingest(IngestOptions{.prices = test::round_prices(),
                               .offsets_dir = offsets_dir,
                               .on_status = [this] { sink.poke(); }},
                 [this](Batch&& b) { sink.push(std::move(b)); })
    {
    }
    bool applied(std::uint64_t n)
    {
        return sink.wait_for([n](const SessionState& s) { return s.counters().applied >= n; });
    }
    bool counted(std::uint64_t n)
    {
        return sink.wait_for([n](const SessionState& s) { return s.counters().total() >= n; });
    }
    test::StateSink sink;
    Ingest ingest;
};

}  // namespace

TEST_CASE("source addresses parse, and TCP stays on the loopback", "[ingest]")
{
    CHECK(SourceSpec::parse("stdin").kind == SourceSpec::Kind::standard_input);
    CHECK(SourceSpec::parse("-").kind == SourceSpec::Kind::standard_input);
    CHECK(SourceSpec::parse("file:/tmp/x.jsonl").path == "/tmp/x.jsonl");
    CHECK(SourceSpec::parse("unix:/run/c.sock").kind == SourceSpec::Kind::unix_socket);
    const SourceSpec tcp = SourceSpec::parse("tcp:127.0.0.1:7717");
    CHECK(tcp.host == "127.0.0.1");
    CHECK(tcp.port == 7717);
    CHECK(SourceSpec::parse("tcp:localhost:0").host == "127.0.0.1");
    CHECK(SourceSpec::parse("tcp:[::1]:9").host == "::1");
    CHECK(SourceSpec::parse("tcp:127.8.9.10:1").host == "127.8.9.10");
    CHECK_THROWS_WITH(SourceSpec::parse("tcp:0.0.0.0:7717"), Catch::Contains("loopback only"));
    CHECK_THROWS_WITH(SourceSpec::parse("tcp:192.168.1.2:7717"), Catch::Contains("loopback only"));
    CHECK_THROWS_WITH(SourceSpec::parse("tcp:127.0.0.1:99999"), Catch::Contains("port"));
    CHECK_THROWS_WITH(SourceSpec::parse("tcp:127.0.0.1"), Catch::Contains("tcp:HOST:PORT"));
    CHECK_THROWS(SourceSpec::parse("unix:"));
    CHECK_THROWS(SourceSpec::parse("http://x"));
    // OTLP/HTTP: its own port when none is given, and the loopback only, as TCP.
    const SourceSpec otlp = SourceSpec::parse("otlp");
    CHECK(otlp.kind == SourceSpec::Kind::otlp);
    CHECK(otlp.host == "127.0.0.1");
    CHECK(otlp.port == 4318);
    CHECK(SourceSpec::parse("otlp:127.0.0.1:4320").port == 4320);
    CHECK(SourceSpec::parse("otlp:localhost").port == 4318);
    CHECK(SourceSpec::parse("otlp:[::1]").host == "::1");
    CHECK(SourceSpec::parse("otlp:[::1]:0").port == 0);
    CHECK_THROWS_WITH(SourceSpec::parse("otlp:0.0.0.0:4318"), Catch::Contains("loopback only"));
    CHECK_THROWS_WITH(SourceSpec::parse("otlp:127.0.0.1:4318/v1/traces"), Catch::Contains("port"));
}

TEST_CASE("a Unix socket takes several writers at once, each in order", "[ingest]")
{
    test::TempDir dir;
    Rig rig;
    const std::string path = dir / "costpanel.sock";
    CHECK(rig.ingest.add_source(SourceSpec::parse("unix:" + path)) == "unix:" + path);
    rig.ingest.start();
    struct stat st
    {
    };
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    constexpr int kWriters = 4, kLines = 500;
    std::atomic<bool> sent{true};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
        writers.emplace_back([&, w] {
            const int fd = connect_unix(path);
            for (int i = 0; i < kLines && fd >= 0; ++i) {
                const std::string line = call_line(line_id("w", w, i)) + "\n";
                // Lines split across writes at every possible place: the reader must join them.
                const std::size_t cut = static_cast<std::size_t>(i) % line.size();
                if (!test::send_all(fd, line.substr(0, cut)) || !test::send_all(fd, line.substr(cut)))
                    sent = false;
            }
            if (fd < 0) sent = false;
            ::close(fd);
        });
    }
    for (auto& t : writers) t.join();
    REQUIRE(sent);
    REQUIRE(rig.applied(kWriters * kLines));
    rig.sink.read([&](const SessionState& s) {
        CHECK(s.counters() == EventCounters{kWriters * kLines, 0, 0, 0});
        CHECK(s.totals().cost_usd == Approx(kWriters * kLines * 0.001));
        return 0;
    });
    rig.ingest.stop();
    CHECK_FALSE(std::filesystem::exists(path));  // the socket file goes with the listener
}

TEST_CASE("a writer that disconnects mid-line loses only that line", "[ingest]")
{
    test::TempDir dir;
    Rig rig;
    const std::string path = dir / "c.sock";
    rig.ingest.add_source(SourceSpec::parse("unix:" + path));
    rig.ingest.start();
    const int fd = connect_unix(path);
    REQUIRE(fd >= 0);
    REQUIRE(test::send_all(fd, call_line("a") + "\n" + call_line("b") +
                                   "\n{\"type\":\"api_call\",\"model\":\"alp"));
    ::close(fd);
    REQUIRE(rig.counted(3));
    rig.sink.read([](const SessionState& s) {
        CHECK(s.counters() == EventCounters{2, 1, 0, 0});
        REQUIRE_FALSE(s.recent_rejections().empty());
        CHECK(s.recent_rejections().back().reason == "connection closed mid-line");
        CHECK(s.recent_rejections().back().origin.source.starts_with("unix:"));
        CHECK(s.recent_rejections().back().origin.line == 3);
        return 0;
    });
}

TEST_CASE("an over-long line is rejected and the reader resynchronises", "[ingest]")
{
    test::TempDir dir;
    Rig rig;
    const std::string path = dir / "c.sock";
    rig.ingest.add_source(SourceSpec::parse("unix:" + path));
    rig.ingest.start();
    const int fd = connect_unix(path);
    REQUIRE(fd >= 0);
    std::string huge =
        R"({"type":"api_call","model":"alpha-1","note":")" + std::string(3 << 20, 'x') + "\"}\n";
    REQUIRE(test::send_all(fd, call_line("before") + "\n"));
    REQUIRE(test::send_all(fd, huge));
    REQUIRE(test::send_all(fd, call_line("after") + "\n"));
    ::close(fd);
    REQUIRE(rig.counted(3));
    rig.sink.read([](const SessionState& s) {
        CHECK(s.counters() == EventCounters{2, 1, 0, 0});
        CHECK(s.recent_rejections().back().reason == "line longer than 1 MiB");
        CHECK(s.recent_rejections().back().origin.line == 2);
        return 0;
    });
}

TEST_CASE("a TCP socket on the loopback takes several writers", "[ingest]")
{
    Rig rig;
    const std::string address = rig.ingest.add_source(SourceSpec::parse("tcp:127.0.0.1:0"));
    CHECK(address.starts_with("tcp:127.0.0.1:"));
    const std::uint16_t port = port_of(address);
    CHECK(port != 0);
    rig.ingest.start();
    std::atomic<bool> sent{true};
    std::vector<std::thread> writers;
    for (int w = 0; w < 3; ++w) {
        writers.emplace_back([&, w] {
            const int fd = connect_tcp(port);
            std::string burst;
            for (int i = 0; i < 300; ++i) burst += call_line(line_id("t", w, i)) + "\r\n";
            if (fd < 0 || !test::send_all(fd, burst)) sent = false;
            ::close(fd);
        });
    }
    for (auto& t : writers) t.join();
    REQUIRE(sent);
    REQUIRE(rig.applied(900));
    CHECK(rig.sink.read([](const SessionState& s) { return s.counters().rejected; }) == 0);
}

TEST_CASE("a second listener on a live socket is refused, a stale one is replaced", "[ingest]")
{
    test::TempDir dir;
    const std::string path = dir / "c.sock";
    Rig first;
    first.ingest.add_source(SourceSpec::parse("unix:" + path));
    first.ingest.start();
    Rig second;
    CHECK_THROWS_WITH(second.ingest.add_source(SourceSpec::parse("unix:" + path)),
                      Catch::Contains("another process"));

    // A socket file nobody listens on any more (its process died) is taken over.
    const std::string stale = dir / "stale.sock";
    {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, stale.c_str(), sizeof addr.sun_path - 1);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        ::close(fd);
    }
    CHECK_NOTHROW(second.ingest.add_source(SourceSpec::parse("unix:" + stale)));
    // A file that is not a socket is never replaced.
    append(dir / "plain", "keep me");
    CHECK_THROWS_WITH(second.ingest.add_source(SourceSpec::parse("unix:" + (dir / "plain"))),
                      Catch::Contains("not a socket"));
}

TEST_CASE("a followed file is read as it grows, through truncation and rotation", "[ingest]")
{
    test::TempDir dir;
    const std::string log = dir / "events.jsonl";
    append(log, call_line("f1") + "\n" + call_line("f2") + "\n");
    Rig rig(dir / "offsets");
    CHECK(rig.ingest.add_source(SourceSpec::parse("file:" + log)) == "file:" + log);
    rig.ingest.start();
    REQUIRE(rig.applied(2));

    // Grows, with a line written in two pieces.
    append(log, call_line("f3") + "\n" + call_line("f4").substr(0, 10));
    REQUIRE(rig.applied(3));
    append(log, call_line("f4").substr(10) + "\n");
    REQUIRE(rig.applied(4));

    // Truncated in place and rewritten shorter (copytruncate).
    {
        std::ofstream(log, std::ios::trunc) << call_line("t1") << "\n";
    }
    REQUIRE(rig.applied(5));

    // Rotated: renamed away, a new file in its place.
    std::filesystem::rename(log, log + ".1");
    append(log, call_line("r1") + "\n" + call_line("r2") + "\n");
    REQUIRE(rig.applied(7));
    rig.sink.read([](const SessionState& s) {
        CHECK(s.counters() == EventCounters{7, 0, 0, 0});
        return 0;
    });
}

TEST_CASE("a followed file resumes at its remembered offset after a restart", "[ingest]")
{
    test::TempDir dir;
    const std::string log = dir / "events.jsonl";
    const std::string offsets = dir / "offsets";
    append(log, call_line("a1") + "\n" + call_line("a2") + "\n" + call_line("a3").substr(0, 12));
    {
        Rig rig(offsets);
        rig.ingest.add_source(SourceSpec::parse("file:" + log));
        rig.ingest.start();
        REQUIRE(rig.applied(2));
        rig.ingest.stop();
    }
    // Written while nobody followed: the rest of a3, and a4.
    append(log, call_line("a3").substr(12) + "\n" + call_line("a4") + "\nbroken\n");
    Rig again(offsets);
    again.ingest.add_source(SourceSpec::parse("file:" + log));
    again.ingest.start();
    REQUIRE(again.counted(3));
    again.sink.read([](const SessionState& s) {
        // Neither a1 nor a2 again, nothing lost, and line numbers carry on.
        CHECK(s.counters() == EventCounters{2, 1, 0, 0});
        CHECK(s.recent_rejections().back().origin.line == 5);
        return 0;
    });
}

TEST_CASE("a followed file that does not exist yet is picked up when it appears", "[ingest]")
{
    test::TempDir dir;
    const std::string log = dir / "later.jsonl";
    Rig rig(dir / "offsets");
    rig.ingest.add_source(SourceSpec::parse("file:" + log));
    rig.ingest.start();
    append(log, call_line("x") + "\n");
    REQUIRE(rig.applied(1));
    CHECK_THROWS_WITH(rig.ingest.add_source(SourceSpec::parse("file:" + (dir / "missing-dir/x.jsonl"))),
                      Catch::Contains("does not exist"));
}

TEST_CASE("lines posted by the host fold in with the rest, and stop hands over everything", "[ingest]")
{
    Rig rig;
    rig.ingest.start();
    std::vector<std::thread> posters;
    for (int p = 0; p < 3; ++p)
        posters.emplace_back([&, p] {
            for (int i = 0; i < 200; ++i) rig.ingest.post_line(call_line(line_id("p", p, i)));
        });
    for (auto& t : posters) t.join();
    Event reset;
    reset.body = SessionReset{};
    rig.ingest.post_event(reset);
    rig.ingest.post_line(call_line("after-reset", 2000));
    rig.ingest.stop();  // joins: every posted line is folded and handed over by now
    rig.sink.read([](const SessionState& s) {
        CHECK(s.counters().applied == 602);
        CHECK(s.totals().calls == 1);
        CHECK(s.totals().cost_usd == Approx(0.002));
        return 0;
    });
}

TEST_CASE("standard input is read to its end, the last unterminated line included", "[ingest]")
{
    // The ingest's stdin source reads a duplicate of descriptor 0: point 0 at a pipe for the test.
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    const int saved_stdin = ::dup(0);
    REQUIRE(::dup2(pipe_fds[0], 0) == 0);
    ::close(pipe_fds[0]);
    Rig rig;
    rig.ingest.add_source(SourceSpec::parse("stdin"));
    ::dup2(saved_stdin, 0);
    ::close(saved_stdin);
    rig.ingest.start();
    CHECK(rig.ingest.stats().open_sources == 1);
    const std::string text = call_line("s1") + "\n" + call_line("s2");  // no final newline
    REQUIRE(::write(pipe_fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(pipe_fds[1]);
    REQUIRE(rig.applied(2));
    // Its end is a status change the worker reports: no source is open any more.
    CHECK(rig.sink.wait_for([&](const SessionState&) { return rig.ingest.stats().open_sources == 0; }));
    CHECK(rig.ingest.stats().lines == 2);
}
