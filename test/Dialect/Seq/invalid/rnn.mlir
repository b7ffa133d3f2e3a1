// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.rnn (torch.nn.RNN): input [B,T,I], weight_ih [H,I],
// weight_hh [H,H], biases [H], *_reverse weights exactly with
// direction(bidirectional), states [D,B,H] and lengths [B].

func.func @input_rank(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects input ([B, T, I]) of rank 3, got 'tensor<4x16xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

func.func @weight_hh_rank(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects weight_hh of rank 2, got 'tensor<32xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_hh_rows(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<33x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects weight_hh of shape [H, H] = [32, 32], got 'tensor<33x32xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<33x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

// weight_ih is [H, I] with I the last input dim.
func.func @weight_ih_input_size(%x: tensor<4x10x16xf32>, %wi: tensor<32x15xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects weight_ih of shape [H, I] = [32, 16], got 'tensor<32x15xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x15xf32>) weight_hh(%wh : tensor<32x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_ih_transposed(%x: tensor<4x10x16xf32>, %wi: tensor<16x32xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects weight_ih of shape [H, I] = [32, 16], got 'tensor<16x32xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<16x32xf32>) weight_hh(%wh : tensor<32x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_ih_rank(%x: tensor<4x10x16xf32>, %wi: tensor<1x32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects weight_ih of rank 2, got 'tensor<1x32x16xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<1x32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bias_ih_size(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<31xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects bias_ih of shape [H] = [32], got 'tensor<31xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_ih(%b : tensor<31xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bias_hh_size(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects bias_hh of shape [H] = [32], got 'tensor<64xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_hh(%b : tensor<64xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bias_hh_rank(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<1x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects bias_hh of rank 1, got 'tensor<1x32xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_hh(%b : tensor<1x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

// With a dynamic H in weight_hh, H follows from the rows of weight_ih.
func.func @bias_vs_dynamic_hidden(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<?x?xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects bias_hh of shape [H] = [32], got 'tensor<64xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<?x?xf32>) bias_hh(%b : tensor<64xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @reverse_weights_forward(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %wir: tensor<32x16xf32>, %whr: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects *_reverse weights only with direction(bidirectional)}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) weight_ih_reverse(%wir : tensor<32x16xf32>) weight_hh_reverse(%whr : tensor<32x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

// direction(reverse) runs the unsuffixed weights backwards; it has no *_reverse weights.
func.func @reverse_bias_reverse(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects *_reverse weights only with direction(bidirectional)}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_ih_reverse(%b : tensor<32xf32>) direction(reverse) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_no_reverse_weights(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects weight_ih_reverse and weight_hh_reverse with direction(bidirectional)}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) direction(bidirectional) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_missing_weight_hh_reverse(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %wir: tensor<32x16xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects weight_ih_reverse and weight_hh_reverse with direction(bidirectional)}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) weight_ih_reverse(%wir : tensor<32x16xf32>) direction(bidirectional) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_missing_reverse_bias(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<32xf32>, %wir: tensor<32x16xf32>, %whr: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects the reverse direction to have the same biases as the forward direction}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_ih(%b : tensor<32xf32>) weight_ih_reverse(%wir : tensor<32x16xf32>) weight_hh_reverse(%whr : tensor<32x32xf32>) direction(bidirectional) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_extra_reverse_bias(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<32xf32>, %wir: tensor<32x16xf32>, %whr: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects the reverse direction to have the same biases as the forward direction}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_ih(%b : tensor<32xf32>) weight_ih_reverse(%wir : tensor<32x16xf32>) weight_hh_reverse(%whr : tensor<32x32xf32>) bias_ih_reverse(%b : tensor<32xf32>) bias_hh_reverse(%b : tensor<32xf32>) direction(bidirectional) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_ih_reverse_shape(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %wir: tensor<32x8xf32>, %whr: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects weight_ih_reverse of shape [H, I] = [32, 16], got 'tensor<32x8xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) weight_ih_reverse(%wir : tensor<32x8xf32>) weight_hh_reverse(%whr : tensor<32x32xf32>) direction(bidirectional) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_hh_reverse_rank(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %wir: tensor<32x16xf32>, %whr: tensor<32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects weight_hh_reverse of rank 2, got 'tensor<32xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) weight_ih_reverse(%wir : tensor<32x16xf32>) weight_hh_reverse(%whr : tensor<32xf32>) direction(bidirectional) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bias_hh_reverse_shape(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<32xf32>, %br: tensor<36xf32>, %wir: tensor<32x16xf32>, %whr: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects bias_hh_reverse of shape [H] = [32], got 'tensor<36xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_hh(%b : tensor<32xf32>) weight_ih_reverse(%wir : tensor<32x16xf32>) weight_hh_reverse(%whr : tensor<32x32xf32>) bias_hh_reverse(%br : tensor<36xf32>) direction(bidirectional) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_hidden_sizes(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %wir: tensor<16x16xf32>, %whr: tensor<16x16xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects both directions to have one hidden size, got 32 and 16}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) weight_ih_reverse(%wir : tensor<16x16xf32>) weight_hh_reverse(%whr : tensor<16x16xf32>) direction(bidirectional) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

// A unidirectional layer has states [1, B, H].
func.func @h0_directions(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %h0: tensor<2x4x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects h0 of shape [directions, B, H] = [1, 4, 32], got 'tensor<2x4x32xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) h0(%h0 : tensor<2x4x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @h0_bidirectional(%x: tensor<?x?x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %wir: tensor<32x16xf32>, %whr: tensor<32x32xf32>, %h0: tensor<1x?x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects h0 of shape [directions, B, H] = [2, ?, 32], got 'tensor<1x?x32xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) weight_ih_reverse(%wir : tensor<32x16xf32>) weight_hh_reverse(%whr : tensor<32x32xf32>) h0(%h0 : tensor<1x?x32xf32>) direction(bidirectional) nonlinearity(tanh) : tensor<?x?x16xf32>
  return
}

// -----

func.func @h0_batch(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %h0: tensor<1x5x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects h0 of shape [directions, B, H] = [1, 4, 32], got 'tensor<1x5x32xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) h0(%h0 : tensor<1x5x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @h0_hidden(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %h0: tensor<1x4x16xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects h0 of shape [directions, B, H] = [1, 4, 32], got 'tensor<1x4x16xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) h0(%h0 : tensor<1x4x16xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

// States are [D, B, H] even for one direction.
func.func @h0_rank(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %h0: tensor<4x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects h0 of rank 3, got 'tensor<4x32xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) h0(%h0 : tensor<4x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @lengths_size(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %len: tensor<5xi32>) {
  // expected-error @+1 {{'seq.rnn' op expects lengths of shape [batch] = [4], got 'tensor<5xi32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) lengths(%len : tensor<5xi32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @lengths_rank(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %len: tensor<4x1xi64>) {
  // expected-error @+1 {{'seq.rnn' op expects lengths of rank 1, got 'tensor<4x1xi64>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) lengths(%len : tensor<4x1xi64>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

// With a dynamic input batch, h0 fixes it for the lengths.
func.func @lengths_vs_h0_batch(%x: tensor<?x?x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %h0: tensor<1x3x32xf32>, %len: tensor<4xi64>) {
  // expected-error @+1 {{'seq.rnn' op expects lengths of shape [batch] = [3], got 'tensor<4xi64>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) h0(%h0 : tensor<1x3x32xf32>) lengths(%len : tensor<4xi64>) direction(forward) nonlinearity(tanh) : tensor<?x?x16xf32>
  return
}

// -----

func.func @lengths_float(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %len: tensor<4xf32>) {
  // expected-error @+1 {{'seq.rnn' op operand #3 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) lengths(%len : tensor<4xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @unknown_direction(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'direction' [forward, reverse, bidirectional]}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) direction(backward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @unknown_nonlinearity(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'nonlinearity' [tanh, relu]}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) direction(forward) nonlinearity(gelu) : tensor<4x10x16xf32>
  return
}

// -----

func.func @missing_nonlinearity(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{expected 'nonlinearity'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @mixed_float_types(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<32xf16>) {
  // expected-error @+1 {{'seq.rnn' op expects all float operands to have one element type, got 'f32' and 'f16'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_ih(%b : tensor<32xf16>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @integer_input(%x: tensor<4x10x16xi32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4x10x16xi32>'}}
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xi32>
  return
}

// -----

func.func @generic_missing_direction(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op requires attribute 'direction'}}
  %r:2 = "seq.rnn"(%x, %wi, %wh) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0>, nonlinearity = 0 : i32}> : (tensor<4x10x16xf32>, tensor<32x16xf32>, tensor<32x32xf32>) -> (tensor<4x10x32xf32>, tensor<1x4x32xf32>)
  return
}

// -----

func.func @generic_missing_nonlinearity(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op requires attribute 'nonlinearity'}}
  %r:2 = "seq.rnn"(%x, %wi, %wh) <{direction = 0 : i32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<4x10x16xf32>, tensor<32x16xf32>, tensor<32x32xf32>) -> (tensor<4x10x32xf32>, tensor<1x4x32xf32>)
  return
}

// -----

// The segments give weight_hh no value (this used to crash).
func.func @generic_no_weight_hh(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expects operandSegmentSizes to give the required operand 'weight_hh' (segment 2) one value, got 0}}
  %r:2 = "seq.rnn"(%x, %wi, %b) <{direction = 0 : i32, nonlinearity = 0 : i32, operandSegmentSizes = array<i32: 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<4x10x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> (tensor<4x10x32xf32>, tensor<1x4x32xf32>)
  return
}

// -----

// A forward layer does not concatenate two directions.
func.func @generic_wrong_result(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+2 {{'seq.rnn' op inferred type(s) 'tensor<4x10x32xf32>', 'tensor<1x4x32xf32>' are incompatible with return type(s) of operation 'tensor<4x10x64xf32>', 'tensor<1x4x32xf32>'}}
  // expected-error @+1 {{'seq.rnn' op failed to infer returned types}}
  %r:2 = "seq.rnn"(%x, %wi, %wh) <{direction = 0 : i32, nonlinearity = 0 : i32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<4x10x16xf32>, tensor<32x16xf32>, tensor<32x32xf32>) -> (tensor<4x10x64xf32>, tensor<1x4x32xf32>)
  return
}

// -----

func.func @generic_result_count(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn' op expected 2 results}}
  %r = "seq.rnn"(%x, %wi, %wh) <{direction = 0 : i32, nonlinearity = 0 : i32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<4x10x16xf32>, tensor<32x16xf32>, tensor<32x32xf32>) -> tensor<4x10x32xf32>
  return
}
