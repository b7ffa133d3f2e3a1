// RUN: seq-opt %s --seq-fuse-attention="vector-width=8" --cse --split-input-file | FileCheck %s
// RUN: seq-opt %s --seq-fuse-attention="vectorize=false" --split-input-file | FileCheck %s --check-prefix=SCALAR

// The loop nest: a parallel loop over (batch, head, query tile) sharing the
// output tensor, scratch tiles on the stack, Qᵀ·scale packed, then the
// key/value tile loops; each query tile writes its rows of the output in
// place. Nothing of size Sq × Sk is allocated.

// CHECK-LABEL: func.func @loop_nest
// CHECK-SAME: (%[[Q:.+]]: tensor<2x4x384x64xf32>, %[[K:.+]]: tensor<2x4x512x64xf32>, %[[V:.+]]: tensor<2x4x512x64xf32>)
// CHECK-NOT: 384x512
// CHECK: %[[INIT:.+]] = tensor.empty() : tensor<2x4x384x64xf32>
// CHECK: %[[QTILES:.+]] = arith.constant 6 : index
// CHECK: %[[RESULT:.+]] = scf.forall (%[[B:.+]], %[[H:.+]], %[[QT:.+]]) in (%{{.+}}, %{{.+}}, %[[QTILES]]) shared_outs(%[[OUT:.+]] = %[[INIT]]) -> (tensor<2x4x384x64xf32>) {
// CHECK-NEXT: %[[QT_TILE:.+]] = memref.alloca() {alignment = 64 : i64} : memref<64x64xf32>
// CHECK-NEXT: %[[S_TILE:.+]] = memref.alloca() {alignment = 64 : i64} : memref<64x64xf32>
// CHECK-NEXT: %[[ACC:.+]] = memref.alloca() {alignment = 64 : i64} : memref<64x64xf32>
// CHECK-NEXT: %[[M:.+]] = memref.alloca() {alignment = 64 : i64} : memref<64xf32>
// CHECK-NEXT: %[[L:.+]] = memref.alloca() {alignment = 64 : i64} : memref<64xf32>
// CHECK-NEXT: %[[ALPHA:.+]] = memref.alloca() {alignment = 64 : i64} : memref<64xf32>
// CHECK: %[[C64:.+]] = arith.constant 64 : index
// CHECK-NEXT: %[[ROW0:.+]] = arith.muli %[[QT]], %[[C64]]
// CHECK: %[[ROWS:.+]] = arith.minsi %{{.+}}, %[[C64]]
// Qᵀ·scale·log2(e) (1/√64 · 1.4427: scores in the log2 domain), transposed
// into the Qᵀ tile.
// CHECK: %[[SCALE:.+]] = arith.constant 0.180336878 : f32
// CHECK: scf.for %[[R:.+]] = %{{.+}} to %[[ROWS]]
// CHECK: scf.for %[[D:.+]] =
// CHECK: %[[QV:.+]] = tensor.extract %[[Q]][%[[B]], %[[H]], %{{.+}}, %[[D]]]
// CHECK: %[[QS:.+]] = arith.mulf %[[QV]], %[[SCALE]]
// CHECK: memref.store %[[QS]], %[[QT_TILE]][%[[D]], %[[R]]]
// No mask: every key tile but the last partial one is unmasked.
// CHECK: scf.for %{{.+}} = %{{.+}} to %c8 step
// The Sᵀ micro-kernel: 4 keys (a [D] slice of K each) × 2 vectors of query
// rows, over D.
// CHECK-COUNT-4: tensor.extract_slice %[[K]][%[[B]], %[[H]], %{{.+}}, 0] [1, 1, 1, 64] [1, 1, 1, 1] : tensor<2x4x512x64xf32> to tensor<64xf32>
// CHECK: scf.for {{.+}} iter_args({{.+}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK-COUNT-2: vector.load %[[QT_TILE]]
// CHECK: tensor.extract %{{.+}}[%{{.+}}] : tensor<64xf32>
// CHECK-COUNT-8: math.fma
// CHECK: scf.yield
// CHECK: vector.store %{{.+}}, %[[S_TILE]]
// The last vector of query rows of a short tile: 4 keys × 1 vector.
// CHECK: scf.for %{{.+}} step %c8 {
// CHECK-NEXT: scf.for {{.+}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK-NOT: arith.cmpi
// CHECK: math.roundeven
// P·V accumulates into ACC: blocks of 4 rows, then single rows.
// CHECK: vector.transfer_read %[[V]][%[[B]], %[[H]],
// CHECK: vector.store %{{.+}}, %[[ACC]]
// CHECK: scf.for %{{.+}} = %{{.+}} to %[[ROWS]] step %c1 {
// One division per row at the end, into the tile's rows of the output.
// CHECK: %[[SLICE:.+]] = tensor.extract_slice %[[OUT]][%[[B]], %[[H]], %[[ROW0]], 0] [1, 1, %[[ROWS]], 64] [1, 1, 1, 1] : tensor<2x4x384x64xf32> to tensor<?x64xf32>
// CHECK: %[[TILE:.+]] = scf.for %[[ROW:.+]] = %{{.+}} to %[[ROWS]] step %{{.+}} iter_args(%[[T0:.+]] = %[[SLICE]])
// CHECK: arith.divf
// CHECK: vector.transfer_write %{{.+}}, %[[T0]][%[[ROW]], %{{.+}}] {in_bounds = [true]} : vector<8xf32>, tensor<?x64xf32>
// CHECK: scf.forall.in_parallel {
// CHECK-NEXT: tensor.parallel_insert_slice %[[TILE]] into %[[OUT]][%[[B]], %[[H]], %[[ROW0]], 0] [1, 1, %[[ROWS]], 64] [1, 1, 1, 1]
// CHECK: return %[[RESULT]]
// SCALAR-LABEL: func.func @loop_nest
// SCALAR-NOT: vector
// SCALAR: scf.forall
// SCALAR: math.fma %{{.+}} : f32
// SCALAR: math.exp2 %{{.+}} : f32
func.func @loop_nest(%q: tensor<2x4x384x64xf32>, %k: tensor<2x4x512x64xf32>,
                     %v: tensor<2x4x512x64xf32>) -> tensor<2x4x384x64xf32> {
  %o = seq.sdpa %q, %k, %v : tensor<2x4x384x64xf32>, tensor<2x4x512x64xf32>, tensor<2x4x512x64xf32>
  return %o : tensor<2x4x384x64xf32>
}

// -----

// The online-softmax update of one key tile, per vector of query rows (the
// scores are in the log2 domain):
// m' = max(m, max_j s), α = 2^(m - m'), p = 2^(s - m'), l' = α·l + Σ p,
// with -inf (no key yet) replaced by 0 so that p = α = 0; the accumulator
// is rescaled by α before P·V is added; rows without keys give zeros.

// CHECK-LABEL: func.func @online_softmax
// CHECK: %[[M:.+]] = memref.alloca() {alignment = 64 : i64} : memref<64xf32>
// CHECK-NEXT: %[[L:.+]] = memref.alloca() {alignment = 64 : i64} : memref<64xf32>
// CHECK-NEXT: %[[ALPHA:.+]] = memref.alloca() {alignment = 64 : i64} : memref<64xf32>
// CHECK: %[[NEGINF:.+]] = arith.constant dense<0xFF800000> : vector<8xf32>
// CHECK: %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK: vector.store %[[NEGINF]], %[[M]]
// CHECK: vector.store %[[ZERO]], %[[L]]
// CHECK: scf.for %[[RB:.+]] = %c0 to %{{.+}} step %c8 {
// CHECK-NEXT: %[[MOLD:.+]] = vector.load %[[M]][%[[RB]]]
// CHECK-NEXT: %[[MNEW:.+]] = scf.for {{.+}} iter_args(%[[MX:.+]] = %[[MOLD]]) -> (vector<8xf32>)
// CHECK-NEXT: %[[S:.+]] = vector.load
// CHECK-NEXT: %[[GT:.+]] = arith.cmpf ogt, %[[MX]], %[[S]]
// CHECK-NEXT: %[[SEL:.+]] = arith.select %[[GT]], %[[MX]], %[[S]]
// CHECK-NEXT: scf.yield %[[SEL]]
// CHECK: %[[EMPTY:.+]] = arith.cmpf oeq, %[[MNEW]], %[[NEGINF]]
// CHECK-NEXT: %[[BASE:.+]] = arith.select %[[EMPTY]], %[[ZERO]], %[[MNEW]]
// CHECK-NEXT: %[[DIFF:.+]] = arith.subf %[[MOLD]], %[[BASE]]
// 2^x = 2^f · 2^n with n = round(x): a polynomial in f, n in the exponent
// bits; x is clamped at -127, where 2^n is built as 0 (masked scores),
// and a NaN passes the clamp (an ordered x < -127 is false for it).
// CHECK-NEXT: %[[MIN:.+]] = arith.constant dense<-1.270000e+02> : vector<8xf32>
// CHECK-NEXT: %[[LT:.+]] = arith.cmpf olt, %[[DIFF]], %[[MIN]]
// CHECK-NEXT: %[[X0:.+]] = arith.select %[[LT]], %[[MIN]], %[[DIFF]]
// CHECK-NEXT: %[[N:.+]] = math.roundeven %[[X0]]
// CHECK-NEXT: %[[F:.+]] = arith.subf %[[X0]], %[[N]]
// CHECK-COUNT-6: math.fma %{{.+}}, %[[F]], %{{.+}} : vector<8xf32>
// CHECK-NEXT: %[[NI:.+]] = arith.fptosi %[[N]] : vector<8xf32> to vector<8xi32>
// CHECK-NEXT: %[[BIAS:.+]] = arith.constant dense<127> : vector<8xi32>
// CHECK-NEXT: %[[NB:.+]] = arith.addi %[[NI]], %[[BIAS]]
// CHECK-NEXT: %[[C23:.+]] = arith.constant dense<23> : vector<8xi32>
// CHECK-NEXT: %[[BITS:.+]] = arith.shli %[[NB]], %[[C23]]
// CHECK-NEXT: %[[POW:.+]] = arith.bitcast %[[BITS]] : vector<8xi32> to vector<8xf32>
// CHECK-NEXT: %[[A:.+]] = arith.mulf %{{.+}}, %[[POW]]
// CHECK-NEXT: %[[SUM:.+]] = scf.for {{.+}} iter_args(%[[ACC:.+]] = %[[ZERO]])
// CHECK-NEXT: %[[S2:.+]] = vector.load
// CHECK-NEXT: %[[X:.+]] = arith.subf %[[S2]], %[[BASE]]
// CHECK-NEXT: arith.cmpf olt, %[[X]], %[[MIN]]
// CHECK: math.roundeven
// CHECK: %[[P:.+]] = arith.mulf
// CHECK-NEXT: vector.store %[[P]]
// CHECK-NEXT: %[[NEXT:.+]] = arith.addf %[[ACC]], %[[P]]
// CHECK-NEXT: scf.yield %[[NEXT]]
// CHECK: %[[LOLD:.+]] = vector.load %[[L]][%[[RB]]]
// CHECK-NEXT: %[[LNEW:.+]] = math.fma %[[LOLD]], %[[A]], %[[SUM]]
// CHECK-NEXT: vector.store %[[LNEW]], %[[L]][%[[RB]]]
// CHECK-NEXT: vector.store %[[MNEW]], %[[M]][%[[RB]]]
// CHECK-NEXT: vector.store %[[A]], %[[ALPHA]][%[[RB]]]
// Rescale, then accumulate P·V.
// CHECK: %[[A0:.+]] = memref.load %[[ALPHA]]
// CHECK-NEXT: %[[A0V:.+]] = vector.broadcast %[[A0]]
// CHECK: %[[O:.+]] = vector.load
// CHECK-NEXT: arith.mulf %[[O]], %[[A0V]]
// CHECK: scf.for
// CHECK: vector.transfer_read
// CHECK: math.fma
// Final division; zeros where l = 0.
// CHECK: %[[LR:.+]] = memref.load %[[L]]
// CHECK-NEXT: %[[NOKEY:.+]] = arith.cmpf oeq, %[[LR]], %[[ZEROF:.+]] : f32
// CHECK-NEXT: %[[INV:.+]] = arith.divf %{{.+}}, %[[LR]]
// CHECK-NEXT: arith.select %[[NOKEY]], %[[ZEROF]], %[[INV]]
func.func @online_softmax(%q: tensor<1x1x?x64xf32>, %k: tensor<1x1x?x64xf32>,
                          %v: tensor<1x1x?x64xf32>) -> tensor<1x1x?x64xf32> {
  %o = seq.sdpa %q, %k, %v : tensor<1x1x?x64xf32>, tensor<1x1x?x64xf32>, tensor<1x1x?x64xf32>
  return %o : tensor<1x1x?x64xf32>
}

// -----

// causal: the key loop stops after the diagonal of the tile's last row;
// tiles wholly below the diagonal of its first row run with no mask work,
// the rest (diagonal tiles) compare key and query positions. The parallel
// loop runs the query tiles of a head last first, the costliest first.

// CHECK-LABEL: func.func @causal_bound
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[SK:.+]] = tensor.dim %{{.+}}, %c2
// CHECK: %[[C64:.+]] = arith.constant 64 : index
// CHECK: %[[QTILES:.+]] = arith.ceildivsi %{{.+}}, %[[C64]]
// CHECK: scf.forall (%{{.+}}, %{{.+}}, %[[QT:.+]]) in (%{{.+}}, %{{.+}}, %[[QTILES]])
// CHECK: %[[C1:.+]] = arith.constant 1 : index
// CHECK-NEXT: %[[LASTQT:.+]] = arith.subi %[[QTILES]], %[[C1]]
// CHECK-NEXT: %[[REVQT:.+]] = arith.subi %[[LASTQT]], %[[QT]]
// CHECK: %[[ROW0:.+]] = arith.muli %[[REVQT]], %[[C64]]
// CHECK: %[[ROWS:.+]] = arith.minsi %{{.+}}, %[[C64]]
// CHECK: %[[LAST:.+]] = arith.addi %[[ROW0]], %[[ROWS]]
// CHECK-NEXT: %[[END0:.+]] = arith.minsi %[[SK]], %[[LAST]]
// CHECK-NEXT: %[[END:.+]] = arith.maxsi %[[END0]], %[[C0]]
// CHECK-NEXT: %[[TILES:.+]] = arith.ceildivsi %[[END]], %[[C64]]
// CHECK-NEXT: %[[FULL:.+]] = arith.divsi %[[END]], %[[C64]]
// CHECK-NEXT: %[[DIAG0:.+]] = arith.addi %[[ROW0]], %[[C1]]
// CHECK-NEXT: %[[DIAG1:.+]] = arith.maxsi %[[DIAG0]], %[[C0]]
// CHECK-NEXT: %[[BELOW:.+]] = arith.divsi %[[DIAG1]], %[[C64]]
// CHECK-NEXT: %[[UNMASKED:.+]] = arith.minsi %[[FULL]], %[[BELOW]]
// CHECK: scf.for %{{.+}} = %[[C0]] to %[[UNMASKED]] step %[[C1]] {
// CHECK-NOT: arith.cmpi
// CHECK: scf.for %[[T:.+]] = %[[UNMASKED]] to %[[TILES]] step %[[C1]] {
// CHECK-NEXT: %[[J0:.+]] = arith.muli %[[T]], %[[C64]]
// CHECK-NEXT: %[[LEFT:.+]] = arith.subi %[[END]], %[[J0]]
// CHECK-NEXT: %[[COLS:.+]] = arith.minsi %[[LEFT]], %[[C64]]
// Sᵀ blocks of 16 query rows wholly above the diagonal are skipped.
// CHECK: %[[FULLEND:.+]] = arith.muli %{{.+}}, %c16
// CHECK: scf.for %[[JB:.+]] = %[[C0]] to %{{.+}} step %c4
// CHECK-NEXT: %[[KEY:.+]] = arith.addi %[[J0]], %[[JB]]
// CHECK: %[[BEHIND:.+]] = arith.subi %[[KEY]], %[[ROW0]]
// CHECK: %[[BEHIND1:.+]] = arith.subi %[[BEHIND]], %c15
// CHECK-NEXT: %[[BEHIND2:.+]] = arith.maxsi %[[BEHIND1]], %[[C0]]
// CHECK: %[[NBLOCKS:.+]] = arith.ceildivsi %[[BEHIND2]], %c16
// CHECK-NEXT: %[[FIRSTQ:.+]] = arith.muli %[[NBLOCKS]], %c16
// CHECK-NEXT: scf.for %{{.+}} = %[[FIRSTQ]] to %[[FULLEND]] step %c16
// CHECK: %[[LANES:.+]] = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7]> : vector<8xi32>
// CHECK-NEXT: scf.for %[[JJ:.+]] = %[[C0]] to
// CHECK-NEXT: %[[J:.+]] = arith.addi %[[J0]], %[[JJ]]
// CHECK-NEXT: %[[THR:.+]] = arith.subi %[[J]], %[[ROW0]]
// CHECK-NEXT: %[[THR32:.+]] = arith.index_cast %[[THR]] : index to i32
// CHECK-NEXT: scf.for %[[RB:.+]] =
// CHECK-NEXT: %[[RB32:.+]] = arith.index_cast %[[RB]] : index to i32
// CHECK-NEXT: %[[FIRST:.+]] = vector.broadcast %[[RB32]]
// CHECK-NEXT: %[[ROWIDX:.+]] = arith.addi %[[FIRST]], %[[LANES]]
// CHECK-NEXT: %[[BOUND:.+]] = vector.broadcast %[[THR32]]
// CHECK-NEXT: %[[KEEP:.+]] = arith.cmpi sge, %[[ROWIDX]], %[[BOUND]] : vector<8xi32>
// CHECK-NEXT: %[[S:.+]] = vector.load
// CHECK-NEXT: arith.select %[[KEEP]], %[[S]], %{{.+}} : vector<8xi1>, vector<8xf32>
// P·V of a block of 4 rows stops at the diagonal of its last row.
// CHECK: scf.for %[[PRB:.+]] = %[[C0]] to %{{.+}} step %c4
// CHECK: %[[PEND:.+]] = arith.addi %[[PRB]], %c4
// CHECK-NEXT: %[[PEND1:.+]] = arith.addi %[[ROW0]], %[[PEND]]
// CHECK-NEXT: %[[PVIS:.+]] = arith.subi %[[PEND1]], %[[J0]]
// CHECK-NEXT: %[[PMIN:.+]] = arith.minsi %[[COLS]], %[[PVIS]]
// CHECK-NEXT: %[[PCOUNT:.+]] = arith.maxsi %[[PMIN]], %[[C0]]
// CHECK: scf.for %{{.+}} = %[[C0]] to %[[PCOUNT]] step %[[C1]] iter_args
func.func @causal_bound(%q: tensor<?x4x?x64xf32>, %k: tensor<?x4x?x64xf32>,
                        %v: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  %o = seq.sdpa %q, %k, %v causal(top_left) : tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}

// -----

// bottom_right shifts the diagonal by Sk - Sq.

// CHECK-LABEL: func.func @causal_bottom_right
// CHECK: %[[SK:.+]] = tensor.dim %arg1, %c2
// CHECK: %[[SQ:.+]] = tensor.dim %arg0, %c2
// CHECK: %[[SHIFT:.+]] = arith.subi %[[SK]], %[[SQ]]
// CHECK: scf.forall
// CHECK: %[[LAST:.+]] = arith.addi %{{.+}}, %{{.+}}
// CHECK-NEXT: arith.addi %[[LAST]], %[[SHIFT]]
func.func @causal_bottom_right(%q: tensor<?x4x?x64xf32>, %k: tensor<?x4x?x64xf32>,
                               %v: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  %o = seq.sdpa %q, %k, %v causal(bottom_right) : tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}

// -----

// key_lengths: the key loop stops at the batch's length; full tiles are
// unmasked, the last one is bounded at the length (no select at all).

// CHECK-LABEL: func.func @key_length_bound
// CHECK-SAME: %[[LEN:[^:]+]]: tensor<?xi32>
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// Dynamic dims that the loops take to agree are checked first.
// CHECK: cf.assert %{{.+}}, "seqc: {{.+}} sdpa batch dims differ at run time"
// CHECK: %[[SK:.+]] = tensor.dim %arg1, %c2
// CHECK: cf.assert %{{.+}}, "seqc: {{.+}} sdpa key and value lengths differ at run time"
// CHECK: cf.assert %{{.+}}, "seqc: {{.+}} sdpa batch and key_lengths sizes differ at run time"
// CHECK: %[[C64:.+]] = arith.constant 64 : index
// CHECK: scf.forall (%[[B:.+]], %{{.+}}, %{{.+}}) in
// CHECK: %[[L:.+]] = tensor.extract %[[LEN]][%[[B]]] : tensor<?xi32>
// CHECK-NEXT: %[[LI:.+]] = arith.index_cast %[[L]] : i32 to index
// CHECK-NEXT: %[[END0:.+]] = arith.minsi %[[SK]], %[[LI]]
// CHECK-NEXT: %[[END:.+]] = arith.maxsi %[[END0]], %[[C0]]
// CHECK-NEXT: %[[TILES:.+]] = arith.ceildivsi %[[END]], %[[C64]]
// CHECK-NEXT: %[[FULL:.+]] = arith.divsi %[[END]], %[[C64]]
// CHECK: scf.for %{{.+}} = %[[C0]] to %[[FULL]] step
// CHECK: scf.for %[[T:.+]] = %[[FULL]] to %[[TILES]] step
// CHECK-NEXT: %[[J0:.+]] = arith.muli %[[T]], %[[C64]]
// CHECK-NEXT: %[[LEFT:.+]] = arith.subi %[[END]], %[[J0]]
// CHECK-NEXT: %[[COLS:.+]] = arith.minsi %[[LEFT]], %[[C64]]
// CHECK-NOT: arith.select {{.+}} : vector<8xi1>
// CHECK: scf.for %{{.+}} = %[[C0]] to %[[COLS]] step
// CHECK: math.roundeven
func.func @key_length_bound(%q: tensor<?x4x?x64xf32>, %k: tensor<?x4x?x64xf32>,
                            %v: tensor<?x4x?x64xf32>, %len: tensor<?xi32>) -> tensor<?x4x?x64xf32> {
  %o = seq.sdpa %q, %k, %v key_lengths(%len : tensor<?xi32>) : tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}

// -----

// Explicit masks are applied in every tile, broadcast dims read index 0.

// CHECK-LABEL: func.func @bool_mask
// CHECK-SAME: %[[MASK:[^:]+]]: tensor<?x1x1x?xi1>
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[KEEP:.+]] = tensor.extract %[[MASK]][%{{.+}}, %c0, %c0, %{{.+}}] : tensor<?x1x1x?xi1>
// CHECK: %[[S:.+]] = memref.load
// CHECK-NEXT: arith.select %[[KEEP]], %[[S]], %[[NEGINF]] : f32
func.func @bool_mask(%q: tensor<?x4x?x64xf32>, %k: tensor<?x4x?x64xf32>,
                     %v: tensor<?x4x?x64xf32>, %m: tensor<?x1x1x?xi1>) -> tensor<?x4x?x64xf32> {
  %o = seq.sdpa %q, %k, %v mask(%m : tensor<?x1x1x?xi1>) : tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}

// -----

// CHECK-LABEL: func.func @additive_mask
// CHECK-SAME: %[[MASK:[^:]+]]: tensor<?x?xf32>
// CHECK: %[[ADD:.+]] = tensor.extract %[[MASK]][%{{.+}}, %{{.+}}] : tensor<?x?xf32>
// The mask is added in the log2 domain of the scores: s + m·log2(e).
// CHECK: %[[S:.+]] = memref.load
// CHECK-NEXT: %[[LOG2E:.+]] = arith.constant 1.44269502 : f32
// CHECK-NEXT: math.fma %[[ADD]], %[[LOG2E]], %[[S]] : f32
func.func @additive_mask(%q: tensor<?x4x?x64xf32>, %k: tensor<?x4x?x64xf32>,
                         %v: tensor<?x4x?x64xf32>, %m: tensor<?x?xf32>) -> tensor<?x4x?x64xf32> {
  %o = seq.sdpa %q, %k, %v mask(%m : tensor<?x?xf32>) : tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}

// -----

// A value head dim that is not a multiple of the vector width: the last
// vector of V and of the output is a masked transfer.

// CHECK-LABEL: func.func @odd_value_dim
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<64x24xf32>
// CHECK: vector.transfer_read %{{.+}}[%{{.+}}, %{{.+}}, %{{.+}}, %c16], %{{.+}} : tensor<1x2x?x20xf32>, vector<8xf32>
// CHECK: vector.transfer_write %{{.+}}, %{{.+}}[%{{.+}}, %c16] : vector<8xf32>, tensor<?x20xf32>
func.func @odd_value_dim(%q: tensor<1x2x?x24xf32>, %k: tensor<1x2x?x24xf32>,
                         %v: tensor<1x2x?x20xf32>) -> tensor<1x2x?x20xf32> {
  %o = seq.sdpa %q, %k, %v : tensor<1x2x?x24xf32>, tensor<1x2x?x24xf32>, tensor<1x2x?x20xf32>
  return %o : tensor<1x2x?x20xf32>
}

// -----

// The seq.sdpa inside multi_head_attention is fused too (the op is
// decomposed first, as by seq-decompose). The heads are read in place from
// the column blocks of the one q/k/v projection [B, S, 3·H·D], each seen
// as [B, S, H, D], and the output is written as [B, S, H, Dv], the layout
// the output projection reads: neither the head split nor the head merge
// copies anything.

// CHECK-LABEL: func.func @multi_head_attention
// CHECK: %[[QKV:.*]] = seq.linear %arg0, %arg1 : tensor<2x?x64xf32>, tensor<192x64xf32>
// CHECK-DAG: %[[Q:.*]] = tensor.extract_slice %[[QKV]][0, 0, 0] [2, %{{.*}}, 64] [1, 1, 1]
// CHECK-DAG: %[[K:.*]] = tensor.extract_slice %[[QKV]][0, 0, 64] [2, %{{.*}}, 64] [1, 1, 1]
// CHECK-DAG: %[[V:.*]] = tensor.extract_slice %[[QKV]][0, 0, 128] [2, %{{.*}}, 64] [1, 1, 1]
// CHECK-NOT: linalg.transpose
// CHECK-DAG: %[[QH:.*]] = tensor.expand_shape %[[Q]] {{.*}} into tensor<2x?x4x16xf32>
// CHECK-DAG: %[[KH:.*]] = tensor.expand_shape %[[K]] {{.*}} into tensor<2x?x4x16xf32>
// CHECK-DAG: %[[VH:.*]] = tensor.expand_shape %[[V]] {{.*}} into tensor<2x?x4x16xf32>
// CHECK-NOT: seq.sdpa
// CHECK: %[[O:.*]] = scf.forall ({{.*}}) in ({{.*}}) shared_outs({{.*}}) -> (tensor<2x?x4x16xf32>)
// CHECK: tensor.extract %[[QH]]
// CHECK: tensor.extract_slice %[[KH]]
// CHECK: vector.transfer_read %[[VH]]
// CHECK-NOT: linalg.transpose
// CHECK-NOT: seq.multi_head_attention
// CHECK: %[[M:.*]] = tensor.collapse_shape %[[O]] {{.*}} : tensor<2x?x4x16xf32> into tensor<2x?x64xf32>
// CHECK: seq.linear %[[M]]
func.func @multi_head_attention(%x: tensor<2x?x64xf32>, %w: tensor<192x64xf32>,
                                %ow: tensor<64x64xf32>) -> tensor<2x?x64xf32> {
  %o = seq.multi_head_attention %x, %x, %x heads(4)
         in_proj_weight(%w : tensor<192x64xf32>) out_proj_weight(%ow : tensor<64x64xf32>)
         causal(top_left) : tensor<2x?x64xf32>, tensor<2x?x64xf32>, tensor<2x?x64xf32>
  return %o : tensor<2x?x64xf32>
}

// -----

// One query row (a decoder step, Sq = 1): the scores are dot products along
// D — the query row read once as 8 vectors (scaled), each key row as 8
// vectors, FMAs, one reduction — written to all lanes of the row of Sᵀ,
// instead of a micro-kernel over query lanes of which one would be used.
// CHECK-LABEL: func.func @single_query
// CHECK-SAME: (%[[Q:.+]]: tensor<?x8x1x64xf32>, %[[K:.+]]: tensor<?x8x?x64xf32>,
// No Qᵀ tile: the first scratch buffer is Sᵀ.
// CHECK: scf.forall
// CHECK-NEXT: %[[S_TILE:.+]] = memref.alloca() {alignment = 64 : i64} : memref<64x64xf32>
// CHECK-NEXT: memref.alloca() {alignment = 64 : i64} : memref<64x64xf32>
// CHECK-NEXT: memref.alloca() {alignment = 64 : i64} : memref<64xf32>
// CHECK-COUNT-8: vector.transfer_read %[[Q]][%{{.+}}, %{{.+}}, %c0, %{{.+}}], %{{.+}} {in_bounds = [true]} : tensor<?x8x1x64xf32>, vector<8xf32>
// CHECK: scf.for %[[J:.+]] = %c0 to %c64 step %c1 {
// CHECK: %[[K0:.+]] = vector.transfer_read %[[K]][%{{.+}}, %{{.+}}, %{{.+}}, %c0], %{{.+}} {in_bounds = [true]} : tensor<?x8x?x64xf32>, vector<8xf32>
// CHECK: arith.mulf %{{.+}}, %[[K0]] : vector<8xf32>
// CHECK-COUNT-7: math.fma
// CHECK: %[[DOT:.+]] = vector.reduction <add>, %{{.+}} fastmath<reassoc> : vector<8xf32> into f32
// CHECK: %[[ROW:.+]] = vector.broadcast %[[DOT]] : f32 to vector<8xf32>
// CHECK: vector.store %[[ROW]], %[[S_TILE]][%[[J]], %c0]
// CHECK-NOT: tensor.extract_slice %[[K]]
// CHECK: return
func.func @single_query(%q: tensor<?x8x1x64xf32>, %k: tensor<?x8x?x64xf32>,
                        %v: tensor<?x8x?x64xf32>) -> tensor<?x8x1x64xf32> {
  %o = seq.sdpa %q, %k, %v : tensor<?x8x1x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
  return %o : tensor<?x8x1x64xf32>
}
