// RUN: seq-opt %s --convert-seq-to-linalg --cse -split-input-file --mlir-print-local-scope | FileCheck %s

// The reference lowering materialises the [B, H, Sq, Sk] scores, masks them
// to -inf, and guards empty rows so that they produce zeros.

// CHECK-LABEL: func.func @sdpa_key_lengths_causal
// CHECK-SAME: (%[[Q_ARG:.+]]: tensor<?x4x?x8xf32>, %[[K_ARG:.+]]: tensor<?x4x?x8xf32>, %[[V_ARG:.+]]: tensor<?x4x?x8xf32>, %[[LENS:.+]]: tensor<?xi32>)
// CHECK: %[[SCORES:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[Q_ARG]], %[[K_ARG]] : {{.*}}) outs(%{{.+}} : tensor<?x4x?x?xf32>)
// CHECK: %[[SCALE:.+]] = arith.constant 0.353553385 : f32
// CHECK: %[[NEG_INF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MASKED:.+]] = linalg.generic {indexing_maps = [{{.+}}, affine_map<(d0, d1, d2, d3) -> (d0)>, {{.+}}]{{.*}} ins(%[[SCORES]], %[[LENS]] : tensor<?x4x?x?xf32>, tensor<?xi32>)
// CHECK:   %[[SCALED:.+]] = arith.mulf %{{.+}}, %[[SCALE]] : f32
// CHECK:   %[[J:.+]] = linalg.index 3 : index
// CHECK:   %[[LEN:.+]] = arith.index_cast %{{.+}} : i32 to index
// CHECK:   %[[IN_LEN:.+]] = arith.cmpi slt, %[[J]], %[[LEN]] : index
// CHECK:   %[[I:.+]] = linalg.index 2 : index
// CHECK:   %[[CAUSAL:.+]] = arith.cmpi sle, %[[J]], %[[I]] : index
// CHECK:   %[[KEEP:.+]] = arith.andi %[[IN_LEN]], %[[CAUSAL]] : i1
// CHECK:   arith.select %[[KEEP]], %[[SCALED]], %[[NEG_INF]] : f32
// CHECK: %[[MAX:.+]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction"]{{.*}} ins(%[[MASKED]]
// CHECK:   arith.maximumf
// CHECK: linalg.generic {{.*}} ins(%[[MASKED]], %[[MAX]] :
// CHECK:   %[[EMPTY:.+]] = arith.cmpf oeq, %{{.+}}, %[[NEG_INF]] : f32
// CHECK:   math.exp
// CHECK:   arith.select %[[EMPTY]]
// CHECK: %[[PV:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK: linalg.generic {{.*}} ins(%[[PV]], %{{.+}} :
// CHECK:   arith.cmpf oeq
// CHECK:   arith.divf
// CHECK:   arith.select
// CHECK-NOT: seq.
func.func @sdpa_key_lengths_causal(%q: tensor<?x4x?x8xf32>, %k: tensor<?x4x?x8xf32>, %v: tensor<?x4x?x8xf32>, %len: tensor<?xi32>) -> tensor<?x4x?x8xf32> {
  %0 = seq.sdpa %q, %k, %v key_lengths(%len : tensor<?xi32>) causal(top_left) : tensor<?x4x?x8xf32>, tensor<?x4x?x8xf32>, tensor<?x4x?x8xf32>
  return %0 : tensor<?x4x?x8xf32>
}

// -----

// bottom_right shifts the diagonal by Sk - Sq; an additive mask is added to
// the scaled scores; the scale attribute replaces 1/sqrt(D).

// CHECK-LABEL: func.func @sdpa_additive_bottom_right
// CHECK-SAME: (%[[Q:[^:]+]]: tensor<1x2x?x4xf32>, %[[K:[^:]+]]: tensor<1x2x?x4xf32>
// CHECK-DAG: %[[SQ:.+]] = tensor.dim %[[Q]], %[[C2:.+]] : tensor<1x2x?x4xf32>
// CHECK-DAG: %[[SK:.+]] = tensor.dim %[[K]], %[[C2]] : tensor<1x2x?x4xf32>
// CHECK: %[[SHIFT:.+]] = arith.subi %[[SK]], %[[SQ]] : index
// CHECK: %[[SCALE:.+]] = arith.constant 5.000000e-01 : f32
// CHECK: linalg.generic {indexing_maps = [{{.+}}, affine_map<(d0, d1, d2, d3) -> (d2, d3)>, {{.+}}]
// CHECK:   %[[SCALED:.+]] = arith.mulf %{{.+}}, %[[SCALE]] : f32
// CHECK:   %[[J:.+]] = linalg.index 3 : index
// CHECK:   arith.addf %[[SCALED]], %{{.+}} : f32
// CHECK:   %[[I:.+]] = linalg.index 2 : index
// CHECK:   %[[DIAG:.+]] = arith.addi %[[I]], %[[SHIFT]] : index
// CHECK:   arith.cmpi sle, %[[J]], %[[DIAG]] : index
func.func @sdpa_additive_bottom_right(%q: tensor<1x2x?x4xf32>, %k: tensor<1x2x?x4xf32>, %v: tensor<1x2x?x4xf32>, %m: tensor<?x?xf32>) -> tensor<1x2x?x4xf32> {
  %0 = seq.sdpa %q, %k, %v mask(%m : tensor<?x?xf32>) causal(bottom_right) {scale = 0.5 : f32} : tensor<1x2x?x4xf32>, tensor<1x2x?x4xf32>, tensor<1x2x?x4xf32>
  return %0 : tensor<1x2x?x4xf32>
}

// -----

// A boolean mask broadcast over heads and queries ([B, 1, 1, Sk]) is read
// with constant indices along the broadcast dims.

// CHECK-LABEL: func.func @sdpa_bool_mask
// CHECK: linalg.generic {indexing_maps = [{{.+}}, affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, d3)>, {{.+}}]
// CHECK-SAME: ins(%{{.+}}, %{{.+}} : tensor<2x3x5x7xf32>, tensor<2x1x1x7xi1>)
// CHECK:   ^bb0(%{{.+}}: f32, %[[KEEP:.+]]: i1, %{{.+}}: f32):
// CHECK:   arith.select %[[KEEP]]
func.func @sdpa_bool_mask(%q: tensor<2x3x5x8xf32>, %k: tensor<2x3x7x8xf32>, %v: tensor<2x3x7x6xf32>, %m: tensor<2x1x1x7xi1>) -> tensor<2x3x5x6xf32> {
  %0 = seq.sdpa %q, %k, %v mask(%m : tensor<2x1x1x7xi1>) : tensor<2x3x5x8xf32>, tensor<2x3x7x8xf32>, tensor<2x3x7x6xf32>
  return %0 : tensor<2x3x5x6xf32>
}

// -----

// Batch, head and key-length dims that are dynamic are checked at run time.

// CHECK-LABEL: func.func @sdpa_runtime_checks
// CHECK: cf.assert %{{.+}}, "seqc: {{.*}}: sdpa batch dims differ at run time"
// CHECK: cf.assert %{{.+}}, "seqc: {{.*}}: sdpa key and value lengths differ at run time"
// CHECK: cf.assert %{{.+}}, "seqc: {{.*}}: sdpa batch and key_lengths sizes differ at run time"
func.func @sdpa_runtime_checks(%q: tensor<?x2x3x4xf32>, %k: tensor<?x2x?x4xf32>, %v: tensor<?x2x?x4xf32>, %len: tensor<?xi32>) -> tensor<?x2x3x4xf32> {
  %0 = seq.sdpa %q, %k, %v key_lengths(%len : tensor<?xi32>) : tensor<?x2x3x4xf32>, tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>
  return %0 : tensor<?x2x3x4xf32>
}
