// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.rnn_cell (torch.nn.RNNCell): input [B,I], optional h
// [B,H], weight_ih [H,I], weight_hh [H,H], optional biases [H].

// With h, tanh, as in the op's documentation.
// CHECK-LABEL: func.func @rnn_cell_tanh(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x16xf32>, %[[H:[^:]+]]: tensor<?x32xf32>, %[[WI:[^:]+]]: tensor<32x16xf32>, %[[WH:[^:]+]]: tensor<32x32xf32>)
// CHECK: %[[H1:.+]] = seq.rnn_cell %[[X]] h(%[[H]] : tensor<?x32xf32>) weight_ih(%[[WI]] : tensor<32x16xf32>) weight_hh(%[[WH]] : tensor<32x32xf32>) nonlinearity(tanh) : tensor<?x16xf32>
// CHECK: return %[[H1]] : tensor<?x32xf32>
func.func @rnn_cell_tanh(%x: tensor<?x16xf32>, %h: tensor<?x32xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>) -> tensor<?x32xf32> {
  %h1 = seq.rnn_cell %x h(%h : tensor<?x32xf32>) weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) nonlinearity(tanh) : tensor<?x16xf32>
  return %h1 : tensor<?x32xf32>
}

// Without h (zeros), with both biases, relu.
// CHECK-LABEL: func.func @rnn_cell_relu_biases(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x16xf32>, %[[WI:[^:]+]]: tensor<32x16xf32>, %[[WH:[^:]+]]: tensor<32x32xf32>, %[[BI:[^:]+]]: tensor<32xf32>, %[[BH:[^:]+]]: tensor<32xf32>)
// CHECK: %[[H1:.+]] = seq.rnn_cell %[[X]] weight_ih(%[[WI]] : tensor<32x16xf32>) weight_hh(%[[WH]] : tensor<32x32xf32>) bias_ih(%[[BI]] : tensor<32xf32>) bias_hh(%[[BH]] : tensor<32xf32>) nonlinearity(relu) : tensor<4x16xf32>
// CHECK: return %[[H1]] : tensor<4x32xf32>
func.func @rnn_cell_relu_biases(%x: tensor<4x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %bi: tensor<32xf32>, %bh: tensor<32xf32>) -> tensor<4x32xf32> {
  %h1 = seq.rnn_cell %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_ih(%bi : tensor<32xf32>) bias_hh(%bh : tensor<32xf32>) nonlinearity(relu) : tensor<4x16xf32>
  return %h1 : tensor<4x32xf32>
}

// Every optional operand, or only one bias.
// CHECK-LABEL: func.func @rnn_cell_all(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x16xf32>, %[[H:[^:]+]]: tensor<4x32xf32>, %[[WI:[^:]+]]: tensor<32x16xf32>, %[[WH:[^:]+]]: tensor<32x32xf32>, %[[B:[^:]+]]: tensor<32xf32>)
// CHECK: %[[H1:.+]] = seq.rnn_cell %[[X]] h(%[[H]] : tensor<4x32xf32>) weight_ih(%[[WI]] : tensor<32x16xf32>) weight_hh(%[[WH]] : tensor<32x32xf32>) bias_ih(%[[B]] : tensor<32xf32>) bias_hh(%[[B]] : tensor<32xf32>) nonlinearity(tanh) : tensor<4x16xf32>
// CHECK: %[[H2:.+]] = seq.rnn_cell %[[X]] h(%[[H]] : tensor<4x32xf32>) weight_ih(%[[WI]] : tensor<32x16xf32>) weight_hh(%[[WH]] : tensor<32x32xf32>) bias_hh(%[[B]] : tensor<32xf32>) nonlinearity(relu) : tensor<4x16xf32>
// CHECK: return %[[H1]], %[[H2]] : tensor<4x32xf32>, tensor<4x32xf32>
func.func @rnn_cell_all(%x: tensor<4x16xf32>, %h: tensor<4x32xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>, %b: tensor<32xf32>) -> (tensor<4x32xf32>, tensor<4x32xf32>) {
  %h1 = seq.rnn_cell %x h(%h : tensor<4x32xf32>) weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_ih(%b : tensor<32xf32>) bias_hh(%b : tensor<32xf32>) nonlinearity(tanh) : tensor<4x16xf32>
  %h2 = seq.rnn_cell %x h(%h : tensor<4x32xf32>) weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>) bias_hh(%b : tensor<32xf32>) nonlinearity(relu) : tensor<4x16xf32>
  return %h1, %h2 : tensor<4x32xf32>, tensor<4x32xf32>
}

// The batch is refined by h; H follows from weight_ih when weight_hh leaves
// it dynamic.
// CHECK-LABEL: func.func @rnn_cell_refine(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x16xf32>, %[[H:[^:]+]]: tensor<5x?xf32>, %[[WI:[^:]+]]: tensor<32x16xf32>, %[[WH:[^:]+]]: tensor<?x?xf32>)
// CHECK: %[[H1:.+]] = seq.rnn_cell %[[X]] h(%[[H]] : tensor<5x?xf32>) weight_ih(%[[WI]] : tensor<32x16xf32>) weight_hh(%[[WH]] : tensor<?x?xf32>) nonlinearity(tanh) : tensor<?x16xf32>
// CHECK: return %[[H1]] : tensor<5x32xf32>
func.func @rnn_cell_refine(%x: tensor<?x16xf32>, %h: tensor<5x?xf32>, %wi: tensor<32x16xf32>, %wh: tensor<?x?xf32>) -> tensor<5x32xf32> {
  %h1 = seq.rnn_cell %x h(%h : tensor<5x?xf32>) weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<?x?xf32>) nonlinearity(tanh) : tensor<?x16xf32>
  return %h1 : tensor<5x32xf32>
}
