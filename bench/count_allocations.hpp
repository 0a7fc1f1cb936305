// Counts operator new on the benchmark's main thread while g_counting is set (this executable only).
#pragma once

#include <atomic>
#include <cstddef>

extern std::atomic<bool> g_counting;
extern std::atomic<std::size_t> g_allocations;
extern thread_local bool t_main_thread;
