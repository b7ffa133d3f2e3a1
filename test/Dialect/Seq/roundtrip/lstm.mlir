// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.lstm (torch.nn.LSTM, batch first): weight_ih [4*H,I],
// weight_hh [4*H,H], optional biases, *_reverse weights for the reverse
// direction of a bidirectional layer, optional initial states [D,B,H] and
// lengths; results output [B,T,D*H] and final states [D,B,H].

// Forward, no biases, dynamic batch and sequence.
// CHECK-LABEL: func.func @lstm_forward(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x16xf32>, %[[WI:[^:]+]]: tensor<128x16xf32>, %[[WH:[^:]+]]: tensor<128x32xf32>)
// CHECK: %[[OUT:[^ ,]+]], %[[HN:[^ ,]+]], %[[CN:[^ ,]+]] = seq.lstm %[[X]] weight_ih(%[[WI]] : tensor<128x16xf32>) weight_hh(%[[WH]] : tensor<128x32xf32>) direction(forward) : tensor<?x?x16xf32>
// CHECK: return %[[OUT]], %[[HN]], %[[CN]] : tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>
func.func @lstm_forward(%x: tensor<?x?x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>) -> (tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>) {
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) direction(forward) : tensor<?x?x16xf32>
  return %out, %hn, %cn : tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>
}

// Forward with biases, initial states and i32 lengths, static shapes.
// CHECK-LABEL: func.func @lstm_forward_biases_states(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x10x16xf32>, %[[WI:[^:]+]]: tensor<128x16xf32>, %[[WH:[^:]+]]: tensor<128x32xf32>, %[[BI:[^:]+]]: tensor<128xf32>, %[[BH:[^:]+]]: tensor<128xf32>, %[[H0:[^:]+]]: tensor<1x4x32xf32>, %[[C0:[^:]+]]: tensor<1x4x32xf32>, %[[LEN:[^:]+]]: tensor<4xi32>)
// CHECK: %[[OUT:[^ ,]+]], %[[HN:[^ ,]+]], %[[CN:[^ ,]+]] = seq.lstm %[[X]] weight_ih(%[[WI]] : tensor<128x16xf32>) weight_hh(%[[WH]] : tensor<128x32xf32>) bias_ih(%[[BI]] : tensor<128xf32>) bias_hh(%[[BH]] : tensor<128xf32>) h0(%[[H0]] : tensor<1x4x32xf32>) c0(%[[C0]] : tensor<1x4x32xf32>) lengths(%[[LEN]] : tensor<4xi32>) direction(forward) : tensor<4x10x16xf32>
// CHECK: return %[[OUT]], %[[HN]], %[[CN]] : tensor<4x10x32xf32>, tensor<1x4x32xf32>, tensor<1x4x32xf32>
func.func @lstm_forward_biases_states(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %bi: tensor<128xf32>, %bh: tensor<128xf32>, %h0: tensor<1x4x32xf32>, %c0: tensor<1x4x32xf32>, %len: tensor<4xi32>) -> (tensor<4x10x32xf32>, tensor<1x4x32xf32>, tensor<1x4x32xf32>) {
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_ih(%bi : tensor<128xf32>) bias_hh(%bh : tensor<128xf32>) h0(%h0 : tensor<1x4x32xf32>) c0(%c0 : tensor<1x4x32xf32>) lengths(%len : tensor<4xi32>) direction(forward) : tensor<4x10x16xf32>
  return %out, %hn, %cn : tensor<4x10x32xf32>, tensor<1x4x32xf32>, tensor<1x4x32xf32>
}

// Only one of the two biases.
// CHECK-LABEL: func.func @lstm_one_bias(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x16xf32>, %[[WI:[^:]+]]: tensor<128x16xf32>, %[[WH:[^:]+]]: tensor<128x32xf32>, %[[B:[^:]+]]: tensor<128xf32>)
// CHECK: %[[OUT:[^ ,]+]], %[[HN:[^ ,]+]], %[[CN:[^ ,]+]] = seq.lstm %[[X]] weight_ih(%[[WI]] : tensor<128x16xf32>) weight_hh(%[[WH]] : tensor<128x32xf32>) bias_ih(%[[B]] : tensor<128xf32>) direction(forward) : tensor<?x?x16xf32>
// CHECK: %[[OUT2:[^ ,]+]], %[[HN2:[^ ,]+]], %[[CN2:[^ ,]+]] = seq.lstm %[[X]] weight_ih(%[[WI]] : tensor<128x16xf32>) weight_hh(%[[WH]] : tensor<128x32xf32>) bias_hh(%[[B]] : tensor<128xf32>) direction(forward) : tensor<?x?x16xf32>
// CHECK: return %[[OUT]], %[[HN]], %[[CN]], %[[OUT2]], %[[HN2]], %[[CN2]] : tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>, tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>
func.func @lstm_one_bias(%x: tensor<?x?x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %b: tensor<128xf32>) -> (tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>, tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>) {
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_ih(%b : tensor<128xf32>) direction(forward) : tensor<?x?x16xf32>
  %out2, %hn2, %cn2 = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_hh(%b : tensor<128xf32>) direction(forward) : tensor<?x?x16xf32>
  return %out, %hn, %cn, %out2, %hn2, %cn2 : tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>, tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>
}

// The reverse direction alone uses the unsuffixed weights; i64 lengths.
// CHECK-LABEL: func.func @lstm_reverse(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x16xf32>, %[[WI:[^:]+]]: tensor<128x16xf32>, %[[WH:[^:]+]]: tensor<128x32xf32>, %[[LEN:[^:]+]]: tensor<?xi64>)
// CHECK: %[[OUT:[^ ,]+]], %[[HN:[^ ,]+]], %[[CN:[^ ,]+]] = seq.lstm %[[X]] weight_ih(%[[WI]] : tensor<128x16xf32>) weight_hh(%[[WH]] : tensor<128x32xf32>) lengths(%[[LEN]] : tensor<?xi64>) direction(reverse) : tensor<?x?x16xf32>
// CHECK: return %[[OUT]], %[[HN]], %[[CN]] : tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>
func.func @lstm_reverse(%x: tensor<?x?x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %len: tensor<?xi64>) -> (tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>) {
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) lengths(%len : tensor<?xi64>) direction(reverse) : tensor<?x?x16xf32>
  return %out, %hn, %cn : tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>
}

// Bidirectional with biases in both directions, initial states [2,B,H] and lengths; the output concatenates the directions.
// CHECK-LABEL: func.func @lstm_bidirectional(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x16xf32>, %[[WI:[^:]+]]: tensor<128x16xf32>, %[[WH:[^:]+]]: tensor<128x32xf32>, %[[BI:[^:]+]]: tensor<128xf32>, %[[BH:[^:]+]]: tensor<128xf32>, %[[WIR:[^:]+]]: tensor<128x16xf32>, %[[WHR:[^:]+]]: tensor<128x32xf32>, %[[BIR:[^:]+]]: tensor<128xf32>, %[[BHR:[^:]+]]: tensor<128xf32>, %[[H0:[^:]+]]: tensor<2x?x32xf32>, %[[C0:[^:]+]]: tensor<2x?x32xf32>, %[[LEN:[^:]+]]: tensor<?xi32>)
// CHECK: %[[OUT:[^ ,]+]], %[[HN:[^ ,]+]], %[[CN:[^ ,]+]] = seq.lstm %[[X]] weight_ih(%[[WI]] : tensor<128x16xf32>) weight_hh(%[[WH]] : tensor<128x32xf32>) bias_ih(%[[BI]] : tensor<128xf32>) bias_hh(%[[BH]] : tensor<128xf32>) weight_ih_reverse(%[[WIR]] : tensor<128x16xf32>) weight_hh_reverse(%[[WHR]] : tensor<128x32xf32>) bias_ih_reverse(%[[BIR]] : tensor<128xf32>) bias_hh_reverse(%[[BHR]] : tensor<128xf32>) h0(%[[H0]] : tensor<2x?x32xf32>) c0(%[[C0]] : tensor<2x?x32xf32>) lengths(%[[LEN]] : tensor<?xi32>) direction(bidirectional) : tensor<?x?x16xf32>
// CHECK: return %[[OUT]], %[[HN]], %[[CN]] : tensor<?x?x64xf32>, tensor<2x?x32xf32>, tensor<2x?x32xf32>
func.func @lstm_bidirectional(%x: tensor<?x?x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %bi: tensor<128xf32>, %bh: tensor<128xf32>, %wir: tensor<128x16xf32>, %whr: tensor<128x32xf32>, %bir: tensor<128xf32>, %bhr: tensor<128xf32>, %h0: tensor<2x?x32xf32>, %c0: tensor<2x?x32xf32>, %len: tensor<?xi32>) -> (tensor<?x?x64xf32>, tensor<2x?x32xf32>, tensor<2x?x32xf32>) {
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) bias_ih(%bi : tensor<128xf32>) bias_hh(%bh : tensor<128xf32>) weight_ih_reverse(%wir : tensor<128x16xf32>) weight_hh_reverse(%whr : tensor<128x32xf32>) bias_ih_reverse(%bir : tensor<128xf32>) bias_hh_reverse(%bhr : tensor<128xf32>) h0(%h0 : tensor<2x?x32xf32>) c0(%c0 : tensor<2x?x32xf32>) lengths(%len : tensor<?xi32>) direction(bidirectional) : tensor<?x?x16xf32>
  return %out, %hn, %cn : tensor<?x?x64xf32>, tensor<2x?x32xf32>, tensor<2x?x32xf32>
}

// Bidirectional without biases, static shapes.
// CHECK-LABEL: func.func @lstm_bidirectional_no_bias(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x10x16xf32>, %[[WI:[^:]+]]: tensor<128x16xf32>, %[[WH:[^:]+]]: tensor<128x32xf32>, %[[WIR:[^:]+]]: tensor<128x16xf32>, %[[WHR:[^:]+]]: tensor<128x32xf32>)
// CHECK: %[[OUT:[^ ,]+]], %[[HN:[^ ,]+]], %[[CN:[^ ,]+]] = seq.lstm %[[X]] weight_ih(%[[WI]] : tensor<128x16xf32>) weight_hh(%[[WH]] : tensor<128x32xf32>) weight_ih_reverse(%[[WIR]] : tensor<128x16xf32>) weight_hh_reverse(%[[WHR]] : tensor<128x32xf32>) direction(bidirectional) : tensor<4x10x16xf32>
// CHECK: return %[[OUT]], %[[HN]], %[[CN]] : tensor<4x10x64xf32>, tensor<2x4x32xf32>, tensor<2x4x32xf32>
func.func @lstm_bidirectional_no_bias(%x: tensor<4x10x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>, %wir: tensor<128x16xf32>, %whr: tensor<128x32xf32>) -> (tensor<4x10x64xf32>, tensor<2x4x32xf32>, tensor<2x4x32xf32>) {
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) weight_ih_reverse(%wir : tensor<128x16xf32>) weight_hh_reverse(%whr : tensor<128x32xf32>) direction(bidirectional) : tensor<4x10x16xf32>
  return %out, %hn, %cn : tensor<4x10x64xf32>, tensor<2x4x32xf32>, tensor<2x4x32xf32>
}

// A dynamic H in weight_hh follows from its 128 rows; a dynamic batch is
// refined by the initial states.
// CHECK-LABEL: func.func @lstm_refine(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x16xf32>, %[[WI:[^:]+]]: tensor<?x?xf32>, %[[WH:[^:]+]]: tensor<128x?xf32>, %[[H0:[^:]+]]: tensor<1x3x?xf32>, %[[C0:[^:]+]]: tensor<1x3x?xf32>)
// CHECK: %[[OUT:[^ ,]+]], %[[HN:[^ ,]+]], %[[CN:[^ ,]+]] = seq.lstm %[[X]] weight_ih(%[[WI]] : tensor<?x?xf32>) weight_hh(%[[WH]] : tensor<128x?xf32>) h0(%[[H0]] : tensor<1x3x?xf32>) c0(%[[C0]] : tensor<1x3x?xf32>) direction(forward) : tensor<?x?x16xf32>
// CHECK: return %[[OUT]], %[[HN]], %[[CN]] : tensor<3x?x32xf32>, tensor<1x3x32xf32>, tensor<1x3x32xf32>
func.func @lstm_refine(%x: tensor<?x?x16xf32>, %wi: tensor<?x?xf32>, %wh: tensor<128x?xf32>, %h0: tensor<1x3x?xf32>, %c0: tensor<1x3x?xf32>) -> (tensor<3x?x32xf32>, tensor<1x3x32xf32>, tensor<1x3x32xf32>) {
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<?x?xf32>) weight_hh(%wh : tensor<128x?xf32>) h0(%h0 : tensor<1x3x?xf32>) c0(%c0 : tensor<1x3x?xf32>) direction(forward) : tensor<?x?x16xf32>
  return %out, %hn, %cn : tensor<3x?x32xf32>, tensor<1x3x32xf32>, tensor<1x3x32xf32>
}
