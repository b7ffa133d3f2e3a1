// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.activation with every activation kind.

// relu, on a dynamic batch.
// CHECK-LABEL: func.func @activation_relu(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x512xf32>)
// CHECK: %[[Y:.+]] = seq.activation relu %[[X]] : tensor<?x512xf32>
// CHECK: return %[[Y]] : tensor<?x512xf32>
func.func @activation_relu(%x: tensor<?x512xf32>) -> tensor<?x512xf32> {
  %y = seq.activation relu %x : tensor<?x512xf32>
  return %y : tensor<?x512xf32>
}

// gelu (exact, erf-based).
// CHECK-LABEL: func.func @activation_gelu(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x512xf32>)
// CHECK: %[[Y:.+]] = seq.activation gelu %[[X]] : tensor<?x512xf32>
// CHECK: return %[[Y]] : tensor<?x512xf32>
func.func @activation_gelu(%x: tensor<?x512xf32>) -> tensor<?x512xf32> {
  %y = seq.activation gelu %x : tensor<?x512xf32>
  return %y : tensor<?x512xf32>
}

// gelu_tanh (approximate="tanh").
// CHECK-LABEL: func.func @activation_gelu_tanh(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x?x8xf32>)
// CHECK: %[[Y:.+]] = seq.activation gelu_tanh %[[X]] : tensor<2x?x8xf32>
// CHECK: return %[[Y]] : tensor<2x?x8xf32>
func.func @activation_gelu_tanh(%x: tensor<2x?x8xf32>) -> tensor<2x?x8xf32> {
  %y = seq.activation gelu_tanh %x : tensor<2x?x8xf32>
  return %y : tensor<2x?x8xf32>
}

// silu.
// CHECK-LABEL: func.func @activation_silu(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xf32>)
// CHECK: %[[Y:.+]] = seq.activation silu %[[X]] : tensor<4x8xf32>
// CHECK: return %[[Y]] : tensor<4x8xf32>
func.func @activation_silu(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %y = seq.activation silu %x : tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// tanh.
// CHECK-LABEL: func.func @activation_tanh(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x?x?xf32>)
// CHECK: %[[Y:.+]] = seq.activation tanh %[[X]] : tensor<?x?x?x?xf32>
// CHECK: return %[[Y]] : tensor<?x?x?x?xf32>
func.func @activation_tanh(%x: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %y = seq.activation tanh %x : tensor<?x?x?x?xf32>
  return %y : tensor<?x?x?x?xf32>
}

// sigmoid, on a rank-0 tensor.
// CHECK-LABEL: func.func @activation_sigmoid(
// CHECK-SAME: %[[X:[^:]+]]: tensor<f32>)
// CHECK: %[[Y:.+]] = seq.activation sigmoid %[[X]] : tensor<f32>
// CHECK: return %[[Y]] : tensor<f32>
func.func @activation_sigmoid(%x: tensor<f32>) -> tensor<f32> {
  %y = seq.activation sigmoid %x : tensor<f32>
  return %y : tensor<f32>
}
