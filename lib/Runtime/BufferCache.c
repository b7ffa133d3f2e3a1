/*===- BufferCache.c - heap buffers of compiled models -----------*- C -*-===
 *
 * A few slots of freed blocks under one lock: a model allocates a handful of
 * large temporaries per op, so a linear search is cheap next to the work.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "seqc/Runtime/BufferCache.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>

enum { kSlots = 64 };
static const size_t kMinCachedBytes = 64u << 10;
static const size_t kMaxCachedBytes = 256u << 20;

static pthread_mutex_t cacheLock = PTHREAD_MUTEX_INITIALIZER;
static void *cachedBlocks[kSlots];
static size_t cachedSizes[kSlots];
static size_t cachedBytes;

void *_mlir_memref_to_llvm_alloc(size_t size) {
  if (size >= kMinCachedBytes) {
    pthread_mutex_lock(&cacheLock);
    /* The smallest block that holds `size` and wastes at most an eighth. */
    int best = -1;
    for (int i = 0; i < kSlots; ++i)
      if (cachedBlocks[i] && cachedSizes[i] >= size &&
          cachedSizes[i] - size <= size / 8 &&
          (best < 0 || cachedSizes[i] < cachedSizes[best]))
        best = i;
    if (best >= 0) {
      void *block = cachedBlocks[best];
      cachedBlocks[best] = NULL;
      cachedBytes -= cachedSizes[best];
      pthread_mutex_unlock(&cacheLock);
      return block;
    }
    pthread_mutex_unlock(&cacheLock);
  }
  return malloc(size);
}

void _mlir_memref_to_llvm_free(void *buffer) {
  if (!buffer)
    return;
  size_t size = malloc_usable_size(buffer);
  if (size >= kMinCachedBytes) {
    pthread_mutex_lock(&cacheLock);
    if (cachedBytes + size <= kMaxCachedBytes) {
      for (int i = 0; i < kSlots; ++i)
        if (!cachedBlocks[i]) {
          cachedBlocks[i] = buffer;
          cachedSizes[i] = size;
          cachedBytes += size;
          pthread_mutex_unlock(&cacheLock);
          return;
        }
    }
    pthread_mutex_unlock(&cacheLock);
  }
  free(buffer);
}
