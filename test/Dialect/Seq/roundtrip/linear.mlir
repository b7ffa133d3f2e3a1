// RUN: seq-opt %s | seq-opt | FileCheck %s
// RUN: seq-opt %s --mlir-print-op-generic | seq-opt | FileCheck %s

// Round trip of seq.linear (torch.nn.Linear): weight [out, in], optional
// bias [out], any number of leading batch dims.

// Without bias, static shapes.
// CHECK-LABEL: func.func @linear(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x16xf32>, %[[W:[^:]+]]: tensor<8x16xf32>)
// CHECK: %[[Y:.+]] = seq.linear %[[X]], %[[W]] : tensor<4x16xf32>, tensor<8x16xf32>
// CHECK: return %[[Y]] : tensor<4x8xf32>
func.func @linear(%x: tensor<4x16xf32>, %w: tensor<8x16xf32>) -> tensor<4x8xf32> {
  %y = seq.linear %x, %w : tensor<4x16xf32>, tensor<8x16xf32>
  return %y : tensor<4x8xf32>
}

// With bias and a dynamic batch dim, as in the op's documentation.
// CHECK-LABEL: func.func @linear_bias(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x16x64xf32>, %[[W:[^:]+]]: tensor<128x64xf32>, %[[B:[^:]+]]: tensor<128xf32>)
// CHECK: %[[Y:.+]] = seq.linear %[[X]], %[[W]], %[[B]] : tensor<?x16x64xf32>, tensor<128x64xf32>, tensor<128xf32>
// CHECK: return %[[Y]] : tensor<?x16x128xf32>
func.func @linear_bias(%x: tensor<?x16x64xf32>, %w: tensor<128x64xf32>, %b: tensor<128xf32>) -> tensor<?x16x128xf32> {
  %y = seq.linear %x, %w, %b : tensor<?x16x64xf32>, tensor<128x64xf32>, tensor<128xf32>
  return %y : tensor<?x16x128xf32>
}

// A 1-D input [in] gives [out], as in PyTorch.
// CHECK-LABEL: func.func @linear_vector(
// CHECK-SAME: %[[X:[^:]+]]: tensor<16xf32>, %[[W:[^:]+]]: tensor<8x16xf32>, %[[B:[^:]+]]: tensor<8xf32>)
// CHECK: %[[Y:.+]] = seq.linear %[[X]], %[[W]], %[[B]] : tensor<16xf32>, tensor<8x16xf32>, tensor<8xf32>
// CHECK: return %[[Y]] : tensor<8xf32>
func.func @linear_vector(%x: tensor<16xf32>, %w: tensor<8x16xf32>, %b: tensor<8xf32>) -> tensor<8xf32> {
  %y = seq.linear %x, %w, %b : tensor<16xf32>, tensor<8x16xf32>, tensor<8xf32>
  return %y : tensor<8xf32>
}

// Dynamic batch and sequence dims are kept.
// CHECK-LABEL: func.func @linear_dynamic_batch_seq(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x16xf32>, %[[W:[^:]+]]: tensor<8x16xf32>)
// CHECK: %[[Y:.+]] = seq.linear %[[X]], %[[W]] : tensor<?x?x16xf32>, tensor<8x16xf32>
// CHECK: return %[[Y]] : tensor<?x?x8xf32>
func.func @linear_dynamic_batch_seq(%x: tensor<?x?x16xf32>, %w: tensor<8x16xf32>) -> tensor<?x?x8xf32> {
  %y = seq.linear %x, %w : tensor<?x?x16xf32>, tensor<8x16xf32>
  return %y : tensor<?x?x8xf32>
}

// A dynamic `in` dim on either side is compatible with a static one.
// CHECK-LABEL: func.func @linear_dynamic_in(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x?xf32>, %[[W:[^:]+]]: tensor<8x16xf32>, %[[X2:[^:]+]]: tensor<4x16xf32>, %[[W2:[^:]+]]: tensor<8x?xf32>)
// CHECK: %[[Y:.+]] = seq.linear %[[X]], %[[W]] : tensor<4x?xf32>, tensor<8x16xf32>
// CHECK: %[[Z:.+]] = seq.linear %[[X2]], %[[W2]] : tensor<4x16xf32>, tensor<8x?xf32>
// CHECK: return %[[Y]], %[[Z]] : tensor<4x8xf32>, tensor<4x8xf32>
func.func @linear_dynamic_in(%x: tensor<4x?xf32>, %w: tensor<8x16xf32>, %x2: tensor<4x16xf32>, %w2: tensor<8x?xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %y = seq.linear %x, %w : tensor<4x?xf32>, tensor<8x16xf32>
  %z = seq.linear %x2, %w2 : tensor<4x16xf32>, tensor<8x?xf32>
  return %y, %z : tensor<4x8xf32>, tensor<4x8xf32>
}

// A dynamic `out` dim is refined by a static bias.
// CHECK-LABEL: func.func @linear_out_from_bias(
// CHECK-SAME: %[[X:[^:]+]]: tensor<4x16xf32>, %[[W:[^:]+]]: tensor<?x16xf32>, %[[B:[^:]+]]: tensor<8xf32>)
// CHECK: %[[Y:.+]] = seq.linear %[[X]], %[[W]], %[[B]] : tensor<4x16xf32>, tensor<?x16xf32>, tensor<8xf32>
// CHECK: return %[[Y]] : tensor<4x8xf32>
func.func @linear_out_from_bias(%x: tensor<4x16xf32>, %w: tensor<?x16xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %y = seq.linear %x, %w, %b : tensor<4x16xf32>, tensor<?x16xf32>, tensor<8xf32>
  return %y : tensor<4x8xf32>
}

// Everything dynamic.
// CHECK-LABEL: func.func @linear_all_dynamic(
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x?x?xf32>, %[[W:[^:]+]]: tensor<?x?xf32>, %[[B:[^:]+]]: tensor<?xf32>)
// CHECK: %[[Y:.+]] = seq.linear %[[X]], %[[W]], %[[B]] : tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>
// CHECK: return %[[Y]] : tensor<?x?x?xf32>
func.func @linear_all_dynamic(%x: tensor<?x?x?xf32>, %w: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?x?xf32> {
  %y = seq.linear %x, %w, %b : tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?xf32>
  return %y : tensor<?x?x?xf32>
}
