// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.lstm (torch.nn.LSTM): input [B,T,I], weight_ih [4*H,I],
// weight_hh [4*H,H], biases [4*H], *_reverse weights exactly with
// direction(bidirectional), states [D,B,H] and lengths [B].

func.func @input_rank(%x: tensor<4x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects input ([B, T, I]) of rank 3, got 'tensor<4x16xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) direction(forward) : tensor<4x16xf32>
  return
}

// -----

func.func @weight_hh_rank(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects weight_hh of rank 2, got 'tensor<128xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_hh_rows(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<129x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects weight_hh of shape [4*H, H] = [128, 32], got 'tensor<129x32xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<129x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// weight_ih is [4*H, I] with I the last input dim.
func.func @weight_ih_input_size(%x: tensor<4x10x16xf32>, %wi: tensor<128x15xf32>, %wh: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects weight_ih of shape [4*H, I] = [128, 16], got 'tensor<128x15xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x15xf32>) weight_hh(%wh : tensor<128x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_ih_transposed(%x: tensor<4x10x16xf32>, %wi: tensor<16x128xf32>, %wh: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects weight_ih of shape [4*H, I] = [128, 16], got 'tensor<16x128xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<16x128xf32>) weight_hh(%wh : tensor<128x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_ih_rank(%x: tensor<4x10x16xf32>, %wi: tensor<1x128x16xf32>, %wh: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects weight_ih of rank 2, got 'tensor<1x128x16xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<1x128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bias_ih_size(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %b: tensor<127xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects bias_ih of shape [4*H] = [128], got 'tensor<127xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_ih(%b : tensor<127xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bias_hh_size(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %b: tensor<160xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects bias_hh of shape [4*H] = [128], got 'tensor<160xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_hh(%b : tensor<160xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bias_hh_rank(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %b: tensor<1x128xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects bias_hh of rank 1, got 'tensor<1x128xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_hh(%b : tensor<1x128xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// With a dynamic H, the 4*H rows must be a multiple of 4.
func.func @weight_hh_rows_not_multiple(%x: tensor<4x10x16xf32>, %wi: tensor<?x16xf32>, %wh: tensor<130x?xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects weight_hh dim 0 (130) to be a multiple of the gate count (4)}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<?x16xf32>) weight_hh(%wh : tensor<130x?xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_ih_rows_not_multiple(%x: tensor<4x10x16xf32>, %wi: tensor<129x16xf32>, %wh: tensor<?x?xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects weight_ih dim 0 (129) to be a multiple of the gate count (4)}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<129x16xf32>) weight_hh(%wh : tensor<?x?xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// With a dynamic H in weight_hh, H follows from the rows of weight_ih.
func.func @bias_vs_dynamic_hidden(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<?x?xf32>, %b: tensor<256xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects bias_hh of shape [4*H] = [128], got 'tensor<256xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<?x?xf32>) bias_hh(%b : tensor<256xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @reverse_weights_forward(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %wir: tensor<128x16xf32>, %whr: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects *_reverse weights only with direction(bidirectional)}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) weight_ih_reverse(%wir : tensor<128x16xf32>) weight_hh_reverse(%whr : tensor<128x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// direction(reverse) runs the unsuffixed weights backwards; it has no *_reverse weights.
func.func @reverse_bias_reverse(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %b: tensor<128xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects *_reverse weights only with direction(bidirectional)}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_ih_reverse(%b : tensor<128xf32>) direction(reverse) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_no_reverse_weights(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects weight_ih_reverse and weight_hh_reverse with direction(bidirectional)}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_missing_weight_hh_reverse(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %wir: tensor<128x16xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects weight_ih_reverse and weight_hh_reverse with direction(bidirectional)}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) weight_ih_reverse(%wir : tensor<128x16xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_missing_reverse_bias(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %b: tensor<128xf32>, %wir: tensor<128x16xf32>, %whr: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects the reverse direction to have the same biases as the forward direction}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_ih(%b : tensor<128xf32>) weight_ih_reverse(%wir : tensor<128x16xf32>) weight_hh_reverse(%whr : tensor<128x32xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_extra_reverse_bias(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %b: tensor<128xf32>, %wir: tensor<128x16xf32>, %whr: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects the reverse direction to have the same biases as the forward direction}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_ih(%b : tensor<128xf32>) weight_ih_reverse(%wir : tensor<128x16xf32>) weight_hh_reverse(%whr : tensor<128x32xf32>) bias_ih_reverse(%b : tensor<128xf32>) bias_hh_reverse(%b : tensor<128xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_ih_reverse_shape(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %wir: tensor<128x8xf32>, %whr: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects weight_ih_reverse of shape [4*H, I] = [128, 16], got 'tensor<128x8xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) weight_ih_reverse(%wir : tensor<128x8xf32>) weight_hh_reverse(%whr : tensor<128x32xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_hh_reverse_rank(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %wir: tensor<128x16xf32>, %whr: tensor<128xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects weight_hh_reverse of rank 2, got 'tensor<128xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) weight_ih_reverse(%wir : tensor<128x16xf32>) weight_hh_reverse(%whr : tensor<128xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bias_hh_reverse_shape(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %b: tensor<128xf32>, %br: tensor<132xf32>, %wir: tensor<128x16xf32>, %whr: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects bias_hh_reverse of shape [4*H] = [128], got 'tensor<132xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_hh(%b : tensor<128xf32>) weight_ih_reverse(%wir : tensor<128x16xf32>) weight_hh_reverse(%whr : tensor<128x32xf32>) bias_hh_reverse(%br : tensor<132xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

func.func @bidirectional_hidden_sizes(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %wir: tensor<64x16xf32>, %whr: tensor<64x16xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects both directions to have one hidden size, got 32 and 16}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) weight_ih_reverse(%wir : tensor<64x16xf32>) weight_hh_reverse(%whr : tensor<64x16xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return
}

// -----

// A unidirectional layer has states [1, B, H].
func.func @h0_directions(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %h0: tensor<2x4x32xf32>, %c0: tensor<2x4x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects h0 of shape [directions, B, H] = [1, 4, 32], got 'tensor<2x4x32xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) h0(%h0 : tensor<2x4x32xf32>) c0(%c0 : tensor<2x4x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @h0_bidirectional(%x: tensor<?x?x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %wir: tensor<128x16xf32>, %whr: tensor<128x32xf32>, %h0: tensor<1x?x32xf32>, %c0: tensor<1x?x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects h0 of shape [directions, B, H] = [2, ?, 32], got 'tensor<1x?x32xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) weight_ih_reverse(%wir : tensor<128x16xf32>) weight_hh_reverse(%whr : tensor<128x32xf32>) h0(%h0 : tensor<1x?x32xf32>) c0(%c0 : tensor<1x?x32xf32>) direction(bidirectional) : tensor<?x?x16xf32>
  return
}

// -----

func.func @h0_batch(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %h0: tensor<1x5x32xf32>, %c0: tensor<1x5x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects h0 of shape [directions, B, H] = [1, 4, 32], got 'tensor<1x5x32xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) h0(%h0 : tensor<1x5x32xf32>) c0(%c0 : tensor<1x5x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @h0_hidden(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %h0: tensor<1x4x16xf32>, %c0: tensor<1x4x16xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects h0 of shape [directions, B, H] = [1, 4, 32], got 'tensor<1x4x16xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) h0(%h0 : tensor<1x4x16xf32>) c0(%c0 : tensor<1x4x16xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// States are [D, B, H] even for one direction.
func.func @h0_rank(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %h0: tensor<4x32xf32>, %c0: tensor<4x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects h0 of rank 3, got 'tensor<4x32xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) h0(%h0 : tensor<4x32xf32>) c0(%c0 : tensor<4x32xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @c0_hidden(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %h0: tensor<1x4x32xf32>, %c0: tensor<1x4x64xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects c0 of shape [directions, B, H] = [1, 4, 32], got 'tensor<1x4x64xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) h0(%h0 : tensor<1x4x32xf32>) c0(%c0 : tensor<1x4x64xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @c0_rank(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %h0: tensor<1x4x32xf32>, %c0: tensor<1x4x32x1xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects c0 of rank 3, got 'tensor<1x4x32x1xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) h0(%h0 : tensor<1x4x32xf32>) c0(%c0 : tensor<1x4x32x1xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// With a dynamic input batch, h0 and c0 must still agree.
func.func @h0_c0_batch(%x: tensor<?x?x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %h0: tensor<1x3x32xf32>, %c0: tensor<1x4x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects c0 of shape [directions, B, H] = [1, 3, 32], got 'tensor<1x4x32xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) h0(%h0 : tensor<1x3x32xf32>) c0(%c0 : tensor<1x4x32xf32>) direction(forward) : tensor<?x?x16xf32>
  return
}

// -----

// With a dynamic H in the weights, h0 and c0 must still agree.
func.func @h0_c0_hidden(%x: tensor<4x10x16xf32>, %wi: tensor<?x16xf32>, %wh: tensor<?x?xf32>, %h0: tensor<1x4x32xf32>, %c0: tensor<1x4x16xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects c0 of shape [directions, B, H] = [1, 4, 32], got 'tensor<1x4x16xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<?x16xf32>) weight_hh(%wh : tensor<?x?xf32>) h0(%h0 : tensor<1x4x32xf32>) c0(%c0 : tensor<1x4x16xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @lengths_size(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %len: tensor<5xi32>) {
  // expected-error @+1 {{'seq.lstm' op expects lengths of shape [batch] = [4], got 'tensor<5xi32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) lengths(%len : tensor<5xi32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @lengths_rank(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %len: tensor<4x1xi64>) {
  // expected-error @+1 {{'seq.lstm' op expects lengths of rank 1, got 'tensor<4x1xi64>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) lengths(%len : tensor<4x1xi64>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

// With a dynamic input batch, h0 fixes it for the lengths.
func.func @lengths_vs_h0_batch(%x: tensor<?x?x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %h0: tensor<1x3x32xf32>, %c0: tensor<1x3x32xf32>, %len: tensor<4xi64>) {
  // expected-error @+1 {{'seq.lstm' op expects lengths of shape [batch] = [3], got 'tensor<4xi64>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) h0(%h0 : tensor<1x3x32xf32>) c0(%c0 : tensor<1x3x32xf32>) lengths(%len : tensor<4xi64>) direction(forward) : tensor<?x?x16xf32>
  return
}

// -----

func.func @lengths_float(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %len: tensor<4xf32>) {
  // expected-error @+1 {{'seq.lstm' op operand #3 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) lengths(%len : tensor<4xf32>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @unknown_direction(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'direction' [forward, reverse, bidirectional]}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) direction(backward) : tensor<4x10x16xf32>
  return
}

// -----

// Only seq.rnn has a nonlinearity.
func.func @nonlinearity(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>) {
  // expected-error @+1 {{expected ':'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) direction(forward) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @mixed_float_types(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %b: tensor<128xf16>) {
  // expected-error @+1 {{'seq.lstm' op expects all float operands to have one element type, got 'f32' and 'f16'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_ih(%b : tensor<128xf16>) direction(forward) : tensor<4x10x16xf32>
  return
}

// -----

func.func @integer_input(%x: tensor<4x10x16xi32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4x10x16xi32>'}}
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) direction(forward) : tensor<4x10x16xi32>
  return
}

// -----

func.func @generic_missing_direction(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op requires attribute 'direction'}}
  %r:3 = "seq.lstm"(%x, %wi, %wh) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<4x10x16xf32>, tensor<128x16xf32>, tensor<128x32xf32>) -> (tensor<4x10x32xf32>, tensor<1x4x32xf32>, tensor<1x4x32xf32>)
  return
}

// -----

// The segments give weight_hh no value (this used to crash).
func.func @generic_no_weight_hh(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %b: tensor<128xf32>) {
  // expected-error @+1 {{'seq.lstm' op expects operandSegmentSizes to give the required operand 'weight_hh' (segment 2) one value, got 0}}
  %r:3 = "seq.lstm"(%x, %wi, %b) <{direction = 0 : i32, operandSegmentSizes = array<i32: 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<4x10x16xf32>, tensor<128x16xf32>, tensor<128xf32>) -> (tensor<4x10x32xf32>, tensor<1x4x32xf32>, tensor<1x4x32xf32>)
  return
}

// -----

// A forward layer does not concatenate two directions.
func.func @generic_wrong_result(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>) {
  // expected-error @+2 {{'seq.lstm' op inferred type(s) 'tensor<4x10x32xf32>', 'tensor<1x4x32xf32>', 'tensor<1x4x32xf32>' are incompatible with return type(s) of operation 'tensor<4x10x64xf32>', 'tensor<1x4x32xf32>', 'tensor<1x4x32xf32>'}}
  // expected-error @+1 {{'seq.lstm' op failed to infer returned types}}
  %r:3 = "seq.lstm"(%x, %wi, %wh) <{direction = 0 : i32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<4x10x16xf32>, tensor<128x16xf32>, tensor<128x32xf32>) -> (tensor<4x10x64xf32>, tensor<1x4x32xf32>, tensor<1x4x32xf32>)
  return
}

// -----

func.func @generic_result_count(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>) {
  // expected-error @+1 {{'seq.lstm' op expected 3 results}}
  %r = "seq.lstm"(%x, %wi, %wh) <{direction = 0 : i32, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0>}> : (tensor<4x10x16xf32>, tensor<128x16xf32>, tensor<128x32xf32>) -> tensor<4x10x32xf32>
  return
}
