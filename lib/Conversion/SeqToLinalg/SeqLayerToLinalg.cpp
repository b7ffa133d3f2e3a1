//===- SeqLayerToLinalg.cpp - dense, norm, attention to linalg --*- C++ -*-===//
//
// The reference lowering of the non-recurrent seq ops to linalg on tensors.
// It is deliberately unfused: sdpa materialises its scores. Fast paths are
// checked against it.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "seqc/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace seqc::lowering;

static constexpr double kNegInf = -std::numeric_limits<double>::infinity();
static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

static Value addF(OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::AddFOp>(loc, args[0], args[1]);
}

static Value maxF(OpBuilder &b, Location loc, ValueRange args) {
  return b.create<arith::MaximumFOp>(loc, args[0], args[1]);
}

namespace {

struct LinearLowering : public SeqOpLowering<seq::LinearOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::LinearOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    return createLinear(b, loc, adaptor.getInput(), adaptor.getWeight(),
                        adaptor.getBias());
  }
};

template <typename SeqOp, typename ArithOp>
struct BinaryLowering : public SeqOpLowering<SeqOp> {
  using SeqOpLowering<SeqOp>::SeqOpLowering;
  using OpAdaptor = typename SeqOp::Adaptor;
  Value lower(SeqOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    return createBroadcastElementwise(
        b, loc, {adaptor.getLhs(), adaptor.getRhs()}, op.getType(),
        [](OpBuilder &nested, Location nestedLoc, ValueRange args) -> Value {
          return nested.create<ArithOp>(nestedLoc, args[0], args[1]);
        });
  }
};

struct ActivationLowering : public SeqOpLowering<seq::ActivationOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::ActivationOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    seq::ActivationKind kind = op.getKind();
    return mapElements(b, loc, adaptor.getInput(),
                       [&](OpBuilder &nested, Location nestedLoc,
                           ValueRange args) {
                         return createActivation(nested, nestedLoc, kind,
                                                 args[0]);
                       });
  }
};

struct SoftmaxLowering : public SeqOpLowering<seq::SoftmaxOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::SoftmaxOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    Value x = adaptor.getInput();
    auto type = llvm::cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    // I64Attr getters are unsigned: read the axis as a signed value first.
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    MLIRContext *ctx = b.getContext();
    SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                                dropDimMap(rank, axis, ctx)};
    SmallVector<OpFoldResult> sizes = getSizes(b, loc, x);
    Value rowMax = reduceDim(b, loc, x, axis, kNegInf, maxF);
    Value exps = createGeneric(
        b, loc, {x, rowMax}, maps, sizes, type.getElementType(),
        [](OpBuilder &n, Location l, ValueRange args) -> Value {
          return n.create<math::ExpOp>(
              l, n.create<arith::SubFOp>(l, args[0], args[1]));
        });
    Value rowSum = reduceDim(b, loc, exps, axis, 0.0, addF);
    return createGeneric(
        b, loc, {exps, rowSum}, maps, sizes, type.getElementType(),
        [](OpBuilder &n, Location l, ValueRange args) -> Value {
          return n.create<arith::DivFOp>(l, args[0], args[1]);
        });
  }
};

/// (x - mean) / sqrt(var + eps) · weight + bias for layer_norm, or
/// x / sqrt(mean(x²) + eps) · weight for rms_norm, over the last dim.
static Value lowerNorm(OpBuilder &b, Location loc, Value x, Value weight,
                       Value bias, double epsilon, bool centered) {
  auto type = llvm::cast<RankedTensorType>(x.getType());
  Type f = type.getElementType();
  int64_t rank = type.getRank();
  int64_t last = rank - 1;
  MLIRContext *ctx = b.getContext();
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, x);
  Value count = getDimAsFloat(b, loc, x, last, f);
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  AffineMap rowMap = dropDimMap(rank, last, ctx);

  Value mean;
  if (centered) {
    Value sum = reduceDim(b, loc, x, last, 0.0, addF);
    mean = mapElements(b, loc, sum, [&](OpBuilder &n, Location l, ValueRange a) {
      return n.create<arith::DivFOp>(l, a[0], count).getResult();
    });
  }
  // Σ (x - mean)² (or Σ x²) over the row.
  Value squares = createGeneric(
      b, loc, centered ? ValueRange{x, mean} : ValueRange{x},
      centered ? ArrayRef<AffineMap>{identity, rowMap}
               : ArrayRef<AffineMap>{identity},
      sizes, f, [&](OpBuilder &n, Location l, ValueRange a) -> Value {
        Value d = centered ? n.create<arith::SubFOp>(l, a[0], a[1]) : a[0];
        return n.create<arith::MulFOp>(l, d, d);
      });
  Value sumSquares = reduceDim(b, loc, squares, last, 0.0, addF);

  SmallVector<Value> inputs{x, sumSquares};
  SmallVector<AffineMap> maps{identity, rowMap};
  if (centered) {
    inputs.push_back(mean);
    maps.push_back(rowMap);
  }
  AffineMap featureMap =
      AffineMap::get(rank, 0, getAffineDimExpr(last, ctx), ctx);
  for (Value param : {weight, bias})
    if (param) {
      inputs.push_back(param);
      maps.push_back(featureMap);
    }
  Value eps = createFloat(b, loc, f, epsilon);
  return createGeneric(
      b, loc, inputs, maps, sizes, f,
      [&](OpBuilder &n, Location l, ValueRange a) -> Value {
        unsigned next = centered ? 3 : 2;
        Value variance = n.create<arith::DivFOp>(l, a[1], count);
        Value inv = n.create<math::RsqrtOp>(
            l, n.create<arith::AddFOp>(l, variance, eps));
        Value d = centered ? n.create<arith::SubFOp>(l, a[0], a[2]) : a[0];
        Value y = n.create<arith::MulFOp>(l, d, inv);
        if (weight)
          y = n.create<arith::MulFOp>(l, y, a[next++]);
        if (bias)
          y = n.create<arith::AddFOp>(l, y, a[next++]);
        return y;
      });
}

struct LayerNormLowering : public SeqOpLowering<seq::LayerNormOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::LayerNormOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    return lowerNorm(b, loc, adaptor.getInput(), adaptor.getWeight(),
                     adaptor.getBias(), op.getEpsilon().convertToDouble(),
                     /*centered=*/true);
  }
};

struct RmsNormLowering : public SeqOpLowering<seq::RmsNormOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::RmsNormOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    return lowerNorm(b, loc, adaptor.getInput(), adaptor.getWeight(), Value(),
                     op.getEpsilon().convertToDouble(), /*centered=*/false);
  }
};

struct EmbeddingLowering : public SeqOpLowering<seq::EmbeddingOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::EmbeddingOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    Value indices = adaptor.getIndices();
    Value table = adaptor.getTable();
    auto indexType = llvm::cast<RankedTensorType>(indices.getType());
    int64_t rank = indexType.getRank() + 1;
    SmallVector<OpFoldResult> sizes = getSizes(b, loc, indices);
    sizes.push_back(getSizes(b, loc, table)[1]);
    Value rows = getDimValue(b, loc, table, 0);
    Type f = op.getType().getElementType();
    AffineMap indexMap = dropDimMap(rank, rank - 1, b.getContext());
    return createGeneric(
        b, loc, indices, indexMap, sizes, f,
        [&](OpBuilder &n, Location l, ValueRange a) -> Value {
          // Out-of-range ids read row 0 and yield zeros: no out-of-bounds load.
          Value row = n.create<arith::IndexCastOp>(l, n.getIndexType(), a[0]);
          Value zero = createIndex(n, l, 0);
          Value inRange = n.create<arith::AndIOp>(
              l,
              n.create<arith::CmpIOp>(l, arith::CmpIPredicate::sge, row, zero),
              n.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, row, rows));
          Value safeRow = n.create<arith::SelectOp>(l, inRange, row, zero);
          Value col = n.create<linalg::IndexOp>(l, rank - 1);
          Value value = n.create<tensor::ExtractOp>(l, table,
                                                    ValueRange{safeRow, col});
          return n.create<arith::SelectOp>(l, inRange, value,
                                           createFloat(n, l, f, 0.0));
        });
  }
};

struct PositionalEncodingLowering
    : public SeqOpLowering<seq::PositionalEncodingOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::PositionalEncodingOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    RankedTensorType type = op.getType();
    int64_t dim = type.getDimSize(1);
    OpFoldResult length = type.isDynamicDim(0)
                              ? OpFoldResult(adaptor.getLength())
                              : OpFoldResult(b.getIndexAttr(type.getDimSize(0)));
    Value offset = adaptor.getOffset() ? adaptor.getOffset()
                                       : createIndex(b, loc, 0);
    Type f64 = b.getF64Type();
    Type f = type.getElementType();
    // Computed in f64: angles reach thousands of radians at long lengths.
    return createGeneric(
        b, loc, {}, {}, {length, b.getIndexAttr(dim)}, f,
        [&](OpBuilder &n, Location l, ValueRange) -> Value {
          Value pos = n.create<arith::AddIOp>(
              l, n.create<linalg::IndexOp>(l, 0), offset);
          Value feature = n.create<linalg::IndexOp>(l, 1);
          Value two = createIndex(n, l, 2);
          Value pair = n.create<arith::MulIOp>(
              l, n.create<arith::DivUIOp>(l, feature, two), two);
          auto toF64 = [&](Value index) -> Value {
            Value i64 = n.create<arith::IndexCastOp>(l, n.getI64Type(), index);
            return n.create<arith::SIToFPOp>(l, f64, i64);
          };
          Value exponent = n.create<arith::MulFOp>(
              l, toF64(pair), createFloat(n, l, f64, -std::log(10000.0) / dim));
          Value angle = n.create<arith::MulFOp>(
              l, toF64(pos), n.create<math::ExpOp>(l, exponent));
          Value isEven = n.create<arith::CmpIOp>(
              l, arith::CmpIPredicate::eq,
              n.create<arith::RemUIOp>(l, feature, two), createIndex(n, l, 0));
          Value value = n.create<arith::SelectOp>(
              l, isEven, n.create<math::SinOp>(l, angle),
              n.create<math::CosOp>(l, angle));
          return n.create<arith::TruncFOp>(l, f, value);
        });
  }
};

/// softmax(q·kᵀ·scale + mask)·v with the [B, H, Sq, Sk] scores materialised.
/// Masked scores become -inf (or masked_value); a row with no kept key
/// produces zeros (or NaN with nan_if_empty).
struct SdpaReferenceLowering : public SeqOpLowering<seq::SdpaOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::SdpaOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    MLIRContext *ctx = b.getContext();
    Value q = adaptor.getQuery(), k = adaptor.getKey(), v = adaptor.getValue();
    Type f = op.getType().getElementType();
    assertSdpaDimsEqual(b, loc, q, k, v, adaptor.getKeyLengths());
    SmallVector<OpFoldResult> qSizes = getSizes(b, loc, q);
    OpFoldResult keyLen = getSizes(b, loc, k)[2];
    OpFoldResult valueDim = getSizes(b, loc, v)[3];
    SmallVector<OpFoldResult> scoreSizes{qSizes[0], qSizes[1], qSizes[2],
                                         keyLen};
    AffineExpr d0, d1, d2, d3, d4;
    bindDims(ctx, d0, d1, d2, d3, d4);
    auto map5 = [&](ArrayRef<AffineExpr> exprs) {
      return AffineMap::get(5, 0, exprs, ctx);
    };
    SmallVector<utils::IteratorType> contraction(4,
                                                 utils::IteratorType::parallel);
    contraction.push_back(utils::IteratorType::reduction);
    // out[d0,d1,d2,d3] = Σ_d4 lhs[lhsMap]·rhs[rhsMap], batched over d0, d1.
    auto contract = [&](Value lhs, Value rhs, AffineMap lhsMap,
                        AffineMap rhsMap, ArrayRef<OpFoldResult> sizes) {
      Value init = createFilled(b, loc, sizes, f, 0.0);
      return b
          .create<linalg::GenericOp>(
              loc, init.getType(), ValueRange{lhs, rhs}, init,
              ArrayRef<AffineMap>{lhsMap, rhsMap, map5({d0, d1, d2, d3})},
              contraction,
              [](OpBuilder &n, Location l, ValueRange a) {
                Value prod = n.create<arith::MulFOp>(l, a[0], a[1]);
                n.create<linalg::YieldOp>(
                    l, ValueRange{n.create<arith::AddFOp>(l, a[2], prod)});
              })
          .getResult(0);
    };

    // scores[b,h,i,j] = Σ_d q[b,h,i,d]·k[b,h,j,d]
    Value scores = contract(q, k, map5({d0, d1, d2, d4}),
                            map5({d0, d1, d3, d4}), scoreSizes);

    // Scale, add or apply the masks.
    SmallVector<Value> inputs{scores};
    SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(4)};
    Value lengths = adaptor.getKeyLengths();
    if (lengths) {
      inputs.push_back(lengths);
      maps.push_back(AffineMap::get(4, 0, getAffineDimExpr(0, ctx), ctx));
    }
    Value mask = adaptor.getMask();
    bool boolMask = mask && llvm::cast<RankedTensorType>(mask.getType())
                                .getElementType()
                                .isInteger(1);
    if (mask) {
      SmallVector<int64_t> target(4, ShapedType::kDynamic);
      RankedTensorType resultType = op.getType();
      target[0] = resultType.getDimSize(0);
      target[1] = resultType.getDimSize(1);
      target[2] = resultType.getDimSize(2);
      target[3] = llvm::cast<RankedTensorType>(k.getType()).getDimSize(2);
      inputs.push_back(mask);
      maps.push_back(getBroadcastMap(
          llvm::cast<RankedTensorType>(mask.getType()), target, ctx));
    }
    std::optional<seq::CausalAlignment> causal = op.getCausal();
    Value diagonalShift;
    if (causal == seq::CausalAlignment::bottom_right)
      diagonalShift = b.create<arith::SubIOp>(
          loc, getDimValue(b, loc, k, 2), getDimValue(b, loc, q, 2));
    Value scale = createFloat(b, loc, f, op.getScaleOrDefault());
    Value negInf = createFloat(b, loc, f, kNegInf);
    // A masked score is removed (-inf), or is masked_value as torch's
    // masked_fill makes it.
    std::optional<APFloat> maskedValue = op.getMaskedValue();
    Value maskedScore =
        maskedValue ? createFloat(b, loc, f, maskedValue->convertToDouble())
                    : negInf;
    Value masked = createGeneric(
        b, loc, inputs, maps, scoreSizes, f,
        [&](OpBuilder &n, Location l, ValueRange a) -> Value {
          Value s = n.create<arith::MulFOp>(l, a[0], scale);
          unsigned next = 1;
          Value keep;
          auto keepAlso = [&](Value cond) {
            keep = keep ? n.create<arith::AndIOp>(l, keep, cond) : cond;
          };
          Value j = n.create<linalg::IndexOp>(l, 3);
          if (lengths) {
            Value len = n.create<arith::IndexCastOp>(l, n.getIndexType(),
                                                     a[next++]);
            keepAlso(n.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, j,
                                             len));
          }
          if (mask) {
            Value m = a[next++];
            if (boolMask)
              keepAlso(m);
            else
              s = n.create<arith::AddFOp>(l, s, m);
          }
          if (causal) {
            Value last = n.create<linalg::IndexOp>(l, 2);
            if (diagonalShift)
              last = n.create<arith::AddIOp>(l, last, diagonalShift);
            keepAlso(n.create<arith::CmpIOp>(l, arith::CmpIPredicate::sle, j,
                                             last));
          }
          return keep ? n.create<arith::SelectOp>(l, keep, s, maskedScore)
                      : s;
        });

    // Softmax numerator and denominator; a row whose max is -inf is empty.
    Value rowMax = reduceDim(b, loc, masked, 3, kNegInf, maxF);
    AffineMap rowMap = dropDimMap(4, 3, ctx);
    Value probs = createGeneric(
        b, loc, {masked, rowMax}, {b.getMultiDimIdentityMap(4), rowMap},
        scoreSizes, f, [&](OpBuilder &n, Location l, ValueRange a) -> Value {
          Value empty = n.create<arith::CmpFOp>(l, arith::CmpFPredicate::OEQ,
                                                a[1], negInf);
          Value e = n.create<math::ExpOp>(
              l, n.create<arith::SubFOp>(l, a[0], a[1]));
          return n.create<arith::SelectOp>(l, empty, createFloat(n, l, f, 0.0),
                                           e);
        });
    Value rowSum = reduceDim(b, loc, probs, 3, 0.0, addF);

    // out[b,h,i,e] = Σ_j p[b,h,i,j]·v[b,h,j,e] / rowSum[b,h,i]; an empty
    // row is 0, or NaN as torch's softmax of -infs.
    bool nanIfEmpty = op.getNanIfEmpty();
    SmallVector<OpFoldResult> outSizes{qSizes[0], qSizes[1], qSizes[2],
                                       valueDim};
    Value weighted = contract(probs, v, map5({d0, d1, d2, d4}),
                              map5({d0, d1, d4, d3}), outSizes);
    return createGeneric(
        b, loc, {weighted, rowSum}, {b.getMultiDimIdentityMap(4), rowMap},
        outSizes, f, [&](OpBuilder &n, Location l, ValueRange a) -> Value {
          Value zero = createFloat(n, l, f, 0.0);
          Value empty = n.create<arith::CmpFOp>(l, arith::CmpFPredicate::OEQ,
                                                a[1], zero);
          Value quotient = n.create<arith::DivFOp>(l, a[0], a[1]);
          Value emptyRow =
              nanIfEmpty ? createFloat(n, l, f, kNaN) : zero;
          return n.create<arith::SelectOp>(l, empty, emptyRow, quotient);
        });
  }
};

} // namespace

void seqc::populateSeqLayerToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<LinearLowering, BinaryLowering<seq::AddOp, arith::AddFOp>,
               BinaryLowering<seq::MulOp, arith::MulFOp>,
               BinaryLowering<seq::SubOp, arith::SubFOp>,
               BinaryLowering<seq::DivOp, arith::DivFOp>,
               BinaryLowering<seq::MaximumOp, arith::MaximumFOp>,
               BinaryLowering<seq::MinimumOp, arith::MinimumFOp>,
               ActivationLowering,
               SoftmaxLowering, LayerNormLowering, RmsNormLowering,
               EmbeddingLowering, PositionalEncodingLowering,
               SdpaReferenceLowering>(patterns.getContext());
}
