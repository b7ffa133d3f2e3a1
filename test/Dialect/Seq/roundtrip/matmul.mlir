// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.matmul: torch.matmul. 1-D · 1-D is a dot product
// (rank 0), 2-D · 2-D a matrix product; a 1-D lhs gets a unit dim
// prepended and a 1-D rhs one appended, which the result drops; the batch
// dims of higher ranks broadcast with numpy rules.

// Vectors and matrices.
// CHECK-LABEL: func.func @matmul_1d_2d(
// CHECK-SAME: %[[U:[^:]+]]: tensor<8xf32>, %[[V:[^:]+]]: tensor<8xf32>, %[[A:[^:]+]]: tensor<4x8xf32>, %[[B:[^:]+]]: tensor<8x5xf32>)
// CHECK: %[[DOT:.+]] = seq.matmul %[[U]], %[[V]] : tensor<8xf32>, tensor<8xf32>
// CHECK: %[[MM:.+]] = seq.matmul %[[A]], %[[B]] : tensor<4x8xf32>, tensor<8x5xf32>
// CHECK: %[[MV:.+]] = seq.matmul %[[A]], %[[V]] : tensor<4x8xf32>, tensor<8xf32>
// CHECK: %[[VM:.+]] = seq.matmul %[[U]], %[[B]] : tensor<8xf32>, tensor<8x5xf32>
// CHECK: return %[[DOT]], %[[MM]], %[[MV]], %[[VM]] : tensor<f32>, tensor<4x5xf32>, tensor<4xf32>, tensor<5xf32>
func.func @matmul_1d_2d(%u: tensor<8xf32>, %v: tensor<8xf32>, %a: tensor<4x8xf32>, %b: tensor<8x5xf32>) -> (tensor<f32>, tensor<4x5xf32>, tensor<4xf32>, tensor<5xf32>) {
  %dot = seq.matmul %u, %v : tensor<8xf32>, tensor<8xf32>
  %mm = seq.matmul %a, %b : tensor<4x8xf32>, tensor<8x5xf32>
  %mv = seq.matmul %a, %v : tensor<4x8xf32>, tensor<8xf32>
  %vm = seq.matmul %u, %b : tensor<8xf32>, tensor<8x5xf32>
  return %dot, %mm, %mv, %vm : tensor<f32>, tensor<4x5xf32>, tensor<4xf32>, tensor<5xf32>
}

// Attention scores and a linear layer without bias: equal batch dims, and
// a 2-D rhs broadcast over the lhs's batch dims.
// CHECK-LABEL: func.func @matmul_batched(
// CHECK-SAME: %[[Q:[^:]+]]: tensor<?x8x?x64xf32>, %[[KT:[^:]+]]: tensor<?x8x64x?xf32>, %[[X:[^:]+]]: tensor<?x?x512xf32>, %[[W:[^:]+]]: tensor<512x2048xf32>)
// CHECK: %[[S:.+]] = seq.matmul %[[Q]], %[[KT]] : tensor<?x8x?x64xf32>, tensor<?x8x64x?xf32>
// CHECK: %[[Y:.+]] = seq.matmul %[[X]], %[[W]] : tensor<?x?x512xf32>, tensor<512x2048xf32>
// CHECK: return %[[S]], %[[Y]] : tensor<?x8x?x?xf32>, tensor<?x?x2048xf32>
func.func @matmul_batched(%q: tensor<?x8x?x64xf32>, %kt: tensor<?x8x64x?xf32>, %x: tensor<?x?x512xf32>, %w: tensor<512x2048xf32>) -> (tensor<?x8x?x?xf32>, tensor<?x?x2048xf32>) {
  %s = seq.matmul %q, %kt : tensor<?x8x?x64xf32>, tensor<?x8x64x?xf32>
  %y = seq.matmul %x, %w : tensor<?x?x512xf32>, tensor<512x2048xf32>
  return %s, %y : tensor<?x8x?x?xf32>, tensor<?x?x2048xf32>
}

// Batch dims broadcast: static 1s on both sides, a missing leading dim, and
// a 1-D operand against a batched one.
// CHECK-LABEL: func.func @matmul_broadcast(
// CHECK-SAME: %[[A:[^:]+]]: tensor<2x1x4x8xf32>, %[[B:[^:]+]]: tensor<3x8x5xf32>, %[[V:[^:]+]]: tensor<8xf32>, %[[C:[^:]+]]: tensor<6x1x5x8xf32>)
// CHECK: %[[R:.+]] = seq.matmul %[[A]], %[[B]] : tensor<2x1x4x8xf32>, tensor<3x8x5xf32>
// CHECK: %[[S:.+]] = seq.matmul %[[V]], %[[B]] : tensor<8xf32>, tensor<3x8x5xf32>
// CHECK: %[[T:.+]] = seq.matmul %[[C]], %[[V]] : tensor<6x1x5x8xf32>, tensor<8xf32>
// CHECK: return %[[R]], %[[S]], %[[T]] : tensor<2x3x4x5xf32>, tensor<3x5xf32>, tensor<6x1x5xf32>
func.func @matmul_broadcast(%a: tensor<2x1x4x8xf32>, %b: tensor<3x8x5xf32>, %v: tensor<8xf32>, %c: tensor<6x1x5x8xf32>) -> (tensor<2x3x4x5xf32>, tensor<3x5xf32>, tensor<6x1x5xf32>) {
  %r = seq.matmul %a, %b : tensor<2x1x4x8xf32>, tensor<3x8x5xf32>
  %s = seq.matmul %v, %b : tensor<8xf32>, tensor<3x8x5xf32>
  %t = seq.matmul %c, %v : tensor<6x1x5x8xf32>, tensor<8xf32>
  return %r, %s, %t : tensor<2x3x4x5xf32>, tensor<3x5xf32>, tensor<6x1x5xf32>
}

// Dynamic dims: a dynamic K against a static one; a dynamic batch dim takes
// the other's static size, but stays dynamic against a static 1.
// CHECK-LABEL: func.func @matmul_dynamic(
// CHECK-SAME: %[[A:[^:]+]]: tensor<4x?xf32>, %[[B:[^:]+]]: tensor<8x5xf32>, %[[U:[^:]+]]: tensor<?xf32>, %[[C:[^:]+]]: tensor<?x4x8xf32>, %[[D:[^:]+]]: tensor<3x8x5xf32>, %[[E:[^:]+]]: tensor<1x8x5xf32>)
// CHECK: %[[R:.+]] = seq.matmul %[[A]], %[[B]] : tensor<4x?xf32>, tensor<8x5xf32>
// CHECK: %[[S:.+]] = seq.matmul %[[U]], %[[U]] : tensor<?xf32>, tensor<?xf32>
// CHECK: %[[T:.+]] = seq.matmul %[[C]], %[[D]] : tensor<?x4x8xf32>, tensor<3x8x5xf32>
// CHECK: %[[V:.+]] = seq.matmul %[[C]], %[[E]] : tensor<?x4x8xf32>, tensor<1x8x5xf32>
// CHECK: return %[[R]], %[[S]], %[[T]], %[[V]] : tensor<4x5xf32>, tensor<f32>, tensor<3x4x5xf32>, tensor<?x4x5xf32>
func.func @matmul_dynamic(%a: tensor<4x?xf32>, %b: tensor<8x5xf32>, %u: tensor<?xf32>, %c: tensor<?x4x8xf32>, %d: tensor<3x8x5xf32>, %e: tensor<1x8x5xf32>) -> (tensor<4x5xf32>, tensor<f32>, tensor<3x4x5xf32>, tensor<?x4x5xf32>) {
  %r = seq.matmul %a, %b : tensor<4x?xf32>, tensor<8x5xf32>
  %s = seq.matmul %u, %u : tensor<?xf32>, tensor<?xf32>
  %t = seq.matmul %c, %d : tensor<?x4x8xf32>, tensor<3x8x5xf32>
  %v = seq.matmul %c, %e : tensor<?x4x8xf32>, tensor<1x8x5xf32>
  return %r, %s, %t, %v : tensor<4x5xf32>, tensor<f32>, tensor<3x4x5xf32>, tensor<?x4x5xf32>
}
