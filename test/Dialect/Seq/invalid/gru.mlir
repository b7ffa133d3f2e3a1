// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.gru (torch.nn.GRU): input [B,T,I], weight_ih [3*H,I],
// weight_hh [3*H,H], biases [3*H], *_reverse weights exactly with
// direction(bidirectional), states [D,B,H] and lengths [B].

func.func @input_rank(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects input ([B, T, I]) of rank 3, got 'tensor<4x16xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) direction(forward) : tensor<4x16xf32>
  return
}

// -----

func.func @weight_hh_rank(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96xf32>) {
  // expected-error @+1 {{'seq.gru' op expects weight_hh of rank 2, got 'tensor<96xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_hh_rows(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<97x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects weight_hh of shape [3*H, H] = [96, 32], got 'tensor<97x32xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<97x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// weight_ih is [3*H, I] with I the last input dim.
func.func @weight_ih_input_size(%x: tensor<4x10x16xf32>, %wi: tensor<96x15xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects weight_ih of shape [3*H, I] = [96, 16], got 'tensor<96x15xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x15xf32>) weight_hh(%wh : tensor<96x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_ih_transposed(%x: tensor<4x10x16xf32>, %wi: tensor<16x96xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects weight_ih of shape [3*H, I] = [96, 16], got 'tensor<16x96xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<16x96xf32>) weight_hh(%wh : tensor<96x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_ih_rank(%x: tensor<4x10x16xf32>, %wi: tensor<1x96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects weight_ih of rank 2, got 'tensor<1x96x16xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<1x96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bias_ih_size(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<95xf32>) {
  // expected-error @+1 {{'seq.gru' op expects bias_ih of shape [3*H] = [96], got 'tensor<95xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_ih(%b : tensor<95xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bias_hh_size(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<128xf32>) {
  // expected-error @+1 {{'seq.gru' op expects bias_hh of shape [3*H] = [96], got 'tensor<128xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_hh(%b : tensor<128xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bias_hh_rank(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<1x96xf32>) {
  // expected-error @+1 {{'seq.gru' op expects bias_hh of rank 1, got 'tensor<1x96xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_hh(%b : tensor<1x96xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// With a dynamic H, the 3*H rows must be a multiple of 3.
func.func @weight_hh_rows_not_multiple(%x: tensor<4x10x16xf32>, %wi: tensor<?x16xf32>, %wh: tensor<98x?xf32>) {
  // expected-error @+1 {{'seq.gru' op expects weight_hh dim 0 (98) to be a multiple of the gate count (3)}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<?x16xf32>) weight_hh(%wh : tensor<98x?xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_ih_rows_not_multiple(%x: tensor<4x10x16xf32>, %wi: tensor<97x16xf32>, %wh: tensor<?x?xf32>) {
  // expected-error @+1 {{'seq.gru' op expects weight_ih dim 0 (97) to be a multiple of the gate count (3)}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<97x16xf32>) weight_hh(%wh : tensor<?x?xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// With a dynamic H in weight_hh, H follows from the rows of weight_ih.
func.func @bias_vs_dynamic_hidden(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<?x?xf32>, %b: tensor<192xf32>) {
  // expected-error @+1 {{'seq.gru' op expects bias_hh of shape [3*H] = [96], got 'tensor<192xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<?x?xf32>) bias_hh(%b : tensor<192xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @reverse_weights_forward(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %wir: tensor<96x16xf32>, %whr: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects *_reverse weights only with direction(bidirectional)}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) weight_ih_reverse(%wir : tensor<96x16xf32>) weight_hh_reverse(%whr : tensor<96x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// direction(reverse) runs the unsuffixed weights backwards; it has no *_reverse weights.
func.func @reverse_bias_reverse(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<96xf32>) {
  // expected-error @+1 {{'seq.gru' op expects *_reverse weights only with direction(bidirectional)}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_ih_reverse(%b : tensor<96xf32>) direction(reverse) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_no_reverse_weights(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects weight_ih_reverse and weight_hh_reverse with direction(bidirectional)}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_missing_weight_hh_reverse(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %wir: tensor<96x16xf32>) {
  // expected-error @+1 {{'seq.gru' op expects weight_ih_reverse and weight_hh_reverse with direction(bidirectional)}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) weight_ih_reverse(%wir : tensor<96x16xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_missing_reverse_bias(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<96xf32>, %wir: tensor<96x16xf32>, %whr: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects the reverse direction to have the same biases as the forward direction}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_ih(%b : tensor<96xf32>) weight_ih_reverse(%wir : tensor<96x16xf32>) weight_hh_reverse(%whr : tensor<96x32xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_extra_reverse_bias(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<96xf32>, %wir: tensor<96x16xf32>, %whr: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects the reverse direction to have the same biases as the forward direction}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_ih(%b : tensor<96xf32>) weight_ih_reverse(%wir : tensor<96x16xf32>) weight_hh_reverse(%whr : tensor<96x32xf32>) bias_ih_reverse(%b : tensor<96xf32>) bias_hh_reverse(%b : tensor<96xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_ih_reverse_shape(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %wir: tensor<96x8xf32>, %whr: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects weight_ih_reverse of shape [3*H, I] = [96, 16], got 'tensor<96x8xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) weight_ih_reverse(%wir : tensor<96x8xf32>) weight_hh_reverse(%whr : tensor<96x32xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_hh_reverse_rank(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %wir: tensor<96x16xf32>, %whr: tensor<96xf32>) {
  // expected-error @+1 {{'seq.gru' op expects weight_hh_reverse of rank 2, got 'tensor<96xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) weight_ih_reverse(%wir : tensor<96x16xf32>) weight_hh_reverse(%whr : tensor<96xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bias_hh_reverse_shape(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<96xf32>, %br: tensor<100xf32>, %wir: tensor<96x16xf32>, %whr: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects bias_hh_reverse of shape [3*H] = [96], got 'tensor<100xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_hh(%b : tensor<96xf32>) weight_ih_reverse(%wir : tensor<96x16xf32>) weight_hh_reverse(%whr : tensor<96x32xf32>) bias_hh_reverse(%br : tensor<100xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_hidden_sizes(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %wir: tensor<48x16xf32>, %whr: tensor<48x16xf32>) {
  // expected-error @+1 {{'seq.gru' op expects both directions to have one hidden size, got 32 and 16}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) weight_ih_reverse(%wir : tensor<48x16xf32>) weight_hh_reverse(%whr : tensor<48x16xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

// A unidirectional layer has states [1, B, H].
func.func @h0_directions(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %h0: tensor<2x4x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects h0 of shape [directions, B, H] = [1, 4, 32], got 'tensor<2x4x32xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) h0(%h0 : tensor<2x4x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @h0_bidirectional(%x: tensor<?x?x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %wir: tensor<96x16xf32>, %whr: tensor<96x32xf32>, %h0: tensor<1x?x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects h0 of shape [directions, B, H] = [2, ?, 32], got 'tensor<1x?x32xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) weight_ih_reverse(%wir : tensor<96x16xf32>) weight_hh_reverse(%whr : tensor<96x32xf32>) h0(%h0 : tensor<1x?x32xf32>) direction(bidirectional) : tensor<?x?x16xf32>
  return
}

// -----

func.func @h0_batch(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %h0: tensor<1x5x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects h0 of shape [directions, B, H] = [1, 4, 32], got 'tensor<1x5x32xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) h0(%h0 : tensor<1x5x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @h0_hidden(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %h0: tensor<1x4x16xf32>) {
  // expected-error @+1 {{'seq.gru' op expects h0 of shape [directions, B, H] = [1, 4, 32], got 'tensor<1x4x16xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) h0(%h0 : tensor<1x4x16xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// States are [D, B, H] even for one direction.
func.func @h0_rank(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %h0: tensor<4x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expects h0 of rank 3, got 'tensor<4x32xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) h0(%h0 : tensor<4x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @lengths_size(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %len: tensor<5xi32>) {
  // expected-error @+1 {{'seq.gru' op expects lengths of shape [batch] = [4], got 'tensor<5xi32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) lengths(%len : tensor<5xi32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @lengths_rank(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %len: tensor<4x1xi64>) {
  // expected-error @+1 {{'seq.gru' op expects lengths of rank 1, got 'tensor<4x1xi64>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) lengths(%len : tensor<4x1xi64>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// With a dynamic input batch, h0 fixes it for the lengths.
func.func @lengths_vs_h0_batch(%x: tensor<?x?x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %h0: tensor<1x3x32xf32>, %len: tensor<4xi64>) {
  // expected-error @+1 {{'seq.gru' op expects lengths of shape [batch] = [3], got 'tensor<4xi64>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) h0(%h0 : tensor<1x3x32xf32>) lengths(%len : tensor<4xi64>) direction(forward) : tensor<?x?x16xf32>
  return
}

// -----

func.func @lengths_float(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %len: tensor<4xf32>) {
  // expected-error @+1 {{'seq.gru' op operand #3 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) lengths(%len : tensor<4xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @unknown_direction(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'direction' [forward, reverse, bidirectional]}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) direction(backward) : tensor<4x10x16xf32>
  return
}

// -----

// Only seq.rnn has a nonlinearity.
func.func @nonlinearity(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{expected ':'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @mixed_float_types(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<96xf16>) {
  // expected-error @+1 {{'seq.gru' op expects all float operands to have one element type, got 'f32' and 'f16'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_ih(%b : tensor<96xf16>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @integer_input(%x: tensor<4x10x16xi32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4x10x16xi32>'}}
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) direction(forward) : tensor<4x10x16xi32>
  return
}

// -----

func.func @generic_missing_direction(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op requires attribute 'direction'}}
  %r:2 = "seq.gru"(%x, %wi, %wh) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<4x10x16xf32>, tensor<96x16xf32>, tensor<96x32xf32>) -> (tensor<4x10x32xf32>, tensor<1x4x32xf32>)
  return
}

// -----

// The segments give weight_hh no value (this used to crash).
func.func @generic_no_weight_hh(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %b: tensor<96xf32>) {
  // expected-error @+1 {{'seq.gru' op expects operandSegmentSizes to give the required operand 'weight_hh' (segment 2) one value, got 0}}
  %r:2 = "seq.gru"(%x, %wi, %b) <{direction = 0 : i32, operandSegmentSizes = array<i32: 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<4x10x16xf32>, tensor<96x16xf32>, tensor<96xf32>) -> (tensor<4x10x32xf32>, tensor<1x4x32xf32>)
  return
}

// -----

// A forward layer does not concatenate two directions.
func.func @generic_wrong_result(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+2 {{'seq.gru' op inferred type(s) 'tensor<4x10x32xf32>', 'tensor<1x4x32xf32>' are incompatible with return type(s) of operation 'tensor<4x10x64xf32>', 'tensor<1x4x32xf32>'}}
  // expected-error @+1 {{'seq.gru' op failed to infer returned types}}
  %r:2 = "seq.gru"(%x, %wi, %wh) <{direction = 0 : i32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<4x10x16xf32>, tensor<96x16xf32>, tensor<96x32xf32>) -> (tensor<4x10x64xf32>, tensor<1x4x32xf32>)
  return
}

// -----

func.func @generic_result_count(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru' op expected 2 results}}
  %r = "seq.gru"(%x, %wi, %wh) <{direction = 0 : i32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<4x10x16xf32>, tensor<96x16xf32>, tensor<96x32xf32>) -> tensor<4x10x32xf32>
  return
}
