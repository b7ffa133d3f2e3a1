// --repeat N prints the median and minimum time per call after the results.

// RUN: rm -rf %t && %python %S/Inputs/make_inputs.py %t
// RUN: seq-run %s --input %t/a23.npy --repeat 7 | FileCheck %s
// RUN: seq-run %s --input %t/a23.npy | FileCheck %s --check-prefix=NOTIME

// CHECK: {{^}}result0: tensor<2x3xf32> float32 [2, 3] = [0, 0.01, 0.04, 0.09, 0.16, 0.25]{{$}}
// CHECK-NEXT: {{^}}time per call (7 calls of 'main'): median {{[0-9.e+-]+}} ms, min {{[0-9.e+-]+}} ms{{$}}
// NOTIME-NOT: time per call

func.func @main(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %init = tensor.empty() : tensor<2x3xf32>
  %sq = linalg.mul ins(%a, %a : tensor<2x3xf32>, tensor<2x3xf32>)
                   outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %sq : tensor<2x3xf32>
}
