// A static-shape entry: inputs bound in order, one result printed and
// written to the output directory. NAME=FILE inputs work the same way.

// RUN: rm -rf %t && %python %S/Inputs/make_inputs.py %t
// RUN: seq-run %s --input %t/a23.npy --input %t/b23.npy --output-dir %t/out \
// RUN:   | FileCheck %s
// RUN: %python %S/Inputs/check_npy.py %t/out/result0.npy \
// RUN:   "np.arange(6, dtype=np.float32).reshape(2, 3) / 10 + 1"
// RUN: seq-run %s --input a=%t/a23.npy --input b=%t/b23.npy | FileCheck %s
// RUN: seq-run %s --input %t/a23.npy --input %t/b23.npy --print-values=2 \
// RUN:   | FileCheck %s --check-prefix=SHORT

// CHECK: {{^}}result0: tensor<2x3xf32> float32 [2, 3] = [1, 1.1, 1.2, 1.3, 1.4, 1.5]{{$}}
// CHECK-NOT: result1
// SHORT: {{^}}result0: tensor<2x3xf32> float32 [2, 3] = [1, 1.1, ...]{{$}}

func.func @main(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %init = tensor.empty() : tensor<2x3xf32>
  %sum = linalg.add ins(%a, %b : tensor<2x3xf32>, tensor<2x3xf32>)
                    outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %sum : tensor<2x3xf32>
}
