// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.where: torch.where(condition, lhs, rhs) with an i1
// condition tensor; the three operands broadcast together (numpy rules, a
// dim that broadcasts is a static 1) and lhs and rhs, either of which may be
// a scalar, give the element type.

// Same shapes.
// CHECK-LABEL: func.func @where_same_shape(
// CHECK-SAME: %[[C:[^:]+]]: tensor<4x8xi1>, %[[A:[^:]+]]: tensor<4x8xf32>, %[[B:[^:]+]]: tensor<4x8xf32>)
// CHECK: %[[R:.+]] = seq.where %[[C]], %[[A]], %[[B]] : tensor<4x8xi1>, tensor<4x8xf32>, tensor<4x8xf32>
// CHECK: return %[[R]] : tensor<4x8xf32>
func.func @where_same_shape(%c: tensor<4x8xi1>, %a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = seq.where %c, %a, %b : tensor<4x8xi1>, tensor<4x8xf32>, tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// masked_fill(mask, -1e9) on attention scores: a [B, 1, 1, Sk] condition
// and a scalar broadcast to the scores' shape.
// CHECK-LABEL: func.func @where_masked_fill(
// CHECK-SAME: %[[M:[^:]+]]: tensor<?x1x1x?xi1>, %[[S:[^:]+]]: tensor<?x8x?x?xf32>)
// CHECK: %[[NEG:.+]] = arith.constant -1.000000e+09 : f32
// CHECK: %[[R:.+]] = seq.where %[[M]], %[[NEG]], %[[S]] : tensor<?x1x1x?xi1>, f32, tensor<?x8x?x?xf32>
// CHECK: return %[[R]] : tensor<?x8x?x?xf32>
func.func @where_masked_fill(%m: tensor<?x1x1x?xi1>, %s: tensor<?x8x?x?xf32>) -> tensor<?x8x?x?xf32> {
  %neg = arith.constant -1.0e9 : f32
  %r = seq.where %m, %neg, %s : tensor<?x1x1x?xi1>, f32, tensor<?x8x?x?xf32>
  return %r : tensor<?x8x?x?xf32>
}

// The condition alone gives the shape when both values are scalars; the
// condition may have the lower rank or broadcast itself.
// CHECK-LABEL: func.func @where_broadcast(
// CHECK-SAME: %[[C:[^:]+]]: tensor<3x1xi1>, %[[D:[^:]+]]: tensor<5xi1>, %[[X:[^:]+]]: tensor<2x1x5xi64>, %[[Y:[^:]+]]: i64, %[[Z:[^:]+]]: i64)
// CHECK: %[[R:.+]] = seq.where %[[C]], %[[Y]], %[[Z]] : tensor<3x1xi1>, i64, i64
// CHECK: %[[S:.+]] = seq.where %[[C]], %[[X]], %[[Z]] : tensor<3x1xi1>, tensor<2x1x5xi64>, i64
// CHECK: %[[T:.+]] = seq.where %[[D]], %[[Y]], %[[X]] : tensor<5xi1>, i64, tensor<2x1x5xi64>
// CHECK: return %[[R]], %[[S]], %[[T]] : tensor<3x1xi64>, tensor<2x3x5xi64>, tensor<2x1x5xi64>
func.func @where_broadcast(%c: tensor<3x1xi1>, %d: tensor<5xi1>, %x: tensor<2x1x5xi64>, %y: i64, %z: i64) -> (tensor<3x1xi64>, tensor<2x3x5xi64>, tensor<2x1x5xi64>) {
  %r = seq.where %c, %y, %z : tensor<3x1xi1>, i64, i64
  %s = seq.where %c, %x, %z : tensor<3x1xi1>, tensor<2x1x5xi64>, i64
  %t = seq.where %d, %y, %x : tensor<5xi1>, i64, tensor<2x1x5xi64>
  return %r, %s, %t : tensor<3x1xi64>, tensor<2x3x5xi64>, tensor<2x1x5xi64>
}

// i1 and i32 values; dynamic dims refined by static ones; a rank-0
// condition.
// CHECK-LABEL: func.func @where_element_types(
// CHECK-SAME: %[[C:[^:]+]]: tensor<?x4xi1>, %[[B:[^:]+]]: tensor<2x4xi1>, %[[I:[^:]+]]: tensor<?x?xi32>, %[[S:[^:]+]]: tensor<i1>, %[[J:[^:]+]]: i32)
// CHECK: %[[R:.+]] = seq.where %[[C]], %[[B]], %[[C]] : tensor<?x4xi1>, tensor<2x4xi1>, tensor<?x4xi1>
// CHECK: %[[T:.+]] = seq.where %[[C]], %[[I]], %[[J]] : tensor<?x4xi1>, tensor<?x?xi32>, i32
// CHECK: %[[U:.+]] = seq.where %[[S]], %[[J]], %[[J]] : tensor<i1>, i32, i32
// CHECK: return %[[R]], %[[T]], %[[U]] : tensor<2x4xi1>, tensor<?x4xi32>, tensor<i32>
func.func @where_element_types(%c: tensor<?x4xi1>, %b: tensor<2x4xi1>, %i: tensor<?x?xi32>, %s: tensor<i1>, %j: i32) -> (tensor<2x4xi1>, tensor<?x4xi32>, tensor<i32>) {
  %r = seq.where %c, %b, %c : tensor<?x4xi1>, tensor<2x4xi1>, tensor<?x4xi1>
  %t = seq.where %c, %i, %j : tensor<?x4xi1>, tensor<?x?xi32>, i32
  %u = seq.where %s, %j, %j : tensor<i1>, i32, i32
  return %r, %t, %u : tensor<2x4xi1>, tensor<?x4xi32>, tensor<i32>
}
