// RUN: seq-opt %s --convert-seq-to-linalg --cse -split-input-file --mlir-print-local-scope | FileCheck %s

// The reference lowerings of the general tensor ops: the shapes of the ops
// they become, the broadcasting maps and the run-time checks.

// A product with a 2-D right operand is one linalg.matmul over the folded
// rows, reshaped back.
// CHECK-LABEL: func.func @matmul_weight
// CHECK: %[[ROWS:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2]] : tensor<?x?x64xf32> into tensor<?x64xf32>
// CHECK: %[[P:.*]] = linalg.matmul ins(%[[ROWS]], %arg1 : tensor<?x64xf32>, tensor<64x32xf32>)
// CHECK: tensor.reshape %[[P]]
func.func @matmul_weight(%x: tensor<?x?x64xf32>, %w: tensor<64x32xf32>) -> tensor<?x?x32xf32> {
  %y = seq.matmul %x, %w : tensor<?x?x64xf32>, tensor<64x32xf32>
  return %y : tensor<?x?x32xf32>
}

// -----

// Batched, with a batch dim of 1 broadcast: its map reads index 0.
// CHECK-LABEL: func.func @matmul_batched
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (0, d1, d4, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @matmul_batched(%a: tensor<?x4x8x16xf32>, %b: tensor<1x4x16x9xf32>) -> tensor<?x4x8x9xf32> {
  %y = seq.matmul %a, %b : tensor<?x4x8x16xf32>, tensor<1x4x16x9xf32>
  return %y : tensor<?x4x8x9xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK: linalg.transpose ins(%arg0 : tensor<?x8x?x16xf32>) outs(%{{.*}} : tensor<?x?x8x16xf32>) permutation = [0, 2, 1, 3]
func.func @transpose(%x: tensor<?x8x?x16xf32>) -> tensor<?x?x8x16xf32> {
  %y = seq.transpose %x, permutation = [0, 2, 1, 3] : tensor<?x8x?x16xf32>
  return %y : tensor<?x?x8x16xf32>
}

// -----

// The -1 is the element count over the known sizes, checked to divide at
// run time (the sizes are dynamic); the result is a tensor.reshape (a view).
// CHECK-LABEL: func.func @reshape
// CHECK: %[[REM:.*]] = arith.remui
// CHECK: cf.assert %{{.*}}, "seqc: {{.*}}reshape: the element count is not a multiple of the given sizes"
// CHECK: %[[INFERRED:.*]] = arith.divui
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %arg1, %[[INFERRED]], %c8, %c64 : tensor<4xindex>
// CHECK: tensor.reshape %arg0(%[[SHAPE]]) : (tensor<?x?x512xf32>, tensor<4xindex>) -> tensor<?x?x8x64xf32>
func.func @reshape(%x: tensor<?x?x512xf32>, %b: index) -> tensor<?x?x8x64xf32> {
  %y = seq.reshape %x[%b] {static_sizes = array<i64: -9223372036854775808, -1, 8, 64>} : tensor<?x?x512xf32>
  return %y : tensor<?x?x8x64xf32>
}

// -----

// Every index is checked against the rows before the gather.
// CHECK-LABEL: func.func @index_select
// CHECK: scf.for
// CHECK: arith.cmpi sge
// CHECK: arith.cmpi slt
// CHECK: cf.assert %{{.*}}, "seqc: {{.*}}index_select: an index is out of range"
// CHECK: linalg.generic
// CHECK: tensor.extract %arg0
func.func @index_select(%x: tensor<?x16xf32>, %i: tensor<?xi64>) -> tensor<?x16xf32> {
  %y = seq.index_select %x, %i axis = 0 : tensor<?x16xf32>, tensor<?xi64>
  return %y : tensor<?x16xf32>
}

// -----

// mean = sum / the reduced size (a run-time count); keepdim re-inserts the
// unit dim without a copy.
// CHECK-LABEL: func.func @reduce_mean
// CHECK: %[[N:.*]] = arith.sitofp
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: arith.addf
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2]] output_shape [%{{.*}}, 1, 16] : tensor<?x16xf32> into tensor<?x1x16xf32>
func.func @reduce_mean(%x: tensor<?x?x16xf32>) -> tensor<?x1x16xf32> {
  %y = seq.reduce mean %x {axes = array<i64: 1>, keepdim = true} : tensor<?x?x16xf32>
  return %y : tensor<?x1x16xf32>
}
