// Inputs/encoder.mlir (two models in the seq dialect, with the ABI attributes
// of the front end) compiled with embedded weights: the object links with a
// C program and libc/libm alone, and its outputs match PyTorch.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/aot_encoder.py weights %t
// RUN: seqc %S/Inputs/encoder.mlir --weights %t/w.safetensors -o %t/model.o --header %t/model.h
// RUN: FileCheck %s --check-prefix=HEADER < %t/model.h
// RUN: cc -std=c11 -Wall -Wextra -Werror -fsyntax-only -x c %t/model.h
// RUN: c++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -x c++ %t/model.h
// RUN: %python %S/Inputs/check_undefined.py %t/model.o | FileCheck %s --check-prefix=NM
// RUN: cc -std=c11 -Wall -Werror -I%t %S/Inputs/encoder_main.c %t/model.o -lm -o %t/main
// RUN: %t/main > %t/out.txt
// RUN: %python %S/Inputs/aot_encoder.py check %t %t/out.txt | FileCheck %s

// HEADER: #ifndef SEQC_MODEL_H
// HEADER: enum seqc_status {
// HEADER-NEXT: SEQC_OK = 0,
// HEADER-NEXT: SEQC_BAD_DIM = 1,
// HEADER: SEQC_CHECK_FAILED = 2,
// HEADER: SEQC_BAD_ARG = 3,
// HEADER: SEQC_OUT_OF_MEMORY = 4,
// HEADER: SEQC_NULL_POINTER = SEQC_BAD_ARG
// HEADER: #define SEQC_MAX_ARRAY_BYTES (INT64_C(1) << 47)
// HEADER: const char *seqc_last_error(void);
// HEADER-LABEL: /* Model 'encoder'.
// HEADER-NEXT:  *   batch, seq: dims, each > 0
// HEADER-NEXT:  *   tokens: int32_t [batch, seq]
// HEADER-NEXT:  *   lengths: int32_t [batch]
// HEADER-NEXT:  *   out: float [batch, seq, 8], output (caller-allocated)
// HEADER-NEXT:  * Returns SEQC_OK, SEQC_BAD_DIM or SEQC_BAD_ARG (and writes nothing),
// HEADER-NEXT:  * SEQC_CHECK_FAILED or SEQC_OUT_OF_MEMORY. */
// HEADER-NEXT: int seqc_encoder(int64_t batch, int64_t seq, const int32_t *tokens,
// HEADER-NEXT:                  const int32_t *lengths, float *out);
// HEADER-LABEL: /* Model 'head'.
// HEADER-NEXT:  *   n: dim, > 0
// HEADER-NEXT:  *   x: float [n, 16]
// HEADER-NEXT:  *   probs: float [n, 4], output (caller-allocated)
// HEADER-NEXT:  *   copy: float [n, 16], output (caller-allocated)
// HEADER:      int seqc_head(int64_t n, const float *x, float *probs, float *copy);

// NM-NOT: mlir
// NM-NOT: memrefCopy
// NM: only libc/libm

// Bad dims (0, -1, a byte size beyond int64 or past SEQC_MAX_ARRAY_BYTES)
// return SEQC_BAD_DIM, NULL array pointers SEQC_BAD_ARG, and write nothing.
// CHECK: status 0 0
// CHECK-NEXT: bad dims 1 1 1 1, out[0] 42
// CHECK-NEXT: past the cap 1 1, out[0] 42
// CHECK-NEXT: null pointers 3 3 3, out[0] 42
// CHECK-NEXT: out: shape [2, 5, 8] max_abs {{.*}} ok
// CHECK-NEXT: probs: shape [3, 4] max_abs {{.*}} ok
// CHECK-NEXT: copy: shape [3, 16] max_abs {{.*}} ok
