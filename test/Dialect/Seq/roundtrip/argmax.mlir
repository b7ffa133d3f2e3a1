// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.argmax: torch.argmax(input, axis, keepdim), giving the
// i64 index of the first largest element; the axis may be negative.

// CHECK-LABEL: func.func @argmax(
// CHECK-SAME: %[[L:[^:]+]]: tensor<?x1000xf32>, %[[X:[^:]+]]: tensor<2x?x5xf32>, %[[V:[^:]+]]: tensor<7xf32>)
// CHECK: %[[A:.+]] = seq.argmax %[[L]] {axis = -1 : i64, keepdim = false} : tensor<?x1000xf32>
// CHECK: %[[B:.+]] = seq.argmax %[[X]] {axis = 1 : i64, keepdim = true} : tensor<2x?x5xf32>
// CHECK: %[[C:.+]] = seq.argmax %[[X]] {axis = 0 : i64, keepdim = false} : tensor<2x?x5xf32>
// CHECK: %[[D:.+]] = seq.argmax %[[V]] {axis = 0 : i64, keepdim = false} : tensor<7xf32>
// CHECK: %[[E:.+]] = seq.argmax %[[V]] {axis = -1 : i64, keepdim = true} : tensor<7xf32>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]], %[[E]] : tensor<?xi64>, tensor<2x1x5xi64>, tensor<?x5xi64>, tensor<i64>, tensor<1xi64>
func.func @argmax(%l: tensor<?x1000xf32>, %x: tensor<2x?x5xf32>, %v: tensor<7xf32>) -> (tensor<?xi64>, tensor<2x1x5xi64>, tensor<?x5xi64>, tensor<i64>, tensor<1xi64>) {
  %a = seq.argmax %l {axis = -1 : i64, keepdim = false} : tensor<?x1000xf32>
  %b = seq.argmax %x {axis = 1 : i64, keepdim = true} : tensor<2x?x5xf32>
  %c = seq.argmax %x {axis = 0 : i64, keepdim = false} : tensor<2x?x5xf32>
  %d = seq.argmax %v {axis = 0 : i64, keepdim = false} : tensor<7xf32>
  %e = seq.argmax %v {axis = -1 : i64, keepdim = true} : tensor<7xf32>
  return %a, %b, %c, %d, %e : tensor<?xi64>, tensor<2x1x5xi64>, tensor<?x5xi64>, tensor<i64>, tensor<1xi64>
}
