#include "engine/task_queue.hpp"

namespace costpanel {

void TaskQueue::post(Task task)
{
    std::function<void()> wake;
    {
        std::lock_guard lock(mutex_);
        pending_.push_back(std::move(task));
        wake = wake_;
    }
    ready_.notify_one();
    if (wake) wake();
}

std::size_t TaskQueue::run_pending()
{
    {
        std::lock_guard lock(mutex_);
        if (pending_.empty()) return 0;
        running_.swap(pending_);
    }
    for (Task& task : running_) task();
    const std::size_t ran = running_.size();
    running_.clear();
    return ran;
}

bool TaskQueue::wait_until(std::chrono::steady_clock::time_point deadline)
{
    std::unique_lock lock(mutex_);
    return ready_.wait_until(lock, deadline, [this] { return !pending_.empty(); });
}

void TaskQueue::set_wake(std::function<void()> wake)
{
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
}

bool TaskQueue::empty() const
{
    std::lock_guard lock(mutex_);
    return pending_.empty();
}

}  // namespace costpanel
