#include "gateway/core/Allocator.h"

#include <cstdlib> // defines __GLIBC__ on glibc

#if defined(SWITCHYARD_MIMALLOC)
#include <mimalloc.h>

#include <array>
#include <cstdio>
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sy {

const char* allocatorName()
{
#if defined(SWITCHYARD_MIMALLOC)
    static const std::array<char, 32> name = [] {
        std::array<char, 32> text{};
        const int version = mi_version(); // e.g. 209 for 2.0.9
        std::snprintf(text.data(), text.size(), "mimalloc %d.%d.%d", version / 100, version / 10 % 10, version % 10);
        return text;
    }();
    return name.data();
#elif defined(__GLIBC__)
    return "glibc malloc";
#else
    return "the system's malloc";
#endif
}

bool allocatorInUse()
{
#if defined(SWITCHYARD_MIMALLOC)
    void* probe = std::calloc(1, 16); // zeroed: GCC warns when uninitialized bytes go to a const pointer
    const bool ours = probe && mi_is_in_heap_region(probe);
    std::free(probe);
    return ours;
#else
    return true;
#endif
}

void releaseFreeMemory()
{
#if defined(SWITCHYARD_MIMALLOC)
    mi_collect(true);
#elif defined(__GLIBC__)
    malloc_trim(0);
#endif
}

void configureAllocator()
{
#if !defined(SWITCHYARD_MIMALLOC) && defined(__GLIBC__)
    mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
    // Setting the trim threshold freezes the mmap threshold at 128 KiB: blocks up to 8 MiB
    // (request bodies, a busy second's batch of usage records) come from the heap and are reused
    // rather than mapped and unmapped each time.
    mallopt(M_MMAP_THRESHOLD, 8 * 1024 * 1024);
#endif
}

} // namespace sy
