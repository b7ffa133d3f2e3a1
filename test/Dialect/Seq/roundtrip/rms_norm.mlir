// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.rms_norm (torch.nn.RMSNorm over the last dim): weight
// [D] is optional; epsilon defaults to 1e-6.

// No weight, default epsilon.
// CHECK-LABEL: func.func @rms_norm_plain(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x8x256xf32>)
// CHECK: %[[Y:.+]] = seq.rms_norm %[[X]] : tensor<2x8x256xf32>
// CHECK: return %[[Y]] : tensor<2x8x256xf32>
func.func @rms_norm_plain(%x: tensor<2x8x256xf32>) -> tensor<2x8x256xf32> {
  %y = seq.rms_norm %x : tensor<2x8x256xf32>
  return %y : tensor<2x8x256xf32>
}

// With a weight, dynamic batch and sequence; the default epsilon written out
// is elided when printed.
// CHECK-LABEL: func.func @rms_norm_weight(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x256xf32>, %[[G:[^:]+]]: tensor<256xf32>)
// CHECK: %[[Y:.+]] = seq.rms_norm %[[X]] weight(%[[G]] : tensor<256xf32>) : tensor<?x?x256xf32>
// CHECK: return %[[Y]] : tensor<?x?x256xf32>
func.func @rms_norm_weight(%x: tensor<?x?x256xf32>, %g: tensor<256xf32>) -> tensor<?x?x256xf32> {
  %y = seq.rms_norm %x weight(%g : tensor<256xf32>) {epsilon = 1.0e-06 : f32} : tensor<?x?x256xf32>
  return %y : tensor<?x?x256xf32>
}

// A non-default epsilon (LLaMA 2 uses 1e-5).
// CHECK-LABEL: func.func @rms_norm_epsilon(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x4096xf32>, %[[G:[^:]+]]: tensor<4096xf32>)
// CHECK: %[[Y:.+]] = seq.rms_norm %[[X]] weight(%[[G]] : tensor<4096xf32>) {epsilon = 9.99999974E-6 : f32} : tensor<?x4096xf32>
// CHECK: return %[[Y]] : tensor<?x4096xf32>
func.func @rms_norm_epsilon(%x: tensor<?x4096xf32>, %g: tensor<4096xf32>) -> tensor<?x4096xf32> {
  %y = seq.rms_norm %x weight(%g : tensor<4096xf32>) {epsilon = 1.0e-05 : f32} : tensor<?x4096xf32>
  return %y : tensor<?x4096xf32>
}

// A dynamic normalized dim with a static weight; the result keeps the input
// type.
// CHECK-LABEL: func.func @rms_norm_dynamic_dim(
// CHECK-SAME: %[[X:[^:]+]]: tensor<3x?xf32>, %[[G:[^:]+]]: tensor<32xf32>)
// CHECK: %[[Y:.+]] = seq.rms_norm %[[X]] weight(%[[G]] : tensor<32xf32>) : tensor<3x?xf32>
// CHECK: return %[[Y]] : tensor<3x?xf32>
func.func @rms_norm_dynamic_dim(%x: tensor<3x?xf32>, %g: tensor<32xf32>) -> tensor<3x?xf32> {
  %y = seq.rms_norm %x weight(%g : tensor<32xf32>) : tensor<3x?xf32>
  return %y : tensor<3x?xf32>
}
