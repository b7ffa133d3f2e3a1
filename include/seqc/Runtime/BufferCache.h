/*===- BufferCache.h - heap buffers of compiled models -----------*- C -*-===
 *
 * finalize-memref-to-llvm (use-generic-functions) makes the lowered code
 * allocate and free its heap buffers through these two functions. A model
 * frees its temporaries at the end of a call and the next call allocates the
 * same sizes again; glibc hands blocks of 128 KiB or more back to the system
 * and faults them in again, zeroed, on every call, which cost an AOT-compiled
 * feed-forward block a third of its time. Freed blocks of 64 KiB or more are
 * kept (up to 256 MiB in all) and handed out again for requests that they
 * fit closely; smaller ones are kept by power-of-two size class (64 per
 * class), so that a model called again and again (a decoder step per token)
 * takes nothing from malloc once warm (SEQC_BUFFER_CACHE=0 in the
 * environment turns the cache off). Each buffer remembers the guarded
 * call (EntryGuard.h) that allocated it, so that a call that fails half way
 * leaks nothing: its caller then releases the call's buffers. Buffers are
 * not malloc's (a header precedes them): free them with
 * _mlir_memref_to_llvm_free. The implementation (lib/Runtime/BufferCache.c)
 * needs only libc; each AOT object has its own cache.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SEQC_RUNTIME_BUFFERCACHE_H
#define SEQC_RUNTIME_BUFFERCACHE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *_mlir_memref_to_llvm_alloc(size_t size);
void _mlir_memref_to_llvm_free(void *buffer);

/// Fails the call: the size of a buffer it needs passes 2^62 bytes (what
/// seq-check-allocation-sizes calls before such an allocation).
void seqc_buffer_too_large(void);

/// Frees the buffers still held by the guarded call `call` (after it
/// failed: a longjmp skipped their frees).
void seqc_buffer_cache_release_call(void *call);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // SEQC_RUNTIME_BUFFERCACHE_H
