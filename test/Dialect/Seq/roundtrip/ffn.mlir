// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.ffn: linear2(activation(linear1(x))) with weight1 [F,E],
// optional bias1 [F], weight2 [E',F], optional bias2 [E'].

// Both biases, relu, as in torch.nn.TransformerEncoderLayer.
// CHECK-LABEL: func.func @ffn_relu_biases(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x256xf32>, %[[W1:[^:]+]]: tensor<1024x256xf32>, %[[B1:[^:]+]]: tensor<1024xf32>, %[[W2:[^:]+]]: tensor<256x1024xf32>, %[[B2:[^:]+]]: tensor<256xf32>)
// CHECK: %[[Y:.+]] = seq.ffn %[[X]] activation(relu) weight1(%[[W1]] : tensor<1024x256xf32>) bias1(%[[B1]] : tensor<1024xf32>) weight2(%[[W2]] : tensor<256x1024xf32>) bias2(%[[B2]] : tensor<256xf32>) : tensor<?x?x256xf32>
// CHECK: return %[[Y]] : tensor<?x?x256xf32>
func.func @ffn_relu_biases(%x: tensor<?x?x256xf32>, %w1: tensor<1024x256xf32>, %b1: tensor<1024xf32>, %w2: tensor<256x1024xf32>, %b2: tensor<256xf32>) -> tensor<?x?x256xf32> {
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<1024x256xf32>) bias1(%b1 : tensor<1024xf32>) weight2(%w2 : tensor<256x1024xf32>) bias2(%b2 : tensor<256xf32>) : tensor<?x?x256xf32>
  return %y : tensor<?x?x256xf32>
}

// No biases, gelu.
// CHECK-LABEL: func.func @ffn_gelu_no_bias(
// CHECK-SAME: %[[X:[^:]+]]: tensor<2x8x16xf32>, %[[W1:[^:]+]]: tensor<64x16xf32>, %[[W2:[^:]+]]: tensor<16x64xf32>)
// CHECK: %[[Y:.+]] = seq.ffn %[[X]] activation(gelu) weight1(%[[W1]] : tensor<64x16xf32>) weight2(%[[W2]] : tensor<16x64xf32>) : tensor<2x8x16xf32>
// CHECK: return %[[Y]] : tensor<2x8x16xf32>
func.func @ffn_gelu_no_bias(%x: tensor<2x8x16xf32>, %w1: tensor<64x16xf32>, %w2: tensor<16x64xf32>) -> tensor<2x8x16xf32> {
  %y = seq.ffn %x activation(gelu) weight1(%w1 : tensor<64x16xf32>) weight2(%w2 : tensor<16x64xf32>) : tensor<2x8x16xf32>
  return %y : tensor<2x8x16xf32>
}

// bias1 only, an output dim E' different from E, gelu_tanh.
// CHECK-LABEL: func.func @ffn_bias1_only(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x16xf32>, %[[W1:[^:]+]]: tensor<64x16xf32>, %[[B1:[^:]+]]: tensor<64xf32>, %[[W2:[^:]+]]: tensor<8x64xf32>)
// CHECK: %[[Y:.+]] = seq.ffn %[[X]] activation(gelu_tanh) weight1(%[[W1]] : tensor<64x16xf32>) bias1(%[[B1]] : tensor<64xf32>) weight2(%[[W2]] : tensor<8x64xf32>) : tensor<?x16xf32>
// CHECK: return %[[Y]] : tensor<?x8xf32>
func.func @ffn_bias1_only(%x: tensor<?x16xf32>, %w1: tensor<64x16xf32>, %b1: tensor<64xf32>, %w2: tensor<8x64xf32>) -> tensor<?x8xf32> {
  %y = seq.ffn %x activation(gelu_tanh) weight1(%w1 : tensor<64x16xf32>) bias1(%b1 : tensor<64xf32>) weight2(%w2 : tensor<8x64xf32>) : tensor<?x16xf32>
  return %y : tensor<?x8xf32>
}

// bias2 only, and the remaining activations.
// CHECK-LABEL: func.func @ffn_bias2_only(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x16xf32>, %[[W1:[^:]+]]: tensor<64x16xf32>, %[[W2:[^:]+]]: tensor<16x64xf32>, %[[B2:[^:]+]]: tensor<16xf32>)
// CHECK: %[[Y:.+]] = seq.ffn %[[X]] activation(silu) weight1(%[[W1]] : tensor<64x16xf32>) weight2(%[[W2]] : tensor<16x64xf32>) bias2(%[[B2]] : tensor<16xf32>) : tensor<?x16xf32>
// CHECK: %[[Z:.+]] = seq.ffn %[[X]] activation(tanh) weight1(%[[W1]] : tensor<64x16xf32>) weight2(%[[W2]] : tensor<16x64xf32>) : tensor<?x16xf32>
// CHECK: %[[S:.+]] = seq.ffn %[[X]] activation(sigmoid) weight1(%[[W1]] : tensor<64x16xf32>) weight2(%[[W2]] : tensor<16x64xf32>) : tensor<?x16xf32>
// CHECK: return %[[Y]], %[[Z]], %[[S]] : tensor<?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>
func.func @ffn_bias2_only(%x: tensor<?x16xf32>, %w1: tensor<64x16xf32>, %w2: tensor<16x64xf32>, %b2: tensor<16xf32>) -> (tensor<?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>) {
  %y = seq.ffn %x activation(silu) weight1(%w1 : tensor<64x16xf32>) weight2(%w2 : tensor<16x64xf32>) bias2(%b2 : tensor<16xf32>) : tensor<?x16xf32>
  %z = seq.ffn %x activation(tanh) weight1(%w1 : tensor<64x16xf32>) weight2(%w2 : tensor<16x64xf32>) : tensor<?x16xf32>
  %s = seq.ffn %x activation(sigmoid) weight1(%w1 : tensor<64x16xf32>) weight2(%w2 : tensor<16x64xf32>) : tensor<?x16xf32>
  return %y, %z, %s : tensor<?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>
}

// Dynamic weight dims; E' is refined from bias2.
// CHECK-LABEL: func.func @ffn_dynamic_weights(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x16xf32>, %[[W1:[^:]+]]: tensor<?x?xf32>, %[[B1:[^:]+]]: tensor<64xf32>, %[[W2:[^:]+]]: tensor<?x?xf32>, %[[B2:[^:]+]]: tensor<8xf32>)
// CHECK: %[[Y:.+]] = seq.ffn %[[X]] activation(relu) weight1(%[[W1]] : tensor<?x?xf32>) bias1(%[[B1]] : tensor<64xf32>) weight2(%[[W2]] : tensor<?x?xf32>) bias2(%[[B2]] : tensor<8xf32>) : tensor<4x16xf32>
// CHECK: return %[[Y]] : tensor<4x8xf32>
func.func @ffn_dynamic_weights(%x: tensor<4x16xf32>, %w1: tensor<?x?xf32>, %b1: tensor<64xf32>, %w2: tensor<?x?xf32>, %b2: tensor<8xf32>) -> tensor<4x8xf32> {
  %y = seq.ffn %x activation(relu) weight1(%w1 : tensor<?x?xf32>) bias1(%b1 : tensor<64xf32>) weight2(%w2 : tensor<?x?xf32>) bias2(%b2 : tensor<8xf32>) : tensor<4x16xf32>
  return %y : tensor<4x8xf32>
}
