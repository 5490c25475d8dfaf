#pragma once

namespace sy {

/**
 * The process's heap allocator. On Linux the build links mimalloc (SWITCHYARD_MIMALLOC, on by
 * default), which takes over malloc and operator new for every library in the process: a request
 * makes about a hundred small allocations, and glibc's malloc spent a fifth of the gateway
 * thread's instructions on them (callgrind, bench/README.md). Elsewhere, or with the sanitizers,
 * it is the C library's.
 */

/** "mimalloc 2.0.9", or the C library's allocator: for the start-up log. */
const char* allocatorName();

/**
 * Whether the allocator the build chose is the one malloc reaches: false when mimalloc is linked
 * but the C library's malloc still wins (a link order that puts libc first).
 */
bool allocatorInUse();

/**
 * Hands heap memory that is free but still held back to the system. Allocators keep freed
 * memory for reuse, so after a burst (a thousand concurrent streams) RSS stays tens of
 * megabytes above what is in use; this returns it. It walks the heap, so call it when idle.
 */
void releaseFreeMemory();

/**
 * Tells glibc's malloc to keep freed memory for reuse while serving rather than hand it back
 * after every large free: with its defaults the heap top was trimmed and faulted in again
 * between two batches of usage records (a page fault for each 4 KiB, about every fifth request
 * under load). releaseFreeMemory() still hands it all back once the gateway is idle. Call once,
 * before the first thread starts. A no-op with mimalloc, which already works this way.
 */
void configureAllocator();

} // namespace sy
