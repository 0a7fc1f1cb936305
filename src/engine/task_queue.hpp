// costpanel: the pending GUI task queue (Tracy's RunQueue): any thread posts, one owner thread runs.
//
// Usage:
//   queue.set_wake([] { glfwPostEmptyEvent(); });   // once, before other threads post
//   queue.post([&] { state.apply(batch); });         // any thread
//   queue.run_pending();                             // owner thread, at the top of each frame
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

namespace costpanel {

class TaskQueue
{
public:
    using Task = std::function<void()>;

    // Any thread. Calls the wake hook after queuing, outside the lock.
    void post(Task task);
    // Owner thread: takes every task pending now in one swap and runs them with the lock released,
    // so a task may post again (it runs on the next call). Returns how many ran. No allocation when
    // nothing is pending.
    std::size_t run_pending();
    // Owner thread without an event loop of its own: blocks until a task is pending or the deadline.
    bool wait_until(std::chrono::steady_clock::time_point deadline);
    // Set before any other thread posts; the hook must be callable from any thread.
    void set_wake(std::function<void()> wake);
    bool empty() const;

private:
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::vector<Task> pending_;
    std::vector<Task> running_;  // kept between runs so its capacity is reused
    std::function<void()> wake_;
};

}  // namespace costpanel
