#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the CPU to start loading the cache line at `address` for writing, without waiting for
/// it. Swift has no prefetch intrinsic; this is the one thing this target is for. Used where the
/// next few memory accesses are known ahead but land on random cache lines (the window entries
/// that a watermark step is about to close), so their misses overlap instead of queueing.
static inline void cx_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
