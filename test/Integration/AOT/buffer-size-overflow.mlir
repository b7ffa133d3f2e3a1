// A temporary whose byte size passes 2^63 (dims each within range: the
// input [n, 0] has no bytes at all) fails the call with SEQC_OUT_OF_MEMORY
// (seq-check-allocation-sizes) instead of wrapping to a small malloc that
// the model then writes past; the next call works.

// RUN: rm -rf %t && mkdir -p %t
// RUN: seqc %s -o %t/model.o --header %t/model.h
// RUN: cc -std=c11 -Wall -Werror -I%t %S/Inputs/buffer_size_overflow_main.c %t/model.o -lm -lpthread -o %t/main
// RUN: %t/main | FileCheck %s

// CHECK: n = 4: status 0  out 0
// CHECK-NEXT: n = 2147483648: status 4 seqc: out of memory (a buffer of more than 2^62 bytes)
// CHECK-NEXT: n = 8589934592: status 4 seqc: out of memory (a buffer of more than 2^62 bytes)
// CHECK-NEXT: n = 1099511627776: status 4 seqc: out of memory (a buffer of more than 2^62 bytes)
// CHECK-NEXT: n = 4: status 0  out 0
func.func @main(%x: tensor<?x0xf32>) -> tensor<f32> {
  %t = seq.transpose %x, permutation = [1, 0] : tensor<?x0xf32>
  %p = seq.matmul %x, %t : tensor<?x0xf32>, tensor<0x?xf32>
  %s = seq.reduce sum %p {axes = array<i64: 0, 1>, keepdim = false} : tensor<?x?xf32>
  return %s : tensor<f32>
}
