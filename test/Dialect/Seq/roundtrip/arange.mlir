// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.arange: torch.arange(length) as a 1-D i32/i64 tensor;
// the length is static in the result type, or the length operand when the
// result's dim is dynamic.

// CHECK-LABEL: func.func @arange(
// CHECK-SAME: %[[S:[^:]+]]: index)
// CHECK: %[[A:.+]] = seq.arange length(%[[S]]) : tensor<?xi64>
// CHECK: %[[B:.+]] = seq.arange : tensor<16xi32>
// CHECK: %[[C:.+]] = seq.arange : tensor<0xi64>
// CHECK: %[[D:.+]] = seq.arange length(%[[S]]) : tensor<?xi32>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]] : tensor<?xi64>, tensor<16xi32>, tensor<0xi64>, tensor<?xi32>
func.func @arange(%s: index) -> (tensor<?xi64>, tensor<16xi32>, tensor<0xi64>, tensor<?xi32>) {
  %a = seq.arange length(%s) : tensor<?xi64>
  %b = seq.arange : tensor<16xi32>
  %c = seq.arange : tensor<0xi64>
  %d = seq.arange length(%s) : tensor<?xi32>
  return %a, %b, %c, %d : tensor<?xi64>, tensor<16xi32>, tensor<0xi64>, tensor<?xi32>
}
