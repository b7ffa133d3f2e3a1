// RUN: seq-opt %s --seq-decompose -split-input-file | FileCheck %s

// The projections of one input are one GEMM with the packed in_proj
// weight and bias; its column blocks are Q, K and V. Heads are split with
// expand_shape + transpose, attended with seq.sdpa, merged and projected.

// CHECK-LABEL: func.func @mha_packed
// CHECK-SAME: (%[[X:.+]]: tensor<?x?x16xf32>, %[[W:.+]]: tensor<48x16xf32>, %[[B:.+]]: tensor<48xf32>, %[[OW:.+]]: tensor<16x16xf32>, %[[OB:.+]]: tensor<16xf32>, %[[LEN:.+]]: tensor<?xi32>)
// CHECK-NOT: tensor.extract_slice %[[W]]
// CHECK: %[[QKV:.+]] = seq.linear %[[X]], %[[W]], %[[B]] : tensor<?x?x16xf32>, tensor<48x16xf32>, tensor<48xf32>
// CHECK: %[[Q:.+]] = tensor.extract_slice %[[QKV]][0, 0, 0] [%{{.+}}, %{{.+}}, 16] [1, 1, 1] : tensor<?x?x48xf32> to tensor<?x?x16xf32>
// CHECK: tensor.extract_slice %[[QKV]][0, 0, 16] [%{{.+}}, %{{.+}}, 16] [1, 1, 1]
// CHECK: tensor.extract_slice %[[QKV]][0, 0, 32] [%{{.+}}, %{{.+}}, 16] [1, 1, 1]
// CHECK-NOT: seq.linear %[[X]]
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

// Cross-attention: k and v of one input (the memory) are one GEMM with
// rows E..3E of the packed weight; q is its own.

// CHECK-LABEL: func.func @mha_cross
// CHECK-SAME: (%[[X:.+]]: tensor<2x4x16xf32>, %[[MEM:.+]]: tensor<2x?x16xf32>, %[[W:.+]]: tensor<48x16xf32>, %[[B:.+]]: tensor<48xf32>
// CHECK-DAG: %[[WKV:.+]] = tensor.extract_slice %[[W]][16, 0] [32, 16] [1, 1]
// CHECK-DAG: %[[BKV:.+]] = tensor.extract_slice %[[B]][16] [32] [1]
// CHECK-DAG: %[[WQ:.+]] = tensor.extract_slice %[[W]][0, 0] [16, 16] [1, 1]
// CHECK-DAG: %[[KV:.+]] = seq.linear %[[MEM]], %[[WKV]], %[[BKV]] : tensor<2x?x16xf32>, tensor<32x16xf32>, tensor<32xf32>
// CHECK-DAG: seq.linear %[[X]], %[[WQ]], %{{.+}} : tensor<2x4x16xf32>, tensor<16x16xf32>, tensor<16xf32>
// CHECK-DAG: tensor.extract_slice %[[KV]][0, 0, 0] [2, %{{.+}}, 16] [1, 1, 1]
// CHECK-DAG: tensor.extract_slice %[[KV]][0, 0, 16] [2, %{{.+}}, 16] [1, 1, 1]
func.func @mha_cross(%x: tensor<2x4x16xf32>, %mem: tensor<2x?x16xf32>, %w: tensor<48x16xf32>, %b: tensor<48xf32>, %ow: tensor<16x16xf32>) -> tensor<2x4x16xf32> {
  %o = seq.multi_head_attention %x, %mem, %mem heads(4) in_proj_weight(%w : tensor<48x16xf32>) in_proj_bias(%b : tensor<48xf32>) out_proj_weight(%ow : tensor<16x16xf32>) : tensor<2x4x16xf32>, tensor<2x?x16xf32>, tensor<2x?x16xf32>
  return %o : tensor<2x4x16xf32>
}

// -----

// Separate constant weights of one input are stacked at compile time into
// one [3E, E] constant; separate weights given as arguments stay three
// GEMMs.

// CHECK-LABEL: func.func @mha_separate_constants
// CHECK: %[[W:.+]] = arith.constant dense<{{.*}}> : tensor<12x4xf32>
// CHECK: seq.linear %arg0, %[[W]] : tensor<1x3x4xf32>, tensor<12x4xf32>
// CHECK-NOT: seq.linear %arg0
func.func @mha_separate_constants(%x: tensor<1x3x4xf32>, %ow: tensor<4x4xf32>) -> tensor<1x3x4xf32> {
  %wq = arith.constant dense<1.0> : tensor<4x4xf32>
  %wk = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]]> : tensor<4x4xf32>
  %wv = arith.constant dense<2.0> : tensor<4x4xf32>
  %o = seq.multi_head_attention %x, %x, %x heads(2) q_proj_weight(%wq : tensor<4x4xf32>) k_proj_weight(%wk : tensor<4x4xf32>) v_proj_weight(%wv : tensor<4x4xf32>) out_proj_weight(%ow : tensor<4x4xf32>) : tensor<1x3x4xf32>, tensor<1x3x4xf32>, tensor<1x3x4xf32>
  return %o : tensor<1x3x4xf32>
}

// CHECK-LABEL: func.func @mha_separate_arguments
// CHECK-COUNT-3: seq.linear %arg0
func.func @mha_separate_arguments(%x: tensor<1x3x4xf32>, %wq: tensor<4x4xf32>, %wk: tensor<4x4xf32>, %wv: tensor<4x4xf32>, %ow: tensor<4x4xf32>) -> tensor<1x3x4xf32> {
  %o = seq.multi_head_attention %x, %x, %x heads(2) q_proj_weight(%wq : tensor<4x4xf32>) k_proj_weight(%wk : tensor<4x4xf32>) v_proj_weight(%wv : tensor<4x4xf32>) out_proj_weight(%ow : tensor<4x4xf32>) : tensor<1x3x4xf32>, tensor<1x3x4xf32>, tensor<1x3x4xf32>
  return %o : tensor<1x3x4xf32>
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

// -----

// A slice of a constant is a constant of its own (rows 1..2 of a weight, a
// strided column range), so that the linear using it packs it at compile
// time; a slice of an argument stays.
// CHECK-LABEL: func.func @constant_slices
// CHECK-NOT: seq.slice %cst
// CHECK: %[[ROWS:.+]] = arith.constant dense<{{\[}}[3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<2x2xf32>
// CHECK: seq.linear %arg0, %[[ROWS]]
// CHECK: %[[COLS:.+]] = arith.constant dense<{{\[}}[1.000000e+00], [3.000000e+00], [5.000000e+00], [7.000000e+00]]> : tensor<4x1xf32>
// CHECK: %[[SPLAT:.+]] = arith.constant dense<2.500000e-01> : tensor<1x2xf32>
// CHECK-NOT: seq.slice %cst
// CHECK: seq.slice %arg0
// CHECK: return %{{.*}}, %[[COLS]], %[[SPLAT]], %{{.*}}
func.func @constant_slices(%x: tensor<?x2xf32>) -> (tensor<?x2xf32>, tensor<4x1xf32>, tensor<1x2xf32>, tensor<?x1xf32>) {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]> : tensor<4x2xf32>
  %s = arith.constant dense<0.25> : tensor<4x2xf32>
  %rows = seq.slice %w {axis = 0 : i64, start = 1 : i64, end = 3 : i64, step = 1 : i64} : tensor<4x2xf32>
  %y = seq.linear %x, %rows : tensor<?x2xf32>, tensor<2x2xf32>
  %cols = seq.slice %w {axis = -1 : i64, start = 0 : i64, end = 2 : i64, step = 2 : i64} : tensor<4x2xf32>
  %one = seq.slice %s {axis = 0 : i64, start = -1 : i64, end = 4 : i64, step = 1 : i64} : tensor<4x2xf32>
  %xs = seq.slice %x {axis = 1 : i64, start = 1 : i64, end = 2 : i64, step = 1 : i64} : tensor<?x2xf32>
  return %y, %cols, %one, %xs : tensor<?x2xf32>, tensor<4x1xf32>, tensor<1x2xf32>, tensor<?x1xf32>
}
