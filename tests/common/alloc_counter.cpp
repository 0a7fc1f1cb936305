#include "alloc_counter.hpp"

#include <cstdlib>
#include <imgui.h>
#include <new>

namespace test {

std::atomic<bool> AllocCounter::armed{false};
std::atomic<std::size_t> AllocCounter::count{0};

namespace {

// Other threads (the panel's worker) allocate too; only the thread that armed the counter counts.
thread_local bool counting_thread = false;

struct MarkMainThread
{
    MarkMainThread() { counting_thread = true; }
} mark;  // static initialisation runs on the main thread, which runs the tests

void* imgui_alloc(std::size_t size, void*)
{
    note_allocation();
    return std::malloc(size);
}

void imgui_free(void* p, void*)
{
    std::free(p);
}

}  // namespace

void note_allocation()
{
    if (AllocCounter::armed.load(std::memory_order_relaxed) && counting_thread) ++AllocCounter::count;
}

void AllocCounter::hook_imgui()
{
    ImGui::SetAllocatorFunctions(imgui_alloc, imgui_free, nullptr);
}

bool counts_allocations()
{
    AllocCounter::hook_imgui();
    static void* volatile sink;  // volatile: the compiler may not drop the allocations
    CountAllocations count;
    sink = ::operator new(16);
    ::operator delete(sink);
    const std::size_t by_new = count.count();
    sink = ImGui::MemAlloc(16);
    ImGui::MemFree(sink);
    return by_new == 1 && count.count() == 2;
}

}  // namespace test

void* operator new(std::size_t size)
{
    test::note_allocation();
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}

void* operator new[](std::size_t size)
{
    return ::operator new(size);
}

void operator delete(void* p) noexcept
{
    std::free(p);
}

void operator delete[](void* p) noexcept
{
    std::free(p);
}

void operator delete(void* p, std::size_t) noexcept
{
    std::free(p);
}

void operator delete[](void* p, std::size_t) noexcept
{
    std::free(p);
}

// The nothrow forms too: all allocation and release must go through one pair of functions.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept
{
    test::note_allocation();
    return std::malloc(size ? size : 1);
}

void* operator new[](std::size_t size, const std::nothrow_t&) noexcept
{
    return ::operator new(size, std::nothrow);
}

void operator delete(void* p, const std::nothrow_t&) noexcept
{
    std::free(p);
}

void operator delete[](void* p, const std::nothrow_t&) noexcept
{
    std::free(p);
}
