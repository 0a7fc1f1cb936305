// Every kind of bad line, interleaved with good ones, over every source at once: the final state is
// that of the good lines alone, nothing crashes, and memory stays bounded.
#include "costpanel/core/summary.hpp"
#include "ingest/ingest.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

using namespace costpanel;

namespace {

std::vector<std::string> bad_lines()
{
    std::vector<std::string> bad = {
        "not json",
        "{",
        "[1,2,3]",
        "\"a string\"",
        "{}",
        R"({"type":7})",
        "\xff\xfe{\"type\":\"api_call\"}",
        std::string("{\"type\":\"api_call\",\"model\":\"a\0b\"}", 33),  // a raw NUL inside a string
        R"({"type":"api_call","model":"m\ud800"})",                     // a lone surrogate escape
        R"({"type":"api_call"})",
        R"({"type":"api_call","model":""})",
        R"({"type":"api_call","model":"m","input_tokens":18446744073709551615})",
        R"({"type":"api_call","model":"m","input_tokens":9223372036854775807})",
        R"({"type":"api_call","model":"m","input_tokens":-9223372036854775808})",
        R"({"type":"api_call","model":"m","output_tokens":1e308})",
        R"({"type":"api_call","model":"m","output_tokens":1000000000001})",
        R"({"type":"api_call","model":"m","cache_read_tokens":"5"})",
        R"({"type":"api_call","model":"m","usage":[]})",
        R"({"type":"api_call","model":"m","usage":{"prompt_tokens":1,"prompt_tokens_details":{"cached_tokens":2}}})",
        R"({"type":"api_call","model":"m","latency_ms":-0.5})",
        R"({"type":"api_call","model":"m","success":1})",
        R"({"type":"tier_usage","tier_usage":{"Tier 1":{"input":1}}})",
        R"({"type":"mma_state_update","tier_usage":{"Tier 1":"many"}})",
        std::string(200000, '[') + std::string(200000, ']'),  // deep nesting, not an object
        R"({"type":"api_call","model":")" + std::string(900000, 'x') +
            R"(","input_tokens":-1})",  // a huge string
    };
    return bad;
}

std::string good_line(const std::string& id)
{
    return R"({"type":"api_call","id":")" + id +
           R"(","model":"alpha-1","input_tokens":1000,"output_tokens":10})";
}

// Good line i of source s, with bad lines between; CRLF on some; the last good one possibly unterminated.
std::string interleaved(const std::string& source, int goods, const std::vector<std::string>& bad,
                        bool final_newline)
{
    std::string out;
    for (int i = 0; i < goods; ++i) {
        out += bad[static_cast<std::size_t>(i) % bad.size()] + "\n";
        out += good_line(source + "-" + std::to_string(i)) + (i % 2 ? "\r\n" : "\n");
    }
    if (!final_newline && !out.empty()) out.resize(out.size() - (out.ends_with("\r\n") ? 2 : 1));
    return out;
}

long resident_kb()
{
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    return 0;
}

}  // namespace

TEST_CASE("bad lines on every source at once leave exactly the good lines' state", "[torture]")
{
    const std::vector<std::string> bad = bad_lines();
    constexpr int kGoods = 60;
    test::TempDir dir;
    const std::string unix_path = dir / "feed.sock", file_path = dir / "conductor.jsonl";
    std::ofstream(file_path, std::ios::binary) << interleaved("file", kGoods, bad, /*final_newline=*/true);

    int stdin_pipe[2];
    REQUIRE(::pipe(stdin_pipe) == 0);
    const int saved_stdin = ::dup(0);
    ::dup2(stdin_pipe[0], 0);
    ::close(stdin_pipe[0]);

    test::StateSink sink;
    Ingest ingest(IngestOptions{.prices = test::round_prices(), .offsets_dir = dir / "offsets"},
                  [&](Batch&& b) { sink.push(std::move(b)); });
    ingest.add_source(SourceSpec::parse("unix:" + unix_path));
    const std::string tcp = ingest.add_source(SourceSpec::parse("tcp:127.0.0.1:0"));
    ingest.add_source(SourceSpec::parse("file:" + file_path));
    ingest.add_source(SourceSpec::parse("stdin"));
    ::dup2(saved_stdin, 0);
    ::close(saved_stdin);
    ingest.start();

    std::atomic<bool> sent{true};
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w) {
        writers.emplace_back([&, w] {
            const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_un addr{};
            addr.sun_family = AF_UNIX;
            std::strncpy(addr.sun_path, unix_path.c_str(), sizeof addr.sun_path - 1);
            if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
                !test::send_all(fd, interleaved("unix" + std::to_string(w), kGoods, bad, true)))
                sent = false;
            ::close(fd);
        });
    }
    writers.emplace_back([&] {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(std::stoi(tcp.substr(tcp.rfind(':') + 1))));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            !test::send_all(fd, interleaved("tcp", kGoods, bad, true) +
                                    "{\"type\":\"api_call\",\"model\":\"cut off"))
            sent = false;
        ::close(fd);
    });
    writers.emplace_back([&] {
        const std::string text = interleaved("stdin", kGoods, bad, /*final_newline=*/false);
        std::string_view rest = text;
        while (!rest.empty()) {
            const ssize_t n = ::write(stdin_pipe[1], rest.data(), rest.size());
            if (n <= 0) {
                sent = false;
                break;
            }
            rest.remove_prefix(static_cast<std::size_t>(n));
        }
        ::close(stdin_pipe[1]);
    });
    writers.emplace_back([&] {
        for (int i = 0; i < kGoods; ++i) {
            ingest.post_line(bad[static_cast<std::size_t>(i) % bad.size()]);
            ingest.post_line(good_line("post-" + std::to_string(i)));
        }
    });
    for (auto& t : writers) t.join();
    REQUIRE(sent);

    constexpr int kSources = 6;                             // two unix writers, tcp, file, stdin, posts
    const std::uint64_t bad_count = kSources * kGoods + 1;  // + the tcp writer's line cut off mid-way
    REQUIRE(sink.wait_for([&](const SessionState& s) {
        return s.counters().applied == kSources * kGoods && s.counters().rejected == bad_count;
    }));
    ingest.stop();

    // The good lines alone, folded directly.
    EventFolder folder({test::round_prices(), {}});
    SessionState expected;
    for (const char* source : {"unix0", "unix1", "tcp", "file", "stdin", "post"})
        for (int i = 0; i < kGoods; ++i)
            folder.add_line(good_line(std::string(source) + "-" + std::to_string(i)), "good", 1, 0);
    expected.apply(folder.take_batch());
    auto got = sink.read([](const SessionState& s) { return session_summary(s); });
    auto want = session_summary(expected);
    // Money is summed in another order, so it may differ in the last bits; all else exactly.
    CHECK(got["session_total_usd"].get<double>() ==
          Approx(want["session_total_usd"].get<double>()).epsilon(1e-12));
    for (auto* j : {&got, &want}) {
        j->erase("events");
        j->erase("session_total_usd");
        for (auto& p : (*j)["providers"]) {
            p.erase("cost_usd");
            for (auto& m : p["models"]) m.erase("cost_usd");
        }
    }
    CHECK(got == want);
    CHECK(sink.read([](const SessionState& s) { return s.counters().ignored + s.counters().duplicates; }) ==
          0);
}

TEST_CASE("a flood of over-long garbage keeps memory bounded", "[torture]")
{
    test::TempDir dir;
    test::StateSink sink;
    Ingest ingest(IngestOptions{.prices = test::round_prices()}, [&](Batch&& b) { sink.push(std::move(b)); });
    const std::string path = dir / "feed.sock";
    ingest.add_source(SourceSpec::parse("unix:" + path));
    ingest.start();
    const long before = resident_kb();
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    // 48 lines of 4 MiB each: 192 MiB through a reader that may hold at most one line's limit.
    const std::string chunk(1 << 20, 'g');
    for (int line = 0; line < 48; ++line) {
        for (int part = 0; part < 4; ++part) REQUIRE(test::send_all(fd, chunk));
        REQUIRE(test::send_all(fd, "\n"));
    }
    REQUIRE(test::send_all(fd, good_line("after") + "\n"));
    ::close(fd);
    REQUIRE(sink.wait_for([](const SessionState& s) { return s.counters().total() == 49; }));
    const long grown_kb = resident_kb() - before;
#if defined(__SANITIZE_ADDRESS__)
    // ASan keeps freed memory in quarantine: resident size says nothing here.
    WARN("not measured under AddressSanitizer: resident memory grew by " << grown_kb << " KiB");
#else
    INFO("resident memory grew by " << grown_kb << " KiB");
    CHECK(grown_kb < 32 * 1024);
#endif
    CHECK(sink.read([](const SessionState& s) { return s.counters().rejected; }) == 48);
    CHECK(sink.read([](const SessionState& s) { return s.counters().applied; }) == 1);
}
