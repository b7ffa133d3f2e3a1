// Without `main`, the only public function with a body is the entry; with
// several candidates and no --entry, the error lists them.

// RUN: rm -rf %t && %python %S/Inputs/make_inputs.py %t
// RUN: seq-run %s --input %t/a4.npy | FileCheck %s
// RUN: not seq-run %S/Inputs/two-entries.mlir --input %t/a4.npy \
// RUN:   > %t/two.txt 2>&1
// RUN: FileCheck %s --check-prefix=TWO < %t/two.txt
// RUN: count 1 < %t/two.txt
// RUN: seq-run %S/Inputs/two-entries.mlir --entry second --input %t/a4.npy \
// RUN:   | FileCheck %s --check-prefix=SECOND
// RUN: not seq-run %S/Inputs/no-entry.mlir > %t/none.txt 2>&1
// RUN: FileCheck %s --check-prefix=NONE < %t/none.txt
// RUN: count 1 < %t/none.txt

// CHECK: {{^}}result0: tensor<4xf32> float32 [4] = [-1, -2, -3, -4]{{$}}
// TWO: {{^}}{{.*}}two-entries.mlir: error: no 'main' and several public functions ('first', 'second'): choose the entry with --entry{{$}}
// SECOND: {{^}}result0: tensor<4xf32> float32 [4] = [1, 2, 3, 4]{{$}}
// NONE: {{^}}{{.*}}no-entry.mlir: error: no entry function: no 'main' and no public function with a body{{$}}

func.func @negate(%x: tensor<4xf32>) -> tensor<4xf32> {
  %init = tensor.empty() : tensor<4xf32>
  %y = linalg.negf ins(%x : tensor<4xf32>) outs(%init : tensor<4xf32>)
      -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// Private functions are not candidates.
func.func private @unused(%x: tensor<4xf32>) -> tensor<4xf32> {
  %init = tensor.empty() : tensor<4xf32>
  %y = linalg.copy ins(%x : tensor<4xf32>) outs(%init : tensor<4xf32>)
      -> tensor<4xf32>
  return %y : tensor<4xf32>
}
