// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.lstm_cell (torch.nn.LSTMCell): input [B,I], h and c
// [B,H] (both or neither), weight_ih [4*H,I], weight_hh [4*H,H], optional
// biases [4*H]; results (h', c').

// With h and c, as in the op's documentation.
// CHECK-LABEL: func.func @lstm_cell_states(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x16xf32>, %[[H:[^:]+]]: tensor<?x32xf32>, %[[C:[^:]+]]: tensor<?x32xf32>, %[[WI:[^:]+]]: tensor<128x16xf32>, %[[WH:[^:]+]]: tensor<128x32xf32>)
// CHECK: %[[H1:[^ ,]+]], %[[C1:[^ ,]+]] = seq.lstm_cell %[[X]] h(%[[H]] : tensor<?x32xf32>) c(%[[C]] : tensor<?x32xf32>) weight_ih(%[[WI]] : tensor<128x16xf32>) weight_hh(%[[WH]] : tensor<128x32xf32>) : tensor<?x16xf32>
// CHECK: return %[[H1]], %[[C1]] : tensor<?x32xf32>, tensor<?x32xf32>
func.func @lstm_cell_states(%x: tensor<?x16xf32>, %h: tensor<?x32xf32>, %c: tensor<?x32xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>) -> (tensor<?x32xf32>, tensor<?x32xf32>) {
  %h1, %c1 = seq.lstm_cell %x h(%h : tensor<?x32xf32>) c(%c : tensor<?x32xf32>) weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) : tensor<?x16xf32>
  return %h1, %c1 : tensor<?x32xf32>, tensor<?x32xf32>
}

// Without states (zeros), with both biases.
// CHECK-LABEL: func.func @lstm_cell_biases(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x16xf32>, %[[WI:[^:]+]]: tensor<128x16xf32>, %[[WH:[^:]+]]: tensor<128x32xf32>, %[[BI:[^:]+]]: tensor<128xf32>, %[[BH:[^:]+]]: tensor<128xf32>)
// CHECK: %[[H1:[^ ,]+]], %[[C1:[^ ,]+]] = seq.lstm_cell %[[X]] weight_ih(%[[WI]] : tensor<128x16xf32>) weight_hh(%[[WH]] : tensor<128x32xf32>) bias_ih(%[[BI]] : tensor<128xf32>) bias_hh(%[[BH]] : tensor<128xf32>) : tensor<4x16xf32>
// CHECK: return %[[H1]], %[[C1]] : tensor<4x32xf32>, tensor<4x32xf32>
func.func @lstm_cell_biases(%x: tensor<4x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %bi: tensor<128xf32>, %bh: tensor<128xf32>) -> (tensor<4x32xf32>, tensor<4x32xf32>) {
  %h1, %c1 = seq.lstm_cell %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_ih(%bi : tensor<128xf32>) bias_hh(%bh : tensor<128xf32>) : tensor<4x16xf32>
  return %h1, %c1 : tensor<4x32xf32>, tensor<4x32xf32>
}

// Every optional operand.
// CHECK-LABEL: func.func @lstm_cell_all(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x16xf32>, %[[H:[^:]+]]: tensor<4x32xf32>, %[[C:[^:]+]]: tensor<4x32xf32>, %[[WI:[^:]+]]: tensor<128x16xf32>, %[[WH:[^:]+]]: tensor<128x32xf32>, %[[BI:[^:]+]]: tensor<128xf32>, %[[BH:[^:]+]]: tensor<128xf32>)
// CHECK: %[[H1:[^ ,]+]], %[[C1:[^ ,]+]] = seq.lstm_cell %[[X]] h(%[[H]] : tensor<4x32xf32>) c(%[[C]] : tensor<4x32xf32>) weight_ih(%[[WI]] : tensor<128x16xf32>) weight_hh(%[[WH]] : tensor<128x32xf32>) bias_ih(%[[BI]] : tensor<128xf32>) bias_hh(%[[BH]] : tensor<128xf32>) : tensor<4x16xf32>
// CHECK: return %[[H1]], %[[C1]] : tensor<4x32xf32>, tensor<4x32xf32>
func.func @lstm_cell_all(%x: tensor<4x16xf32>, %h: tensor<4x32xf32>, %c: tensor<4x32xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %bi: tensor<128xf32>, %bh: tensor<128xf32>) -> (tensor<4x32xf32>, tensor<4x32xf32>) {
  %h1, %c1 = seq.lstm_cell %x h(%h : tensor<4x32xf32>) c(%c : tensor<4x32xf32>) weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_ih(%bi : tensor<128xf32>) bias_hh(%bh : tensor<128xf32>) : tensor<4x16xf32>
  return %h1, %c1 : tensor<4x32xf32>, tensor<4x32xf32>
}

// The batch is refined by the states; H follows from the 128 rows of
// weight_hh.
// CHECK-LABEL: func.func @lstm_cell_refine(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x16xf32>, %[[H:[^:]+]]: tensor<?x?xf32>, %[[C:[^:]+]]: tensor<6x?xf32>, %[[WI:[^:]+]]: tensor<?x16xf32>, %[[WH:[^:]+]]: tensor<128x?xf32>)
// CHECK: %[[H1:[^ ,]+]], %[[C1:[^ ,]+]] = seq.lstm_cell %[[X]] h(%[[H]] : tensor<?x?xf32>) c(%[[C]] : tensor<6x?xf32>) weight_ih(%[[WI]] : tensor<?x16xf32>) weight_hh(%[[WH]] : tensor<128x?xf32>) : tensor<?x16xf32>
// CHECK: return %[[H1]], %[[C1]] : tensor<6x32xf32>, tensor<6x32xf32>
func.func @lstm_cell_refine(%x: tensor<?x16xf32>, %h: tensor<?x?xf32>, %c: tensor<6x?xf32>, %wi: tensor<?x16xf32>, %wh: tensor<128x?xf32>) -> (tensor<6x32xf32>, tensor<6x32xf32>) {
  %h1, %c1 = seq.lstm_cell %x h(%h : tensor<?x?xf32>) c(%c : tensor<6x?xf32>) weight_ih(%wi : tensor<?x16xf32>) weight_hh(%wh : tensor<128x?xf32>) : tensor<?x16xf32>
  return %h1, %c1 : tensor<6x32xf32>, tensor<6x32xf32>
}
