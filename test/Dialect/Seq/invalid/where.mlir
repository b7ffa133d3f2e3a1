// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.where: an i1 condition tensor, numpy broadcasting of
// the three operands where a dim that broadcasts must be a static 1, one
// element type for lhs and rhs.

func.func @mismatched_dims(%c: tensor<4x8xi1>, %a: tensor<4x3xf32>, %b: f32) {
  // expected-error @+1 {{'seq.where' op expects broadcast-compatible operands, got tensor<4x8xi1>, tensor<4x3xf32>, f32}}
  %r = seq.where %c, %a, %b : tensor<4x8xi1>, tensor<4x3xf32>, f32
  return
}

// -----

// lhs and rhs agree with the condition but not with each other.
func.func @mismatched_values(%c: tensor<1x8xi1>, %a: tensor<4x8xf32>, %b: tensor<5x1xf32>) {
  // expected-error @+1 {{'seq.where' op expects broadcast-compatible operands, got tensor<1x8xi1>, tensor<4x8xf32>, tensor<5x1xf32>}}
  %r = seq.where %c, %a, %b : tensor<1x8xi1>, tensor<4x8xf32>, tensor<5x1xf32>
  return
}

// -----

// A dynamic dim never broadcasts, so it must equal the other static dim.
func.func @dynamic_against_static(%c: tensor<?xi1>, %a: tensor<4xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'seq.where' op expects broadcast-compatible operands, got tensor<?xi1>, tensor<4xf32>, tensor<5xf32>}}
  %r = seq.where %c, %a, %b : tensor<?xi1>, tensor<4xf32>, tensor<5xf32>
  return
}

// -----

func.func @mixed_value_types(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: i64) {
  // expected-error @+1 {{'seq.where' op expects lhs and rhs to have one element type, got 'f32' and 'i64'}}
  %r = seq.where %c, %a, %b : tensor<4xi1>, tensor<4xf32>, i64
  return
}

// -----

func.func @mixed_integer_types(%c: tensor<4xi1>, %a: i1, %b: tensor<4xi32>) {
  // expected-error @+1 {{'seq.where' op expects lhs and rhs to have one element type, got 'i1' and 'i32'}}
  %r = seq.where %c, %a, %b : tensor<4xi1>, i1, tensor<4xi32>
  return
}

// -----

func.func @float_condition(%c: tensor<4xf32>, %a: tensor<4xf32>) {
  // expected-error @+1 {{'seq.where' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xf32>'}}
  %r = seq.where %c, %a, %a : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @scalar_condition(%c: i1, %a: tensor<4xf32>) {
  // expected-error @+1 {{invalid kind of type specified}}
  %r = seq.where %c, %a, %a : i1, tensor<4xf32>, tensor<4xf32>
  return
}

// -----

func.func @f16_values(%c: tensor<4xi1>, %a: tensor<4xf16>) {
  // expected-error @+1 {{'seq.where' op operand #1 must be ranked tensor or scalar of f32, i1, i32 or i64, but got 'tensor<4xf16>'}}
  %r = seq.where %c, %a, %a : tensor<4xi1>, tensor<4xf16>, tensor<4xf16>
  return
}

// -----

func.func @generic_scalar_condition(%c: i1, %a: f32) {
  // expected-error @+1 {{'seq.where' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'i1'}}
  %r = "seq.where"(%c, %a, %a) : (i1, f32, f32) -> tensor<f32>
  return
}

// -----

func.func @generic_wrong_element_type(%c: tensor<4xi1>, %a: tensor<4xi32>) {
  // expected-error @+2 {{'seq.where' op inferred type(s) 'tensor<4xi32>' are incompatible with return type(s) of operation 'tensor<4xi64>'}}
  // expected-error @+1 {{'seq.where' op failed to infer returned types}}
  %r = "seq.where"(%c, %a, %a) : (tensor<4xi1>, tensor<4xi32>, tensor<4xi32>) -> tensor<4xi64>
  return
}

// -----

func.func @generic_wrong_shape(%c: tensor<3x1xi1>, %a: tensor<5xf32>, %b: f32) {
  // expected-error @+2 {{'seq.where' op inferred type(s) 'tensor<3x5xf32>' are incompatible with return type(s) of operation 'tensor<5xf32>'}}
  // expected-error @+1 {{'seq.where' op failed to infer returned types}}
  %r = "seq.where"(%c, %a, %b) : (tensor<3x1xi1>, tensor<5xf32>, f32) -> tensor<5xf32>
  return
}
