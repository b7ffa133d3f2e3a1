// The fused attention checks, like the reference lowering, that the dynamic
// batch dims of query, key, value and key_lengths agree before it reads K
// and V by the query's indices: a mismatch stops with the op's location,
// never a read out of bounds.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/q.npy', np.ones((3, 2, 5, 8), np.float32)); np.save('%t/k2.npy', np.ones((2, 2, 7, 8), np.float32)); np.save('%t/k3.npy', np.ones((3, 2, 7, 8), np.float32)); np.save('%t/len2.npy', np.array([7, 3], np.int64)); np.save('%t/len3.npy', np.array([7, 3, 1], np.int64))"
// RUN: not seq-run %s --input %t/q.npy --input %t/k2.npy --input %t/k3.npy --input %t/len3.npy 2>&1 | FileCheck %s --check-prefix=BATCH
// RUN: not seq-run %s --input %t/q.npy --input %t/k3.npy --input %t/k3.npy --input %t/len2.npy 2>&1 | FileCheck %s --check-prefix=LENGTHS
// RUN: not seq-run %s --attention=reference --input %t/q.npy --input %t/k3.npy --input %t/k3.npy --input %t/len2.npy 2>&1 | FileCheck %s --check-prefix=LENGTHS
// RUN: seq-run %s --input %t/q.npy --input %t/k3.npy --input %t/k3.npy --input %t/len3.npy | FileCheck %s --check-prefix=OK

// BATCH: seq-run: error: {{.*}}runtime-check.mlir:[[@LINE+6]]:8: sdpa batch dims differ at run time
// BATCH-NOT: PLEASE submit
// LENGTHS: seq-run: error: {{.*}}runtime-check.mlir:[[@LINE+4]]:8: sdpa batch and key_lengths sizes differ at run time
// OK: result0: tensor<?x2x5x8xf32> float32 [3, 2, 5, 8] = [1, 1, 1, 1, 1, 1, 1, 1, ...]
func.func @main(%q: tensor<?x2x5x8xf32>, %k: tensor<?x2x7x8xf32>, %v: tensor<?x2x7x8xf32>,
                %lengths: tensor<?xi64>) -> tensor<?x2x5x8xf32> {
  %0 = seq.sdpa %q, %k, %v key_lengths(%lengths : tensor<?xi64>) : tensor<?x2x5x8xf32>, tensor<?x2x7x8xf32>, tensor<?x2x7x8xf32>
  return %0 : tensor<?x2x5x8xf32>
}
