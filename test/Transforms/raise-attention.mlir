// RUN: seq-opt %s --seq-raise-attention --split-input-file | FileCheck %s
// RUN: seq-opt %s --seq-raise-attention=report=true --split-input-file 2>&1 | FileCheck %s --check-prefix=REPORT

// Attention written with matmul, transpose, scale, mask and softmax becomes
// seq.sdpa; the ops only it used are gone.

// The tutorial's form: (q·kᵀ)/√d, masked_fill(mask == 0, -1e9), heads
// split by transposes (left for seq-fuse-attention to read through).
// CHECK-LABEL: func.func @tutorial
// CHECK-SAME: (%[[Q:.*]]: tensor<?x4x?x16xf32>, %[[K:.*]]: tensor<?x4x?x16xf32>, %[[V:.*]]: tensor<?x4x?x16xf32>, %[[M:.*]]: tensor<?x1x?x?xi64>)
// CHECK: %[[KEEP:.*]] = seq.compare ne %[[M]], %{{.*}} : tensor<?x1x?x?xi64>, i64
// CHECK: %[[O:.*]] = seq.sdpa %[[Q]], %[[K]], %[[V]] mask(%[[KEEP]] : tensor<?x1x?x?xi1>) {masked_value = -1.000000e+09 : f32, scale = 2.500000e-01 : f32}
// CHECK-NOT: seq.matmul
// CHECK-NOT: seq.softmax
// CHECK-NOT: seq.where
// CHECK: return %[[O]]
// REPORT: remark: seq-raise-attention: raised to seq.sdpa (scale 2.500000e-01, masked scores -1.000000e+09)
func.func @tutorial(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                    %v: tensor<?x4x?x16xf32>, %mask: tensor<?x1x?x?xi64>)
    -> tensor<?x4x?x16xf32> {
  %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<?x4x?x16xf32>
  %s = seq.matmul %q, %kt : tensor<?x4x?x16xf32>, tensor<?x4x16x?xf32>
  %c4 = arith.constant 4.0 : f32
  %scaled = seq.div %s, %c4 : tensor<?x4x?x?xf32>, f32
  %c0 = arith.constant 0 : i64
  %masked = seq.compare eq %mask, %c0 : tensor<?x1x?x?xi64>, i64
  %neg = arith.constant -1.0e9 : f32
  %f = seq.where %masked, %neg, %scaled : tensor<?x1x?x?xi1>, f32, tensor<?x4x?x?xf32>
  %p = seq.softmax %f, axis = -1 : tensor<?x4x?x?xf32>
  %o = seq.matmul %p, %v : tensor<?x4x?x?xf32>, tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}

// -----

// Head split by reshape + transpose, kᵀ as a transpose of the split k: the
// two transposes of k compose into the split alone.
// CHECK-LABEL: func.func @split_heads
// CHECK: %[[KH:.*]] = seq.transpose %{{.*}}, permutation = [0, 2, 1, 3] : tensor<2x9x4x16xf32>
// CHECK-NOT: permutation = [0, 1, 3, 2]
// CHECK: seq.sdpa %{{.*}}, %[[KH]], %{{.*}} {scale = 1.250000e-01 : f32}
func.func @split_heads(%q: tensor<2x4x7x16xf32>, %k: tensor<2x9x64xf32>,
                       %v: tensor<2x4x9x16xf32>) -> tensor<2x4x7x16xf32> {
  %k4 = seq.reshape %k {static_sizes = array<i64: 2, 9, 4, 16>} : tensor<2x9x64xf32>
  %kh = seq.transpose %k4, permutation = [0, 2, 1, 3] : tensor<2x9x4x16xf32>
  %kt = seq.transpose %kh, permutation = [0, 1, 3, 2] : tensor<2x4x9x16xf32>
  %s = seq.matmul %q, %kt : tensor<2x4x7x16xf32>, tensor<2x4x16x9xf32>
  %c = arith.constant 0.125 : f32
  %scaled = seq.mul %c, %s : f32, tensor<2x4x7x9xf32>
  %p = seq.softmax %scaled, axis = 3 : tensor<2x4x7x9xf32>
  %o = seq.matmul %p, %v : tensor<2x4x7x9xf32>, tensor<2x4x9x16xf32>
  return %o : tensor<2x4x7x16xf32>
}

// -----

// Scales on q and on kᵀ before the product multiply into one; a fill
// before later scales is scaled too (masked scores are -8 · 0.5 · 4.5).
// CHECK-LABEL: func.func @scales_and_fill_order
// CHECK: %[[KEEP:.*]] = seq.compare eq %{{.*}}, %false : tensor<1x1x7x9xi1>, i1
// CHECK: seq.sdpa %arg0, %arg1, %arg2 mask(%[[KEEP]] : tensor<1x1x7x9xi1>) {masked_value = -1.800000e+01 : f32, scale = 1.500000e+00 : f32}
func.func @scales_and_fill_order(%q: tensor<2x4x7x16xf32>, %k: tensor<2x4x9x16xf32>,
                                 %v: tensor<2x4x9x16xf32>, %pad: tensor<1x1x7x9xi1>)
    -> tensor<2x4x7x16xf32> {
  %c2 = arith.constant 2.0 : f32
  %c3 = arith.constant dense<3.0> : tensor<1xf32>
  %c05 = arith.constant 0.5 : f32
  %neg = arith.constant -8.0 : f32
  %q2 = seq.mul %q, %c2 : tensor<2x4x7x16xf32>, f32
  %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<2x4x9x16xf32>
  %kt3 = seq.div %kt, %c3 : tensor<2x4x16x9xf32>, tensor<1xf32>
  %s = seq.matmul %q2, %kt3 : tensor<2x4x7x16xf32>, tensor<2x4x16x9xf32>
  %f = seq.where %pad, %neg, %s : tensor<1x1x7x9xi1>, f32, tensor<2x4x7x9xf32>
  %h = seq.mul %f, %c05 : tensor<2x4x7x9xf32>, f32
  %c9 = arith.constant 4.5 : f32
  %g = seq.mul %h, %c9 : tensor<2x4x7x9xf32>, f32
  %p = seq.softmax %g, axis = -1 : tensor<2x4x7x9xf32>
  %o = seq.matmul %p, %v : tensor<2x4x7x9xf32>, tensor<2x4x9x16xf32>
  return %o : tensor<2x4x7x16xf32>
}

// -----

// An additive mask stays additive; a row of -inf is NaN, as in torch.
// CHECK-LABEL: func.func @additive
// CHECK: seq.sdpa %arg0, %arg1, %arg2 mask(%arg3 : tensor<7x9xf32>) {nan_if_empty, scale = 1.000000e+00 : f32}
// A keep-form where with -inf: the condition is the keep-mask as it is.
// CHECK-LABEL: func.func @keep_where
// CHECK: seq.sdpa %arg0, %arg1, %arg2 mask(%arg3 : tensor<?x1x1x?xi1>) {nan_if_empty, scale = 1.000000e+00 : f32}
func.func @additive(%q: tensor<2x4x7x16xf32>, %k: tensor<2x4x9x16xf32>,
                    %v: tensor<2x4x9x16xf32>, %m: tensor<7x9xf32>)
    -> tensor<2x4x7x16xf32> {
  %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<2x4x9x16xf32>
  %s = seq.matmul %q, %kt : tensor<2x4x7x16xf32>, tensor<2x4x16x9xf32>
  %a = seq.add %s, %m : tensor<2x4x7x9xf32>, tensor<7x9xf32>
  %p = seq.softmax %a, axis = -1 : tensor<2x4x7x9xf32>
  %o = seq.matmul %p, %v : tensor<2x4x7x9xf32>, tensor<2x4x9x16xf32>
  return %o : tensor<2x4x7x16xf32>
}

func.func @keep_where(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                      %v: tensor<?x4x?x16xf32>, %keep: tensor<?x1x1x?xi1>)
    -> tensor<?x4x?x16xf32> {
  %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<?x4x?x16xf32>
  %s = seq.matmul %q, %kt : tensor<?x4x?x16xf32>, tensor<?x4x16x?xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %f = seq.where %keep, %s, %ninf : tensor<?x1x1x?xi1>, tensor<?x4x?x?xf32>, f32
  %p = seq.softmax %f, axis = -1 : tensor<?x4x?x?xf32>
  %o = seq.matmul %p, %v : tensor<?x4x?x?xf32>, tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}

// -----

// The mask may come first in the add, of the scores' own shape, and the
// scores be scaled there: the side that leads to the product is the scores.
// CHECK-LABEL: func.func @additive_mask_first
// CHECK: seq.sdpa %arg0, %arg1, %arg2 mask(%arg3 : tensor<2x4x7x9xf32>) {nan_if_empty, scale = 2.500000e-01 : f32}
func.func @additive_mask_first(%q: tensor<2x4x7x16xf32>, %k: tensor<2x4x9x16xf32>,
                               %v: tensor<2x4x9x16xf32>, %m: tensor<2x4x7x9xf32>)
    -> tensor<2x4x7x16xf32> {
  %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<2x4x9x16xf32>
  %s = seq.matmul %q, %kt : tensor<2x4x7x16xf32>, tensor<2x4x16x9xf32>
  %c = arith.constant 0.25 : f32
  %scaled = seq.mul %s, %c : tensor<2x4x7x9xf32>, f32
  %a = seq.add %m, %scaled : tensor<2x4x7x9xf32>, tensor<2x4x7x9xf32>
  %p = seq.softmax %a, axis = -1 : tensor<2x4x7x9xf32>
  %o = seq.matmul %p, %v : tensor<2x4x7x9xf32>, tensor<2x4x9x16xf32>
  return %o : tensor<2x4x7x16xf32>
}

// -----

// One head written as [B, S, D] (attention from scratch): taken as
// [B, 1, S, D] and the result reshaped back; a [B, S, Sk] mask gets the
// unit head dim too. k comes as kᵀ already: a transpose makes it k.
// CHECK-LABEL: func.func @one_head
// CHECK-DAG: %[[Q4:.*]] = seq.reshape %arg0[%{{.*}}, %{{.*}}] {static_sizes = array<i64: -9223372036854775808, 1, -9223372036854775808, 32>} : tensor<?x?x32xf32>
// CHECK-DAG: %[[K:.*]] = seq.transpose %arg1, permutation = [0, 2, 1] : tensor<?x32x?xf32>
// CHECK-DAG: %[[M4:.*]] = seq.reshape %{{.*}} {static_sizes = array<i64: -9223372036854775808, 1, -9223372036854775808, -9223372036854775808>} : tensor<?x?x?xi1>
// CHECK: %[[O:.*]] = seq.sdpa %[[Q4]], %{{.*}}, %{{.*}} mask(%[[M4]] : tensor<?x1x?x?xi1>) {masked_value = -1.000000e+09 : f32
// CHECK: seq.reshape %[[O]][%{{.*}}, %{{.*}}] {static_sizes = array<i64: -9223372036854775808, -9223372036854775808, 32>} : tensor<?x1x?x32xf32>
// REPORT: remark: seq-raise-attention: raised to seq.sdpa (scale {{.*}}, masked scores -1.000000e+09, rank 3 as one head)
func.func @one_head(%q: tensor<?x?x32xf32>, %kt: tensor<?x32x?xf32>,
                    %v: tensor<?x?x32xf32>, %mask: tensor<?x?x?xf32>)
    -> tensor<?x?x32xf32> {
  %s = seq.matmul %q, %kt : tensor<?x?x32xf32>, tensor<?x32x?xf32>
  %r = arith.constant 5.65685415 : f32
  %scaled = seq.div %s, %r : tensor<?x?x?xf32>, f32
  %z = arith.constant 0.0 : f32
  %masked = seq.compare eq %mask, %z : tensor<?x?x?xf32>, f32
  %neg = arith.constant -1.0e9 : f32
  %f = seq.where %masked, %neg, %scaled : tensor<?x?x?xi1>, f32, tensor<?x?x?xf32>
  %p = seq.softmax %f, axis = 2 : tensor<?x?x?xf32>
  %o = seq.matmul %p, %v : tensor<?x?x?xf32>, tensor<?x?x32xf32>
  return %o : tensor<?x?x32xf32>
}

// -----

// Rank 2: [S, D] operands as [1, 1, S, D].
// CHECK-LABEL: func.func @rank2
// CHECK: seq.reshape %arg0 {static_sizes = array<i64: 1, 1, 5, 8>} : tensor<5x8xf32>
// CHECK: %[[O:.*]] = seq.sdpa
// CHECK: seq.reshape %[[O]] {static_sizes = array<i64: 5, 8>} : tensor<1x1x5x8xf32>
func.func @rank2(%q: tensor<5x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x8xf32>)
    -> tensor<5x8xf32> {
  %kt = seq.transpose %k, permutation = [1, 0] : tensor<6x8xf32>
  %s = seq.matmul %q, %kt : tensor<5x8xf32>, tensor<8x6xf32>
  %p = seq.softmax %s, axis = -1 : tensor<5x6xf32>
  %o = seq.matmul %p, %v : tensor<5x6xf32>, tensor<6x8xf32>
  return %o : tensor<5x8xf32>
}

// -----

// Near-misses stay as written, each with the reason.

// REPORT: remark: seq-raise-attention: not raised: the softmax is over axis 2, not the key axis (the last)
// CHECK-LABEL: func.func @softmax_over_queries
// CHECK-NOT: seq.sdpa
func.func @softmax_over_queries(%q: tensor<2x4x7x16xf32>, %k: tensor<2x4x7x16xf32>,
                                %v: tensor<2x4x7x16xf32>) -> tensor<2x4x7x16xf32> {
  %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<2x4x7x16xf32>
  %s = seq.matmul %q, %kt : tensor<2x4x7x16xf32>, tensor<2x4x16x7xf32>
  %p = seq.softmax %s, axis = 2 : tensor<2x4x7x7xf32>
  %o = seq.matmul %p, %v : tensor<2x4x7x7xf32>, tensor<2x4x7x16xf32>
  return %o : tensor<2x4x7x16xf32>
}

// A scale computed from data.
// REPORT: remark: seq-raise-attention: not raised: the softmax's input is not q·kᵀ (a matmul), scaled and masked
// CHECK-LABEL: func.func @data_scale
// CHECK-NOT: seq.sdpa
func.func @data_scale(%q: tensor<2x4x7x16xf32>, %k: tensor<2x4x9x16xf32>,
                      %v: tensor<2x4x9x16xf32>, %t: f32) -> tensor<2x4x7x16xf32> {
  %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<2x4x9x16xf32>
  %s = seq.matmul %q, %kt : tensor<2x4x7x16xf32>, tensor<2x4x16x9xf32>
  %scaled = seq.div %s, %t : tensor<2x4x7x9xf32>, f32
  %p = seq.softmax %scaled, axis = -1 : tensor<2x4x7x9xf32>
  %o = seq.matmul %p, %v : tensor<2x4x7x9xf32>, tensor<2x4x9x16xf32>
  return %o : tensor<2x4x7x16xf32>
}

// A mask that broadcasts the scores to a larger shape.
// REPORT: remark: seq-raise-attention: not raised: a step between the scores and the softmax changes their shape
// CHECK-LABEL: func.func @mask_widens
// CHECK-NOT: seq.sdpa
func.func @mask_widens(%q: tensor<1x4x7x16xf32>, %k: tensor<1x4x9x16xf32>,
                       %v: tensor<1x4x9x16xf32>, %m: tensor<3x1x7x9xf32>)
    -> tensor<3x4x7x16xf32> {
  %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<1x4x9x16xf32>
  %s = seq.matmul %q, %kt : tensor<1x4x7x16xf32>, tensor<1x4x16x9xf32>
  %a = seq.add %s, %m : tensor<1x4x7x9xf32>, tensor<3x1x7x9xf32>
  %p = seq.softmax %a, axis = -1 : tensor<3x4x7x9xf32>
  %o = seq.matmul %p, %v : tensor<3x4x7x9xf32>, tensor<1x4x9x16xf32>
  return %o : tensor<3x4x7x16xf32>
}

// Two masks; an additive mask scaled after it is added.
// REPORT: remark: seq-raise-attention: not raised: two masks before the softmax
// REPORT: remark: seq-raise-attention: not raised: the scores are scaled after the additive mask
// CHECK-LABEL: func.func @two_masks
// CHECK-NOT: seq.sdpa
func.func @two_masks(%q: tensor<2x4x7x16xf32>, %k: tensor<2x4x9x16xf32>,
                     %v: tensor<2x4x9x16xf32>, %m: tensor<7x9xf32>,
                     %keep: tensor<7x9xi1>) -> tensor<2x4x7x16xf32> {
  %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<2x4x9x16xf32>
  %s = seq.matmul %q, %kt : tensor<2x4x7x16xf32>, tensor<2x4x16x9xf32>
  %a = seq.add %s, %m : tensor<2x4x7x9xf32>, tensor<7x9xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %f = seq.where %keep, %a, %ninf : tensor<7x9xi1>, tensor<2x4x7x9xf32>, f32
  %p = seq.softmax %f, axis = -1 : tensor<2x4x7x9xf32>
  %o = seq.matmul %p, %v : tensor<2x4x7x9xf32>, tensor<2x4x9x16xf32>
  return %o : tensor<2x4x7x16xf32>
}

// CHECK-LABEL: func.func @mask_then_scale
// CHECK-NOT: seq.sdpa
func.func @mask_then_scale(%q: tensor<2x4x7x16xf32>, %k: tensor<2x4x9x16xf32>,
                           %v: tensor<2x4x9x16xf32>, %m: tensor<7x9xf32>)
    -> tensor<2x4x7x16xf32> {
  %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<2x4x9x16xf32>
  %s = seq.matmul %q, %kt : tensor<2x4x7x16xf32>, tensor<2x4x16x9xf32>
  %a = seq.add %s, %m : tensor<2x4x7x9xf32>, tensor<7x9xf32>
  %c = arith.constant 0.25 : f32
  %scaled = seq.mul %a, %c : tensor<2x4x7x9xf32>, f32
  %p = seq.softmax %scaled, axis = -1 : tensor<2x4x7x9xf32>
  %o = seq.matmul %p, %v : tensor<2x4x7x9xf32>, tensor<2x4x9x16xf32>
  return %o : tensor<2x4x7x16xf32>
}

// Batch dims that broadcast (one k for two batch entries).
// REPORT: remark: seq-raise-attention: not raised: q, k and v broadcast batch dim 0 (2 against 1); seq.sdpa needs them equal
// CHECK-LABEL: func.func @broadcast_batch
// CHECK-NOT: seq.sdpa
func.func @broadcast_batch(%q: tensor<2x4x7x16xf32>, %k: tensor<1x4x9x16xf32>,
                           %v: tensor<1x4x9x16xf32>) -> tensor<2x4x7x16xf32> {
  %kt = seq.transpose %k, permutation = [0, 1, 3, 2] : tensor<1x4x9x16xf32>
  %s = seq.matmul %q, %kt : tensor<2x4x7x16xf32>, tensor<1x4x16x9xf32>
  %p = seq.softmax %s, axis = -1 : tensor<2x4x7x9xf32>
  %o = seq.matmul %p, %v : tensor<2x4x7x9xf32>, tensor<1x4x9x16xf32>
  return %o : tensor<2x4x7x16xf32>
}

// A dynamic head dim.
// REPORT: remark: seq-raise-attention: not raised: the head dim of q is dynamic
// CHECK-LABEL: func.func @dynamic_head_dim
// CHECK-NOT: seq.sdpa
func.func @dynamic_head_dim(%q: tensor<2x4x7x?xf32>, %kt: tensor<2x4x?x9xf32>,
                            %v: tensor<2x4x9x16xf32>) -> tensor<2x4x7x16xf32> {
  %s = seq.matmul %q, %kt : tensor<2x4x7x?xf32>, tensor<2x4x?x9xf32>
  %p = seq.softmax %s, axis = -1 : tensor<2x4x7x9xf32>
  %o = seq.matmul %p, %v : tensor<2x4x7x9xf32>, tensor<2x4x9x16xf32>
  return %o : tensor<2x4x7x16xf32>
}
