// A run-time check that fails inside an AOT entry point returns
// SEQC_CHECK_FAILED, with the op's location in seqc_last_error(), instead of
// ending the caller's process; later calls work.

// RUN: rm -rf %t && mkdir -p %t
// RUN: seqc %s -o %t/model.o --header %t/model.h
// RUN: %python %S/Inputs/check_undefined.py %t/model.o | FileCheck %s --check-prefix=NM
// RUN: cc -std=c11 -Wall -Werror -I%t %S/Inputs/runtime_check_main.c %t/model.o -lm -o %t/main
// RUN: %t/main 2>&1 | FileCheck %s

// NM: only libc/libm

// CHECK: good 0 out[79] 79.5
// CHECK-NEXT: bad 2: seqc: {{.*}}runtime-check.mlir:[[@LINE+3]]:8: broadcast operand dims differ at run time
// CHECK-NEXT: rounds: 1000 failed checks, 1000 good calls
func.func @main(%x: tensor<?x?x8xf32>, %y: tensor<5x8xf32>) -> tensor<?x5x8xf32> {
  %0 = seq.add %x, %y : tensor<?x?x8xf32>, tensor<5x8xf32>
  return %0 : tensor<?x5x8xf32>
}
