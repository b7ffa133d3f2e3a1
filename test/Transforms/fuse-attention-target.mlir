// The fused attention's tiles and micro-kernels come from the module's
// #seq.target: with 16 vector registers (AVX2, as on x86-64-v3 and znver3) 64-row
// query tiles, a 4-key x 2-vector Sᵀ kernel and a 4-row x 2-vector P·V
// kernel (8 accumulators of vector<8xf32> each); with 32 (AVX-512, as on
// x86-64-v4 and sapphirerapids) 128-row tiles and 8 keys / 8 rows (16
// accumulators of vector<16xf32> each).

// RUN: seq-opt %s --seq-set-target=cpu=x86-64-v3 --seq-fuse-attention --cse | FileCheck %s --check-prefix=AVX2
// RUN: seq-opt %s --seq-set-target=cpu=znver3 --seq-fuse-attention --cse | FileCheck %s --check-prefix=AVX2
// RUN: seq-opt %s --seq-set-target=cpu=x86-64-v4 --seq-fuse-attention --cse | FileCheck %s --check-prefix=AVX512
// RUN: seq-opt %s --seq-set-target=cpu=sapphirerapids --seq-fuse-attention --cse | FileCheck %s --check-prefix=AVX512
// An explicit tile-q and micro-kernel win over the target's.
// RUN: seq-opt %s --seq-set-target=cpu=x86-64-v4 --seq-fuse-attention="tile-q=64 micro-kernel=4,2,4,2" --cse | FileCheck %s --check-prefix=GIVEN

// 384 query rows: 6 tiles of 64, or 3 of 128.
// AVX2: scf.forall ({{.*}}) in (%c2, %c4, %c6)
// AVX2-NEXT: memref.alloca() {alignment = 64 : i64} : memref<64x64xf32>
// AVX2-NEXT: memref.alloca() {alignment = 64 : i64} : memref<64x64xf32>
// AVX2-NEXT: memref.alloca() {alignment = 64 : i64} : memref<64x64xf32>
// AVX2-COUNT-4: tensor.extract_slice %arg1
// AVX2: scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// AVX2-NOT: tensor.extract_slice %arg1
// AVX2: scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// AVX2: vector.transfer_read %arg2

// AVX512: scf.forall ({{.*}}) in (%c2, %c4, %c3)
// AVX512-NEXT: memref.alloca() {alignment = 64 : i64} : memref<64x128xf32>
// AVX512-NEXT: memref.alloca() {alignment = 64 : i64} : memref<64x128xf32>
// AVX512-NEXT: memref.alloca() {alignment = 64 : i64} : memref<128x64xf32>
// AVX512-COUNT-8: tensor.extract_slice %arg1
// AVX512: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {

// GIVEN: scf.forall ({{.*}}) in (%c2, %c4, %c6)
// GIVEN-NEXT: memref.alloca() {alignment = 64 : i64} : memref<64x64xf32>
// GIVEN-COUNT-4: tensor.extract_slice %arg1
// GIVEN: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
func.func @sdpa(%q: tensor<2x4x384x64xf32>, %k: tensor<2x4x512x64xf32>, %v: tensor<2x4x512x64xf32>) -> tensor<2x4x384x64xf32> {
  %o = seq.sdpa %q, %k, %v : tensor<2x4x384x64xf32>, tensor<2x4x512x64xf32>, tensor<2x4x512x64xf32>
  return %o : tensor<2x4x384x64xf32>
}
