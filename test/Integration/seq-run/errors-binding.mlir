// Well-formed inputs that do not fit the signature: wrong dtype, rank or
// static dim, too few or too many inputs. One line naming the argument.

// RUN: rm -rf %t && %python %S/Inputs/make_inputs.py %t
// RUN: seq-run %s --input %t/a24.npy --input %t/i32x2.npy | FileCheck %s
// RUN: not seq-run %s --input %t/a24.npy --input %t/i64x2.npy > %t/1.txt 2>&1
// RUN: FileCheck %s --check-prefix=DTYPE < %t/1.txt && count 1 < %t/1.txt
// RUN: not seq-run %s --input %t/a4.npy --input %t/i32x2.npy > %t/2.txt 2>&1
// RUN: FileCheck %s --check-prefix=RANK < %t/2.txt && count 1 < %t/2.txt
// RUN: not seq-run %s --input %t/a23.npy --input %t/i32x2.npy > %t/3.txt 2>&1
// RUN: FileCheck %s --check-prefix=DIM < %t/3.txt && count 1 < %t/3.txt
// RUN: not seq-run %s --input %t/a24.npy > %t/4.txt 2>&1
// RUN: FileCheck %s --check-prefix=FEW < %t/4.txt && count 1 < %t/4.txt
// RUN: not seq-run %s > %t/5.txt 2>&1
// RUN: FileCheck %s --check-prefix=NONE < %t/5.txt && count 1 < %t/5.txt
// RUN: not seq-run %s --input %t/a24.npy --input %t/i32x2.npy \
// RUN:   --input %t/bool.npy > %t/6.txt 2>&1
// RUN: FileCheck %s --check-prefix=MANY < %t/6.txt && count 1 < %t/6.txt
// RUN: not seq-run %s --input x=%t/a24.npy --input lengths=%t/i64x2.npy \
// RUN:   > %t/7.txt 2>&1
// RUN: FileCheck %s --check-prefix=NAMED < %t/7.txt && count 1 < %t/7.txt
// RUN: not seq-run %s --input %t/a24.npy --input %t/bool.npy > %t/8.txt 2>&1
// RUN: FileCheck %s --check-prefix=BOOL < %t/8.txt && count 1 < %t/8.txt

// CHECK: {{^}}result0: tensor<?x4xf32> float32 [2, 4] = [0, 1, 2, 3, 4, 5, 6, 7]{{$}}
// CHECK: {{^}}result1: tensor<?xi32> int32 [2] = [3, 1]{{$}}
// DTYPE: {{^}}seq-run: error: argument 1 ('{{.*}}i64x2.npy'): expected int32 of shape [?], got int64 of shape [2]{{$}}
// RANK: {{^}}seq-run: error: argument 0 ('{{.*}}a4.npy'): expected float32 of shape [?, 4], got float32 of shape [4]{{$}}
// DIM: {{^}}seq-run: error: argument 0 ('{{.*}}a23.npy'): expected float32 of shape [?, 4], got float32 of shape [2, 3]{{$}}
// FEW: {{^}}seq-run: error: argument 1 of 'main' (int32 of shape [?]) has no input: 'main' takes 2 input(s), got 1{{$}}
// NONE: {{^}}seq-run: error: argument 0 of 'main' (float32 of shape [?, 4]) has no input: 'main' takes 2 input(s), got 0{{$}}
// MANY: {{^}}seq-run: error: too many inputs: 'main' takes 2 input(s), got 3 (first extra: argument 2 ('{{.*}}bool.npy')){{$}}
// NAMED: {{^}}seq-run: error: argument 1 ('lengths={{.*}}i64x2.npy'): expected int32 of shape [?], got int64 of shape [2]{{$}}
// BOOL: {{^}}seq-run: error: argument 1 ('{{.*}}bool.npy'): expected int32 of shape [?], got bool of shape [4]{{$}}

func.func @main(%x: tensor<?x4xf32>, %lengths: tensor<?xi32>)
    -> (tensor<?x4xf32>, tensor<?xi32>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x4xf32>
  %m = tensor.dim %lengths, %c0 : tensor<?xi32>
  %xe = tensor.empty(%n) : tensor<?x4xf32>
  %le = tensor.empty(%m) : tensor<?xi32>
  %x2 = linalg.copy ins(%x : tensor<?x4xf32>) outs(%xe : tensor<?x4xf32>)
      -> tensor<?x4xf32>
  %l2 = linalg.copy ins(%lengths : tensor<?xi32>) outs(%le : tensor<?xi32>)
      -> tensor<?xi32>
  return %x2, %l2 : tensor<?x4xf32>, tensor<?xi32>
}
