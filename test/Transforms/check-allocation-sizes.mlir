// RUN: seq-opt %s --seq-check-allocation-sizes | FileCheck %s
// RUN: seq-opt %s --seq-check-allocation-sizes --seq-check-allocation-sizes | FileCheck %s --check-prefix=ONCE

// Before a dynamic allocation: its byte size (4 * 3 * n * m) with overflow
// detection, and the runtime's failure past 2^62 bytes.
// CHECK: func.func private @seqc_buffer_too_large()
// CHECK-LABEL: func.func @dynamic
// CHECK: %[[STATIC:.*]] = arith.constant 12 : i64
// CHECK: %[[N:.*]] = arith.index_cast %arg0 : index to i64
// CHECK: %[[LOW:.*]], %[[HIGH:.*]] = arith.mului_extended %[[STATIC]], %[[N]] : i64
// CHECK: arith.cmpi ne, %[[HIGH]]
// CHECK: %[[M:.*]] = arith.index_cast %arg1 : index to i64
// CHECK: %[[LOW2:.*]], %[[HIGH2:.*]] = arith.mului_extended %[[LOW]], %[[M]] : i64
// CHECK: arith.cmpi ne, %[[HIGH2]]
// CHECK: %[[LIMIT:.*]] = arith.constant 4611686018427387904 : i64
// CHECK: arith.cmpi ugt, %[[LOW2]], %[[LIMIT]] : i64
// CHECK: scf.if
// CHECK-NEXT: func.call @seqc_buffer_too_large() : () -> ()
// CHECK: memref.alloc(%arg0, %arg1) : memref<?x3x?xf32>
func.func @dynamic(%n: index, %m: index) -> memref<?x3x?xf32> {
  %0 = memref.alloc(%n, %m) : memref<?x3x?xf32>
  return %0 : memref<?x3x?xf32>
}

// Static buffers are sized by their type: no check.
// CHECK-LABEL: func.func @static
// CHECK-NOT: seqc_buffer_too_large
// CHECK: memref.alloc() : memref<4x8xf32>
func.func @static() -> memref<4x8xf32> {
  %0 = memref.alloc() : memref<4x8xf32>
  return %0 : memref<4x8xf32>
}

// A static zero dim: the buffer is empty whatever n is (0 * n, no failure).
// CHECK-LABEL: func.func @empty
// CHECK: %[[NONE:.*]] = arith.constant 0 : i64
// CHECK: arith.mului_extended %[[NONE]]
func.func @empty(%n: index) -> memref<?x0xf32> {
  %0 = memref.alloc(%n) : memref<?x0xf32>
  return %0 : memref<?x0xf32>
}

// ONCE-COUNT-1: func.func private @seqc_buffer_too_large()
