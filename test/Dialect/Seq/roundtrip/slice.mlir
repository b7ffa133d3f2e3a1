// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.slice: x[..., start:end:step] along one axis with
// Python's rules (negative start/end count from the end, both clamp to the
// dim, an empty range gives 0); step is positive.

// Splitting a fused projection, and strided ranges.
// CHECK-LABEL: func.func @slice_static(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x192xf32>, %[[Y:[^:]+]]: tensor<4x8xf32>, %[[Z:[^:]+]]: tensor<7xi64>)
// CHECK: %[[Q:.+]] = seq.slice %[[X]] {axis = 2 : i64, end = 64 : i64, start = 0 : i64, step = 1 : i64} : tensor<?x?x192xf32>
// CHECK: %[[A:.+]] = seq.slice %[[Y]] {axis = 1 : i64, end = 8 : i64, start = 1 : i64, step = 2 : i64} : tensor<4x8xf32>
// CHECK: %[[B:.+]] = seq.slice %[[Z]] {axis = 0 : i64, end = 7 : i64, start = 0 : i64, step = 3 : i64} : tensor<7xi64>
// CHECK: return %[[Q]], %[[A]], %[[B]] : tensor<?x?x64xf32>, tensor<4x4xf32>, tensor<3xi64>
func.func @slice_static(%x: tensor<?x?x192xf32>, %y: tensor<4x8xf32>, %z: tensor<7xi64>) -> (tensor<?x?x64xf32>, tensor<4x4xf32>, tensor<3xi64>) {
  %q = seq.slice %x {axis = 2 : i64, start = 0 : i64, end = 64 : i64, step = 1 : i64} : tensor<?x?x192xf32>
  %a = seq.slice %y {axis = 1 : i64, start = 1 : i64, end = 8 : i64, step = 2 : i64} : tensor<4x8xf32>
  %b = seq.slice %z {axis = 0 : i64, start = 0 : i64, end = 7 : i64, step = 3 : i64} : tensor<7xi64>
  return %q, %a, %b : tensor<?x?x64xf32>, tensor<4x4xf32>, tensor<3xi64>
}

// Negative and out-of-range bounds clamp; a negative axis.
// CHECK-LABEL: func.func @slice_clamp(
// CHECK-SAME: %[[X:[^:]+]]: tensor<3x10xf32>)
// CHECK: %[[A:.+]] = seq.slice %[[X]] {axis = -1 : i64, end = -1 : i64, start = -3 : i64, step = 1 : i64} : tensor<3x10xf32>
// CHECK: %[[B:.+]] = seq.slice %[[X]] {axis = 1 : i64, end = 100 : i64, start = -100 : i64, step = 4 : i64} : tensor<3x10xf32>
// CHECK: %[[C:.+]] = seq.slice %[[X]] {axis = 1 : i64, end = 9223372036854775807 : i64, start = 7 : i64, step = 1 : i64} : tensor<3x10xf32>
// CHECK: return %[[A]], %[[B]], %[[C]] : tensor<3x2xf32>, tensor<3x3xf32>, tensor<3x3xf32>
func.func @slice_clamp(%x: tensor<3x10xf32>) -> (tensor<3x2xf32>, tensor<3x3xf32>, tensor<3x3xf32>) {
  %a = seq.slice %x {axis = -1 : i64, start = -3 : i64, end = -1 : i64, step = 1 : i64} : tensor<3x10xf32>
  %b = seq.slice %x {axis = 1 : i64, start = -100 : i64, end = 100 : i64, step = 4 : i64} : tensor<3x10xf32>
  %c = seq.slice %x {axis = 1 : i64, start = 7 : i64, end = 9223372036854775807 : i64, step = 1 : i64} : tensor<3x10xf32>
  return %a, %b, %c : tensor<3x2xf32>, tensor<3x3xf32>, tensor<3x3xf32>
}

// Empty ranges: end before start, start past the dim.
// CHECK-LABEL: func.func @slice_empty(
// CHECK-SAME: %[[X:[^:]+]]: tensor<10xi1>)
// CHECK: %[[A:.+]] = seq.slice %[[X]] {axis = 0 : i64, end = 2 : i64, start = 5 : i64, step = 1 : i64} : tensor<10xi1>
// CHECK: %[[B:.+]] = seq.slice %[[X]] {axis = 0 : i64, end = 20 : i64, start = 12 : i64, step = 1 : i64} : tensor<10xi1>
// CHECK: %[[C:.+]] = seq.slice %[[X]] {axis = 0 : i64, end = -8 : i64, start = 3 : i64, step = 1 : i64} : tensor<10xi1>
// CHECK: return %[[A]], %[[B]], %[[C]] : tensor<0xi1>, tensor<0xi1>, tensor<0xi1>
func.func @slice_empty(%x: tensor<10xi1>) -> (tensor<0xi1>, tensor<0xi1>, tensor<0xi1>) {
  %a = seq.slice %x {axis = 0 : i64, start = 5 : i64, end = 2 : i64, step = 1 : i64} : tensor<10xi1>
  %b = seq.slice %x {axis = 0 : i64, start = 12 : i64, end = 20 : i64, step = 1 : i64} : tensor<10xi1>
  %c = seq.slice %x {axis = 0 : i64, start = 3 : i64, end = -8 : i64, step = 1 : i64} : tensor<10xi1>
  return %a, %b, %c : tensor<0xi1>, tensor<0xi1>, tensor<0xi1>
}

// A step larger than the range takes the first element only, up to
// INT64_MAX (whose length used to overflow to 0).
// CHECK-LABEL: func.func @slice_large_step(
// CHECK-SAME: %[[X:[^:]+]]: tensor<10xf32>)
// CHECK: %[[A:.+]] = seq.slice %[[X]] {axis = 0 : i64, end = 10 : i64, start = 0 : i64, step = 9223372036854775807 : i64} : tensor<10xf32>
// CHECK: %[[B:.+]] = seq.slice %[[X]] {axis = 0 : i64, end = 10 : i64, start = 2 : i64, step = 100 : i64} : tensor<10xf32>
// CHECK: return %[[A]], %[[B]] : tensor<1xf32>, tensor<1xf32>
func.func @slice_large_step(%x: tensor<10xf32>) -> (tensor<1xf32>, tensor<1xf32>) {
  %a = seq.slice %x {axis = 0 : i64, start = 0 : i64, end = 10 : i64, step = 9223372036854775807 : i64} : tensor<10xf32>
  %b = seq.slice %x {axis = 0 : i64, start = 2 : i64, end = 10 : i64, step = 100 : i64} : tensor<10xf32>
  return %a, %b : tensor<1xf32>, tensor<1xf32>
}

// A dynamic dim stays dynamic, unless non-negative bounds give an empty
// range whatever the dim.
// CHECK-LABEL: func.func @slice_dynamic(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x4xf32>)
// CHECK: %[[A:.+]] = seq.slice %[[X]] {axis = 0 : i64, end = 3 : i64, start = 1 : i64, step = 1 : i64} : tensor<?x4xf32>
// CHECK: %[[B:.+]] = seq.slice %[[X]] {axis = 0 : i64, end = -1 : i64, start = -2 : i64, step = 1 : i64} : tensor<?x4xf32>
// CHECK: %[[C:.+]] = seq.slice %[[X]] {axis = 0 : i64, end = 2 : i64, start = 2 : i64, step = 1 : i64} : tensor<?x4xf32>
// CHECK: return %[[A]], %[[B]], %[[C]] : tensor<?x4xf32>, tensor<?x4xf32>, tensor<0x4xf32>
func.func @slice_dynamic(%x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<0x4xf32>) {
  %a = seq.slice %x {axis = 0 : i64, start = 1 : i64, end = 3 : i64, step = 1 : i64} : tensor<?x4xf32>
  %b = seq.slice %x {axis = 0 : i64, start = -2 : i64, end = -1 : i64, step = 1 : i64} : tensor<?x4xf32>
  %c = seq.slice %x {axis = 0 : i64, start = 2 : i64, end = 2 : i64, step = 1 : i64} : tensor<?x4xf32>
  return %a, %b, %c : tensor<?x4xf32>, tensor<?x4xf32>, tensor<0x4xf32>
}
