// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.sdpa: q [B,H,Sq,D], k [B,H,Sk,D], v [B,H,Sk,Dv] with a
// static D >= 1, key_lengths [B], a mask broadcastable to [B,H,Sq,Sk] and a
// finite scale.

func.func @query_rank(%q: tensor<2x8x16xf32>, %k: tensor<2x4x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects query ([B, H, Sq, D]) of rank 4, got 'tensor<2x8x16xf32>'}}
  %o = seq.sdpa %q, %k, %k : tensor<2x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @key_rank(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x8x16x1xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects key ([B, H, Sk, D]) of rank 4, got 'tensor<2x4x8x16x1xf32>'}}
  %o = seq.sdpa %q, %k, %q : tensor<2x4x8x16xf32>, tensor<2x4x8x16x1xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @value_rank(%q: tensor<2x4x8x16xf32>, %v: tensor<8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects value ([B, H, Sk, Dv]) of rank 4, got 'tensor<8x16xf32>'}}
  %o = seq.sdpa %q, %q, %v : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<8x16xf32>
  return
}

// -----

func.func @query_key_batch(%q: tensor<2x4x8x16xf32>, %k: tensor<3x4x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects query dim 0 (2) to equal key dim 0 (3)}}
  %o = seq.sdpa %q, %k, %k : tensor<2x4x8x16xf32>, tensor<3x4x8x16xf32>, tensor<3x4x8x16xf32>
  return
}

// -----

func.func @query_value_batch(%q: tensor<2x4x8x16xf32>, %v: tensor<3x4x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects query dim 0 (2) to equal value dim 0 (3)}}
  %o = seq.sdpa %q, %q, %v : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<3x4x8x16xf32>
  return
}

// -----

// With a dynamic query batch, key and value must still agree.
func.func @key_value_batch(%q: tensor<?x4x8x16xf32>, %k: tensor<2x4x8x16xf32>, %v: tensor<3x4x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects key dim 0 (2) to equal value dim 0 (3)}}
  %o = seq.sdpa %q, %k, %v : tensor<?x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<3x4x8x16xf32>
  return
}

// -----

func.func @query_key_heads(%q: tensor<2x4x8x16xf32>, %k: tensor<2x2x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects query dim 1 (4) to equal key dim 1 (2)}}
  %o = seq.sdpa %q, %k, %k : tensor<2x4x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x16xf32>
  return
}

// -----

func.func @query_value_heads(%q: tensor<2x4x8x16xf32>, %v: tensor<2x1x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects query dim 1 (4) to equal value dim 1 (1)}}
  %o = seq.sdpa %q, %q, %v : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x1x8x16xf32>
  return
}

// -----

// With dynamic query heads, key and value must still agree.
func.func @key_value_heads(%q: tensor<2x?x8x16xf32>, %k: tensor<2x4x8x16xf32>, %v: tensor<2x8x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects key dim 1 (4) to equal value dim 1 (8)}}
  %o = seq.sdpa %q, %k, %v : tensor<2x?x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x8x8x16xf32>
  return
}

// -----

func.func @key_value_length(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x10x16xf32>, %v: tensor<2x4x9x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects key dim 2 (10) to equal value dim 2 (9)}}
  %o = seq.sdpa %q, %k, %v : tensor<2x4x8x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x9x16xf32>
  return
}

// -----

func.func @query_key_head_dim(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x8x32xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects query dim 3 (16) to equal key dim 3 (32)}}
  %o = seq.sdpa %q, %k, %k : tensor<2x4x8x16xf32>, tensor<2x4x8x32xf32>, tensor<2x4x8x32xf32>
  return
}

// -----

// The default scale 1/sqrt(D) needs a static D.
func.func @dynamic_head_dim(%q: tensor<2x4x8x?xf32>, %k: tensor<2x4x8x?xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects a static head dim (query dim 3), got 'tensor<2x4x8x?xf32>'}}
  %o = seq.sdpa %q, %k, %k : tensor<2x4x8x?xf32>, tensor<2x4x8x?xf32>, tensor<2x4x8x?xf32>
  return
}

// -----

func.func @zero_head_dim(%q: tensor<2x4x8x0xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects a head dim (query dim 3) of at least 1, got 'tensor<2x4x8x0xf32>'}}
  %o = seq.sdpa %q, %q, %q : tensor<2x4x8x0xf32>, tensor<2x4x8x0xf32>, tensor<2x4x8x0xf32>
  return
}

// -----

func.func @key_lengths_size(%q: tensor<2x4x8x16xf32>, %len: tensor<3xi32>) {
  // expected-error @+1 {{'seq.sdpa' op expects key_lengths of shape [batch] = [2], got 'tensor<3xi32>'}}
  %o = seq.sdpa %q, %q, %q key_lengths(%len : tensor<3xi32>) : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @key_lengths_rank(%q: tensor<?x4x8x16xf32>, %len: tensor<2x1xi64>) {
  // expected-error @+1 {{'seq.sdpa' op expects key_lengths of rank 1, got 'tensor<2x1xi64>'}}
  %o = seq.sdpa %q, %q, %q key_lengths(%len : tensor<2x1xi64>) : tensor<?x4x8x16xf32>, tensor<?x4x8x16xf32>, tensor<?x4x8x16xf32>
  return
}

// -----

func.func @key_lengths_float(%q: tensor<2x4x8x16xf32>, %len: tensor<2xf32>) {
  // expected-error @+1 {{'seq.sdpa' op operand #3 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<2xf32>'}}
  %o = seq.sdpa %q, %q, %q key_lengths(%len : tensor<2xf32>) : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @mask_rank(%q: tensor<2x4x8x16xf32>, %m: tensor<1x2x4x8x8xi1>) {
  // expected-error @+1 {{'seq.sdpa' op expects mask of rank at most 4, got 'tensor<1x2x4x8x8xi1>'}}
  %o = seq.sdpa %q, %q, %q mask(%m : tensor<1x2x4x8x8xi1>) : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

// A [Sq, Sk] mask is aligned on the trailing dims.
func.func @mask_key_dim(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x10x16xf32>, %m: tensor<8x8xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects mask dim 1 (8) to be 1 or to match attention dim 3 (10) of [batch, heads, query, key]}}
  %o = seq.sdpa %q, %k, %k mask(%m : tensor<8x8xf32>) : tensor<2x4x8x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x10x16xf32>
  return
}

// -----

// A key-padding mask must be [B, 1, 1, Sk], not [B, Sk].
func.func @mask_padding_layout(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x10x16xf32>, %m: tensor<2x10xi1>) {
  // expected-error @+1 {{'seq.sdpa' op expects mask dim 0 (2) to be 1 or to match attention dim 2 (8) of [batch, heads, query, key]}}
  %o = seq.sdpa %q, %k, %k mask(%m : tensor<2x10xi1>) : tensor<2x4x8x16xf32>, tensor<2x4x10x16xf32>, tensor<2x4x10x16xf32>
  return
}

// -----

func.func @mask_heads(%q: tensor<?x4x?x16xf32>, %m: tensor<?x3x?x?xi1>) {
  // expected-error @+1 {{'seq.sdpa' op expects mask dim 1 (3) to be 1 or to match attention dim 1 (4) of [batch, heads, query, key]}}
  %o = seq.sdpa %q, %q, %q mask(%m : tensor<?x3x?x?xi1>) : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
  return
}

// -----

// With a dynamic batch, the key lengths fix it for the mask.
func.func @mask_batch_vs_key_lengths(%q: tensor<?x4x8x16xf32>, %len: tensor<2xi32>, %m: tensor<3x1x1x8xi1>) {
  // expected-error @+1 {{'seq.sdpa' op expects mask dim 0 (3) to be 1 or to match attention dim 0 (2) of [batch, heads, query, key]}}
  %o = seq.sdpa %q, %q, %q key_lengths(%len : tensor<2xi32>) mask(%m : tensor<3x1x1x8xi1>) : tensor<?x4x8x16xf32>, tensor<?x4x8x16xf32>, tensor<?x4x8x16xf32>
  return
}

// -----

func.func @mask_integer(%q: tensor<2x4x8x16xf32>, %m: tensor<8x8xi32>) {
  // expected-error @+1 {{'seq.sdpa' op operand #3 must be ranked tensor of 1-bit signless integer or 32-bit float values, but got 'tensor<8x8xi32>'}}
  %o = seq.sdpa %q, %q, %q mask(%m : tensor<8x8xi32>) : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @unknown_causal(%q: tensor<2x4x8x16xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'causal' [top_left, bottom_right]}}
  %o = seq.sdpa %q, %q, %q causal(top_right) : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @infinite_scale(%q: tensor<2x4x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects a finite scale, got INF}}
  %o = seq.sdpa %q, %q, %q {scale = 0x7F800000 : f32} : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @nan_scale(%q: tensor<2x4x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op expects a finite scale, got nan}}
  %o = seq.sdpa %q, %q, %q {scale = 0x7FC00000 : f32} : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @f64_scale(%q: tensor<2x4x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op attribute 'scale' failed to satisfy constraint: 32-bit float attribute}}
  %o = seq.sdpa %q, %q, %q {scale = 0.25 : f64} : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @mixed_float_types(%q: tensor<2x4x8x16xf32>, %v: tensor<2x4x8x16xf16>) {
  // expected-error @+1 {{'seq.sdpa' op expects all float operands to have one element type, got 'f32' and 'f16'}}
  %o = seq.sdpa %q, %q, %v : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf16>
  return
}

// -----

func.func @integer_query(%q: tensor<2x4x8x16xi32>, %k: tensor<2x4x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<2x4x8x16xi32>'}}
  %o = seq.sdpa %q, %k, %k : tensor<2x4x8x16xi32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @generic_missing_segments(%q: tensor<2x4x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op operand count (3) does not match with the total size (0) specified in attribute 'operandSegmentSizes'}}
  %o = "seq.sdpa"(%q, %q, %q) : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32>
  return
}

// -----

func.func @generic_key_lengths_size(%q: tensor<2x4x8x16xf32>, %len: tensor<4xi32>) {
  // expected-error @+2 {{'seq.sdpa' op expects key_lengths of shape [batch] = [2], got 'tensor<4xi32>'}}
  // expected-error @+1 {{'seq.sdpa' op failed to infer returned types}}
  %o = "seq.sdpa"(%q, %q, %q, %len) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0>}> : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<4xi32>) -> tensor<2x4x8x16xf32>
  return
}

// -----

func.func @generic_bad_causal(%q: tensor<2x4x8x16xf32>) {
  // expected-error @+1 {{Invalid attribute `causal` in property conversion: 2 : i32}}
  %o = "seq.sdpa"(%q, %q, %q) <{causal = 2 : i32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>}> : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32>
  return
}

// -----

func.func @generic_wrong_result(%q: tensor<2x4x8x16xf32>, %v: tensor<2x4x8x32xf32>) {
  // expected-error @+2 {{'seq.sdpa' op inferred type(s) 'tensor<2x4x8x32xf32>' are incompatible with return type(s) of operation 'tensor<2x4x8x16xf32>'}}
  // expected-error @+1 {{'seq.sdpa' op failed to infer returned types}}
  %o = "seq.sdpa"(%q, %q, %v) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>}> : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x32xf32>) -> tensor<2x4x8x16xf32>
  return
}

// -----

// The segments give the value no operand (this used to crash).
func.func @generic_no_value(%q: tensor<2x4x8x16xf32>, %len: tensor<2xi32>) {
  // expected-error @+1 {{'seq.sdpa' op expects operandSegmentSizes to give the required operand 'value' (segment 2) one value, got 0}}
  %o = "seq.sdpa"(%q, %q, %len) <{operandSegmentSizes = array<i32: 1, 1, 0, 1, 0>}> : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2xi32>) -> tensor<2x4x8x16xf32>
  return
}

// -----

func.func @masked_value_without_mask(%q: tensor<2x4x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op masked_value needs an i1 mask}}
  %o = seq.sdpa %q, %q, %q {masked_value = -1.0e9 : f32} : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

// An additive mask has no masked scores to replace.
func.func @masked_value_float_mask(%q: tensor<2x4x8x16xf32>, %m: tensor<8x8xf32>) {
  // expected-error @+1 {{'seq.sdpa' op masked_value needs an i1 mask}}
  %o = seq.sdpa %q, %q, %q mask(%m : tensor<8x8xf32>) {masked_value = -1.0e9 : f32} : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @masked_value_key_lengths(%q: tensor<2x4x8x16xf32>, %len: tensor<2xi32>, %m: tensor<8x8xi1>) {
  // expected-error @+1 {{'seq.sdpa' op masked_value applies to the i1 mask alone: it cannot be combined with key_lengths or causal}}
  %o = seq.sdpa %q, %q, %q key_lengths(%len : tensor<2xi32>) mask(%m : tensor<8x8xi1>) {masked_value = -1.0e9 : f32} : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @masked_value_causal(%q: tensor<2x4x8x16xf32>, %m: tensor<8x8xi1>) {
  // expected-error @+1 {{'seq.sdpa' op masked_value applies to the i1 mask alone: it cannot be combined with key_lengths or causal}}
  %o = seq.sdpa %q, %q, %q mask(%m : tensor<8x8xi1>) causal(bottom_right) {masked_value = -1.0e9 : f32} : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

// -inf is what plain masking does: no masked_value (nan_if_empty gives
// softmax's NaN for an all-masked row).
func.func @masked_value_negative_infinity(%q: tensor<2x4x8x16xf32>, %m: tensor<8x8xi1>) {
  // expected-error @+1 {{'seq.sdpa' op expects a finite masked_value, got -INF}}
  %o = seq.sdpa %q, %q, %q mask(%m : tensor<8x8xi1>) {masked_value = 0xFF800000 : f32} : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @masked_value_infinity(%q: tensor<2x4x8x16xf32>, %m: tensor<8x8xi1>) {
  // expected-error @+1 {{'seq.sdpa' op expects a finite masked_value, got INF}}
  %o = seq.sdpa %q, %q, %q mask(%m : tensor<8x8xi1>) {masked_value = 0x7F800000 : f32} : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @masked_value_nan(%q: tensor<2x4x8x16xf32>, %m: tensor<8x8xi1>) {
  // expected-error @+1 {{'seq.sdpa' op expects a finite masked_value, got nan}}
  %o = seq.sdpa %q, %q, %q mask(%m : tensor<8x8xi1>) {masked_value = 0x7FC00000 : f32} : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @masked_value_f64(%q: tensor<2x4x8x16xf32>, %m: tensor<8x8xi1>) {
  // expected-error @+1 {{'seq.sdpa' op attribute 'masked_value' failed to satisfy constraint: 32-bit float attribute}}
  %o = seq.sdpa %q, %q, %q mask(%m : tensor<8x8xi1>) {masked_value = -1.0e9 : f64} : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @nan_if_empty_with_value(%q: tensor<2x4x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op attribute 'nan_if_empty' failed to satisfy constraint: unit attribute}}
  %o = seq.sdpa %q, %q, %q {nan_if_empty = true} : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
  return
}

// -----

func.func @generic_masked_value_without_mask(%q: tensor<2x4x8x16xf32>) {
  // expected-error @+1 {{'seq.sdpa' op masked_value needs an i1 mask}}
  %o = "seq.sdpa"(%q, %q, %q) <{masked_value = -1.0e9 : f32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>}> : (tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32>
  return
}
