// RUN: seq-opt %s --seq-approximate-vector-math | FileCheck %s

// exp on a vector becomes MLIR's polynomial (no math.exp left, no libm call
// per lane); the scalar exp keeps its exact lowering.

// CHECK-LABEL: func.func @exp
// CHECK-SAME: (%[[V:.+]]: vector<8xf32>, %[[S:.+]]: f32)
// CHECK-NOT: math.exp %[[V]]
// CHECK: math.fma {{.+}} : vector<8xf32>
// CHECK: arith.shli {{.+}} : vector<8xi32>
// CHECK: %[[SCALAR:.+]] = math.exp %[[S]] : f32
// CHECK: return %{{.+}}, %[[SCALAR]] : vector<8xf32>, f32
func.func @exp(%v: vector<8xf32>, %s: f32) -> (vector<8xf32>, f32) {
  %0 = math.exp %v : vector<8xf32>
  %1 = math.exp %s : f32
  return %0, %1 : vector<8xf32>, f32
}

// CHECK-LABEL: func.func @tanh
// CHECK-NOT: math.tanh
// CHECK: return
func.func @tanh(%v: vector<16xf32>) -> vector<16xf32> {
  %0 = math.tanh %v : vector<16xf32>
  return %0 : vector<16xf32>
}
