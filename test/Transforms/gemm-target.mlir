// The GEMM kernel is chosen from the module's #seq.target, never from the
// host: an AVX2 target (x86-64-v3, znver3) gets a 4 x 3 tile of
// vector<8xf32> (12 accumulators in 16 ymm), an AVX-512 one (x86-64-v4,
// sapphirerapids) an 8 x 3 tile of vector<16xf32> (24 accumulators in 32
// zmm). Column blocks take half of the target's L2 for B's [K, block] block.

// RUN: seq-opt %s --seq-set-target=cpu=x86-64-v3 --seq-vectorize-matmul | FileCheck %s --check-prefixes=TARGET-V3,AVX2
// RUN: seq-opt %s --seq-set-target=cpu=znver3 --seq-vectorize-matmul | FileCheck %s --check-prefixes=AVX2,ZNVER3
// RUN: seq-opt %s --seq-set-target=cpu=x86-64-v4 --seq-vectorize-matmul | FileCheck %s --check-prefixes=TARGET-V4,AVX512
// RUN: seq-opt %s --seq-set-target=cpu=sapphirerapids --seq-vectorize-matmul | FileCheck %s --check-prefixes=AVX512,SPR
// Features given with the CPU count: AVX-512 turned off is the AVX2 kernel.
// RUN: seq-opt %s --seq-set-target="cpu=sapphirerapids features=-avx512f" --seq-vectorize-matmul | FileCheck %s --check-prefixes=AVX2

// TARGET-V3: module attributes {seq.target = #seq.target<triple = "{{.*}}", cpu = "x86-64-v3", features = "", vector_bits = 256, vector_registers = 16, l1_bytes = 32768, l2_bytes = 262144>}
// TARGET-V4: module attributes {seq.target = #seq.target<triple = "{{.*}}", cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32, l1_bytes = 32768, l2_bytes = 1048576>}

func.func @linear(%a: memref<?x512xf32>, %b: memref<512x1024xf32>, %c: memref<?x1024xf32>) {
  linalg.matmul ins(%a, %b : memref<?x512xf32>, memref<512x1024xf32>) outs(%c : memref<?x1024xf32>)
  return
}

// AVX2-LABEL: func.func @linear(
// Column blocks: 256 KiB / 2 / (512 * 4 bytes) = 64 columns, rounded down
// to the 24 of a tile (x86-64-v3); znver3's 512 KiB L2 gives 120.
// TARGET-V3:     scf.for %{{.*}} = %c0{{.*}} to %{{.*}} step %c48
// ZNVER3:        scf.for %{{.*}} = %c0{{.*}} to %{{.*}} step %c120
// AVX2:            scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c4
// AVX2:              scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c24
// AVX2:                %{{.*}}:12 = scf.for
// AVX2-COUNT-12:         vector.fma %{{.*}} : vector<8xf32>
// AVX2-NEXT:             scf.yield
// AVX2-NOT:      vector<16xf32>
// AVX2:          return

// AVX512-LABEL: func.func @linear(
// Column blocks: 1 MiB / 2 / 2 KiB = 256 columns -> 240 (x86-64-v4); 2 MiB
// (sapphirerapids) would give 480, but N = 1024 is cut in at least four
// blocks: 256 -> 288 (6 tiles of 48).
// TARGET-V4:     scf.for %{{.*}} = %c0{{.*}} to %{{.*}} step %c240
// SPR:           scf.for %{{.*}} = %c0{{.*}} to %{{.*}} step %c288
// AVX512:          scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c8
// AVX512:            scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c48
// AVX512:              %{{.*}}:24 = scf.for
// AVX512-COUNT-24:       vector.fma %{{.*}} : vector<16xf32>
// AVX512-NEXT:           scf.yield
// Row tails of 4, 2 and 1 rows: fewer than 8 rows read B three times at
// most, not once per row.
// AVX512:            scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c4
// AVX512:              %{{.*}}:12 = scf.for
// AVX512:            scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c2
// AVX512:              %{{.*}}:6 = scf.for
// AVX512:            scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c1
// The one-row kernel: 8 vectors (128 columns) per pass over K.
// AVX512:              %{{.*}}:8 = scf.for
// AVX512-NOT:    vector<8xf32>
// AVX512:        return


// A narrow product (N = 64, a column slice of an LSTM step): tiles that
// divide N instead of a 48-column tile and single-vector tails, in one
// column block. With AVX-512, 6 x 4 vectors (24 accumulators); with AVX2,
// 6 x 2 (12). The one-row kernel takes the 4 vectors of N and, with
// AVX-512, splits K in two so that eight FMA chains are in flight; the
// halves are added before the store.

func.func @narrow(%a: memref<?x512xf32>, %b: memref<512x64xf32>, %c: memref<?x64xf32>) {
  linalg.matmul ins(%a, %b : memref<?x512xf32>, memref<512x64xf32>) outs(%c : memref<?x64xf32>)
  return
}

// AVX2-LABEL: func.func @narrow(
// AVX2:            scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c6
// AVX2:              scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c16
// AVX2:                %{{.*}}:12 = scf.for
// AVX2-COUNT-12:         vector.fma %{{.*}} : vector<8xf32>
// AVX2:            scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c4
// AVX2:            scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c1
// AVX2:              %{{.*}}:4 = scf.for
// AVX2-COUNT-4:        vector.fma %{{.*}} : vector<8xf32>
// AVX2-NEXT:           scf.yield
// AVX2:          return

// AVX512-LABEL: func.func @narrow(
// AVX512:            scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c6
// AVX512:              scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c64
// AVX512:                %{{.*}}:24 = scf.for
// AVX512-COUNT-24:         vector.fma %{{.*}} : vector<16xf32>
// AVX512:            scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c4
// AVX512:              %{{.*}}:16 = scf.for
// AVX512:            scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c1
// AVX512:              %{{.*}}:8 = scf.for %{{.*}} = %c0{{.*}} to %{{.*}} step %c2
// AVX512-COUNT-8:        vector.fma %{{.*}} : vector<16xf32>
// AVX512-NEXT:           scf.yield
// AVX512-COUNT-4:      arith.addf %{{.*}} : vector<16xf32>
// AVX512:              %{{.*}}:4 = scf.for
// AVX512:        return
