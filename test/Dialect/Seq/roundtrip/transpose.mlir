// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.transpose: Tensor.permute; result dim i is input dim
// permutation[i], where an entry may be negative (counted from the end).

// Swapping the last two dims (k.transpose(-2, -1)) and the heads with the
// sequence ([B, S, H, D] -> [B, H, S, D]).
// CHECK-LABEL: func.func @transpose_attention(
// CHECK-SAME: %[[K:[^:]+]]: tensor<?x8x?x64xf32>, %[[X:[^:]+]]: tensor<2x9x4x16xf32>)
// CHECK: %[[KT:.+]] = seq.transpose %[[K]], permutation = [0, 1, 3, 2] : tensor<?x8x?x64xf32>
// CHECK: %[[XH:.+]] = seq.transpose %[[X]], permutation = [0, 2, 1, 3] : tensor<2x9x4x16xf32>
// CHECK: return %[[KT]], %[[XH]] : tensor<?x8x64x?xf32>, tensor<2x4x9x16xf32>
func.func @transpose_attention(%k: tensor<?x8x?x64xf32>, %x: tensor<2x9x4x16xf32>) -> (tensor<?x8x64x?xf32>, tensor<2x4x9x16xf32>) {
  %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<?x8x?x64xf32>
  %xh = seq.transpose %x, permutation = [0, 2, 1, 3] : tensor<2x9x4x16xf32>
  return %kt, %xh : tensor<?x8x64x?xf32>, tensor<2x4x9x16xf32>
}

// Negative entries, kept as written; a rotation of three dims.
// CHECK-LABEL: func.func @transpose_negative(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3x5xf32>)
// CHECK: %[[R:.+]] = seq.transpose %[[X]], permutation = [-1, 0, -2] : tensor<2x3x5xf32>
// CHECK: %[[S:.+]] = seq.transpose %[[X]], permutation = [2, 0, 1] : tensor<2x3x5xf32>
// CHECK: return %[[R]], %[[S]] : tensor<5x2x3xf32>, tensor<5x2x3xf32>
func.func @transpose_negative(%x: tensor<2x3x5xf32>) -> (tensor<5x2x3xf32>, tensor<5x2x3xf32>) {
  %r = seq.transpose %x, permutation = [-1, 0, -2] : tensor<2x3x5xf32>
  %s = seq.transpose %x, permutation = [2, 0, 1] : tensor<2x3x5xf32>
  return %r, %s : tensor<5x2x3xf32>, tensor<5x2x3xf32>
}

// The identity, a rank-0 input (empty permutation) and integer elements.
// CHECK-LABEL: func.func @transpose_other(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x?xf32>, %[[S:[^:]+]]: tensor<i64>, %[[M:[^:]+]]: tensor<?x1x7xi1>, %[[I:[^:]+]]: tensor<3x?xi32>)
// CHECK: %[[A:.+]] = seq.transpose %[[X]], permutation = [0, 1] : tensor<4x?xf32>
// CHECK: %[[B:.+]] = seq.transpose %[[S]], permutation = [] : tensor<i64>
// CHECK: %[[C:.+]] = seq.transpose %[[M]], permutation = [2, 1, 0] : tensor<?x1x7xi1>
// CHECK: %[[D:.+]] = seq.transpose %[[I]], permutation = [1, 0] : tensor<3x?xi32>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]] : tensor<4x?xf32>, tensor<i64>, tensor<7x1x?xi1>, tensor<?x3xi32>
func.func @transpose_other(%x: tensor<4x?xf32>, %s: tensor<i64>, %m: tensor<?x1x7xi1>, %i: tensor<3x?xi32>) -> (tensor<4x?xf32>, tensor<i64>, tensor<7x1x?xi1>, tensor<?x3xi32>) {
  %a = seq.transpose %x, permutation = [0, 1] : tensor<4x?xf32>
  %b = seq.transpose %s, permutation = [] : tensor<i64>
  %c = seq.transpose %m, permutation = [2, 1, 0] : tensor<?x1x7xi1>
  %d = seq.transpose %i, permutation = [1, 0] : tensor<3x?xi32>
  return %a, %b, %c, %d : tensor<4x?xf32>, tensor<i64>, tensor<7x1x?xi1>, tensor<?x3xi32>
}
