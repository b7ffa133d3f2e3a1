/* Greedy decoding with the Transformer of translate.seq, compiled ahead of
 * time by seqc into model.o + model.h (the three entry points of one run):
 *
 *   translate [--threads N] [--repeat N] [--dump DIR] [DIGITS ...]
 *
 * Each DIGITS argument is one source sequence (a string of digits; the
 * trained model reverses it); without any, a built-in sample. encode runs
 * once over the batch (the encoder's memory and the cross-attention keys and
 * values of every decoder layer), then decode_step once per output token:
 * it writes the token's self-attention keys and values into the caches
 * (in/out arrays [LAYERS, B, HEADS, MAX_LEN, HEAD_DIM], allocated once) at
 * position `step` and attends to positions 0..step. The previous token
 * starts as BOS and is then the argmax of the logits; decoding stops when
 * every sequence has produced EOS, or after 2·S + 2 steps (S: the longest
 * source), as model.py's greedy_cached() does.
 *
 * Then the same decoding again with decode_prefix, which reruns the decoder
 * over the whole prefix at every token (what decoding costs without a
 * cache); its tokens must be the same.
 *
 * Prints one line per sequence, `SOURCE -> OUTPUT`, and the median time of
 * encode, of a cached decode step and of a recomputed one (--repeat N
 * decodes N times). --dump DIR writes DIR/tokens.bin (int64 [B, steps]) and
 * DIR/logits.bin (float [steps, B, VOCAB]) of the cached decoding, and
 * DIR/prefix_logits.bin (float [steps, B, VOCAB]) of the recomputed one. */
#define _POSIX_C_SOURCE 199309L
#include "model.h"
#include "../translate_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sizes and tokens of model.py. */
enum {
  VOCAB = 13,
  D_MODEL = 64,
  LAYERS = 2,
  HEADS = 4,
  HEAD_DIM = 16,
  PAD = 0,
  BOS = 1,
  EOS = 2,
  DIGIT0 = 3
};

static void check(int status, const char *what) {
  if (status != SEQC_OK) {
    fprintf(stderr, "%s failed: status %d (%s)\n", what, status,
            status == SEQC_CHECK_FAILED ? seqc_last_error() : "");
    exit(1);
  }
}

static int64_t argmax(const float *row) {
  int64_t best = 0;
  for (int v = 1; v < VOCAB; ++v)
    if (row[v] > row[best])
      best = v;
  return best;
}

int main(int argc, char **argv) {
  struct TranslateArgs args = parseTranslateArgs(argc, argv);
  const char *dumpDir = args.dumpDir;
  const char **sources = args.sources;
  int repeat = args.repeat, threads = args.threads, batch = args.batch;
  int srcLen = args.srcLen;
  seqc_set_num_threads(threads);

  int64_t *src = checkedAlloc((size_t)batch * srcLen, sizeof(int64_t));
  int64_t *lengths = checkedAlloc(batch, sizeof(int64_t));
  for (int b = 0; b < batch; ++b) {
    lengths[b] = (int64_t)strlen(sources[b]);
    for (int t = 0; t < srcLen; ++t)
      src[b * srcLen + t] =
          t < lengths[b] ? DIGIT0 + (sources[b][t] - '0') : PAD;
  }

  /* The caches hold at most maxSteps positions: max_len = maxSteps. */
  const int maxSteps = 2 * srcLen + 2;
  const size_t memoryKv = (size_t)LAYERS * batch * HEADS * srcLen * HEAD_DIM;
  const size_t cache = (size_t)LAYERS * batch * HEADS * maxSteps * HEAD_DIM;
  float *memory = checkedAlloc((size_t)batch * srcLen * D_MODEL, sizeof(float));
  float *memoryK = checkedAlloc(memoryKv, sizeof(float));
  float *memoryV = checkedAlloc(memoryKv, sizeof(float));
  float *kCache = checkedAlloc(cache, sizeof(float));
  float *vCache = checkedAlloc(cache, sizeof(float));
  float *logits = checkedAlloc((size_t)batch * VOCAB, sizeof(float));
  int64_t *prev = checkedAlloc(batch, sizeof(int64_t));
  /* tokens[b][0] = BOS, then the decoded tokens: decode_prefix's input. */
  int64_t *tokens = checkedAlloc((size_t)batch * (maxSteps + 1),
                                 sizeof(int64_t));
  float *allLogits =
      checkedAlloc((size_t)maxSteps * batch * VOCAB, sizeof(float));
  float *prefixLogits =
      checkedAlloc((size_t)maxSteps * batch * VOCAB, sizeof(float));
  float *fullLogits =
      checkedAlloc((size_t)batch * maxSteps * VOCAB, sizeof(float));
  int64_t *prefix = checkedAlloc((size_t)batch * maxSteps, sizeof(int64_t));
  double *stepTimes = checkedAlloc((size_t)repeat * maxSteps, sizeof(double));
  double *prefixTimes = checkedAlloc((size_t)repeat * maxSteps, sizeof(double));
  double *encodeTimes = checkedAlloc(repeat, sizeof(double));
  char *finished = checkedAlloc(batch, 1);
  int timed = 0, timedPrefix = 0, steps = 0, mismatches = 0;

  for (int r = 0; r < repeat; ++r) {
    double begin = now();
    check(seqc_encode(batch, srcLen, src, lengths, memory, memoryK, memoryV),
          "seqc_encode");
    encodeTimes[r] = now() - begin;
    int done = 0;
    memset(finished, 0, batch);
    for (int b = 0; b < batch; ++b)
      prev[b] = tokens[(size_t)b * (maxSteps + 1)] = BOS;
    for (steps = 0; steps < maxSteps && done < batch; ++steps) {
      int64_t step = steps;
      begin = now();
      check(seqc_decode_step(batch, srcLen, maxSteps, prev, &step, lengths,
                             memoryK, memoryV, kCache, vCache, logits),
            "seqc_decode_step");
      stepTimes[timed++] = now() - begin;
      for (int b = 0; b < batch; ++b) {
        prev[b] = argmax(logits + (size_t)b * VOCAB);
        tokens[(size_t)b * (maxSteps + 1) + steps + 1] = prev[b];
        if (prev[b] == EOS && !finished[b]) {
          finished[b] = 1;
          ++done;
        }
      }
      memcpy(allLogits + (size_t)steps * batch * VOCAB, logits,
             (size_t)batch * VOCAB * sizeof(float));
    }

    /* The same tokens by recomputing the prefix at every step. */
    for (int t = 0; t < steps; ++t) {
      for (int b = 0; b < batch; ++b)
        memcpy(prefix + (size_t)b * (t + 1), tokens + (size_t)b * (maxSteps + 1),
               (t + 1) * sizeof(int64_t));
      begin = now();
      check(seqc_decode_prefix(batch, t + 1, srcLen, prefix, memory, lengths,
                               fullLogits),
            "seqc_decode_prefix");
      prefixTimes[timedPrefix++] = now() - begin;
      for (int b = 0; b < batch; ++b) {
        const float *last = fullLogits + ((size_t)b * (t + 1) + t) * VOCAB;
        memcpy(prefixLogits + ((size_t)t * batch + b) * VOCAB, last,
               VOCAB * sizeof(float));
        if (r == 0 && argmax(last) != tokens[(size_t)b * (maxSteps + 1) + t + 1])
          ++mismatches;
      }
    }
  }

  for (int b = 0; b < batch; ++b) {
    printf("%s -> ", sources[b]);
    for (int t = 0; t < steps; ++t) {
      int64_t token = tokens[(size_t)b * (maxSteps + 1) + t + 1];
      if (token == EOS)
        break;
      if (token >= DIGIT0 && token < DIGIT0 + 10)
        putchar('0' + (int)(token - DIGIT0));
      else
        printf("<%d>", (int)token);
    }
    putchar('\n');
  }
  printf("seqc encode: median %.1f us; per token (batch %d, %d thread%s, "
         "%d steps): decode_step with the cache median %.1f us, "
         "decode_prefix recomputing the prefix median %.1f us\n",
         median(encodeTimes, repeat) * 1e6, batch, threads,
         threads == 1 ? "" : "s", steps, median(stepTimes, timed) * 1e6,
         median(prefixTimes, timedPrefix) * 1e6);
  if (mismatches) {
    fprintf(stderr, "decode_prefix disagrees with decode_step on %d tokens\n",
            mismatches);
    return 1;
  }

  if (dumpDir) {
    int64_t *packed = checkedAlloc((size_t)batch * steps, sizeof(int64_t));
    for (int b = 0; b < batch; ++b)
      memcpy(packed + (size_t)b * steps, tokens + (size_t)b * (maxSteps + 1) + 1,
             steps * sizeof(int64_t));
    dump(dumpDir, "tokens", packed, (size_t)batch * steps * sizeof(int64_t));
    dump(dumpDir, "logits", allLogits,
         (size_t)steps * batch * VOCAB * sizeof(float));
    dump(dumpDir, "prefix_logits", prefixLogits,
         (size_t)steps * batch * VOCAB * sizeof(float));
    free(packed);
  }
  return 0;
}
