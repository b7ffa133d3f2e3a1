// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.clamp: torch.clamp(input, min, max) with f64 bounds,
// either of which may be absent; the result has the input's type.

// Both bounds (relu6), printed in attribute order.
// CHECK-LABEL: func.func @clamp_both(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x64xf32>)
// CHECK: %[[R:.+]] = seq.clamp %[[X]] {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64} : tensor<?x64xf32>
// CHECK: return %[[R]] : tensor<?x64xf32>
func.func @clamp_both(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %r = seq.clamp %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<?x64xf32>
  return %r : tensor<?x64xf32>
}

// One bound, or none.
// CHECK-LABEL: func.func @clamp_one_bound(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x3xf32>)
// CHECK: %[[R:.+]] = seq.clamp %[[X]] {min = -1.500000e+00 : f64} : tensor<2x3xf32>
// CHECK: %[[S:.+]] = seq.clamp %[[X]] {max = 1.000000e+00 : f64} : tensor<2x3xf32>
// CHECK: %[[T:.+]] = seq.clamp %[[X]] : tensor<2x3xf32>
// CHECK: return %[[R]], %[[S]], %[[T]] : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
func.func @clamp_one_bound(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %r = seq.clamp %x {min = -1.5 : f64} : tensor<2x3xf32>
  %s = seq.clamp %x {max = 1.0 : f64} : tensor<2x3xf32>
  %t = seq.clamp %x : tensor<2x3xf32>
  return %r, %s, %t : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// min > max is allowed (every element is max, as in PyTorch); a rank-0
// input.
// CHECK-LABEL: func.func @clamp_crossed(
// CHECK-SAME: %[[X:[^:]+]]: tensor<f32>)
// CHECK: %[[R:.+]] = seq.clamp %[[X]] {max = 1.000000e+00 : f64, min = 2.000000e+00 : f64} : tensor<f32>
// CHECK: return %[[R]] : tensor<f32>
func.func @clamp_crossed(%x: tensor<f32>) -> tensor<f32> {
  %r = seq.clamp %x {min = 2.0 : f64, max = 1.0 : f64} : tensor<f32>
  return %r : tensor<f32>
}
