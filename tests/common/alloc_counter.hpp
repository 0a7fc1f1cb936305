// Counts heap allocations while armed: operator new (replaced for this test executable) and Dear
// ImGui's allocator. How "no allocation in a frame where nothing changed" is checked.
#pragma once

#include <atomic>
#include <cstddef>

namespace test {

struct AllocCounter
{
    static std::atomic<bool> armed;
    static std::atomic<std::size_t> count;

    // Routes ImGui's allocations through the counter; call after creating the context.
    static void hook_imgui();
};

void note_allocation();

// Whether a known operator new and a known ImGui allocation are both counted (it hooks ImGui's
// allocator). Without the replacement linked in, "allocates nothing" would pass without counting.
bool counts_allocations();

// Counts the allocations made while it lives.
class CountAllocations
{
public:
    CountAllocations()
    {
        AllocCounter::count = 0;
        AllocCounter::armed = true;
    }
    ~CountAllocations() { AllocCounter::armed = false; }
    std::size_t count() const { return AllocCounter::count; }
};

}  // namespace test
