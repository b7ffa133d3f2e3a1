/* Greedy decoding with the seq2seq model of seq2seq.seq, compiled ahead of
 * time by seqc into model.o + model.h (both entry points from one run):
 *
 *   translate [--threads N] [--repeat N] [--dump DIR] [DIGITS ...]
 *
 * Each DIGITS argument is one source sequence (a string of digits; the
 * trained model reverses it); without any, a built-in sample. encode runs
 * once over the batch, then decode_step once per output token: the previous
 * token starts as BOS and is then the argmax of the logits, and the
 * decoder's state (h, c) returned by one step is the input of the next.
 * Decoding stops when every sequence has produced EOS, or after 2·S + 2
 * steps (S: the longest source), as model.py's greedy() does.
 *
 * Prints one line per sequence, `SOURCE -> OUTPUT`, and the time of encode
 * and per decoder step (median; --repeat N decodes N times). --dump DIR
 * writes DIR/tokens.bin (int32 [B, steps]), DIR/logits.bin
 * (float [steps, B, VOCAB]), DIR/h.bin and DIR/c.bin (float
 * [steps, 1, B, HIDDEN]) for the tests. */
#define _POSIX_C_SOURCE 199309L
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Sizes and tokens of model.py. */
enum { VOCAB = 13, HIDDEN = 64, PAD = 0, BOS = 1, EOS = 2, DIGIT0 = 3 };

static const char *const sample[] = {"31415", "2718281", "42", "9876543210",
                                     "7"};

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

int main(int argc, char **argv) {
  const char *dumpDir = NULL;
  int repeat = 1, threads = 1;
  const int sampleSize = sizeof(sample) / sizeof(sample[0]);
  const char **sources =
      checkedAlloc(argc > sampleSize ? argc : sampleSize, sizeof(char *));
  int batch = 0;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--dump") && i + 1 < argc) {
      dumpDir = argv[++i];
    } else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
      repeat = atoi(argv[++i]);
    } else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
      threads = atoi(argv[++i]);
    } else if (argv[i][0] && strspn(argv[i], "0123456789") == strlen(argv[i])) {
      sources[batch++] = argv[i];
    } else {
      fprintf(stderr,
              "usage: %s [--threads N] [--repeat N] [--dump DIR] [DIGITS ...]\n",
              argv[0]);
      return 2;
    }
  }
  if (batch == 0) {
    batch = sampleSize;
    for (int b = 0; b < batch; ++b)
      sources[b] = sample[b];
  }
  if (repeat < 1)
    repeat = 1;
  seqc_set_num_threads(threads);

  int srcLen = 0;
  for (int b = 0; b < batch; ++b)
    if ((int)strlen(sources[b]) > srcLen)
      srcLen = (int)strlen(sources[b]);
  int32_t *src = checkedAlloc((size_t)batch * srcLen, sizeof(int32_t));
  int32_t *lengths = checkedAlloc(batch, sizeof(int32_t));
  for (int b = 0; b < batch; ++b) {
    lengths[b] = (int32_t)strlen(sources[b]);
    for (int t = 0; t < srcLen; ++t)
      src[b * srcLen + t] =
          t < lengths[b] ? DIGIT0 + (sources[b][t] - '0') : PAD;
  }

  const int maxSteps = 2 * srcLen + 2;
  const size_t state = (size_t)batch * HIDDEN;
  float *states = checkedAlloc((size_t)batch * srcLen * HIDDEN, sizeof(float));
  /* Outputs must not overlap inputs: the state ping-pongs between two
   * buffers. */
  float *h[2] = {checkedAlloc(state, sizeof(float)),
                 checkedAlloc(state, sizeof(float))};
  float *c[2] = {checkedAlloc(state, sizeof(float)),
                 checkedAlloc(state, sizeof(float))};
  float *logits = checkedAlloc((size_t)batch * VOCAB, sizeof(float));
  int32_t *prev = checkedAlloc(batch, sizeof(int32_t));
  int32_t *tokens = checkedAlloc((size_t)batch * maxSteps, sizeof(int32_t));
  float *allLogits = checkedAlloc((size_t)maxSteps * batch * VOCAB,
                                  sizeof(float));
  float *allH = checkedAlloc((size_t)maxSteps * state, sizeof(float));
  float *allC = checkedAlloc((size_t)maxSteps * state, sizeof(float));
  double *stepTimes = checkedAlloc((size_t)repeat * maxSteps, sizeof(double));
  double *encodeTimes = checkedAlloc(repeat, sizeof(double));
  int timed = 0, steps = 0;

  for (int r = 0; r < repeat; ++r) {
    double begin = now();
    int status = seqc_encode(batch, srcLen, src, lengths, states, h[0], c[0]);
    encodeTimes[r] = now() - begin;
    if (status != SEQC_OK) {
      fprintf(stderr, "seqc_encode failed: %d\n", status);
      return 1;
    }
    int cur = 0, done = 0;
    char *finished = checkedAlloc(batch, 1);
    for (int b = 0; b < batch; ++b)
      prev[b] = BOS;
    for (steps = 0; steps < maxSteps && done < batch; ++steps) {
      begin = now();
      status = seqc_decode_step(batch, srcLen, prev, h[cur], c[cur], states,
                                lengths, logits, h[1 - cur], c[1 - cur]);
      stepTimes[timed++] = now() - begin;
      if (status != SEQC_OK) {
        fprintf(stderr, "seqc_decode_step failed: %d\n", status);
        return 1;
      }
      cur = 1 - cur;
      for (int b = 0; b < batch; ++b) {
        const float *row = logits + (size_t)b * VOCAB;
        int best = 0;
        for (int v = 1; v < VOCAB; ++v)
          if (row[v] > row[best])
            best = v;
        prev[b] = best;
        tokens[(size_t)b * maxSteps + steps] = best;
        if (best == EOS && !finished[b]) {
          finished[b] = 1;
          ++done;
        }
      }
      memcpy(allLogits + (size_t)steps * batch * VOCAB, logits,
             (size_t)batch * VOCAB * sizeof(float));
      memcpy(allH + (size_t)steps * state, h[cur], state * sizeof(float));
      memcpy(allC + (size_t)steps * state, c[cur], state * sizeof(float));
    }
    free(finished);
  }

  for (int b = 0; b < batch; ++b) {
    printf("%s -> ", sources[b]);
    for (int t = 0; t < steps; ++t) {
      int32_t token = tokens[(size_t)b * maxSteps + t];
      if (token == EOS)
        break;
      if (token >= DIGIT0 && token < DIGIT0 + 10)
        putchar('0' + token - DIGIT0);
      else
        printf("<%d>", token);
    }
    putchar('\n');
  }
  qsort(stepTimes, timed, sizeof(double), compareDoubles);
  qsort(encodeTimes, repeat, sizeof(double), compareDoubles);
  printf("seqc encode: median %.1f us; decode_step: median %.1f us over %d "
         "steps (batch %d, %d thread%s)\n",
         encodeTimes[repeat / 2] * 1e6, stepTimes[timed / 2] * 1e6, timed,
         batch, threads, threads == 1 ? "" : "s");

  if (dumpDir) {
    int32_t *packed = checkedAlloc((size_t)batch * steps, sizeof(int32_t));
    for (int b = 0; b < batch; ++b)
      memcpy(packed + (size_t)b * steps, tokens + (size_t)b * maxSteps,
             steps * sizeof(int32_t));
    dump(dumpDir, "tokens", packed, (size_t)batch * steps * sizeof(int32_t));
    dump(dumpDir, "logits", allLogits,
         (size_t)steps * batch * VOCAB * sizeof(float));
    dump(dumpDir, "h", allH, steps * state * sizeof(float));
    dump(dumpDir, "c", allC, steps * state * sizeof(float));
    free(packed);
  }
  return 0;
}
