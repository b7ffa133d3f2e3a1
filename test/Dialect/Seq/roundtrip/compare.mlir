// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.compare: eq, ne, lt, le, gt or ge of two operands of one
// element type (f32, i1, i32 or i64), with the numpy broadcasting of seq.add;
// either may be a scalar. The result is an i1 tensor of the broadcast shape.

// Every predicate, on f32 tensors.
// CHECK-LABEL: func.func @compare_predicates(
// CHECK-SAME: %[[A:[^:]+]]: tensor<4x8xf32>, %[[B:[^:]+]]: tensor<4x8xf32>)
// CHECK: %[[EQ:.+]] = seq.compare eq %[[A]], %[[B]] : tensor<4x8xf32>, tensor<4x8xf32>
// CHECK: %[[NE:.+]] = seq.compare ne %[[A]], %[[B]] : tensor<4x8xf32>, tensor<4x8xf32>
// CHECK: %[[LT:.+]] = seq.compare lt %[[A]], %[[B]] : tensor<4x8xf32>, tensor<4x8xf32>
// CHECK: %[[LE:.+]] = seq.compare le %[[A]], %[[B]] : tensor<4x8xf32>, tensor<4x8xf32>
// CHECK: %[[GT:.+]] = seq.compare gt %[[A]], %[[B]] : tensor<4x8xf32>, tensor<4x8xf32>
// CHECK: %[[GE:.+]] = seq.compare ge %[[A]], %[[B]] : tensor<4x8xf32>, tensor<4x8xf32>
// CHECK: return %[[EQ]], %[[NE]], %[[LT]], %[[LE]], %[[GT]], %[[GE]] : tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xi1>
func.func @compare_predicates(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> (tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xi1>) {
  %eq = seq.compare eq %a, %b : tensor<4x8xf32>, tensor<4x8xf32>
  %ne = seq.compare ne %a, %b : tensor<4x8xf32>, tensor<4x8xf32>
  %lt = seq.compare lt %a, %b : tensor<4x8xf32>, tensor<4x8xf32>
  %le = seq.compare le %a, %b : tensor<4x8xf32>, tensor<4x8xf32>
  %gt = seq.compare gt %a, %b : tensor<4x8xf32>, tensor<4x8xf32>
  %ge = seq.compare ge %a, %b : tensor<4x8xf32>, tensor<4x8xf32>
  return %eq, %ne, %lt, %le, %gt, %ge : tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xi1>, tensor<4x8xi1>
}

// i1, i32 and i64 operands.
// CHECK-LABEL: func.func @compare_integers(
// CHECK-SAME: %[[M:[^:]+]]: tensor<2x3xi1>, %[[I:[^:]+]]: tensor<2x3xi32>, %[[J:[^:]+]]: tensor<3xi32>, %[[L:[^:]+]]: tensor<?x1x1x?xi64>)
// CHECK: %[[R:.+]] = seq.compare ne %[[M]], %[[M]] : tensor<2x3xi1>, tensor<2x3xi1>
// CHECK: %[[S:.+]] = seq.compare lt %[[I]], %[[J]] : tensor<2x3xi32>, tensor<3xi32>
// CHECK: %[[T:.+]] = seq.compare ge %[[L]], %[[L]] : tensor<?x1x1x?xi64>, tensor<?x1x1x?xi64>
// CHECK: return %[[R]], %[[S]], %[[T]] : tensor<2x3xi1>, tensor<2x3xi1>, tensor<?x1x1x?xi1>
func.func @compare_integers(%m: tensor<2x3xi1>, %i: tensor<2x3xi32>, %j: tensor<3xi32>, %l: tensor<?x1x1x?xi64>) -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<?x1x1x?xi1>) {
  %r = seq.compare ne %m, %m : tensor<2x3xi1>, tensor<2x3xi1>
  %s = seq.compare lt %i, %j : tensor<2x3xi32>, tensor<3xi32>
  %t = seq.compare ge %l, %l : tensor<?x1x1x?xi64>, tensor<?x1x1x?xi64>
  return %r, %s, %t : tensor<2x3xi1>, tensor<2x3xi1>, tensor<?x1x1x?xi1>
}

// A scalar on either side, of each element type (a key-padding mask
// compared with 0, as seq-raise-attention sees it).
// CHECK-LABEL: func.func @compare_scalar(
// CHECK-SAME: %[[MASK:[^:]+]]: tensor<?x1x1x?xi64>, %[[X:[^:]+]]: tensor<?x16xf32>, %[[B:[^:]+]]: tensor<4xi1>, %[[I:[^:]+]]: tensor<4xi32>, %[[F:[^:]+]]: f32)
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : i64
// CHECK-DAG: %[[FALSE:.+]] = arith.constant false
// CHECK-DAG: %[[C7:.+]] = arith.constant 7 : i32
// CHECK: %[[R:.+]] = seq.compare ne %[[MASK]], %[[C0]] : tensor<?x1x1x?xi64>, i64
// CHECK: %[[S:.+]] = seq.compare gt %[[F]], %[[X]] : f32, tensor<?x16xf32>
// CHECK: %[[T:.+]] = seq.compare eq %[[B]], %[[FALSE]] : tensor<4xi1>, i1
// CHECK: %[[U:.+]] = seq.compare le %[[C7]], %[[I]] : i32, tensor<4xi32>
// CHECK: return %[[R]], %[[S]], %[[T]], %[[U]] : tensor<?x1x1x?xi1>, tensor<?x16xi1>, tensor<4xi1>, tensor<4xi1>
func.func @compare_scalar(%mask: tensor<?x1x1x?xi64>, %x: tensor<?x16xf32>, %b: tensor<4xi1>, %i: tensor<4xi32>, %f: f32) -> (tensor<?x1x1x?xi1>, tensor<?x16xi1>, tensor<4xi1>, tensor<4xi1>) {
  %c0 = arith.constant 0 : i64
  %false = arith.constant false
  %c7 = arith.constant 7 : i32
  %r = seq.compare ne %mask, %c0 : tensor<?x1x1x?xi64>, i64
  %s = seq.compare gt %f, %x : f32, tensor<?x16xf32>
  %t = seq.compare eq %b, %false : tensor<4xi1>, i1
  %u = seq.compare le %c7, %i : i32, tensor<4xi32>
  return %r, %s, %t, %u : tensor<?x1x1x?xi1>, tensor<?x16xi1>, tensor<4xi1>, tensor<4xi1>
}

// Broadcasting: static 1s against dynamic dims stay dynamic; a dynamic dim
// against a static one takes the static size; rank 0 stays rank 0.
// CHECK-LABEL: func.func @compare_broadcast(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<1x1x?x?xi64>, %[[K:[^:]+]]: tensor<?x1x1x9xi64>, %[[S:[^:]+]]: tensor<f32>, %[[F:[^:]+]]: f32)
// CHECK: %[[R:.+]] = seq.compare lt %[[Q]], %[[K]] : tensor<1x1x?x?xi64>, tensor<?x1x1x9xi64>
// CHECK: %[[T:.+]] = seq.compare eq %[[S]], %[[F]] : tensor<f32>, f32
// CHECK: return %[[R]], %[[T]] : tensor<?x1x?x9xi1>, tensor<i1>
func.func @compare_broadcast(%q: tensor<1x1x?x?xi64>, %k: tensor<?x1x1x9xi64>, %s: tensor<f32>, %f: f32) -> (tensor<?x1x?x9xi1>, tensor<i1>) {
  %r = seq.compare lt %q, %k : tensor<1x1x?x?xi64>, tensor<?x1x1x9xi64>
  %t = seq.compare eq %s, %f : tensor<f32>, f32
  return %r, %t : tensor<?x1x?x9xi1>, tensor<i1>
}
