/* Calls a model whose temporary (an [n, n] product) cannot be allocated
 * under an address-space limit, then one that can. */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

int main(void) {
  struct rlimit limit = {1ull << 30, 1ull << 30};
  if (setrlimit(RLIMIT_AS, &limit) != 0) {
    perror("setrlimit");
    return 1;
  }
  seqc_set_num_threads(1);
  int64_t n = 1 << 16; /* an [n, n] f32 temporary: 16 GiB */
  float *x = malloc((size_t)n * 16 * sizeof(float));
  if (!x)
    return 1;
  for (int64_t i = 0; i < n * 16; ++i)
    x[i] = 1.0f;
  float out = -1.0f;
  int status = seqc_main(n, x, &out);
  printf("huge %d: %s\n", status, seqc_last_error());
  status = seqc_main(4, x, &out);
  printf("small %d out %g\n", status, out);
  free(x);
  return 0;
}
