// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.multi_head_attention (torch.nn.MultiheadAttention,
// batch first): a packed in_proj_weight [3E,E] or separate q/k/v projections
// ([E,E], [E,Ek], [E,Ev]), optional in_proj_bias [3E] and out_proj_bias [E],
// and the masks of seq.sdpa.

// Packed projection with biases and i32 key lengths, as in the op's
// documentation.
// CHECK-LABEL: func.func @mha_packed(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x256xf32>, %[[W:[^:]+]]: tensor<768x256xf32>, %[[B:[^:]+]]: tensor<768xf32>, %[[OW:[^:]+]]: tensor<256x256xf32>, %[[OB:[^:]+]]: tensor<256xf32>, %[[LEN:[^:]+]]: tensor<?xi32>)
// CHECK: %[[O:.+]] = seq.multi_head_attention %[[X]], %[[X]], %[[X]] heads(4) in_proj_weight(%[[W]] : tensor<768x256xf32>) in_proj_bias(%[[B]] : tensor<768xf32>) out_proj_weight(%[[OW]] : tensor<256x256xf32>) out_proj_bias(%[[OB]] : tensor<256xf32>) key_lengths(%[[LEN]] : tensor<?xi32>) : tensor<?x?x256xf32>, tensor<?x?x256xf32>, tensor<?x?x256xf32>
// CHECK: return %[[O]] : tensor<?x?x256xf32>
func.func @mha_packed(%x: tensor<?x?x256xf32>, %w: tensor<768x256xf32>, %b: tensor<768xf32>, %ow: tensor<256x256xf32>, %ob: tensor<256xf32>, %len: tensor<?xi32>) -> tensor<?x?x256xf32> {
  %o = seq.multi_head_attention %x, %x, %x heads(4) in_proj_weight(%w : tensor<768x256xf32>) in_proj_bias(%b : tensor<768xf32>) out_proj_weight(%ow : tensor<256x256xf32>) out_proj_bias(%ob : tensor<256xf32>) key_lengths(%len : tensor<?xi32>) : tensor<?x?x256xf32>, tensor<?x?x256xf32>, tensor<?x?x256xf32>
  return %o : tensor<?x?x256xf32>
}

// Packed projection without biases (bias=False), static shapes, one head.
// CHECK-LABEL: func.func @mha_packed_no_bias(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<2x5x16xf32>, %[[KV:[^:]+]]: tensor<2x7x16xf32>, %[[W:[^:]+]]: tensor<48x16xf32>, %[[OW:[^:]+]]: tensor<16x16xf32>)
// CHECK: %[[O:.+]] = seq.multi_head_attention %[[Q]], %[[KV]], %[[KV]] heads(1) in_proj_weight(%[[W]] : tensor<48x16xf32>) out_proj_weight(%[[OW]] : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x7x16xf32>, tensor<2x7x16xf32>
// CHECK: return %[[O]] : tensor<2x5x16xf32>
func.func @mha_packed_no_bias(%q: tensor<2x5x16xf32>, %kv: tensor<2x7x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) -> tensor<2x5x16xf32> {
  %o = seq.multi_head_attention %q, %kv, %kv heads(1) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x7x16xf32>, tensor<2x7x16xf32>
  return %o : tensor<2x5x16xf32>
}

// Separate projections with kdim and vdim different from the embed dim, an
// in_proj_bias and i64 key lengths.
// CHECK-LABEL: func.func @mha_separate(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<?x?x64xf32>, %[[K:[^:]+]]: tensor<?x?x32xf32>, %[[V:[^:]+]]: tensor<?x?x48xf32>, %[[WQ:[^:]+]]: tensor<64x64xf32>, %[[WK:[^:]+]]: tensor<64x32xf32>, %[[WV:[^:]+]]: tensor<64x48xf32>, %[[B:[^:]+]]: tensor<192xf32>, %[[OW:[^:]+]]: tensor<64x64xf32>, %[[LEN:[^:]+]]: tensor<?xi64>)
// CHECK: %[[O:.+]] = seq.multi_head_attention %[[Q]], %[[K]], %[[V]] heads(8) in_proj_bias(%[[B]] : tensor<192xf32>) q_proj_weight(%[[WQ]] : tensor<64x64xf32>) k_proj_weight(%[[WK]] : tensor<64x32xf32>) v_proj_weight(%[[WV]] : tensor<64x48xf32>) out_proj_weight(%[[OW]] : tensor<64x64xf32>) key_lengths(%[[LEN]] : tensor<?xi64>) : tensor<?x?x64xf32>, tensor<?x?x32xf32>, tensor<?x?x48xf32>
// CHECK: return %[[O]] : tensor<?x?x64xf32>
func.func @mha_separate(%q: tensor<?x?x64xf32>, %k: tensor<?x?x32xf32>, %v: tensor<?x?x48xf32>, %wq: tensor<64x64xf32>, %wk: tensor<64x32xf32>, %wv: tensor<64x48xf32>, %b: tensor<192xf32>, %ow: tensor<64x64xf32>, %len: tensor<?xi64>) -> tensor<?x?x64xf32> {
  %o = seq.multi_head_attention %q, %k, %v heads(8) in_proj_bias(%b : tensor<192xf32>) q_proj_weight(%wq : tensor<64x64xf32>) k_proj_weight(%wk : tensor<64x32xf32>) v_proj_weight(%wv : tensor<64x48xf32>) out_proj_weight(%ow : tensor<64x64xf32>) key_lengths(%len : tensor<?xi64>) : tensor<?x?x64xf32>, tensor<?x?x32xf32>, tensor<?x?x48xf32>
  return %o : tensor<?x?x64xf32>
}

// Separate projections, no biases, kdim = vdim = E.
// CHECK-LABEL: func.func @mha_separate_same_dims(
// CHECK-SAME: %[[X:[^:]+]]: tensor<3x4x16xf32>, %[[WQ:[^:]+]]: tensor<16x16xf32>, %[[WK:[^:]+]]: tensor<16x16xf32>, %[[WV:[^:]+]]: tensor<16x16xf32>, %[[OW:[^:]+]]: tensor<16x16xf32>, %[[OB:[^:]+]]: tensor<16xf32>)
// CHECK: %[[O:.+]] = seq.multi_head_attention %[[X]], %[[X]], %[[X]] heads(2) q_proj_weight(%[[WQ]] : tensor<16x16xf32>) k_proj_weight(%[[WK]] : tensor<16x16xf32>) v_proj_weight(%[[WV]] : tensor<16x16xf32>) out_proj_weight(%[[OW]] : tensor<16x16xf32>) out_proj_bias(%[[OB]] : tensor<16xf32>) : tensor<3x4x16xf32>, tensor<3x4x16xf32>, tensor<3x4x16xf32>
// CHECK: return %[[O]] : tensor<3x4x16xf32>
func.func @mha_separate_same_dims(%x: tensor<3x4x16xf32>, %wq: tensor<16x16xf32>, %wk: tensor<16x16xf32>, %wv: tensor<16x16xf32>, %ow: tensor<16x16xf32>, %ob: tensor<16xf32>) -> tensor<3x4x16xf32> {
  %o = seq.multi_head_attention %x, %x, %x heads(2) q_proj_weight(%wq : tensor<16x16xf32>) k_proj_weight(%wk : tensor<16x16xf32>) v_proj_weight(%wv : tensor<16x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) out_proj_bias(%ob : tensor<16xf32>) : tensor<3x4x16xf32>, tensor<3x4x16xf32>, tensor<3x4x16xf32>
  return %o : tensor<3x4x16xf32>
}

// An i1 key-padding keep-mask [B,1,1,Sk] and a top-left causal mask.
// CHECK-LABEL: func.func @mha_mask_i1_causal_top_left(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x32xf32>, %[[W:[^:]+]]: tensor<96x32xf32>, %[[OW:[^:]+]]: tensor<32x32xf32>, %[[M:[^:]+]]: tensor<?x1x1x?xi1>)
// CHECK: %[[O:.+]] = seq.multi_head_attention %[[X]], %[[X]], %[[X]] heads(4) in_proj_weight(%[[W]] : tensor<96x32xf32>) out_proj_weight(%[[OW]] : tensor<32x32xf32>) mask(%[[M]] : tensor<?x1x1x?xi1>) causal(top_left) : tensor<?x?x32xf32>, tensor<?x?x32xf32>, tensor<?x?x32xf32>
// CHECK: return %[[O]] : tensor<?x?x32xf32>
func.func @mha_mask_i1_causal_top_left(%x: tensor<?x?x32xf32>, %w: tensor<96x32xf32>, %ow: tensor<32x32xf32>, %m: tensor<?x1x1x?xi1>) -> tensor<?x?x32xf32> {
  %o = seq.multi_head_attention %x, %x, %x heads(4) in_proj_weight(%w : tensor<96x32xf32>) out_proj_weight(%ow : tensor<32x32xf32>) mask(%m : tensor<?x1x1x?xi1>) causal(top_left) : tensor<?x?x32xf32>, tensor<?x?x32xf32>, tensor<?x?x32xf32>
  return %o : tensor<?x?x32xf32>
}

// An additive f32 mask [Sq,Sk], a bottom-right causal mask and a scale.
// CHECK-LABEL: func.func @mha_mask_f32_causal_bottom_right(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<2x1x32xf32>, %[[KV:[^:]+]]: tensor<2x9x32xf32>, %[[W:[^:]+]]: tensor<96x32xf32>, %[[OW:[^:]+]]: tensor<32x32xf32>, %[[M:[^:]+]]: tensor<1x9xf32>)
// CHECK: %[[O:.+]] = seq.multi_head_attention %[[Q]], %[[KV]], %[[KV]] heads(4) in_proj_weight(%[[W]] : tensor<96x32xf32>) out_proj_weight(%[[OW]] : tensor<32x32xf32>) mask(%[[M]] : tensor<1x9xf32>) causal(bottom_right) {scale = 2.500000e-01 : f32} : tensor<2x1x32xf32>, tensor<2x9x32xf32>, tensor<2x9x32xf32>
// CHECK: return %[[O]] : tensor<2x1x32xf32>
func.func @mha_mask_f32_causal_bottom_right(%q: tensor<2x1x32xf32>, %kv: tensor<2x9x32xf32>, %w: tensor<96x32xf32>, %ow: tensor<32x32xf32>, %m: tensor<1x9xf32>) -> tensor<2x1x32xf32> {
  %o = seq.multi_head_attention %q, %kv, %kv heads(4) in_proj_weight(%w : tensor<96x32xf32>) out_proj_weight(%ow : tensor<32x32xf32>) mask(%m : tensor<1x9xf32>) causal(bottom_right) {scale = 2.500000e-01 : f32} : tensor<2x1x32xf32>, tensor<2x9x32xf32>, tensor<2x9x32xf32>
  return %o : tensor<2x1x32xf32>
}

// Every optional operand of the packed form at once.
// CHECK-LABEL: func.func @mha_all(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x32xf32>, %[[W:[^:]+]]: tensor<96x32xf32>, %[[B:[^:]+]]: tensor<96xf32>, %[[OW:[^:]+]]: tensor<32x32xf32>, %[[OB:[^:]+]]: tensor<32xf32>, %[[LEN:[^:]+]]: tensor<?xi32>, %[[M:[^:]+]]: tensor<?x4x?x?xi1>)
// CHECK: %[[O:.+]] = seq.multi_head_attention %[[X]], %[[X]], %[[X]] heads(4) in_proj_weight(%[[W]] : tensor<96x32xf32>) in_proj_bias(%[[B]] : tensor<96xf32>) out_proj_weight(%[[OW]] : tensor<32x32xf32>) out_proj_bias(%[[OB]] : tensor<32xf32>) key_lengths(%[[LEN]] : tensor<?xi32>) mask(%[[M]] : tensor<?x4x?x?xi1>) causal(top_left) {scale = 1.000000e+00 : f32} : tensor<?x?x32xf32>, tensor<?x?x32xf32>, tensor<?x?x32xf32>
// CHECK: return %[[O]] : tensor<?x?x32xf32>
func.func @mha_all(%x: tensor<?x?x32xf32>, %w: tensor<96x32xf32>, %b: tensor<96xf32>, %ow: tensor<32x32xf32>, %ob: tensor<32xf32>, %len: tensor<?xi32>, %m: tensor<?x4x?x?xi1>) -> tensor<?x?x32xf32> {
  %o = seq.multi_head_attention %x, %x, %x heads(4) in_proj_weight(%w : tensor<96x32xf32>) in_proj_bias(%b : tensor<96xf32>) out_proj_weight(%ow : tensor<32x32xf32>) out_proj_bias(%ob : tensor<32xf32>) key_lengths(%len : tensor<?xi32>) mask(%m : tensor<?x4x?x?xi1>) causal(top_left) {scale = 1.000000e+00 : f32} : tensor<?x?x32xf32>, tensor<?x?x32xf32>, tensor<?x?x32xf32>
  return %o : tensor<?x?x32xf32>
}

// The batch is refined from key and value, and from key lengths.
// CHECK-LABEL: func.func @mha_refine(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<?x5x16xf32>, %[[K:[^:]+]]: tensor<2x7x16xf32>, %[[Q2:[^:]+]]: tensor<?x?x16xf32>, %[[W:[^:]+]]: tensor<48x16xf32>, %[[OW:[^:]+]]: tensor<16x16xf32>, %[[LEN:[^:]+]]: tensor<3xi32>)
// CHECK: %[[O:.+]] = seq.multi_head_attention %[[Q]], %[[K]], %[[K]] heads(2) in_proj_weight(%[[W]] : tensor<48x16xf32>) out_proj_weight(%[[OW]] : tensor<16x16xf32>) : tensor<?x5x16xf32>, tensor<2x7x16xf32>, tensor<2x7x16xf32>
// CHECK: %[[P:.+]] = seq.multi_head_attention %[[Q2]], %[[Q2]], %[[Q2]] heads(2) in_proj_weight(%[[W]] : tensor<48x16xf32>) out_proj_weight(%[[OW]] : tensor<16x16xf32>) key_lengths(%[[LEN]] : tensor<3xi32>) : tensor<?x?x16xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32>
// CHECK: return %[[O]], %[[P]] : tensor<2x5x16xf32>, tensor<3x?x16xf32>
func.func @mha_refine(%q: tensor<?x5x16xf32>, %k: tensor<2x7x16xf32>, %q2: tensor<?x?x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>, %len: tensor<3xi32>) -> (tensor<2x5x16xf32>, tensor<3x?x16xf32>) {
  %o = seq.multi_head_attention %q, %k, %k heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<?x5x16xf32>, tensor<2x7x16xf32>, tensor<2x7x16xf32>
  %p = seq.multi_head_attention %q2, %q2, %q2 heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) key_lengths(%len : tensor<3xi32>) : tensor<?x?x16xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32>
  return %o, %p : tensor<2x5x16xf32>, tensor<3x?x16xf32>
}
