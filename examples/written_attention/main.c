/* Runs the tutorial's encoder layer compiled by seqc (encoder_layer.h/.o)
 * on DIR/x.bin and DIR/mask.bin, writes DIR/out.bin, and prints the time
 * per call (median and min of REPEAT calls) at each thread count given.
 *
 *   main DIR BATCH SEQ [REPEAT [THREADS ...]]
 */
#define _POSIX_C_SOURCE 199309L
#include "encoder_layer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void *readFile(const char *dir, const char *name, size_t bytes) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  void *data = malloc(bytes);
  if (!f || !data || fread(data, 1, bytes, f) != bytes) {
    fprintf(stderr, "main: cannot read %zu bytes from %s\n", bytes, path);
    exit(1);
  }
  fclose(f);
  return data;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s DIR BATCH SEQ [REPEAT [THREADS ...]]\n", argv[0]);
    return 2;
  }
  const char *dir = argv[1];
  int64_t batch = atoll(argv[2]), seq = atoll(argv[3]);
  int repeat = argc > 4 ? atoi(argv[4]) : 0;
  size_t elements = (size_t)(batch * seq * 256);
  float *x = readFile(dir, "x.bin", elements * sizeof(float));
  int64_t *mask = readFile(dir, "mask.bin", (size_t)(batch * seq) * sizeof(int64_t));
  float *out = malloc(elements * sizeof(float));
  if (!out)
    return 1;

  int status = seqc_encoder_layer(batch, seq, x, mask, out);
  if (status != SEQC_OK) {
    fprintf(stderr, "main: status %d: %s\n", status, seqc_last_error());
    return 1;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/out.bin", dir);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(out, sizeof(float), elements, f) != elements) {
    fprintf(stderr, "main: cannot write %s\n", path);
    return 1;
  }
  fclose(f);

  double *times = repeat > 0 ? malloc(repeat * sizeof(double)) : NULL;
  for (int a = 5; repeat > 0 && a < argc; ++a) {
    int threads = atoi(argv[a]);
    seqc_set_num_threads(threads);
    seqc_encoder_layer(batch, seq, x, mask, out);
    for (int r = 0; r < repeat; ++r) {
      double start = now();
      seqc_encoder_layer(batch, seq, x, mask, out);
      times[r] = now() - start;
    }
    qsort(times, repeat, sizeof(double), compare);
    printf("Seqc: %.3f ms per call (median of %d, min %.3f), %d thread%s\n",
           times[repeat / 2], repeat, times[0], threads, threads > 1 ? "s" : "");
  }
  free(times);
  free(x);
  free(mask);
  free(out);
  return 0;
}
