// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.sdpa: q [B,H,Sq,D], k [B,H,Sk,D], v [B,H,Sk,Dv] give
// [B,H,Sq,Dv], with key_lengths (i32/i64), causal(top_left|bottom_right), an
// i1 or f32 mask and a scale, in any combination.

// No masks, static shapes, Dv != D.
// CHECK-LABEL: func.func @sdpa_plain(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<2x4x8x16xf32>, %[[K:[^:]+]]: tensor<2x4x10x16xf32>, %[[V:[^:]+]]: tensor<2x4x10x32xf32>)
// CHECK: %[[O:.+]] = seq.sdpa %[[Q]], %[[K]], %[[V]] : tensor<2x4x8x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x10x32xf32>
// CHECK: return %[[O]] : tensor<2x4x8x32xf32>
func.func @sdpa_plain(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x10x16xf32>, %v: tensor<2x4x10x32xf32>) -> tensor<2x4x8x32xf32> {
  %o = seq.sdpa %q, %k, %v : tensor<2x4x8x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x10x32xf32>
  return %o : tensor<2x4x8x32xf32>
}

// i32 key lengths and a top-left causal mask, dynamic batch and sequences,
// as in the op's documentation.
// CHECK-LABEL: func.func @sdpa_lengths_i32_causal_top_left(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<?x8x?x64xf32>, %[[K:[^:]+]]: tensor<?x8x?x64xf32>, %[[V:[^:]+]]: tensor<?x8x?x64xf32>, %[[LEN:[^:]+]]: tensor<?xi32>)
// CHECK: %[[O:.+]] = seq.sdpa %[[Q]], %[[K]], %[[V]] key_lengths(%[[LEN]] : tensor<?xi32>) causal(top_left) : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
// CHECK: return %[[O]] : tensor<?x8x?x64xf32>
func.func @sdpa_lengths_i32_causal_top_left(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x?x64xf32>, %v: tensor<?x8x?x64xf32>, %len: tensor<?xi32>) -> tensor<?x8x?x64xf32> {
  %o = seq.sdpa %q, %k, %v key_lengths(%len : tensor<?xi32>) causal(top_left) : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}

// i64 key lengths alone.
// CHECK-LABEL: func.func @sdpa_lengths_i64(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<2x4x8x16xf32>, %[[K:[^:]+]]: tensor<2x4x10x16xf32>, %[[V:[^:]+]]: tensor<2x4x10x16xf32>, %[[LEN:[^:]+]]: tensor<2xi64>)
// CHECK: %[[O:.+]] = seq.sdpa %[[Q]], %[[K]], %[[V]] key_lengths(%[[LEN]] : tensor<2xi64>) : tensor<2x4x8x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x10x16xf32>
// CHECK: return %[[O]] : tensor<2x4x8x16xf32>
func.func @sdpa_lengths_i64(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x10x16xf32>, %v: tensor<2x4x10x16xf32>, %len: tensor<2xi64>) -> tensor<2x4x8x16xf32> {
  %o = seq.sdpa %q, %k, %v key_lengths(%len : tensor<2xi64>) : tensor<2x4x8x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x10x16xf32>
  return %o : tensor<2x4x8x16xf32>
}

// A bottom-right causal mask: one decoder step against a key/value cache.
// CHECK-LABEL: func.func @sdpa_causal_bottom_right(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<1x4x1x16xf32>, %[[K:[^:]+]]: tensor<1x4x?x16xf32>, %[[V:[^:]+]]: tensor<1x4x?x16xf32>)
// CHECK: %[[O:.+]] = seq.sdpa %[[Q]], %[[K]], %[[V]] causal(bottom_right) : tensor<1x4x1x16xf32>, tensor<1x4x?x16xf32>, tensor<1x4x?x16xf32>
// CHECK: return %[[O]] : tensor<1x4x1x16xf32>
func.func @sdpa_causal_bottom_right(%q: tensor<1x4x1x16xf32>, %k: tensor<1x4x?x16xf32>, %v: tensor<1x4x?x16xf32>) -> tensor<1x4x1x16xf32> {
  %o = seq.sdpa %q, %k, %v causal(bottom_right) : tensor<1x4x1x16xf32>, tensor<1x4x?x16xf32>, tensor<1x4x?x16xf32>
  return %o : tensor<1x4x1x16xf32>
}

// A full i1 keep-mask [B,H,Sq,Sk].
// CHECK-LABEL: func.func @sdpa_mask_i1(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<2x4x8x16xf32>, %[[K:[^:]+]]: tensor<2x4x10x16xf32>, %[[V:[^:]+]]: tensor<2x4x10x16xf32>, %[[M:[^:]+]]: tensor<2x4x8x10xi1>)
// CHECK: %[[O:.+]] = seq.sdpa %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<2x4x8x10xi1>) : tensor<2x4x8x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x10x16xf32>
// CHECK: return %[[O]] : tensor<2x4x8x16xf32>
func.func @sdpa_mask_i1(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x10x16xf32>, %v: tensor<2x4x10x16xf32>, %m: tensor<2x4x8x10xi1>) -> tensor<2x4x8x16xf32> {
  %o = seq.sdpa %q, %k, %v mask(%m : tensor<2x4x8x10xi1>) : tensor<2x4x8x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x10x16xf32>
  return %o : tensor<2x4x8x16xf32>
}

// An additive f32 mask [Sq,Sk] that broadcasts over batch and heads.
// CHECK-LABEL: func.func @sdpa_mask_f32(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<?x4x8x16xf32>, %[[K:[^:]+]]: tensor<?x4x10x16xf32>, %[[V:[^:]+]]: tensor<?x4x10x16xf32>, %[[M:[^:]+]]: tensor<8x10xf32>)
// CHECK: %[[O:.+]] = seq.sdpa %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<8x10xf32>) : tensor<?x4x8x16xf32>, tensor<?x4x10x16xf32>, tensor<?x4x10x16xf32>
// CHECK: return %[[O]] : tensor<?x4x8x16xf32>
func.func @sdpa_mask_f32(%q: tensor<?x4x8x16xf32>, %k: tensor<?x4x10x16xf32>, %v: tensor<?x4x10x16xf32>, %m: tensor<8x10xf32>) -> tensor<?x4x8x16xf32> {
  %o = seq.sdpa %q, %k, %v mask(%m : tensor<8x10xf32>) : tensor<?x4x8x16xf32>, tensor<?x4x10x16xf32>, tensor<?x4x10x16xf32>
  return %o : tensor<?x4x8x16xf32>
}

// A key-padding keep-mask [B,1,1,Sk] with dynamic dims, and a rank-0 mask.
// CHECK-LABEL: func.func @sdpa_mask_padding(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<?x4x?x16xf32>, %[[K:[^:]+]]: tensor<?x4x?x16xf32>, %[[V:[^:]+]]: tensor<?x4x?x16xf32>, %[[M:[^:]+]]: tensor<?x1x1x?xi1>, %[[S:[^:]+]]: tensor<f32>)
// CHECK: %[[O:.+]] = seq.sdpa %[[Q]], %[[K]], %[[V]] mask(%[[M]] : tensor<?x1x1x?xi1>) : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
// CHECK: %[[P:.+]] = seq.sdpa %[[Q]], %[[K]], %[[V]] mask(%[[S]] : tensor<f32>) : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
// CHECK: return %[[O]], %[[P]] : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
func.func @sdpa_mask_padding(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>, %v: tensor<?x4x?x16xf32>, %m: tensor<?x1x1x?xi1>, %s: tensor<f32>) -> (tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>) {
  %o = seq.sdpa %q, %k, %v mask(%m : tensor<?x1x1x?xi1>) : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
  %p = seq.sdpa %q, %k, %v mask(%s : tensor<f32>) : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
  return %o, %p : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
}

// An explicit scale.
// CHECK-LABEL: func.func @sdpa_scale(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<2x4x8x16xf32>, %[[K:[^:]+]]: tensor<2x4x10x16xf32>, %[[V:[^:]+]]: tensor<2x4x10x16xf32>)
// CHECK: %[[O:.+]] = seq.sdpa %[[Q]], %[[K]], %[[V]] {scale = 1.250000e-01 : f32} : tensor<2x4x8x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x10x16xf32>
// CHECK: return %[[O]] : tensor<2x4x8x16xf32>
func.func @sdpa_scale(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x10x16xf32>, %v: tensor<2x4x10x16xf32>) -> tensor<2x4x8x16xf32> {
  %o = seq.sdpa %q, %k, %v {scale = 1.250000e-01 : f32} : tensor<2x4x8x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x10x16xf32>
  return %o : tensor<2x4x8x16xf32>
}

// Every mask at once, with a scale.
// CHECK-LABEL: func.func @sdpa_all(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<?x8x?x64xf32>, %[[K:[^:]+]]: tensor<?x8x?x64xf32>, %[[V:[^:]+]]: tensor<?x8x?x64xf32>, %[[LEN:[^:]+]]: tensor<?xi64>, %[[M:[^:]+]]: tensor<?x1x?x?xf32>)
// CHECK: %[[O:.+]] = seq.sdpa %[[Q]], %[[K]], %[[V]] key_lengths(%[[LEN]] : tensor<?xi64>) mask(%[[M]] : tensor<?x1x?x?xf32>) causal(bottom_right) {scale = 5.000000e-01 : f32} : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
// CHECK: return %[[O]] : tensor<?x8x?x64xf32>
func.func @sdpa_all(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x?x64xf32>, %v: tensor<?x8x?x64xf32>, %len: tensor<?xi64>, %m: tensor<?x1x?x?xf32>) -> tensor<?x8x?x64xf32> {
  %o = seq.sdpa %q, %k, %v key_lengths(%len : tensor<?xi64>) mask(%m : tensor<?x1x?x?xf32>) causal(bottom_right) {scale = 5.000000e-01 : f32} : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}

// Dynamic dims are refined from the other operands: batch and heads from
// key and value, the query length from the mask, the batch from the key
// lengths.
// CHECK-LABEL: func.func @sdpa_refine(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<?x?x?x16xf32>, %[[K:[^:]+]]: tensor<2x?x10x16xf32>, %[[V:[^:]+]]: tensor<?x4x10x8xf32>, %[[Q2:[^:]+]]: tensor<?x4x?x16xf32>, %[[K2:[^:]+]]: tensor<?x4x?x16xf32>, %[[LEN:[^:]+]]: tensor<3xi32>, %[[M:[^:]+]]: tensor<5x10xi1>)
// CHECK: %[[O:.+]] = seq.sdpa %[[Q]], %[[K]], %[[V]] : tensor<?x?x?x16xf32>, tensor<2x?x10x16xf32>, tensor<?x4x10x8xf32>
// CHECK: %[[P:.+]] = seq.sdpa %[[Q2]], %[[K2]], %[[K2]] key_lengths(%[[LEN]] : tensor<3xi32>) mask(%[[M]] : tensor<5x10xi1>) : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
// CHECK: return %[[O]], %[[P]] : tensor<2x4x?x8xf32>, tensor<3x4x5x16xf32>
func.func @sdpa_refine(%q: tensor<?x?x?x16xf32>, %k: tensor<2x?x10x16xf32>, %v: tensor<?x4x10x8xf32>, %q2: tensor<?x4x?x16xf32>, %k2: tensor<?x4x?x16xf32>, %len: tensor<3xi32>, %m: tensor<5x10xi1>) -> (tensor<2x4x?x8xf32>, tensor<3x4x5x16xf32>) {
  %o = seq.sdpa %q, %k, %v : tensor<?x?x?x16xf32>, tensor<2x?x10x16xf32>, tensor<?x4x10x8xf32>
  %p = seq.sdpa %q2, %k2, %k2 key_lengths(%len : tensor<3xi32>) mask(%m : tensor<5x10xi1>) : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
  return %o, %p : tensor<2x4x?x8xf32>, tensor<3x4x5x16xf32>
}

// masked_value: with an i1 mask, a masked score is the value instead of
// being removed (scores.masked_fill(~keep, c) before softmax).
// CHECK-LABEL: func.func @sdpa_masked_value(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<?x4x?x16xf32>, %[[K:[^:]+]]: tensor<?x4x?x16xf32>, %[[KEEP:[^:]+]]: tensor<?x1x1x?xi1>, %[[Q2:[^:]+]]: tensor<2x4x7x16xf32>, %[[K2:[^:]+]]: tensor<2x4x9x16xf32>, %[[M:[^:]+]]: tensor<7x9xi1>)
// CHECK: %[[O:.+]] = seq.sdpa %[[Q]], %[[K]], %[[K]] mask(%[[KEEP]] : tensor<?x1x1x?xi1>) {masked_value = -1.000000e+09 : f32, scale = 2.500000e-01 : f32} : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
// CHECK: %[[P:.+]] = seq.sdpa %[[Q2]], %[[K2]], %[[K2]] mask(%[[M]] : tensor<7x9xi1>) {masked_value = 0.000000e+00 : f32} : tensor<2x4x7x16xf32>, tensor<2x4x9x16xf32>, tensor<2x4x9x16xf32>
// CHECK: return %[[O]], %[[P]] : tensor<?x4x?x16xf32>, tensor<2x4x7x16xf32>
func.func @sdpa_masked_value(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>, %keep: tensor<?x1x1x?xi1>, %q2: tensor<2x4x7x16xf32>, %k2: tensor<2x4x9x16xf32>, %m: tensor<7x9xi1>) -> (tensor<?x4x?x16xf32>, tensor<2x4x7x16xf32>) {
  %o = seq.sdpa %q, %k, %k mask(%keep : tensor<?x1x1x?xi1>) {masked_value = -1.0e9 : f32, scale = 0.25 : f32} : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
  %p = seq.sdpa %q2, %k2, %k2 mask(%m : tensor<7x9xi1>) {masked_value = 0.0 : f32} : tensor<2x4x7x16xf32>, tensor<2x4x9x16xf32>, tensor<2x4x9x16xf32>
  return %o, %p : tensor<?x4x?x16xf32>, tensor<2x4x7x16xf32>
}

// nan_if_empty: a row with no kept key is NaN; alone, with an additive or
// an i1 mask, and with key lengths and a causal mask.
// CHECK-LABEL: func.func @sdpa_nan_if_empty(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<2x4x7x16xf32>, %[[K:[^:]+]]: tensor<2x4x9x16xf32>, %[[ADD:[^:]+]]: tensor<7x9xf32>, %[[KEEP:[^:]+]]: tensor<2x1x1x9xi1>, %[[LEN:[^:]+]]: tensor<2xi32>)
// CHECK: %[[A:.+]] = seq.sdpa %[[Q]], %[[K]], %[[K]] {nan_if_empty} : tensor<2x4x7x16xf32>, tensor<2x4x9x16xf32>, tensor<2x4x9x16xf32>
// CHECK: %[[B:.+]] = seq.sdpa %[[Q]], %[[K]], %[[K]] mask(%[[ADD]] : tensor<7x9xf32>) {nan_if_empty, scale = 1.000000e+00 : f32} : tensor<2x4x7x16xf32>, tensor<2x4x9x16xf32>, tensor<2x4x9x16xf32>
// CHECK: %[[C:.+]] = seq.sdpa %[[Q]], %[[K]], %[[K]] mask(%[[KEEP]] : tensor<2x1x1x9xi1>) {nan_if_empty} : tensor<2x4x7x16xf32>, tensor<2x4x9x16xf32>, tensor<2x4x9x16xf32>
// CHECK: %[[D:.+]] = seq.sdpa %[[Q]], %[[K]], %[[K]] key_lengths(%[[LEN]] : tensor<2xi32>) causal(top_left) {nan_if_empty} : tensor<2x4x7x16xf32>, tensor<2x4x9x16xf32>, tensor<2x4x9x16xf32>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]] : tensor<2x4x7x16xf32>, tensor<2x4x7x16xf32>, tensor<2x4x7x16xf32>, tensor<2x4x7x16xf32>
func.func @sdpa_nan_if_empty(%q: tensor<2x4x7x16xf32>, %k: tensor<2x4x9x16xf32>, %add: tensor<7x9xf32>, %keep: tensor<2x1x1x9xi1>, %len: tensor<2xi32>) -> (tensor<2x4x7x16xf32>, tensor<2x4x7x16xf32>, tensor<2x4x7x16xf32>, tensor<2x4x7x16xf32>) {
  %a = seq.sdpa %q, %k, %k {nan_if_empty} : tensor<2x4x7x16xf32>, tensor<2x4x9x16xf32>, tensor<2x4x9x16xf32>
  %b = seq.sdpa %q, %k, %k mask(%add : tensor<7x9xf32>) {scale = 1.0 : f32, nan_if_empty} : tensor<2x4x7x16xf32>, tensor<2x4x9x16xf32>, tensor<2x4x9x16xf32>
  %c = seq.sdpa %q, %k, %k mask(%keep : tensor<2x1x1x9xi1>) {nan_if_empty} : tensor<2x4x7x16xf32>, tensor<2x4x9x16xf32>, tensor<2x4x9x16xf32>
  %d = seq.sdpa %q, %k, %k key_lengths(%len : tensor<2xi32>) causal(top_left) {nan_if_empty} : tensor<2x4x7x16xf32>, tensor<2x4x9x16xf32>, tensor<2x4x9x16xf32>
  return %a, %b, %c, %d : tensor<2x4x7x16xf32>, tensor<2x4x7x16xf32>, tensor<2x4x7x16xf32>, tensor<2x4x7x16xf32>
}
