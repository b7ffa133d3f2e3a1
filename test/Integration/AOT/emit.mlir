// --emit=mlir|llvm|obj|shared, default output names and --target-cpu.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/aot_encoder.py weights %t F16

// The model as loaded: seq ops, the weights embedded as constants.
// RUN: seqc %S/Inputs/encoder.mlir --weights %t/w.safetensors --emit=mlir -o - | FileCheck %s --check-prefix=MLIR
// MLIR-LABEL: func.func @encoder(
// MLIR-SAME: %arg0: tensor<?x?xi32> {seqc.dims = ["batch", "seq"], seqc.name = "tokens"}, %arg1: tensor<?xi32> {seqc.dims = ["batch"], seqc.name = "lengths"}) -> (tensor<?x?x8xf32>
// MLIR: arith.constant dense<{{.*}}> : tensor<50x16xf32>
// MLIR: seq.embedding
// MLIR: seq.multi_head_attention
// MLIR-LABEL: func.func @head(

// Optimised LLVM IR: the C entry points, the model code internal.
// RUN: seqc %S/Inputs/encoder.mlir --weights %t/w.safetensors --emit=llvm -o %t/model.ll
// RUN: FileCheck %s --check-prefix=LLVM < %t/model.ll
// LLVM-DAG: define {{.*}}i32 @seqc_encoder(i64 %0, i64 %1, ptr {{.*}}%2, ptr {{.*}}%3, ptr {{.*}}%4)
// LLVM-DAG: define {{.*}}i32 @seqc_head(i64 %0, ptr {{.*}}%1, ptr {{.*}}%2, ptr {{.*}}%3)
// LLVM-NOT: define {{(dso_local )?}}{{(void|i32) }}@__seqc
// LLVM-NOT: _mlir_ciface

// A shared library, called through ctypes (F16 weights, converted exactly).
// RUN: seqc %S/Inputs/encoder.mlir --weights %t/w.safetensors --emit=shared -o %t/libmodel.so
// RUN: %python %S/Inputs/aot_encoder.py shared %t %t/libmodel.so | FileCheck %s --check-prefix=SHARED
// SHARED: status 0 0 bad 1
// SHARED-NEXT: out: shape [2, 5, 8] max_abs {{.*}} ok
// SHARED-NEXT: probs: shape [3, 4] max_abs {{.*}} ok
// SHARED-NEXT: copy: shape [3, 16] max_abs {{.*}} ok

// Default output names come from the model file; a generic CPU works too.
// RUN: cd %t && seqc %S/Inputs/encoder.mlir --weights=runtime --target-cpu=x86-64
// RUN: test -f %t/encoder.o
// RUN: cd %t && seqc %S/Inputs/encoder.mlir --weights=runtime --emit=llvm
// RUN: test -f %t/encoder.ll
// RUN: cd %t && seqc %S/Inputs/encoder.mlir --weights=runtime --emit=mlir
// RUN: FileCheck %s --check-prefix=RUNTIME < %t/encoder.mlir
// RUNTIME: func.func @encoder({{.*}}%arg2: tensor<50x16xf32> {seqc.weight = "embed.weight"}
