// The engine: LiveSession built, fed from several threads, drained, reset and torn down for real
// (its worker thread, a Unix socket, a SQLite file); fold_stream over real files.
#include "support.hpp"

#include "costpanel/engine/fold_stream.hpp"
#include "costpanel/engine/live_session.hpp"
#include "costpanel/engine/source_spec.hpp"
#include "costpanel/store/history.hpp"

#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>
#include <sys/un.h>
#include <thread>

using namespace costpanel;
using test::drain_until;
using test::numbered;

namespace {

std::string call(const std::string& id, const std::string& model, int input)
{
    return R"({"type":"api_call","id":")" + id + R"(","model":")" + model + R"(","input_tokens":)" +
           std::to_string(input) + "}";
}

int connect_unix(const std::string& path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    return fd;
}

}  // namespace

TEST_CASE("the engine folds what any thread posts and a socket brings, applied on the owner thread",
          "[engine]")
{
    test::TempDir dir;
    LiveSession live({.prices = test::round_prices(), .offsets_dir = dir / "offsets"});
    const std::string address = live.add_source(SourceSpec::parse("unix:" + (dir / "feed.sock")));
    CHECK(address == "unix:" + (dir / "feed.sock"));

    std::thread a([&] {
        for (int i = 0; i < 100; ++i) live.post_line(call(numbered("a", i), "alpha-1", 1000));
    });
    std::thread b([&] {
        for (int i = 0; i < 100; ++i) live.post_line(call(numbered("b", i), "beta-2", 1000));
    });
    const int fd = connect_unix(dir / "feed.sock");
    std::string lines;
    for (int i = 0; i < 50; ++i) lines += call(numbered("s", i), "beta-2-mini", 1000) + "\n";
    REQUIRE(test::send_all(fd, lines));
    ::close(fd);
    a.join();
    b.join();

    REQUIRE(drain_until(live, [&] { return live.state().counters().applied == 250; }));
    // alpha-1 $1/M, beta-2 $2/M, beta-2-mini $0.5/M input: 0.1 + 0.2 + 0.025.
    CHECK(live.state().totals().cost_usd == Approx(0.325));
    CHECK(live.state().models().size() == 3);
    const Vitals& v = live.vitals();
    CHECK(v.ingest.lines == 250);
    REQUIRE(v.sources.size() == 1);
    CHECK(v.sources[0] == address);
    CHECK_FALSE(v.store);
}

TEST_CASE("Reset ends the session as the owner applied it, what is still queued counts in the next",
          "[engine]")
{
    LiveSession live({.prices = test::round_prices()});
    live.post_line(call("1", "alpha-1", 100000));
    REQUIRE(drain_until(live, [&] { return live.state().counters().applied == 1; }));
    REQUIRE(live.state().totals().cost_usd == Approx(0.1));

    live.post_line(call("2", "beta-2", 100000));
    // Wait until that line is folded and handed over, without applying it.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    REQUIRE(live.wait_for_work(deadline));
    live.reset();
    CHECK(live.state().totals().cost_usd == 0.0);
    CHECK(live.state().session_number() == 2);
    REQUIRE(drain_until(live, [&] { return live.state().counters().applied == 2; }));
    CHECK(live.state().totals().cost_usd == Approx(0.2));

    // An id seen before the reset is still a duplicate after it (PROTOCOL.md: for the process's life).
    live.post_line(call("1", "alpha-1", 100000));
    REQUIRE(drain_until(live, [&] { return live.state().counters().duplicates == 1; }));
    CHECK(live.state().totals().cost_usd == Approx(0.2));
}

TEST_CASE("the engine with a store: calls saved, sessions split at reset, all committed when it goes",
          "[engine][store]")
{
    test::TempDir dir;
    const std::string db = dir / "usage.db";
    {
        LiveSession live({.prices = test::round_prices(), .db_path = db, .store_label = "test"});
        REQUIRE(live.has_store());
        live.post_line(call("1", "alpha-1", 100000));
        live.post_line(call("2", "beta-2", 100000));
        REQUIRE(drain_until(live, [&] { return live.state().counters().applied == 2; }));
        live.reset();
        live.post_line(call("3", "beta-2-mini", 100000));
        // Torn down with the third call perhaps not yet applied: stop() applies it, the store commits it.
    }
    History history(db);
    const Report sessions = history.report("session", {});
    CHECK(sessions.calls == 3);
    REQUIRE(sessions.rows.size() == 2);
    CHECK(sessions.total_usd == Approx(0.35));
}

TEST_CASE("vitals report a store that cannot save, and the session keeps counting", "[engine][store]")
{
    test::TempDir dir;
    const std::string db = dir / "notes.txt";
    std::ofstream(db) << "not a database\n";
    LiveSession live({.prices = test::round_prices(), .db_path = db});
    live.post_line(call("1", "alpha-1", 1000));
    REQUIRE(drain_until(live, [&] { return live.state().counters().applied == 1; }));
    REQUIRE(live.wait_for_store([](const StoreStatus& s) { return !s.saving; }, std::chrono::seconds(20)));
    const Vitals& v = live.vitals();
    REQUIRE(v.store);
    CHECK_FALSE(v.store->saving);
    CHECK(v.store->problem.find("not a database") != std::string::npos);
    CHECK(live.state().totals().calls == 1);
    // Nothing could be committed, and flushing says so rather than claiming it was.
    CHECK_FALSE(live.flush_store(std::chrono::milliseconds(100)));
}

TEST_CASE("a source that cannot be opened is a SourceError naming it, the engine goes on", "[engine]")
{
    test::TempDir dir;
    LiveSession live({.prices = test::round_prices()});
    std::ofstream(dir / "plain") << "a file, not a socket\n";
    CHECK_THROWS_WITH(live.add_source(SourceSpec::parse("unix:" + (dir / "plain"))),
                      Catch::Contains("exists and is not a socket"));
    CHECK_THROWS_AS(live.add_source(SourceSpec::parse("file:" + (dir / "missing/x.jsonl"))), SourceError);
    live.post_line(call("1", "alpha-1", 1000));
    REQUIRE(drain_until(live, [&] { return live.state().counters().applied == 1; }));
}

TEST_CASE("fold_stream reads a whole file in batches, rejections named by file and line", "[engine]")
{
    test::TempDir dir;
    const std::string path = dir / "events.jsonl";
    {
        std::ofstream out(path);
        for (int i = 0; i < 10000; ++i) out << call(std::to_string(i), "alpha-1", 100) << "\n";
        out << "not json\n" << std::string(2 * 1024 * 1024, 'x') << "\n";
        out << call("last", "beta-2", 500);  // no final newline: still a line
    }
    EventFolder folder({test::round_prices(), {}});
    SessionState state;
    int batches = 0;
    fold_stream(path, folder, [&](Batch&& b) {
        ++batches;
        state.apply(b);
    });
    CHECK(batches > 1);  // a long stream is handed over in pieces
    CHECK(state.counters().applied == 10001);
    CHECK(state.counters().rejected == 2);
    REQUIRE(state.recent_rejections().size() == 2);
    CHECK(state.recent_rejections()[0].origin.source == path);
    CHECK(state.recent_rejections()[0].origin.line == 10001);
    CHECK(state.recent_rejections()[1].reason == "line longer than 1 MiB");
    CHECK(state.totals().cost_usd == Approx(10000 * 100 * 1e-6 + 500 * 2e-6));
}

TEST_CASE("fold_stream says why it cannot read: a missing file, a directory", "[engine]")
{
    test::TempDir dir;
    EventFolder folder({test::round_prices(), {}});
    const auto sink = [](Batch&&) {};
    CHECK_THROWS_WITH(fold_stream(dir / "missing.jsonl", folder, sink),
                      Catch::Contains("missing.jsonl") && Catch::Contains("No such file"));
    CHECK_THROWS_WITH(fold_stream(dir.path().string(), folder, sink), Catch::Contains("Is a directory"));
}
