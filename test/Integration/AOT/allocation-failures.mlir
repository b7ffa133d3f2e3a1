// Every allocation of an encoder call fails in turn (malloc wrapped with
// --wrap=malloc, the buffer cache off so that each call takes its buffers
// from malloc): each call returns SEQC_OUT_OF_MEMORY with the message, frees
// what it had allocated (glibc's count of bytes in use does not move), and
// the next call is exact; 10,000 failing calls leave the resident set flat.
// At one and at two threads.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/aot_encoder.py weights %t
// RUN: seqc %S/Inputs/encoder.mlir --weights %t/w.safetensors -o %t/model.o --header %t/model.h
// RUN: cc -std=c11 -D_GNU_SOURCE -Wall -Werror -I%t %S/Inputs/allocation_failures.c %t/model.o -Wl,--wrap=malloc -lm -lpthread -o %t/main
// RUN: env SEQC_BUFFER_CACHE=0 %t/main 1 | FileCheck %s
// RUN: env SEQC_BUFFER_CACHE=0 %t/main 2 | FileCheck %s

// CHECK: mallocs per call: [[N:[1-9][0-9]*]]
// CHECK-NEXT: malloc k of [[N]] failing: SEQC_OUT_OF_MEMORY [[N]] times, correct next call [[N]] times, other messages 0
// CHECK: heap in use after the failed calls: unchanged (0 bytes more)
// CHECK-NEXT: 10000 failing calls: 10000 SEQC_OUT_OF_MEMORY, resident set flat
// CHECK-NEXT: heap in use at the end: unchanged (0 bytes more)
// CHECK-NEXT: last call: correct
