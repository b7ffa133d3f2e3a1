/* Calls the entry points of models.seq, compiled by seqc, on the inputs
 * aot_seq.py wrote as raw arrays to DIR (argv[1]) and writes each output to
 * OUT/<model>_<output>.bin (argv[2]). With RUNTIME_WEIGHTS the weights are
 * read from DIR/w/<name>.bin and passed in the order of the header. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BATCH = 3, SEQ = 7, TIME = 5 };

static void *load(const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
  FILE *file = fopen(path, "rb");
  if (!file) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  void *data = malloc(size > 0 ? size : 1);
  if (!data || fread(data, 1, size, file) != (size_t)size) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  fclose(file);
  return data;
}

static void store(const char *dir, const char *name, const float *values,
                  size_t count) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
  FILE *file = fopen(path, "wb");
  if (!file || fwrite(values, sizeof(float), count, file) != count) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
  fclose(file);
}

#ifdef RUNTIME_WEIGHTS
/* The weights in the order of the entry points' parameters. */
static const float *weights[64];

static void loadWeights(const char *dir) {
  static const char *encoder[] = {
      "self_attn.in_proj_weight", "self_attn.in_proj_bias",
      "self_attn.out_proj.weight", "self_attn.out_proj.bias",
      "norm1.weight", "norm1.bias", "linear1.weight", "linear1.bias",
      "linear2.weight", "linear2.bias", "norm2.weight", "norm2.bias"};
  static const char *lstm[] = {"weight_ih", "weight_hh", "bias_ih", "bias_hh"};
  char wdir[4096], name[256];
  snprintf(wdir, sizeof(wdir), "%s/w", dir);
  int n = 0;
  for (int layer = 0; layer < 2; ++layer)
    for (int i = 0; i < 12; ++i) {
      snprintf(name, sizeof(name), "encoder.layers.%d.%s", layer, encoder[i]);
      weights[n++] = load(wdir, name);
    }
  for (int layer = 0; layer < 2; ++layer)
    for (int reverse = 0; reverse < 2; ++reverse)
      for (int i = 0; i < 4; ++i) {
        snprintf(name, sizeof(name), "tagger.%s_l%d%s", lstm[i], layer,
                 reverse ? "_reverse" : "");
        weights[n++] = load(wdir, name);
      }
}

#define W4(o) weights[o], weights[o + 1], weights[o + 2], weights[o + 3]
#define W12(o) W4(o), W4(o + 4), W4(o + 8)
#define ENCODER_WEIGHTS , W12(0), W12(12)
#define TAGGER_WEIGHTS , W4(24), W4(28), W4(32), W4(36)
#else
#define ENCODER_WEIGHTS
#define TAGGER_WEIGHTS
#endif

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s DIR OUT\n", argv[0]);
    return 2;
  }
  const char *dir = argv[1], *outDir = argv[2];
#ifdef RUNTIME_WEIGHTS
  loadWeights(dir);
#endif
  const float *encX = load(dir, "enc_x");
  const int64_t *encLengths = load(dir, "enc_lengths");
  const float *tagX = load(dir, "tag_x");
  const int64_t *tagLengths = load(dir, "tag_lengths");
  const float *h0 = load(dir, "h0");
  const float *c0 = load(dir, "c0");

  /* The inputs are const: compiled code must not update them in place. */
  static float h0Copy[4 * BATCH * 16], c0Copy[4 * BATCH * 16];
  memcpy(h0Copy, h0, sizeof(h0Copy));
  memcpy(c0Copy, c0, sizeof(c0Copy));

  static float encOut[BATCH * SEQ * 32];
  static float tagOut[BATCH * TIME * 32], hN[4 * BATCH * 16], cN[4 * BATCH * 16];
  int encoder = seqc_encoder(BATCH, SEQ, encX, encLengths ENCODER_WEIGHTS,
                             encOut);
  int tagger = seqc_tagger(BATCH, TIME, tagX, tagLengths, h0, c0 TAGGER_WEIGHTS,
                           tagOut, hN, cN);
  int bad1 = seqc_encoder(BATCH, 0, encX, encLengths ENCODER_WEIGHTS, encOut);
  int bad2 = seqc_tagger(-BATCH, TIME, tagX, tagLengths, h0, c0 TAGGER_WEIGHTS,
                         tagOut, hN, cN);
  printf("encoder %d tagger %d bad %d %d inputs %s\n", encoder, tagger, bad1,
         bad2,
         memcmp(h0, h0Copy, sizeof(h0Copy)) || memcmp(c0, c0Copy, sizeof(c0Copy))
             ? "changed"
             : "unchanged");

  store(outDir, "encoder_out", encOut, sizeof(encOut) / sizeof(float));
  store(outDir, "tagger_out", tagOut, sizeof(tagOut) / sizeof(float));
  store(outDir, "tagger_h_n", hN, sizeof(hN) / sizeof(float));
  store(outDir, "tagger_c_n", cN, sizeof(cN) / sizeof(float));
  return 0;
}
