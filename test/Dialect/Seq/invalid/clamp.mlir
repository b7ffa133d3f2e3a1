// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.clamp: f64 bounds and a ranked f32 input.

func.func @f32_bound(%x: tensor<4xf32>) {
  // expected-error @+1 {{'seq.clamp' op attribute 'min' failed to satisfy constraint: 64-bit float attribute}}
  %y = seq.clamp %x {min = 0.0 : f32} : tensor<4xf32>
  return
}

// -----

func.func @integer_bound(%x: tensor<4xf32>) {
  // expected-error @+1 {{'seq.clamp' op attribute 'max' failed to satisfy constraint: 64-bit float attribute}}
  %y = seq.clamp %x {max = 6 : i64} : tensor<4xf32>
  return
}

// -----

func.func @integer_input(%x: tensor<4xi64>) {
  // expected-error @+1 {{'seq.clamp' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xi64>'}}
  %y = seq.clamp %x {min = 0.0 : f64} : tensor<4xi64>
  return
}

// -----

func.func @scalar_input(%x: f32) {
  // expected-error @+1 {{invalid kind of type specified}}
  %y = seq.clamp %x {min = 0.0 : f64} : f32
  return
}

// -----

func.func @generic_wrong_result(%x: tensor<4xf32>) {
  // expected-error @+2 {{'seq.clamp' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error @+1 {{'seq.clamp' op failed to infer returned types}}
  %y = "seq.clamp"(%x) <{min = 0.0 : f64}> : (tensor<4xf32>) -> tensor<?xf32>
  return
}
