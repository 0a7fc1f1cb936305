#include "termination_signals.hpp"

#include <pthread.h>

namespace costpanel::app {

sigset_t block_termination_signals()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

TerminationSignals::TerminationSignals(const sigset_t& signals, std::function<void()> on_signal)
    : thread_([this, signals, on_signal = std::move(on_signal)] {
          int sig = 0;
          sigwait(&signals, &sig);
          received_ = true;
          on_signal();
      })
{
}

TerminationSignals::~TerminationSignals()
{
    if (!received_) pthread_kill(thread_.native_handle(), SIGTERM);  // ends its sigwait
    thread_.join();
}

}  // namespace costpanel::app
