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
#include "../translate_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sizes and tokens of model.py. */
enum { VOCAB = 13, HIDDEN = 64, PAD = 0, BOS = 1, EOS = 2, DIGIT0 = 3 };

int main(int argc, char **argv) {
  struct TranslateArgs args = parseTranslateArgs(argc, argv);
  const char *dumpDir = args.dumpDir;
  const char **sources = args.sources;
  int repeat = args.repeat, threads = args.threads, batch = args.batch;
  int srcLen = args.srcLen;
  seqc_set_num_threads(threads);

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
  printf("seqc encode: median %.1f us; decode_step: median %.1f us over %d "
         "steps (batch %d, %d thread%s)\n",
         median(encodeTimes, repeat) * 1e6, median(stepTimes, timed) * 1e6,
         timed, batch, threads, threads == 1 ? "" : "s");

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
