// Runs the demo conductor inside the process: a thread posting its lines to the panel at a pace a
// person can watch, until stopped.
#pragma once

#include "costpanel/ui/panel.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace costpanel::app {

class DemoFeeder
{
public:
    DemoFeeder(Panel& panel, double events_per_second, std::uint64_t seed);
    ~DemoFeeder();  // stops and joins

private:
    void run(double events_per_second, std::uint64_t seed);

    Panel& panel_;
    std::mutex mutex_;
    std::condition_variable stop_cv_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace costpanel::app
