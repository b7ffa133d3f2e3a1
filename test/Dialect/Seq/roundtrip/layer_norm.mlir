// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.layer_norm (torch.nn.LayerNorm over the last dim):
// weight and bias [D] are optional; epsilon defaults to 1e-5.

// No affine parameters (elementwise_affine=False), default epsilon.
// CHECK-LABEL: func.func @layer_norm_plain(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x8x256xf32>)
// CHECK: %[[Y:.+]] = seq.layer_norm %[[X]] : tensor<2x8x256xf32>
// CHECK: return %[[Y]] : tensor<2x8x256xf32>
func.func @layer_norm_plain(%x: tensor<2x8x256xf32>) -> tensor<2x8x256xf32> {
  %y = seq.layer_norm %x : tensor<2x8x256xf32>
  return %y : tensor<2x8x256xf32>
}

// Weight and bias, dynamic batch and sequence; the default epsilon written
// out is elided when printed.
// CHECK-LABEL: func.func @layer_norm_affine(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x256xf32>, %[[G:[^:]+]]: tensor<256xf32>, %[[B:[^:]+]]: tensor<256xf32>)
// CHECK: %[[Y:.+]] = seq.layer_norm %[[X]] weight(%[[G]] : tensor<256xf32>) bias(%[[B]] : tensor<256xf32>) : tensor<?x?x256xf32>
// CHECK: return %[[Y]] : tensor<?x?x256xf32>
func.func @layer_norm_affine(%x: tensor<?x?x256xf32>, %g: tensor<256xf32>, %b: tensor<256xf32>) -> tensor<?x?x256xf32> {
  %y = seq.layer_norm %x weight(%g : tensor<256xf32>) bias(%b : tensor<256xf32>) {epsilon = 1.0e-05 : f32} : tensor<?x?x256xf32>
  return %y : tensor<?x?x256xf32>
}

// Weight only (bias=False).
// CHECK-LABEL: func.func @layer_norm_weight_only(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x64xf32>, %[[G:[^:]+]]: tensor<64xf32>)
// CHECK: %[[Y:.+]] = seq.layer_norm %[[X]] weight(%[[G]] : tensor<64xf32>) : tensor<?x64xf32>
// CHECK: return %[[Y]] : tensor<?x64xf32>
func.func @layer_norm_weight_only(%x: tensor<?x64xf32>, %g: tensor<64xf32>) -> tensor<?x64xf32> {
  %y = seq.layer_norm %x weight(%g : tensor<64xf32>) : tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// Bias only.
// CHECK-LABEL: func.func @layer_norm_bias_only(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x64xf32>, %[[B:[^:]+]]: tensor<64xf32>)
// CHECK: %[[Y:.+]] = seq.layer_norm %[[X]] bias(%[[B]] : tensor<64xf32>) : tensor<?x64xf32>
// CHECK: return %[[Y]] : tensor<?x64xf32>
func.func @layer_norm_bias_only(%x: tensor<?x64xf32>, %b: tensor<64xf32>) -> tensor<?x64xf32> {
  %y = seq.layer_norm %x bias(%b : tensor<64xf32>) : tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// A non-default epsilon, and epsilon = 0.
// CHECK-LABEL: func.func @layer_norm_epsilon(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x16xf32>)
// CHECK: %[[Y:.+]] = seq.layer_norm %[[X]] {epsilon = 9.99999996E-13 : f32} : tensor<4x16xf32>
// CHECK: %[[Z:.+]] = seq.layer_norm %[[X]] {epsilon = 0.000000e+00 : f32} : tensor<4x16xf32>
// CHECK: return %[[Y]], %[[Z]] : tensor<4x16xf32>, tensor<4x16xf32>
func.func @layer_norm_epsilon(%x: tensor<4x16xf32>) -> (tensor<4x16xf32>, tensor<4x16xf32>) {
  %y = seq.layer_norm %x {epsilon = 1.0e-12 : f32} : tensor<4x16xf32>
  %z = seq.layer_norm %x {epsilon = 0.0 : f32} : tensor<4x16xf32>
  return %y, %z : tensor<4x16xf32>, tensor<4x16xf32>
}

// A dynamic normalized dim with static parameters; the result keeps the
// input type.
// CHECK-LABEL: func.func @layer_norm_dynamic_dim(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?xf32>, %[[G:[^:]+]]: tensor<32xf32>, %[[B:[^:]+]]: tensor<32xf32>)
// CHECK: %[[Y:.+]] = seq.layer_norm %[[X]] weight(%[[G]] : tensor<32xf32>) bias(%[[B]] : tensor<32xf32>) : tensor<?x?xf32>
// CHECK: return %[[Y]] : tensor<?x?xf32>
func.func @layer_norm_dynamic_dim(%x: tensor<?x?xf32>, %g: tensor<32xf32>, %b: tensor<32xf32>) -> tensor<?x?xf32> {
  %y = seq.layer_norm %x weight(%g : tensor<32xf32>) bias(%b : tensor<32xf32>) : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// A 1-D input.
// CHECK-LABEL: func.func @layer_norm_vector(
// CHECK-SAME: %[[X:[^:]+]]: tensor<16xf32>, %[[G:[^:]+]]: tensor<16xf32>)
// CHECK: %[[Y:.+]] = seq.layer_norm %[[X]] weight(%[[G]] : tensor<16xf32>) : tensor<16xf32>
// CHECK: return %[[Y]] : tensor<16xf32>
func.func @layer_norm_vector(%x: tensor<16xf32>, %g: tensor<16xf32>) -> tensor<16xf32> {
  %y = seq.layer_norm %x weight(%g : tensor<16xf32>) : tensor<16xf32>
  return %y : tensor<16xf32>
}
