/*===- BufferCache.c - heap buffers of compiled models -----------*- C -*-===
 *
 * A few slots of freed blocks under one lock: a model allocates a handful of
 * large temporaries per op, so a linear search is cheap next to the work.
 * Smaller blocks are kept by size class (powers of two from 64 bytes), a
 * stack of at most kBlocksPerClass per class: a decoder step called once
 * per token allocates the same few dozen small temporaries every call, and
 * in the steady state takes none of them from malloc.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "seqc/Runtime/BufferCache.h"

#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { kSlots = 64 };
/* Blocks above kMaxSmallBytes are matched by size among kSlots slots;
   smaller ones are kept by size class. */
static const size_t kMaxSmallBytes = 32u << 10;
static const size_t kMaxCachedBytes = 256u << 20;

static pthread_mutex_t cacheLock = PTHREAD_MUTEX_INITIALIZER;
static void *cachedBlocks[kSlots];
static size_t cachedSizes[kSlots];
static size_t cachedBytes;

/* Classes 2^kMinClassLog2 .. 2^(kMinClassLog2 + kClasses - 1) =
   kMaxSmallBytes bytes; at most 64 blocks each (about 4 MiB in all). */
enum { kMinClassLog2 = 6, kClasses = 10, kBlocksPerClass = 64 };
static void *smallBlocks[kClasses][kBlocksPerClass];
static int smallCounts[kClasses];

/* The class whose blocks hold `size` bytes (size <= kMaxSmallBytes). */
static int classForRequest(size_t size) {
  int log2 = kMinClassLog2;
  while (((size_t)1 << log2) < size)
    ++log2;
  return log2 - kMinClassLog2;
}

/* The largest class a block of `usable` bytes can serve, or -1. */
static int classForBlock(size_t usable) {
  if (usable < ((size_t)1 << kMinClassLog2))
    return -1;
  int log2 = kMinClassLog2;
  while (((size_t)2 << log2) <= usable)
    ++log2;
  int c = log2 - kMinClassLog2;
  return c < kClasses ? c : kClasses - 1;
}

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
  for (int c = 0; c < kClasses; ++c)
    while (smallCounts[c] > 0)
      free(smallBlocks[c][--smallCounts[c]]);
  pthread_mutex_unlock(&cacheLock);
}

void *_mlir_memref_to_llvm_alloc(size_t size) {
  if (size > kMaxSmallBytes) {
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
  } else {
    int c = classForRequest(size);
    pthread_mutex_lock(&cacheLock);
    if (smallCounts[c] > 0) {
      void *block = smallBlocks[c][--smallCounts[c]];
      pthread_mutex_unlock(&cacheLock);
      return block;
    }
    pthread_mutex_unlock(&cacheLock);
    /* The whole class, so that the block serves any request of it. */
    size = (size_t)1 << (c + kMinClassLog2);
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
  /* Blocks of 64 KiB or more go back to the slots, smaller ones (even one
     the slots gave out for a request above kMaxSmallBytes) to the largest
     class they hold. */
  size_t size = malloc_usable_size(buffer);
  if (size >= 2 * kMaxSmallBytes) {
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
  } else {
    int c = classForBlock(size);
    if (c >= 0) {
      pthread_mutex_lock(&cacheLock);
      if (smallCounts[c] < kBlocksPerClass) {
        smallBlocks[c][smallCounts[c]++] = buffer;
        pthread_mutex_unlock(&cacheLock);
        return;
      }
      pthread_mutex_unlock(&cacheLock);
    }
  }
  free(buffer);
}
