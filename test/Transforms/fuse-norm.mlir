// RUN: seq-opt %s --seq-set-target=cpu=x86-64-v4 --seq-fuse-norm -split-input-file | FileCheck %s --check-prefixes=CHECK,AVX512
// RUN: seq-opt %s --seq-set-target=cpu=x86-64-v3 --seq-fuse-norm -split-input-file | FileCheck %s --check-prefixes=CHECK,AVX2

// A residual add followed by layer_norm is one scf.forall over blocks of 8
// rows: pass 1 reads x and r once, stores x + r to a stack row and sums it
// in four accumulators; pass 2 sums the centred squares from that row; pass
// 3 writes (s - mean) * rsqrt(var + eps) * weight + bias. The add is gone:
// the sum is never written to memory.

func.func @residual_layer_norm(%x: tensor<?x?x512xf32>, %r: tensor<?x?x512xf32>, %g: tensor<512xf32>, %b: tensor<512xf32>) -> tensor<?x?x512xf32> {
  %s = seq.add %x, %r : tensor<?x?x512xf32>, tensor<?x?x512xf32>
  %y = seq.layer_norm %s weight(%g : tensor<512xf32>) bias(%b : tensor<512xf32>) : tensor<?x?x512xf32>
  return %y : tensor<?x?x512xf32>
}

// CHECK-LABEL: func.func @residual_layer_norm(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x?x512xf32>, %[[R:[a-z0-9]+]]: tensor<?x?x512xf32>
// CHECK-NOT:     seq.add
// CHECK:         scf.forall (%[[B:.*]], %[[BLK:.*]]) in (%{{.*}}, %{{.*}}) shared_outs(%[[OUT:.*]] = %{{.*}}) -> (tensor<?x?x512xf32>)
// CHECK:           tensor.extract_slice %[[OUT]]
// AVX512:          memref.alloca() {alignment = 64 : i64} : memref<512xf32>
// CHECK:           scf.for
// Pass 1: four accumulators over groups of four vectors.
// AVX512:            scf.for %[[J:.*]] = %{{.*}} to %c512{{.*}} step %c64{{.*}} iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// AVX2:              scf.for %[[J:.*]] = %{{.*}} to %c512{{.*}} step %c32{{.*}} iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK:               vector.transfer_read %[[X]]
// CHECK:               vector.transfer_read %[[R]]
// CHECK:               arith.addf
// CHECK:               vector.store
// CHECK:             vector.reduction <add>
// Pass 2, from the stack row.
// CHECK:             scf.for
// CHECK:               vector.load
// CHECK:               arith.subf
// CHECK:             vector.reduction <add>
// CHECK:             math.rsqrt
// Pass 3.
// CHECK:             scf.for
// CHECK:               vector.load
// CHECK:               vector.transfer_write
// CHECK:         scf.forall.in_parallel
// CHECK:           tensor.parallel_insert_slice
// CHECK-NOT:     seq.layer_norm
// CHECK:         return

// -----

// A row that does not fill the last vector: the centred squares of the lanes
// past D are masked out, and the last write is not in bounds.

func.func @ragged_rms(%x: tensor<7x20xf32>, %g: tensor<20xf32>) -> tensor<7x20xf32> {
  %y = seq.rms_norm %x weight(%g : tensor<20xf32>) : tensor<7x20xf32>
  return %y : tensor<7x20xf32>
}

// CHECK-LABEL: func.func @ragged_rms(
// CHECK:         scf.forall
// AVX512:          vector.transfer_read %{{.*}}[%{{.*}}, %c16{{.*}}], %{{.*}} : tensor<7x20xf32>, vector<16xf32>
// CHECK:           arith.mulf
// CHECK:           math.rsqrt
// AVX512:          vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %c16{{.*}}] : vector<16xf32>, tensor<?x20xf32>
// CHECK-NOT:     seq.rms_norm

// -----

// layer_norm with a broadcasting add is not a residual: the add stays.

func.func @broadcast_add(%x: tensor<4x64xf32>, %r: tensor<64xf32>) -> tensor<4x64xf32> {
  %s = seq.add %x, %r : tensor<4x64xf32>, tensor<64xf32>
  %y = seq.layer_norm %s : tensor<4x64xf32>
  return %y : tensor<4x64xf32>
}

// CHECK-LABEL: func.func @broadcast_add(
// CHECK:         seq.add
// CHECK:         scf.forall
// CHECK-NOT:     seq.layer_norm
