// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.cast: Tensor.to(dtype) between f32, i1, i32 and i64;
// the result has the input's shape, where a dynamic dim may be given its
// static size or a static one left dynamic.

// Every direction between the element types.
// CHECK-LABEL: func.func @cast_element_types(
// CHECK-SAME: %[[M:[^:]+]]: tensor<?x?xi1>, %[[X:[^:]+]]: tensor<?x?xf32>, %[[I:[^:]+]]: tensor<?x?xi32>, %[[L:[^:]+]]: tensor<?x?xi64>)
// CHECK: %[[A:.+]] = seq.cast %[[M]] : tensor<?x?xi1> to tensor<?x?xf32>
// CHECK: %[[B:.+]] = seq.cast %[[X]] : tensor<?x?xf32> to tensor<?x?xi32>
// CHECK: %[[C:.+]] = seq.cast %[[X]] : tensor<?x?xf32> to tensor<?x?xi1>
// CHECK: %[[D:.+]] = seq.cast %[[I]] : tensor<?x?xi32> to tensor<?x?xi64>
// CHECK: %[[E:.+]] = seq.cast %[[L]] : tensor<?x?xi64> to tensor<?x?xf32>
// CHECK: %[[F:.+]] = seq.cast %[[L]] : tensor<?x?xi64> to tensor<?x?xi1>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]], %[[E]], %[[F]] : tensor<?x?xf32>, tensor<?x?xi32>, tensor<?x?xi1>, tensor<?x?xi64>, tensor<?x?xf32>, tensor<?x?xi1>
func.func @cast_element_types(%m: tensor<?x?xi1>, %x: tensor<?x?xf32>, %i: tensor<?x?xi32>, %l: tensor<?x?xi64>) -> (tensor<?x?xf32>, tensor<?x?xi32>, tensor<?x?xi1>, tensor<?x?xi64>, tensor<?x?xf32>, tensor<?x?xi1>) {
  %a = seq.cast %m : tensor<?x?xi1> to tensor<?x?xf32>
  %b = seq.cast %x : tensor<?x?xf32> to tensor<?x?xi32>
  %c = seq.cast %x : tensor<?x?xf32> to tensor<?x?xi1>
  %d = seq.cast %i : tensor<?x?xi32> to tensor<?x?xi64>
  %e = seq.cast %l : tensor<?x?xi64> to tensor<?x?xf32>
  %f = seq.cast %l : tensor<?x?xi64> to tensor<?x?xi1>
  return %a, %b, %c, %d, %e, %f : tensor<?x?xf32>, tensor<?x?xi32>, tensor<?x?xi1>, tensor<?x?xi64>, tensor<?x?xf32>, tensor<?x?xi1>
}

// The same element type; static, dynamic and rank-0 shapes; a dynamic dim
// refined to a static one and back.
// CHECK-LABEL: func.func @cast_shapes(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xf32>, %[[S:[^:]+]]: tensor<i64>, %[[D:[^:]+]]: tensor<?x3xi32>)
// CHECK: %[[A:.+]] = seq.cast %[[X]] : tensor<2x3xf32> to tensor<2x3xf32>
// CHECK: %[[B:.+]] = seq.cast %[[S]] : tensor<i64> to tensor<f32>
// CHECK: %[[C:.+]] = seq.cast %[[D]] : tensor<?x3xi32> to tensor<4x3xf32>
// CHECK: %[[E:.+]] = seq.cast %[[X]] : tensor<2x3xf32> to tensor<?x3xi64>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[E]] : tensor<2x3xf32>, tensor<f32>, tensor<4x3xf32>, tensor<?x3xi64>
func.func @cast_shapes(%x: tensor<2x3xf32>, %s: tensor<i64>, %d: tensor<?x3xi32>) -> (tensor<2x3xf32>, tensor<f32>, tensor<4x3xf32>, tensor<?x3xi64>) {
  %a = seq.cast %x : tensor<2x3xf32> to tensor<2x3xf32>
  %b = seq.cast %s : tensor<i64> to tensor<f32>
  %c = seq.cast %d : tensor<?x3xi32> to tensor<4x3xf32>
  %e = seq.cast %x : tensor<2x3xf32> to tensor<?x3xi64>
  return %a, %b, %c, %e : tensor<2x3xf32>, tensor<f32>, tensor<4x3xf32>, tensor<?x3xi64>
}
