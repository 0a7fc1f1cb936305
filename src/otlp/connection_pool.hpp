// The receiver's threads: one for each connection being served, made as connections come, up to a
// bound, and kept for the next ones. cpp-httplib serves a connection on one thread from its first
// request to the end of its keep-alive wait; a fixed pool would leave a client that opens a
// connection a batch (OpenTelemetry JS does) waiting behind the idle ones.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace costpanel::otlp {

class ConnectionPool final : public httplib::TaskQueue
{
public:
    explicit ConnectionPool(std::size_t max_threads) : max_threads_(max_threads) {}
    ~ConnectionPool() override;

    void enqueue(std::function<void()> job) override;
    // Serves what was queued, then joins every thread.
    void shutdown() override;

private:
    void serve();

    const std::size_t max_threads_;
    std::mutex mutex_;
    std::condition_variable work_;
    std::deque<std::function<void()>> jobs_;  // guarded by mutex_
    std::size_t idle_ = 0;                    // guarded by mutex_: threads waiting for a job
    bool stopping_ = false;                   // guarded by mutex_
    std::vector<std::thread> threads_;        // made under mutex_, joined by shutdown()
};

}  // namespace costpanel::otlp
