// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.cast: the result keeps the input's shape; the element
// types are f32, i1, i32 or i64.

func.func @different_dim(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.cast' op expects the result to have the input's shape, got 'tensor<4x8xf32>' to 'tensor<4x7xi32>'}}
  %y = seq.cast %x : tensor<4x8xf32> to tensor<4x7xi32>
  return
}

// -----

func.func @different_rank(%x: tensor<4x8xi1>) {
  // expected-error @+1 {{'seq.cast' op expects the result to have the input's shape, got 'tensor<4x8xi1>' to 'tensor<32xf32>'}}
  %y = seq.cast %x : tensor<4x8xi1> to tensor<32xf32>
  return
}

// -----

func.func @rank_0_to_rank_1(%x: tensor<f32>) {
  // expected-error @+1 {{'seq.cast' op expects the result to have the input's shape, got 'tensor<f32>' to 'tensor<1xf32>'}}
  %y = seq.cast %x : tensor<f32> to tensor<1xf32>
  return
}

// -----

func.func @f16_result(%x: tensor<4xf32>) {
  // expected-error @+1 {{'seq.cast' op result #0 must be ranked tensor of 32-bit float or 1-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf16>'}}
  %y = seq.cast %x : tensor<4xf32> to tensor<4xf16>
  return
}

// -----

func.func @i8_input(%x: tensor<4xi8>) {
  // expected-error @+1 {{'seq.cast' op operand #0 must be ranked tensor of 32-bit float or 1-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xi8>'}}
  %y = seq.cast %x : tensor<4xi8> to tensor<4xf32>
  return
}

// -----

func.func @scalar_input(%x: f32) {
  // expected-error @+1 {{invalid kind of type specified}}
  %y = seq.cast %x : f32 to tensor<f32>
  return
}

// -----

func.func @generic_different_dim(%x: tensor<?x8xi64>) {
  // expected-error @+1 {{'seq.cast' op expects the result to have the input's shape, got 'tensor<?x8xi64>' to 'tensor<?x4xi1>'}}
  %y = "seq.cast"(%x) : (tensor<?x8xi64>) -> tensor<?x4xi1>
  return
}
