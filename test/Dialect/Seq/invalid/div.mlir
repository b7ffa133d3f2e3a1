// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.div: the rules of seq.add (numpy broadcasting where a
// dim that broadcasts must be a static 1; at most one operand may be a
// scalar; one float element type).

func.func @two_scalars(%a: f32, %b: f32) {
  // expected-error @+1 {{'seq.div' op expects at least one ranked tensor operand, got 'f32' and 'f32'}}
  %r = seq.div %a, %b : f32, f32
  return
}

// -----

func.func @unranked_and_scalar(%a: f32, %b: tensor<*xf32>) {
  // expected-error @+1 {{'seq.div' op expects at least one ranked tensor operand, got 'f32' and 'tensor<*xf32>'}}
  %r = seq.div %a, %b : f32, tensor<*xf32>
  return
}

// -----

func.func @unranked(%a: tensor<4xf32>, %b: tensor<*xf32>) {
  // expected-error @+1 {{'seq.div' op operand #1 must be ranked float tensor or float scalar, but got 'tensor<*xf32>'}}
  %r = seq.div %a, %b : tensor<4xf32>, tensor<*xf32>
  return
}

// -----

func.func @mismatched_dims(%a: tensor<4x8xf32>, %b: tensor<4x7xf32>) {
  // expected-error @+1 {{'seq.div' op expects broadcast-compatible operands, got 'tensor<4x8xf32>' and 'tensor<4x7xf32>'}}
  %r = seq.div %a, %b : tensor<4x8xf32>, tensor<4x7xf32>
  return
}

// -----

// A dynamic dim never broadcasts, so it must equal the other static dim.
func.func @dynamic_against_static(%a: tensor<2x?xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{'seq.div' op expects broadcast-compatible operands, got 'tensor<2x?xf32>' and 'tensor<3x4xf32>'}}
  %r = seq.div %a, %b : tensor<2x?xf32>, tensor<3x4xf32>
  return
}

// -----

func.func @mixed_float_types(%a: f16, %b: tensor<4xf32>) {
  // expected-error @+1 {{'seq.div' op expects all float operands to have one element type, got 'f16' and 'f32'}}
  %r = seq.div %a, %b : f16, tensor<4xf32>
  return
}

// -----

func.func @integer_tensor(%a: tensor<4xf32>, %b: tensor<4xi64>) {
  // expected-error @+1 {{'seq.div' op operand #1 must be ranked float tensor or float scalar, but got 'tensor<4xi64>'}}
  %r = seq.div %a, %b : tensor<4xf32>, tensor<4xi64>
  return
}

// -----

func.func @generic_shape_error(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) {
  // expected-error @+2 {{'seq.div' op expects broadcast-compatible operands, got 'tensor<2x3xf32>' and 'tensor<3x2xf32>'}}
  // expected-error @+1 {{'seq.div' op failed to infer returned types}}
  %r = "seq.div"(%a, %b) : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x3xf32>
  return
}

// -----

// A dynamic dim against a static one is inferred static.
func.func @generic_wrong_result(%a: tensor<?x8xf32>, %b: tensor<4x8xf32>) {
  // expected-error @+2 {{'seq.div' op inferred type(s) 'tensor<4x8xf32>' are incompatible with return type(s) of operation 'tensor<?x8xf32>'}}
  // expected-error @+1 {{'seq.div' op failed to infer returned types}}
  %r = "seq.div"(%a, %b) : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x8xf32>
  return
}

// -----

func.func @generic_three_operands(%a: tensor<4xf32>) {
  // expected-error @+1 {{'seq.div' op expected 2 operands, but found 3}}
  %r = "seq.div"(%a, %a, %a) : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
