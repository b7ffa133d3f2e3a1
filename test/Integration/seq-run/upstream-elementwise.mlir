// Upstream elementwise arith/math ops on tensors (as a compiler engineer's
// .mlir has them) go through the pipeline: convert-elementwise-to-linalg
// turns them into linalg.generic before bufferization.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/a.npy', np.array([[1, -2, 3, 4], [0.5, 0, -1, 2]], np.float32))"
// RUN: seq-run %s --input %t/a.npy --output-dir %t/o | FileCheck %s
// RUN: %python %S/Inputs/check_npy.py %t/o/result0.npy \
// RUN:   "np.float32([[2, -4, 6, 8], [1, 0, -2, 4]])"
// RUN: %python %S/Inputs/check_npy.py %t/o/result1.npy \
// RUN:   "np.exp(np.float32([[1, -2, 3, 4], [0.5, 0, -1, 2]])) * np.float32([[1, -2, 3, 4], [0.5, 0, -1, 2]])"
// RUN: %python %S/Inputs/check_npy.py %t/o/result2.npy \
// RUN:   "np.array([[True, False, True, True], [True, False, False, True]])"

// CHECK: {{^}}result0: tensor<?x4xf32> float32 [2, 4] = [2, -4, 6, 8, 1, 0, -2, 4]{{$}}
// CHECK: {{^}}result2: tensor<?x4xi1> bool [2, 4]

func.func @main(%a: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xi1>) {
  %sum = arith.addf %a, %a : tensor<?x4xf32>
  %e = math.exp %a : tensor<?x4xf32>
  %p = arith.mulf %e, %a : tensor<?x4xf32>
  %zero = arith.constant dense<0.0> : tensor<2x4xf32>
  %z = tensor.cast %zero : tensor<2x4xf32> to tensor<?x4xf32>
  %pos = arith.cmpf ogt, %a, %z : tensor<?x4xf32>
  return %sum, %p, %pos : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xi1>
}
