/* Times decode_step of decode_step.seq (compiled by seqc into model.o +
 * model.h) at one cache length:
 *
 *   driver BATCH CACHE_LEN SRC_LEN THREADS REPEAT WARMUP INPUTS.bin OUT.bin
 *
 * INPUTS.bin holds, as float32 in C order, x [B, 1, 512], memory_k and
 * memory_v [6, B, 8, SRC_LEN, 64], and k_cache and v_cache
 * [6, B, 8, CACHE_LEN + 1, 64] (max_len = CACHE_LEN + 1, positions
 * 0..CACHE_LEN-1 filled); src_lengths are all SRC_LEN. Each call is the step
 * at position CACHE_LEN, which attends to CACHE_LEN + 1 keys. Prints
 * "min_ms median_ms" and writes the output of the first call and the
 * caches after it to OUT.bin (x [B, 1, 512], k_cache, v_cache). */
#define _POSIX_C_SOURCE 199309L
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { E = 512, L = 6, H = 8, D = 64 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static float *take(float **cursor, size_t count) {
  float *p = *cursor;
  *cursor += count;
  return p;
}

int main(int argc, char **argv) {
  if (argc != 9) {
    fprintf(stderr, "usage: %s BATCH CACHE_LEN SRC_LEN THREADS REPEAT WARMUP "
                    "INPUTS.bin OUT.bin\n", argv[0]);
    return 2;
  }
  int64_t batch = atoll(argv[1]), cacheLen = atoll(argv[2]),
          srcLen = atoll(argv[3]);
  int threads = atoi(argv[4]), repeat = atoi(argv[5]), warmup = atoi(argv[6]);
  int64_t maxLen = cacheLen + 1;
  size_t xSize = (size_t)batch * E;
  size_t memorySize = (size_t)L * batch * H * srcLen * D;
  size_t cacheSize = (size_t)L * batch * H * maxLen * D;
  size_t total = xSize + 2 * memorySize + 2 * cacheSize;
  float *data = malloc(total * sizeof(float));
  float *out = malloc(xSize * sizeof(float));
  int64_t *lengths = malloc(batch * sizeof(int64_t));
  FILE *file = fopen(argv[7], "rb");
  if (!data || !out || !lengths || !file ||
      fread(data, sizeof(float), total, file) != total) {
    fprintf(stderr, "cannot read %s\n", argv[7]);
    return 2;
  }
  fclose(file);
  float *cursor = data;
  float *x = take(&cursor, xSize);
  float *memoryK = take(&cursor, memorySize);
  float *memoryV = take(&cursor, memorySize);
  float *kCache = take(&cursor, cacheSize);
  float *vCache = take(&cursor, cacheSize);
  for (int64_t b = 0; b < batch; ++b)
    lengths[b] = srcLen;
  seqc_set_num_threads(threads);

  int64_t step = cacheLen;
  double *times = malloc((size_t)(repeat > 0 ? repeat : 1) * sizeof(double));
  for (int i = 0; i < warmup + repeat; ++i) {
    double begin = now();
    int status = seqc_decode_step(batch, srcLen, maxLen, x, &step, lengths,
                                  memoryK, memoryV, kCache, vCache, out);
    double elapsed = now() - begin;
    if (status != SEQC_OK) {
      fprintf(stderr, "decode_step: status %d %s\n", status,
              status == SEQC_CHECK_FAILED ? seqc_last_error() : "");
      return 1;
    }
    if (i == 0) {
      FILE *result = fopen(argv[8], "wb");
      if (!result || fwrite(out, sizeof(float), xSize, result) != xSize ||
          fwrite(kCache, sizeof(float), cacheSize, result) != cacheSize ||
          fwrite(vCache, sizeof(float), cacheSize, result) != cacheSize) {
        fprintf(stderr, "cannot write %s\n", argv[8]);
        return 2;
      }
      fclose(result);
    }
    if (i >= warmup)
      times[i - warmup] = elapsed;
  }
  qsort(times, repeat, sizeof(double), compareDoubles);
  printf("%.4f %.4f\n", times[0] * 1e3, times[repeat / 2] * 1e3);
  return 0;
}
