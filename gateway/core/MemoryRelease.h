#pragma once

namespace sy {

/**
 * Hands heap memory that is free but still held back to the system. glibc keeps freed chunks
 * inside its heaps for reuse, so after a burst (a thousand concurrent streams) RSS stays tens of
 * megabytes above what is in use; this returns it. It walks every heap, so call it when idle.
 * A no-op where the C library has no such call.
 */
void releaseFreeMemory();

/**
 * Tells the C library to keep freed memory for reuse while serving rather than hand it back
 * after every large free: with glibc's defaults the heap top was trimmed and faulted in again
 * between two batches of usage records (a page fault for each 4 KiB, about every fifth request
 * under load). releaseFreeMemory() still hands it all back once the gateway is idle. Call once,
 * before the first thread starts. A no-op where the C library has no such settings.
 */
void configureAllocator();

} // namespace sy
