// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.softmax: the axis may be negative, counted from the
// last dim, as in torch.softmax(x, dim).

// The last axis, negative.
// CHECK-LABEL: func.func @softmax_last(
// CHECK-SAME: %[[S:[^:]+]]: tensor<2x8x16x16xf32>)
// CHECK: %[[P:.+]] = seq.softmax %[[S]], axis = -1 : tensor<2x8x16x16xf32>
// CHECK: return %[[P]] : tensor<2x8x16x16xf32>
func.func @softmax_last(%s: tensor<2x8x16x16xf32>) -> tensor<2x8x16x16xf32> {
  %p = seq.softmax %s, axis = -1 : tensor<2x8x16x16xf32>
  return %p : tensor<2x8x16x16xf32>
}

// The last axis, positive, on dynamic dims.
// CHECK-LABEL: func.func @softmax_last_positive(
// CHECK-SAME: %[[S:[^:]+]]: tensor<?x?x?x?xf32>)
// CHECK: %[[P:.+]] = seq.softmax %[[S]], axis = 3 : tensor<?x?x?x?xf32>
// CHECK: return %[[P]] : tensor<?x?x?x?xf32>
func.func @softmax_last_positive(%s: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %p = seq.softmax %s, axis = 3 : tensor<?x?x?x?xf32>
  return %p : tensor<?x?x?x?xf32>
}

// The first axis, as 0 and as -rank.
// CHECK-LABEL: func.func @softmax_first(
// CHECK-SAME: %[[S:[^:]+]]: tensor<4x?xf32>)
// CHECK: %[[P:.+]] = seq.softmax %[[S]], axis = 0 : tensor<4x?xf32>
// CHECK: %[[Q:.+]] = seq.softmax %[[S]], axis = -2 : tensor<4x?xf32>
// CHECK: return %[[P]], %[[Q]] : tensor<4x?xf32>, tensor<4x?xf32>
func.func @softmax_first(%s: tensor<4x?xf32>) -> (tensor<4x?xf32>, tensor<4x?xf32>) {
  %p = seq.softmax %s, axis = 0 : tensor<4x?xf32>
  %q = seq.softmax %s, axis = -2 : tensor<4x?xf32>
  return %p, %q : tensor<4x?xf32>, tensor<4x?xf32>
}

// A 1-D input.
// CHECK-LABEL: func.func @softmax_vector(
// CHECK-SAME: %[[S:[^:]+]]: tensor<10xf32>)
// CHECK: %[[P:.+]] = seq.softmax %[[S]], axis = 0 : tensor<10xf32>
// CHECK: return %[[P]] : tensor<10xf32>
func.func @softmax_vector(%s: tensor<10xf32>) -> tensor<10xf32> {
  %p = seq.softmax %s, axis = 0 : tensor<10xf32>
  return %p : tensor<10xf32>
}
