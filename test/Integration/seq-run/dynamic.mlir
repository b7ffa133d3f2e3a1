// Dynamic dims bind from the inputs, including an empty batch; the result's
// dims come from the returned descriptor.

// RUN: rm -rf %t && %python %S/Inputs/make_inputs.py %t
// RUN: seq-run %s --input %t/a43.npy --input %t/bias3.npy --output-dir %t/o4 \
// RUN:   | FileCheck %s --check-prefix=FOUR
// RUN: %python %S/Inputs/check_npy.py %t/o4/result0.npy \
// RUN:   "np.arange(12, dtype=np.float32).reshape(4, 3) + np.float32([10, 20, 30])"
// RUN: %python %S/Inputs/check_npy.py %t/o4/result1.npy "np.int64(4)"
// RUN: seq-run %s --input %t/a13.npy --input %t/bias3.npy --output-dir %t/o1 \
// RUN:   | FileCheck %s --check-prefix=ONE
// RUN: %python %S/Inputs/check_npy.py %t/o1/result0.npy \
// RUN:   "np.array([[11.5, 18, 33.25]], dtype=np.float32)"
// RUN: seq-run %s --input %t/a03.npy --input %t/bias3.npy --output-dir %t/o0 \
// RUN:   | FileCheck %s --check-prefix=ZERO
// RUN: %python %S/Inputs/check_npy.py %t/o0/result0.npy \
// RUN:   "np.zeros((0, 3), dtype=np.float32)"

// FOUR: {{^}}result0: tensor<?x3xf32> float32 [4, 3] = [10, 21, 32, 13, 24, 35, 16, 27, ...]{{$}}
// FOUR: {{^}}result1: tensor<i64> int64 [] = [4]{{$}}
// ONE: {{^}}result0: tensor<?x3xf32> float32 [1, 3] = [11.5, 18, 33.25]{{$}}
// ONE: {{^}}result1: tensor<i64> int64 [] = [1]{{$}}
// ZERO: {{^}}result0: tensor<?x3xf32> float32 [0, 3] = []{{$}}
// ZERO: {{^}}result1: tensor<i64> int64 [] = [0]{{$}}

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @main(%x: tensor<?x3xf32>, %bias: tensor<3xf32>)
    -> (tensor<?x3xf32>, tensor<i64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x3xf32>
  %init = tensor.empty(%n) : tensor<?x3xf32>
  %y = linalg.generic {indexing_maps = [#id, #row, #id],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x, %bias : tensor<?x3xf32>, tensor<3xf32>)
      outs(%init : tensor<?x3xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<?x3xf32>
  %n64 = arith.index_cast %n : index to i64
  %rows = tensor.from_elements %n64 : tensor<i64>
  return %y, %rows : tensor<?x3xf32>, tensor<i64>
}
