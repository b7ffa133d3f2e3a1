/* Driver of inout-cache.seq: steps 0..MAX_LEN-1 of a cached attention, then
 * one step too many. Counts the mallocs of the steps (this program's malloc
 * wraps glibc's, which every caller in the process then uses). */
#define _GNU_SOURCE
#include "step.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t size);
static long mallocs;
void *malloc(size_t size) {
  ++mallocs;
  return __libc_malloc(size);
}

enum { B = 3, H = 2, D = 4, L = 2, S = 8 };
#define AT(l, b, h, s, d) (((((size_t)(l) * B + (b)) * H + (h)) * S + (s)) * D + (d))

static float value(int step, int b, int h, int d, int which) {
  return sinf(0.37f * step + 1.3f * b + 0.71f * h + 0.29f * d + which);
}

int main(void) {
  static float kCache[L * B * H * S * D], vCache[L * B * H * S * D];
  static float q[B * H * D], k[B * H * D], v[B * H * D], out[B * H * D];
  /* Sentinels: what the steps must leave alone. */
  for (size_t i = 0; i < sizeof kCache / sizeof *kCache; ++i)
    kCache[i] = vCache[i] = -7.0f - (float)i;
  float maxError = 0;
  long before = 0;
  int ok = 1;
  for (int64_t t = 0; t < S; ++t) {
    for (int b = 0; b < B; ++b)
      for (int h = 0; h < H; ++h)
        for (int d = 0; d < D; ++d) {
          size_t i = ((size_t)b * H + h) * D + d;
          q[i] = value((int)t, b, h, d, 0);
          k[i] = value((int)t, b, h, d, 1);
          v[i] = value((int)t, b, h, d, 2);
        }
    if (t == 3)
      before = mallocs;
    int status = seqc_step(B, L, S, q, k, v, &t, kCache, vCache, out);
    if (status != SEQC_OK) {
      printf("step %d: status %d\n", (int)t, status);
      return 1;
    }
    for (int l = 0; l < L; ++l)
      for (int b = 0; b < B; ++b)
        for (int h = 0; h < H; ++h)
          for (int s = 0; s < S; ++s)
            for (int d = 0; d < D; ++d) {
              size_t i = AT(l, b, h, s, d);
              int written = l == 1 && s <= t;
              float wantK = written ? value(s, b, h, d, 1) : -7.0f - (float)i;
              float wantV = written ? value(s, b, h, d, 2) : -7.0f - (float)i;
              if (kCache[i] != wantK || vCache[i] != wantV)
                ok = 0;
            }
    /* softmax(q·kᵀ / sqrt(D))·v over positions 0..t. */
    for (int b = 0; b < B; ++b)
      for (int h = 0; h < H; ++h) {
        double scores[S], sum = 0, top = -INFINITY;
        for (int s = 0; s <= t; ++s) {
          double dot = 0;
          for (int d = 0; d < D; ++d)
            dot += (double)value((int)t, b, h, d, 0) * value(s, b, h, d, 1);
          scores[s] = dot / sqrt((double)D);
          if (scores[s] > top)
            top = scores[s];
        }
        for (int s = 0; s <= t; ++s)
          sum += scores[s] = exp(scores[s] - top);
        for (int d = 0; d < D; ++d) {
          double want = 0;
          for (int s = 0; s <= t; ++s)
            want += scores[s] / sum * value(s, b, h, d, 2);
          float error = fabsf(out[((size_t)b * H + h) * D + d] - (float)want);
          if (error > maxError)
            maxError = error;
        }
      }
  }
  long stepMallocs = mallocs - before;
  printf("steps 0..%d: caches %s, outputs %s (max error %.2g)\n", S - 1,
         ok ? "ok" : "WRONG", maxError < 1e-5f ? "ok" : "WRONG", maxError);
  printf("mallocs in steps 3..%d: %ld\n", S - 1, stepMallocs);

  /* step_mixed allocates temporaries: only the first steps take them from
     malloc. */
  long warm = 0, start = mallocs;
  for (int64_t t = 0; t < S; ++t) {
    if (t == 3)
      warm = mallocs;
    if (seqc_step_mixed(B, L, S, q, &t, kCache, out) != SEQC_OK)
      return 1;
  }
  long end = mallocs;
  printf("step_mixed: mallocs in steps 0..2: %ld, in steps 3..%d: %ld\n",
         warm - start, S - 1, end - warm);

  int64_t past = S;
  int status = seqc_step(B, L, S, q, k, v, &past, kCache, vCache, out);
  printf("step %d of max_len %d: status %d: %s\n", S, S, status,
         status == SEQC_CHECK_FAILED ? seqc_last_error() : "");
  return 0;
}
