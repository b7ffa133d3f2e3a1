// Malformed or unsupported .npy inputs: seq-run exits non-zero with one line
// naming the argument, before compiling anything, and never crashes.

// RUN: rm -rf %t && %python %S/Inputs/make_inputs.py %t
// RUN: not seq-run %s --input %t/a23.npy --input %t/truncated.npy > %t/1.txt 2>&1
// RUN: FileCheck %s --check-prefix=TRUNCATED < %t/1.txt && count 1 < %t/1.txt
// RUN: not seq-run %s --input %t/a23.npy --input %t/badmagic.npy > %t/2.txt 2>&1
// RUN: FileCheck %s --check-prefix=MAGIC < %t/2.txt && count 1 < %t/2.txt
// RUN: not seq-run %s --input %t/a23.npy --input %t/badheader.npy > %t/3.txt 2>&1
// RUN: FileCheck %s --check-prefix=HEADER < %t/3.txt && count 1 < %t/3.txt
// RUN: not seq-run %s --input %t/a23.npy --input %t/short.npy > %t/4.txt 2>&1
// RUN: FileCheck %s --check-prefix=SHORT < %t/4.txt && count 1 < %t/4.txt
// RUN: not seq-run %s --input %t/a23.npy --input %t/long.npy > %t/5.txt 2>&1
// RUN: FileCheck %s --check-prefix=LONG < %t/5.txt && count 1 < %t/5.txt
// RUN: not seq-run %s --input %t/empty.npy --input %t/a23.npy > %t/6.txt 2>&1
// RUN: FileCheck %s --check-prefix=EMPTY < %t/6.txt && count 1 < %t/6.txt
// RUN: not seq-run %s --input %t/a23.npy --input %t/missing.npy > %t/7.txt 2>&1
// RUN: FileCheck %s --check-prefix=MISSING < %t/7.txt && count 1 < %t/7.txt
// RUN: not seq-run %s --input %t/f64.npy --input %t/a23.npy > %t/8.txt 2>&1
// RUN: FileCheck %s --check-prefix=F64 < %t/8.txt && count 1 < %t/8.txt
// RUN: not seq-run %s --input %t/fortran.npy --input %t/a23.npy > %t/9.txt 2>&1
// RUN: FileCheck %s --check-prefix=FORTRAN < %t/9.txt && count 1 < %t/9.txt
// RUN: not seq-run %s --input %t/a23.npy --input %t/bigendian.npy > %t/10.txt 2>&1
// RUN: FileCheck %s --check-prefix=BIG < %t/10.txt && count 1 < %t/10.txt
// RUN: not seq-run %s --input %t/a23.npy --input y=%t/short.npy > %t/11.txt 2>&1
// RUN: FileCheck %s --check-prefix=NAMED < %t/11.txt && count 1 < %t/11.txt

// TRUNCATED: {{^}}seq-run: error: argument 1 ('{{.*}}truncated.npy'): header length 118 exceeds the file size (30 bytes){{$}}
// MAGIC: {{^}}seq-run: error: argument 1 ('{{.*}}badmagic.npy'): not a .npy file (bad magic){{$}}
// HEADER: {{^}}seq-run: error: argument 1 ('{{.*}}badheader.npy'): malformed header: expected ',' or ')' in the shape tuple at offset {{[0-9]+}}{{$}}
// SHORT: {{^}}seq-run: error: argument 1 ('{{.*}}short.npy'): data is too short: shape [2, 3] of float32 needs 24 bytes, the file has 20{{$}}
// LONG: {{^}}seq-run: error: argument 1 ('{{.*}}long.npy'): data is too long: shape [2, 3] of float32 needs 24 bytes, the file has 28{{$}}
// EMPTY: {{^}}seq-run: error: argument 0 ('{{.*}}empty.npy'): not a .npy file (empty file){{$}}
// MISSING: {{^}}seq-run: error: argument 1 ('{{.*}}missing.npy'): cannot read '{{.*}}missing.npy': {{.+}}{{$}}
// F64: {{^}}seq-run: error: argument 0 ('{{.*}}f64.npy'): unsupported dtype '<f8' (supported: '<f4', '<i4', '<i8', '|b1'){{$}}
// FORTRAN: {{^}}seq-run: error: argument 0 ('{{.*}}fortran.npy'): Fortran-ordered arrays are not supported{{$}}
// BIG: {{^}}seq-run: error: argument 1 ('{{.*}}bigendian.npy'): unsupported dtype '>f4' (supported: '<f4', '<i4', '<i8', '|b1'){{$}}
// NAMED: {{^}}seq-run: error: argument 1 ('y={{.*}}short.npy'): data is too short: {{.*}}{{$}}

func.func @main(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %init = tensor.empty() : tensor<2x3xf32>
  %sum = linalg.add ins(%x, %y : tensor<2x3xf32>, tensor<2x3xf32>)
                    outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  return %sum : tensor<2x3xf32>
}
