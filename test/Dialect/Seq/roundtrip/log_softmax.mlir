// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.log_softmax: torch.log_softmax(x, dim); the axis may be
// negative, counted from the last dim.

// CHECK-LABEL: func.func @log_softmax(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x1000xf32>, %[[Y:[^:]+]]: tensor<2x?x7xf32>, %[[V:[^:]+]]: tensor<10xf32>)
// CHECK: %[[A:.+]] = seq.log_softmax %[[X]], axis = -1 : tensor<?x1000xf32>
// CHECK: %[[B:.+]] = seq.log_softmax %[[Y]], axis = 1 : tensor<2x?x7xf32>
// CHECK: %[[C:.+]] = seq.log_softmax %[[Y]], axis = -3 : tensor<2x?x7xf32>
// CHECK: %[[D:.+]] = seq.log_softmax %[[V]], axis = 0 : tensor<10xf32>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]] : tensor<?x1000xf32>, tensor<2x?x7xf32>, tensor<2x?x7xf32>, tensor<10xf32>
func.func @log_softmax(%x: tensor<?x1000xf32>, %y: tensor<2x?x7xf32>, %v: tensor<10xf32>) -> (tensor<?x1000xf32>, tensor<2x?x7xf32>, tensor<2x?x7xf32>, tensor<10xf32>) {
  %a = seq.log_softmax %x, axis = -1 : tensor<?x1000xf32>
  %b = seq.log_softmax %y, axis = 1 : tensor<2x?x7xf32>
  %c = seq.log_softmax %y, axis = -3 : tensor<2x?x7xf32>
  %d = seq.log_softmax %v, axis = 0 : tensor<10xf32>
  return %a, %b, %c, %d : tensor<?x1000xf32>, tensor<2x?x7xf32>, tensor<2x?x7xf32>, tensor<10xf32>
}
