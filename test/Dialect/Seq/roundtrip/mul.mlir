// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.mul: elementwise product with numpy broadcasting; either
// operand may be an f32 scalar. A dim that broadcasts must be a static 1.

// Same static shapes.
// CHECK-LABEL: func.func @mul_same_shape(
// CHECK-SAME: %[[A:[^:]+]]: tensor<4x8xf32>, %[[B:[^:]+]]: tensor<4x8xf32>)
// CHECK: %[[R:.+]] = seq.mul %[[A]], %[[B]] : tensor<4x8xf32>, tensor<4x8xf32>
// CHECK: return %[[R]] : tensor<4x8xf32>
func.func @mul_same_shape(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = seq.mul %a, %b : tensor<4x8xf32>, tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// A lower-rank operand is aligned on the trailing dims.
// CHECK-LABEL: func.func @mul_rank_broadcast(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x256xf32>, %[[PE:[^:]+]]: tensor<?x256xf32>)
// CHECK: %[[R:.+]] = seq.mul %[[X]], %[[PE]] : tensor<?x?x256xf32>, tensor<?x256xf32>
// CHECK: return %[[R]] : tensor<?x?x256xf32>
func.func @mul_rank_broadcast(%x: tensor<?x?x256xf32>, %pe: tensor<?x256xf32>) -> tensor<?x?x256xf32> {
  %r = seq.mul %x, %pe : tensor<?x?x256xf32>, tensor<?x256xf32>
  return %r : tensor<?x?x256xf32>
}

// Static 1s broadcast on both sides.
// CHECK-LABEL: func.func @mul_unit_broadcast(
// CHECK-SAME: %[[A:[^:]+]]: tensor<4x1x8xf32>, %[[B:[^:]+]]: tensor<3x1xf32>)
// CHECK: %[[R:.+]] = seq.mul %[[A]], %[[B]] : tensor<4x1x8xf32>, tensor<3x1xf32>
// CHECK: return %[[R]] : tensor<4x3x8xf32>
func.func @mul_unit_broadcast(%a: tensor<4x1x8xf32>, %b: tensor<3x1xf32>) -> tensor<4x3x8xf32> {
  %r = seq.mul %a, %b : tensor<4x1x8xf32>, tensor<3x1xf32>
  return %r : tensor<4x3x8xf32>
}

// A dynamic dim against a static one takes the static size (it never
// broadcasts); against a static 1 it stays dynamic; two dynamic dims are
// equal.
// CHECK-LABEL: func.func @mul_dynamic(
// CHECK-SAME: %[[A:[^:]+]]: tensor<?x8xf32>, %[[B:[^:]+]]: tensor<5x8xf32>, %[[C:[^:]+]]: tensor<1x8xf32>, %[[D:[^:]+]]: tensor<?x?xf32>)
// CHECK: %[[R:.+]] = seq.mul %[[A]], %[[B]] : tensor<?x8xf32>, tensor<5x8xf32>
// CHECK: %[[S:.+]] = seq.mul %[[C]], %[[A]] : tensor<1x8xf32>, tensor<?x8xf32>
// CHECK: %[[T:.+]] = seq.mul %[[D]], %[[D]] : tensor<?x?xf32>, tensor<?x?xf32>
// CHECK: return %[[R]], %[[S]], %[[T]] : tensor<5x8xf32>, tensor<?x8xf32>, tensor<?x?xf32>
func.func @mul_dynamic(%a: tensor<?x8xf32>, %b: tensor<5x8xf32>, %c: tensor<1x8xf32>, %d: tensor<?x?xf32>) -> (tensor<5x8xf32>, tensor<?x8xf32>, tensor<?x?xf32>) {
  %r = seq.mul %a, %b : tensor<?x8xf32>, tensor<5x8xf32>
  %s = seq.mul %c, %a : tensor<1x8xf32>, tensor<?x8xf32>
  %t = seq.mul %d, %d : tensor<?x?xf32>, tensor<?x?xf32>
  return %r, %s, %t : tensor<5x8xf32>, tensor<?x8xf32>, tensor<?x?xf32>
}

// A scalar f32 on either side.
// CHECK-LABEL: func.func @mul_scalar(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xf32>, %[[C:[^:]+]]: f32)
// CHECK: %[[R:.+]] = seq.mul %[[X]], %[[C]] : tensor<4x8xf32>, f32
// CHECK: %[[S:.+]] = seq.mul %[[C]], %[[X]] : f32, tensor<4x8xf32>
// CHECK: return %[[R]], %[[S]] : tensor<4x8xf32>, tensor<4x8xf32>
func.func @mul_scalar(%x: tensor<4x8xf32>, %c: f32) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %r = seq.mul %x, %c : tensor<4x8xf32>, f32
  %s = seq.mul %c, %x : f32, tensor<4x8xf32>
  return %r, %s : tensor<4x8xf32>, tensor<4x8xf32>
}

// A scalar from arith.constant, with dynamic dims.
// CHECK-LABEL: func.func @mul_scalar_constant(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x256xf32>)
// CHECK: %[[C:.+]] = arith.constant 1.600000e+01 : f32
// CHECK: %[[R:.+]] = seq.mul %[[X]], %[[C]] : tensor<?x?x256xf32>, f32
// CHECK: return %[[R]] : tensor<?x?x256xf32>
func.func @mul_scalar_constant(%x: tensor<?x?x256xf32>) -> tensor<?x?x256xf32> {
  %c = arith.constant 16.0 : f32
  %r = seq.mul %x, %c : tensor<?x?x256xf32>, f32
  return %r : tensor<?x?x256xf32>
}

// A rank-0 tensor broadcasts like a scalar; two rank-0 tensors give rank 0.
// CHECK-LABEL: func.func @mul_rank0(
// CHECK-SAME: %[[S:[^:]+]]: tensor<f32>, %[[X:[^:]+]]: tensor<2x3xf32>)
// CHECK: %[[R:.+]] = seq.mul %[[S]], %[[X]] : tensor<f32>, tensor<2x3xf32>
// CHECK: %[[T:.+]] = seq.mul %[[S]], %[[S]] : tensor<f32>, tensor<f32>
// CHECK: return %[[R]], %[[T]] : tensor<2x3xf32>, tensor<f32>
func.func @mul_rank0(%s: tensor<f32>, %x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<f32>) {
  %r = seq.mul %s, %x : tensor<f32>, tensor<2x3xf32>
  %t = seq.mul %s, %s : tensor<f32>, tensor<f32>
  return %r, %t : tensor<2x3xf32>, tensor<f32>
}
