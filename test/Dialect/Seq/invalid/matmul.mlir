// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.matmul: operands of rank at least 1 whose contracted
// dims agree (lhs's last, rhs's second to last, or only, dim) and whose
// batch dims broadcast (a dim that broadcasts must be a static 1).

func.func @rank_0(%a: tensor<f32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'seq.matmul' op expects operands of rank at least 1, got 'tensor<f32>' and 'tensor<4xf32>'}}
  %r = seq.matmul %a, %b : tensor<f32>, tensor<4xf32>
  return
}

// -----

func.func @inner_dims_2d(%a: tensor<4x8xf32>, %b: tensor<7x5xf32>) {
  // expected-error @+1 {{'seq.matmul' op expects the contracted dims to agree: lhs 'tensor<4x8xf32>' has K = 8, rhs 'tensor<7x5xf32>' has K = 7}}
  %r = seq.matmul %a, %b : tensor<4x8xf32>, tensor<7x5xf32>
  return
}

// -----

func.func @inner_dims_1d(%a: tensor<8xf32>, %b: tensor<9xf32>) {
  // expected-error @+1 {{'seq.matmul' op expects the contracted dims to agree: lhs 'tensor<8xf32>' has K = 8, rhs 'tensor<9xf32>' has K = 9}}
  %r = seq.matmul %a, %b : tensor<8xf32>, tensor<9xf32>
  return
}

// -----

// The rhs is not transposed: [N, K] does not contract with [M, K].
func.func @inner_dims_untransposed(%a: tensor<4x8xf32>, %b: tensor<5x8xf32>) {
  // expected-error @+1 {{'seq.matmul' op expects the contracted dims to agree: lhs 'tensor<4x8xf32>' has K = 8, rhs 'tensor<5x8xf32>' has K = 5}}
  %r = seq.matmul %a, %b : tensor<4x8xf32>, tensor<5x8xf32>
  return
}

// -----

// A 1-D lhs contracts with the rhs's second to last dim.
func.func @inner_dims_vector_lhs(%a: tensor<8xf32>, %b: tensor<2x5x8xf32>) {
  // expected-error @+1 {{'seq.matmul' op expects the contracted dims to agree: lhs 'tensor<8xf32>' has K = 8, rhs 'tensor<2x5x8xf32>' has K = 5}}
  %r = seq.matmul %a, %b : tensor<8xf32>, tensor<2x5x8xf32>
  return
}

// -----

// Attention scores need the key transposed.
func.func @inner_dims_batched(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x32x64xf32>) {
  // expected-error @+1 {{'seq.matmul' op expects the contracted dims to agree: lhs 'tensor<?x8x?x64xf32>' has K = 64, rhs 'tensor<?x8x32x64xf32>' has K = 32}}
  %r = seq.matmul %q, %k : tensor<?x8x?x64xf32>, tensor<?x8x32x64xf32>
  return
}

// -----

func.func @batch_dims(%a: tensor<2x4x8xf32>, %b: tensor<3x8x5xf32>) {
  // expected-error @+1 {{'seq.matmul' op expects broadcast-compatible batch dims, got 'tensor<2x4x8xf32>' and 'tensor<3x8x5xf32>'}}
  %r = seq.matmul %a, %b : tensor<2x4x8xf32>, tensor<3x8x5xf32>
  return
}

// -----

// A dynamic batch dim never broadcasts, so it must equal the other static
// dim.
func.func @dynamic_batch_dim(%a: tensor<?x3x4x8xf32>, %b: tensor<2x8x5xf32>) {
  // expected-error @+1 {{'seq.matmul' op expects broadcast-compatible batch dims, got 'tensor<?x3x4x8xf32>' and 'tensor<2x8x5xf32>'}}
  %r = seq.matmul %a, %b : tensor<?x3x4x8xf32>, tensor<2x8x5xf32>
  return
}

// -----

func.func @mixed_float_types(%a: tensor<4x8xf16>, %b: tensor<8x5xf32>) {
  // expected-error @+1 {{'seq.matmul' op expects all float operands to have one element type, got 'f16' and 'f32'}}
  %r = seq.matmul %a, %b : tensor<4x8xf16>, tensor<8x5xf32>
  return
}

// -----

func.func @integer_operands(%a: tensor<4x8xi32>, %b: tensor<8x5xi32>) {
  // expected-error @+1 {{'seq.matmul' op operand #0 must be ranked tensor of 32-bit float values, but got 'tensor<4x8xi32>'}}
  %r = seq.matmul %a, %b : tensor<4x8xi32>, tensor<8x5xi32>
  return
}

// -----

func.func @scalar_operand(%a: tensor<4x8xf32>, %b: f32) {
  // expected-error @+1 {{invalid kind of type specified}}
  %r = seq.matmul %a, %b : tensor<4x8xf32>, f32
  return
}

// -----

func.func @generic_inner_dims(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) {
  // expected-error @+2 {{'seq.matmul' op expects the contracted dims to agree: lhs 'tensor<4x8xf32>' has K = 8, rhs 'tensor<4x8xf32>' has K = 4}}
  // expected-error @+1 {{'seq.matmul' op failed to infer returned types}}
  %r = "seq.matmul"(%a, %b) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

// A 1-D operand's unit dim is dropped from the result.
func.func @generic_wrong_result(%a: tensor<4x8xf32>, %v: tensor<8xf32>) {
  // expected-error @+2 {{'seq.matmul' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<4x1xf32>'}}
  // expected-error @+1 {{'seq.matmul' op failed to infer returned types}}
  %r = "seq.matmul"(%a, %v) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x1xf32>
  return
}
