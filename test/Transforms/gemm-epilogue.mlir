// seq-vectorize-matmul runs an activation that follows a product in the
// product's epilogue: the accumulators start from the bias, the activation
// is applied to each finished vector, and the vector is stored straight
// into the activation's output. C is neither written nor read again.
// RUN: seq-opt %s --seq-set-target=cpu=x86-64-v4 --seq-vectorize-matmul | FileCheck %s
// RUN: seq-opt %s --seq-set-target=cpu=x86-64-v3 --seq-vectorize-matmul | FileCheck %s --check-prefix=AVX2

#id = affine_map<(d0, d1) -> (d0, d1)>

func.func @bias_relu(%a: memref<?x64xf32>, %b: memref<64x96xf32>, %bias: memref<96xf32>, %d: memref<?x96xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %m = memref.dim %a, %c0 : memref<?x64xf32>
  %c = memref.alloc(%m) : memref<?x96xf32>
  linalg.broadcast ins(%bias : memref<96xf32>) outs(%c : memref<?x96xf32>) dimensions = [0]
  linalg.matmul ins(%a, %b : memref<?x64xf32>, memref<64x96xf32>) outs(%c : memref<?x96xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<?x96xf32>) outs(%d : memref<?x96xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %c : memref<?x96xf32>
  return
}

// CHECK-LABEL: func.func @bias_relu(
// CHECK-SAME:      %[[A:.*]]: memref<?x64xf32>, %[[B:.*]]: memref<64x96xf32>, %[[BIAS:.*]]: memref<96xf32>, %[[D:.*]]: memref<?x96xf32>)
// CHECK-NOT:     linalg.
// CHECK:         vector.load %[[BIAS]]
// CHECK:         vector.fma
// CHECK:         %[[R:.*]] = arith.maximumf %{{.*}} : vector<16xf32>
// CHECK-NEXT:    vector.store %[[R]], %[[D]]
// CHECK-NOT:     linalg.
// CHECK:         return
// AVX2-LABEL: func.func @bias_relu(
// AVX2:          %[[R:.*]] = arith.maximumf %{{.*}} : vector<8xf32>
// AVX2-NEXT:     vector.store %[[R]]

// GELU's erf on vectors (seq-approximate-vector-math makes it a
// polynomial later); the output is a 3-D view, collapsed to [M, N].
func.func @gelu_3d(%a: memref<?x64xf32>, %b: memref<64x96xf32>, %d: memref<2x?x96xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f32
  %half = arith.constant 0.5 : f32
  %one = arith.constant 1.0 : f32
  %s = arith.constant 0.707106769 : f32
  %m = memref.dim %a, %c0 : memref<?x64xf32>
  %t = memref.dim %d, %c1 : memref<2x?x96xf32>
  %c = memref.alloc(%m) : memref<?x96xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<?x96xf32>)
  linalg.matmul ins(%a, %b : memref<?x64xf32>, memref<64x96xf32>) outs(%c : memref<?x96xf32>)
  %v = memref.expand_shape %c [[0, 1], [2]] output_shape [2, %t, 96] : memref<?x96xf32> into memref<2x?x96xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%v : memref<2x?x96xf32>) outs(%d : memref<2x?x96xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.mulf %in, %s : f32
    %e = math.erf %x : f32
    %p = arith.addf %e, %one : f32
    %h = arith.mulf %in, %half : f32
    %r = arith.mulf %h, %p : f32
    linalg.yield %r : f32
  }
  memref.dealloc %c : memref<?x96xf32>
  return
}

// CHECK-LABEL: func.func @gelu_3d(
// CHECK:         %[[D2:.*]] = memref.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : memref<2x?x96xf32> into memref<?x96xf32>
// CHECK-NOT:     linalg.
// CHECK:         vector.fma
// CHECK:         math.erf %{{.*}} : vector<16xf32>
// CHECK:         vector.store %{{.*}}, %[[D2]]
// CHECK-NOT:     linalg.generic
// CHECK:         return

// C read after the activation: no epilogue, the generic stays.
func.func @c_used_again(%a: memref<?x64xf32>, %b: memref<64x96xf32>, %d: memref<?x96xf32>, %e: memref<?x96xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %m = memref.dim %a, %c0 : memref<?x64xf32>
  %c = memref.alloc(%m) : memref<?x96xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<?x96xf32>)
  linalg.matmul ins(%a, %b : memref<?x64xf32>, memref<64x96xf32>) outs(%c : memref<?x96xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<?x96xf32>) outs(%d : memref<?x96xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  memref.copy %c, %e : memref<?x96xf32> to memref<?x96xf32>
  memref.dealloc %c : memref<?x96xf32>
  return
}

// CHECK-LABEL: func.func @c_used_again(
// CHECK:         vector.fma
// CHECK-NOT:     arith.maximumf %{{.*}} : vector<16xf32>
// CHECK:         vector.store %{{.*}}, %[[C:.*]][
// The activation, vectorised on its own after the product.
// CHECK:         arith.maximumf %{{.*}} : vector<16xf32>
// CHECK:         memref.copy %[[C]]
