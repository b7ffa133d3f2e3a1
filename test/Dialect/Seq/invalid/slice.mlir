// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.slice: i64 axis, start, end and step, an axis in
// [-rank, rank) and a positive step.

func.func @zero_step(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.slice' op expects a positive step, got 0}}
  %y = seq.slice %x {axis = 1 : i64, start = 0 : i64, end = 8 : i64, step = 0 : i64} : tensor<4x8xf32>
  return
}

// -----

func.func @negative_step(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.slice' op expects a positive step, got -1}}
  %y = seq.slice %x {axis = 1 : i64, start = 8 : i64, end = 0 : i64, step = -1 : i64} : tensor<4x8xf32>
  return
}

// -----

func.func @axis_too_large(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.slice' op expects axis in [-2, 2) for 'tensor<4x8xf32>', got 2}}
  %y = seq.slice %x {axis = 2 : i64, start = 0 : i64, end = 1 : i64, step = 1 : i64} : tensor<4x8xf32>
  return
}

// -----

func.func @axis_too_small(%x: tensor<?x8xi32>) {
  // expected-error @+1 {{'seq.slice' op expects axis in [-2, 2) for 'tensor<?x8xi32>', got -3}}
  %y = seq.slice %x {axis = -3 : i64, start = 0 : i64, end = 1 : i64, step = 1 : i64} : tensor<?x8xi32>
  return
}

// -----

func.func @rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{'seq.slice' op expects axis in [0, 0) for 'tensor<f32>', got 0}}
  %y = seq.slice %x {axis = 0 : i64, start = 0 : i64, end = 1 : i64, step = 1 : i64} : tensor<f32>
  return
}

// -----

func.func @missing_step(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.slice' op expects axis, start, end and step}}
  %y = seq.slice %x {axis = 1 : i64, start = 0 : i64, end = 8 : i64} : tensor<4x8xf32>
  return
}

// -----

func.func @i32_step(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.slice' op attribute 'step' failed to satisfy constraint: 64-bit signless integer attribute}}
  %y = seq.slice %x {axis = 1 : i64, start = 0 : i64, end = 8 : i64, step = 1 : i32} : tensor<4x8xf32>
  return
}

// -----

func.func @f16_input(%x: tensor<4xf16>) {
  // expected-error @+1 {{'seq.slice' op operand #0 must be ranked tensor of 32-bit float or 1-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf16>'}}
  %y = seq.slice %x {axis = 0 : i64, start = 0 : i64, end = 2 : i64, step = 1 : i64} : tensor<4xf16>
  return
}

// -----

func.func @generic_missing_start(%x: tensor<4xf32>) {
  // expected-error @+1 {{'seq.slice' op requires attribute 'start'}}
  %y = "seq.slice"(%x) <{axis = 0 : i64, end = 2 : i64, step = 1 : i64}> : (tensor<4xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @generic_zero_step(%x: tensor<4xf32>) {
  // expected-error @+2 {{'seq.slice' op expects a positive step, got 0}}
  // expected-error @+1 {{'seq.slice' op failed to infer returned types}}
  %y = "seq.slice"(%x) <{axis = 0 : i64, start = 0 : i64, end = 2 : i64, step = 0 : i64}> : (tensor<4xf32>) -> tensor<2xf32>
  return
}

// -----

// The length is not known on a dynamic dim.
func.func @generic_wrong_result(%x: tensor<?xf32>) {
  // expected-error @+2 {{'seq.slice' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error @+1 {{'seq.slice' op failed to infer returned types}}
  %y = "seq.slice"(%x) <{axis = 0 : i64, start = 0 : i64, end = 2 : i64, step = 1 : i64}> : (tensor<?xf32>) -> tensor<2xf32>
  return
}
