#include "demo_feeder.hpp"

#include "costpanel/core/demo_conductor.hpp"

namespace costpanel::app {

DemoFeeder::DemoFeeder(Panel& panel, double events_per_second, std::uint64_t seed)
    : panel_(panel), thread_([this, events_per_second, seed] { run(events_per_second, seed); })
{
}

DemoFeeder::~DemoFeeder()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stop_cv_.notify_all();
    thread_.join();
}

void DemoFeeder::run(double events_per_second, std::uint64_t seed)
{
    using namespace std::chrono;
    DemoConductor demo(seed);
    const auto start = steady_clock::now();
    for (std::uint64_t n = 0;; ++n) {
        // Paced against the start so the rate does not drift; a stop ends the wait at once.
        const auto due =
            start + duration_cast<steady_clock::duration>(duration<double>(n / events_per_second));
        {
            std::unique_lock lock(mutex_);
            if (stop_cv_.wait_until(lock, due, [this] { return stopping_; })) return;
        }
        panel_.post_line(
            demo.next_line(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()));
    }
}

}  // namespace costpanel::app
