// int32, int64, bool and rank-0 float32 inputs, and several results of
// different types in one call.

// RUN: rm -rf %t && %python %S/Inputs/make_inputs.py %t
// RUN: seq-run %s --input %t/i32.npy --input %t/i64.npy --input %t/bool.npy \
// RUN:   --input %t/scalar.npy --output-dir %t/out | FileCheck %s
// RUN: %python %S/Inputs/check_npy.py %t/out/result0.npy \
// RUN:   "np.array([6, -5, 8], dtype=np.int32)"
// RUN: %python %S/Inputs/check_npy.py %t/out/result1.npy \
// RUN:   "np.array([2, 2**41, -6], dtype=np.int64)"
// RUN: %python %S/Inputs/check_npy.py %t/out/result2.npy \
// RUN:   "np.array([False, True, False, False])"
// RUN: %python %S/Inputs/check_npy.py %t/out/result3.npy "np.float32(5.0)"
// RUN: %python %S/Inputs/check_npy.py %t/out/result4.npy \
// RUN:   "np.array([True, False, True])"

// CHECK: {{^}}result0: tensor<?xi32> int32 [3] = [6, -5, 8]{{$}}
// CHECK: {{^}}result1: tensor<3xi64> int64 [3] = [2, 2199023255552, -6]{{$}}
// CHECK: {{^}}result2: tensor<4xi1> bool [4] = [false, true, false, false]{{$}}
// CHECK: {{^}}result3: tensor<f32> float32 [] = [5]{{$}}
// CHECK: {{^}}result4: tensor<?xi1> bool [3] = [true, false, true]{{$}}

#map = affine_map<(d0) -> (d0)>
#scalar = affine_map<() -> ()>
func.func @main(%i: tensor<?xi32>, %l: tensor<3xi64>, %m: tensor<4xi1>,
                %s: tensor<f32>)
    -> (tensor<?xi32>, tensor<3xi64>, tensor<4xi1>, tensor<f32>, tensor<?xi1>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %i, %c0 : tensor<?xi32>
  %ie = tensor.empty(%n) : tensor<?xi32>
  %pe = tensor.empty(%n) : tensor<?xi1>
  %i1, %pos = linalg.generic {indexing_maps = [#map, #map, #map],
                              iterator_types = ["parallel"]}
      ins(%i : tensor<?xi32>) outs(%ie, %pe : tensor<?xi32>, tensor<?xi1>) {
  ^bb0(%a: i32, %o: i32, %p: i1):
    %one = arith.constant 1 : i32
    %zero = arith.constant 0 : i32
    %b = arith.addi %a, %one : i32
    %c = arith.cmpi sgt, %a, %zero : i32
    linalg.yield %b, %c : i32, i1
  } -> (tensor<?xi32>, tensor<?xi1>)
  %le = tensor.empty() : tensor<3xi64>
  %l2 = linalg.add ins(%l, %l : tensor<3xi64>, tensor<3xi64>)
                   outs(%le : tensor<3xi64>) -> tensor<3xi64>
  %me = tensor.empty() : tensor<4xi1>
  %m2 = linalg.generic {indexing_maps = [#map, #map],
                        iterator_types = ["parallel"]}
      ins(%m : tensor<4xi1>) outs(%me : tensor<4xi1>) {
  ^bb0(%a: i1, %o: i1):
    %t = arith.constant true
    %b = arith.xori %a, %t : i1
    linalg.yield %b : i1
  } -> tensor<4xi1>
  %se = tensor.empty() : tensor<f32>
  %s2 = linalg.generic {indexing_maps = [#scalar, #scalar],
                        iterator_types = []}
      ins(%s : tensor<f32>) outs(%se : tensor<f32>) {
  ^bb0(%a: f32, %o: f32):
    %b = arith.addf %a, %a : f32
    linalg.yield %b : f32
  } -> tensor<f32>
  return %i1, %l2, %m2, %s2, %pos
      : tensor<?xi32>, tensor<3xi64>, tensor<4xi1>, tensor<f32>, tensor<?xi1>
}
