// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.embedding (torch.nn.Embedding): i32 or i64 indices of
// any rank, table [num_embeddings, dim]; the result appends dim.

// i32 token ids with dynamic batch and sequence.
// CHECK-LABEL: func.func @embedding_i32(
// CHECK-SAME: %[[TOKENS:[^:]+]]: tensor<?x?xi32>, %[[TABLE:[^:]+]]: tensor<32000x256xf32>)
// CHECK: %[[E:.+]] = seq.embedding %[[TOKENS]], %[[TABLE]] : tensor<?x?xi32>, tensor<32000x256xf32>
// CHECK: return %[[E]] : tensor<?x?x256xf32>
func.func @embedding_i32(%tokens: tensor<?x?xi32>, %table: tensor<32000x256xf32>) -> tensor<?x?x256xf32> {
  %e = seq.embedding %tokens, %table : tensor<?x?xi32>, tensor<32000x256xf32>
  return %e : tensor<?x?x256xf32>
}

// i64 token ids (PyTorch's default), static.
// CHECK-LABEL: func.func @embedding_i64(
// CHECK-SAME: %[[TOKENS:[^:]+]]: tensor<2x7xi64>, %[[TABLE:[^:]+]]: tensor<100x16xf32>)
// CHECK: %[[E:.+]] = seq.embedding %[[TOKENS]], %[[TABLE]] : tensor<2x7xi64>, tensor<100x16xf32>
// CHECK: return %[[E]] : tensor<2x7x16xf32>
func.func @embedding_i64(%tokens: tensor<2x7xi64>, %table: tensor<100x16xf32>) -> tensor<2x7x16xf32> {
  %e = seq.embedding %tokens, %table : tensor<2x7xi64>, tensor<100x16xf32>
  return %e : tensor<2x7x16xf32>
}

// A single index (rank 0) gives one row.
// CHECK-LABEL: func.func @embedding_scalar_index(
// CHECK-SAME: %[[I:[^:]+]]: tensor<i64>, %[[TABLE:[^:]+]]: tensor<100x16xf32>)
// CHECK: %[[E:.+]] = seq.embedding %[[I]], %[[TABLE]] : tensor<i64>, tensor<100x16xf32>
// CHECK: return %[[E]] : tensor<16xf32>
func.func @embedding_scalar_index(%i: tensor<i64>, %table: tensor<100x16xf32>) -> tensor<16xf32> {
  %e = seq.embedding %i, %table : tensor<i64>, tensor<100x16xf32>
  return %e : tensor<16xf32>
}

// Rank 3 indices and a dynamic table.
// CHECK-LABEL: func.func @embedding_rank3(
// CHECK-SAME: %[[IDS:[^:]+]]: tensor<2x?x3xi32>, %[[TABLE:[^:]+]]: tensor<?x?xf32>)
// CHECK: %[[E:.+]] = seq.embedding %[[IDS]], %[[TABLE]] : tensor<2x?x3xi32>, tensor<?x?xf32>
// CHECK: return %[[E]] : tensor<2x?x3x?xf32>
func.func @embedding_rank3(%ids: tensor<2x?x3xi32>, %table: tensor<?x?xf32>) -> tensor<2x?x3x?xf32> {
  %e = seq.embedding %ids, %table : tensor<2x?x3xi32>, tensor<?x?xf32>
  return %e : tensor<2x?x3x?xf32>
}
