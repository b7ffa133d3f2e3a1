// RUN: seq-opt %s --seq-fuse-attention --split-input-file -verify-diagnostics | FileCheck %s
// RUN: not seq-opt %s --seq-fuse-attention="tile-q=-1" 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: not seq-opt %s --seq-fuse-attention="micro-kernel=4,2,4" 2>&1 | FileCheck %s --check-prefix=KERNEL

// What seq-fuse-attention does not fuse: a remark, and the op stays for
// the reference lowering (convert-seq-to-linalg). The verifier already
// rejects what neither lowering handles (non-f32 types, a dynamic D).

// OPTION: error: seq-fuse-attention: tile sizes and vector width must be positive
// KERNEL: error: seq-fuse-attention: micro-kernel expects four positive numbers

// CHECK-LABEL: func.func @dynamic_value_dim
// CHECK: seq.sdpa
func.func @dynamic_value_dim(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                             %v: tensor<1x2x8x?xf32>) -> tensor<1x2x8x?xf32> {
  // expected-remark @+1 {{seq-fuse-attention: not fused (the value head dim Dv must be static); left for the reference lowering}}
  %o = seq.sdpa %q, %k, %v : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x?xf32>
  return %o : tensor<1x2x8x?xf32>
}

// -----

// A head dim above 512 is left to the reference lowering: the unrolled
// kernel's compile time grows faster than linearly (D = 2048: 20 s).
// CHECK-LABEL: func.func @wide_head
// CHECK: seq.sdpa
func.func @wide_head(%q: tensor<1x1x8x1024xf32>, %k: tensor<1x1x8x1024xf32>,
                     %v: tensor<1x1x8x64xf32>) -> tensor<1x1x8x64xf32> {
  // expected-remark @+1 {{seq-fuse-attention: not fused (a head dim above 512, whose unrolled kernel would take long to compile); left for the reference lowering}}
  %o = seq.sdpa %q, %k, %v : tensor<1x1x8x1024xf32>, tensor<1x1x8x1024xf32>, tensor<1x1x8x64xf32>
  return %o : tensor<1x1x8x64xf32>
}

// -----

// 512 is still fused.
// CHECK-LABEL: func.func @head_512
// CHECK-NOT: seq.sdpa
// CHECK: scf.forall
func.func @head_512(%q: tensor<1x1x8x512xf32>, %k: tensor<1x1x8x512xf32>,
                    %v: tensor<1x1x8x512xf32>) -> tensor<1x1x8x512xf32> {
  %o = seq.sdpa %q, %k, %v : tensor<1x1x8x512xf32>, tensor<1x1x8x512xf32>, tensor<1x1x8x512xf32>
  return %o : tensor<1x1x8x512xf32>
}
