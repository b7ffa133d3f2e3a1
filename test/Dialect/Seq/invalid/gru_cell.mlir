// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.gru_cell (torch.nn.GRUCell): input [B,I], h [B,H],
// weight_ih [3*H,I], weight_hh [3*H,H], biases [3*H].

// A cell takes one step: the input is [B, I], not [B, T, I].
func.func @input_rank(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects input ([B, I]) of rank 2, got 'tensor<4x10x16xf32>'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) : tensor<4x10x16xf32>
  return
}

// -----

func.func @weight_hh_rank(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32x1xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects weight_hh of rank 2, got 'tensor<96x32x1xf32>'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32x1xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @weight_hh_rows(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<32x32xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects weight_hh of shape [3*H, H] = [96, 32], got 'tensor<32x32xf32>'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<32x32xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @weight_ih_input_size(%x: tensor<4x16xf32>, %wi: tensor<96x32xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects weight_ih of shape [3*H, I] = [96, 16], got 'tensor<96x32xf32>'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x32xf32>) weight_hh(%wh : tensor<96x32xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @weight_ih_rows(%x: tensor<4x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects weight_ih of shape [3*H, I] = [96, 16], got 'tensor<128x16xf32>'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<96x32xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @weight_ih_rank(%x: tensor<4x16xf32>, %wi: tensor<96xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects weight_ih of rank 2, got 'tensor<96xf32>'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96xf32>) weight_hh(%wh : tensor<96x32xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @bias_ih_size(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<32xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects bias_ih of shape [3*H] = [96], got 'tensor<32xf32>'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_ih(%b : tensor<32xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @bias_hh_size(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<97xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects bias_hh of shape [3*H] = [96], got 'tensor<97xf32>'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_hh(%b : tensor<97xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @bias_hh_rank(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<96x1xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects bias_hh of rank 1, got 'tensor<96x1xf32>'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_hh(%b : tensor<96x1xf32>) : tensor<4x16xf32>
  return
}

// -----

// With a dynamic H, the 3*H rows must be a multiple of 3.
func.func @weight_hh_rows_not_multiple(%x: tensor<4x16xf32>, %wi: tensor<?x16xf32>, %wh: tensor<95x?xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects weight_hh dim 0 (95) to be a multiple of the gate count (3)}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<?x16xf32>) weight_hh(%wh : tensor<95x?xf32>) : tensor<4x16xf32>
  return
}

// -----

// With dynamic weights, H follows from the biases.
func.func @bias_rows_not_multiple(%x: tensor<4x16xf32>, %wi: tensor<?x16xf32>, %wh: tensor<?x?xf32>, %b: tensor<98xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects bias_ih dim 0 (98) to be a multiple of the gate count (3)}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<?x16xf32>) weight_hh(%wh : tensor<?x?xf32>) bias_ih(%b : tensor<98xf32>) : tensor<4x16xf32>
  return
}

// -----

// With a dynamic H in weight_hh, H follows from the rows of weight_ih.
func.func @bias_vs_dynamic_hidden(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x?xf32>, %b: tensor<192xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects bias_ih of shape [3*H] = [96], got 'tensor<192xf32>'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x?xf32>) bias_ih(%b : tensor<192xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @h_hidden(%x: tensor<4x16xf32>, %h: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects h of shape [B, H] = [4, 32], got 'tensor<4x16xf32>'}}
  %h1 = seq.gru_cell %x h(%h : tensor<4x16xf32>) weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) : tensor<4x16xf32>
  return
}

// -----

func.func @h_batch(%x: tensor<4x16xf32>, %h: tensor<2x32xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects h of shape [B, H] = [4, 32], got 'tensor<2x32xf32>'}}
  %h1 = seq.gru_cell %x h(%h : tensor<2x32xf32>) weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) : tensor<4x16xf32>
  return
}

// -----

// A cell state is [B, H], not [1, B, H] as for the layers.
func.func @h_rank(%x: tensor<4x16xf32>, %h: tensor<1x4x32xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects h of rank 2, got 'tensor<1x4x32xf32>'}}
  %h1 = seq.gru_cell %x h(%h : tensor<1x4x32xf32>) weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) : tensor<4x16xf32>
  return
}

// -----

// A dynamic input batch accepts any batch in h, but not a wrong H.
func.func @h_vs_dynamic_batch(%x: tensor<?x16xf32>, %h: tensor<7x31xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects h of shape [B, H] = [?, 32], got 'tensor<7x31xf32>'}}
  %h1 = seq.gru_cell %x h(%h : tensor<7x31xf32>) weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) : tensor<?x16xf32>
  return
}

// -----

// Only seq.rnn_cell has a nonlinearity.
func.func @nonlinearity(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{expected ':'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  return
}

// -----

func.func @mixed_float_types(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<96xbf16>) {
  // expected-error @+1 {{'seq.gru_cell' op expects all float operands to have one element type, got 'f32' and 'bf16'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_hh(%b : tensor<96xbf16>) : tensor<4x16xf32>
  return
}

// -----

func.func @integer_input(%x: tensor<4x16xi64>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4x16xi64>'}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) : tensor<4x16xi64>
  return
}

// -----

func.func @vector_input(%x: vector<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+1 {{invalid kind of type specified}}
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) : vector<4x16xf32>
  return
}

// -----

// The segments give weight_hh no value (this used to crash).
func.func @generic_no_weight_hh(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %b: tensor<96xf32>) {
  // expected-error @+1 {{'seq.gru_cell' op expects operandSegmentSizes to give the required operand 'weight_hh' (segment 3) one value, got 0}}
  %r = "seq.gru_cell"(%x, %wi, %b) <{operandSegmentSizes = array<i32: 1, 0, 1, 0, 1, 0>}> : (tensor<4x16xf32>, tensor<96x16xf32>, tensor<96xf32>) -> tensor<4x32xf32>
  return
}

// -----

func.func @generic_wrong_result(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) {
  // expected-error @+2 {{'seq.gru_cell' op inferred type(s) 'tensor<4x32xf32>' are incompatible with return type(s) of operation 'tensor<4x16xf32>'}}
  // expected-error @+1 {{'seq.gru_cell' op failed to infer returned types}}
  %r = "seq.gru_cell"(%x, %wi, %wh) <{operandSegmentSizes = array<i32: 1, 0, 1, 1, 0, 0>}> : (tensor<4x16xf32>, tensor<96x16xf32>, tensor<96x32xf32>) -> tensor<4x16xf32>
  return
}
