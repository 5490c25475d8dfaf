#pragma once

namespace sy {

/**
 * Hands heap memory that is free but still held back to the system. glibc keeps freed chunks
 * inside its heaps for reuse, so after a burst (a thousand concurrent streams) RSS stays tens of
 * megabytes above what is in use; this returns it. It walks every heap, so call it when idle.
 * A no-op where the C library has no such call.
 */
void releaseFreeMemory();

} // namespace sy
