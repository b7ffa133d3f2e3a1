/* Calls the entry points of Inputs/encoder.mlir, compiled by seqc, on the
 * inputs of aot_encoder.py and prints the outputs. With RUNTIME_WEIGHTS the
 * weights are read from DIR/<name>.bin (argv[1]). */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void print(const char *name, const float *values, int count) {
  printf("%s", name);
  for (int i = 0; i < count; ++i)
    printf(" %.9g", values[i]);
  printf("\n");
}

#ifdef RUNTIME_WEIGHTS
static float *load(const char *dir, const char *name, size_t count) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
  FILE *file = fopen(path, "rb");
  float *values = malloc(count * sizeof(float));
  if (!file || !values || fread(values, sizeof(float), count, file) != count) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  fclose(file);
  return values;
}
#endif

int main(int argc, char **argv) {
  enum { BATCH = 2, SEQ = 5, N = 3 };
  int32_t tokens[BATCH * SEQ];
  for (int i = 0; i < BATCH * SEQ; ++i)
    tokens[i] = (7 * i + 3) % 50;
  int32_t lengths[BATCH] = {5, 3};
  float x[N * 16];
  for (int i = 0; i < N * 16; ++i)
    x[i] = (float)sin(0.37 * i);
  float out[BATCH * SEQ * 8], probs[N * 4], copy[N * 16];

#ifdef RUNTIME_WEIGHTS
  const char *dir = argc > 1 ? argv[1] : ".";
  float *embed = load(dir, "embed.weight", 50 * 16);
  float *inW = load(dir, "attn.in_proj_weight", 48 * 16);
  float *inB = load(dir, "attn.in_proj_bias", 48);
  float *outW = load(dir, "attn.out_proj.weight", 16 * 16);
  float *outB = load(dir, "attn.out_proj.bias", 16);
  float *normW = load(dir, "norm.weight", 16);
  float *normB = load(dir, "norm.bias", 16);
  float *fcW = load(dir, "fc.weight", 8 * 16);
  float *fcB = load(dir, "fc.bias", 8);
  float *headW = load(dir, "head.weight", 4 * 16);
#define ENCODER_WEIGHTS , embed, inW, inB, outW, outB, normW, normB, fcW, fcB
#define HEAD_WEIGHTS , headW
#else
#define ENCODER_WEIGHTS
#define HEAD_WEIGHTS
#endif

  int status = seqc_encoder(BATCH, SEQ, tokens, lengths ENCODER_WEIGHTS, out);
  int status2 = seqc_head(N, x HEAD_WEIGHTS, probs, copy);
  printf("status %d %d\n", status, status2);
  print("out", out, BATCH * SEQ * 8);
  print("probs", probs, N * 4);
  print("copy", copy, N * 16);

  /* Bad dims: nothing is written. */
  out[0] = 42.0f;
  printf("bad dims %d %d %d %d, out[0] %g\n",
         seqc_encoder(0, SEQ, tokens, lengths ENCODER_WEIGHTS, out),
         seqc_encoder(BATCH, -1, tokens, lengths ENCODER_WEIGHTS, out),
         seqc_encoder(INT64_C(1) << 40, INT64_C(1) << 40, tokens,
                      lengths ENCODER_WEIGHTS, out),
         seqc_head(INT64_C(1) << 61, x HEAD_WEIGHTS, probs, copy), out[0]);
  /* Arrays past SEQC_MAX_ARRAY_BYTES (2^54 and 2^58 bytes), whose sizes do
     fit in int64_t: SEQC_BAD_DIM too. */
  printf("past the cap %d %d, out[0] %g\n",
         seqc_encoder(INT64_C(1) << 52, 1, tokens, lengths ENCODER_WEIGHTS, out),
         seqc_head(INT64_C(1) << 52, x HEAD_WEIGHTS, probs, copy), out[0]);
  /* NULL inputs or outputs: SEQC_BAD_ARG, nothing is written. */
  printf("null pointers %d %d %d, out[0] %g\n",
         seqc_encoder(BATCH, SEQ, NULL, lengths ENCODER_WEIGHTS, out),
         seqc_encoder(BATCH, SEQ, tokens, lengths ENCODER_WEIGHTS, NULL),
         seqc_head(N, x HEAD_WEIGHTS, probs, NULL), out[0]);
  return 0;
}
