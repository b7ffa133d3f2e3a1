// Entry selection: `main` by default, any function with --entry, and
// one-line errors for an unknown entry or a declaration.

// RUN: rm -rf %t && %python %S/Inputs/make_inputs.py %t
// RUN: seq-run %s --input %t/a4.npy | FileCheck %s --check-prefix=MAIN
// RUN: seq-run %s --entry other --input %t/a4.npy \
// RUN:   | FileCheck %s --check-prefix=OTHER
// RUN: seq-run %s --entry helper --input %t/a4.npy \
// RUN:   | FileCheck %s --check-prefix=HELPER
// RUN: not seq-run %s --entry nope --input %t/a4.npy > %t/nope.txt 2>&1
// RUN: FileCheck %s --check-prefix=NOPE < %t/nope.txt
// RUN: count 1 < %t/nope.txt
// RUN: not seq-run %s --entry decl --input %t/a4.npy > %t/decl.txt 2>&1
// RUN: FileCheck %s --check-prefix=DECL < %t/decl.txt
// RUN: count 1 < %t/decl.txt

// MAIN: {{^}}result0: tensor<4xf32> float32 [4] = [2, 4, 6, 8]{{$}}
// OTHER: {{^}}result0: tensor<4xf32> float32 [4] = [1, 4, 9, 16]{{$}}
// HELPER: {{^}}result0: tensor<4xf32> float32 [4] = [2, 3, 4, 5]{{$}}
// NOPE: {{^}}{{.*}}entry.mlir: error: entry function 'nope' not found{{$}}
// DECL: {{^}}{{.*}}entry.mlir:{{[0-9]+}}:{{[0-9]+}}: error: entry function 'decl' has no body{{$}}

func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %init = tensor.empty() : tensor<4xf32>
  %y = linalg.add ins(%x, %x : tensor<4xf32>, tensor<4xf32>)
                  outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

func.func @other(%x: tensor<4xf32>) -> tensor<4xf32> {
  %init = tensor.empty() : tensor<4xf32>
  %y = linalg.mul ins(%x, %x : tensor<4xf32>, tensor<4xf32>)
                  outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// A private function can be run too.
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  %one = arith.constant 1.0 : f32
  %init = tensor.empty() : tensor<4xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>,
                                        affine_map<(d0) -> (d0)>],
                       iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %b = arith.addf %a, %one : f32
    linalg.yield %b : f32
  } -> tensor<4xf32>
  return %y : tensor<4xf32>
}

func.func private @decl(%x: f32) -> f32
