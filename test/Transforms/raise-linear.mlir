// RUN: seq-opt %s --seq-raise-linear --split-input-file | FileCheck %s

// x @ W.t() + b is linear(x, W, b): no transposed copy of W, the bias in
// the GEMM's epilogue.
// CHECK-LABEL: func.func @linear_written_out
// CHECK-SAME: (%[[X:.*]]: tensor<?x?x64xf32>, %[[W:.*]]: tensor<32x64xf32>, %[[B:.*]]: tensor<32xf32>)
// CHECK-NEXT: %[[Y:.*]] = seq.linear %[[X]], %[[W]], %[[B]] : tensor<?x?x64xf32>, tensor<32x64xf32>, tensor<32xf32>
// CHECK-NEXT: return %[[Y]]
func.func @linear_written_out(%x: tensor<?x?x64xf32>, %w: tensor<32x64xf32>, %b: tensor<32xf32>) -> tensor<?x?x32xf32> {
  %wt = seq.transpose %w, permutation = [1, 0] : tensor<32x64xf32>
  %p = seq.matmul %x, %wt : tensor<?x?x64xf32>, tensor<64x32xf32>
  %y = seq.add %b, %p : tensor<32xf32>, tensor<?x?x32xf32>
  return %y : tensor<?x?x32xf32>
}

// -----

// A product used twice keeps its add apart; a bias that is not a [N]
// vector is no bias; a product by W itself (not transposed) stays.
// CHECK-LABEL: func.func @not_a_bias
// CHECK: %[[L:.*]] = seq.linear %arg0, %arg1 : tensor<4x64xf32>, tensor<32x64xf32>
// CHECK: seq.add %[[L]], %arg2 : tensor<4x32xf32>, tensor<4x32xf32>
// CHECK: seq.matmul %arg0, %arg3 : tensor<4x64xf32>, tensor<64x32xf32>
func.func @not_a_bias(%x: tensor<4x64xf32>, %w: tensor<32x64xf32>, %r: tensor<4x32xf32>,
                      %w2: tensor<64x32xf32>) -> (tensor<4x32xf32>, tensor<4x32xf32>) {
  %wt = seq.transpose %w, permutation = [1, 0] : tensor<32x64xf32>
  %p = seq.matmul %x, %wt : tensor<4x64xf32>, tensor<64x32xf32>
  %y = seq.add %p, %r : tensor<4x32xf32>, tensor<4x32xf32>
  %q = seq.matmul %x, %w2 : tensor<4x64xf32>, tensor<64x32xf32>
  return %y, %q : tensor<4x32xf32>, tensor<4x32xf32>
}

// -----

// A 1-D input keeps torch.matmul's vector semantics.
// CHECK-LABEL: func.func @vector_input
// CHECK: seq.matmul
func.func @vector_input(%x: tensor<64xf32>, %w: tensor<32x64xf32>) -> tensor<32xf32> {
  %wt = seq.transpose %w, permutation = [1, 0] : tensor<32x64xf32>
  %p = seq.matmul %x, %wt : tensor<64xf32>, tensor<64x32xf32>
  return %p : tensor<32xf32>
}
