// RUN: seq-opt %s --seq-decompose -split-input-file | FileCheck %s

// Packed in_proj weights are sliced into Q, K and V projections, heads are
// split with expand_shape + transpose, attended with seq.sdpa, merged and
// projected.

// CHECK-LABEL: func.func @mha_packed
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x16xf32>, %[[W:.+]]: tensor<48x16xf32>, %[[B:.+]]: tensor<48xf32>, %[[OW:.+]]: tensor<16x16xf32>, %[[OB:.+]]: tensor<16xf32>, %[[LEN:.+]]: tensor<?xi32>)
// CHECK-DAG: %[[WQ:.+]] = tensor.extract_slice %[[W]][0, 0] [16, 16] [1, 1]
// CHECK-DAG: %[[WK:.+]] = tensor.extract_slice %[[W]][16, 0] [16, 16] [1, 1]
// CHECK-DAG: %[[WV:.+]] = tensor.extract_slice %[[W]][32, 0] [16, 16] [1, 1]
// CHECK-DAG: %[[BQ:.+]] = tensor.extract_slice %[[B]][0] [16] [1]
// CHECK: %[[Q:.+]] = seq.linear %[[X]], %[[WQ]], %[[BQ]]
// CHECK: %[[K:.+]] = seq.linear %[[X]], %[[WK]], %{{.+}}
// CHECK: %[[V:.+]] = seq.linear %[[X]], %[[WV]], %{{.+}}
// CHECK: %[[QS:.+]] = tensor.expand_shape %[[Q]] {{\[\[}}0], [1], [2, 3]] {{.*}} : tensor<?x?x16xf32> into tensor<?x?x4x4xf32>
// CHECK: %[[QT:.+]] = linalg.transpose ins(%[[QS]] : tensor<?x?x4x4xf32>) outs(%{{.+}} : tensor<?x4x?x4xf32>) permutation = [0, 2, 1, 3]
// CHECK: %[[ATT:.+]] = seq.sdpa %[[QT]], %{{.+}}, %{{.+}} key_lengths(%[[LEN]] : tensor<?xi32>) causal(top_left) : tensor<?x4x?x4xf32>, tensor<?x4x?x4xf32>, tensor<?x4x?x4xf32>
// CHECK: %[[MT:.+]] = linalg.transpose ins(%[[ATT]] : tensor<?x4x?x4xf32>) {{.*}} permutation = [0, 2, 1, 3]
// CHECK: %[[MERGED:.+]] = tensor.collapse_shape %[[MT]] {{\[\[}}0], [1], [2, 3]] : tensor<?x?x4x4xf32> into tensor<?x?x16xf32>
// CHECK: %[[OUT:.+]] = seq.linear %[[MERGED]], %[[OW]], %[[OB]]
// CHECK: return %[[OUT]]
func.func @mha_packed(%x: tensor<?x?x16xf32>, %w: tensor<48x16xf32>, %b: tensor<48xf32>, %ow: tensor<16x16xf32>, %ob: tensor<16xf32>, %len: tensor<?xi32>) -> tensor<?x?x16xf32> {
  %o = seq.multi_head_attention %x, %x, %x heads(4) in_proj_weight(%w : tensor<48x16xf32>) in_proj_bias(%b : tensor<48xf32>) out_proj_weight(%ow : tensor<16x16xf32>) out_proj_bias(%ob : tensor<16xf32>) key_lengths(%len : tensor<?xi32>) causal(top_left) : tensor<?x?x16xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32>
  return %o : tensor<?x?x16xf32>
}

// -----

// Separate projections (kdim, vdim != embed dim) are used as they are.

// CHECK-LABEL: func.func @mha_separate
// CHECK-SAME: %[[WQ:[^:]+]]: tensor<8x8xf32>, %[[WK:[^:]+]]: tensor<8x5xf32>, %[[WV:[^:]+]]: tensor<8x3xf32>
// CHECK: seq.linear %{{.+}}, %[[WQ]] : tensor<2x4x8xf32>, tensor<8x8xf32>
// CHECK: seq.linear %{{.+}}, %[[WK]] : tensor<2x6x5xf32>, tensor<8x5xf32>
// CHECK: seq.linear %{{.+}}, %[[WV]] : tensor<2x6x3xf32>, tensor<8x3xf32>
// CHECK: seq.sdpa {{.*}} : tensor<2x2x4x4xf32>, tensor<2x2x6x4xf32>, tensor<2x2x6x4xf32>
func.func @mha_separate(%q: tensor<2x4x8xf32>, %k: tensor<2x6x5xf32>, %v: tensor<2x6x3xf32>, %wq: tensor<8x8xf32>, %wk: tensor<8x5xf32>, %wv: tensor<8x3xf32>, %ow: tensor<8x8xf32>) -> tensor<2x4x8xf32> {
  %o = seq.multi_head_attention %q, %k, %v heads(2) q_proj_weight(%wq : tensor<8x8xf32>) k_proj_weight(%wk : tensor<8x5xf32>) v_proj_weight(%wv : tensor<8x3xf32>) out_proj_weight(%ow : tensor<8x8xf32>) : tensor<2x4x8xf32>, tensor<2x6x5xf32>, tensor<2x6x3xf32>
  return %o : tensor<2x4x8xf32>
}

// -----

// CHECK-LABEL: func.func @ffn
// CHECK: %[[H:.+]] = seq.linear %{{.+}}, %{{.+}}, %{{.+}} : tensor<?x16xf32>, tensor<64x16xf32>, tensor<64xf32>
// CHECK: %[[A:.+]] = seq.activation gelu %[[H]] : tensor<?x64xf32>
// CHECK: seq.linear %[[A]], %{{.+}} : tensor<?x64xf32>, tensor<16x64xf32>
func.func @ffn(%x: tensor<?x16xf32>, %w1: tensor<64x16xf32>, %b1: tensor<64xf32>, %w2: tensor<16x64xf32>) -> tensor<?x16xf32> {
  %y = seq.ffn %x activation(gelu) weight1(%w1 : tensor<64x16xf32>) bias1(%b1 : tensor<64xf32>) weight2(%w2 : tensor<16x64xf32>) : tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}
