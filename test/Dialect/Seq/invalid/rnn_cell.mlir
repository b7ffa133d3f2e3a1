// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.rnn_cell (torch.nn.RNNCell): input [B,I], h [B,H],
// weight_ih [H,I], weight_hh [H,H], biases [H].

// A cell takes one step: the input is [B, I], not [B, T, I].
func.func @input_rank(%x: tensor<4x10x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects input ([B, I]) of rank 2, got 'tensor<4x10x16xf32>'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) nonlinearity(tanh) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_hh_rank(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32x1xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects weight_hh of rank 2, got 'tensor<32x32x1xf32>'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32x1xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

func.func @weight_hh_rows(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<64x32xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects weight_hh of shape [H, H] = [32, 32], got 'tensor<64x32xf32>'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<64x32xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

func.func @weight_ih_input_size(%x: tensor<4x16xf32>, %wi: tensor<32x32xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects weight_ih of shape [H, I] = [32, 16], got 'tensor<32x32xf32>'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x32xf32>) weight_hh(%wh : tensor<32x32xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

func.func @weight_ih_rows(%x: tensor<4x16xf32>, %wi: tensor<64x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects weight_ih of shape [H, I] = [32, 16], got 'tensor<64x16xf32>'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<64x16xf32>) weight_hh(%wh : tensor<32x32xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

func.func @weight_ih_rank(%x: tensor<4x16xf32>, %wi: tensor<32xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects weight_ih of rank 2, got 'tensor<32xf32>'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32xf32>) weight_hh(%wh : tensor<32x32xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

func.func @bias_ih_size(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects bias_ih of shape [H] = [32], got 'tensor<16xf32>'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_ih(%b : tensor<16xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

func.func @bias_hh_size(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<33xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects bias_hh of shape [H] = [32], got 'tensor<33xf32>'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_hh(%b : tensor<33xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

func.func @bias_hh_rank(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<32x1xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects bias_hh of rank 1, got 'tensor<32x1xf32>'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_hh(%b : tensor<32x1xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

// With a dynamic H in weight_hh, H follows from the rows of weight_ih.
func.func @bias_vs_dynamic_hidden(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x?xf32>, %b: tensor<64xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects bias_ih of shape [H] = [32], got 'tensor<64xf32>'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x?xf32>) bias_ih(%b : tensor<64xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

func.func @h_hidden(%x: tensor<4x16xf32>, %h: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects h of shape [B, H] = [4, 32], got 'tensor<4x16xf32>'}}
  %h1 = seq.rnn_cell %x h(%h : tensor<4x16xf32>) weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

func.func @h_batch(%x: tensor<4x16xf32>, %h: tensor<2x32xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects h of shape [B, H] = [4, 32], got 'tensor<2x32xf32>'}}
  %h1 = seq.rnn_cell %x h(%h : tensor<2x32xf32>) weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

// A cell state is [B, H], not [1, B, H] as for the layers.
func.func @h_rank(%x: tensor<4x16xf32>, %h: tensor<1x4x32xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects h of rank 2, got 'tensor<1x4x32xf32>'}}
  %h1 = seq.rnn_cell %x h(%h : tensor<1x4x32xf32>) weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

// A dynamic input batch accepts any batch in h, but not a wrong H.
func.func @h_vs_dynamic_batch(%x: tensor<?x16xf32>, %h: tensor<7x31xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects h of shape [B, H] = [?, 32], got 'tensor<7x31xf32>'}}
  %h1 = seq.rnn_cell %x h(%h : tensor<7x31xf32>) weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) nonlinearity(tanh) : tensor<?x16xf32>
  return
}

// -----

func.func @unknown_nonlinearity(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'nonlinearity' [tanh, relu]}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) nonlinearity(sigmoid) : tensor<4x16xf32>
  return
}

// -----

func.func @missing_nonlinearity(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{expected 'nonlinearity'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @mixed_float_types(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<32xbf16>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects all float operands to have one element type, got 'f32' and 'bf16'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_hh(%b : tensor<32xbf16>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

func.func @integer_input(%x: tensor<4x16xi64>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4x16xi64>'}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) nonlinearity(tanh) : tensor<4x16xi64>
  return
}

// -----

func.func @vector_input(%x: vector<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{invalid kind of type specified}}
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) nonlinearity(tanh) : vector<4x16xf32>
  return
}

// -----

// The segments give weight_hh no value (this used to crash).
func.func @generic_no_weight_hh(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op expects operandSegmentSizes to give the required operand 'weight_hh' (segment 3) one value, got 0}}
  %r = "seq.rnn_cell"(%x, %wi, %b) <{nonlinearity = 0 : i32, operandSegmentSizes = array<i32: 1, 0, 1, 0, 1, 0>}> : (tensor<4x16xf32>, tensor<32x16xf32>, tensor<32xf32>) -> tensor<4x32xf32>
  return
}

// -----

func.func @generic_wrong_result(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+2 {{'seq.rnn_cell' op inferred type(s) 'tensor<4x32xf32>' are incompatible with return type(s) of operation 'tensor<4x16xf32>'}}
  // expected-error @+1 {{'seq.rnn_cell' op failed to infer returned types}}
  %r = "seq.rnn_cell"(%x, %wi, %wh) <{nonlinearity = 0 : i32, operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>}> : (tensor<4x16xf32>, tensor<32x16xf32>, tensor<32x32xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @generic_missing_nonlinearity(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.rnn_cell' op requires attribute 'nonlinearity'}}
  %r = "seq.rnn_cell"(%x, %wi, %wh) <{operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>}> : (tensor<4x16xf32>, tensor<32x16xf32>, tensor<32x32xf32>) -> tensor<4x32xf32>
  return
}
