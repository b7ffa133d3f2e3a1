// Results that alias an input (returned as is, twice, and as a strided slice
// with an offset) are read through their descriptors and never freed: the
// argument buffers belong to seq-run.

// RUN: rm -rf %t && %python %S/Inputs/make_inputs.py %t
// RUN: seq-run %s --input %t/a4.npy --input %t/a34.npy --output-dir %t/out \
// RUN:   --repeat 20 | FileCheck %s
// RUN: %python %S/Inputs/check_npy.py %t/out/result0.npy \
// RUN:   "np.array([1, 2, 3, 4], dtype=np.float32)"
// RUN: %python %S/Inputs/check_npy.py %t/out/result1.npy \
// RUN:   "np.array([1, 2, 3, 4], dtype=np.float32)"
// RUN: %python %S/Inputs/check_npy.py %t/out/result2.npy \
// RUN:   "np.arange(12, dtype=np.float32).reshape(3, 4)[1:3, 0:4:2]"
// RUN: %python %S/Inputs/check_npy.py %t/out/result3.npy \
// RUN:   "np.arange(12, dtype=np.float32).reshape(3, 4)"

// CHECK: {{^}}result0: tensor<4xf32> float32 [4] = [1, 2, 3, 4]{{$}}
// CHECK: {{^}}result1: tensor<4xf32> float32 [4] = [1, 2, 3, 4]{{$}}
// CHECK: {{^}}result2: tensor<2x2xf32> float32 [2, 2] = [4, 6, 8, 10]{{$}}
// CHECK: {{^}}result3: tensor<?x4xf32> float32 [3, 4] = [0, 1, 2, 3, 4, 5, 6, 7, ...]{{$}}
// CHECK: {{^}}time per call (20 calls of 'main'): median

func.func @main(%a: tensor<4xf32>, %b: tensor<?x4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<2x2xf32>, tensor<?x4xf32>) {
  %s = tensor.extract_slice %b[1, 0] [2, 2] [1, 2]
      : tensor<?x4xf32> to tensor<2x2xf32>
  return %a, %a, %s, %b
      : tensor<4xf32>, tensor<4xf32>, tensor<2x2xf32>, tensor<?x4xf32>
}
