/*===- BufferCache.c - heap buffers of compiled models -----------*- C -*-===
 *
 * A few slots of freed blocks under one lock: a model allocates a handful of
 * large temporaries per op, so a linear search is cheap next to the work.
 * Smaller blocks are kept by size class (powers of two from 64 bytes), a
 * stack of at most kBlocksPerClass per class: a decoder step called once
 * per token allocates the same few dozen small temporaries every call, and
 * in the steady state takes none of them from malloc.
 *
 * Every block starts with a 64-byte header (the buffer follows it, so its
 * alignment is malloc's) that links the live buffers in one list with the
 * guarded call that allocated them: when a call fails, its buffers are
 * freed by seqc_buffer_cache_release_call.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "seqc/Runtime/BufferCache.h"

#include "seqc/Runtime/EntryGuard.h"

#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* The entry guard, weak: hosts that link the cache alone (tests of the
   pool) have none, and their buffers belong to no call. */
extern void *seqc_current_call(void) __attribute__((weak));
extern void seqc_fail(int status, const char *message) __attribute__((weak));

struct Header {
  struct Header *prev, *next;
  void *call;
  char padding[64 - 3 * sizeof(void *)];
};
_Static_assert(sizeof(struct Header) == 64, "the header keeps 64 bytes");

enum { kSlots = 64 };
/* Blocks above kMaxSmallBytes are matched by size among kSlots slots;
   smaller ones are kept by size class. Sizes are of whole blocks, header
   included. */
static const size_t kMaxSmallBytes = 32u << 10;
static const size_t kMaxCachedBytes = 256u << 20;

static pthread_mutex_t cacheLock = PTHREAD_MUTEX_INITIALIZER;
static void *cachedBlocks[kSlots];
static size_t cachedSizes[kSlots];
static size_t cachedBytes;
/* The live blocks: a circular list through a sentinel; cacheLock. */
static struct Header liveBlocks = {&liveBlocks, &liveBlocks, NULL, {0}};

/* Size classes of blocks up to kMaxSmallBytes: 64 B, 128 B, ... 32 KiB;
   at most 64 blocks each (about 4 MiB in all). */
enum { kMinClassLog2 = 6, kClasses = 10, kBlocksPerClass = 64 };
static void *smallBlocks[kClasses][kBlocksPerClass];
static int smallCounts[kClasses];

static int classForRequest(size_t size) {
  int log2 = kMinClassLog2;
  while (((size_t)1 << log2) < size)
    ++log2;
  return log2 - kMinClassLog2;
}

static int classForBlock(size_t usable) {
  if (usable < ((size_t)1 << kMinClassLog2))
    return -1;
  int log2 = kMinClassLog2;
  while (((size_t)2 << log2) <= usable)
    ++log2;
  int c = log2 - kMinClassLog2;
  return c < kClasses ? c : kClasses - 1;
}

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

/* A cached block of at least `size` bytes, or NULL; `size` becomes the
   size to ask malloc for. */
static void *takeCachedBlock(size_t *size) {
  void *block = NULL;
  pthread_mutex_lock(&cacheLock);
  if (*size > kMaxSmallBytes) {
    /* The smallest block that holds `size` and wastes at most an eighth. */
    int best = -1;
    for (int i = 0; i < kSlots; ++i)
      if (cachedBlocks[i] && cachedSizes[i] >= *size &&
          cachedSizes[i] - *size <= *size / 8 &&
          (best < 0 || cachedSizes[i] < cachedSizes[best]))
        best = i;
    if (best >= 0) {
      block = cachedBlocks[best];
      cachedBlocks[best] = NULL;
      cachedBytes -= cachedSizes[best];
    }
  } else {
    int c = classForRequest(*size);
    if (smallCounts[c] > 0)
      block = smallBlocks[c][--smallCounts[c]];
    else /* the whole class, so that the block serves any request of it */
      *size = (size_t)1 << (c + kMinClassLog2);
  }
  pthread_mutex_unlock(&cacheLock);
  return block;
}

static void *track(struct Header *header) {
  header->call = seqc_current_call ? seqc_current_call() : NULL;
  pthread_mutex_lock(&cacheLock);
  header->prev = &liveBlocks;
  header->next = liveBlocks.next;
  liveBlocks.next->prev = header;
  liveBlocks.next = header;
  pthread_mutex_unlock(&cacheLock);
  return header + 1;
}

static void untrack(struct Header *header) {
  header->prev->next = header->next;
  header->next->prev = header->prev;
  header->prev = header->next = NULL;
}

void *_mlir_memref_to_llvm_alloc(size_t size) {
  static _Thread_local char message[96];
  size_t request = size;
  size_t bytes = size + sizeof(struct Header);
  if (bytes < size) {
    snprintf(message, sizeof message,
             "seqc: out of memory (a buffer of %zu bytes)", request);
    goto fail;
  }
  void *block = takeCachedBlock(&bytes);
  if (block)
    return track(block);
  block = malloc(bytes);
  if (block)
    return track(block);
  /* Out of memory: give the cached blocks back and try once more, then
     fail the call (SEQC_OUT_OF_MEMORY from the entry point, with the
     message in seqc_last_error) instead of writing through NULL. */
  releaseCachedBlocks();
  block = malloc(bytes);
  if (block)
    return track(block);
  snprintf(message, sizeof message,
           "seqc: out of memory (a buffer of %zu bytes)", request);
fail:
  if (seqc_fail)
    seqc_fail(SEQC_GUARD_OUT_OF_MEMORY, message);
  fputs(message, stderr);
  fputc('\n', stderr);
  abort();
}

/* SEQC_BUFFER_CACHE=0 in the environment: freed blocks go straight back
   to malloc (a process that wants no memory kept between calls). */
static int cacheEnabled(void) {
  static int enabled = -1; /* read once; cacheLock */
  if (enabled < 0) {
    const char *env = getenv("SEQC_BUFFER_CACHE");
    enabled = !(env && env[0] == '0' && env[1] == '\0');
  }
  return enabled;
}

void seqc_buffer_too_large(void) {
  const char *message =
      "seqc: out of memory (a buffer of more than 2^62 bytes)";
  if (seqc_fail)
    seqc_fail(SEQC_GUARD_OUT_OF_MEMORY, message);
  fputs(message, stderr);
  fputc('\n', stderr);
  abort();
}

/* Keeps `block` (unlinked) in the cache or frees it. cacheLock held. */
static void recycle(struct Header *block) {
  if (!cacheEnabled()) {
    free(block);
    return;
  }
  /* Blocks of 64 KiB or more go back to the slots, smaller ones (even one
     the slots gave out for a request above kMaxSmallBytes) to the largest
     class they hold. */
  size_t size = malloc_usable_size(block);
  if (size >= 2 * kMaxSmallBytes) {
    if (cachedBytes + size <= kMaxCachedBytes)
      for (int i = 0; i < kSlots; ++i)
        if (!cachedBlocks[i]) {
          cachedBlocks[i] = block;
          cachedSizes[i] = size;
          cachedBytes += size;
          return;
        }
  } else {
    int c = classForBlock(size);
    if (c >= 0 && smallCounts[c] < kBlocksPerClass) {
      smallBlocks[c][smallCounts[c]++] = block;
      return;
    }
  }
  free(block);
}

void _mlir_memref_to_llvm_free(void *buffer) {
  if (!buffer)
    return;
  struct Header *block = (struct Header *)buffer - 1;
  pthread_mutex_lock(&cacheLock);
  untrack(block);
  recycle(block);
  pthread_mutex_unlock(&cacheLock);
}

void seqc_buffer_cache_release_call(void *call) {
  if (!call)
    return;
  pthread_mutex_lock(&cacheLock);
  for (struct Header *block = liveBlocks.next, *next; block != &liveBlocks;
       block = next) {
    next = block->next;
    if (block->call != call)
      continue;
    untrack(block);
    recycle(block);
  }
  pthread_mutex_unlock(&cacheLock);
}
