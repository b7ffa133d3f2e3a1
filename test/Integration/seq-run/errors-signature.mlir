// Entry functions whose signature seq-run cannot bind: one line naming the
// argument or result. A parse error is one line too.

// RUN: not seq-run %s --entry f16_arg > %t.1 2>&1
// RUN: FileCheck %s --check-prefix=F16 < %t.1 && count 1 < %t.1
// RUN: not seq-run %s --entry unranked_arg > %t.2 2>&1
// RUN: FileCheck %s --check-prefix=UNRANKED < %t.2 && count 1 < %t.2
// RUN: not seq-run %s --entry scalar_arg > %t.3 2>&1
// RUN: FileCheck %s --check-prefix=SCALAR < %t.3 && count 1 < %t.3
// RUN: not seq-run %s --entry f64_result > %t.4 2>&1
// RUN: FileCheck %s --check-prefix=F64 < %t.4 && count 1 < %t.4
// RUN: not seq-run %s --entry memref_arg > %t.5 2>&1
// RUN: FileCheck %s --check-prefix=MEMREF < %t.5 && count 1 < %t.5
// RUN: not seq-run %S/Inputs/invalid.mlir > %t.6 2>&1
// RUN: FileCheck %s --check-prefix=PARSE < %t.6 && count 1 < %t.6
// RUN: not seq-run %t.does-not-exist.mlir > %t.7 2>&1
// RUN: FileCheck %s --check-prefix=NOFILE < %t.7 && count 1 < %t.7

// F16: {{^}}{{.*}}errors-signature.mlir:{{[0-9]+}}:1: error: argument 1 of 'f16_arg' has unsupported type 'tensor<4xf16>': expected a ranked tensor of f32, i32, i64 or i1{{$}}
// UNRANKED: {{^}}{{.*}}errors-signature.mlir:{{[0-9]+}}:1: error: argument 0 of 'unranked_arg' has unsupported type 'tensor<*xf32>': expected a ranked tensor of f32, i32, i64 or i1{{$}}
// SCALAR: {{^}}{{.*}}errors-signature.mlir:{{[0-9]+}}:1: error: argument 0 of 'scalar_arg' has unsupported type 'f32': expected a ranked tensor of f32, i32, i64 or i1{{$}}
// F64: {{^}}{{.*}}errors-signature.mlir:{{[0-9]+}}:1: error: result 0 of 'f64_result' has unsupported type 'tensor<2xf64>': expected a ranked tensor of f32, i32, i64 or i1{{$}}
// MEMREF: {{^}}{{.*}}errors-signature.mlir:{{[0-9]+}}:1: error: argument 0 of 'memref_arg' has unsupported type 'memref<4xf32>': expected a ranked tensor of f32, i32, i64 or i1{{$}}
// PARSE: {{^}}{{.*}}invalid.mlir:{{[0-9]+}}:{{[0-9]+}}: error: {{.+}}{{$}}
// NOFILE: {{^}}seq-run: error: cannot open input file '{{.*}}does-not-exist.mlir': {{.+}}{{$}}

func.func @f16_arg(%a: tensor<4xf32>, %b: tensor<4xf16>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

func.func @unranked_arg(%a: tensor<*xf32>) -> tensor<*xf32> {
  return %a : tensor<*xf32>
}

func.func @scalar_arg(%a: f32) -> f32 {
  return %a : f32
}

func.func @f64_result(%a: tensor<2xf32>) -> tensor<2xf64> {
  %init = tensor.empty() : tensor<2xf64>
  %b = arith.extf %a : tensor<2xf32> to tensor<2xf64>
  return %b : tensor<2xf64>
}

func.func @memref_arg(%a: memref<4xf32>) {
  return
}
