// RUN: seq-opt %s -split-input-file -verify-diagnostics

// Diagnostics of seq.arange: a 1-D i32/i64 result, with a length operand
// exactly when its dim is dynamic.

func.func @rank_2() {
  // expected-error @+1 {{'seq.arange' op expects a 1-D result, got 'tensor<2x3xi64>'}}
  %r = seq.arange : tensor<2x3xi64>
  return
}

// -----

func.func @rank_0() {
  // expected-error @+1 {{'seq.arange' op expects a 1-D result, got 'tensor<i64>'}}
  %r = seq.arange : tensor<i64>
  return
}

// -----

func.func @missing_length() {
  // expected-error @+1 {{'seq.arange' op expects a length operand exactly when the length of 'tensor<?xi64>' is dynamic}}
  %r = seq.arange : tensor<?xi64>
  return
}

// -----

func.func @extra_length(%s: index) {
  // expected-error @+1 {{'seq.arange' op expects a length operand exactly when the length of 'tensor<8xi32>' is dynamic}}
  %r = seq.arange length(%s) : tensor<8xi32>
  return
}

// -----

func.func @float_result(%s: index) {
  // expected-error @+1 {{'seq.arange' op result #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<?xf32>'}}
  %r = seq.arange length(%s) : tensor<?xf32>
  return
}

// -----

func.func @i64_length(%s: i64) {
  // expected-note @-1 {{prior use here}}
  // expected-error @+1 {{use of value '%s' expects different type than prior uses: 'index' vs 'i64'}}
  %r = seq.arange length(%s) : tensor<?xi64>
  return
}

// -----

func.func @generic_missing_length() {
  // expected-error @+1 {{'seq.arange' op expects a length operand exactly when the length of 'tensor<?xi32>' is dynamic}}
  %r = "seq.arange"() : () -> tensor<?xi32>
  return
}
