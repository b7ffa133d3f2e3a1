// RUN: seq-opt %s --seq-to-llvm | FileCheck %s
// RUN: seq-opt %s --seq-to-llvm="attention=reference" | FileCheck %s --check-prefix=REF

// seq-to-llvm fuses attention by default: the query tiles run on the thread
// pool, exp is a polynomial on vectors (no libm call, no llvm.exp), and
// nothing of size Sq x Sk is allocated. attention=reference keeps the
// unfused lowering (scores materialised, scalar exp; its large elementwise
// loops may still run on the pool).

// CHECK: llvm.func @seqc_parallel_for(!llvm.ptr, !llvm.ptr, i64)
// CHECK: llvm.func internal @__seqc_main_parallel0(%{{.+}}: !llvm.ptr, %{{.+}}: i64, %{{.+}}: i64)
// CHECK: llvm.intr.fma({{.+}}) : (vector<[[W:8|16]]xf32>, vector<[[W]]xf32>, vector<[[W]]xf32>) -> vector<[[W]]xf32>
// CHECK-NOT: llvm.intr.exp
// CHECK-NOT: @expf
// CHECK-LABEL: llvm.func @main
// CHECK-NOT: [8388608]
// CHECK: llvm.call @seqc_parallel_for

// REF: llvm.func @main
// REF: llvm.getelementptr %{{.+}}[8388608]
// REF: llvm.intr.exp
func.func @main(%q: tensor<2x4x1024x64xf32>, %k: tensor<2x4x1024x64xf32>,
                %v: tensor<2x4x1024x64xf32>) -> tensor<2x4x1024x64xf32> {
  %o = seq.sdpa %q, %k, %v causal(top_left) : tensor<2x4x1024x64xf32>, tensor<2x4x1024x64xf32>, tensor<2x4x1024x64xf32>
  return %o : tensor<2x4x1024x64xf32>
}
