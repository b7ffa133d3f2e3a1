/* What the two greedy-decoding examples (seq2seq/translate.c and
 * transformer_translate/translate.c) share: their command line
 *
 *   translate [--threads N] [--repeat N] [--dump DIR] [DIGITS ...]
 *
 * (each DIGITS one source; without any, the built-in sample), a clock,
 * allocation that exits on failure, the median of timings and the --dump
 * files. Plain C11, header only. */
#ifndef SEQC_EXAMPLES_TRANSLATE_CLI_H
#define SEQC_EXAMPLES_TRANSLATE_CLI_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const translateSample[] = {"31415", "2718281", "42",
                                              "9876543210", "7"};

struct TranslateArgs {
  const char *dumpDir; /* NULL: no --dump */
  int repeat, threads;
  int batch;           /* the number of sources */
  const char **sources;
  int srcLen;          /* the longest source */
};

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *checkedAlloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size);
  if (!p) {
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
  return p;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median of `count` timings (sorts them). */
static double median(double *times, int count) {
  qsort(times, count, sizeof(double), compareDoubles);
  return times[count / 2];
}

static void dump(const char *dir, const char *name, const void *data,
                 size_t bytes) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
  FILE *file = fopen(path, "wb");
  if (!file || fwrite(data, 1, bytes, file) != bytes) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
  fclose(file);
}

/* Parses the command line; prints the usage and exits with 2 on a bad one. */
static struct TranslateArgs parseTranslateArgs(int argc, char **argv) {
  const int sampleSize = sizeof(translateSample) / sizeof(translateSample[0]);
  struct TranslateArgs args = {NULL, 1, 1, 0, NULL, 0};
  args.sources =
      checkedAlloc(argc > sampleSize ? argc : sampleSize, sizeof(char *));
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--dump") && i + 1 < argc) {
      args.dumpDir = argv[++i];
    } else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
      args.repeat = atoi(argv[++i]);
    } else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
      args.threads = atoi(argv[++i]);
    } else if (argv[i][0] && strspn(argv[i], "0123456789") == strlen(argv[i])) {
      args.sources[args.batch++] = argv[i];
    } else {
      fprintf(stderr,
              "usage: %s [--threads N] [--repeat N] [--dump DIR] [DIGITS ...]\n",
              argv[0]);
      exit(2);
    }
  }
  if (args.batch == 0) {
    args.batch = sampleSize;
    for (int b = 0; b < args.batch; ++b)
      args.sources[b] = translateSample[b];
  }
  if (args.repeat < 1)
    args.repeat = 1;
  for (int b = 0; b < args.batch; ++b)
    if ((int)strlen(args.sources[b]) > args.srcLen)
      args.srcLen = (int)strlen(args.sources[b]);
  return args;
}

#endif /* SEQC_EXAMPLES_TRANSLATE_CLI_H */
