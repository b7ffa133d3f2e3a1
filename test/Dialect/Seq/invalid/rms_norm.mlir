// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.rms_norm: weight is [D] for the last dim D of the
// input; epsilon is finite and >= 0.

func.func @rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{'seq.rms_norm' op expects input of rank at least 1, got 'tensor<f32>'}}
  %y = seq.rms_norm %x : tensor<f32>
  return
}

// -----

func.func @weight_size(%x: tensor<?x?x256xf32>, %g: tensor<512xf32>) {
  // expected-error @+1 {{'seq.rms_norm' op expects weight of shape [normalized dim] = [256], got 'tensor<512xf32>'}}
  %y = seq.rms_norm %x weight(%g : tensor<512xf32>) : tensor<?x?x256xf32>
  return
}

// -----

func.func @weight_rank(%x: tensor<4x256xf32>, %g: tensor<4x256xf32>) {
  // expected-error @+1 {{'seq.rms_norm' op expects weight of rank 1, got 'tensor<4x256xf32>'}}
  %y = seq.rms_norm %x weight(%g : tensor<4x256xf32>) : tensor<4x256xf32>
  return
}

// -----

func.func @negative_epsilon(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.rms_norm' op expects a finite epsilon >= 0, got -1.000000e-06}}
  %y = seq.rms_norm %x {epsilon = -1.0e-06 : f32} : tensor<4x8xf32>
  return
}

// -----

func.func @infinite_epsilon(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.rms_norm' op expects a finite epsilon >= 0, got INF}}
  %y = seq.rms_norm %x {epsilon = 0x7F800000 : f32} : tensor<4x8xf32>
  return
}

// -----

func.func @nan_epsilon(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.rms_norm' op expects a finite epsilon >= 0, got nan}}
  %y = seq.rms_norm %x {epsilon = 0x7FC00000 : f32} : tensor<4x8xf32>
  return
}

// -----

func.func @integer_epsilon(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.rms_norm' op attribute 'epsilon' failed to satisfy constraint: 32-bit float attribute}}
  %y = seq.rms_norm %x {epsilon = 1 : i32} : tensor<4x8xf32>
  return
}

// -----

func.func @mixed_float_types(%x: tensor<4x8xf32>, %g: tensor<8xbf16>) {
  // expected-error @+1 {{'seq.rms_norm' op expects all float operands to have one element type, got 'f32' and 'bf16'}}
  %y = seq.rms_norm %x weight(%g : tensor<8xbf16>) : tensor<4x8xf32>
  return
}

// -----

func.func @integer_weight(%x: tensor<4x8xf32>, %g: tensor<8xi32>) {
  // expected-error @+1 {{'seq.rms_norm' op operand #1 must be ranked tensor of 32-bit float values, but got 'tensor<8xi32>'}}
  %y = seq.rms_norm %x weight(%g : tensor<8xi32>) : tensor<4x8xf32>
  return
}

// -----

func.func @generic_weight_size(%x: tensor<4x8xf32>, %g: tensor<7xf32>) {
  // expected-error @+2 {{'seq.rms_norm' op expects weight of shape [normalized dim] = [8], got 'tensor<7xf32>'}}
  // expected-error @+1 {{'seq.rms_norm' op failed to infer returned types}}
  %y = "seq.rms_norm"(%x, %g) : (tensor<4x8xf32>, tensor<7xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @generic_wrong_result(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{'seq.rms_norm' op inferred type(s) 'tensor<4x8xf32>' are incompatible with return type(s) of operation 'tensor<4x?xf32>'}}
  // expected-error @+1 {{'seq.rms_norm' op failed to infer returned types}}
  %y = "seq.rms_norm"(%x) : (tensor<4x8xf32>) -> tensor<4x?xf32>
  return
}
