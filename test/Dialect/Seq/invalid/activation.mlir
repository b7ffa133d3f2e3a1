// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.activation.

func.func @unknown_kind(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [relu, gelu, gelu_tanh, silu, tanh, sigmoid]}}
  %y = seq.activation swish %x : tensor<4xf32>
  return
}

// -----

func.func @integer_input(%x: tensor<4xi32>) {
  // expected-error @+1 {{'seq.activation' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xi32>'}}
  %y = seq.activation relu %x : tensor<4xi32>
  return
}

// -----

func.func @f16_input(%x: tensor<4xf16>) {
  // expected-error @+1 {{'seq.activation' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xf16>'}}
  %y = seq.activation gelu %x : tensor<4xf16>
  return
}

// -----

func.func @scalar_input(%x: f32) {
  // expected-error @+1 {{invalid kind of type specified}}
  %y = seq.activation tanh %x : f32
  return
}

// -----

func.func @generic_missing_kind(%x: tensor<4xf32>) {
  // expected-error @+1 {{'seq.activation' op requires attribute 'kind'}}
  %y = "seq.activation"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @generic_bad_kind(%x: tensor<4xf32>) {
  // expected-error @+1 {{invalid properties {kind = 6 : i32} for op seq.activation: Invalid attribute `kind` in property conversion: 6 : i32}}
  %y = "seq.activation"(%x) <{kind = 6 : i32}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @generic_wrong_result(%x: tensor<?x4xf32>) {
  // expected-error @+2 {{'seq.activation' op inferred type(s) 'tensor<?x4xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error @+1 {{'seq.activation' op failed to infer returned types}}
  %y = "seq.activation"(%x) <{kind = 0 : i32}> : (tensor<?x4xf32>) -> tensor<2x4xf32>
  return
}
