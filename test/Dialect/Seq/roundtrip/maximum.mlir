// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.maximum: elementwise maximum (NaN if either is NaN),
// with the numpy broadcasting of seq.add; either operand may be an f32
// scalar. A dim that broadcasts must be a static 1.

// Same static shapes.
// CHECK-LABEL: func.func @maximum_same_shape(
// CHECK-SAME: %[[A:[^:]+]]: tensor<4x8xf32>, %[[B:[^:]+]]: tensor<4x8xf32>)
// CHECK: %[[R:.+]] = seq.maximum %[[A]], %[[B]] : tensor<4x8xf32>, tensor<4x8xf32>
// CHECK: return %[[R]] : tensor<4x8xf32>
func.func @maximum_same_shape(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = seq.maximum %a, %b : tensor<4x8xf32>, tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// A lower-rank operand is aligned on the trailing dims; static 1s broadcast
// on both sides.
// CHECK-LABEL: func.func @maximum_broadcast(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x64xf32>, %[[M:[^:]+]]: tensor<?x1xf32>, %[[A:[^:]+]]: tensor<4x1x8xf32>, %[[B:[^:]+]]: tensor<3x1xf32>)
// CHECK: %[[R:.+]] = seq.maximum %[[X]], %[[M]] : tensor<?x?x64xf32>, tensor<?x1xf32>
// CHECK: %[[S:.+]] = seq.maximum %[[A]], %[[B]] : tensor<4x1x8xf32>, tensor<3x1xf32>
// CHECK: return %[[R]], %[[S]] : tensor<?x?x64xf32>, tensor<4x3x8xf32>
func.func @maximum_broadcast(%x: tensor<?x?x64xf32>, %m: tensor<?x1xf32>, %a: tensor<4x1x8xf32>, %b: tensor<3x1xf32>) -> (tensor<?x?x64xf32>, tensor<4x3x8xf32>) {
  %r = seq.maximum %x, %m : tensor<?x?x64xf32>, tensor<?x1xf32>
  %s = seq.maximum %a, %b : tensor<4x1x8xf32>, tensor<3x1xf32>
  return %r, %s : tensor<?x?x64xf32>, tensor<4x3x8xf32>
}

// A dynamic dim against a static one takes the static size; against a
// static 1 it stays dynamic.
// CHECK-LABEL: func.func @maximum_dynamic(
// CHECK-SAME: %[[A:[^:]+]]: tensor<?x8xf32>, %[[B:[^:]+]]: tensor<5x8xf32>, %[[C:[^:]+]]: tensor<1x8xf32>)
// CHECK: %[[R:.+]] = seq.maximum %[[A]], %[[B]] : tensor<?x8xf32>, tensor<5x8xf32>
// CHECK: %[[S:.+]] = seq.maximum %[[C]], %[[A]] : tensor<1x8xf32>, tensor<?x8xf32>
// CHECK: return %[[R]], %[[S]] : tensor<5x8xf32>, tensor<?x8xf32>
func.func @maximum_dynamic(%a: tensor<?x8xf32>, %b: tensor<5x8xf32>, %c: tensor<1x8xf32>) -> (tensor<5x8xf32>, tensor<?x8xf32>) {
  %r = seq.maximum %a, %b : tensor<?x8xf32>, tensor<5x8xf32>
  %s = seq.maximum %c, %a : tensor<1x8xf32>, tensor<?x8xf32>
  return %r, %s : tensor<5x8xf32>, tensor<?x8xf32>
}

// A scalar on either side, here from arith.constant; a rank-0 tensor
// broadcasts like a scalar.
// CHECK-LABEL: func.func @maximum_scalar(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x256xf32>, %[[S:[^:]+]]: tensor<f32>)
// CHECK: %[[C:.+]] = arith.constant 2.000000e+00 : f32
// CHECK: %[[R:.+]] = seq.maximum %[[X]], %[[C]] : tensor<?x?x256xf32>, f32
// CHECK: %[[T:.+]] = seq.maximum %[[C]], %[[X]] : f32, tensor<?x?x256xf32>
// CHECK: %[[U:.+]] = seq.maximum %[[S]], %[[X]] : tensor<f32>, tensor<?x?x256xf32>
// CHECK: %[[V:.+]] = seq.maximum %[[S]], %[[C]] : tensor<f32>, f32
// CHECK: return %[[R]], %[[T]], %[[U]], %[[V]] : tensor<?x?x256xf32>, tensor<?x?x256xf32>, tensor<?x?x256xf32>, tensor<f32>
func.func @maximum_scalar(%x: tensor<?x?x256xf32>, %s: tensor<f32>) -> (tensor<?x?x256xf32>, tensor<?x?x256xf32>, tensor<?x?x256xf32>, tensor<f32>) {
  %c = arith.constant 2.0 : f32
  %r = seq.maximum %x, %c : tensor<?x?x256xf32>, f32
  %t = seq.maximum %c, %x : f32, tensor<?x?x256xf32>
  %u = seq.maximum %s, %x : tensor<f32>, tensor<?x?x256xf32>
  %v = seq.maximum %s, %c : tensor<f32>, f32
  return %r, %t, %u, %v : tensor<?x?x256xf32>, tensor<?x?x256xf32>, tensor<?x?x256xf32>, tensor<f32>
}
