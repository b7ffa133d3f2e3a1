// RUN: seq-opt %s --seq-parallel-to-threads --split-input-file | FileCheck %s

// The body of an outermost scf.parallel becomes a function over linearised
// iterations [begin, end); the loop becomes a call of the runtime's
// seqc_parallel_for with the captured values in 64-bit slots.

// CHECK: func.func private @seqc_parallel_for((!llvm.ptr, i64, i64) -> (), !llvm.ptr, i64)

// CHECK-LABEL: func.func private @__seqc_scale_parallel0
// CHECK-SAME: (%[[CTX:.+]]: !llvm.ptr, %[[BEGIN:.+]]: i64, %[[END:.+]]: i64)
// CHECK-SAME: attributes {llvm.linkage = #llvm.linkage<internal>}
// The memref is rebuilt from its aligned pointer, offset, sizes, strides.
// CHECK: %[[P0:.+]] = llvm.getelementptr %[[CTX]][0] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT: %[[PTRINT:.+]] = llvm.load %[[P0]] : !llvm.ptr -> i64
// CHECK-NEXT: %[[PTR:.+]] = llvm.inttoptr %[[PTRINT]] : i64 to !llvm.ptr
// CHECK: llvm.insertvalue %{{.+}}[4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT: %[[BUF:.+]] = builtin.unrealized_conversion_cast %{{.+}} : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<?x64xf32>
// The f32 travels as its bits.
// CHECK: %[[FBITS:.+]] = arith.trunci %{{.+}} : i64 to i32
// CHECK-NEXT: %[[FACTOR:.+]] = arith.bitcast %[[FBITS]] : i32 to f32
// Constants are rematerialised, not passed.
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG: %[[C32:.+]] = arith.constant 32 : index
// CHECK: %[[B:.+]] = arith.index_cast %[[BEGIN]] : i64 to index
// CHECK-NEXT: %[[E:.+]] = arith.index_cast %[[END]] : i64 to index
// Fixed-size scratch is allocated once per call.
// CHECK: %[[TMP:.+]] = memref.alloca() : memref<8xf32>
// CHECK-NEXT: scf.for %[[LIN:.+]] = %[[B]] to %[[E]]
// CHECK-NEXT: %[[JPOS:.+]] = arith.remsi %[[LIN]], %[[C32]]
// CHECK-NEXT: %[[I:.+]] = arith.divsi %[[LIN]], %[[C32]]
// CHECK-NEXT: %[[J:.+]] = arith.muli %[[JPOS]], %[[C2]]
// CHECK-NEXT: %[[X:.+]] = memref.load %[[BUF]][%[[I]], %[[J]]]
// CHECK-NEXT: arith.mulf %[[X]], %[[FACTOR]]
// CHECK: return

// CHECK-LABEL: func.func @scale
// CHECK-SAME: (%[[ARG:.+]]: memref<?x64xf32>, %[[F:.+]]: f32, %[[N:.+]]: index)
// CHECK: %[[SLOTS:.+]] = llvm.mlir.constant(8 : i64) : i64
// CHECK-NEXT: %[[CTXA:.+]] = llvm.alloca %[[SLOTS]] x i64
// CHECK: %[[ROWS:.+]] = arith.maxsi %[[N]]
// CHECK: %[[TOTAL:.+]] = arith.muli %[[ROWS]], %{{.+}}
// CHECK: memref.extract_aligned_pointer_as_index %[[ARG]]
// CHECK: memref.extract_strided_metadata %[[ARG]]
// CHECK: arith.bitcast %[[F]] : f32 to i32
// CHECK: %[[FN:.+]] = constant @__seqc_scale_parallel0 : (!llvm.ptr, i64, i64) -> ()
// CHECK-NEXT: %[[ITERS:.+]] = arith.index_cast %[[TOTAL]] : index to i64
// CHECK-NEXT: call @seqc_parallel_for(%[[FN]], %[[CTXA]], %[[ITERS]])
// CHECK-NOT: scf.parallel
func.func @scale(%buf: memref<?x64xf32>, %factor: f32, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %c64) step (%c1, %c2) {
    %tmp = memref.alloca() : memref<8xf32>
    %x = memref.load %buf[%i, %j] : memref<?x64xf32>
    %y = arith.mulf %x, %factor : f32
    memref.store %y, %tmp[%c0] : memref<8xf32>
    %z = memref.load %tmp[%c0] : memref<8xf32>
    memref.store %z, %buf[%i, %j] : memref<?x64xf32>
    scf.reduce
  }
  return
}

// -----

// A loop with a reduction stays serial; a nested parallel loop runs inside
// the outer one's body.

// CHECK-LABEL: func.func @reduction
// CHECK-NOT: call @seqc_parallel_for
// CHECK: scf.parallel
// CHECK: return
func.func @reduction(%buf: memref<?xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %sum = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f32 {
    %x = memref.load %buf[%i] : memref<?xf32>
    scf.reduce(%x : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return %sum : f32
}

// -----

// CHECK-LABEL: func.func private @__seqc_nested_parallel0
// CHECK: scf.for
// CHECK: scf.parallel
// CHECK-LABEL: func.func @nested
// CHECK: call @seqc_parallel_for
func.func @nested(%buf: memref<?x?xf32>, %m: index, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%m) step (%c1) {
    scf.parallel (%j) = (%c0) to (%n) step (%c1) {
      memref.store %one, %buf[%i, %j] : memref<?x?xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}
