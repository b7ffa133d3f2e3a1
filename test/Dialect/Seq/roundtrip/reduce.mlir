// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.reduce: torch.sum/mean/amax/amin(input, axes, keepdim).
// The reduced dims are removed, or kept as 1 with keepdim; axes may be
// negative and come in any order.

// Every kind over one axis, with and without keepdim.
// CHECK-LABEL: func.func @reduce_kinds(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x256xf32>)
// CHECK: %[[S:.+]] = seq.reduce sum %[[X]] {axes = array<i64: 1>, keepdim = false} : tensor<?x?x256xf32>
// CHECK: %[[M:.+]] = seq.reduce mean %[[X]] {axes = array<i64: -1>, keepdim = true} : tensor<?x?x256xf32>
// CHECK: %[[A:.+]] = seq.reduce max %[[X]] {axes = array<i64: 2>, keepdim = false} : tensor<?x?x256xf32>
// CHECK: %[[B:.+]] = seq.reduce min %[[X]] {axes = array<i64: 0>, keepdim = true} : tensor<?x?x256xf32>
// CHECK: return %[[S]], %[[M]], %[[A]], %[[B]] : tensor<?x256xf32>, tensor<?x?x1xf32>, tensor<?x?xf32>, tensor<1x?x256xf32>
func.func @reduce_kinds(%x: tensor<?x?x256xf32>) -> (tensor<?x256xf32>, tensor<?x?x1xf32>, tensor<?x?xf32>, tensor<1x?x256xf32>) {
  %s = seq.reduce sum %x {axes = array<i64: 1>, keepdim = false} : tensor<?x?x256xf32>
  %m = seq.reduce mean %x {axes = array<i64: -1>, keepdim = true} : tensor<?x?x256xf32>
  %a = seq.reduce max %x {axes = array<i64: 2>, keepdim = false} : tensor<?x?x256xf32>
  %b = seq.reduce min %x {axes = array<i64: 0>, keepdim = true} : tensor<?x?x256xf32>
  return %s, %m, %a, %b : tensor<?x256xf32>, tensor<?x?x1xf32>, tensor<?x?xf32>, tensor<1x?x256xf32>
}

// Several axes, unordered and negative; every axis gives rank 0, or all 1s
// with keepdim.
// CHECK-LABEL: func.func @reduce_axes(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3x4x5xf32>)
// CHECK: %[[A:.+]] = seq.reduce sum %[[X]] {axes = array<i64: 3, 1>, keepdim = false} : tensor<2x3x4x5xf32>
// CHECK: %[[B:.+]] = seq.reduce mean %[[X]] {axes = array<i64: -1, -2>, keepdim = true} : tensor<2x3x4x5xf32>
// CHECK: %[[C:.+]] = seq.reduce max %[[X]] {axes = array<i64: 0, 1, 2, 3>, keepdim = false} : tensor<2x3x4x5xf32>
// CHECK: %[[D:.+]] = seq.reduce min %[[X]] {axes = array<i64: 0, 1, -2, -1>, keepdim = true} : tensor<2x3x4x5xf32>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]] : tensor<2x4xf32>, tensor<2x3x1x1xf32>, tensor<f32>, tensor<1x1x1x1xf32>
func.func @reduce_axes(%x: tensor<2x3x4x5xf32>) -> (tensor<2x4xf32>, tensor<2x3x1x1xf32>, tensor<f32>, tensor<1x1x1x1xf32>) {
  %a = seq.reduce sum %x {axes = array<i64: 3, 1>, keepdim = false} : tensor<2x3x4x5xf32>
  %b = seq.reduce mean %x {axes = array<i64: -1, -2>, keepdim = true} : tensor<2x3x4x5xf32>
  %c = seq.reduce max %x {axes = array<i64: 0, 1, 2, 3>, keepdim = false} : tensor<2x3x4x5xf32>
  %d = seq.reduce min %x {axes = array<i64: 0, 1, -2, -1>, keepdim = true} : tensor<2x3x4x5xf32>
  return %a, %b, %c, %d : tensor<2x4xf32>, tensor<2x3x1x1xf32>, tensor<f32>, tensor<1x1x1x1xf32>
}
