// The code is for the target asked for, not for the machine compiling it:
// --target-cpu=znver3 gives AVX2 code (ymm, never zmm) on an AVX-512 host,
// --target-cpu=x86-64-v4 gives 512-bit code (zmm FMAs) on an AVX2 host, and
// every function tells LLVM the target's CPU and vector width.

// RUN: rm -rf %t && mkdir -p %t
// RUN: seqc %S/Inputs/encoder.mlir --weights=runtime --target-cpu=znver3 -o %t/avx2.o
// RUN: llvm-objdump -d --no-show-raw-insn %t/avx2.o | FileCheck %s --check-prefix=AVX2
// AVX2-NOT: zmm
// AVX2: vfmadd{{[0-9]+}}ps {{.*}}%ymm
// AVX2-NOT: zmm

// RUN: seqc %S/Inputs/encoder.mlir --weights=runtime --target-cpu=x86-64-v4 -o %t/avx512.o
// RUN: llvm-objdump -d --no-show-raw-insn %t/avx512.o | FileCheck %s --check-prefix=AVX512
// AVX512: vfmadd{{[0-9]+}}ps {{.*}}%zmm

// Features on top of the CPU: AVX-512 turned off is AVX2 code again.
// RUN: seqc %S/Inputs/encoder.mlir --weights=runtime --target-cpu=x86-64-v4 --target-features=-avx512f -o %t/noavx512.o
// RUN: llvm-objdump -d --no-show-raw-insn %t/noavx512.o | FileCheck %s --check-prefix=AVX2

// RUN: seqc %S/Inputs/encoder.mlir --weights=runtime --target-cpu=x86-64-v4 --emit=llvm -o %t/avx512.ll
// RUN: FileCheck %s --check-prefix=ATTRS < %t/avx512.ll
// ATTRS: attributes #{{[0-9]+}} = { {{.*}}"min-legal-vector-width"="512" "prefer-vector-width"="512" "target-cpu"="x86-64-v4"

// RUN: seqc %S/Inputs/encoder.mlir --weights=runtime --target-cpu=x86-64-v3 --emit=llvm -o %t/avx2.ll
// RUN: FileCheck %s --check-prefix=ATTRS2 < %t/avx2.ll
// ATTRS2: attributes #{{[0-9]+}} = { {{.*}}"min-legal-vector-width"="256" "prefer-vector-width"="256" "target-cpu"="x86-64-v3"

// Bad features are errors, not warnings.
// RUN: not seqc %S/Inputs/encoder.mlir --weights=runtime --target-features=+nosuchfeature -o %t/x.o 2>&1 | FileCheck %s --check-prefix=BADFEATURE
// BADFEATURE: seqc: error: --target-features: unknown feature 'nosuchfeature' for x86_64
// RUN: not seqc %S/Inputs/encoder.mlir --weights=runtime --target-features=avx2 -o %t/x.o 2>&1 | FileCheck %s --check-prefix=NOSIGN
// NOSIGN: seqc: error: --target-features: 'avx2' must start with '+' or '-'
