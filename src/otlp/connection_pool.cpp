#include "connection_pool.hpp"

namespace costpanel::otlp {

ConnectionPool::~ConnectionPool()
{
    shutdown();
}

void ConnectionPool::enqueue(std::function<void()> job)
{
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
        // Past the bound, connections wait for a thread to come free.
        if (idle_ < jobs_.size() && threads_.size() < max_threads_)
            threads_.emplace_back([this] { serve(); });
    }
    work_.notify_one();
}

void ConnectionPool::shutdown()
{
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    work_.notify_all();
    for (std::thread& t : threads_) t.join();
}

void ConnectionPool::serve()
{
    std::unique_lock lock(mutex_);
    for (;;) {
        ++idle_;
        work_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        --idle_;
        if (jobs_.empty()) return;  // stopping, and nothing left to serve
        std::function<void()> job = std::move(jobs_.front());
        jobs_.pop_front();
        lock.unlock();
        job();
        lock.lock();
    }
}

}  // namespace costpanel::otlp
