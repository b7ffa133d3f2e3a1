// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.reshape: Tensor.reshape. An entry of static_sizes >= 0
// is that size, one -1 is inferred from the element count, and ? (printed
// as -9223372036854775808) takes the next index operand.

// Static sizes, with and without a -1 (inferred where every size is static).
// CHECK-LABEL: func.func @reshape_static(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x8xf32>)
// CHECK: %[[A:.+]] = seq.reshape %[[X]] {static_sizes = array<i64: 2, 16>} : tensor<4x8xf32>
// CHECK: %[[B:.+]] = seq.reshape %[[X]] {static_sizes = array<i64: -1, 2>} : tensor<4x8xf32>
// CHECK: %[[C:.+]] = seq.reshape %[[X]] {static_sizes = array<i64: 2, -1, 4>} : tensor<4x8xf32>
// CHECK: %[[D:.+]] = seq.reshape %[[X]] {static_sizes = array<i64: -1>} : tensor<4x8xf32>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]] : tensor<2x16xf32>, tensor<16x2xf32>, tensor<2x4x4xf32>, tensor<32xf32>
func.func @reshape_static(%x: tensor<4x8xf32>) -> (tensor<2x16xf32>, tensor<16x2xf32>, tensor<2x4x4xf32>, tensor<32xf32>) {
  %a = seq.reshape %x {static_sizes = array<i64: 2, 16>} : tensor<4x8xf32>
  %b = seq.reshape %x {static_sizes = array<i64: -1, 2>} : tensor<4x8xf32>
  %c = seq.reshape %x {static_sizes = array<i64: 2, -1, 4>} : tensor<4x8xf32>
  %d = seq.reshape %x {static_sizes = array<i64: -1>} : tensor<4x8xf32>
  return %a, %b, %c, %d : tensor<2x16xf32>, tensor<16x2xf32>, tensor<2x4x4xf32>, tensor<32xf32>
}

// Splitting the heads of [B, S, 512] with the batch as an operand: the -1
// stays dynamic next to a run-time size.
// CHECK-LABEL: func.func @reshape_dynamic_sizes(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x512xf32>, %[[B:[^:]+]]: index, %[[S:[^:]+]]: index)
// CHECK: %[[H:.+]] = seq.reshape %[[X]][%[[B]]] {static_sizes = array<i64: -9223372036854775808, -1, 8, 64>} : tensor<?x?x512xf32>
// CHECK: %[[M:.+]] = seq.reshape %[[X]][%[[B]], %[[S]]] {static_sizes = array<i64: -9223372036854775808, -9223372036854775808, 512>} : tensor<?x?x512xf32>
// CHECK: return %[[H]], %[[M]] : tensor<?x?x8x64xf32>, tensor<?x?x512xf32>
func.func @reshape_dynamic_sizes(%x: tensor<?x?x512xf32>, %b: index, %s: index) -> (tensor<?x?x8x64xf32>, tensor<?x?x512xf32>) {
  %h = seq.reshape %x [%b] {static_sizes = array<i64: -9223372036854775808, -1, 8, 64>} : tensor<?x?x512xf32>
  %m = seq.reshape %x [%b, %s] {static_sizes = array<i64: -9223372036854775808, -9223372036854775808, 512>} : tensor<?x?x512xf32>
  return %h, %m : tensor<?x?x8x64xf32>, tensor<?x?x512xf32>
}

// A run-time size on a static input gives a dynamic dim; a dynamic input
// takes static sizes (checked at run time) and leaves a -1 dynamic.
// CHECK-LABEL: func.func @reshape_dynamic_input(
// CHECK-SAME: %[[X:[^:]+]]: tensor<6x4xf32>, %[[Y:[^:]+]]: tensor<?x4xf32>, %[[N:[^:]+]]: index)
// CHECK: %[[A:.+]] = seq.reshape %[[X]][%[[N]]] {static_sizes = array<i64: 2, -9223372036854775808>} : tensor<6x4xf32>
// CHECK: %[[B:.+]] = seq.reshape %[[Y]] {static_sizes = array<i64: 2, 2, 2>} : tensor<?x4xf32>
// CHECK: %[[C:.+]] = seq.reshape %[[Y]] {static_sizes = array<i64: -1, 2>} : tensor<?x4xf32>
// CHECK: return %[[A]], %[[B]], %[[C]] : tensor<2x?xf32>, tensor<2x2x2xf32>, tensor<?x2xf32>
func.func @reshape_dynamic_input(%x: tensor<6x4xf32>, %y: tensor<?x4xf32>, %n: index) -> (tensor<2x?xf32>, tensor<2x2x2xf32>, tensor<?x2xf32>) {
  %a = seq.reshape %x [%n] {static_sizes = array<i64: 2, -9223372036854775808>} : tensor<6x4xf32>
  %b = seq.reshape %y {static_sizes = array<i64: 2, 2, 2>} : tensor<?x4xf32>
  %c = seq.reshape %y {static_sizes = array<i64: -1, 2>} : tensor<?x4xf32>
  return %a, %b, %c : tensor<2x?xf32>, tensor<2x2x2xf32>, tensor<?x2xf32>
}

// Rank 0 to and from unit dims; an empty input infers a -1 of 0; integer
// elements.
// CHECK-LABEL: func.func @reshape_edge_cases(
// CHECK-SAME: %[[S:[^:]+]]: tensor<i64>, %[[U:[^:]+]]: tensor<1x1xi1>, %[[Z:[^:]+]]: tensor<0x4xi32>)
// CHECK: %[[A:.+]] = seq.reshape %[[S]] {static_sizes = array<i64: 1, -1>} : tensor<i64>
// CHECK: %[[B:.+]] = seq.reshape %[[U]] {static_sizes = array<i64>} : tensor<1x1xi1>
// CHECK: %[[C:.+]] = seq.reshape %[[Z]] {static_sizes = array<i64: -1, 2>} : tensor<0x4xi32>
// CHECK: %[[D:.+]] = seq.reshape %[[Z]] {static_sizes = array<i64: 2, 0, 5>} : tensor<0x4xi32>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]] : tensor<1x1xi64>, tensor<i1>, tensor<0x2xi32>, tensor<2x0x5xi32>
func.func @reshape_edge_cases(%s: tensor<i64>, %u: tensor<1x1xi1>, %z: tensor<0x4xi32>) -> (tensor<1x1xi64>, tensor<i1>, tensor<0x2xi32>, tensor<2x0x5xi32>) {
  %a = seq.reshape %s {static_sizes = array<i64: 1, -1>} : tensor<i64>
  %b = seq.reshape %u {static_sizes = array<i64>} : tensor<1x1xi1>
  %c = seq.reshape %z {static_sizes = array<i64: -1, 2>} : tensor<0x4xi32>
  %d = seq.reshape %z {static_sizes = array<i64: 2, 0, 5>} : tensor<0x4xi32>
  return %a, %b, %c, %d : tensor<1x1xi64>, tensor<i1>, tensor<0x2xi32>, tensor<2x0x5xi32>
}

// Static sizes whose product passes int64 are 0 elements when one is 0.
// CHECK-LABEL: func.func @reshape_huge_sizes(
// CHECK-SAME: %[[Z:[^:]+]]: tensor<0x4xf32>)
// CHECK: %[[A:.+]] = seq.reshape %[[Z]] {static_sizes = array<i64: 4611686018427387904, 4, 0>} : tensor<0x4xf32>
// CHECK: %[[B:.+]] = seq.reshape %[[Z]] {static_sizes = array<i64: 4611686018427387904, 4, -1>} : tensor<0x4xf32>
// CHECK: return %[[A]], %[[B]] : tensor<4611686018427387904x4x0xf32>, tensor<4611686018427387904x4x0xf32>
func.func @reshape_huge_sizes(%z: tensor<0x4xf32>) -> (tensor<4611686018427387904x4x0xf32>, tensor<4611686018427387904x4x0xf32>) {
  %a = seq.reshape %z {static_sizes = array<i64: 4611686018427387904, 4, 0>} : tensor<0x4xf32>
  %b = seq.reshape %z {static_sizes = array<i64: 4611686018427387904, 4, -1>} : tensor<0x4xf32>
  return %a, %b : tensor<4611686018427387904x4x0xf32>, tensor<4611686018427387904x4x0xf32>
}
