// RUN: seq-opt %s --seq-raise-norm --split-input-file | FileCheck %s

// nn.LayerNorm as torch.onnx.export writes it before opset 17: one
// seq.layer_norm with the weight, bias and eps of the written form.
// CHECK-LABEL: func.func @layer_norm_exported
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x64xf32>, %[[G:.*]]: tensor<64xf32>, %[[B:.*]]: tensor<64xf32>)
// CHECK-NEXT: %[[Y:.*]] = seq.layer_norm %[[X]] weight(%[[G]] : tensor<64xf32>) bias(%[[B]] : tensor<64xf32>) : tensor<?x?x64xf32>
// CHECK-NEXT: return %[[Y]]
func.func @layer_norm_exported(%x: tensor<?x?x64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>) -> tensor<?x?x64xf32> {
  %mean = seq.reduce mean %x {axes = array<i64: -1>, keepdim = true} : tensor<?x?x64xf32>
  %d = seq.sub %x, %mean : tensor<?x?x64xf32>, tensor<?x?x1xf32>
  %two = arith.constant 2.0 : f32
  %sq = seq.pow %d, %two : tensor<?x?x64xf32>, f32
  %var = seq.reduce mean %sq {axes = array<i64: -1>, keepdim = true} : tensor<?x?x64xf32>
  %eps = arith.constant 1.0e-5 : f32
  %ve = seq.add %var, %eps : tensor<?x?x1xf32>, f32
  %sd = seq.unary sqrt %ve : tensor<?x?x1xf32>
  %n = seq.div %d, %sd : tensor<?x?x64xf32>, tensor<?x?x1xf32>
  %w = seq.mul %n, %g : tensor<?x?x64xf32>, tensor<64xf32>
  %y = seq.add %w, %b : tensor<?x?x64xf32>, tensor<64xf32>
  return %y : tensor<?x?x64xf32>
}

// -----

// d * d for the square, rsqrt for the root, eps as a one-element tensor on
// the left, positive last axis, no affine parameters.
// CHECK-LABEL: func.func @layer_norm_variants
// CHECK-NEXT: %[[Y:.*]] = seq.layer_norm %arg0 {epsilon = 9.99999997E-7 : f32} : tensor<4x32xf32>
// CHECK-NEXT: return %[[Y]]
func.func @layer_norm_variants(%x: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %mean = seq.reduce mean %x {axes = array<i64: 1>, keepdim = true} : tensor<4x32xf32>
  %d = seq.sub %x, %mean : tensor<4x32xf32>, tensor<4x1xf32>
  %sq = seq.mul %d, %d : tensor<4x32xf32>, tensor<4x32xf32>
  %var = seq.reduce mean %sq {axes = array<i64: 1>, keepdim = true} : tensor<4x32xf32>
  %eps = arith.constant dense<1.0e-6> : tensor<1xf32>
  %ve = seq.add %eps, %var : tensor<1xf32>, tensor<4x1xf32>
  %r = seq.unary rsqrt %ve : tensor<4x1xf32>
  %n = seq.mul %r, %d : tensor<4x1xf32>, tensor<4x32xf32>
  return %n : tensor<4x32xf32>
}

// -----

// RMS norm (LLaMA's): x * rsqrt(mean(x²) + eps) * w.
// CHECK-LABEL: func.func @rms_norm_written
// CHECK-SAME: (%[[X:.*]]: tensor<?x16xf32>, %[[W:.*]]: tensor<16xf32>)
// CHECK-NEXT: %[[Y:.*]] = seq.rms_norm %[[X]] weight(%[[W]] : tensor<16xf32>) : tensor<?x16xf32>
// CHECK-NEXT: return %[[Y]]
func.func @rms_norm_written(%x: tensor<?x16xf32>, %w: tensor<16xf32>) -> tensor<?x16xf32> {
  %two = arith.constant 2.0 : f32
  %sq = seq.pow %x, %two : tensor<?x16xf32>, f32
  %ms = seq.reduce mean %sq {axes = array<i64: -1>, keepdim = true} : tensor<?x16xf32>
  %eps = arith.constant 1.0e-6 : f32
  %a = seq.add %ms, %eps : tensor<?x1xf32>, f32
  %r = seq.unary rsqrt %a : tensor<?x1xf32>
  %n = seq.mul %x, %r : tensor<?x16xf32>, tensor<?x1xf32>
  %y = seq.mul %n, %w : tensor<?x16xf32>, tensor<16xf32>
  return %y : tensor<?x16xf32>
}

// -----

// Near misses stay as written: the mean over another axis, a computed eps,
// the square of something else. (Default epsilons are not printed.)
// CHECK-LABEL: func.func @near_misses
// CHECK-NOT: seq.layer_norm
// CHECK-NOT: seq.rms_norm
// CHECK: return
func.func @near_misses(%x: tensor<4x32xf32>, %e: f32, %y: tensor<4x32xf32>) -> (tensor<4x32xf32>, tensor<4x32xf32>, tensor<4x32xf32>) {
  %two = arith.constant 2.0 : f32
  %eps = arith.constant 1.0e-5 : f32
  // Mean over axis 0.
  %m0 = seq.reduce mean %x {axes = array<i64: 0>, keepdim = true} : tensor<4x32xf32>
  %d0 = seq.sub %x, %m0 : tensor<4x32xf32>, tensor<1x32xf32>
  %s0 = seq.pow %d0, %two : tensor<4x32xf32>, f32
  %v0 = seq.reduce mean %s0 {axes = array<i64: 0>, keepdim = true} : tensor<4x32xf32>
  %a0 = seq.add %v0, %eps : tensor<1x32xf32>, f32
  %r0 = seq.unary sqrt %a0 : tensor<1x32xf32>
  %n0 = seq.div %d0, %r0 : tensor<4x32xf32>, tensor<1x32xf32>
  // eps from an argument.
  %s1 = seq.pow %x, %two : tensor<4x32xf32>, f32
  %v1 = seq.reduce mean %s1 {axes = array<i64: -1>, keepdim = true} : tensor<4x32xf32>
  %a1 = seq.add %v1, %e : tensor<4x1xf32>, f32
  %r1 = seq.unary sqrt %a1 : tensor<4x1xf32>
  %n1 = seq.div %x, %r1 : tensor<4x32xf32>, tensor<4x1xf32>
  // The root of y's mean square divides x.
  %s2 = seq.pow %y, %two : tensor<4x32xf32>, f32
  %v2 = seq.reduce mean %s2 {axes = array<i64: -1>, keepdim = true} : tensor<4x32xf32>
  %a2 = seq.add %v2, %eps : tensor<4x1xf32>, f32
  %r2 = seq.unary sqrt %a2 : tensor<4x1xf32>
  %n2 = seq.div %x, %r2 : tensor<4x32xf32>, tensor<4x1xf32>
  return %n0, %n1, %n2 : tensor<4x32xf32>, tensor<4x32xf32>, tensor<4x32xf32>
}

// -----

// The normalised value used twice keeps its weight product apart.
// CHECK-LABEL: func.func @weight_not_taken
// CHECK: %[[N:.*]] = seq.layer_norm %arg0 : tensor<4x32xf32>
// CHECK: %[[W:.*]] = seq.mul %[[N]], %arg1
// CHECK: return %[[W]], %[[N]]
func.func @weight_not_taken(%x: tensor<4x32xf32>, %g: tensor<32xf32>) -> (tensor<4x32xf32>, tensor<4x32xf32>) {
  %two = arith.constant 2.0 : f32
  %eps = arith.constant 1.0e-5 : f32
  %mean = seq.reduce mean %x {axes = array<i64: -1>, keepdim = true} : tensor<4x32xf32>
  %d = seq.sub %x, %mean : tensor<4x32xf32>, tensor<4x1xf32>
  %sq = seq.pow %d, %two : tensor<4x32xf32>, f32
  %var = seq.reduce mean %sq {axes = array<i64: -1>, keepdim = true} : tensor<4x32xf32>
  %ve = seq.add %var, %eps : tensor<4x1xf32>, f32
  %sd = seq.unary sqrt %ve : tensor<4x1xf32>
  %n = seq.div %d, %sd : tensor<4x32xf32>, tensor<4x1xf32>
  %w = seq.mul %n, %g : tensor<4x32xf32>, tensor<32xf32>
  return %w, %n : tensor<4x32xf32>, tensor<4x32xf32>
}
