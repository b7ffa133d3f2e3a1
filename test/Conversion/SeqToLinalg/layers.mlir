// RUN: seq-opt %s --convert-seq-to-linalg --cse -split-input-file --mlir-print-local-scope | FileCheck %s

// linear folds leading dims into rows and starts the accumulator from the
// broadcast bias. A weight whose N is a multiple of 8 is packed into
// [N/8, K, 8] panels and multiplied by a contraction on the [M, N/8, 8] view
// of the result (seq-vectorize-matmul's packed kernel); any other is
// transposed to [K, N] for a linalg.matmul. A weight argument is packed or
// transposed by linalg.transpose, a constant one at compile time.

// CHECK-LABEL: func.func @linear
// CHECK-SAME: (%[[X:.+]]: tensor<?x7x16xf32>, %[[W:.+]]: tensor<32x16xf32>, %[[B:.+]]: tensor<32xf32>)
// CHECK: %[[ROWS:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : tensor<?x7x16xf32> into tensor<?x16xf32>
// CHECK: %[[W3:.+]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1], [2]] output_shape [4, 8, 16] : tensor<32x16xf32> into tensor<4x8x16xf32>
// CHECK: %[[PANELS:.+]] = linalg.transpose ins(%[[W3]] : tensor<4x8x16xf32>) outs(%{{.+}} : tensor<4x16x8xf32>) permutation = [0, 2, 1]
// CHECK: %[[BIAS:.+]] = linalg.broadcast ins(%[[B]] : tensor<32xf32>) outs(%{{.+}} : tensor<?x32xf32>) dimensions = [0]
// CHECK: %[[VIEW:.+]] = tensor.expand_shape %[[BIAS]] {{\[\[}}0], [1, 2]] output_shape [%{{.+}}, 4, 8] : tensor<?x32xf32> into tensor<?x4x8xf32>
// CHECK: %[[MM:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d3)>, affine_map<(d0, d1, d2, d3) -> (d1, d3, d2)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[ROWS]], %[[PANELS]] : tensor<?x16xf32>, tensor<4x16x8xf32>) outs(%[[VIEW]] : tensor<?x4x8xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[FLAT:.+]] = tensor.collapse_shape %[[MM]] {{\[\[}}0], [1, 2]] : tensor<?x4x8xf32> into tensor<?x32xf32>
// CHECK: %[[OUT:.+]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1], [2]] output_shape [%{{.+}}, 7, 32] : tensor<?x32xf32> into tensor<?x7x32xf32>
// CHECK: return %[[OUT]]
func.func @linear(%x: tensor<?x7x16xf32>, %w: tensor<32x16xf32>, %b: tensor<32xf32>) -> tensor<?x7x32xf32> {
  %0 = seq.linear %x, %w, %b : tensor<?x7x16xf32>, tensor<32x16xf32>, tensor<32xf32>
  return %0 : tensor<?x7x32xf32>
}

// -----

// CHECK-LABEL: func.func @linear_no_bias_1d
// CHECK: %[[ROW:.+]] = tensor.expand_shape %{{.+}} {{\[\[}}0, 1]] output_shape [1, 16] : tensor<16xf32> into tensor<1x16xf32>
// CHECK: %[[ZERO:.+]] = linalg.fill
// CHECK: %[[MM:.+]] = linalg.matmul ins(%[[ROW]], %{{.+}} : tensor<1x16xf32>, tensor<16x4xf32>) outs(%[[ZERO]] : tensor<1x4xf32>)
// CHECK: tensor.collapse_shape %[[MM]] {{\[\[}}0, 1]] : tensor<1x4xf32> into tensor<4xf32>
func.func @linear_no_bias_1d(%x: tensor<16xf32>, %w: tensor<4x16xf32>) -> tensor<4xf32> {
  %0 = seq.linear %x, %w : tensor<16xf32>, tensor<4x16xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @linear_constant_weight
// CHECK: %[[WT:.+]] = arith.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-NOT: linalg.transpose
// CHECK: linalg.matmul ins(%{{.+}}, %[[WT]] : tensor<5x3xf32>, tensor<3x2xf32>)
func.func @linear_constant_weight(%x: tensor<5x3xf32>) -> tensor<5x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = seq.linear %x, %w : tensor<5x3xf32>, tensor<2x3xf32>
  return %0 : tensor<5x2xf32>
}

// -----

// Broadcasting reads static-1 dims at index 0; a scalar is a scalar input.

// CHECK-LABEL: func.func @broadcast_and_scalar
// CHECK: %[[CST:.+]] = arith.constant 2.500000e+00 : f32
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, 0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK:   arith.addf
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> ()>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]{{.*}} ins(%[[SUM]], %[[CST]] : tensor<?x5x8xf32>, f32)
// CHECK:   arith.mulf
func.func @broadcast_and_scalar(%x: tensor<?x1x8xf32>, %y: tensor<5x8xf32>) -> tensor<?x5x8xf32> {
  %c = arith.constant 2.5 : f32
  %0 = seq.add %x, %y : tensor<?x1x8xf32>, tensor<5x8xf32>
  %1 = seq.mul %0, %c : tensor<?x5x8xf32>, f32
  return %1 : tensor<?x5x8xf32>
}

// -----

// Out-of-range ids read row 0 and are replaced by zeros: never an
// out-of-bounds load.

// CHECK-LABEL: func.func @embedding
// CHECK-SAME: %[[TABLE:[^:]+]]: tensor<100x8xf32>
// CHECK: %[[ROWS:.+]] = arith.constant 100 : index
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK:   %[[ID:.+]] = arith.index_cast %{{.+}} : i32 to index
// CHECK:   %[[GE:.+]] = arith.cmpi sge, %[[ID]], %{{.+}} : index
// CHECK:   %[[LT:.+]] = arith.cmpi slt, %[[ID]], %[[ROWS]] : index
// CHECK:   %[[OK:.+]] = arith.andi %[[GE]], %[[LT]] : i1
// CHECK:   %[[SAFE:.+]] = arith.select %[[OK]], %[[ID]], %{{.+}} : index
// CHECK:   %[[COL:.+]] = linalg.index 2 : index
// CHECK:   %[[V:.+]] = tensor.extract %[[TABLE]][%[[SAFE]], %[[COL]]] : tensor<100x8xf32>
// CHECK:   arith.select %[[OK]], %[[V]], %{{.+}} : f32
func.func @embedding(%ids: tensor<?x?xi32>, %t: tensor<100x8xf32>) -> tensor<?x?x8xf32> {
  %0 = seq.embedding %ids, %t : tensor<?x?xi32>, tensor<100x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// -----

// Layer norm: mean, then the sum of squared deviations, then one generic
// that normalises and applies weight and bias.

// CHECK-LABEL: func.func @layer_norm
// CHECK: %[[SUM:.+]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// CHECK: %[[MEAN:.+]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<?xf32>)
// CHECK:   arith.divf
// CHECK: %[[SQ:.+]] = linalg.generic {{.*}} ins(%{{.+}}, %[[MEAN]] : tensor<?x16xf32>, tensor<?xf32>)
// CHECK:   arith.subf
// CHECK:   arith.mulf
// CHECK: %[[VAR:.+]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} ins(%[[SQ]]
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>]{{.*}} ins(%{{.+}}, %[[VAR]], %[[MEAN]], %{{.+}}, %{{.+}} :
// CHECK:   math.rsqrt
func.func @layer_norm(%x: tensor<?x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<?x16xf32> {
  %0 = seq.layer_norm %x weight(%g : tensor<16xf32>) bias(%b : tensor<16xf32>) {epsilon = 1.0e-3 : f32} : tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// -----

// RMS norm has no mean and no bias.

// CHECK-LABEL: func.func @rms_norm
// CHECK: %[[SQ:.+]] = linalg.generic
// CHECK-NOT: arith.subf
// CHECK: %[[SS:.+]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]{{.*}} ins(%[[SQ]]
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>, affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>]
// CHECK:   math.rsqrt
func.func @rms_norm(%x: tensor<2x?x16xf32>, %g: tensor<16xf32>) -> tensor<2x?x16xf32> {
  %0 = seq.rms_norm %x weight(%g : tensor<16xf32>) : tensor<2x?x16xf32>
  return %0 : tensor<2x?x16xf32>
}

// -----

// Softmax along a non-last axis reduces that axis.

// CHECK-LABEL: func.func @softmax_axis0
// CHECK: %[[MAX:.+]] = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]
// CHECK:   arith.maximumf
// CHECK: %[[EXP:.+]] = linalg.generic {{.*}} ins(%{{.+}}, %[[MAX]] :
// CHECK:   math.exp
// CHECK: %[[SUM:.+]] = linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]{{.*}} ins(%[[EXP]]
// CHECK: linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] :
// CHECK:   arith.divf
func.func @softmax_axis0(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %0 = seq.softmax %x, axis = -2 : tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// Positional encoding: positions offset, pairs of features share a
// frequency, even features take sin and odd ones cos, computed in f64.

// CHECK-LABEL: func.func @positional_encoding
// CHECK-SAME: (%[[N:.+]]: index, %[[OFF:.+]]: index)
// CHECK: tensor.empty(%[[N]]) : tensor<?x6xf32>
// CHECK: linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>]
// CHECK:   %[[P:.+]] = linalg.index 0 : index
// CHECK:   %[[POS:.+]] = arith.addi %[[P]], %[[OFF]] : index
// CHECK:   %[[F:.+]] = linalg.index 1 : index
// CHECK:   arith.divui %[[F]]
// CHECK:   math.exp %{{.+}} : f64
// CHECK:   %[[SIN:.+]] = math.sin %{{.+}} : f64
// CHECK:   %[[COS:.+]] = math.cos %{{.+}} : f64
// CHECK:   %[[V:.+]] = arith.select %{{.+}}, %[[SIN]], %[[COS]] : f64
// CHECK:   arith.truncf %[[V]] : f64 to f32
func.func @positional_encoding(%n: index, %off: index) -> tensor<?x6xf32> {
  %0 = seq.positional_encoding length(%n) offset(%off) : tensor<?x6xf32>
  return %0 : tensor<?x6xf32>
}

// -----

// CHECK-LABEL: func.func @activations
// CHECK: math.erf
// CHECK: math.tanh
// CHECK: math.exp
// CHECK: arith.maximumf
func.func @activations(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = seq.activation gelu %x : tensor<4xf32>
  %1 = seq.activation gelu_tanh %0 : tensor<4xf32>
  %2 = seq.activation silu %1 : tensor<4xf32>
  %3 = seq.activation relu %2 : tensor<4xf32>
  return %3 : tensor<4xf32>
}

// -----

// Dims taken to be equal are checked at run time where one is dynamic.

// CHECK-LABEL: func.func @broadcast_check
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x?x8xf32>, %[[Y:[^:]+]]: tensor<5x8xf32>)
// CHECK: %[[D:.+]] = tensor.dim %[[X]], %c1 : tensor<?x?x8xf32>
// CHECK: %[[SAME:.+]] = arith.cmpi eq, %[[D]], %c5 : index
// CHECK: cf.assert %[[SAME]], "seqc: {{.*}}layers.mlir{{.*}}:8: broadcast operand dims differ at run time"
// CHECK: linalg.generic
func.func @broadcast_check(%x: tensor<?x?x8xf32>, %y: tensor<5x8xf32>) -> tensor<?x5x8xf32> {
  %0 = seq.add %x, %y : tensor<?x?x8xf32>, tensor<5x8xf32>
  return %0 : tensor<?x5x8xf32>
}
