// A buffer the model cannot allocate fails the call with SEQC_OUT_OF_MEMORY
// and says so in seqc_last_error(), instead of writing through NULL; the
// next call works.

// RUN: rm -rf %t && mkdir -p %t
// RUN: seqc %s -o %t/model.o --header %t/model.h
// RUN: cc -std=c11 -Wall -Werror -I%t %S/Inputs/out_of_memory_main.c %t/model.o -lm -lpthread -o %t/main
// RUN: %t/main 2>&1 | FileCheck %s

// CHECK: huge 4: seqc: out of memory (a buffer of 1717986{{[0-9]+}} bytes)
// CHECK-NEXT: small 0 out 256
func.func @main(%x: tensor<?x16xf32>) -> tensor<f32> {
  %t = seq.transpose %x, permutation = [1, 0] : tensor<?x16xf32>
  %p = seq.matmul %x, %t : tensor<?x16xf32>, tensor<16x?xf32>
  %s = seq.reduce sum %p {axes = array<i64: 0, 1>, keepdim = false} : tensor<?x?xf32>
  return %s : tensor<f32>
}
