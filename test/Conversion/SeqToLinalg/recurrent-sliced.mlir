// An LSTM whose hidden size is a multiple of the target's f32 lanes runs
// each time step as one scf.forall over column slices of its gates. With
// x86-64-v3 (8 lanes) H = 32 is 4 slices of 8 hidden units: a slice owns
// 4 gates x 8 = 32 contiguous columns of the reordered weights (gate 0's
// units 8s..8s+7, then gate 1's...), computes that part of h·W_hhᵀ + b_hh
// into its part of one GEMM buffer, and at once the gate math of its 8
// units. x86-64-v4 (16 lanes) gives 2 slices of 16.
// RUN: seq-opt %s --seq-set-target=cpu=x86-64-v3 --convert-seq-to-linalg --canonicalize --cse | FileCheck %s --check-prefix=CHECK
// RUN: seq-opt %s --seq-set-target=cpu=x86-64-v4 --convert-seq-to-linalg --canonicalize --cse | FileCheck %s --check-prefixes=V4
// After bufferization the loop allocates nothing: the GEMM buffer, c and
// the output are updated in place, and h is copied once per step.
// RUN: seqc %s --target-cpu=x86-64-v3 --emit=llvm -o /dev/null --mlir-print-ir-before=seq-vectorize-matmul 2>&1 | FileCheck %s --check-prefix=BUF
// Without the option, one GEMM and one gate generic per step.
// RUN: seq-opt %s --seq-set-target=cpu=x86-64-v3 --convert-seq-to-linalg=slice-recurrences=false | FileCheck %s --check-prefix=OFF

func.func @lstm(%x: tensor<?x?x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>,
                %bi: tensor<128xf32>, %bh: tensor<128xf32>) -> tensor<?x?x32xf32> {
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>)
      bias_ih(%bi : tensor<128xf32>) bias_hh(%bh : tensor<128xf32>) direction(forward) : tensor<?x?x16xf32>
  return %out : tensor<?x?x32xf32>
}

// CHECK-LABEL: func.func @lstm(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x?x16xf32>, %[[WI:[a-z0-9]+]]: tensor<128x16xf32>, %[[WH:[a-z0-9]+]]: tensor<128x32xf32>,
// CHECK-SAME:      %[[BI:[a-z0-9]+]]: tensor<128xf32>, %[[BH:[a-z0-9]+]]: tensor<128xf32>)
// The rows of every weight and bias reordered [G, S, hs] -> [S, G, hs].
// CHECK:         %[[WIE:.*]] = tensor.expand_shape %[[WI]] {{\[\[}}0, 1, 2], [3]] output_shape [4, 4, 8, 16]
// CHECK:         linalg.transpose ins(%[[WIE]] : tensor<4x4x8x16xf32>) {{.*}} permutation = [1, 0, 2, 3]
// CHECK:         %[[WHE:.*]] = tensor.expand_shape %[[WH]] {{\[\[}}0, 1, 2], [3]] output_shape [4, 4, 8, 32]
// CHECK:         linalg.transpose ins(%[[WHE]] : tensor<4x4x8x32xf32>) {{.*}} permutation = [1, 0, 2, 3]
// CHECK:         tensor.expand_shape %[[BI]] {{\[\[}}0, 1, 2]] output_shape [4, 4, 8]
// CHECK:         tensor.expand_shape %[[BH]] {{\[\[}}0, 1, 2]] output_shape [4, 4, 8]
// The hoisted input projection, then W_hh in panels of 8.
// CHECK:         %[[PROJ:.*]] = tensor.reshape
// CHECK:         %[[WHP:.*]] = linalg.transpose ins(%{{.*}} : tensor<16x8x32xf32>) outs(%{{.*}} : tensor<16x32x8xf32>) permutation = [0, 2, 1]
// CHECK:         %[[GEMMBUF:.*]] = tensor.empty(%{{.*}}) : tensor<?x16x8xf32>
// CHECK:         scf.for %[[T:.*]] = %{{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[C:.*]] = %{{.*}}, %[[OUT:.*]] = %{{.*}}, %[[GARG:.*]] = %[[GEMMBUF]])
// CHECK:           %[[STEP:.*]]:3 = scf.forall (%[[S:.*]]) in (4) shared_outs(%[[O:.*]] = %[[OUT]], %[[G:.*]] = %[[GARG]], %[[CS:.*]] = %[[C]])
// Slice s: panels 4s..4s+3 of W_hh and of the GEMM buffer, units 8s..8s+7.
// CHECK-DAG:         %[[UNIT:.*]] = arith.muli %[[S]], %c8
// CHECK-DAG:         %[[PANEL:.*]] = arith.muli %[[S]], %c4
// CHECK-DAG:         %[[COL:.*]] = arith.muli %[[S]], %c32
// CHECK:             %[[W:.*]] = tensor.extract_slice %[[WHP]][%[[PANEL]], 0, 0] [4, 32, 8] [1, 1, 1] : tensor<16x32x8xf32> to tensor<4x32x8xf32>
// CHECK:             %[[DEST:.*]] = tensor.extract_slice %[[G]][0, %[[PANEL]], 0] [%{{.*}}, 4, 8] [1, 1, 1]
// CHECK:             %[[INIT:.*]] = linalg.broadcast ins(%{{.*}} : tensor<4x8xf32>) outs(%[[DEST]] : tensor<?x4x8xf32>) dimensions = [0]
// CHECK:             %[[HP:.*]] = linalg.generic {{.*}} ins(%[[H]], %[[W]] : tensor<?x32xf32>, tensor<4x32x8xf32>) outs(%[[INIT]] : tensor<?x4x8xf32>)
// CHECK:             tensor.extract_slice %[[PROJ]][0, %[[T]], %[[COL]]] [%{{.*}}, 1, 32]
// c is read and written through the generic's own output operand.
// CHECK:             %[[COLD:.*]] = tensor.extract_slice %[[CS]][0, %[[UNIT]]] [%{{.*}}, 8] [1, 1]
// CHECK:             %[[NEXT:.*]]:2 = linalg.generic {{.*}} outs(%{{.*}}, %[[COLD]] : tensor<?x8xf32>, tensor<?x8xf32>)
// CHECK:               math.tanh
// CHECK:               math.tanh
// CHECK:             scf.forall.in_parallel
// CHECK-NEXT:          tensor.parallel_insert_slice %[[NEXT]]#0 into %[[O]][0, %[[T]], %[[UNIT]]] [%{{.*}}, 1, 8]
// CHECK-NEXT:          tensor.parallel_insert_slice %[[HP]] into %[[G]][0, %[[PANEL]], 0] [%{{.*}}, 4, 8]
// CHECK-NEXT:          tensor.parallel_insert_slice %[[NEXT]]#1 into %[[CS]][0, %[[UNIT]]] [%{{.*}}, 8]
// The new h, read back from the output, into the state's buffer.
// CHECK:           %[[HNEW:.*]] = tensor.extract_slice %[[STEP]]#0[0, %[[T]], 0] [%{{.*}}, 1, 32]
// CHECK:           %[[HCOPY:.*]] = linalg.copy ins(%[[HNEW]] : tensor<?x32xf32>) outs(%[[H]] : tensor<?x32xf32>)
// CHECK:           scf.yield %[[HCOPY]], %[[STEP]]#2, %[[STEP]]#0, %[[STEP]]#1

// V4-LABEL: func.func @lstm(
// V4:         tensor.expand_shape %{{.*}} output_shape [4, 2, 16, 32]
// V4:         scf.forall (%{{.*}}) in (2) shared_outs
// V4:           tensor.extract_slice %{{.*}} [4, 32, 16] [1, 1, 1] : tensor<8x32x16xf32> to tensor<4x32x16xf32>

// BUF-LABEL: func.func @__seqc_lstm_impl(
// BUF:         scf.for
// BUF-NOT:       memref.alloc
// BUF:           scf.forall (%{{.*}}) in (4)
// BUF-NOT:         memref.alloc
// BUF:           linalg.copy
// BUF-NOT:       memref.alloc
// BUF:         }
// BUF:         memref.dealloc

// OFF-LABEL: func.func @lstm(
// OFF-NOT:     scf.forall
// OFF:         scf.for
// OFF-NOT:     scf.forall
// OFF:         return
