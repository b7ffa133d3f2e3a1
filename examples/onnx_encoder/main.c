/* Runs the ONNX encoder compiled by seqc (encoder.h/.o) on DIR/x.bin,
 * writes DIR/out.bin, and prints the time per call (median and min of
 * REPEAT calls) at each thread count given.
 *
 *   main DIR BATCH SEQ [REPEAT [THREADS ...]]
 */
#define _POSIX_C_SOURCE 199309L
#include "encoder.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { D = 256 };

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
  size_t elements = (size_t)(batch * seq * D);
  float *x = malloc(elements * sizeof(float));
  float *out = malloc(elements * sizeof(float));
  char path[4096];
  snprintf(path, sizeof path, "%s/x.bin", dir);
  FILE *f = fopen(path, "rb");
  if (!x || !out || !f || fread(x, sizeof(float), elements, f) != elements) {
    fprintf(stderr, "main: cannot read %zu floats from %s\n", elements, path);
    return 1;
  }
  fclose(f);

  /* The entry point takes the dynamic dims, the inputs, then the outputs. */
  int status = seqc_encoder(batch, seq, x, out);
  if (status != SEQC_OK) {
    fprintf(stderr, "main: status %d: %s\n", status, seqc_last_error());
    return 1;
  }
  snprintf(path, sizeof path, "%s/out.bin", dir);
  f = fopen(path, "wb");
  if (!f || fwrite(out, sizeof(float), elements, f) != elements) {
    fprintf(stderr, "main: cannot write %s\n", path);
    return 1;
  }
  fclose(f);

  double *times = repeat > 0 ? malloc(repeat * sizeof(double)) : NULL;
  for (int a = 5; times && a < argc; ++a) {
    int threads = atoi(argv[a]);
    seqc_set_num_threads(threads);
    seqc_encoder(batch, seq, x, out);
    for (int r = 0; r < repeat; ++r) {
      double start = now();
      seqc_encoder(batch, seq, x, out);
      times[r] = now() - start;
    }
    qsort(times, repeat, sizeof(double), compare);
    printf("Seqc: %.3f ms per call (median of %d, min %.3f), %d thread%s\n",
           times[repeat / 2], repeat, times[0], threads, threads > 1 ? "s" : "");
  }
  free(times);
  free(x);
  free(out);
  return 0;
}
