// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.ffn: weight1 [F,E] with E the last input dim, optional
// bias1 [F], weight2 [E',F], optional bias2 [E'].

func.func @input_rank_0(%x: tensor<f32>, %w1: tensor<64x16xf32>, %w2: tensor<16x64xf32>) {
  // expected-error @+1 {{'seq.ffn' op expects input of rank at least 1, got 'tensor<f32>'}}
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<64x16xf32>) weight2(%w2 : tensor<16x64xf32>) : tensor<f32>
  return
}

// -----

func.func @weight1_rank(%x: tensor<4x16xf32>, %w1: tensor<16xf32>, %w2: tensor<16x64xf32>) {
  // expected-error @+1 {{'seq.ffn' op expects weight1 ([F, E]) of rank 2, got 'tensor<16xf32>'}}
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<16xf32>) weight2(%w2 : tensor<16x64xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @weight2_rank(%x: tensor<4x16xf32>, %w1: tensor<64x16xf32>, %w2: tensor<1x16x64xf32>) {
  // expected-error @+1 {{'seq.ffn' op expects weight2 ([E', F]) of rank 2, got 'tensor<1x16x64xf32>'}}
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<64x16xf32>) weight2(%w2 : tensor<1x16x64xf32>) : tensor<4x16xf32>
  return
}

// -----

// weight1 is [F, E], not [E, F].
func.func @weight1_transposed(%x: tensor<?x?x16xf32>, %w1: tensor<16x64xf32>, %w2: tensor<16x64xf32>) {
  // expected-error @+1 {{'seq.ffn' op expects input dim 2 (16) to equal weight1 dim 1 (64)}}
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<16x64xf32>) weight2(%w2 : tensor<16x64xf32>) : tensor<?x?x16xf32>
  return
}

// -----

// weight2 is [E', F], not [F, E'].
func.func @weight2_transposed(%x: tensor<4x16xf32>, %w1: tensor<64x16xf32>, %w2: tensor<64x16xf32>) {
  // expected-error @+1 {{'seq.ffn' op expects weight2 dim 1 (16) to equal weight1 dim 0 (64)}}
  %y = seq.ffn %x activation(gelu) weight1(%w1 : tensor<64x16xf32>) weight2(%w2 : tensor<64x16xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @bias1_size(%x: tensor<4x16xf32>, %w1: tensor<64x16xf32>, %b1: tensor<16xf32>, %w2: tensor<16x64xf32>) {
  // expected-error @+1 {{'seq.ffn' op expects bias1 of shape [F] = [64], got 'tensor<16xf32>'}}
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<64x16xf32>) bias1(%b1 : tensor<16xf32>) weight2(%w2 : tensor<16x64xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @bias1_rank(%x: tensor<4x16xf32>, %w1: tensor<64x16xf32>, %b1: tensor<1x64xf32>, %w2: tensor<16x64xf32>) {
  // expected-error @+1 {{'seq.ffn' op expects bias1 of rank 1, got 'tensor<1x64xf32>'}}
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<64x16xf32>) bias1(%b1 : tensor<1x64xf32>) weight2(%w2 : tensor<16x64xf32>) : tensor<4x16xf32>
  return
}

// -----

// With a dynamic F in weight1, bias1 must match F as weight2 gives it.
func.func @bias1_vs_weight2(%x: tensor<4x16xf32>, %w1: tensor<?x16xf32>, %b1: tensor<32xf32>, %w2: tensor<16x64xf32>) {
  // expected-error @+1 {{'seq.ffn' op expects bias1 of shape [F] = [64], got 'tensor<32xf32>'}}
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<?x16xf32>) bias1(%b1 : tensor<32xf32>) weight2(%w2 : tensor<16x64xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @bias2_size(%x: tensor<4x16xf32>, %w1: tensor<64x16xf32>, %w2: tensor<8x64xf32>, %b2: tensor<16xf32>) {
  // expected-error @+1 {{'seq.ffn' op expects bias2 of shape [E'] = [8], got 'tensor<16xf32>'}}
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<64x16xf32>) weight2(%w2 : tensor<8x64xf32>) bias2(%b2 : tensor<16xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @unknown_activation(%x: tensor<4x16xf32>, %w1: tensor<64x16xf32>, %w2: tensor<16x64xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'activation' [relu, gelu, gelu_tanh, silu, tanh, sigmoid]}}
  %y = seq.ffn %x activation(swiglu) weight1(%w1 : tensor<64x16xf32>) weight2(%w2 : tensor<16x64xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @missing_weight2(%x: tensor<4x16xf32>, %w1: tensor<64x16xf32>) {
  // expected-error @+1 {{expected 'weight2'}}
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<64x16xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @mixed_float_types(%x: tensor<4x16xf32>, %w1: tensor<64x16xf32>, %w2: tensor<16x64xf32>, %b2: tensor<16xf16>) {
  // expected-error @+1 {{'seq.ffn' op expects all float operands to have one element type, got 'f32' and 'f16'}}
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<64x16xf32>) weight2(%w2 : tensor<16x64xf32>) bias2(%b2 : tensor<16xf16>) : tensor<4x16xf32>
  return
}

// -----

func.func @integer_weight(%x: tensor<4x16xf32>, %w1: tensor<64x16xi32>, %w2: tensor<16x64xf32>) {
  // expected-error @+1 {{'seq.ffn' op operand #1 must be ranked tensor of 32-bit float values, but got 'tensor<64x16xi32>'}}
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<64x16xi32>) weight2(%w2 : tensor<16x64xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @generic_missing_activation(%x: tensor<4x16xf32>, %w1: tensor<64x16xf32>, %w2: tensor<16x64xf32>) {
  // expected-error @+1 {{'seq.ffn' op requires attribute 'activation'}}
  %y = "seq.ffn"(%x, %w1, %w2) <{operandSegmentSizes = array<i32: 1, 1, 0, 1, 0>}> : (tensor<4x16xf32>, tensor<64x16xf32>, tensor<16x64xf32>) -> tensor<4x16xf32>
  return
}

// -----

// The segments give weight2 no value (this used to crash).
func.func @generic_no_weight2(%x: tensor<4x16xf32>, %w1: tensor<64x16xf32>, %b1: tensor<64xf32>) {
  // expected-error @+1 {{'seq.ffn' op expects operandSegmentSizes to give the required operand 'weight2' (segment 3) one value, got 0}}
  %y = "seq.ffn"(%x, %w1, %b1) <{activation = 0 : i32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>}> : (tensor<4x16xf32>, tensor<64x16xf32>, tensor<64xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @generic_wrong_result(%x: tensor<4x16xf32>, %w1: tensor<64x16xf32>, %w2: tensor<8x64xf32>) {
  // expected-error @+2 {{'seq.ffn' op inferred type(s) 'tensor<4x8xf32>' are incompatible with return type(s) of operation 'tensor<4x16xf32>'}}
  // expected-error @+1 {{'seq.ffn' op failed to infer returned types}}
  %y = "seq.ffn"(%x, %w1, %w2) <{activation = 0 : i32, operandSegmentSizes = array<i32: 1, 1, 0, 1, 0>}> : (tensor<4x16xf32>, tensor<64x16xf32>, tensor<8x64xf32>) -> tensor<4x16xf32>
  return
}
