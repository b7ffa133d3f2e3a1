// RUN: seq-opt %s --convert-seq-to-linalg="slice-recurrences=false" -split-input-file | FileCheck %s

// LSTM, forward: the input projection of every timestep is one GEMM before
// the time loop; the loop carries h, c and the output and does the
// recurrent GEMM and one fused gate generic per step.

func.func @lstm_forward(%x: tensor<?x?x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>,
                        %bi: tensor<128xf32>, %bh: tensor<128xf32>,
                        %h0: tensor<1x?x32xf32>, %c0: tensor<1x?x32xf32>)
    -> (tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>) {
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>)
      bias_ih(%bi : tensor<128xf32>) bias_hh(%bh : tensor<128xf32>)
      h0(%h0 : tensor<1x?x32xf32>) c0(%c0 : tensor<1x?x32xf32>) direction(forward) : tensor<?x?x16xf32>
  return %out, %hn, %cn : tensor<?x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>
}

// CHECK-LABEL: func.func @lstm_forward(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x?x16xf32>, %[[WI:[a-z0-9]+]]: tensor<128x16xf32>, %[[WH:[a-z0-9]+]]: tensor<128x32xf32>,
// CHECK-SAME:      %[[BI:[a-z0-9]+]]: tensor<128xf32>, %[[BH:[a-z0-9]+]]: tensor<128xf32>,
// CHECK-SAME:      %[[H0:[a-z0-9]+]]: tensor<1x?x32xf32>, %[[C0:[a-z0-9]+]]: tensor<1x?x32xf32>)
// CHECK:         %[[T:.*]] = tensor.dim %[[X]], %c1
// CHECK:         %[[H_INIT:.*]] = tensor.extract_slice %[[H0]][0, 0, 0] [1, %{{.*}}, 32] [1, 1, 1] : tensor<1x?x32xf32> to tensor<?x32xf32>
// CHECK:         %[[C_INIT:.*]] = tensor.extract_slice %[[C0]][0, 0, 0] [1, %{{.*}}, 32] [1, 1, 1] : tensor<1x?x32xf32> to tensor<?x32xf32>
// The input projection of all timesteps, hoisted out of the loop: one
// [B·T, I] × [I, G·H] GEMM with W_ih packed into [G·H/8, I, 8] panels.
// CHECK:         %[[WIE:.*]] = tensor.expand_shape %[[WI]] {{\[\[}}0, 1], [2]] output_shape [16, 8, 16]
// CHECK:         %[[WIP:.*]] = linalg.transpose ins(%[[WIE]] : tensor<16x8x16xf32>) outs(%{{.*}} : tensor<16x16x8xf32>) permutation = [0, 2, 1]
// CHECK:         %[[ROWS:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : tensor<?x?x16xf32> into tensor<?x16xf32>
// CHECK:         linalg.broadcast ins(%[[BI]]
// CHECK:         %[[XPV:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[ROWS]], %[[WIP]] : tensor<?x16xf32>, tensor<16x16x8xf32>)
// CHECK-NOT:     linalg.matmul
// CHECK:         %[[XPF:.*]] = tensor.collapse_shape %[[XPV]] {{\[\[}}0], [1, 2]] : tensor<?x16x8xf32> into tensor<?x128xf32>
// CHECK:         %[[XPROJ:.*]] = tensor.reshape %[[XPF]]
// The recurrent weight, packed once into [G·H/8, H, 8] panels.
// CHECK:         %[[WHE:.*]] = tensor.expand_shape %[[WH]] {{\[\[}}0, 1], [2]] output_shape [16, 8, 32]
// CHECK:         %[[WHP:.*]] = linalg.transpose ins(%[[WHE]] : tensor<16x8x32xf32>) outs(%{{.*}} : tensor<16x32x8xf32>) permutation = [0, 2, 1]
// CHECK:         %[[OUT_INIT:.*]] = tensor.empty(%{{.*}}, %[[T]]) : tensor<?x?x32xf32>
// CHECK:         %[[LOOP:.*]]:3 = scf.for %[[STEP:.*]] = %{{.*}} to %[[T]] step %{{[a-z0-9_]+}}
// CHECK-SAME:        iter_args(%[[H:.*]] = %[[H_INIT]], %[[C:.*]] = %[[C_INIT]], %[[OUT:.*]] = %[[OUT_INIT]])
// CHECK-SAME:        -> (tensor<?x32xf32>, tensor<?x32xf32>, tensor<?x?x32xf32>)
// CHECK:           %[[XT:.*]] = tensor.extract_slice %[[XPROJ]][0, %[[STEP]], 0] [%{{.*}}, 1, 128] [1, 1, 1] : tensor<?x?x128xf32> to tensor<?x128xf32>
// The recurrent product [B, H] × [H, G·H] on the panels, into a [B, G·H/8, 8]
// view of the bias.
// CHECK:           %[[HB:.*]] = linalg.broadcast ins(%[[BH]]
// CHECK:           %[[HBV:.*]] = tensor.expand_shape %[[HB]] {{\[\[}}0], [1, 2]] output_shape [%{{.*}}, 16, 8]
// CHECK:           %[[HPV:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[H]], %[[WHP]] : tensor<?x32xf32>, tensor<16x32x8xf32>) outs(%[[HBV]] : tensor<?x16x8xf32>)
// CHECK:             arith.mulf
// CHECK:             arith.addf
// CHECK:           %[[HPROJ:.*]] = tensor.collapse_shape %[[HPV]] {{\[\[}}0], [1, 2]] : tensor<?x16x8xf32> into tensor<?x128xf32>
// CHECK:           %[[XI:.*]] = tensor.extract_slice %[[XT]][0, 0] [%{{.*}}, 32] [1, 1]
// CHECK:           %[[XF:.*]] = tensor.extract_slice %[[XT]][0, 32] [%{{.*}}, 32] [1, 1]
// CHECK:           %[[XG:.*]] = tensor.extract_slice %[[XT]][0, 64] [%{{.*}}, 32] [1, 1]
// CHECK:           %[[XO:.*]] = tensor.extract_slice %[[XT]][0, 96] [%{{.*}}, 32] [1, 1]
// CHECK:           %[[HI:.*]] = tensor.extract_slice %[[HPROJ]][0, 0] [%{{.*}}, 32] [1, 1]
// CHECK:           %[[HF:.*]] = tensor.extract_slice %[[HPROJ]][0, 32] [%{{.*}}, 32] [1, 1]
// CHECK:           %[[HG:.*]] = tensor.extract_slice %[[HPROJ]][0, 64] [%{{.*}}, 32] [1, 1]
// CHECK:           %[[HO:.*]] = tensor.extract_slice %[[HPROJ]][0, 96] [%{{.*}}, 32] [1, 1]
// One generic does all the gate math of the step; seq-vectorize-matmul may
// vectorise its math.
// CHECK:           %[[NEXT:.*]]:3 = linalg.generic
// CHECK-SAME:          ins(%[[XI]], %[[XF]], %[[XG]], %[[XO]], %[[HI]], %[[HF]], %[[HG]], %[[HO]], %[[H]], %[[C]] :
// CHECK:           ^bb0(%[[xi:[^:]+]]: f32, %[[xf:[^:]+]]: f32, %[[xg:[^:]+]]: f32, %[[xo:[^:]+]]: f32, %[[hi:[^:]+]]: f32, %[[hf:[^:]+]]: f32, %[[hg:[^:]+]]: f32, %[[ho:[^:]+]]: f32, %{{[^:]+}}: f32, %[[c:[^:]+]]: f32,
// CHECK:             arith.addf %[[xi]], %[[hi]] : f32
// CHECK:             math.exp
// CHECK:             %[[I:.*]] = arith.divf
// CHECK:             arith.addf %[[xf]], %[[hf]] : f32
// CHECK:             math.exp
// CHECK:             %[[F:.*]] = arith.divf
// CHECK:             %[[GPRE:.*]] = arith.addf %[[xg]], %[[hg]] : f32
// CHECK:             %[[G:.*]] = math.tanh %[[GPRE]] : f32
// CHECK:             arith.addf %[[xo]], %[[ho]] : f32
// CHECK:             math.exp
// CHECK:             %[[O:.*]] = arith.divf
// CHECK:             %[[FC:.*]] = arith.mulf %[[F]], %[[c]] : f32
// CHECK:             %[[IG:.*]] = arith.mulf %[[I]], %[[G]] : f32
// CHECK:             %[[CNEW:.*]] = arith.addf %[[FC]], %[[IG]] : f32
// CHECK:             %[[TC:.*]] = math.tanh %[[CNEW]] : f32
// CHECK:             %[[HNEW:.*]] = arith.mulf %[[O]], %[[TC]] : f32
// CHECK:             linalg.yield %[[HNEW]], %[[CNEW]], %[[HNEW]] : f32, f32, f32
// CHECK-NOT:       linalg.generic
// CHECK:           %[[H_NEXT:.*]] = linalg.copy ins(%[[NEXT]]#0 : tensor<?x32xf32>) outs(%[[H]] : tensor<?x32xf32>)
// CHECK:           %[[C_NEXT:.*]] = linalg.copy ins(%[[NEXT]]#1 : tensor<?x32xf32>) outs(%[[C]] : tensor<?x32xf32>)
// CHECK:           %[[OUT_NEXT:.*]] = tensor.insert_slice %[[NEXT]]#2 into %[[OUT]][0, %[[STEP]], 0] [%{{.*}}, 1, 32] [1, 1, 1] : tensor<?x32xf32> into tensor<?x?x32xf32>
// CHECK:           scf.yield %[[H_NEXT]], %[[C_NEXT]], %[[OUT_NEXT]]
// CHECK:         }
// CHECK:         %[[HN:.*]] = tensor.insert_slice %[[LOOP]]#0 into %{{.*}}[0, 0, 0] [1, %{{.*}}, 32] [1, 1, 1] : tensor<?x32xf32> into tensor<1x?x32xf32>
// CHECK:         %[[CN:.*]] = tensor.insert_slice %[[LOOP]]#1 into %{{.*}}[0, 0, 0] [1, %{{.*}}, 32] [1, 1, 1] : tensor<?x32xf32> into tensor<1x?x32xf32>
// CHECK:         return %[[LOOP]]#2, %[[HN]], %[[CN]]

// -----

func.func @gru_forward(%x: tensor<4x10x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>,
                       %bi: tensor<96xf32>, %bh: tensor<96xf32>) -> (tensor<4x10x32xf32>, tensor<1x4x32xf32>) {
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>)
      bias_ih(%bi : tensor<96xf32>) bias_hh(%bh : tensor<96xf32>) direction(forward) : tensor<4x10x16xf32>
  return %out, %hn : tensor<4x10x32xf32>, tensor<1x4x32xf32>
}

// Static shapes; b_hn is part of the recurrent projection, so it ends up
// inside r ⊙ (W_hn·h + b_hn).
// CHECK-LABEL: func.func @gru_forward(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4x10x16xf32>, %[[WI:[a-z0-9]+]]: tensor<96x16xf32>, %[[WH:[a-z0-9]+]]: tensor<96x32xf32>,
// CHECK-SAME:      %[[BI:[a-z0-9]+]]: tensor<96xf32>, %[[BH:[a-z0-9]+]]: tensor<96xf32>)
// CHECK:         %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<4x32xf32>
// CHECK:         %[[WIE:.*]] = tensor.expand_shape %[[WI]]
// CHECK:         %[[WIP:.*]] = linalg.transpose ins(%[[WIE]] : tensor<12x8x16xf32>)
// CHECK:         linalg.broadcast ins(%[[BI]]
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %[[WIP]] : tensor<40x16xf32>, tensor<12x16x8xf32>)
// CHECK:         %[[WHE:.*]] = tensor.expand_shape %[[WH]]
// CHECK:         %[[WHP:.*]] = linalg.transpose ins(%[[WHE]] : tensor<12x8x32xf32>)
// CHECK:         %[[C10:.*]] = arith.constant 10 : index
// CHECK:         %[[LOOP:.*]]:2 = scf.for %[[STEP:.*]] = %{{.*}} to %[[C10]] step %{{.*}} iter_args(%[[H:.*]] = %[[ZERO]], %[[OUT:.*]] = %{{.*}}) -> (tensor<4x32xf32>, tensor<4x10x32xf32>)
// CHECK:           %[[HB:.*]] = linalg.broadcast ins(%[[BH]]
// CHECK:           linalg.generic {{.*}} ins(%[[H]], %[[WHP]] : tensor<4x32xf32>, tensor<12x32x8xf32>)
// CHECK:           %[[NEXT:.*]]:2 = linalg.generic
// CHECK:           ^bb0(%[[xr:[^:]+]]: f32, %[[xz:[^:]+]]: f32, %[[xn:[^:]+]]: f32, %[[hr:[^:]+]]: f32, %[[hz:[^:]+]]: f32, %[[hn:[^:]+]]: f32, %[[h:[^:]+]]: f32,
// CHECK:             arith.addf %[[xr]], %[[hr]] : f32
// CHECK:             %[[R:.*]] = arith.divf
// CHECK:             arith.addf %[[xz]], %[[hz]] : f32
// CHECK:             %[[Z:.*]] = arith.divf
// CHECK:             %[[RH:.*]] = arith.mulf %[[R]], %[[hn]] : f32
// CHECK:             %[[NPRE:.*]] = arith.addf %[[xn]], %[[RH]] : f32
// CHECK:             %[[N:.*]] = math.tanh %[[NPRE]] : f32
// CHECK:             %[[D:.*]] = arith.subf %[[h]], %[[N]] : f32
// CHECK:             %[[ZD:.*]] = arith.mulf %[[Z]], %[[D]] : f32
// CHECK:             %[[HNEW:.*]] = arith.addf %[[N]], %[[ZD]] : f32
// CHECK:             linalg.yield %[[HNEW]], %[[HNEW]] : f32, f32
// CHECK-NOT:       linalg.generic
// CHECK:           %[[H_NEXT:.*]] = linalg.copy ins(%[[NEXT]]#0 {{.*}} outs(%[[H]]
// CHECK:           %[[OUT_NEXT:.*]] = tensor.insert_slice %[[NEXT]]#1 into %[[OUT]][0, %[[STEP]], 0] [4, 1, 32] [1, 1, 1] : tensor<4x32xf32> into tensor<4x10x32xf32>
// CHECK:           scf.yield %[[H_NEXT]], %[[OUT_NEXT]]
// CHECK:         return %[[LOOP]]#1, %{{.*}} : tensor<4x10x32xf32>, tensor<1x4x32xf32>

// -----

func.func @rnn_lengths(%x: tensor<?x?x16xf32>, %wi: tensor<32x16xf32>, %wh: tensor<32x32xf32>,
                       %len: tensor<?xi64>) -> (tensor<?x?x32xf32>, tensor<1x?x32xf32>) {
  %out, %hn = seq.rnn %x weight_ih(%wi : tensor<32x16xf32>) weight_hh(%wh : tensor<32x32xf32>)
      lengths(%len : tensor<?xi64>) direction(forward) nonlinearity(relu) : tensor<?x?x16xf32>
  return %out, %hn : tensor<?x?x32xf32>, tensor<1x?x32xf32>
}

// With lengths, a finished sequence keeps its state and outputs zeros.
// CHECK-LABEL: func.func @rnn_lengths(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x?x16xf32>, %[[WI:[a-z0-9]+]]: tensor<32x16xf32>, %[[WH:[a-z0-9]+]]: tensor<32x32xf32>,
// CHECK-SAME:      %[[LEN:[a-z0-9]+]]: tensor<?xi64>)
// A single gate's recurrent weight is transposed, not packed (W_ih is).
// CHECK:         %[[WIE:.*]] = tensor.expand_shape %[[WI]]
// CHECK:         %[[WIP:.*]] = linalg.transpose ins(%[[WIE]] : tensor<4x8x16xf32>)
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %[[WIP]]
// CHECK:         %[[WHT:.*]] = linalg.transpose ins(%[[WH]] : tensor<32x32xf32>)
// CHECK:         scf.for %[[STEP:.*]] = %{{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[OUT:.*]] = %{{.*}})
// CHECK:           linalg.matmul ins(%[[H]], %[[WHT]]
// CHECK:           %[[STEP_I64:.*]] = arith.index_cast %[[STEP]] : index to i64
// CHECK:           %[[NEXT:.*]]:2 = linalg.generic
// CHECK-SAME:          ins(%{{.*}}, %{{.*}}, %[[H]], %[[LEN]] : tensor<?x32xf32>, tensor<?x32xf32>, tensor<?x32xf32>, tensor<?xi64>)
// CHECK:           ^bb0(%[[x:[^:]+]]: f32, %[[hp:[^:]+]]: f32, %[[h:[^:]+]]: f32, %[[len:[^:]+]]: i64,
// CHECK:             %[[PRE:.*]] = arith.addf %[[x]], %[[hp]] : f32
// CHECK:             %[[ACT:.*]] = arith.maximumf %[[PRE]], %{{.*}} : f32
// CHECK:             %[[VALID:.*]] = arith.cmpi slt, %[[STEP_I64]], %[[len]] : i64
// CHECK:             %[[STATE:.*]] = arith.select %[[VALID]], %[[ACT]], %[[h]] : f32
// CHECK:             %[[OUTV:.*]] = arith.select %[[VALID]], %[[ACT]], %{{.*}} : f32
// CHECK:             linalg.yield %[[STATE]], %[[OUTV]] : f32, f32
// CHECK:           tensor.insert_slice %[[NEXT]]#1 into %[[OUT]][0, %[[STEP]], 0]
// CHECK-NOT:     math.tanh
// CHECK:         return

// -----

func.func @gru_reverse_lengths(%x: tensor<?x?x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>,
                               %len: tensor<?xi32>) -> (tensor<?x?x32xf32>, tensor<1x?x32xf32>) {
  %out, %hn = seq.gru %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>)
      lengths(%len : tensor<?xi32>) direction(reverse) : tensor<?x?x16xf32>
  return %out, %hn : tensor<?x?x32xf32>, tensor<1x?x32xf32>
}

// The reverse direction reverses each sequence within its length (on the
// projected input), runs the forward recurrence and reverses the output back.
// CHECK-LABEL: func.func @gru_reverse_lengths(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x?x16xf32>, %[[WI:[a-z0-9]+]]: tensor<96x16xf32>, %[[WH:[a-z0-9]+]]: tensor<96x32xf32>,
// CHECK-SAME:      %[[LEN:[a-z0-9]+]]: tensor<?xi32>)
// CHECK:         %[[T:.*]] = tensor.dim %[[X]], %c1
// CHECK:         %[[WIE:.*]] = tensor.expand_shape %[[WI]]
// CHECK:         %[[WIP:.*]] = linalg.transpose ins(%[[WIE]]
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %[[WIP]]
// CHECK:         %[[XPROJ:.*]] = tensor.reshape
// CHECK:         tensor.expand_shape %[[WH]]
// CHECK:         %[[XREV:.*]] = linalg.generic {{.*}} ins(%[[LEN]] : tensor<?xi32>) outs(%{{.*}} : tensor<?x?x96xf32>)
// CHECK:           %[[B:.*]] = linalg.index 0 : index
// CHECK:           %[[TI:.*]] = linalg.index 1 : index
// CHECK:           %[[J:.*]] = linalg.index 2 : index
// CHECK:           %[[L:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK:           %[[LC:.*]] = arith.minsi %[[L]], %[[T]] : index
// CHECK:           %[[LAST:.*]] = arith.subi %[[LC]], %c1{{.*}} : index
// CHECK:           %[[MIRROR:.*]] = arith.subi %[[LAST]], %[[TI]] : index
// CHECK:           %[[INSIDE:.*]] = arith.cmpi slt, %[[TI]], %[[LC]] : index
// CHECK:           %[[SRC:.*]] = arith.select %[[INSIDE]], %[[MIRROR]], %[[TI]] : index
// CHECK:           tensor.extract %[[XPROJ]][%[[B]], %[[SRC]], %[[J]]] : tensor<?x?x96xf32>
// CHECK:         %[[LOOP:.*]]:2 = scf.for %[[STEP:.*]] = %{{.*}} to %[[T]]
// CHECK:           tensor.extract_slice %[[XREV]][0, %[[STEP]], 0]
// CHECK:           linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x32xf32>, tensor<12x32x8xf32>)
// CHECK:           linalg.generic {{.*}} ins({{.*}}, %[[LEN]] :
// CHECK:           arith.cmpi slt
// CHECK:           scf.yield
// CHECK:         %[[OUT:.*]] = linalg.generic {{.*}} ins(%[[LEN]] : tensor<?xi32>) outs(%{{.*}} : tensor<?x?x32xf32>)
// CHECK:           arith.minsi
// CHECK:           tensor.extract %[[LOOP]]#1[
// CHECK:         return %[[OUT]], %{{.*}} : tensor<?x?x32xf32>, tensor<1x?x32xf32>

// -----

func.func @lstm_bidirectional(%x: tensor<?x?x16xf32>, %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>,
                              %wir: tensor<128x16xf32>, %whr: tensor<128x32xf32>)
    -> (tensor<?x?x64xf32>, tensor<2x?x32xf32>, tensor<2x?x32xf32>) {
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>)
      weight_ih_reverse(%wir : tensor<128x16xf32>) weight_hh_reverse(%whr : tensor<128x32xf32>)
      direction(bidirectional) : tensor<?x?x16xf32>
  return %out, %hn, %cn : tensor<?x?x64xf32>, tensor<2x?x32xf32>, tensor<2x?x32xf32>
}

// Bidirectional: the forward run uses weight_*, the reverse run the
// *_reverse weights; outputs are concatenated along the last dim and the
// final states stacked along dim 0.
// CHECK-LABEL: func.func @lstm_bidirectional(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x?x16xf32>, %[[WI:[a-z0-9]+]]: tensor<128x16xf32>, %[[WH:[a-z0-9]+]]: tensor<128x32xf32>,
// CHECK-SAME:      %[[WIR:[a-z0-9]+]]: tensor<128x16xf32>, %[[WHR:[a-z0-9]+]]: tensor<128x32xf32>)
// CHECK:         %[[HN_INIT:.*]] = tensor.empty(%{{.*}}) : tensor<2x?x32xf32>
// CHECK:         %[[CN_INIT:.*]] = tensor.empty(%{{.*}}) : tensor<2x?x32xf32>
// CHECK:         tensor.expand_shape %[[WI]]
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x16xf32>, tensor<16x16x8xf32>)
// CHECK:         tensor.expand_shape %[[WH]]
// CHECK:         %[[FWD:.*]]:3 = scf.for
// CHECK:           linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x32xf32>, tensor<16x32x8xf32>)
// CHECK:           linalg.generic
// CHECK:           scf.yield
// CHECK:         %[[HN0:.*]] = tensor.insert_slice %[[FWD]]#0 into %[[HN_INIT]][0, 0, 0] [1, %{{.*}}, 32] [1, 1, 1]
// CHECK:         %[[CN0:.*]] = tensor.insert_slice %[[FWD]]#1 into %[[CN_INIT]][0, 0, 0] [1, %{{.*}}, 32] [1, 1, 1]
// CHECK:         tensor.expand_shape %[[WIR]]
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x16xf32>, tensor<16x16x8xf32>)
// CHECK:         tensor.expand_shape %[[WHR]]
// CHECK:         %[[XREV:.*]] = linalg.generic
// CHECK-NOT:       arith.select
// CHECK:           tensor.extract
// CHECK:         %[[BWD:.*]]:3 = scf.for
// CHECK:           tensor.extract_slice %[[XREV]]
// CHECK:           linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?x32xf32>, tensor<16x32x8xf32>)
// CHECK:           linalg.generic
// CHECK:           scf.yield
// CHECK:         %[[BWD_OUT:.*]] = linalg.generic
// CHECK:           tensor.extract %[[BWD]]#2
// CHECK:         %[[HN:.*]] = tensor.insert_slice %[[BWD]]#0 into %[[HN0]][1, 0, 0] [1, %{{.*}}, 32] [1, 1, 1]
// CHECK:         %[[CN:.*]] = tensor.insert_slice %[[BWD]]#1 into %[[CN0]][1, 0, 0] [1, %{{.*}}, 32] [1, 1, 1]
// CHECK:         %[[OUT_INIT:.*]] = tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?x64xf32>
// CHECK:         %[[OUT0:.*]] = tensor.insert_slice %[[FWD]]#2 into %[[OUT_INIT]][0, 0, 0] [%{{.*}}, %{{.*}}, 32] [1, 1, 1]
// CHECK:         %[[OUT:.*]] = tensor.insert_slice %[[BWD_OUT]] into %[[OUT0]][0, 0, 32] [%{{.*}}, %{{.*}}, 32] [1, 1, 1]
// CHECK:         return %[[OUT]], %[[HN]], %[[CN]]

// -----

func.func @lstm_cell(%x: tensor<?x16xf32>, %h: tensor<?x32xf32>, %c: tensor<?x32xf32>,
                     %wi: tensor<128x16xf32>, %wh: tensor<128x32xf32>) -> (tensor<?x32xf32>, tensor<?x32xf32>) {
  %h1, %c1 = seq.lstm_cell %x h(%h : tensor<?x32xf32>) c(%c : tensor<?x32xf32>)
      weight_ih(%wi : tensor<128x16xf32>) weight_hh(%wh : tensor<128x32xf32>) : tensor<?x16xf32>
  return %h1, %c1 : tensor<?x32xf32>, tensor<?x32xf32>
}

// A cell is one step: both projections and the gate generic, no loop.
// CHECK-LABEL: func.func @lstm_cell(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<?x16xf32>, %[[H:[a-z0-9]+]]: tensor<?x32xf32>, %[[C:[a-z0-9]+]]: tensor<?x32xf32>,
// CHECK-SAME:      %[[WI:[a-z0-9]+]]: tensor<128x16xf32>, %[[WH:[a-z0-9]+]]: tensor<128x32xf32>)
// CHECK-NOT:     scf.for
// CHECK:         %[[WIE:.*]] = tensor.expand_shape %[[WI]]
// CHECK:         %[[WIP:.*]] = linalg.transpose ins(%[[WIE]]
// CHECK:         %[[XP:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[WIP]]
// CHECK:         %[[WHE:.*]] = tensor.expand_shape %[[WH]]
// CHECK:         %[[WHP:.*]] = linalg.transpose ins(%[[WHE]]
// CHECK:         %[[HP:.*]] = linalg.generic {{.*}} ins(%[[H]], %[[WHP]]
// CHECK:         %[[NEXT:.*]]:2 = linalg.generic
// CHECK-SAME:        ins(%{{.*}}, %[[H]], %[[C]] :
// CHECK:         linalg.yield %{{.*}}, %{{.*}} : f32, f32
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[NEXT]]#0, %[[NEXT]]#1 : tensor<?x32xf32>, tensor<?x32xf32>

// -----

func.func @gru_cell_no_state(%x: tensor<4x16xf32>, %wi: tensor<96x16xf32>, %wh: tensor<96x32xf32>,
                             %bi: tensor<96xf32>, %bh: tensor<96xf32>) -> tensor<4x32xf32> {
  %h1 = seq.gru_cell %x weight_ih(%wi : tensor<96x16xf32>) weight_hh(%wh : tensor<96x32xf32>)
      bias_ih(%bi : tensor<96xf32>) bias_hh(%bh : tensor<96xf32>) : tensor<4x16xf32>
  return %h1 : tensor<4x32xf32>
}

// CHECK-LABEL: func.func @gru_cell_no_state(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: tensor<4x16xf32>, %[[WI:[a-z0-9]+]]: tensor<96x16xf32>, %[[WH:[a-z0-9]+]]: tensor<96x32xf32>
// CHECK:         %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<4x32xf32>
// CHECK:         %[[WIE:.*]] = tensor.expand_shape %[[WI]]
// CHECK:         %[[WIP:.*]] = linalg.transpose ins(%[[WIE]]
// CHECK:         linalg.generic {{.*}} ins(%[[X]], %[[WIP]]
// CHECK:         %[[WHE:.*]] = tensor.expand_shape %[[WH]]
// CHECK:         %[[WHP:.*]] = linalg.transpose ins(%[[WHE]]
// CHECK:         linalg.generic {{.*}} ins(%[[ZERO]], %[[WHP]]
// CHECK:         %[[NEXT:.*]] = linalg.generic
// CHECK-SAME:        ins({{.*}}, %[[ZERO]] :
// CHECK:         return %[[NEXT]] : tensor<4x32xf32>

// -----

// A static batch that is a multiple of 8 (and at least 16) is split into
// chunks of 8 rows, each running the whole recurrence in one iteration of an
// scf.forall: batch rows never interact, so the threads need no barrier per
// step. The input projection stays one GEMM over the whole batch.

func.func @lstm_batch_split(%x: tensor<16x5x8xf32>, %wi: tensor<64x8xf32>, %wh: tensor<64x16xf32>,
                            %bi: tensor<64xf32>, %bh: tensor<64xf32>)
    -> (tensor<16x5x16xf32>, tensor<1x16x16xf32>, tensor<1x16x16xf32>) {
  %out, %hn, %cn = seq.lstm %x weight_ih(%wi : tensor<64x8xf32>) weight_hh(%wh : tensor<64x16xf32>)
      bias_ih(%bi : tensor<64xf32>) bias_hh(%bh : tensor<64xf32>) direction(forward) : tensor<16x5x8xf32>
  return %out, %hn, %cn : tensor<16x5x16xf32>, tensor<1x16x16xf32>, tensor<1x16x16xf32>
}

// CHECK-LABEL: func.func @lstm_batch_split(
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<80x8xf32>, tensor<8x8x8xf32>)
// CHECK:         %[[XPROJ:.*]] = tensor.expand_shape %{{.*}} output_shape [16, 5, 64]
// CHECK:         %[[R:.*]]:3 = scf.forall (%[[CHUNK:.*]]) in (2) shared_outs(%[[OUT:.*]] = %{{.*}}, %[[HN:.*]] = %{{.*}}, %[[CN:.*]] = %{{.*}}) -> (tensor<16x5x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>)
// CHECK:           %[[ROW:.*]] = arith.muli %[[CHUNK]], %c8
// CHECK:           %[[XC:.*]] = tensor.extract_slice %[[XPROJ]][%[[ROW]], 0, 0] [8, 5, 64]
// CHECK:           %[[LOOP:.*]]:3 = scf.for {{.*}} -> (tensor<8x16xf32>, tensor<8x16xf32>, tensor<8x5x16xf32>)
// CHECK:             tensor.extract_slice %[[XC]]
// CHECK:             linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<8x16xf32>, tensor<8x16x8xf32>)
// CHECK:           scf.forall.in_parallel
// CHECK-NEXT:        tensor.parallel_insert_slice %[[LOOP]]#2 into %[[OUT]][%[[ROW]], 0, 0] [8, 5, 16]
// CHECK-NEXT:        tensor.parallel_insert_slice %[[LOOP]]#0 into %[[HN]][%[[ROW]], 0] [8, 16]
// CHECK-NEXT:        tensor.parallel_insert_slice %[[LOOP]]#1 into %[[CN]][%[[ROW]], 0] [8, 16]
// CHECK:         return %[[R]]#0
