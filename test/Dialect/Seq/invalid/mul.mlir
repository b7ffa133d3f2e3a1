// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.mul: numpy broadcasting where a dim that broadcasts
// must be a static 1; at most one operand may be a scalar.

func.func @two_scalars(%a: f32, %b: f32) {
  // expected-error @+1 {{'seq.mul' op expects at least one ranked tensor operand, got 'f32' and 'f32'}}
  %r = seq.mul %a, %b : f32, f32
  return
}

// -----

func.func @unranked_and_scalar(%a: tensor<*xf32>, %b: f32) {
  // expected-error @+1 {{'seq.mul' op expects at least one ranked tensor operand, got 'tensor<*xf32>' and 'f32'}}
  %r = seq.mul %a, %b : tensor<*xf32>, f32
  return
}

// -----

func.func @unranked(%a: tensor<*xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'seq.mul' op operand #0 must be ranked float tensor or float scalar, but got 'tensor<*xf32>'}}
  %r = seq.mul %a, %b : tensor<*xf32>, tensor<4xf32>
  return
}

// -----

func.func @mismatched_dims(%a: tensor<4x8xf32>, %b: tensor<3x8xf32>) {
  // expected-error @+1 {{'seq.mul' op expects broadcast-compatible operands, got 'tensor<4x8xf32>' and 'tensor<3x8xf32>'}}
  %r = seq.mul %a, %b : tensor<4x8xf32>, tensor<3x8xf32>
  return
}

// -----

// Trailing dims are aligned: [8] against [4, 3].
func.func @mismatched_trailing(%a: tensor<4x3xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{'seq.mul' op expects broadcast-compatible operands, got 'tensor<4x3xf32>' and 'tensor<8xf32>'}}
  %r = seq.mul %a, %b : tensor<4x3xf32>, tensor<8xf32>
  return
}

// -----

// A dynamic dim never broadcasts, so it must equal the other static dim.
func.func @dynamic_against_static(%a: tensor<?x8xf32>, %b: tensor<5x4xf32>) {
  // expected-error @+1 {{'seq.mul' op expects broadcast-compatible operands, got 'tensor<?x8xf32>' and 'tensor<5x4xf32>'}}
  %r = seq.mul %a, %b : tensor<?x8xf32>, tensor<5x4xf32>
  return
}

// -----

func.func @mixed_float_types(%a: tensor<4xf16>, %b: f32) {
  // expected-error @+1 {{'seq.mul' op expects all float operands to have one element type, got 'f16' and 'f32'}}
  %r = seq.mul %a, %b : tensor<4xf16>, f32
  return
}

// -----

func.func @f64_scalar(%a: tensor<4xf32>, %b: f64) {
  // expected-error @+1 {{'seq.mul' op expects all float operands to have one element type, got 'f32' and 'f64'}}
  %r = seq.mul %a, %b : tensor<4xf32>, f64
  return
}

// -----

func.func @integer_tensor(%a: tensor<4xi32>, %b: f32) {
  // expected-error @+1 {{'seq.mul' op operand #0 must be ranked float tensor or float scalar, but got 'tensor<4xi32>'}}
  %r = seq.mul %a, %b : tensor<4xi32>, f32
  return
}

// -----

func.func @integer_scalar(%a: tensor<4xf32>, %b: i32) {
  // expected-error @+1 {{'seq.mul' op operand #1 must be ranked float tensor or float scalar, but got 'i32'}}
  %r = seq.mul %a, %b : tensor<4xf32>, i32
  return
}

// -----

func.func @index_scalar(%a: index, %b: tensor<4xf32>) {
  // expected-error @+1 {{'seq.mul' op operand #0 must be ranked float tensor or float scalar, but got 'index'}}
  %r = seq.mul %a, %b : index, tensor<4xf32>
  return
}

// -----

func.func @generic_shape_error(%a: tensor<4xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{'seq.mul' op expects broadcast-compatible operands, got 'tensor<4xf32>' and 'tensor<5xf32>'}}
  // expected-error @+1 {{'seq.mul' op failed to infer returned types}}
  %r = "seq.mul"(%a, %b) : (tensor<4xf32>, tensor<5xf32>) -> tensor<4xf32>
  return
}

// -----

// The result has the broadcast shape, not the shape of the first operand.
func.func @generic_wrong_result(%a: tensor<1x8xf32>, %b: tensor<4x1xf32>) {
  // expected-error @+2 {{'seq.mul' op inferred type(s) 'tensor<4x8xf32>' are incompatible with return type(s) of operation 'tensor<1x8xf32>'}}
  // expected-error @+1 {{'seq.mul' op failed to infer returned types}}
  %r = "seq.mul"(%a, %b) : (tensor<1x8xf32>, tensor<4x1xf32>) -> tensor<1x8xf32>
  return
}

// -----

func.func @generic_one_operand(%a: tensor<4xf32>) {
  // expected-error @+1 {{'seq.mul' op expected 2 operands, but found 1}}
  %r = "seq.mul"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  return
}
