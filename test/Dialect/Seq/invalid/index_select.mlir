// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.index_select: an input of rank at least 1, an axis in
// [-rank, rank) and 1-D i32 or i64 indices.

func.func @axis_too_large(%t: tensor<100x64xf32>, %i: tensor<?xi64>) {
  // expected-error @+1 {{'seq.index_select' op expects axis in [-2, 2) for 'tensor<100x64xf32>', got 2}}
  %r = seq.index_select %t, %i axis = 2 : tensor<100x64xf32>, tensor<?xi64>
  return
}

// -----

func.func @axis_too_small(%t: tensor<100x64xf32>, %i: tensor<?xi64>) {
  // expected-error @+1 {{'seq.index_select' op expects axis in [-2, 2) for 'tensor<100x64xf32>', got -3}}
  %r = seq.index_select %t, %i axis = -3 : tensor<100x64xf32>, tensor<?xi64>
  return
}

// -----

// An axis in the attribute dictionary is checked while parsing too.
func.func @axis_in_attr_dict(%t: tensor<100x64xf32>, %i: tensor<?xi64>) {
  // expected-error @+1 {{'seq.index_select' op expects axis in [-2, 2) for 'tensor<100x64xf32>', got 4}}
  %r = seq.index_select %t, %i axis = 0 {axis = 4} : tensor<100x64xf32>, tensor<?xi64>
  return
}

// -----

func.func @rank_0_input(%t: tensor<f32>, %i: tensor<1xi64>) {
  // expected-error @+1 {{'seq.index_select' op expects input of rank at least 1}}
  %r = seq.index_select %t, %i axis = 0 : tensor<f32>, tensor<1xi64>
  return
}

// -----

func.func @indices_rank_2(%t: tensor<100x64xf32>, %i: tensor<2x3xi64>) {
  // expected-error @+1 {{'seq.index_select' op expects indices of rank 1, got 'tensor<2x3xi64>'}}
  %r = seq.index_select %t, %i axis = 0 : tensor<100x64xf32>, tensor<2x3xi64>
  return
}

// -----

func.func @indices_rank_0(%t: tensor<100x64xf32>, %i: tensor<i32>) {
  // expected-error @+1 {{'seq.index_select' op expects indices of rank 1, got 'tensor<i32>'}}
  %r = seq.index_select %t, %i axis = 0 : tensor<100x64xf32>, tensor<i32>
  return
}

// -----

func.func @float_indices(%t: tensor<100x64xf32>, %i: tensor<4xf32>) {
  // expected-error @+1 {{'seq.index_select' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %r = seq.index_select %t, %i axis = 0 : tensor<100x64xf32>, tensor<4xf32>
  return
}

// -----

func.func @i1_indices(%t: tensor<100x64xf32>, %i: tensor<4xi1>) {
  // expected-error @+1 {{'seq.index_select' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xi1>'}}
  %r = seq.index_select %t, %i axis = 0 : tensor<100x64xf32>, tensor<4xi1>
  return
}

// -----

func.func @generic_missing_axis(%t: tensor<100x64xf32>, %i: tensor<4xi64>) {
  // expected-error @+1 {{'seq.index_select' op requires attribute 'axis'}}
  %r = "seq.index_select"(%t, %i) : (tensor<100x64xf32>, tensor<4xi64>) -> tensor<4x64xf32>
  return
}

// -----

func.func @generic_wrong_result(%t: tensor<100x64xf32>, %i: tensor<4xi64>) {
  // expected-error @+2 {{'seq.index_select' op inferred type(s) 'tensor<100x4xf32>' are incompatible with return type(s) of operation 'tensor<4x64xf32>'}}
  // expected-error @+1 {{'seq.index_select' op failed to infer returned types}}
  %r = "seq.index_select"(%t, %i) <{axis = 1 : i64}> : (tensor<100x64xf32>, tensor<4xi64>) -> tensor<4x64xf32>
  return
}
