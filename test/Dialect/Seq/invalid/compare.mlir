// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.compare: at least one ranked tensor operand, numpy
// broadcasting where a dim that broadcasts must be a static 1, one element
// type (f32, i1, i32 or i64) for both operands.

func.func @unknown_predicate(%a: tensor<4xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'predicate' [eq, ne, lt, le, gt, ge]}}
  %r = seq.compare oeq %a, %a : tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @two_scalars(%a: i64, %b: i64) {
  // expected-error @+1 {{'seq.compare' op expects at least one ranked tensor operand}}
  %r = seq.compare eq %a, %b : i64, i64
  return
}

// -----

func.func @mismatched_dims(%a: tensor<4x8xi32>, %b: tensor<4x3xi32>) {
  // expected-error @+1 {{'seq.compare' op expects broadcast-compatible operands, got tensor<4x8xi32>, tensor<4x3xi32>}}
  %r = seq.compare lt %a, %b : tensor<4x8xi32>, tensor<4x3xi32>
  return
}

// -----

// A dynamic dim never broadcasts, so it must equal the other static dim.
func.func @dynamic_against_static(%a: tensor<?x8xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{'seq.compare' op expects broadcast-compatible operands, got tensor<?x8xf32>, tensor<2x4xf32>}}
  %r = seq.compare gt %a, %b : tensor<?x8xf32>, tensor<2x4xf32>
  return
}

// -----

func.func @float_against_integer(%a: tensor<4xf32>, %b: i32) {
  // expected-error @+1 {{'seq.compare' op expects lhs and rhs to have one element type, got 'f32' and 'i32'}}
  %r = seq.compare eq %a, %b : tensor<4xf32>, i32
  return
}

// -----

func.func @i1_against_i64(%a: tensor<4xi1>, %b: tensor<4xi64>) {
  // expected-error @+1 {{'seq.compare' op expects lhs and rhs to have one element type, got 'i1' and 'i64'}}
  %r = seq.compare ne %a, %b : tensor<4xi1>, tensor<4xi64>
  return
}

// -----

func.func @i32_against_i64(%a: i32, %b: tensor<4xi64>) {
  // expected-error @+1 {{'seq.compare' op expects lhs and rhs to have one element type, got 'i32' and 'i64'}}
  %r = seq.compare le %a, %b : i32, tensor<4xi64>
  return
}

// -----

func.func @index_operands(%a: tensor<4xindex>, %b: index) {
  // expected-error @+1 {{'seq.compare' op operand #0 must be ranked tensor or scalar of f32, i1, i32 or i64, but got 'tensor<4xindex>'}}
  %r = seq.compare eq %a, %b : tensor<4xindex>, index
  return
}

// -----

func.func @f16_tensor(%a: tensor<4xf16>, %b: tensor<4xf16>) {
  // expected-error @+1 {{'seq.compare' op operand #0 must be ranked tensor or scalar of f32, i1, i32 or i64, but got 'tensor<4xf16>'}}
  %r = seq.compare eq %a, %b : tensor<4xf16>, tensor<4xf16>
  return
}

// -----

func.func @unranked(%a: tensor<*xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'seq.compare' op operand #0 must be ranked tensor or scalar of f32, i1, i32 or i64, but got 'tensor<*xf32>'}}
  %r = seq.compare eq %a, %b : tensor<*xf32>, tensor<4xf32>
  return
}

// -----

func.func @generic_missing_predicate(%a: tensor<4xf32>) {
  // expected-error @+1 {{'seq.compare' op requires attribute 'predicate'}}
  %r = "seq.compare"(%a, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return
}

// -----

func.func @generic_bad_predicate(%a: tensor<4xf32>) {
  // expected-error @+1 {{invalid properties {predicate = 6 : i32} for op seq.compare: Invalid attribute `predicate` in property conversion: 6 : i32}}
  %r = "seq.compare"(%a, %a) <{predicate = 6 : i32}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return
}

// -----

func.func @generic_float_result(%a: tensor<4xf32>) {
  // expected-error @+1 {{'seq.compare' op result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xf32>'}}
  %r = "seq.compare"(%a, %a) <{predicate = 0 : i32}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @generic_wrong_result(%a: tensor<1x8xf32>, %b: tensor<4x1xf32>) {
  // expected-error @+2 {{'seq.compare' op inferred type(s) 'tensor<4x8xi1>' are incompatible with return type(s) of operation 'tensor<1x8xi1>'}}
  // expected-error @+1 {{'seq.compare' op failed to infer returned types}}
  %r = "seq.compare"(%a, %b) <{predicate = 2 : i32}> : (tensor<1x8xf32>, tensor<4x1xf32>) -> tensor<1x8xi1>
  return
}

// -----

func.func @generic_element_types(%a: tensor<4xf32>, %b: tensor<4xi32>) {
  // expected-error @+2 {{'seq.compare' op expects lhs and rhs to have one element type, got 'f32' and 'i32'}}
  // expected-error @+1 {{'seq.compare' op failed to infer returned types}}
  %r = "seq.compare"(%a, %b) <{predicate = 0 : i32}> : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xi1>
  return
}
