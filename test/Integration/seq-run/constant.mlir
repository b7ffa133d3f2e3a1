// Returned constants: depending on the pipeline the result is a copy or the
// memref.get_global itself, whose allocated pointer is 0xdeadbeef and must
// not be freed. The same constant returned twice must not be freed twice.
// --repeat makes many calls, so a bad free would crash.

// RUN: rm -rf %t && %python %S/Inputs/make_inputs.py %t
// RUN: seq-run %s --input %t/a4.npy --output-dir %t/out --repeat 20 \
// RUN:   | FileCheck %s
// RUN: %python %S/Inputs/check_npy.py %t/out/result0.npy \
// RUN:   "np.array([0.5, 1.5, 2.5], dtype=np.float32)"
// RUN: %python %S/Inputs/check_npy.py %t/out/result1.npy \
// RUN:   "np.array([[7, 8], [9, 10]], dtype=np.int64)"
// RUN: %python %S/Inputs/check_npy.py %t/out/result2.npy \
// RUN:   "np.array([0.5, 1.5, 2.5], dtype=np.float32)"
// RUN: %python %S/Inputs/check_npy.py %t/out/result3.npy \
// RUN:   "np.array([2, 4, 6, 8], dtype=np.float32)"

// CHECK: {{^}}result0: tensor<3xf32> float32 [3] = [0.5, 1.5, 2.5]{{$}}
// CHECK: {{^}}result1: tensor<2x2xi64> int64 [2, 2] = [7, 8, 9, 10]{{$}}
// CHECK: {{^}}result2: tensor<3xf32> float32 [3] = [0.5, 1.5, 2.5]{{$}}
// CHECK: {{^}}result3: tensor<4xf32> float32 [4] = [2, 4, 6, 8]{{$}}
// CHECK: {{^}}time per call (20 calls of 'main'): median

func.func @main(%x: tensor<4xf32>)
    -> (tensor<3xf32>, tensor<2x2xi64>, tensor<3xf32>, tensor<4xf32>) {
  %c = arith.constant dense<[0.5, 1.5, 2.5]> : tensor<3xf32>
  %d = arith.constant dense<[[7, 8], [9, 10]]> : tensor<2x2xi64>
  %init = tensor.empty() : tensor<4xf32>
  %y = linalg.add ins(%x, %x : tensor<4xf32>, tensor<4xf32>)
                  outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %c, %d, %c, %y
      : tensor<3xf32>, tensor<2x2xi64>, tensor<3xf32>, tensor<4xf32>
}
