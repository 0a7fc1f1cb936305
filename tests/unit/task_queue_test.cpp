#include "engine/batch_channel.hpp"
#include "engine/task_queue.hpp"
#include "support.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

using namespace costpanel;

TEST_CASE("tasks posted from many threads all run, on the owner, in each producer's order", "[queue]")
{
    TaskQueue queue;
    std::atomic<int> wakes{0};
    queue.set_wake([&] { wakes++; });
    constexpr int kProducers = 4, kTasks = 5000;
    std::vector<int> last_seen(kProducers, -1);
    bool in_order = true;
    int ran = 0;
    const auto owner = std::this_thread::get_id();
    bool on_owner = true;
    std::vector<std::thread> producers;
    for (int p = 0; p < kProducers; ++p) {
        producers.emplace_back([&, p] {
            for (int i = 0; i < kTasks; ++i)
                queue.post([&, p, i] {
                    in_order = in_order && last_seen[p] == i - 1;
                    last_seen[p] = i;
                    on_owner = on_owner && std::this_thread::get_id() == owner;
                    ++ran;
                });
        });
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (ran < kProducers * kTasks && std::chrono::steady_clock::now() < deadline) {
        queue.wait_until(deadline);
        queue.run_pending();
    }
    for (auto& t : producers) t.join();
    queue.run_pending();
    CHECK(ran == kProducers * kTasks);
    CHECK(in_order);
    CHECK(on_owner);
    CHECK(wakes == kProducers * kTasks);
    CHECK(queue.empty());
    CHECK(queue.run_pending() == 0);
}

TEST_CASE("a task that posts runs its follow-up on the next drain, not this one", "[queue]")
{
    TaskQueue queue;
    int second = 0;
    queue.post([&] { queue.post([&] { ++second; }); });
    CHECK(queue.run_pending() == 1);
    CHECK(second == 0);
    CHECK(queue.run_pending() == 1);
    CHECK(second == 1);
}

TEST_CASE("the batch channel coalesces what the owner has not taken yet", "[queue]")
{
    TaskQueue queue;
    SessionState state;
    int applies = 0;
    BatchChannel channel(queue, [&](Batch&& b) {
        state.apply(b);
        ++applies;
    });
    EventFolder folder({test::round_prices(), {}});
    for (int i = 0; i < 1000; ++i) {
        folder.add_line(R"({"type":"api_call","model":"alpha-1","input_tokens":1000})", "t", i, 0);
        channel.push(folder.take_batch());
    }
    // A thousand pushes while the owner was busy: one task, one apply.
    CHECK(queue.run_pending() == 1);
    CHECK(applies == 1);
    CHECK(state.totals().calls == 1000);
    CHECK(state.totals().cost_usd == Approx(1.0));
    channel.push(Batch{});  // empty: nothing is queued
    CHECK(queue.run_pending() == 0);
}

TEST_CASE("the batch channel under concurrent producers loses nothing", "[queue]")
{
    TaskQueue queue;
    SessionState state;
    BatchChannel channel(queue, [&](Batch&& b) { state.apply(b); });
    constexpr int kThreads = 4, kEach = 2000;
    std::atomic<int> done{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            EventFolder folder({test::round_prices(), {}});
            std::string source = "t";
            source += std::to_string(t);  // not "t" + ...: GCC 12's -Wrestrict misfires on it at -O2
            for (int i = 0; i < kEach; ++i) {
                folder.add_line(R"({"type":"api_call","model":"beta-2","input_tokens":1})", source, i, 0);
                if (i % 7 == 0) channel.push(folder.take_batch());
            }
            channel.push(folder.take_batch());
            done++;
            queue.post([] {});
        });
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while ((done < kThreads || !queue.empty()) && std::chrono::steady_clock::now() < deadline) {
        queue.wait_until(deadline);
        queue.run_pending();
    }
    for (auto& t : threads) t.join();
    queue.run_pending();
    CHECK(state.totals().calls == kThreads * kEach);
    CHECK(state.counters().applied == kThreads * kEach);
}
