/* Calls a model whose input has no bytes ([n, 0]) but whose temporary is
 * [n, n]: for n >= 2^31 its byte size passes 2^63 and would wrap. */
#include "model.h"

#include <stdio.h>

int main(void) {
  float x[1], out = -1;
  const int64_t sizes[] = {4, INT64_C(1) << 31, INT64_C(1) << 33,
                           INT64_C(1) << 40, 4};
  for (int i = 0; i < 5; ++i) {
    int status = seqc_main(sizes[i], x, &out);
    printf("n = %lld: status %d %s out %g\n", (long long)sizes[i], status,
           status ? seqc_last_error() : "", out);
  }
  return 0;
}
