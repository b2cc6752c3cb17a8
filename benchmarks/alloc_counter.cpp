// A counting replacement of the global operator new and delete (every form
// C++17 has), on top of malloc and free. Only new counts; the program-wide
// counter is a relaxed atomic, a few nanoseconds per allocation.

#include "alloc_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<std::uint64_t> count{0};

void* allocate(std::size_t size)
{
    count.fetch_add(1, std::memory_order_relaxed);
    if(void* p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}

void* allocate_aligned(std::size_t size, std::align_val_t al)
{
    count.fetch_add(1, std::memory_order_relaxed);
    std::size_t const alignment = static_cast<std::size_t>(al);
    // aligned_alloc wants a size that is a multiple of the alignment.
    std::size_t const rounded = (size + alignment - 1) / alignment * alignment;
    if(void* p = std::aligned_alloc(alignment, rounded ? rounded : alignment))
        return p;
    throw std::bad_alloc();
}

}   // namespace

namespace bench {

std::uint64_t allocations() noexcept
{
    return count.load(std::memory_order_relaxed);
}

}   // namespace bench

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, std::nothrow_t const&) noexcept
{
    try
    {
        return allocate(size);
    }
    catch(...)
    {
        return nullptr;
    }
}
void* operator new[](std::size_t size, std::nothrow_t const&) noexcept
{
    try
    {
        return allocate(size);
    }
    catch(...)
    {
        return nullptr;
    }
}
void* operator new(std::size_t size, std::align_val_t al) { return allocate_aligned(size, al); }
void* operator new[](std::size_t size, std::align_val_t al) { return allocate_aligned(size, al); }
void* operator new(std::size_t size, std::align_val_t al, std::nothrow_t const&) noexcept
{
    try
    {
        return allocate_aligned(size, al);
    }
    catch(...)
    {
        return nullptr;
    }
}
void* operator new[](std::size_t size, std::align_val_t al, std::nothrow_t const&) noexcept
{
    try
    {
        return allocate_aligned(size, al);
    }
    catch(...)
    {
        return nullptr;
    }
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete[](void* p, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, std::nothrow_t const&) noexcept { std::free(p); }
