// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.unary: a known kind and a ranked f32 input.

func.func @unknown_kind(%x: tensor<4xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [exp, log, sqrt, rsqrt, abs, neg, erf]}}
  %y = seq.unary sin %x : tensor<4xf32>
  return
}

// -----

func.func @integer_input(%x: tensor<4xi32>) {
  // expected-error @+1 {{'seq.unary' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xi32>'}}
  %y = seq.unary abs %x : tensor<4xi32>
  return
}

// -----

func.func @scalar_input(%x: f32) {
  // expected-error @+1 {{invalid kind of type specified}}
  %y = seq.unary exp %x : f32
  return
}

// -----

func.func @unranked_input(%x: tensor<*xf32>) {
  // expected-error @+1 {{invalid kind of type specified}}
  %y = seq.unary exp %x : tensor<*xf32>
  return
}

// -----

func.func @generic_missing_kind(%x: tensor<4xf32>) {
  // expected-error @+1 {{'seq.unary' op requires attribute 'kind'}}
  %y = "seq.unary"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @generic_bad_kind(%x: tensor<4xf32>) {
  // expected-error @+1 {{invalid properties {kind = 7 : i32} for op seq.unary: Invalid attribute `kind` in property conversion: 7 : i32}}
  %y = "seq.unary"(%x) <{kind = 7 : i32}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @generic_wrong_result(%x: tensor<4x?xf32>) {
  // expected-error @+2 {{'seq.unary' op inferred type(s) 'tensor<4x?xf32>' are incompatible with return type(s) of operation 'tensor<4x4xf32>'}}
  // expected-error @+1 {{'seq.unary' op failed to infer returned types}}
  %y = "seq.unary"(%x) <{kind = 0 : i32}> : (tensor<4x?xf32>) -> tensor<4x4xf32>
  return
}
