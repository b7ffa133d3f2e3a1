/* Calls a model whose dynamic dims must agree at run time (see
 * runtime-check.mlir) with agreeing and disagreeing dims, many times over:
 * a failed check returns SEQC_CHECK_FAILED with its message, and the next
 * good call works. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>

static float x[2 * 5 * 8], y[5 * 8], out[2 * 5 * 8];

static int call(int64_t time) {
  for (int i = 0; i < 2 * 5 * 8; ++i)
    out[i] = -1.0f;
  return seqc_main(2, time, x, y, out);
}

int main(void) {
  for (int i = 0; i < 2 * 5 * 8; ++i)
    x[i] = (float)i;
  for (int i = 0; i < 5 * 8; ++i)
    y[i] = 0.5f;
  int good = call(5);
  printf("good %d out[79] %g\n", good, out[79]);
  int bad = call(4);
  printf("bad %d: %s\n", bad, seqc_last_error());
  int failures = 0, successes = 0;
  for (int round = 0; round < 1000; ++round) {
    failures += call(3 + round % 2) == SEQC_CHECK_FAILED;
    successes += call(5) == SEQC_OK && out[79] == 79.5f;
  }
  printf("rounds: %d failed checks, %d good calls\n", failures, successes);
  return 0;
}
