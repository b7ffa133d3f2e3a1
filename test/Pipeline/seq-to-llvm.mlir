// RUN: seq-opt %s --seq-to-llvm | FileCheck %s

// The whole pipeline leaves only the LLVM dialect: no seq, linalg, tensor,
// memref or scf op survives. The FFN's gelu runs in its first product's
// epilogue, erf as a vector polynomial (no erff call); the separate
// gelu_tanh stays exact, a tanhf call per element. The target description
// stays on the module, for the LLVM back end.

// CHECK: module attributes {seq.target = #seq.target<triple = "{{.*}}", cpu = "{{.+}}", features = "{{.*}}", vector_bits = {{128|256|512}}
// CHECK-NOT: seq.
// CHECK-NOT: llvm.func @erff
// CHECK-DAG: llvm.func @tanhf(f32) -> f32
// CHECK-LABEL: llvm.func @encoder_block
// CHECK-NOT: {{(seq|linalg|tensor|memref|scf|bufferization)\.}}
// CHECK: llvm.return
func.func @encoder_block(%x: tensor<?x?x16xf32>, %w: tensor<48x16xf32>, %ow: tensor<16x16xf32>, %g: tensor<16xf32>, %w1: tensor<32x16xf32>, %w2: tensor<16x32xf32>, %len: tensor<?xi32>) -> tensor<?x?x16xf32> {
  %a = seq.multi_head_attention %x, %x, %x heads(2) in_proj_weight(%w : tensor<48x16xf32>) out_proj_weight(%ow : tensor<16x16xf32>) key_lengths(%len : tensor<?xi32>) : tensor<?x?x16xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32>
  %r = seq.add %x, %a : tensor<?x?x16xf32>, tensor<?x?x16xf32>
  %n = seq.layer_norm %r weight(%g : tensor<16xf32>) bias(%g : tensor<16xf32>) : tensor<?x?x16xf32>
  %f = seq.ffn %n activation(gelu) weight1(%w1 : tensor<32x16xf32>) weight2(%w2 : tensor<16x32xf32>) : tensor<?x?x16xf32>
  %t = seq.activation gelu_tanh %f : tensor<?x?x16xf32>
  return %t : tensor<?x?x16xf32>
}
