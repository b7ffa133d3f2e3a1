// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.linear. Shape rules are checked by result-type
// inference, which the custom parser runs; in the generic form they are
// checked by the verifier, which adds "failed to infer returned types".

func.func @input_rank_0(%x: tensor<f32>, %w: tensor<8x16xf32>) {
  // expected-error @+1 {{'seq.linear' op expects input of rank at least 1, got 'tensor<f32>'}}
  %y = seq.linear %x, %w : tensor<f32>, tensor<8x16xf32>
  return
}

// -----

func.func @weight_rank_1(%x: tensor<4x16xf32>, %w: tensor<16xf32>) {
  // expected-error @+1 {{'seq.linear' op expects weight ([out, in]) of rank 2, got 'tensor<16xf32>'}}
  %y = seq.linear %x, %w : tensor<4x16xf32>, tensor<16xf32>
  return
}

// -----

func.func @weight_rank_3(%x: tensor<4x16xf32>, %w: tensor<1x8x16xf32>) {
  // expected-error @+1 {{'seq.linear' op expects weight ([out, in]) of rank 2, got 'tensor<1x8x16xf32>'}}
  %y = seq.linear %x, %w : tensor<4x16xf32>, tensor<1x8x16xf32>
  return
}

// -----

// The weight is [out, in], not [in, out].
func.func @weight_transposed(%x: tensor<?x4x16xf32>, %w: tensor<16x8xf32>) {
  // expected-error @+1 {{'seq.linear' op expects input dim 2 (16) to equal weight dim 1 (8)}}
  %y = seq.linear %x, %w : tensor<?x4x16xf32>, tensor<16x8xf32>
  return
}

// -----

func.func @bias_size(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'seq.linear' op expects bias of shape [out] = [8], got 'tensor<16xf32>'}}
  %y = seq.linear %x, %w, %b : tensor<4x16xf32>, tensor<8x16xf32>, tensor<16xf32>
  return
}

// -----

func.func @bias_dynamic_out(%x: tensor<4x16xf32>, %w: tensor<?x16xf32>, %b: tensor<8x1xf32>) {
  // expected-error @+1 {{'seq.linear' op expects bias of rank 1, got 'tensor<8x1xf32>'}}
  %y = seq.linear %x, %w, %b : tensor<4x16xf32>, tensor<?x16xf32>, tensor<8x1xf32>
  return
}

// -----

func.func @mixed_float_types(%x: tensor<4x16xf32>, %w: tensor<8x16xf16>) {
  // expected-error @+1 {{'seq.linear' op expects all float operands to have one element type, got 'f32' and 'f16'}}
  %y = seq.linear %x, %w : tensor<4x16xf32>, tensor<8x16xf16>
  return
}

// -----

func.func @integer_input(%x: tensor<4x16xi32>, %w: tensor<8x16xf32>) {
  // expected-error @+1 {{'seq.linear' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4x16xi32>'}}
  %y = seq.linear %x, %w : tensor<4x16xi32>, tensor<8x16xf32>
  return
}

// -----

// f16 is not supported yet.
func.func @f16(%x: tensor<4x16xf16>, %w: tensor<8x16xf16>) {
  // expected-error @+1 {{'seq.linear' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4x16xf16>'}}
  %y = seq.linear %x, %w : tensor<4x16xf16>, tensor<8x16xf16>
  return
}

// -----

func.func @scalar_input(%x: f32, %w: tensor<8x16xf32>) {
  // expected-error @+1 {{invalid kind of type specified}}
  %y = seq.linear %x, %w : f32, tensor<8x16xf32>
  return
}

// -----

func.func @generic_shape_error(%x: tensor<4x16xf32>, %w: tensor<8x15xf32>) {
  // expected-error @+2 {{'seq.linear' op expects input dim 1 (16) to equal weight dim 1 (15)}}
  // expected-error @+1 {{'seq.linear' op failed to infer returned types}}
  %y = "seq.linear"(%x, %w) : (tensor<4x16xf32>, tensor<8x15xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @generic_wrong_result(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>) {
  // expected-error @+2 {{'seq.linear' op inferred type(s) 'tensor<4x8xf32>' are incompatible with return type(s) of operation 'tensor<4x9xf32>'}}
  // expected-error @+1 {{'seq.linear' op failed to infer returned types}}
  %y = "seq.linear"(%x, %w) : (tensor<4x16xf32>, tensor<8x16xf32>) -> tensor<4x9xf32>
  return
}

// -----

func.func @generic_unranked(%x: tensor<*xf32>, %w: tensor<8x16xf32>) {
  // expected-error @+1 {{'seq.linear' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<*xf32>'}}
  %y = "seq.linear"(%x, %w) : (tensor<*xf32>, tensor<8x16xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @generic_too_many_operands(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'seq.linear' op operand group starting at #2 requires 0 or 1 element, but found 2}}
  %y = "seq.linear"(%x, %w, %b, %b) : (tensor<4x16xf32>, tensor<8x16xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @generic_too_few_operands(%x: tensor<4x16xf32>) {
  // expected-error @+1 {{'seq.linear' op expected 2 or more operands, but found 1}}
  %y = "seq.linear"(%x) : (tensor<4x16xf32>) -> tensor<4x8xf32>
  return
}
