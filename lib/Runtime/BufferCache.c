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
#include <stdio.h>
#include <stdlib.h>

enum { kSlots = 64 };
static const size_t kMinCachedBytes = 64u << 10;
static const size_t kMaxCachedBytes = 256u << 20;

static pthread_mutex_t cacheLock = PTHREAD_MUTEX_INITIALIZER;
static void *cachedBlocks[kSlots];
static size_t cachedSizes[kSlots];
static size_t cachedBytes;

/* lib/Runtime/EntryGuard.c, linked into AOT objects; absent (null) in
   hosts that do not link it. */
extern void seqc_check_failed(const char *message) __attribute__((weak));

/* Frees every cached block. */
static void releaseCachedBlocks(void) {
  pthread_mutex_lock(&cacheLock);
  for (int i = 0; i < kSlots; ++i)
    if (cachedBlocks[i]) {
      free(cachedBlocks[i]);
      cachedBlocks[i] = NULL;
    }
  cachedBytes = 0;
  pthread_mutex_unlock(&cacheLock);
}

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
  void *block = malloc(size);
  if (block || size == 0)
    return block;
  /* Out of memory: give the cached blocks back and try once more, then
     fail the call (SEQC_CHECK_FAILED from an AOT entry point, with the
     message in seqc_last_error) instead of writing through NULL. */
  releaseCachedBlocks();
  block = malloc(size);
  if (block)
    return block;
  static _Thread_local char message[96];
  snprintf(message, sizeof message,
           "seqc: out of memory (a buffer of %zu bytes)", size);
  if (seqc_check_failed)
    seqc_check_failed(message);
  fputs(message, stderr);
  fputc('\n', stderr);
  abort();
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
