// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.reshape: static_sizes holds sizes >= 0, at most one -1
// and one ? (-9223372036854775808) per index operand; where every size is
// static the element count must not change (a -1 must divide it).

func.func @two_inferred(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reshape' op expects at most one -1 in static_sizes, got dims 0 and 2}}
  %y = seq.reshape %x {static_sizes = array<i64: -1, 4, -1>} : tensor<4x8xf32>
  return
}

// -----

func.func @negative_size(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reshape' op expects sizes >= 0 or -1, got -2 at dim 1}}
  %y = seq.reshape %x {static_sizes = array<i64: 16, -2>} : tensor<4x8xf32>
  return
}

// -----

func.func @missing_size_operand(%x: tensor<?x512xf32>) {
  // expected-error @+1 {{'seq.reshape' op expects one size operand per '?' in static_sizes (1), got 0}}
  %y = seq.reshape %x {static_sizes = array<i64: -9223372036854775808, 8, 64>} : tensor<?x512xf32>
  return
}

// -----

func.func @extra_size_operand(%x: tensor<?x512xf32>, %b: index) {
  // expected-error @+1 {{'seq.reshape' op expects one size operand per '?' in static_sizes (1), got 2}}
  %y = seq.reshape %x [%b, %b] {static_sizes = array<i64: -9223372036854775808, -1, 64>} : tensor<?x512xf32>
  return
}

// -----

func.func @element_count(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reshape' op expects 32 elements as in 'tensor<4x8xf32>', got 30}}
  %y = seq.reshape %x {static_sizes = array<i64: 5, 6>} : tensor<4x8xf32>
  return
}

// -----

func.func @rank_0_element_count(%x: tensor<i1>) {
  // expected-error @+1 {{'seq.reshape' op expects 1 elements as in 'tensor<i1>', got 2}}
  %y = seq.reshape %x {static_sizes = array<i64: 2>} : tensor<i1>
  return
}

// -----

func.func @empty_element_count(%x: tensor<0x4xf32>) {
  // expected-error @+1 {{'seq.reshape' op expects 0 elements as in 'tensor<0x4xf32>', got 4}}
  %y = seq.reshape %x {static_sizes = array<i64: 4>} : tensor<0x4xf32>
  return
}

// -----

func.func @inferred_not_a_divisor(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reshape' op cannot infer dim 1: 32 elements of 'tensor<4x8xf32>' are not a multiple of 5}}
  %y = seq.reshape %x {static_sizes = array<i64: 5, -1>} : tensor<4x8xf32>
  return
}

// -----

// A 0 next to a -1 leaves the -1 undetermined, as in PyTorch.
func.func @inferred_next_to_zero(%x: tensor<0x4xf32>) {
  // expected-error @+1 {{'seq.reshape' op cannot infer dim 0: 0 elements of 'tensor<0x4xf32>' are not a multiple of 0}}
  %y = seq.reshape %x {static_sizes = array<i64: -1, 0>} : tensor<0x4xf32>
  return
}

// -----

// Static sizes whose product passes int64 (this used to be accepted).
func.func @sizes_overflow(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reshape' op expects 32 elements as in 'tensor<4x8xf32>', got more than 9223372036854775807}}
  %y = seq.reshape %x {static_sizes = array<i64: 4611686018427387904, 4>} : tensor<4x8xf32>
  return
}

// -----

func.func @sizes_overflow_inferred(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reshape' op expects 32 elements as in 'tensor<4x8xf32>', got more than 9223372036854775807}}
  %y = seq.reshape %x {static_sizes = array<i64: 4611686018427387904, 4, -1>} : tensor<4x8xf32>
  return
}

// -----

// A 0 makes the product 0 however large the other sizes are.
func.func @sizes_overflow_zero(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reshape' op expects 32 elements as in 'tensor<4x8xf32>', got 0}}
  %y = seq.reshape %x {static_sizes = array<i64: 4611686018427387904, 4, 0>} : tensor<4x8xf32>
  return
}

// -----

func.func @missing_static_sizes(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reshape' op expects static_sizes}}
  %y = seq.reshape %x : tensor<4x8xf32>
  return
}

// -----

func.func @i64_size_operand(%x: tensor<?x8xf32>, %b: i64) {
  // expected-note @-1 {{prior use here}}
  // expected-error @+1 {{use of value '%b' expects different type than prior uses: 'index' vs 'i64'}}
  %y = seq.reshape %x [%b] {static_sizes = array<i64: -9223372036854775808, 8>} : tensor<?x8xf32>
  return
}

// -----

func.func @f16_input(%x: tensor<4x8xf16>) {
  // expected-error @+1 {{'seq.reshape' op operand #0 must be ranked tensor of 32-bit float or 1-bit signless integer or 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4x8xf16>'}}
  %y = seq.reshape %x {static_sizes = array<i64: 32>} : tensor<4x8xf16>
  return
}

// -----

func.func @generic_missing_static_sizes(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{'seq.reshape' op requires attribute 'static_sizes'}}
  %y = "seq.reshape"(%x) : (tensor<4x8xf32>) -> tensor<32xf32>
  return
}

// -----

func.func @generic_missing_size_operand(%x: tensor<4x8xf32>) {
  // expected-error @+2 {{'seq.reshape' op expects one size operand per '?' in static_sizes (2), got 0}}
  // expected-error @+1 {{'seq.reshape' op failed to infer returned types}}
  %y = "seq.reshape"(%x) <{static_sizes = array<i64: -9223372036854775808, -9223372036854775808>}> : (tensor<4x8xf32>) -> tensor<?x?xf32>
  return
}

// -----

// A run-time size gives a dynamic dim even where the count would fix it.
func.func @generic_wrong_result(%x: tensor<4x8xf32>, %n: index) {
  // expected-error @+2 {{'seq.reshape' op inferred type(s) 'tensor<?x8xf32>' are incompatible with return type(s) of operation 'tensor<4x8xf32>'}}
  // expected-error @+1 {{'seq.reshape' op failed to infer returned types}}
  %y = "seq.reshape"(%x, %n) <{static_sizes = array<i64: -9223372036854775808, 8>}> : (tensor<4x8xf32>, index) -> tensor<4x8xf32>
  return
}
