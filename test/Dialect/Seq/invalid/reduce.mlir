// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.reduce: a known kind, axes in [-rank, rank) naming
// each dim at most once, a keepdim and a ranked f32 input.

func.func @axis_too_large(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reduce' op expects axes in [-2, 2) for 'tensor<4x8xf32>', got 2}}
  %y = seq.reduce sum %x {axes = array<i64: 0, 2>, keepdim = false} : tensor<4x8xf32>
  return
}

// -----

func.func @axis_too_small(%x: tensor<?x?x?xf32>) {
  // expected-error @+1 {{'seq.reduce' op expects axes in [-3, 3) for 'tensor<?x?x?xf32>', got -4}}
  %y = seq.reduce mean %x {axes = array<i64: -4>, keepdim = true} : tensor<?x?x?xf32>
  return
}

// -----

func.func @rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{'seq.reduce' op expects axes in [0, 0) for 'tensor<f32>', got 0}}
  %y = seq.reduce max %x {axes = array<i64: 0>, keepdim = false} : tensor<f32>
  return
}

// -----

func.func @repeated_axis(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reduce' op expects distinct axes, got dim 1 twice}}
  %y = seq.reduce sum %x {axes = array<i64: 1, 1>, keepdim = false} : tensor<4x8xf32>
  return
}

// -----

// -1 is dim 1 again.
func.func @repeated_negative_axis(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reduce' op expects distinct axes, got dim -1 twice}}
  %y = seq.reduce min %x {axes = array<i64: 1, -1>, keepdim = true} : tensor<4x8xf32>
  return
}

// -----

func.func @missing_keepdim(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reduce' op expects axes and keepdim}}
  %y = seq.reduce sum %x {axes = array<i64: 1>} : tensor<4x8xf32>
  return
}

// -----

func.func @missing_axes(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reduce' op expects axes and keepdim}}
  %y = seq.reduce sum %x {keepdim = true} : tensor<4x8xf32>
  return
}

// -----

func.func @integer_keepdim(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reduce' op attribute 'keepdim' failed to satisfy constraint: bool attribute}}
  %y = seq.reduce sum %x {axes = array<i64: 1>, keepdim = 1 : i64} : tensor<4x8xf32>
  return
}

// -----

func.func @unknown_kind(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [sum, mean, max, min]}}
  %y = seq.reduce prod %x {axes = array<i64: 1>, keepdim = false} : tensor<4x8xf32>
  return
}

// -----

func.func @integer_input(%x: tensor<4x8xi64>) {
  // expected-error @+1 {{'seq.reduce' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4x8xi64>'}}
  %y = seq.reduce sum %x {axes = array<i64: 1>, keepdim = false} : tensor<4x8xi64>
  return
}

// -----

func.func @generic_missing_axes(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reduce' op requires attribute 'axes'}}
  %y = "seq.reduce"(%x) <{keepdim = false, kind = 0 : i32}> : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @generic_repeated_axis(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{'seq.reduce' op expects distinct axes, got dim -2 twice}}
  // expected-error @+1 {{'seq.reduce' op failed to infer returned types}}
  %y = "seq.reduce"(%x) <{axes = array<i64: 0, -2>, keepdim = false, kind = 0 : i32}> : (tensor<4x8xf32>) -> tensor<8xf32>
  return
}

// -----

// keepdim keeps the reduced dim as 1.
func.func @generic_wrong_result(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{'seq.reduce' op inferred type(s) 'tensor<4x1xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{'seq.reduce' op failed to infer returned types}}
  %y = "seq.reduce"(%x) <{axes = array<i64: 1>, keepdim = true, kind = 1 : i32}> : (tensor<4x8xf32>) -> tensor<4xf32>
  return
}
