// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.concat: at least one input, one rank and one element
// type, an axis in [-rank, rank), and equal dims off the axis.

func.func @axis_too_large(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.concat' op expects axis in [-2, 2) for 'tensor<4x8xf32>', got 2}}
  %r = seq.concat %a, %a axis = 2 : tensor<4x8xf32>, tensor<4x8xf32>
  return
}

// -----

func.func @axis_too_small(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.concat' op expects axis in [-2, 2) for 'tensor<4x8xf32>', got -3}}
  %r = seq.concat %a, %a axis = -3 : tensor<4x8xf32>, tensor<4x8xf32>
  return
}

// -----

func.func @rank_0(%a: tensor<f32>) {
  // expected-error @+1 {{'seq.concat' op expects axis in [0, 0) for 'tensor<f32>', got 0}}
  %r = seq.concat %a, %a axis = 0 : tensor<f32>, tensor<f32>
  return
}

// -----

// An axis in the attribute dictionary is checked while parsing too.
func.func @axis_in_attr_dict(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.concat' op expects axis in [-2, 2) for 'tensor<4x8xf32>', got 5}}
  %r = seq.concat %a, %a axis = 0 {axis = 5} : tensor<4x8xf32>, tensor<4x8xf32>
  return
}

// -----

func.func @rank_mismatch(%a: tensor<4x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'seq.concat' op expects inputs of rank 2, got 'tensor<8xf32>'}}
  %r = seq.concat %a, %b axis = 0 : tensor<4x8xf32>, tensor<8xf32>
  return
}

// -----

func.func @dim_mismatch(%a: tensor<4x8xf32>, %b: tensor<3x8xf32>) {
  // expected-error @+1 {{'seq.concat' op expects input 1 dim 0 (3) to equal input 0's (4)}}
  %r = seq.concat %a, %b axis = 1 : tensor<4x8xf32>, tensor<3x8xf32>
  return
}

// -----

// A dim that input 0 leaves dynamic is fixed by the first static one.
func.func @dim_mismatch_refined(%a: tensor<?x8xf32>, %b: tensor<3x8xf32>, %c: tensor<5x8xf32>) {
  // expected-error @+1 {{'seq.concat' op expects input 2 dim 0 (5) to equal input 0's (3)}}
  %r = seq.concat %a, %b, %c axis = 1 : tensor<?x8xf32>, tensor<3x8xf32>, tensor<5x8xf32>
  return
}

// -----

func.func @element_types(%a: tensor<4xf32>, %b: tensor<4xi32>) {
  // expected-error @+1 {{'seq.concat' op expects inputs to have one element type, got 'f32' and 'i32'}}
  %r = seq.concat %a, %b axis = 0 : tensor<4xf32>, tensor<4xi32>
  return
}

// -----

func.func @f16_inputs(%a: tensor<4xf16>) {
  // expected-error @+1 {{'seq.concat' op operand #0 must be variadic of ranked tensor of 32-bit float or 1-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf16>'}}
  %r = seq.concat %a, %a axis = 0 : tensor<4xf16>, tensor<4xf16>
  return
}

// -----

func.func @generic_no_inputs() {
  // expected-error @+2 {{'seq.concat' op expects at least one input}}
  // expected-error @+1 {{'seq.concat' op failed to infer returned types}}
  %r = "seq.concat"() <{axis = 0 : i64}> : () -> tensor<0xf32>
  return
}

// -----

func.func @generic_missing_axis(%a: tensor<4xf32>) {
  // expected-error @+1 {{'seq.concat' op requires attribute 'axis'}}
  %r = "seq.concat"(%a, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @generic_wrong_result(%a: tensor<4x?xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+2 {{'seq.concat' op inferred type(s) 'tensor<4x?xf32>' are incompatible with return type(s) of operation 'tensor<4x6xf32>'}}
  // expected-error @+1 {{'seq.concat' op failed to infer returned types}}
  %r = "seq.concat"(%a, %b) <{axis = 1 : i64}> : (tensor<4x?xf32>, tensor<4x3xf32>) -> tensor<4x6xf32>
  return
}
