// RUN: seq-opt %s --seq-vectorize-matmul -split-input-file | FileCheck %s

// A matmul on buffers becomes column blocks, 4-row tiles and a micro-kernel
// holding a 4 x 3-vector tile of C in registers across the K loop: per k,
// three vector loads of B, one broadcast of A per row, twelve FMAs.

func.func @matmul(%a: memref<?x64xf32>, %b: memref<64x96xf32>, %c: memref<?x96xf32>) {
  linalg.matmul ins(%a, %b : memref<?x64xf32>, memref<64x96xf32>) outs(%c : memref<?x96xf32>)
  return
}

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME:      %[[A:[a-z0-9]+]]: memref<?x64xf32>, %[[B:[a-z0-9]+]]: memref<64x96xf32>, %[[C:[a-z0-9]+]]: memref<?x96xf32>)
// CHECK-NOT:     linalg.matmul
// CHECK:         scf.for %[[JC:.*]] =
// CHECK:           scf.for %[[I:.*]] =
// CHECK:             scf.for %[[J:.*]] =
// CHECK-COUNT-12:      vector.load %[[C]]
// CHECK:               %[[ACC:.*]]:12 = scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(
// CHECK-COUNT-3:         vector.load %[[B]][%[[K]],
// CHECK:                 memref.load %[[A]][%{{.*}}, %[[K]]]
// CHECK:                 vector.broadcast
// CHECK-COUNT-3:         vector.fma
// CHECK:                 memref.load %[[A]]
// CHECK:                 vector.broadcast
// CHECK-COUNT-3:         vector.fma
// CHECK:                 memref.load %[[A]]
// CHECK:                 vector.broadcast
// CHECK-COUNT-3:         vector.fma
// CHECK:                 memref.load %[[A]]
// CHECK:                 vector.broadcast
// CHECK-COUNT-3:         vector.fma
// CHECK-NEXT:            scf.yield
// CHECK-COUNT-12:      vector.store %[[ACC]]#{{[0-9]+}}, %[[C]]
// Column tails: single vectors, then one masked vector.
// CHECK:             vector.fma
// CHECK:             vector.create_mask
// CHECK:             vector.maskedload
// Row tail: a 1 x 4-vector kernel (a matrix-vector product).
// CHECK:           scf.for
// CHECK:             vector.fma
// CHECK:         return

// -----

// The recurrent lowering's product with packed weight panels [N/8, K, 8]
// (as elementwise fusion and bufferization leave it): B is read one
// contiguous panel row per k.

#mapA = affine_map<(m, p, l, k) -> (m, k)>
#mapB = affine_map<(m, p, l, k) -> (p, k, l)>
#mapC = affine_map<(m, p, l, k) -> (m, p, l)>
func.func @packed(%h: memref<4x32xf32>, %w: memref<12x32x8xf32>, %c: memref<4x12x8xf32>) {
  linalg.generic {indexing_maps = [#mapA, #mapB, #mapC],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%h, %w : memref<4x32xf32>, memref<12x32x8xf32>) outs(%c : memref<4x12x8xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// CHECK-LABEL: func.func @packed(
// CHECK-SAME:      %[[H:[a-z0-9]+]]: memref<4x32xf32>, %[[W:[a-z0-9]+]]: memref<12x32x8xf32>, %[[C:[a-z0-9]+]]: memref<4x12x8xf32>)
// CHECK-NOT:     linalg.generic
// CHECK:         %[[C2:.*]] = memref.collapse_shape %[[C]] {{\[\[}}0], [1, 2]] : memref<4x12x8xf32> into memref<4x96xf32>
// CHECK:         scf.for %[[K:.*]] = {{.*}} iter_args(
// CHECK:           vector.load %[[W]][%{{.*}}, %[[K]], %c0{{.*}}] : memref<12x32x8xf32>, vector<8xf32>
// CHECK:           vector.fma
// CHECK:         vector.store %{{.*}}, %[[C2]]

// -----

// Elementwise generics: a vector loop over the innermost dim and a masked
// last vector. Math ops only when the generic is marked (the recurrent gate
// math); a scalar operand constant along the innermost dim is broadcast.

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @gates(%x: memref<?x20xf32>, %len: memref<?xi32>, %t: i32, %out: memref<?x20xf32>) {
  linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %len : memref<?x20xf32>, memref<?xi32>) outs(%out : memref<?x20xf32>)
      attrs = {seq.vectorize_math} {
  ^bb0(%v: f32, %l: i32, %o: f32):
    %th = math.tanh %v : f32
    %valid = arith.cmpi slt, %t, %l : i32
    %zero = arith.constant 0.0 : f32
    %r = arith.select %valid, %th, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// Marked generics take two vectors per iteration, op by op side by side
// (independent latency chains), then single vectors.
// CHECK-LABEL: func.func @gates(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: memref<?x20xf32>, %[[LEN:[a-z0-9]+]]: memref<?xi32>, %[[T:[a-z0-9]+]]: i32, %[[OUT:[a-z0-9]+]]: memref<?x20xf32>)
// CHECK:         scf.for %[[B:.*]] =
// CHECK:           scf.for %[[J2:.*]] = %{{.*}} to %{{.*}} step %c16
// CHECK:             %[[J2B:.*]] = arith.addi %[[J2]], %c8
// CHECK:             %[[V0:.*]] = vector.load %[[X]][%[[B]], %[[J2]]]
// CHECK:             %[[V1:.*]] = vector.load %[[X]][%[[B]], %[[J2B]]]
// CHECK:             math.tanh %[[V0]] : vector<8xf32>
// CHECK-NEXT:        math.tanh %[[V1]] : vector<8xf32>
// CHECK:             vector.store %{{.*}}, %[[OUT]][%[[B]], %[[J2]]]
// CHECK:             vector.store %{{.*}}, %[[OUT]][%[[B]], %[[J2B]]]
// CHECK:           scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %c8
// CHECK:             %[[V:.*]] = vector.load %[[X]][%[[B]], %[[J]]] : memref<?x20xf32>, vector<8xf32>
// CHECK:             %[[L:.*]] = memref.load %[[LEN]][%[[B]]]
// CHECK:             vector.broadcast %[[L]] : i32 to vector<8xi32>
// CHECK:             math.tanh %[[V]] : vector<8xf32>
// CHECK:             arith.cmpi slt, %{{.*}}, %{{.*}} : vector<8xi32>
// CHECK:             arith.select %{{.*}} : vector<8xi1>, vector<8xf32>
// CHECK:             vector.store %{{.*}}, %[[OUT]][%[[B]], %[[J]]]
// CHECK:           scf.for
// CHECK:             vector.create_mask
// CHECK:             vector.maskedload %[[X]]
// CHECK:             math.tanh {{.*}} : vector<8xf32>
// CHECK:             vector.maskedstore %[[OUT]]

// -----

// Unmarked generics with math keep their scalar (libm) lowering.
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @unmarked(%x: memref<?x20xf32>, %out: memref<?x20xf32>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<?x20xf32>) outs(%out : memref<?x20xf32>) {
  ^bb0(%v: f32, %o: f32):
    %th = math.tanh %v : f32
    linalg.yield %th : f32
  }
  return
}

// CHECK-LABEL: func.func @unmarked(
// CHECK:         linalg.generic
// CHECK:           math.tanh %{{.*}} : f32

// -----

// The hoisted input projection after reshape propagation: two M loops
// (x [B, T, I]) on packed panels, C filled by a bias broadcast right before.
// A and C are collapsed to 2-D, and the broadcast is dropped: the
// accumulators start from the bias vectors and C is only written.

#bias = affine_map<(b, t, p, l) -> (p, l)>
#out = affine_map<(b, t, p, l) -> (b, t, p, l)>
#mapA = affine_map<(b, t, p, l, k) -> (b, t, k)>
#mapB = affine_map<(b, t, p, l, k) -> (p, k, l)>
#mapC = affine_map<(b, t, p, l, k) -> (b, t, p, l)>
func.func @packed_bias(%x: memref<2x3x32xf32>, %w: memref<12x32x8xf32>, %bias: memref<12x8xf32>, %c: memref<2x3x12x8xf32>) {
  linalg.generic {indexing_maps = [#bias, #out],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%bias : memref<12x8xf32>) outs(%c : memref<2x3x12x8xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [#mapA, #mapB, #mapC],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<2x3x32xf32>, memref<12x32x8xf32>) outs(%c : memref<2x3x12x8xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// CHECK-LABEL: func.func @packed_bias(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: memref<2x3x32xf32>, %[[W:[a-z0-9]+]]: memref<12x32x8xf32>, %[[BIAS:[a-z0-9]+]]: memref<12x8xf32>, %[[C:[a-z0-9]+]]: memref<2x3x12x8xf32>)
// CHECK-NOT:     linalg.generic
// CHECK:         %[[A2:.*]] = memref.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : memref<2x3x32xf32> into memref<6x32xf32>
// CHECK:         %[[C2:.*]] = memref.collapse_shape %[[C]] {{\[\[}}0, 1], [2, 3]] : memref<2x3x12x8xf32> into memref<6x96xf32>
// CHECK:         %[[B1:.*]] = memref.collapse_shape %[[BIAS]] {{\[\[}}0, 1]] : memref<12x8xf32> into memref<96xf32>
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             scf.for
// CHECK-NOT:           vector.load %[[C2]]
// CHECK-COUNT-3:       vector.load %[[B1]]
// CHECK:               scf.for %[[K:.*]] = {{.*}} iter_args(
// CHECK:                 vector.load %[[W]][%{{.*}}, %[[K]], %c0{{.*}}] : memref<12x32x8xf32>, vector<8xf32>
// CHECK:                 memref.load %[[A2]][%{{.*}}, %[[K]]]
// CHECK:               vector.store %{{.*}}, %[[C2]]
// CHECK-NOT:     linalg.generic
// CHECK:         return

// -----

// With a parallel threshold, large products run as an scf.parallel over
// blocks of 128 rows × block-n columns (a tall GEMM has few column blocks).

// RUN: seq-opt %s --seq-vectorize-matmul="parallel-threshold=1 block-n=192" -split-input-file | FileCheck %s --check-prefix=PAR

func.func @parallel_blocks(%a: memref<?x64xf32>, %b: memref<64x96xf32>, %c: memref<?x96xf32>) {
  linalg.matmul ins(%a, %b : memref<?x64xf32>, memref<64x96xf32>) outs(%c : memref<?x96xf32>)
  return
}

// PAR-LABEL: func.func @parallel_blocks(
// Fewer than 4 rows cost about as much as 4 (loading B dominates).
// PAR:         %[[ROWS:.*]] = arith.maxui %{{.*}}, %c4
// PAR:         %[[MN:.*]] = arith.muli %[[ROWS]], %{{.*}}
// PAR:         %[[WORK:.*]] = arith.muli %[[MN]], %{{.*}}
// PAR:         %[[BIG:.*]] = arith.cmpi uge, %[[WORK]]
// PAR:         scf.if %[[BIG]] {
// PAR:           scf.parallel (%[[IC:.*]], %[[JC:.*]]) = (%c0{{.*}}, %c0{{.*}}) to (%{{.*}}, %{{.*}}) step (%c128{{.*}}, %c192{{.*}})
// PAR:             %[[IEND:.*]] = arith.minui
// PAR:             scf.for %{{.*}} = %[[IC]] to
// PAR:         } else {
// PAR:           scf.for %{{.*}} = %c0{{.*}} to %{{.*}} step %c128
// PAR:             scf.for %{{.*}} = %c0{{.*}} to %{{.*}} step %c192

// -----

// With a parallel threshold, a large elementwise generic runs its outer dims
// as one scf.parallel (>= 65536 elements at run time), the vector loop inside.

#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @parallel_relu(%x: memref<?x?x64xf32>, %y: memref<?x?x64xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : memref<?x?x64xf32>) outs(%y : memref<?x?x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// PAR-LABEL: func.func @parallel_relu(
// PAR:         %[[BIG:.*]] = arith.cmpi uge, %{{.*}}, %c65536
// PAR:         scf.if %[[BIG]] {
// PAR:           scf.parallel (%{{.*}}, %{{.*}}) = (%c0{{.*}}, %c0{{.*}}) to (%{{.*}}, %{{.*}}) step (%c1{{.*}}, %c1{{.*}})
// PAR:             arith.maximumf %{{.*}} : vector<8xf32>
// PAR:         } else {
// PAR:           scf.for
// PAR:             arith.maximumf %{{.*}} : vector<8xf32>

// -----

// A bool buffer stays scalar: i1 elements are bytes in memory, but a
// vector<16xi1> would be stored as 16 bits (a computed mask read by fused
// attention was corrupted this way).
// CHECK-LABEL: func.func @bool_result(
// CHECK-NOT: vector.
// CHECK: linalg.generic
// CHECK-NOT: vector.
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @bool_result(%m: memref<4x64xi64>, %out: memref<4x64xi1>) {
  %c0 = arith.constant 0 : i64
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%m : memref<4x64xi64>) outs(%out : memref<4x64xi1>) {
  ^bb0(%a: i64, %o: i1):
    %ne = arith.cmpi ne, %a, %c0 : i64
    linalg.yield %ne : i1
  }
  return
}
