// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.unary: exp, log, sqrt, rsqrt, abs, neg or erf of every
// element; the result has the input's type.

// Every kind.
// CHECK-LABEL: func.func @unary_kinds(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xf32>)
// CHECK: %[[E:.+]] = seq.unary exp %[[X]] : tensor<4x8xf32>
// CHECK: %[[L:.+]] = seq.unary log %[[X]] : tensor<4x8xf32>
// CHECK: %[[S:.+]] = seq.unary sqrt %[[X]] : tensor<4x8xf32>
// CHECK: %[[R:.+]] = seq.unary rsqrt %[[X]] : tensor<4x8xf32>
// CHECK: %[[A:.+]] = seq.unary abs %[[X]] : tensor<4x8xf32>
// CHECK: %[[N:.+]] = seq.unary neg %[[X]] : tensor<4x8xf32>
// CHECK: %[[F:.+]] = seq.unary erf %[[X]] : tensor<4x8xf32>
// CHECK: return %[[E]], %[[L]], %[[S]], %[[R]], %[[A]], %[[N]], %[[F]] : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
func.func @unary_kinds(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) {
  %e = seq.unary exp %x : tensor<4x8xf32>
  %l = seq.unary log %x : tensor<4x8xf32>
  %s = seq.unary sqrt %x : tensor<4x8xf32>
  %r = seq.unary rsqrt %x : tensor<4x8xf32>
  %a = seq.unary abs %x : tensor<4x8xf32>
  %n = seq.unary neg %x : tensor<4x8xf32>
  %f = seq.unary erf %x : tensor<4x8xf32>
  return %e, %l, %s, %r, %a, %n, %f : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>
}

// Dynamic dims, a rank-0 input and an empty one.
// CHECK-LABEL: func.func @unary_shapes(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x16xf32>, %[[S:[^:]+]]: tensor<f32>, %[[Z:[^:]+]]: tensor<0x3xf32>)
// CHECK: %[[E:.+]] = seq.unary exp %[[X]] : tensor<?x?x16xf32>
// CHECK: %[[N:.+]] = seq.unary neg %[[S]] : tensor<f32>
// CHECK: %[[L:.+]] = seq.unary log %[[Z]] : tensor<0x3xf32>
// CHECK: return %[[E]], %[[N]], %[[L]] : tensor<?x?x16xf32>, tensor<f32>, tensor<0x3xf32>
func.func @unary_shapes(%x: tensor<?x?x16xf32>, %s: tensor<f32>, %z: tensor<0x3xf32>) -> (tensor<?x?x16xf32>, tensor<f32>, tensor<0x3xf32>) {
  %e = seq.unary exp %x : tensor<?x?x16xf32>
  %n = seq.unary neg %s : tensor<f32>
  %l = seq.unary log %z : tensor<0x3xf32>
  return %e, %n, %l : tensor<?x?x16xf32>, tensor<f32>, tensor<0x3xf32>
}
