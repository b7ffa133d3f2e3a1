// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.multi_head_attention: query [B,Sq,E], key [B,Sk,Ek],
// value [B,Sk,Ev]; heads divides E; either a packed in_proj_weight [3E,E]
// (Ek = Ev = E) or all of q/k/v_proj_weight; biases and masks as in PyTorch.

func.func @query_rank(%q: tensor<2x4x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects query ([B, Sq, E]) of rank 3, got 'tensor<2x4x5x16xf32>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x4x5x16xf32>, tensor<2x4x5x16xf32>, tensor<2x4x5x16xf32>
  return
}

// -----

func.func @key_rank(%q: tensor<2x5x16xf32>, %k: tensor<5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects key ([B, Sk, Ek]) of rank 3, got 'tensor<5x16xf32>'}}
  %o = seq.multi_head_attention %q, %k, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @value_rank(%q: tensor<2x5x16xf32>, %v: tensor<16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects value ([B, Sk, Ev]) of rank 3, got 'tensor<16xf32>'}}
  %o = seq.multi_head_attention %q, %q, %v heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<16xf32>
  return
}

// -----

func.func @query_key_batch(%q: tensor<2x5x16xf32>, %k: tensor<3x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects query dim 0 (2) to equal key dim 0 (3)}}
  %o = seq.multi_head_attention %q, %k, %k heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<3x5x16xf32>, tensor<3x5x16xf32>
  return
}

// -----

func.func @query_value_batch(%q: tensor<2x5x16xf32>, %v: tensor<4x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects query dim 0 (2) to equal value dim 0 (4)}}
  %o = seq.multi_head_attention %q, %q, %v heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<4x5x16xf32>
  return
}

// -----

// With a dynamic query batch, key and value must still agree.
func.func @key_value_batch(%q: tensor<?x5x16xf32>, %k: tensor<2x5x16xf32>, %v: tensor<3x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects key dim 0 (2) to equal value dim 0 (3)}}
  %o = seq.multi_head_attention %q, %k, %v heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<?x5x16xf32>, tensor<2x5x16xf32>, tensor<3x5x16xf32>
  return
}

// -----

func.func @key_value_length(%q: tensor<2x5x16xf32>, %k: tensor<2x7x16xf32>, %v: tensor<2x6x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects key dim 1 (7) to equal value dim 1 (6)}}
  %o = seq.multi_head_attention %q, %k, %v heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x7x16xf32>, tensor<2x6x16xf32>
  return
}

// -----

func.func @dynamic_embed(%q: tensor<2x5x?xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects a static embed dim (query dim 2), got 'tensor<2x5x?xf32>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x?xf32>, tensor<2x5x?xf32>, tensor<2x5x?xf32>
  return
}

// -----

func.func @zero_embed(%q: tensor<2x5x0xf32>, %w: tensor<0x0xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects an embed dim (query dim 2) of at least 1, got 'tensor<2x5x0xf32>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(1) in_proj_weight(%w : tensor<0x0xf32>) out_proj_weight(%w : tensor<0x0xf32>) : tensor<2x5x0xf32>, tensor<2x5x0xf32>, tensor<2x5x0xf32>
  return
}

// -----

func.func @zero_heads(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects heads >= 1, got 0}}
  %o = seq.multi_head_attention %q, %q, %q heads(0) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @negative_heads(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects heads >= 1, got -4}}
  %o = seq.multi_head_attention %q, %q, %q heads(-4) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @heads_do_not_divide(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects heads (3) to divide embed dim 16}}
  %o = seq.multi_head_attention %q, %q, %q heads(3) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @dynamic_key_features(%q: tensor<2x5x16xf32>, %k: tensor<2x7x?xf32>, %v: tensor<2x7x16xf32>, %wq: tensor<16x16xf32>, %wk: tensor<16x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects static key and value feature dims, got 'tensor<2x7x?xf32>' and 'tensor<2x7x16xf32>'}}
  %o = seq.multi_head_attention %q, %k, %v heads(2) q_proj_weight(%wq : tensor<16x16xf32>) k_proj_weight(%wk : tensor<16x16xf32>) v_proj_weight(%wq : tensor<16x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x7x?xf32>, tensor<2x7x16xf32>
  return
}

// -----

func.func @no_projection(%q: tensor<2x5x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects either in_proj_weight or all of q_proj_weight, k_proj_weight and v_proj_weight}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @packed_and_separate(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %wq: tensor<16x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects either in_proj_weight or all of q_proj_weight, k_proj_weight and v_proj_weight}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) q_proj_weight(%wq : tensor<16x16xf32>) k_proj_weight(%wq : tensor<16x16xf32>) v_proj_weight(%wq : tensor<16x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @missing_v_proj(%q: tensor<2x5x16xf32>, %wq: tensor<16x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects all of q_proj_weight, k_proj_weight and v_proj_weight when any is given}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) q_proj_weight(%wq : tensor<16x16xf32>) k_proj_weight(%wq : tensor<16x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @missing_q_proj(%q: tensor<2x5x16xf32>, %wq: tensor<16x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects all of q_proj_weight, k_proj_weight and v_proj_weight when any is given}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) k_proj_weight(%wq : tensor<16x16xf32>) v_proj_weight(%wq : tensor<16x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

// PyTorch packs the projections only when kdim = vdim = embed_dim.
func.func @packed_with_kdim(%q: tensor<2x5x16xf32>, %k: tensor<2x7x8xf32>, %v: tensor<2x7x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects key and value feature dims (8, 16) to equal the embed dim (16) with a packed in_proj_weight; use separate projections}}
  %o = seq.multi_head_attention %q, %k, %v heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x7x8xf32>, tensor<2x7x16xf32>
  return
}

// -----

func.func @in_proj_weight_shape(%q: tensor<2x5x16xf32>, %w: tensor<16x48xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects in_proj_weight of shape [3*E, E] = [48, 16], got 'tensor<16x48xf32>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<16x48xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @in_proj_weight_rank(%q: tensor<2x5x16xf32>, %w: tensor<3x16x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects in_proj_weight of rank 2, got 'tensor<3x16x16xf32>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<3x16x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @q_proj_weight_shape(%q: tensor<2x5x16xf32>, %k: tensor<2x7x8xf32>, %v: tensor<2x7x4xf32>, %wq: tensor<16x8xf32>, %wk: tensor<16x8xf32>, %wv: tensor<16x4xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects q_proj_weight of shape [E, E] = [16, 16], got 'tensor<16x8xf32>'}}
  %o = seq.multi_head_attention %q, %k, %v heads(2) q_proj_weight(%wq : tensor<16x8xf32>) k_proj_weight(%wk : tensor<16x8xf32>) v_proj_weight(%wv : tensor<16x4xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x7x8xf32>, tensor<2x7x4xf32>
  return
}

// -----

func.func @k_proj_weight_shape(%q: tensor<2x5x16xf32>, %k: tensor<2x7x8xf32>, %v: tensor<2x7x4xf32>, %wq: tensor<16x16xf32>, %wk: tensor<8x16xf32>, %wv: tensor<16x4xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects k_proj_weight of shape [E, Ek] = [16, 8], got 'tensor<8x16xf32>'}}
  %o = seq.multi_head_attention %q, %k, %v heads(2) q_proj_weight(%wq : tensor<16x16xf32>) k_proj_weight(%wk : tensor<8x16xf32>) v_proj_weight(%wv : tensor<16x4xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x7x8xf32>, tensor<2x7x4xf32>
  return
}

// -----

func.func @v_proj_weight_shape(%q: tensor<2x5x16xf32>, %k: tensor<2x7x8xf32>, %v: tensor<2x7x4xf32>, %wq: tensor<16x16xf32>, %wk: tensor<16x8xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects v_proj_weight of shape [E, Ev] = [16, 4], got 'tensor<16x8xf32>'}}
  %o = seq.multi_head_attention %q, %k, %v heads(2) q_proj_weight(%wq : tensor<16x16xf32>) k_proj_weight(%wk : tensor<16x8xf32>) v_proj_weight(%wk : tensor<16x8xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x7x8xf32>, tensor<2x7x4xf32>
  return
}

// -----

func.func @in_proj_bias_shape(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %b: tensor<16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects in_proj_bias of shape [3*E] = [48], got 'tensor<16xf32>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) in_proj_bias(%b : tensor<16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @out_proj_weight_shape(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x32xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects out_proj_weight of shape [E, E] = [16, 16], got 'tensor<16x32xf32>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x32xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @out_proj_bias_shape(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>, %ob: tensor<48xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects out_proj_bias of shape [E] = [16], got 'tensor<48xf32>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) out_proj_bias(%ob : tensor<48xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @key_lengths_size(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>, %len: tensor<5xi64>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects key_lengths of shape [batch] = [2], got 'tensor<5xi64>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) key_lengths(%len : tensor<5xi64>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @key_lengths_rank(%q: tensor<?x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>, %len: tensor<i32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects key_lengths of rank 1, got 'tensor<i32>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) key_lengths(%len : tensor<i32>) : tensor<?x5x16xf32>, tensor<?x5x16xf32>, tensor<?x5x16xf32>
  return
}

// -----

// The mask's head dim is the number of heads, not the embed dim.
func.func @mask_heads(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>, %m: tensor<2x16x5x5xi1>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects mask dim 1 (16) to be 1 or to match attention dim 1 (2) of [batch, heads, query, key]}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) mask(%m : tensor<2x16x5x5xi1>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @mask_key_length(%q: tensor<2x5x16xf32>, %kv: tensor<2x7x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>, %m: tensor<5x5xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects mask dim 1 (5) to be 1 or to match attention dim 3 (7) of [batch, heads, query, key]}}
  %o = seq.multi_head_attention %q, %kv, %kv heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) mask(%m : tensor<5x5xf32>) : tensor<2x5x16xf32>, tensor<2x7x16xf32>, tensor<2x7x16xf32>
  return
}

// -----

func.func @mask_rank(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>, %m: tensor<1x2x2x5x5xi1>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects mask of rank at most 4, got 'tensor<1x2x2x5x5xi1>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) mask(%m : tensor<1x2x2x5x5xi1>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

// With a dynamic batch, the key lengths fix it for the mask.
func.func @mask_batch_vs_key_lengths(%q: tensor<?x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>, %len: tensor<2xi32>, %m: tensor<4x1x1x5xi1>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects mask dim 0 (4) to be 1 or to match attention dim 0 (2) of [batch, heads, query, key]}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) key_lengths(%len : tensor<2xi32>) mask(%m : tensor<4x1x1x5xi1>) : tensor<?x5x16xf32>, tensor<?x5x16xf32>, tensor<?x5x16xf32>
  return
}

// -----

func.func @mask_f16(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>, %m: tensor<5x5xf16>) {
  // expected-error @+1 {{'seq.multi_head_attention' op operand #5 must be ranked tensor of 1-bit signless integer or 32-bit float values, but got 'tensor<5x5xf16>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) mask(%m : tensor<5x5xf16>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @infinite_scale(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects a finite scale, got -INF}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) {scale = 0xFF800000 : f32} : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @unknown_causal(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'causal' [top_left, bottom_right]}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) causal(true) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @mixed_float_types(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf16>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects all float operands to have one element type, got 'f32' and 'f16'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf16>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @integer_weight(%q: tensor<2x5x16xf32>, %w: tensor<48x16xi32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op operand #3 must be ranked tensor of 32-bit float values, but got 'tensor<48x16xi32>'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xi32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @missing_out_proj_weight(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>) {
  // expected-error @+1 {{expected 'out_proj_weight'}}
  %o = seq.multi_head_attention %q, %q, %q heads(2) in_proj_weight(%w : tensor<48x16xf32>) : tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>
  return
}

// -----

func.func @generic_missing_heads(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op requires attribute 'heads'}}
  %o = "seq.multi_head_attention"(%q, %q, %q, %w, %ow) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0>}> : (tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<48x16xf32>, tensor<16x16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

func.func @generic_heads_do_not_divide(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>) {
  // expected-error @+2 {{'seq.multi_head_attention' op expects heads (5) to divide embed dim 16}}
  // expected-error @+1 {{'seq.multi_head_attention' op failed to infer returned types}}
  %o = "seq.multi_head_attention"(%q, %q, %q, %w, %ow) <{heads = 5 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0>}> : (tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<48x16xf32>, tensor<16x16xf32>) -> tensor<2x5x16xf32>
  return
}

// -----

// The segments give out_proj_weight no value (this used to crash).
func.func @generic_missing_out_proj_weight(%q: tensor<2x5x16xf32>, %w: tensor<48x16xf32>) {
  // expected-error @+1 {{'seq.multi_head_attention' op expects operandSegmentSizes to give the required operand 'out_proj_weight' (segment 8) one value, got 0}}
  %o = "seq.multi_head_attention"(%q, %q, %q, %w) <{heads = 2 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<2x5x16xf32>, tensor<48x16xf32>) -> tensor<2x5x16xf32>
  return
}
