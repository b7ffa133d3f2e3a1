/* Fails the allocations of the encoder of Inputs/encoder.mlir, one point at
 * a time: malloc is wrapped (-Wl,--wrap=malloc) so that the k-th malloc of a
 * call and every later one return NULL. Every such call must return
 * SEQC_OUT_OF_MEMORY with a message, free what it had allocated, and leave
 * the next call correct. Run with SEQC_BUFFER_CACHE=0, so that each call
 * takes all of its buffers from malloc. argv[1]: threads. (Failures on a
 * worker of the pool are tested in unittests/EntryGuardTest.cpp: this
 * model allocates on the calling thread only.) */
#include "model.h"

#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t size);

/* -1: no limit; else the number of mallocs that succeed. */
static long allowed = -1;
static long counted;
static pthread_mutex_t counterLock = PTHREAD_MUTEX_INITIALIZER;

void *__wrap_malloc(size_t size) {
  pthread_mutex_lock(&counterLock);
  int fail = allowed >= 0 && counted >= allowed;
  ++counted;
  pthread_mutex_unlock(&counterLock);
  return fail ? NULL : __real_malloc(size);
}

enum { BATCH = 8, SEQ = 48, OUT = BATCH * SEQ * 8 };
static int32_t tokens[BATCH * SEQ];
static int32_t lengths[BATCH];
static float out[OUT], reference[OUT];

/* One call with `limit` mallocs allowed (-1: any); returns its status and
   sets *mallocs to the number it asked for. */
static int call(long limit, long *mallocs) {
  pthread_mutex_lock(&counterLock);
  allowed = limit;
  counted = 0;
  pthread_mutex_unlock(&counterLock);
  int status = seqc_encoder(BATCH, SEQ, tokens, lengths, out);
  pthread_mutex_lock(&counterLock);
  allowed = -1;
  if (mallocs)
    *mallocs = counted;
  pthread_mutex_unlock(&counterLock);
  return status;
}

static long residentKiB(void) {
  FILE *file = fopen("/proc/self/statm", "r");
  long pages = 0, resident = 0;
  if (!file || fscanf(file, "%ld %ld", &pages, &resident) != 2)
    return -1;
  fclose(file);
  return resident * 4;
}

int main(int argc, char **argv) {
  seqc_set_num_threads(argc > 1 ? atoi(argv[1]) : 1);
  for (int i = 0; i < BATCH * SEQ; ++i)
    tokens[i] = (7 * i + 3) % 50;
  for (int b = 0; b < BATCH; ++b)
    lengths[b] = SEQ - 5 * b;

  long perCall = 0;
  if (call(-1, &perCall) != SEQC_OK)
    return 1;
  memcpy(reference, out, sizeof out);
  printf("mallocs per call: %ld\n", perCall);
  (void)residentKiB(); /* stdio's first allocations, before the count */
  size_t heapBefore = mallinfo2().uordblks;

  /* The k-th malloc fails, for every k: SEQC_OUT_OF_MEMORY, then a correct
     call. */
  long outOfMemory = 0, correctAfter = 0, badMessages = 0;
  for (long k = 0; k < perCall; ++k) {
    if (call(k, NULL) == SEQC_OUT_OF_MEMORY)
      ++outOfMemory;
    if (strncmp(seqc_last_error(), "seqc: out of memory", 19) != 0)
      ++badMessages;
    if (call(-1, NULL) == SEQC_OK && memcmp(out, reference, sizeof out) == 0)
      ++correctAfter;
  }
  printf("malloc k of %ld failing: SEQC_OUT_OF_MEMORY %ld times, correct "
         "next call %ld times, other messages %ld\n",
         perCall, outOfMemory, correctAfter, badMessages);
  size_t heapAfter = mallinfo2().uordblks;
  printf("heap in use after the failed calls: %s (%zd bytes more)\n",
         heapAfter == heapBefore ? "unchanged" : "CHANGED",
         (ssize_t)(heapAfter - heapBefore));

  /* 10,000 failing calls: the resident set stays flat. */
  long rss0 = 0;
  long failed = 0;
  for (long i = 0; i < 10000; ++i) {
    if (i == 100)
      rss0 = residentKiB();
    failed += call(i % perCall, NULL) == SEQC_OUT_OF_MEMORY;
  }
  long rss1 = residentKiB();
  printf("10000 failing calls: %ld SEQC_OUT_OF_MEMORY, resident set %s "
         "(%ld KiB after 100, %ld after 10000)\n",
         failed, rss1 - rss0 < 1024 ? "flat" : "GROWS", rss0, rss1);
  heapAfter = mallinfo2().uordblks;
  printf("heap in use at the end: %s (%zd bytes more)\n",
         heapAfter == heapBefore ? "unchanged" : "CHANGED",
         (ssize_t)(heapAfter - heapBefore));
  printf("last call: %s\n",
         call(-1, NULL) == SEQC_OK && !memcmp(out, reference, sizeof out)
             ? "correct"
             : "WRONG");
  return 0;
}
