// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.positional_encoding: the result type fixes dim and the
// length; a dynamic length comes from the `length` operand; `offset` shifts
// the positions.

// A static length.
// CHECK-LABEL: func.func @pe_static(
// CHECK: %[[PE:.+]] = seq.positional_encoding : tensor<16x256xf32>
// CHECK: return %[[PE]] : tensor<16x256xf32>
func.func @pe_static() -> tensor<16x256xf32> {
  %pe = seq.positional_encoding : tensor<16x256xf32>
  return %pe : tensor<16x256xf32>
}

// A dynamic length.
// CHECK-LABEL: func.func @pe_dynamic(
// CHECK-SAME: %[[N:[^:]+]]: index)
// CHECK: %[[PE:.+]] = seq.positional_encoding length(%[[N]]) : tensor<?x256xf32>
// CHECK: return %[[PE]] : tensor<?x256xf32>
func.func @pe_dynamic(%n: index) -> tensor<?x256xf32> {
  %pe = seq.positional_encoding length(%n) : tensor<?x256xf32>
  return %pe : tensor<?x256xf32>
}

// A static length and an offset: one decoder step at position %o.
// CHECK-LABEL: func.func @pe_static_offset(
// CHECK-SAME: %[[O:[^:]+]]: index)
// CHECK: %[[PE:.+]] = seq.positional_encoding offset(%[[O]]) : tensor<1x64xf32>
// CHECK: return %[[PE]] : tensor<1x64xf32>
func.func @pe_static_offset(%o: index) -> tensor<1x64xf32> {
  %pe = seq.positional_encoding offset(%o) : tensor<1x64xf32>
  return %pe : tensor<1x64xf32>
}

// A dynamic length and an offset.
// CHECK-LABEL: func.func @pe_dynamic_offset(
// CHECK-SAME: %[[N:[^:]+]]: index, %[[O:[^:]+]]: index)
// CHECK: %[[PE:.+]] = seq.positional_encoding length(%[[N]]) offset(%[[O]]) : tensor<?x64xf32>
// CHECK: return %[[PE]] : tensor<?x64xf32>
func.func @pe_dynamic_offset(%n: index, %o: index) -> tensor<?x64xf32> {
  %pe = seq.positional_encoding length(%n) offset(%o) : tensor<?x64xf32>
  return %pe : tensor<?x64xf32>
}

// An odd model dim and an empty table are allowed.
// CHECK-LABEL: func.func @pe_odd_dim(
// CHECK: %[[PE:.+]] = seq.positional_encoding : tensor<5x3xf32>
// CHECK: %[[EMPTY:.+]] = seq.positional_encoding : tensor<0x8xf32>
// CHECK: return %[[PE]], %[[EMPTY]] : tensor<5x3xf32>, tensor<0x8xf32>
func.func @pe_odd_dim() -> (tensor<5x3xf32>, tensor<0x8xf32>) {
  %pe = seq.positional_encoding : tensor<5x3xf32>
  %empty = seq.positional_encoding : tensor<0x8xf32>
  return %pe, %empty : tensor<5x3xf32>, tensor<0x8xf32>
}
