// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.index_select: torch.index_select; result dim axis has
// one entry per element of the 1-D i32/i64 indices, the other dims are the
// input's.

// Rows of a table, with i64 and i32 indices.
// CHECK-LABEL: func.func @index_select_rows(
// CHECK-SAME: %[[T:[^:]+]]: tensor<100x64xf32>, %[[IDS:[^:]+]]: tensor<?xi64>, %[[J:[^:]+]]: tensor<3xi32>)
// CHECK: %[[R:.+]] = seq.index_select %[[T]], %[[IDS]] axis = 0 : tensor<100x64xf32>, tensor<?xi64>
// CHECK: %[[S:.+]] = seq.index_select %[[T]], %[[J]] axis = 0 : tensor<100x64xf32>, tensor<3xi32>
// CHECK: return %[[R]], %[[S]] : tensor<?x64xf32>, tensor<3x64xf32>
func.func @index_select_rows(%t: tensor<100x64xf32>, %ids: tensor<?xi64>, %j: tensor<3xi32>) -> (tensor<?x64xf32>, tensor<3x64xf32>) {
  %r = seq.index_select %t, %ids axis = 0 : tensor<100x64xf32>, tensor<?xi64>
  %s = seq.index_select %t, %j axis = 0 : tensor<100x64xf32>, tensor<3xi32>
  return %r, %s : tensor<?x64xf32>, tensor<3x64xf32>
}

// Other axes, negative ones, dynamic inputs, integer elements and no
// indices at all.
// CHECK-LABEL: func.func @index_select_axes(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x5x?xi64>, %[[M:[^:]+]]: tensor<4x6xi1>, %[[I:[^:]+]]: tensor<2xi64>, %[[E:[^:]+]]: tensor<0xi32>)
// CHECK: %[[A:.+]] = seq.index_select %[[X]], %[[I]] axis = 1 : tensor<?x5x?xi64>, tensor<2xi64>
// CHECK: %[[B:.+]] = seq.index_select %[[X]], %[[I]] axis = -1 : tensor<?x5x?xi64>, tensor<2xi64>
// CHECK: %[[C:.+]] = seq.index_select %[[M]], %[[E]] axis = -2 : tensor<4x6xi1>, tensor<0xi32>
// CHECK: return %[[A]], %[[B]], %[[C]] : tensor<?x2x?xi64>, tensor<?x5x2xi64>, tensor<0x6xi1>
func.func @index_select_axes(%x: tensor<?x5x?xi64>, %m: tensor<4x6xi1>, %i: tensor<2xi64>, %e: tensor<0xi32>) -> (tensor<?x2x?xi64>, tensor<?x5x2xi64>, tensor<0x6xi1>) {
  %a = seq.index_select %x, %i axis = 1 : tensor<?x5x?xi64>, tensor<2xi64>
  %b = seq.index_select %x, %i axis = -1 : tensor<?x5x?xi64>, tensor<2xi64>
  %c = seq.index_select %m, %e axis = -2 : tensor<4x6xi1>, tensor<0xi32>
  return %a, %b, %c : tensor<?x2x?xi64>, tensor<?x5x2xi64>, tensor<0x6xi1>
}
