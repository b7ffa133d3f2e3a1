// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.argmax: an f32 input of rank at least 1, an i64 axis
// in [-rank, rank), a keepdim and an i64 result.

func.func @axis_too_large(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.argmax' op expects axis in [-2, 2) for 'tensor<4x8xf32>', got 2}}
  %y = seq.argmax %x {axis = 2 : i64, keepdim = false} : tensor<4x8xf32>
  return
}

// -----

func.func @axis_too_small(%x: tensor<?x1000xf32>) {
  // expected-error @+1 {{'seq.argmax' op expects axis in [-2, 2) for 'tensor<?x1000xf32>', got -3}}
  %y = seq.argmax %x {axis = -3 : i64, keepdim = true} : tensor<?x1000xf32>
  return
}

// -----

func.func @rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{'seq.argmax' op expects input of rank at least 1}}
  %y = seq.argmax %x {axis = 0 : i64, keepdim = false} : tensor<f32>
  return
}

// -----

func.func @missing_keepdim(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.argmax' op expects axis and keepdim}}
  %y = seq.argmax %x {axis = 1 : i64} : tensor<4x8xf32>
  return
}

// -----

func.func @missing_axis(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.argmax' op expects axis and keepdim}}
  %y = seq.argmax %x {keepdim = false} : tensor<4x8xf32>
  return
}

// -----

func.func @i32_axis(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.argmax' op attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute}}
  %y = seq.argmax %x {axis = 1 : i32, keepdim = false} : tensor<4x8xf32>
  return
}

// -----

func.func @integer_input(%x: tensor<4x8xi32>) {
  // expected-error @+1 {{'seq.argmax' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4x8xi32>'}}
  %y = seq.argmax %x {axis = 1 : i64, keepdim = false} : tensor<4x8xi32>
  return
}

// -----

func.func @generic_missing_keepdim(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.argmax' op requires attribute 'keepdim'}}
  %y = "seq.argmax"(%x) <{axis = 1 : i64}> : (tensor<4x8xf32>) -> tensor<4xi64>
  return
}

// -----

func.func @generic_i32_result(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.argmax' op result #0 must be ranked tensor of 64-bit signless integer values, but got 'tensor<4xi32>'}}
  %y = "seq.argmax"(%x) <{axis = 1 : i64, keepdim = false}> : (tensor<4x8xf32>) -> tensor<4xi32>
  return
}

// -----

func.func @generic_wrong_result(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{'seq.argmax' op inferred type(s) 'tensor<4x1xi64>' are incompatible with return type(s) of operation 'tensor<4xi64>'}}
  // expected-error @+1 {{'seq.argmax' op failed to infer returned types}}
  %y = "seq.argmax"(%x) <{axis = 1 : i64, keepdim = true}> : (tensor<4x8xf32>) -> tensor<4xi64>
  return
}
