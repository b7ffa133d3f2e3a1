// Dynamic dims that the shape rules take to be equal are checked when the
// model runs: a mismatch stops with the op's location, never a read out of
// bounds.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x4.npy', np.ones((2, 4, 8), np.float32)); np.save('%t/x5.npy', np.ones((2, 5, 8), np.float32)); np.save('%t/y.npy', np.ones((5, 8), np.float32))"
// RUN: not seq-run %s --input %t/x4.npy --input %t/y.npy 2>&1 | FileCheck %s --check-prefix=ERROR
// RUN: seq-run %s --input %t/x5.npy --input %t/y.npy | FileCheck %s --check-prefix=OK

// ERROR: seq-run: error: {{.*}}runtime-check.mlir:[[@LINE+4]]:8: broadcast operand dims differ at run time
// ERROR-NOT: PLEASE submit
// OK: result0: tensor<?x5x8xf32> float32 [2, 5, 8] = [2, 2, 2, 2, 2, 2, 2, 2, ...]
func.func @main(%x: tensor<?x?x8xf32>, %y: tensor<5x8xf32>) -> tensor<?x5x8xf32> {
  %0 = seq.add %x, %y : tensor<?x?x8xf32>, tensor<5x8xf32>
  return %0 : tensor<?x5x8xf32>
}
