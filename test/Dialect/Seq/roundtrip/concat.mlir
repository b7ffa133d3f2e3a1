// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.concat: torch.cat of inputs of one rank and element type
// along an axis (negative counts from the end); the other dims agree.

// Two and three inputs, along the last and the first axis.
// CHECK-LABEL: func.func @concat_static(
// CHECK-SAME: %[[A:[^:]+]]: tensor<4x16xf32>, %[[B:[^:]+]]: tensor<4x8xf32>, %[[C:[^:]+]]: tensor<2x8xf32>)
// CHECK: %[[R:.+]] = seq.concat %[[A]], %[[B]] axis = -1 : tensor<4x16xf32>, tensor<4x8xf32>
// CHECK: %[[S:.+]] = seq.concat %[[B]], %[[C]], %[[B]] axis = 0 : tensor<4x8xf32>, tensor<2x8xf32>, tensor<4x8xf32>
// CHECK: return %[[R]], %[[S]] : tensor<4x24xf32>, tensor<10x8xf32>
func.func @concat_static(%a: tensor<4x16xf32>, %b: tensor<4x8xf32>, %c: tensor<2x8xf32>) -> (tensor<4x24xf32>, tensor<10x8xf32>) {
  %r = seq.concat %a, %b axis = -1 : tensor<4x16xf32>, tensor<4x8xf32>
  %s = seq.concat %b, %c, %b axis = 0 : tensor<4x8xf32>, tensor<2x8xf32>, tensor<4x8xf32>
  return %r, %s : tensor<4x24xf32>, tensor<10x8xf32>
}

// A dynamic size along the axis makes the sum dynamic; the other dims take
// the static size any input gives.
// CHECK-LABEL: func.func @concat_dynamic(
// CHECK-SAME: %[[A:[^:]+]]: tensor<?x16xf32>, %[[B:[^:]+]]: tensor<?x8xf32>, %[[C:[^:]+]]: tensor<3x?xf32>, %[[D:[^:]+]]: tensor<?x5xf32>)
// CHECK: %[[R:.+]] = seq.concat %[[A]], %[[B]] axis = 1 : tensor<?x16xf32>, tensor<?x8xf32>
// CHECK: %[[S:.+]] = seq.concat %[[A]], %[[C]] axis = 0 : tensor<?x16xf32>, tensor<3x?xf32>
// CHECK: %[[T:.+]] = seq.concat %[[C]], %[[D]] axis = -2 : tensor<3x?xf32>, tensor<?x5xf32>
// CHECK: return %[[R]], %[[S]], %[[T]] : tensor<?x24xf32>, tensor<?x16xf32>, tensor<?x5xf32>
func.func @concat_dynamic(%a: tensor<?x16xf32>, %b: tensor<?x8xf32>, %c: tensor<3x?xf32>, %d: tensor<?x5xf32>) -> (tensor<?x24xf32>, tensor<?x16xf32>, tensor<?x5xf32>) {
  %r = seq.concat %a, %b axis = 1 : tensor<?x16xf32>, tensor<?x8xf32>
  %s = seq.concat %a, %c axis = 0 : tensor<?x16xf32>, tensor<3x?xf32>
  %t = seq.concat %c, %d axis = -2 : tensor<3x?xf32>, tensor<?x5xf32>
  return %r, %s, %t : tensor<?x24xf32>, tensor<?x16xf32>, tensor<?x5xf32>
}

// One input; integer elements; empty inputs.
// CHECK-LABEL: func.func @concat_other(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x?xf32>, %[[I:[^:]+]]: tensor<3xi64>, %[[J:[^:]+]]: tensor<0xi64>, %[[M:[^:]+]]: tensor<2x1x?xi1>)
// CHECK: %[[R:.+]] = seq.concat %[[X]] axis = 1 : tensor<4x?xf32>
// CHECK: %[[S:.+]] = seq.concat %[[I]], %[[J]], %[[I]] axis = 0 : tensor<3xi64>, tensor<0xi64>, tensor<3xi64>
// CHECK: %[[T:.+]] = seq.concat %[[M]], %[[M]] axis = 1 : tensor<2x1x?xi1>, tensor<2x1x?xi1>
// CHECK: return %[[R]], %[[S]], %[[T]] : tensor<4x?xf32>, tensor<6xi64>, tensor<2x2x?xi1>
func.func @concat_other(%x: tensor<4x?xf32>, %i: tensor<3xi64>, %j: tensor<0xi64>, %m: tensor<2x1x?xi1>) -> (tensor<4x?xf32>, tensor<6xi64>, tensor<2x2x?xi1>) {
  %r = seq.concat %x axis = 1 : tensor<4x?xf32>
  %s = seq.concat %i, %j, %i axis = 0 : tensor<3xi64>, tensor<0xi64>, tensor<3xi64>
  %t = seq.concat %m, %m axis = 1 : tensor<2x1x?xi1>, tensor<2x1x?xi1>
  return %r, %s, %t : tensor<4x?xf32>, tensor<6xi64>, tensor<2x2x?xi1>
}
