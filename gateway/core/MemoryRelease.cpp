#include "gateway/core/MemoryRelease.h"

#include <cstdlib> // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sy {

void releaseFreeMemory()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

void configureAllocator()
{
#if defined(__GLIBC__)
    mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
    // Setting the trim threshold freezes the mmap threshold at 128 KiB: blocks up to 8 MiB
    // (request bodies, a busy second's batch of usage records) come from the heap and are reused
    // rather than mapped and unmapped each time.
    mallopt(M_MMAP_THRESHOLD, 8 * 1024 * 1024);
#endif
}

} // namespace sy
