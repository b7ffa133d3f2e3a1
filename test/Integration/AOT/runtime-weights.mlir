// --weights=runtime: the weights become arguments of the entry points, after
// the inputs. The weights file is BF16 (converted exactly to the f32 the
// model takes); the C program passes the same values as raw floats.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/aot_encoder.py weights %t BF16
// RUN: seqc %S/Inputs/encoder.mlir --weights %t/w.safetensors --weights=runtime -o %t/model.o --header %t/model.h
// RUN: FileCheck %s --check-prefix=HEADER < %t/model.h
// RUN: cc -std=c11 -Wall -Werror -DRUNTIME_WEIGHTS -I%t %S/Inputs/encoder_main.c %t/model.o -lm -o %t/main
// RUN: %t/main %t > %t/out.txt
// RUN: %python %S/Inputs/aot_encoder.py check %t %t/out.txt | FileCheck %s

// The file is only needed to check the weights: without it, the same code.
// RUN: mkdir -p %t/nofile
// RUN: seqc %S/Inputs/encoder.mlir --weights=runtime -o %t/nofile/model.o --header %t/nofile/model.h
// RUN: cc -std=c11 -Wall -Werror -DRUNTIME_WEIGHTS -I%t/nofile %S/Inputs/encoder_main.c %t/nofile/model.o -lm -o %t/main2
// RUN: %t/main2 %t > %t/out2.txt
// RUN: %python %S/Inputs/aot_encoder.py check %t %t/out2.txt | FileCheck %s

// HEADER-LABEL: /* Model 'encoder'.
// HEADER:       *   embed_weight: float [50, 16], weight 'embed.weight'
// HEADER:       *   fc_bias: float [8], weight 'fc.bias'
// HEADER-NEXT:  *   out: float [batch, seq, 8], output (caller-allocated)
// HEADER:      int seqc_encoder(int64_t batch, int64_t seq, const int32_t *tokens,
// HEADER-NEXT:                  const int32_t *lengths, const float *embed_weight,
// HEADER:                       const float *fc_bias, float *out);
// HEADER:      int seqc_head(int64_t n, const float *x, const float *head_weight, float *probs,
// HEADER-NEXT:               float *copy);

// CHECK: status 0 0
// CHECK-NEXT: bad dims 1 1 1 1, out[0] 42
// CHECK-NEXT: past the cap 1 1, out[0] 42
// CHECK-NEXT: null pointers 3 3 3, out[0] 42
// CHECK-NEXT: out: shape [2, 5, 8] max_abs {{.*}} ok
// CHECK-NEXT: probs: shape [3, 4] max_abs {{.*}} ok
// CHECK-NEXT: copy: shape [3, 16] max_abs {{.*}} ok
