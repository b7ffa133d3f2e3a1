//===- FuseAttention.cpp - seq.sdpa as tiled, fused attention ---*- C++ -*-===//
//
// seq-fuse-attention: every seq.sdpa becomes a flash-attention loop nest
// that never materialises the [Sq, Sk] scores. The layout is chosen so that
// every hot loop is a plain vector loop on this (AVX2/AVX-512) hardware:
//
//   Sᵀ[j, i] = Σ_d K[j, d] · Qᵀ[d, i]       query rows are the vector lanes
//   m, l, α  per query row                  vectors: no horizontal reductions
//   O[i, e]  = α[i]·O[i, e] + Σ_j Pᵀ[j, i] · V[j, e]   e is the vector dim
//
// Qᵀ (scaled) is packed once per query tile, K and V are read in place.
// Both products are register-tiled micro-kernels of FMAs whose accumulators
// live in scf.for iter_args. The output is the shared output of the
// scf.forall, each query tile writing its rows in place.
//
//===----------------------------------------------------------------------===//

#include "seqc/Transforms/Passes.h"
#include "../Conversion/SeqToLinalg/LoweringUtils.h"
#include "seq/SeqOps.h"
#include "seqc/Conversion/Passes.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Transforms/DialectConversion.h"

#include "seqc/Target/Target.h"

#include "llvm/ADT/SetVector.h"

#include <limits>
#include <numeric>

namespace seqc {
#define GEN_PASS_DEF_SEQFUSEATTENTION
#include "seqc/Transforms/Passes.h.inc"
} // namespace seqc

using namespace mlir;

namespace {

constexpr double kLog2E = 1.4426950408889634;

/// Tile sizes and the shapes of the two register-tiled micro-kernels.
struct FusionConfig {
  /// f32 lanes per vector; 1 emits the same loop nest on scalars.
  int64_t width = 8;
  /// Query rows and keys per tile.
  int64_t tileQ = 64, tileKV = 64;
  /// Sᵀ micro-kernel: `sKeys` keys × `sVectors` vectors of query rows.
  int64_t sKeys = 4, sVectors = 2;
  /// P·V micro-kernel: `pvRows` query rows × `pvVectors` vectors of Dv.
  int64_t pvRows = 4, pvVectors = 2;

  /// Query rows covered by one Sᵀ micro-kernel.
  int64_t sQueries() const { return width * sVectors; }
  /// tile-q is a multiple of this: both kernels' query rows.
  int64_t queryGranule() const { return std::lcm(sQueries(), pvRows); }
};

int64_t roundUp(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

/// Emits the fused loop nest of one seq.sdpa on tensors. Scratch buffers are
/// stack allocations inside the parallel loop body; the result is the shared
/// output of the scf.forall.
class SdpaFuser {
public:
  SdpaFuser(OpBuilder &builder, seq::SdpaOp op, const FusionConfig &config)
      : b(builder), loc(op.getLoc()), op(op), cfg(config) {}

  Value build();

private:
  // Constants and vector helpers (scalars when cfg.width == 1).
  Value index(int64_t value) {
    return b.create<arith::ConstantIndexOp>(loc, value);
  }
  Value scalar(double value) {
    return b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(value));
  }
  Type vectorType() const {
    if (cfg.width == 1)
      return b.getF32Type();
    return VectorType::get({cfg.width}, b.getF32Type());
  }
  Value splatConstant(double value) {
    if (cfg.width == 1)
      return scalar(value);
    return b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(llvm::cast<ShapedType>(vectorType()),
                                    b.getF32FloatAttr(value)));
  }
  Value splat(Value value) {
    if (cfg.width == 1)
      return value;
    return b.create<vector::BroadcastOp>(loc, vectorType(), value);
  }
  /// A vector of scratch memory (contiguous along the last dim).
  Value load(Value memref, ValueRange indices) {
    if (cfg.width == 1)
      return b.create<memref::LoadOp>(loc, memref, indices);
    return b.create<vector::LoadOp>(loc, vectorType(), memref, indices);
  }
  void store(Value value, Value memref, ValueRange indices) {
    if (cfg.width == 1)
      b.create<memref::StoreOp>(loc, value, memref, indices);
    else
      b.create<vector::StoreOp>(loc, value, memref, indices);
  }
  /// A vector of an input tensor along its last dim; lanes past the end read
  /// as zero unless `inBounds`.
  Value readRow(Value tensor, ValueRange indices, bool inBounds) {
    if (cfg.width == 1)
      return b.create<tensor::ExtractOp>(loc, tensor, indices);
    return b.create<vector::TransferReadOp>(
        loc, llvm::cast<VectorType>(vectorType()), tensor, indices,
        scalar(0.0), ArrayRef<bool>{inBounds});
  }
  /// `tensor` with a vector written along its last dim; lanes past the end
  /// are dropped unless `inBounds`.
  Value writeRow(Value value, Value tensor, ValueRange indices,
                 bool inBounds) {
    if (cfg.width == 1)
      return b.create<tensor::InsertOp>(loc, value, tensor, indices);
    return b
        .create<vector::TransferWriteOp>(loc, value, tensor, indices,
                                         ArrayRef<bool>{inBounds})
        .getResult();
  }
  // Index arithmetic, folded as it is built (x + 0, constants).
  Value add(Value x, Value y) {
    return b.createOrFold<arith::AddIOp>(loc, x, y);
  }
  Value sub(Value x, Value y) {
    return b.createOrFold<arith::SubIOp>(loc, x, y);
  }
  Value mul(Value x, Value y) {
    return b.createOrFold<arith::MulIOp>(loc, x, y);
  }
  Value min(Value x, Value y) {
    return b.createOrFold<arith::MinSIOp>(loc, x, y);
  }
  Value max(Value x, Value y) {
    return b.createOrFold<arith::MaxSIOp>(loc, x, y);
  }
  Value ceilDiv(Value x, Value y) {
    return b.createOrFold<arith::CeilDivSIOp>(loc, x, y);
  }
  Value floorDiv(Value x, Value y) {
    return b.createOrFold<arith::DivSIOp>(loc, x, y);
  }
  Value roundUpTo(Value x, int64_t multiple) {
    if (multiple == 1)
      return x;
    return mul(ceilDiv(x, index(multiple)), index(multiple));
  }
  /// max as compare + select: one vmaxps, where arith.maximumf would add NaN
  /// handling that the scores never need.
  Value maxF(Value x, Value y) {
    Value greater =
        b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, y);
    return b.create<arith::SelectOp>(loc, greater, x, y);
  }
  Value fma(Value x, Value y, Value acc) {
    return b.create<math::FmaOp>(loc, x, y, acc);
  }
  /// Logical dim (0: B, 1: H, 2: S, 3: D) of a tensor in either layout.
  static int64_t physicalDim(bool seqMajor, int64_t logical) {
    return seqMajor && (logical == 1 || logical == 2) ? 3 - logical : logical;
  }
  Value dimOf(Value tensor, bool seqMajor, int64_t logical) {
    return dim(tensor, physicalDim(seqMajor, logical));
  }
  /// Indices (batch, head, seq, d) in the tensor's order.
  template <typename T>
  static SmallVector<T> ordered(bool seqMajor, T batchIndex, T headIndex,
                                T seqIndex, T dIndex) {
    if (seqMajor)
      return {batchIndex, seqIndex, headIndex, dIndex};
    return {batchIndex, headIndex, seqIndex, dIndex};
  }
  Value dim(Value tensor, int64_t d) {
    return b.createOrFold<tensor::DimOp>(loc, tensor, d);
  }
  Value exp2(Value x);

  /// scf.for from lb to ub; `body` runs with `b` inside the loop and
  /// returns the values to yield (one per `init`).
  ValueRange loop(Value lb, Value ub, Value step, ValueRange init,
                  llvm::function_ref<SmallVector<Value>(Value, ValueRange)>
                      body);
  void loop(Value lb, Value ub, Value step,
            llvm::function_ref<void(Value)> body) {
    loop(lb, ub, step, {}, [&](Value iv, ValueRange) {
      body(iv);
      return SmallVector<Value>();
    });
  }

  void emitQueryTile(Value batch, Value head, Value queryTile);
  void emitKeyTile(Value tile, bool unmasked);
  void emitScores(bool unmasked, bool diagonal);
  void emitSingleQueryScores();
  void emitExplicitMask();
  void emitCausalMask();
  void emitOnlineSoftmax();
  void emitWeightedValues(bool diagonal);
  void emitOutput();

  OpBuilder &b;
  Location loc;
  seq::SdpaOp op;
  FusionConfig cfg;

  // Problem. Q, K, V and the output are [B, H, S, D], or [B, S, H, D]
  // (`*SeqMajor`): the heads of a projection [B, S, H·D] read in place,
  // without the head-split transpose, and the output written in the layout
  // the output projection reads, without the head-merge transpose.
  Value query, key, value, lengths, mask;
  bool querySeqMajor = false, keySeqMajor = false, valueSeqMajor = false;
  bool outSeqMajor = false;
  bool boolMask = false;
  std::optional<seq::CausalAlignment> causal;
  int64_t headDim = 0, valueDim = 0, paddedValueDim = 0;
  Value keyLen, diagonalShift;
  /// The forall's shared output [B, H, Sq, Dv].
  Value out;

  // Scratch buffers of the current query tile.
  Value queryT, scoresT, accumulator, rowMax, rowSum, rowScale;
  /// With one query row (a decoder step, Sq = 1 statically): that row,
  /// scaled, as vectors along D; the scores are then dot products along D
  /// instead of query lanes of which one would be used.
  bool singleQuery = false;
  SmallVector<Value> queryRow;

  // Current query tile and key/value tile.
  Value batch, head, rowBegin, rows, paddedRows, keyEnd;
  Value keyBegin, cols, paddedCols;
};

/// 2^x for the softmax weights (x <= 0, -inf gives exactly 0, NaN gives
/// NaN). On vectors:
/// x = n + f with n = round(x), 2^f from Cephes' exp2f polynomial (relative
/// error 2e-7) and 2^n built in the exponent bits; 14 vector ops instead of
/// twice as many for math.exp's generic approximation. Scalars keep libm.
Value SdpaFuser::exp2(Value x) {
  if (cfg.width == 1)
    return b.create<math::Exp2Op>(loc, x);
  // Below -127, 2^n is built as 0.0: the weight is exactly 0. A NaN (from
  // a NaN or an infinity in q or k) stays NaN, so that the row is NaN as in
  // torch: the clamp keeps x unless x < -127.
  Value floor = splatConstant(-127.0);
  x = b.create<arith::SelectOp>(
      loc, b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x, floor),
      floor, x);
  Value n = b.create<math::RoundEvenOp>(loc, x);
  Value f = b.create<arith::SubFOp>(loc, x, n);
  static constexpr double kCoefficients[] = {
      1.535336188319500e-4, 1.339887440266574e-3, 9.618437357674640e-3,
      5.550332471162809e-2, 2.402264791363012e-1, 6.931472028550421e-1,
      1.0};
  Value p = splatConstant(kCoefficients[0]);
  for (double c : ArrayRef<double>(kCoefficients).drop_front())
    p = fma(p, f, splatConstant(c));
  auto intType = VectorType::get({cfg.width}, b.getI32Type());
  auto intSplat = [&](int32_t v) {
    return b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(intType, b.getI32IntegerAttr(v)));
  };
  Value biased = b.create<arith::AddIOp>(
      loc, b.create<arith::FPToSIOp>(loc, intType, n), intSplat(127));
  Value scale = b.create<arith::BitcastOp>(
      loc, vectorType(),
      b.create<arith::ShLIOp>(loc, biased, intSplat(23)));
  return b.create<arith::MulFOp>(loc, p, scale);
}

ValueRange SdpaFuser::loop(
    Value lb, Value ub, Value step, ValueRange init,
    llvm::function_ref<SmallVector<Value>(Value, ValueRange)> body) {
  auto forOp = b.create<scf::ForOp>(loc, lb, ub, step, init);
  OpBuilder::InsertionGuard guard(b);
  Block *block = forOp.getBody();
  if (init.empty())
    b.setInsertionPoint(block->getTerminator());
  else
    b.setInsertionPointToStart(block);
  SmallVector<Value> yielded =
      body(forOp.getInductionVar(), forOp.getRegionIterArgs());
  if (!init.empty())
    b.create<scf::YieldOp>(loc, yielded);
  return forOp.getResults();
}

/// The input of `op` if it swaps dims 1 and 2 of a 4-D tensor (the head
/// split or merge): a linalg.transpose, as multi-head attention's
/// decomposition makes it, or a seq.transpose, as a model writes it.
static Value getHeadSwapInput(Operation *op) {
  // An array, not an ArrayRef of a braced list (which dies with the
  // statement: AddressSanitizer's stack-use-after-scope).
  static constexpr int64_t swap[] = {0, 2, 1, 3};
  if (auto transpose = llvm::dyn_cast_if_present<linalg::TransposeOp>(op))
    return transpose.getPermutation() == ArrayRef<int64_t>(swap)
               ? transpose.getInput()
               : Value();
  if (auto transpose = llvm::dyn_cast_if_present<seq::TransposeOp>(op))
    return transpose.getPermutation() == ArrayRef<int64_t>(swap)
               ? transpose.getInput()
               : Value();
  return nullptr;
}

static Value getSeqMajorSource(Value x) {
  return getHeadSwapInput(x.getDefiningOp());
}

/// The head-merge transpose [B, H, S, Dv] -> [B, S, H, Dv] that is the only
/// use of `result` apart from tensor.dim ops with constant indices, or null.
static Operation *getMergeTranspose(Value result) {
  Operation *merge = nullptr;
  for (Operation *user : result.getUsers()) {
    if (auto dimOp = llvm::dyn_cast<tensor::DimOp>(user)) {
      if (!dimOp.getConstantIndex())
        return nullptr;
      continue;
    }
    if (merge || getHeadSwapInput(user) != result)
      return nullptr;
    merge = user;
  }
  return merge;
}

Value SdpaFuser::build() {
  query = op.getQuery();
  key = op.getKey();
  value = op.getValue();
  if (Value source = getSeqMajorSource(query)) {
    query = source;
    querySeqMajor = true;
  }
  if (Value source = getSeqMajorSource(key)) {
    key = source;
    keySeqMajor = true;
  }
  if (Value source = getSeqMajorSource(value)) {
    value = source;
    valueSeqMajor = true;
  }
  outSeqMajor = static_cast<bool>(getMergeTranspose(op.getResult()));
  lengths = op.getKeyLengths();
  mask = op.getMask();
  causal = op.getCausal();
  boolMask = mask && llvm::cast<RankedTensorType>(mask.getType())
                         .getElementType()
                         .isInteger(1);
  headDim = op.getQuery().getType().getDimSize(3);
  singleQuery = op.getQuery().getType().getDimSize(2) == 1;
  valueDim = op.getValue().getType().getDimSize(3);
  paddedValueDim = roundUp(valueDim, cfg.width);
  RankedTensorType resultType = op.getType();
  if (outSeqMajor) {
    ArrayRef<int64_t> shape = resultType.getShape();
    resultType = RankedTensorType::get({shape[0], shape[2], shape[1], shape[3]},
                                       resultType.getElementType());
  }
  using seqc::lowering::TensorDim;
  auto qDim = [&](int64_t d) {
    return TensorDim{query, physicalDim(querySeqMajor, d)};
  };
  auto kDim = [&](int64_t d) {
    return TensorDim{key, physicalDim(keySeqMajor, d)};
  };
  auto vDim = [&](int64_t d) {
    return TensorDim{value, physicalDim(valueSeqMajor, d)};
  };
  seqc::lowering::assertDimsEqual(b, loc, {qDim(0), kDim(0), vDim(0)},
                                  "sdpa batch dims");
  seqc::lowering::assertDimsEqual(b, loc, {qDim(1), kDim(1), vDim(1)},
                                  "sdpa head dims");
  seqc::lowering::assertDimsEqual(b, loc, {kDim(2), vDim(2)},
                                  "sdpa key and value lengths");
  if (lengths)
    seqc::lowering::assertDimsEqual(b, loc, {qDim(0), {lengths, 0}},
                                    "sdpa batch and key_lengths sizes");

  keyLen = dimOf(key, keySeqMajor, 2);
  if (causal == seq::CausalAlignment::bottom_right)
    diagonalShift = sub(keyLen, dimOf(query, querySeqMajor, 2));
  else if (causal)
    diagonalShift = index(0);

  // The output, written in place by the query tiles (destination passing:
  // bufferization writes straight into a caller's buffer when there is one).
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < 3; ++d)
    if (resultType.isDynamicDim(d))
      dynamicSizes.push_back(
          dimOf(query, querySeqMajor, physicalDim(outSeqMajor, d)));
  Value init = b.create<tensor::EmptyOp>(loc, resultType, dynamicSizes);

  // Causal query tiles cost more the further down they are: the loop runs
  // them from the last to the first, so that the threads' dynamically
  // scheduled chunks end with the cheapest tiles and finish together.
  Value queryTiles =
      ceilDiv(dimOf(query, querySeqMajor, 2), index(cfg.tileQ));
  SmallVector<OpFoldResult> bounds{dimOf(query, querySeqMajor, 0),
                                   dimOf(query, querySeqMajor, 1), queryTiles};
  auto forall = b.create<scf::ForallOp>(loc, bounds, ValueRange{init},
                                        /*mapping=*/std::nullopt);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(forall.getBody());
    SmallVector<Value> ivs = forall.getInductionVars();
    out = forall.getRegionIterArgs()[0];
    if (causal)
      emitQueryTile(ivs[0], ivs[1], sub(sub(queryTiles, index(1)), ivs[2]));
    else
      emitQueryTile(ivs[0], ivs[1], ivs[2]);
  }
  return forall.getResult(0);
}

void SdpaFuser::emitQueryTile(Value batchIv, Value headIv, Value queryTile) {
  batch = batchIv;
  head = headIv;
  Type f32 = b.getF32Type();
  IntegerAttr align = b.getI64IntegerAttr(64);
  // Scratch of this query tile, on the stack of the thread running it (the
  // forall body is an allocation scope).
  if (!singleQuery)
    queryT = b.create<memref::AllocaOp>(
        loc, MemRefType::get({headDim, cfg.tileQ}, f32), align);
  scoresT = b.create<memref::AllocaOp>(
      loc, MemRefType::get({cfg.tileKV, cfg.tileQ}, f32), align);
  accumulator = b.create<memref::AllocaOp>(
      loc, MemRefType::get({cfg.tileQ, paddedValueDim}, f32), align);
  auto rowType = MemRefType::get({cfg.tileQ}, f32);
  rowMax = b.create<memref::AllocaOp>(loc, rowType, align);
  rowSum = b.create<memref::AllocaOp>(loc, rowType, align);
  rowScale = b.create<memref::AllocaOp>(loc, rowType, align);

  Value zero = index(0), one = index(1);
  rowBegin = mul(queryTile, index(cfg.tileQ));
  rows = min(index(cfg.tileQ),
             sub(dimOf(query, querySeqMajor, 2), rowBegin));
  paddedRows = roundUpTo(rows, cfg.width);

  // The keys this tile can see: [0, keyEnd).
  keyEnd = keyLen;
  if (lengths) {
    Value length = b.create<tensor::ExtractOp>(loc, lengths, batch);
    length = b.create<arith::IndexCastOp>(loc, b.getIndexType(), length);
    keyEnd = max(zero, min(keyEnd, length));
  }
  if (causal) {
    // The last row of the tile sees keys j <= rowBegin + rows - 1 + shift.
    keyEnd = max(zero, min(keyEnd, add(add(rowBegin, rows), diagonalShift)));
  }
  Value tileKV = index(cfg.tileKV);
  Value keyTiles = ceilDiv(keyEnd, tileKV);
  // Leading tiles that are full and, if causal, wholly below the diagonal
  // of the tile's first row: they need no mask work.
  Value unmaskedTiles = floorDiv(keyEnd, tileKV);
  if (causal) {
    Value firstDiagonal = max(zero, add(add(rowBegin, diagonalShift), one));
    unmaskedTiles = min(unmaskedTiles, floorDiv(firstDiagonal, tileKV));
  }

  // Qᵀ·scale·log2(e), zero in the padding rows: the scores are kept in the
  // log2 domain, so that the softmax weights are powers of 2.
  Value scale = scalar(op.getScaleOrDefault() * kLog2E);
  Value dHead = index(headDim);
  if (singleQuery) {
    // The row as vectors along D; no Qᵀ tile.
    queryRow.clear();
    Value scaleVector = splat(scale);
    for (int64_t e = 0; e < headDim; e += cfg.width)
      queryRow.push_back(b.create<arith::MulFOp>(
          loc,
          readRow(query, ordered<Value>(querySeqMajor, batch, head, zero,
                                        index(e)),
                  /*inBounds=*/e + cfg.width <= headDim),
          scaleVector));
  } else {
    loop(zero, rows, one, [&](Value r) {
      Value row = add(rowBegin, r);
      loop(zero, dHead, one, [&](Value d) {
        Value q = b.create<tensor::ExtractOp>(
            loc, query, ordered<Value>(querySeqMajor, batch, head, row, d));
        b.create<memref::StoreOp>(loc, b.create<arith::MulFOp>(loc, q, scale),
                                  queryT, ValueRange{d, r});
      });
    });
    Value zeroF = scalar(0.0);
    loop(rows, paddedRows, one, [&](Value r) {
      loop(zero, dHead, one, [&](Value d) {
        b.create<memref::StoreOp>(loc, zeroF, queryT, ValueRange{d, r});
      });
    });
  }

  // Online-softmax state: m = -inf, l = 0, O = 0.
  Value width = index(cfg.width);
  Value negInf = splatConstant(-std::numeric_limits<double>::infinity());
  Value zeros = splatConstant(0.0);
  loop(zero, paddedRows, width, [&](Value r) {
    store(negInf, rowMax, r);
    store(zeros, rowSum, r);
  });
  loop(zero, paddedRows, one, [&](Value r) {
    for (int64_t e = 0; e < paddedValueDim; e += cfg.width)
      store(zeros, accumulator, ValueRange{r, index(e)});
  });

  loop(zero, unmaskedTiles, one,
       [&](Value t) { emitKeyTile(t, /*unmasked=*/true); });
  loop(unmaskedTiles, keyTiles, one,
       [&](Value t) { emitKeyTile(t, /*unmasked=*/false); });
  emitOutput();
}

void SdpaFuser::emitKeyTile(Value tile, bool unmasked) {
  keyBegin = mul(tile, index(cfg.tileKV));
  if (unmasked) {
    cols = index(cfg.tileKV);
    paddedCols = cols;
  } else {
    cols = min(index(cfg.tileKV), sub(keyEnd, keyBegin));
    paddedCols = roundUpTo(cols, cfg.sKeys);
  }
  // In the diagonal tiles of a causal mask, the blocks wholly above the
  // diagonal are skipped (their scores are masked, their weights are 0).
  bool diagonal = causal && !unmasked;
  emitScores(unmasked, diagonal);
  if (mask)
    emitExplicitMask();
  if (causal && !unmasked)
    emitCausalMask();
  emitOnlineSoftmax();
  emitWeightedValues(diagonal);
}

/// Sᵀ[0:paddedCols, 0:paddedRows] = K[keyBegin:, :] · Qᵀ. Key rows past
/// the tile's last valid key (padding up to the micro-kernel) re-read that
/// key; their scores are never used.
void SdpaFuser::emitScores(bool unmasked, bool diagonal) {
  if (singleQuery)
    return emitSingleQueryScores();
  Value zero = index(0), one = index(1);
  int64_t keys = cfg.sKeys, vecs = cfg.sVectors;
  Value lastKey = unmasked ? Value() : sub(keyEnd, one);
  // Query rows [0, fullEnd) in full micro-kernels, the rest (a short tile, a
  // decoding step with Sq = 1) one vector at a time.
  Value fullEnd = paddedRows;
  if (vecs > 1)
    fullEnd = mul(floorDiv(paddedRows, index(cfg.sQueries())),
                  index(cfg.sQueries()));
  loop(zero, paddedCols, index(keys), [&](Value jb) {
    // One [D] slice per key row: in the loop over d each key is a base
    // pointer plus d, which LLVM folds into the broadcast's address.
    SmallVector<Value> keyRows;
    auto rowType = RankedTensorType::get({headDim}, b.getF32Type());
    SmallVector<OpFoldResult> sizes{b.getIndexAttr(1), b.getIndexAttr(1),
                                    b.getIndexAttr(1),
                                    b.getIndexAttr(headDim)};
    SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
    for (int64_t jr = 0; jr < keys; ++jr) {
      Value row = add(add(keyBegin, jb), index(jr));
      if (!unmasked)
        row = min(row, lastKey);
      SmallVector<OpFoldResult> offsets = ordered<OpFoldResult>(
          keySeqMajor, batch, head, row, b.getIndexAttr(0));
      keyRows.push_back(b.create<tensor::ExtractSliceOp>(
          loc, rowType, key, offsets, sizes, strides));
    }
    // A block of query rows [rb, rb + sQueries) sees key keyBegin + jb iff
    // rowBegin + rb + sQueries - 1 + shift >= keyBegin + jb.
    Value firstBlock = zero;
    if (diagonal) {
      Value firstRow =
          sub(sub(add(keyBegin, jb), add(rowBegin, diagonalShift)),
              index(cfg.sQueries() - 1));
      firstBlock = roundUpTo(max(firstRow, zero), cfg.sQueries());
    }
    // `vectors` vectors of query rows from rb on.
    auto microKernel = [&](Value rb, int64_t vectors) {
      SmallVector<Value> init(keys * vectors, splatConstant(0.0));
      ValueRange sums = loop(
          zero, index(headDim), one, init,
          [&](Value d, ValueRange acc) {
            SmallVector<Value> q;
            for (int64_t c = 0; c < vectors; ++c)
              q.push_back(load(queryT, {d, add(rb, index(c * cfg.width))}));
            SmallVector<Value> next;
            for (int64_t jr = 0; jr < keys; ++jr) {
              Value k = splat(
                  b.create<tensor::ExtractOp>(loc, keyRows[jr], d));
              for (int64_t c = 0; c < vectors; ++c)
                next.push_back(fma(k, q[c], acc[jr * vectors + c]));
            }
            return next;
          });
      for (int64_t jr = 0; jr < keys; ++jr)
        for (int64_t c = 0; c < vectors; ++c)
          store(sums[jr * vectors + c], scoresT,
                {add(jb, index(jr)), add(rb, index(c * cfg.width))});
    };
    // Full blocks, then the last vectors one at a time.
    loop(firstBlock, fullEnd, index(cfg.sQueries()),
         [&](Value rb) { microKernel(rb, vecs); });
    if (vecs > 1)
      loop(fullEnd, paddedRows, index(cfg.width),
           [&](Value rb) { microKernel(rb, 1); });
  });
}

/// One query row: Sᵀ[jj, :] = q · K[keyBegin + jj, :] for the tile's keys,
/// a dot product along D (FMAs of the key row's vectors with the query's,
/// then one reduction), written to every lane of the row so that the query
/// lanes the softmax computes on all hold it (lane 0 is the one used).
void SdpaFuser::emitSingleQueryScores() {
  Value zero = index(0), one = index(1);
  loop(zero, cols, one, [&](Value jj) {
    Value keyIndex = add(keyBegin, jj);
    Value acc;
    for (auto [c, q] : llvm::enumerate(queryRow)) {
      int64_t e = c * cfg.width;
      Value k = readRow(key,
                        ordered<Value>(keySeqMajor, batch, head, keyIndex,
                                       index(e)),
                        /*inBounds=*/e + cfg.width <= headDim);
      acc = acc ? fma(q, k, acc) : b.create<arith::MulFOp>(loc, q, k);
    }
    Value score = acc;
    if (cfg.width > 1)
      score = b.create<vector::ReductionOp>(
          loc, vector::CombiningKind::ADD, acc, /*acc=*/Value(),
          arith::FastMathFlags::reassoc);
    store(splat(score), scoresT, {jj, zero});
  });
}

/// The explicit mask, broadcast to [B, H, Sq, Sk], on the valid part of the
/// tile: an i1 mask keeps a score where true, a float mask is added.
void SdpaFuser::emitExplicitMask() {
  Value zero = index(0), one = index(1);
  auto maskType = llvm::cast<RankedTensorType>(mask.getType());
  int64_t rank = maskType.getRank();
  // A masked score is removed (-inf), or is masked_value (in the log2
  // domain, kept finite so that a wholly masked row weighs keys equally).
  double removed = -std::numeric_limits<double>::infinity();
  if (std::optional<APFloat> value = op.getMaskedValue())
    removed = std::max<double>(value->convertToDouble() * kLog2E,
                               -std::numeric_limits<float>::max());
  Value maskedScore = scalar(removed);
  loop(zero, cols, one, [&](Value jj) {
    Value keyIndex = add(keyBegin, jj);
    loop(zero, rows, one, [&](Value r) {
      Value full[4] = {batch, head, add(rowBegin, r), keyIndex};
      SmallVector<Value> indices;
      for (int64_t d = 0; d < rank; ++d) {
        bool broadcast = maskType.getDimSize(d) == 1;
        indices.push_back(broadcast ? zero : full[4 - rank + d]);
      }
      Value m = b.create<tensor::ExtractOp>(loc, mask, indices);
      Value s = b.create<memref::LoadOp>(loc, scoresT, ValueRange{jj, r});
      Value masked = boolMask
                         ? b.create<arith::SelectOp>(loc, m, s, maskedScore)
                         : fma(m, scalar(kLog2E), s); // in the log2 domain
      b.create<memref::StoreOp>(loc, masked, scoresT, ValueRange{jj, r});
    });
  });
}

/// Key j is visible to query row i iff j <= i + shift: in row jj of Sᵀ the
/// query lanes r >= keyBegin + jj - rowBegin - shift are kept.
void SdpaFuser::emitCausalMask() {
  Value zero = index(0), one = index(1);
  Type i32 = b.getI32Type();
  Value negInf = splatConstant(-std::numeric_limits<double>::infinity());
  Value lanes;
  if (cfg.width > 1) {
    SmallVector<int32_t> iota;
    for (int64_t l = 0; l < cfg.width; ++l)
      iota.push_back(static_cast<int32_t>(l));
    lanes = b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(VectorType::get({cfg.width}, i32),
                                    ArrayRef<int32_t>(iota)));
  }
  Value offset = add(rowBegin, diagonalShift);
  loop(zero, cols, one, [&](Value jj) {
    Value threshold = sub(add(keyBegin, jj), offset);
    Value thresholdI32 = b.create<arith::IndexCastOp>(loc, i32, threshold);
    loop(zero, paddedRows, index(cfg.width), [&](Value rb) {
      Value laneRows = b.create<arith::IndexCastOp>(loc, i32, rb);
      Value keep;
      if (cfg.width == 1) {
        keep = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge,
                                       laneRows, thresholdI32);
      } else {
        Value first = b.create<vector::BroadcastOp>(
            loc, lanes.getType(), laneRows);
        Value rowsVec = b.create<arith::AddIOp>(loc, first, lanes);
        Value bound =
            b.create<vector::BroadcastOp>(loc, lanes.getType(), thresholdI32);
        keep = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, rowsVec,
                                       bound);
      }
      Value s = load(scoresT, {jj, rb});
      store(b.create<arith::SelectOp>(loc, keep, s, negInf), scoresT, {jj, rb});
    });
  });
}

/// Per query lane: m' = max(m, max_j s), α = exp(m - m'), p = exp(s - m')
/// (written over s), l' = α·l + Σ_j p. A lane with no kept key so far has
/// m' = -inf and uses 0 in its place, so that p = α = 0 instead of NaN.
void SdpaFuser::emitOnlineSoftmax() {
  Value zero = index(0), one = index(1);
  Value negInf = splatConstant(-std::numeric_limits<double>::infinity());
  Value zeros = splatConstant(0.0);
  loop(zero, paddedRows, index(cfg.width), [&](Value rb) {
    Value oldMax = load(rowMax, rb);
    Value newMax = loop(zero, cols, one, oldMax, [&](Value jj, ValueRange m) {
                     return SmallVector<Value>{
                         maxF(m[0], load(scoresT, {jj, rb}))};
                   })[0];
    Value empty = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ,
                                          newMax, negInf);
    Value base = b.create<arith::SelectOp>(loc, empty, zeros, newMax);
    Value alpha = exp2(b.create<arith::SubFOp>(loc, oldMax, base));
    Value sum = loop(zero, cols, one, zeros, [&](Value jj, ValueRange acc) {
                  Value s = load(scoresT, {jj, rb});
                  Value p = exp2(b.create<arith::SubFOp>(loc, s, base));
                  store(p, scoresT, {jj, rb});
                  return SmallVector<Value>{
                      b.create<arith::AddFOp>(loc, acc[0], p)};
                })[0];
    Value oldSum = load(rowSum, rb);
    store(fma(oldSum, alpha, sum), rowSum, rb);
    store(newMax, rowMax, rb);
    store(alpha, rowScale, rb);
  });
}

/// O[r, :] = α[r]·O[r, :] + Σ_jj Pᵀ[jj, r]·V[keyBegin + jj, :], in blocks of
/// pvRows rows × pvVectors vectors held in registers over the whole tile.
void SdpaFuser::emitWeightedValues(bool diagonal) {
  Value zero = index(0), one = index(1);
  int64_t chunks = paddedValueDim / cfg.width;
  // Rows [rb, rb + rowsPerBlock).
  auto block = [&](Value rb, int64_t rowsPerBlock) {
    SmallVector<Value> rowIndex, scales;
    for (int64_t r = 0; r < rowsPerBlock; ++r) {
      rowIndex.push_back(add(rb, index(r)));
      scales.push_back(
          splat(b.create<memref::LoadOp>(loc, rowScale, rowIndex.back())));
    }
    // Keys past the diagonal of the block's last row have weight 0.
    Value keyCount = cols;
    if (diagonal) {
      Value visible = sub(add(add(rowBegin, diagonalShift),
                              add(rb, index(rowsPerBlock))),
                          keyBegin);
      keyCount = max(min(cols, visible), zero);
    }
    // As many accumulators for a single row as for a full block.
    int64_t groupVectors =
        rowsPerBlock == 1 ? cfg.pvRows * cfg.pvVectors : cfg.pvVectors;
    for (int64_t c0 = 0; c0 < chunks; c0 += groupVectors) {
      int64_t vecs = std::min(groupVectors, chunks - c0);
      SmallVector<Value> init;
      for (int64_t r = 0; r < rowsPerBlock; ++r)
        for (int64_t c = 0; c < vecs; ++c) {
          Value o = load(accumulator,
                         {rowIndex[r], index((c0 + c) * cfg.width)});
          init.push_back(b.create<arith::MulFOp>(loc, o, scales[r]));
        }
      ValueRange sums = loop(
          zero, keyCount, one, init, [&](Value jj, ValueRange acc) {
            Value keyIndex = add(keyBegin, jj);
            SmallVector<Value> v;
            for (int64_t c = 0; c < vecs; ++c) {
              int64_t e = (c0 + c) * cfg.width;
              v.push_back(readRow(value,
                                  ordered<Value>(valueSeqMajor, batch, head,
                                                 keyIndex, index(e)),
                                  /*inBounds=*/e + cfg.width <= valueDim));
            }
            SmallVector<Value> next;
            for (int64_t r = 0; r < rowsPerBlock; ++r) {
              Value p = splat(b.create<memref::LoadOp>(
                  loc, scoresT, ValueRange{jj, rowIndex[r]}));
              for (int64_t c = 0; c < vecs; ++c)
                next.push_back(fma(p, v[c], acc[r * vecs + c]));
            }
            return next;
          });
      for (int64_t r = 0; r < rowsPerBlock; ++r)
        for (int64_t c = 0; c < vecs; ++c)
          store(sums[r * vecs + c], accumulator,
                {rowIndex[r], index((c0 + c) * cfg.width)});
    }
  };
  // Full blocks, then the last rows one at a time; padding rows are skipped.
  Value fullRows = rows;
  if (cfg.pvRows > 1)
    fullRows = mul(floorDiv(rows, index(cfg.pvRows)), index(cfg.pvRows));
  loop(zero, fullRows, index(cfg.pvRows),
       [&](Value rb) { block(rb, cfg.pvRows); });
  if (cfg.pvRows > 1)
    loop(fullRows, rows, one, [&](Value rb) { block(rb, 1); });
}

/// out[b, h, rowBegin + r, :] = O[r, :] / l[r]; zeros where l = 0 (no key),
/// or NaN with nan_if_empty.
/// The tile's rows of the shared output are a slice written in place and
/// inserted back by the forall's terminator.
void SdpaFuser::emitOutput() {
  Value zero = index(0), one = index(1);
  Value zeroF = scalar(0.0), oneF = scalar(1.0);
  SmallVector<OpFoldResult> offsets = ordered<OpFoldResult>(
      outSeqMajor, batch, head, rowBegin, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = ordered<OpFoldResult>(
      outSeqMajor, b.getIndexAttr(1), b.getIndexAttr(1), rows,
      b.getIndexAttr(valueDim));
  SmallVector<OpFoldResult> strides(4, b.getIndexAttr(1));
  auto sliceType =
      RankedTensorType::get({ShapedType::kDynamic, valueDim}, b.getF32Type());
  Value slice = b.create<tensor::ExtractSliceOp>(loc, sliceType, out, offsets,
                                                 sizes, strides);
  Value written = loop(zero, rows, one, slice, [&](Value r, ValueRange tile) {
    Value sum = b.create<memref::LoadOp>(loc, rowSum, r);
    Value empty =
        b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, sum, zeroF);
    Value emptyRow = op.getNanIfEmpty()
                         ? scalar(std::numeric_limits<double>::quiet_NaN())
                         : zeroF;
    Value inverse = b.create<arith::SelectOp>(
        loc, empty, emptyRow, b.create<arith::DivFOp>(loc, oneF, sum));
    Value factor = splat(inverse);
    Value result = tile[0];
    for (int64_t e = 0; e < paddedValueDim; e += cfg.width) {
      Value o = load(accumulator, {r, index(e)});
      result = writeRow(b.create<arith::MulFOp>(loc, o, factor), result,
                        {r, index(e)},
                        /*inBounds=*/e + cfg.width <= valueDim);
    }
    return SmallVector<Value>{result};
  })[0];
  auto forall = llvm::cast<scf::ForallOp>(out.getParentBlock()->getParentOp());
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(forall.getTerminator().getBody());
  b.create<tensor::ParallelInsertSliceOp>(loc, written, out, offsets, sizes,
                                          strides);
}

/// The widest head dim (D or Dv) that is fused.
static constexpr int64_t kMaxFusedHeadDim = 512;

/// Why `op` cannot be fused, or an empty string.
std::string getUnsupportedReason(seq::SdpaOp op) {
  auto isF32 = [](Value v) {
    return llvm::cast<ShapedType>(v.getType()).getElementType().isF32();
  };
  if (!isF32(op.getQuery()) || !isF32(op.getKey()) || !isF32(op.getValue()))
    return "only f32 attention is fused";
  if (Value mask = op.getMask()) {
    Type element = llvm::cast<ShapedType>(mask.getType()).getElementType();
    if (!element.isInteger(1) && !element.isF32())
      return "only i1 and f32 masks are fused";
  }
  if (op.getQuery().getType().isDynamicDim(3))
    return "the head dim D must be static";
  if (op.getValue().getType().isDynamicDim(3))
    return "the value head dim Dv must be static";
  // The kernel unrolls over the head dims, and bufferization's analysis of
  // the unrolled tile grows faster than linearly: D = 2048 took 20 s to
  // compile, 4096 minutes. Real heads are 64 to 256 wide.
  if (op.getQuery().getType().getDimSize(3) > kMaxFusedHeadDim ||
      op.getValue().getType().getDimSize(3) > kMaxFusedHeadDim)
    return "a head dim above " + std::to_string(kMaxFusedHeadDim) +
           ", whose unrolled kernel would take long to compile";
  return "";
}

struct SeqFuseAttentionPass
    : public seqc::impl::SeqFuseAttentionBase<SeqFuseAttentionPass> {
  using SeqFuseAttentionBase::SeqFuseAttentionBase;

  void runOnOperation() override {
    FusionConfig config;
    config.width = vectorize ? vectorWidth : 1;
    if (vectorize && config.width == 0)
      config.width =
          std::max<int64_t>(seqc::getTarget(getOperation()).f32Lanes(), 8);
    if (tileQ < 0 || tileKV <= 0 || config.width < 0) {
      getOperation()->emitError("seq-fuse-attention: tile sizes and vector "
                                "width must be positive");
      return signalPassFailure();
    }
    // With 32 vector registers (AVX-512), 8 keys / 8 rows per micro-kernel:
    // 16 accumulators each, and 128 query rows per tile (Qᵀ, Sᵀ and the
    // accumulator 32 KiB each for D = 64). On the Xeon of 2026-12-04 this
    // took an encoder layer at S = 2048 from 176 to 156 ms (1 thread); 16
    // registers (AVX2) keep 4 keys / 4 rows (8 accumulators) and 64 rows.
    int64_t registers = seqc::getTarget(getOperation()).vectorRegisters;
    bool wide = config.width > 1 && registers >= 32;
    if (wide) {
      config.sKeys = 8;
      config.pvRows = 8;
    }
    if (config.width == 1) {
      config.sVectors = 1;
      config.pvVectors = 1;
    }
    if (!microKernel.empty()) {
      if (microKernel.size() != 4 ||
          llvm::any_of(microKernel, [](int64_t v) { return v <= 0; })) {
        getOperation()->emitError("seq-fuse-attention: micro-kernel expects "
                                  "four positive numbers");
        return signalPassFailure();
      }
      config.sKeys = microKernel[0];
      config.sVectors = microKernel[1];
      config.pvRows = microKernel[2];
      config.pvVectors = microKernel[3];
    }
    int64_t rowsPerTile = tileQ > 0 ? tileQ : wide ? 128 : 64;
    config.tileQ = roundUp(rowsPerTile, config.queryGranule());
    config.tileKV = roundUp(tileKV, config.sKeys);

    // multi_head_attention → projections + seq.sdpa + output projection.
    ConversionTarget target(getContext());
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    target.addIllegalOp<seq::MultiHeadAttentionOp>();
    RewritePatternSet patterns(&getContext());
    seqc::populateSeqDecompositionPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      return signalPassFailure();

    SmallVector<seq::SdpaOp> ops;
    getOperation()->walk([&](seq::SdpaOp op) { ops.push_back(op); });
    for (seq::SdpaOp op : ops) {
      std::string reason = getUnsupportedReason(op);
      if (!reason.empty()) {
        op.emitRemark() << "seq-fuse-attention: not fused (" << reason
                        << "); left for the reference lowering";
        continue;
      }
      OpBuilder builder(op);
      Operation *merge = getMergeTranspose(op.getResult());
      llvm::SetVector<Operation *> splits;
      for (Value operand : {op.getQuery(), op.getKey(), op.getValue()})
        if (getSeqMajorSource(operand))
          splits.insert(operand.getDefiningOp());
      Value result = SdpaFuser(builder, op, config).build();
      if (merge) {
        // Already [B, S, H, Dv]: the head merge is the result itself, and
        // the dims of the [B, H, S, Dv] result are its dims swapped.
        merge->getResult(0).replaceAllUsesWith(result);
        merge->erase();
        for (Operation *user : llvm::make_early_inc_range(op->getUsers())) {
          auto dimOp = llvm::cast<tensor::DimOp>(user);
          int64_t d = *dimOp.getConstantIndex();
          OpBuilder db(dimOp);
          Value replacement = db.create<tensor::DimOp>(
              dimOp.getLoc(), result, d == 1 ? 2 : d == 2 ? 1 : d);
          dimOp.replaceAllUsesWith(replacement);
          dimOp.erase();
        }
      } else {
        op.getResult().replaceAllUsesWith(result);
      }
      op.erase();
      for (Operation *split : splits)
        if (split->use_empty())
          split->erase();
    }
  }
};

} // namespace
