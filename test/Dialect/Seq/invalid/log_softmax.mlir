// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.log_softmax: the axis must lie in [-rank, rank) of an
// f32 input.

func.func @axis_too_large(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.log_softmax' op expects axis in [-2, 2) for 'tensor<4x8xf32>', got 2}}
  %y = seq.log_softmax %x, axis = 2 : tensor<4x8xf32>
  return
}

// -----

func.func @axis_too_small(%x: tensor<?x?x?xf32>) {
  // expected-error @+1 {{'seq.log_softmax' op expects axis in [-3, 3) for 'tensor<?x?x?xf32>', got -4}}
  %y = seq.log_softmax %x, axis = -4 : tensor<?x?x?xf32>
  return
}

// -----

func.func @rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{'seq.log_softmax' op expects axis in [0, 0) for 'tensor<f32>', got 0}}
  %y = seq.log_softmax %x, axis = 0 : tensor<f32>
  return
}

// -----

// An axis in the attribute dictionary is checked while parsing too.
func.func @axis_in_attr_dict(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.log_softmax' op expects axis in [-2, 2) for 'tensor<4x8xf32>', got 7}}
  %y = seq.log_softmax %x, axis = 0 {axis = 7} : tensor<4x8xf32>
  return
}

// -----

func.func @integer_input(%x: tensor<4xi32>) {
  // expected-error @+1 {{'seq.log_softmax' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4xi32>'}}
  %y = seq.log_softmax %x, axis = 0 : tensor<4xi32>
  return
}

// -----

func.func @generic_missing_axis(%x: tensor<4xf32>) {
  // expected-error @+1 {{'seq.log_softmax' op requires attribute 'axis'}}
  %y = "seq.log_softmax"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @generic_i32_axis(%x: tensor<4xf32>) {
  // expected-error @+1 {{'seq.log_softmax' op attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute}}
  %y = "seq.log_softmax"(%x) <{axis = 0 : i32}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @generic_axis_out_of_range(%x: tensor<4xf32>) {
  // expected-error @+2 {{'seq.log_softmax' op expects axis in [-1, 1) for 'tensor<4xf32>', got 1}}
  // expected-error @+1 {{'seq.log_softmax' op failed to infer returned types}}
  %y = "seq.log_softmax"(%x) <{axis = 1 : i64}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @generic_wrong_result(%x: tensor<?x4xf32>) {
  // expected-error @+2 {{'seq.log_softmax' op inferred type(s) 'tensor<?x4xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error @+1 {{'seq.log_softmax' op failed to infer returned types}}
  %y = "seq.log_softmax"(%x) <{axis = 0 : i64}> : (tensor<?x4xf32>) -> tensor<2x4xf32>
  return
}
