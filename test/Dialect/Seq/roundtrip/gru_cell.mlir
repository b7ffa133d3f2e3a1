// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.gru_cell (torch.nn.GRUCell): input [B,I], optional h
// [B,H], weight_ih [3*H,I], weight_hh [3*H,H], optional biases [3*H].

// With h, as in the op's documentation.
// CHECK-LABEL: func.func @gru_cell_state(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x16xf32>, %[[H:[^:]+]]: tensor<?x32xf32>, %[[WI:[^:]+]]: tensor<96x16xf32>, %[[WH:[^:]+]]: tensor<96x32xf32>)
// CHECK: %[[H1:.+]] = seq.gru_cell %[[X]] h(%[[H]] : tensor<?x32xf32>) weight_ih(%[[WI]] : tensor<96x16xf32>) weight_hh(%[[WH]] : tensor<96x32xf32>) : tensor<?x16xf32>
// CHECK: return %[[H1]] : tensor<?x32xf32>
func.func @gru_cell_state(%x: tensor<?x16xf32>, %h: tensor<?x32xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>) -> tensor<?x32xf32> {
  %h1 = seq.gru_cell %x h(%h : tensor<?x32xf32>) weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) : tensor<?x16xf32>
  return %h1 : tensor<?x32xf32>
}

// Without h (zeros), with both biases.
// CHECK-LABEL: func.func @gru_cell_biases(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x16xf32>, %[[WI:[^:]+]]: tensor<96x16xf32>, %[[WH:[^:]+]]: tensor<96x32xf32>, %[[BI:[^:]+]]: tensor<96xf32>, %[[BH:[^:]+]]: tensor<96xf32>)
// CHECK: %[[H1:.+]] = seq.gru_cell %[[X]] weight_ih(%[[WI]] : tensor<96x16xf32>) weight_hh(%[[WH]] : tensor<96x32xf32>) bias_ih(%[[BI]] : tensor<96xf32>) bias_hh(%[[BH]] : tensor<96xf32>) : tensor<4x16xf32>
// CHECK: return %[[H1]] : tensor<4x32xf32>
func.func @gru_cell_biases(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %bi: tensor<96xf32>, %bh: tensor<96xf32>) -> tensor<4x32xf32> {
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_ih(%bi : tensor<96xf32>) bias_hh(%bh : tensor<96xf32>) : tensor<4x16xf32>
  return %h1 : tensor<4x32xf32>
}

// Every optional operand, or only bias_ih.
// CHECK-LABEL: func.func @gru_cell_all(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x16xf32>, %[[H:[^:]+]]: tensor<4x32xf32>, %[[WI:[^:]+]]: tensor<96x16xf32>, %[[WH:[^:]+]]: tensor<96x32xf32>, %[[B:[^:]+]]: tensor<96xf32>)
// CHECK: %[[H1:.+]] = seq.gru_cell %[[X]] h(%[[H]] : tensor<4x32xf32>) weight_ih(%[[WI]] : tensor<96x16xf32>) weight_hh(%[[WH]] : tensor<96x32xf32>) bias_ih(%[[B]] : tensor<96xf32>) bias_hh(%[[B]] : tensor<96xf32>) : tensor<4x16xf32>
// CHECK: %[[H2:.+]] = seq.gru_cell %[[X]] weight_ih(%[[WI]] : tensor<96x16xf32>) weight_hh(%[[WH]] : tensor<96x32xf32>) bias_ih(%[[B]] : tensor<96xf32>) : tensor<4x16xf32>
// CHECK: return %[[H1]], %[[H2]] : tensor<4x32xf32>, tensor<4x32xf32>
func.func @gru_cell_all(%x: tensor<4x16xf32>, %h: tensor<4x32xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>, %b: tensor<96xf32>) -> (tensor<4x32xf32>, tensor<4x32xf32>) {
  %h1 = seq.gru_cell %x h(%h : tensor<4x32xf32>) weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_ih(%b : tensor<96xf32>) bias_hh(%b : tensor<96xf32>) : tensor<4x16xf32>
  %h2 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>) bias_ih(%b : tensor<96xf32>) : tensor<4x16xf32>
  return %h1, %h2 : tensor<4x32xf32>, tensor<4x32xf32>
}

// The batch is refined by h; H follows from bias_hh when both weights leave
// it dynamic.
// CHECK-LABEL: func.func @gru_cell_refine(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x16xf32>, %[[H:[^:]+]]: tensor<2x?xf32>, %[[WI:[^:]+]]: tensor<?x16xf32>, %[[WH:[^:]+]]: tensor<?x?xf32>, %[[B:[^:]+]]: tensor<96xf32>)
// CHECK: %[[H1:.+]] = seq.gru_cell %[[X]] h(%[[H]] : tensor<2x?xf32>) weight_ih(%[[WI]] : tensor<?x16xf32>) weight_hh(%[[WH]] : tensor<?x?xf32>) bias_hh(%[[B]] : tensor<96xf32>) : tensor<?x16xf32>
// CHECK: return %[[H1]] : tensor<2x32xf32>
func.func @gru_cell_refine(%x: tensor<?x16xf32>, %h: tensor<2x?xf32>, %wi: tensor<?x16xf32>, %wh: tensor<?x?xf32>, %b: tensor<96xf32>) -> tensor<2x32xf32> {
  %h1 = seq.gru_cell %x h(%h : tensor<2x?xf32>) weight_ih(%wi : tensor<?x16xf32>) weight_hh(%wh : tensor<?x?xf32>) bias_hh(%b : tensor<96xf32>) : tensor<?x16xf32>
  return %h1 : tensor<2x32xf32>
}
