// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.layer_norm: weight and bias are [D] for the last dim D
// of the input; epsilon is finite and >= 0.

func.func @rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{'seq.layer_norm' op expects input of rank at least 1, got 'tensor<f32>'}}
  %y = seq.layer_norm %x : tensor<f32>
  return
}

// -----

func.func @weight_size(%x: tensor<?x?x256xf32>, %g: tensor<128xf32>) {
  // expected-error @+1 {{'seq.layer_norm' op expects weight of shape [normalized dim] = [256], got 'tensor<128xf32>'}}
  %y = seq.layer_norm %x weight(%g : tensor<128xf32>) : tensor<?x?x256xf32>
  return
}

// -----

func.func @weight_rank(%x: tensor<4x256xf32>, %g: tensor<1x256xf32>) {
  // expected-error @+1 {{'seq.layer_norm' op expects weight of rank 1, got 'tensor<1x256xf32>'}}
  %y = seq.layer_norm %x weight(%g : tensor<1x256xf32>) : tensor<4x256xf32>
  return
}

// -----

func.func @bias_size(%x: tensor<4x256xf32>, %g: tensor<256xf32>, %b: tensor<255xf32>) {
  // expected-error @+1 {{'seq.layer_norm' op expects bias of shape [normalized dim] = [256], got 'tensor<255xf32>'}}
  %y = seq.layer_norm %x weight(%g : tensor<256xf32>) bias(%b : tensor<255xf32>) : tensor<4x256xf32>
  return
}

// -----

func.func @bias_rank(%x: tensor<4x256xf32>, %b: tensor<f32>) {
  // expected-error @+1 {{'seq.layer_norm' op expects bias of rank 1, got 'tensor<f32>'}}
  %y = seq.layer_norm %x bias(%b : tensor<f32>) : tensor<4x256xf32>
  return
}

// -----

// With a dynamic normalized dim, weight and bias must still agree.
func.func @weight_bias_disagree(%x: tensor<4x?xf32>, %g: tensor<32xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{'seq.layer_norm' op expects bias of shape [normalized dim] = [32], got 'tensor<16xf32>'}}
  %y = seq.layer_norm %x weight(%g : tensor<32xf32>) bias(%b : tensor<16xf32>) : tensor<4x?xf32>
  return
}

// -----

func.func @negative_epsilon(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.layer_norm' op expects a finite epsilon >= 0, got -1.000000e+00}}
  %y = seq.layer_norm %x {epsilon = -1.0 : f32} : tensor<4x8xf32>
  return
}

// -----

func.func @infinite_epsilon(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.layer_norm' op expects a finite epsilon >= 0, got INF}}
  %y = seq.layer_norm %x {epsilon = 0x7F800000 : f32} : tensor<4x8xf32>
  return
}

// -----

func.func @nan_epsilon(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.layer_norm' op expects a finite epsilon >= 0, got nan}}
  %y = seq.layer_norm %x {epsilon = 0x7FC00000 : f32} : tensor<4x8xf32>
  return
}

// -----

func.func @f64_epsilon(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.layer_norm' op attribute 'epsilon' failed to satisfy constraint: 32-bit float attribute}}
  %y = seq.layer_norm %x {epsilon = 1.0e-05 : f64} : tensor<4x8xf32>
  return
}

// -----

func.func @mixed_float_types(%x: tensor<4x8xf32>, %g: tensor<8xf16>) {
  // expected-error @+1 {{'seq.layer_norm' op expects all float operands to have one element type, got 'f32' and 'f16'}}
  %y = seq.layer_norm %x weight(%g : tensor<8xf16>) : tensor<4x8xf32>
  return
}

// -----

func.func @integer_input(%x: tensor<4x8xi32>) {
  // expected-error @+1 {{'seq.layer_norm' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4x8xi32>'}}
  %y = seq.layer_norm %x : tensor<4x8xi32>
  return
}

// -----

func.func @generic_negative_epsilon(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{'seq.layer_norm' op expects a finite epsilon >= 0, got -2.000000e+00}}
  // expected-error @+1 {{'seq.layer_norm' op failed to infer returned types}}
  %y = "seq.layer_norm"(%x) <{epsilon = -2.0 : f32, operandSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @generic_bad_segments(%x: tensor<4x8xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{'seq.layer_norm' op operand count (2) does not match with the total size (3) specified in attribute 'operandSegmentSizes'}}
  %y = "seq.layer_norm"(%x, %g) <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @generic_short_segments(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{size mismatch in attribute conversion: 2 vs 3}}
  %y = "seq.layer_norm"(%x) <{operandSegmentSizes = array<i32: 1, 0>}> : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// A segment may not hold two operands.
func.func @generic_two_weights(%x: tensor<4x8xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{'seq.layer_norm' op operand group starting at #1 requires 0 or 1 element, but found 2}}
  %y = "seq.layer_norm"(%x, %g, %g) <{operandSegmentSizes = array<i32: 1, 2, 0>}> : (tensor<4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// The segments give the input no value (this used to crash).
func.func @generic_no_input(%g: tensor<8xf32>) {
  // expected-error @+1 {{'seq.layer_norm' op expects operandSegmentSizes to give the required operand 'input' (segment 0) one value, got 0}}
  %y = "seq.layer_norm"(%g) <{operandSegmentSizes = array<i32: 0, 1, 0>}> : (tensor<8xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @generic_two_inputs(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.layer_norm' op expects operandSegmentSizes to give the required operand 'input' (segment 0) one value, got 2}}
  %y = "seq.layer_norm"(%x, %x) <{operandSegmentSizes = array<i32: 2, 0, 0>}> : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
