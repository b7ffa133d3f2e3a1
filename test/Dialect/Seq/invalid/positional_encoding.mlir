// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.positional_encoding: the result is [length, dim] with a
// static dim >= 1; the length operand is present exactly when the length is
// dynamic.

func.func @rank_1() {
  // expected-error @+1 {{'seq.positional_encoding' op expects a result of rank 2 ([length, dim]), got 'tensor<16xf32>'}}
  %pe = seq.positional_encoding : tensor<16xf32>
  return
}

// -----

func.func @rank_3() {
  // expected-error @+1 {{'seq.positional_encoding' op expects a result of rank 2 ([length, dim]), got 'tensor<1x16x8xf32>'}}
  %pe = seq.positional_encoding : tensor<1x16x8xf32>
  return
}

// -----

func.func @dynamic_dim(%n: index) {
  // expected-error @+1 {{'seq.positional_encoding' op expects a static model dim (result dim 1), got 'tensor<?x?xf32>'}}
  %pe = seq.positional_encoding length(%n) : tensor<?x?xf32>
  return
}

// -----

func.func @zero_dim() {
  // expected-error @+1 {{'seq.positional_encoding' op expects a model dim of at least 1, got 0}}
  %pe = seq.positional_encoding : tensor<16x0xf32>
  return
}

// -----

func.func @dynamic_length_without_operand() {
  // expected-error @+1 {{'seq.positional_encoding' op expects a length operand for the dynamic length of 'tensor<?x256xf32>'}}
  %pe = seq.positional_encoding : tensor<?x256xf32>
  return
}

// -----

// An offset is not a length.
func.func @dynamic_length_with_offset_only(%o: index) {
  // expected-error @+1 {{'seq.positional_encoding' op expects a length operand for the dynamic length of 'tensor<?x256xf32>'}}
  %pe = seq.positional_encoding offset(%o) : tensor<?x256xf32>
  return
}

// -----

func.func @static_length_with_operand(%n: index) {
  // expected-error @+1 {{'seq.positional_encoding' op expects no length operand: the length of 'tensor<16x256xf32>' is static}}
  %pe = seq.positional_encoding length(%n) : tensor<16x256xf32>
  return
}

// -----

func.func @integer_result() {
  // expected-error @+1 {{'seq.positional_encoding' op result #0 must be ranked tensor of 32-bit float values, but got 'tensor<16x8xi32>'}}
  %pe = seq.positional_encoding : tensor<16x8xi32>
  return
}

// -----

func.func @non_tensor_result() {
  // expected-error @+1 {{invalid kind of type specified}}
  %pe = seq.positional_encoding : f32
  return
}

// -----

// expected-note @+1 {{prior use here}}
func.func @i32_length(%n: i32) {
  // expected-error @+1 {{use of value '%n' expects different type than prior uses: 'index' vs 'i32'}}
  %pe = seq.positional_encoding length(%n) : tensor<?x8xf32>
  return
}

// -----

func.func @generic_i64_length(%n: i64) {
  // expected-error @+1 {{'seq.positional_encoding' op operand #0 must be index, but got 'i64'}}
  %pe = "seq.positional_encoding"(%n) <{operandSegmentSizes = array<i32: 1, 0>}> : (i64) -> tensor<?x8xf32>
  return
}

// -----

func.func @generic_bad_segments(%n: index) {
  // expected-error @+1 {{'seq.positional_encoding' op operand count (1) does not match with the total size (2) specified in attribute 'operandSegmentSizes'}}
  %pe = "seq.positional_encoding"(%n) <{operandSegmentSizes = array<i32: 1, 1>}> : (index) -> tensor<?x8xf32>
  return
}

// -----

// The single index operand is the offset here, so the dynamic length has
// no operand.
func.func @generic_offset_is_not_length(%n: index) {
  // expected-error @+1 {{'seq.positional_encoding' op expects a length operand for the dynamic length of 'tensor<?x8xf32>'}}
  %pe = "seq.positional_encoding"(%n) <{operandSegmentSizes = array<i32: 0, 1>}> : (index) -> tensor<?x8xf32>
  return
}
