// SIGINT and SIGTERM, taken by one thread with sigwait(): no handler races, and the thread may call
// anything (a handler could call almost nothing).
#pragma once

#include <atomic>
#include <csignal>
#include <functional>
#include <thread>

namespace costpanel::app {

// Blocks SIGINT and SIGTERM in this thread and in every thread it starts afterwards; call it before
// starting any, so that none of them takes the signal instead of TerminationSignals' thread.
sigset_t block_termination_signals();

class TerminationSignals
{
public:
    // Starts the thread that waits for `signals` (from block_termination_signals()) and, on the first,
    // sets received() and calls `on_signal` (to wake the waiting loop).
    TerminationSignals(const sigset_t& signals, std::function<void()> on_signal);
    // With no signal received, sends the thread SIGTERM to end its wait; then joins it.
    ~TerminationSignals();
    TerminationSignals(const TerminationSignals&) = delete;
    TerminationSignals& operator=(const TerminationSignals&) = delete;

    bool received() const { return received_; }

private:
    std::atomic<bool> received_{false};
    std::thread thread_;
};

}  // namespace costpanel::app
