// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.transpose: the permutation has one entry per dim, each
// in [-rank, rank), and names every dim once.

func.func @too_many_entries(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.transpose' op expects a permutation of 2 dims for 'tensor<4x8xf32>', got 3}}
  %y = seq.transpose %x, permutation = [0, 1, 2] : tensor<4x8xf32>
  return
}

// -----

func.func @too_few_entries(%x: tensor<?x8x?x64xf32>) {
  // expected-error @+1 {{'seq.transpose' op expects a permutation of 4 dims for 'tensor<?x8x?x64xf32>', got 2}}
  %y = seq.transpose %x, permutation = [1, 0] : tensor<?x8x?x64xf32>
  return
}

// -----

func.func @rank_0_entry(%x: tensor<f32>) {
  // expected-error @+1 {{'seq.transpose' op expects a permutation of 0 dims for 'tensor<f32>', got 1}}
  %y = seq.transpose %x, permutation = [0] : tensor<f32>
  return
}

// -----

func.func @entry_too_large(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.transpose' op expects permutation entries in [-2, 2) for 'tensor<4x8xf32>', got 2}}
  %y = seq.transpose %x, permutation = [2, 0] : tensor<4x8xf32>
  return
}

// -----

func.func @entry_too_small(%x: tensor<4x8x3xi1>) {
  // expected-error @+1 {{'seq.transpose' op expects permutation entries in [-3, 3) for 'tensor<4x8x3xi1>', got -4}}
  %y = seq.transpose %x, permutation = [0, -4, 1] : tensor<4x8x3xi1>
  return
}

// -----

func.func @repeated_entry(%x: tensor<4x8x3xf32>) {
  // expected-error @+1 {{'seq.transpose' op expects a permutation, got dim 0 twice}}
  %y = seq.transpose %x, permutation = [0, 2, 0] : tensor<4x8x3xf32>
  return
}

// -----

// -2 is dim 0 again.
func.func @repeated_negative_entry(%x: tensor<4x8xi64>) {
  // expected-error @+1 {{'seq.transpose' op expects a permutation, got dim -2 twice}}
  %y = seq.transpose %x, permutation = [0, -2] : tensor<4x8xi64>
  return
}

// -----

// A permutation in the attribute dictionary is checked while parsing too.
func.func @permutation_in_attr_dict(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.transpose' op expects a permutation of 2 dims for 'tensor<4x8xf32>', got 1}}
  %y = seq.transpose %x, permutation = [1, 0] {permutation = array<i64: 0>} : tensor<4x8xf32>
  return
}

// -----

func.func @f16_input(%x: tensor<4x8xf16>) {
  // expected-error @+1 {{'seq.transpose' op operand #0 must be ranked tensor of 32-bit float or 1-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4x8xf16>'}}
  %y = seq.transpose %x, permutation = [1, 0] : tensor<4x8xf16>
  return
}

// -----

func.func @generic_missing_permutation(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.transpose' op requires attribute 'permutation'}}
  %y = "seq.transpose"(%x) : (tensor<4x8xf32>) -> tensor<8x4xf32>
  return
}

// -----

func.func @generic_repeated_entry(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{'seq.transpose' op expects a permutation, got dim 1 twice}}
  // expected-error @+1 {{'seq.transpose' op failed to infer returned types}}
  %y = "seq.transpose"(%x) <{permutation = array<i64: 1, 1>}> : (tensor<4x8xf32>) -> tensor<8x8xf32>
  return
}

// -----

func.func @generic_wrong_result(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{'seq.transpose' op inferred type(s) 'tensor<8x4xf32>' are incompatible with return type(s) of operation 'tensor<4x8xf32>'}}
  // expected-error @+1 {{'seq.transpose' op failed to infer returned types}}
  %y = "seq.transpose"(%x) <{permutation = array<i64: 1, 0>}> : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
