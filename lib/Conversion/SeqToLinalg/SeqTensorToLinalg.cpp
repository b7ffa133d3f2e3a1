//===- SeqTensorToLinalg.cpp - general tensor ops to linalg -----*- C++ -*-===//
//
// The reference lowering of the general tensor ops (elementwise math,
// comparisons, select, casts, matmul, data movement, reductions) to linalg
// and tensor ops. Matmuls with a 2-D right operand become linalg.matmul over
// the folded rows, so seq-vectorize-matmul's kernels take them; data
// movement is tensor.extract_slice / insert_slice / reshape where it can be.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "seqc/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace seqc::lowering;

static constexpr double kInf = std::numeric_limits<double>::infinity();

/// `axis` of a rank-`rank` tensor, made non-negative (the verifier has
/// checked its range). I64Attr getters are unsigned: read them signed.
static int64_t positiveAxis(uint64_t axis, int64_t rank) {
  int64_t a = static_cast<int64_t>(axis);
  return a < 0 ? a + rank : a;
}

/// `x` with unit dims inserted at `positions` (sorted, in the result's
/// numbering), as a tensor.expand_shape.
static Value insertUnitDims(OpBuilder &b, Location loc, Value x,
                            ArrayRef<int64_t> positions,
                            RankedTensorType resultType) {
  if (positions.empty())
    return x;
  auto type = llvm::cast<RankedTensorType>(x.getType());
  int64_t rank = resultType.getRank();
  SmallVector<bool> unit(rank, false);
  for (int64_t p : positions)
    unit[p] = true;
  SmallVector<OpFoldResult> inSizes = getSizes(b, loc, x);
  SmallVector<OpFoldResult> outSizes;
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  int64_t src = 0;
  for (int64_t i = 0; i < rank; ++i) {
    pending.push_back(i);
    if (unit[i]) {
      outSizes.push_back(b.getIndexAttr(1));
    } else {
      outSizes.push_back(inSizes[src++]);
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (type.getRank() == 0)
    groups.clear();
  else if (!pending.empty())
    groups.back().append(pending.begin(), pending.end());
  return b.create<tensor::ExpandShapeOp>(loc, resultType, x, groups, outSizes);
}

namespace {

//===----------------------------------------------------------------------===//
// Elementwise math, comparisons, select, cast
//===----------------------------------------------------------------------===//

struct PowLowering : public SeqOpLowering<seq::PowOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::PowOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    // A constant exponent that has an exact cheaper form takes it.
    std::optional<double> exponent;
    FloatAttr c;
    if (matchPattern(adaptor.getRhs(), m_Constant(&c)))
      exponent = c.getValueAsDouble();
    return createBroadcastElementwise(
        b, loc, {adaptor.getLhs(), adaptor.getRhs()}, op.getType(),
        [&](OpBuilder &n, Location l, ValueRange a) -> Value {
          Type f = a[0].getType();
          if (exponent == 2.0)
            return n.create<arith::MulFOp>(l, a[0], a[0]);
          if (exponent == 1.0)
            return a[0];
          if (exponent == 0.5)
            return n.create<math::SqrtOp>(l, a[0]);
          if (exponent == -1.0)
            return n.create<arith::DivFOp>(l, createFloat(n, l, f, 1.0), a[0]);
          return n.create<math::PowFOp>(l, a[0], a[1]);
        });
  }
};

struct UnaryLowering : public SeqOpLowering<seq::UnaryOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::UnaryOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    seq::UnaryKind kind = op.getKind();
    return mapElements(
        b, loc, adaptor.getInput(),
        [&](OpBuilder &n, Location l, ValueRange a) -> Value {
          switch (kind) {
          case seq::UnaryKind::exp:
            return n.create<math::ExpOp>(l, a[0]);
          case seq::UnaryKind::log:
            return n.create<math::LogOp>(l, a[0]);
          case seq::UnaryKind::sqrt:
            return n.create<math::SqrtOp>(l, a[0]);
          case seq::UnaryKind::rsqrt:
            return n.create<math::RsqrtOp>(l, a[0]);
          case seq::UnaryKind::abs:
            return n.create<math::AbsFOp>(l, a[0]);
          case seq::UnaryKind::neg:
            return n.create<arith::NegFOp>(l, a[0]);
          case seq::UnaryKind::erf:
            return n.create<math::ErfOp>(l, a[0]);
          }
          llvm_unreachable("unknown unary kind");
        });
  }
};

struct ClampLowering : public SeqOpLowering<seq::ClampOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::ClampOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    std::optional<APFloat> lo = op.getMin(), hi = op.getMax();
    return mapElements(
        b, loc, adaptor.getInput(),
        [&](OpBuilder &n, Location l, ValueRange a) -> Value {
          Value x = a[0];
          Type f = x.getType();
          // max then min: with min > max every element is max, as in torch.
          if (lo)
            x = n.create<arith::MaximumFOp>(
                l, x, createFloat(n, l, f, lo->convertToDouble()));
          if (hi)
            x = n.create<arith::MinimumFOp>(
                l, x, createFloat(n, l, f, hi->convertToDouble()));
          return x;
        });
  }
};

struct CompareLowering : public SeqOpLowering<seq::CompareOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::CompareOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    seq::ComparePredicate predicate = op.getPredicate();
    return createBroadcastElementwise(
        b, loc, {adaptor.getLhs(), adaptor.getRhs()}, op.getType(),
        [&](OpBuilder &n, Location l, ValueRange a) -> Value {
          using P = seq::ComparePredicate;
          Type t = a[0].getType();
          if (llvm::isa<FloatType>(t)) {
            arith::CmpFPredicate p = arith::CmpFPredicate::OEQ;
            switch (predicate) {
            case P::eq: p = arith::CmpFPredicate::OEQ; break;
            case P::ne: p = arith::CmpFPredicate::UNE; break;
            case P::lt: p = arith::CmpFPredicate::OLT; break;
            case P::le: p = arith::CmpFPredicate::OLE; break;
            case P::gt: p = arith::CmpFPredicate::OGT; break;
            case P::ge: p = arith::CmpFPredicate::OGE; break;
            }
            return n.create<arith::CmpFOp>(l, p, a[0], a[1]);
          }
          // bool orders false < true: unsigned; other integers are signed.
          bool isBool = t.isInteger(1);
          arith::CmpIPredicate p = arith::CmpIPredicate::eq;
          switch (predicate) {
          case P::eq: p = arith::CmpIPredicate::eq; break;
          case P::ne: p = arith::CmpIPredicate::ne; break;
          case P::lt: p = isBool ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt; break;
          case P::le: p = isBool ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle; break;
          case P::gt: p = isBool ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt; break;
          case P::ge: p = isBool ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge; break;
          }
          return n.create<arith::CmpIOp>(l, p, a[0], a[1]);
        });
  }
};

struct WhereLowering : public SeqOpLowering<seq::WhereOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::WhereOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    return createBroadcastElementwise(
        b, loc, {adaptor.getCondition(), adaptor.getLhs(), adaptor.getRhs()},
        op.getType(), [](OpBuilder &n, Location l, ValueRange a) -> Value {
          return n.create<arith::SelectOp>(l, a[0], a[1], a[2]);
        });
  }
};

/// One element converted with PyTorch's rules.
static Value convertElement(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  if (from == to)
    return x;
  if (to.isInteger(1)) {
    if (llvm::isa<FloatType>(from))
      return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, x,
                                     createFloat(b, loc, from, 0.0));
    Value zero = b.create<arith::ConstantOp>(loc, b.getIntegerAttr(from, 0));
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, x, zero);
  }
  bool fromBool = from.isInteger(1);
  if (llvm::isa<FloatType>(to)) {
    if (llvm::isa<FloatType>(from))
      return b.create<arith::TruncFOp>(loc, to, x);
    if (fromBool)
      return b.create<arith::UIToFPOp>(loc, to, x);
    return b.create<arith::SIToFPOp>(loc, to, x);
  }
  if (llvm::isa<FloatType>(from))
    return b.create<arith::FPToSIOp>(loc, to, x);
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (toWidth < fromWidth)
    return b.create<arith::TruncIOp>(loc, to, x);
  if (fromBool)
    return b.create<arith::ExtUIOp>(loc, to, x);
  return b.create<arith::ExtSIOp>(loc, to, x);
}

struct CastLowering : public SeqOpLowering<seq::CastOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::CastOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    auto inputType = llvm::cast<RankedTensorType>(adaptor.getInput().getType());
    Type to = op.getType().getElementType();
    return createBroadcastElementwise(
        b, loc, adaptor.getInput(),
        RankedTensorType::get(inputType.getShape(), to),
        [&](OpBuilder &n, Location l, ValueRange a) -> Value {
          return convertElement(n, l, a[0], to);
        });
  }
};

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

struct MatmulLowering : public SeqOpLowering<seq::MatmulOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::MatmulOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lhsType = llvm::cast<RankedTensorType>(lhs.getType());
    auto rhsType = llvm::cast<RankedTensorType>(rhs.getType());
    Type f = lhsType.getElementType();
    bool vecLhs = lhsType.getRank() == 1, vecRhs = rhsType.getRank() == 1;
    if (vecRhs) {
      // [K] → [K, 1]
      auto colType = RankedTensorType::get({rhsType.getDimSize(0), 1}, f);
      rhs = b.create<tensor::ExpandShapeOp>(
          loc, colType, rhs, ArrayRef<ReassociationIndices>{{0, 1}},
          ArrayRef<OpFoldResult>{getSizes(b, loc, rhs)[0], b.getIndexAttr(1)});
      rhsType = colType;
    }
    assertDimsEqual(b, loc, {{lhs, lhsType.getRank() - 1},
                             {rhs, rhsType.getRank() - 2}},
                    "matmul contracted dims");
    Value product;
    bool rowDim = false; // a unit row dim from a 1-D lhs is still there
    if (rhsType.getRank() == 2) {
      // [..., M, K] · [K, N]: one linalg.matmul over the folded rows (a 1-D
      // lhs is one row, which unfoldRows drops again).
      Value rows = foldRows(b, loc, lhs);
      SmallVector<OpFoldResult> sizes{getSizes(b, loc, rows)[0],
                                      getSizes(b, loc, rhs)[1]};
      Value init = createFilled(b, loc, sizes, f, 0.0);
      Value mm = b.create<linalg::MatmulOp>(loc, ValueRange{rows, rhs},
                                            ValueRange{init})
                     .getResult(0);
      product = unfoldRows(b, loc, mm, lhs);
    } else {
      product = batchedProduct(b, loc, lhs, rhs);
      rowDim = vecLhs;
    }
    // Drop the unit dim that a 1-D operand brought: [..., M, 1] for a 1-D
    // rhs, [..., 1, N] for a 1-D lhs; a dot product's [1] becomes rank 0.
    if (!vecRhs && !rowDim)
      return product;
    int64_t rank = llvm::cast<RankedTensorType>(product.getType()).getRank();
    SmallVector<ReassociationIndices> groups;
    if (rank >= 2) {
      for (int64_t i = 0; i < rank - 2; ++i)
        groups.push_back({i});
      groups.push_back({rank - 2, rank - 1});
    }
    return b.create<tensor::CollapseShapeOp>(loc, op.getType(), product,
                                             groups);
  }

  /// [..., M, K] · [..., K, N] with broadcast batch dims, as one
  /// linalg.generic contraction (a 1-D lhs is one row).
  static Value batchedProduct(OpBuilder &b, Location loc, Value lhs,
                              Value rhs) {
    auto lhsType = llvm::cast<RankedTensorType>(lhs.getType());
    auto rhsType = llvm::cast<RankedTensorType>(rhs.getType());
    Type f = lhsType.getElementType();
    MLIRContext *ctx = b.getContext();
    bool vecLhs = lhsType.getRank() == 1;
    int64_t lhsBatch = vecLhs ? 0 : lhsType.getRank() - 2;
    int64_t rhsBatch = rhsType.getRank() - 2;
    int64_t batch = std::max(lhsBatch, rhsBatch);
    int64_t rank = batch + 3; // batch..., m, n, k
    auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
    SmallVector<int64_t> batchShape(batch, 1);
    SmallVector<OpFoldResult> sizes(batch, b.getIndexAttr(1));
    SmallVector<SmallVector<TensorDim>> sharing(batch);
    auto batchExprs = [&](Value v, int64_t vBatch) {
      auto type = llvm::cast<RankedTensorType>(v.getType());
      SmallVector<AffineExpr> exprs;
      for (int64_t j = 0; j < vBatch; ++j) {
        int64_t i = batch - vBatch + j;
        int64_t dim = type.getDimSize(j);
        if (dim == 1) {
          exprs.push_back(getAffineConstantExpr(0, ctx));
          continue;
        }
        exprs.push_back(d(i));
        if (batchShape[i] == 1) {
          batchShape[i] = dim;
          sizes[i] = getSizes(b, loc, v)[j];
        }
        sharing[i].push_back({v, j});
      }
      return exprs;
    };
    SmallVector<AffineExpr> lhsExprs = batchExprs(lhs, lhsBatch);
    SmallVector<AffineExpr> rhsExprs = batchExprs(rhs, rhsBatch);
    for (ArrayRef<TensorDim> dims : sharing)
      assertDimsEqual(b, loc, dims, "matmul batch dims");
    if (!vecLhs)
      lhsExprs.push_back(d(batch));
    lhsExprs.push_back(d(batch + 2));
    rhsExprs.push_back(d(batch + 2));
    rhsExprs.push_back(d(batch + 1));
    SmallVector<AffineExpr> outExprs;
    for (int64_t i = 0; i < batch + 2; ++i)
      outExprs.push_back(d(i));
    OpFoldResult m = vecLhs ? OpFoldResult(b.getIndexAttr(1))
                            : getSizes(b, loc, lhs)[lhsType.getRank() - 2];
    sizes.push_back(m);
    sizes.push_back(getSizes(b, loc, rhs)[rhsType.getRank() - 1]);
    Value init = createFilled(b, loc, sizes, f, 0.0);
    SmallVector<AffineMap> maps{AffineMap::get(rank, 0, lhsExprs, ctx),
                                AffineMap::get(rank, 0, rhsExprs, ctx),
                                AffineMap::get(rank, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    return b
        .create<linalg::GenericOp>(
            loc, init.getType(), ValueRange{lhs, rhs}, ValueRange{init}, maps,
            iterators,
            [](OpBuilder &n, Location l, ValueRange a) {
              Value p = n.create<arith::MulFOp>(l, a[0], a[1]);
              n.create<linalg::YieldOp>(
                  l, n.create<arith::AddFOp>(l, a[2], p).getResult());
            })
        .getResult(0);
  }
};

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

struct TransposeLowering : public SeqOpLowering<seq::TransposeOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::TransposeOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    Value x = adaptor.getInput();
    auto type = llvm::cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    SmallVector<int64_t> perm;
    for (int64_t p : op.getPermutation())
      perm.push_back(p < 0 ? p + rank : p);
    if (llvm::equal(perm, llvm::seq<int64_t>(0, rank)))
      return x;
    SmallVector<OpFoldResult> inSizes = getSizes(b, loc, x), outSizes;
    for (int64_t p : perm)
      outSizes.push_back(inSizes[p]);
    Value init = createEmpty(b, loc, outSizes, type.getElementType());
    return b.create<linalg::TransposeOp>(loc, x, init, perm).getResult()[0];
  }
};

struct ReshapeLowering : public SeqOpLowering<seq::ReshapeOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::ReshapeOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    Value x = adaptor.getInput();
    auto type = llvm::cast<RankedTensorType>(x.getType());
    RankedTensorType resultType = op.getType();
    // The element count, and the sizes of the new shape as index values.
    Value total = createIndex(b, loc, 1);
    for (int64_t i = 0; i < type.getRank(); ++i)
      total = b.create<arith::MulIOp>(loc, total, getDimValue(b, loc, x, i));
    SmallVector<Value> sizes;
    Value known = createIndex(b, loc, 1);
    int64_t inferred = -1;
    auto dynamicSizes = adaptor.getSizes();
    size_t nextDynamic = 0;
    for (auto [i, s] : llvm::enumerate(op.getStaticSizes())) {
      Value size;
      if (ShapedType::isDynamic(s))
        size = dynamicSizes[nextDynamic++];
      else if (s == -1)
        inferred = i;
      else
        size = createIndex(b, loc, s);
      sizes.push_back(size);
      if (size)
        known = b.create<arith::MulIOp>(loc, known, size);
    }
    Value zero = createIndex(b, loc, 0);
    if (inferred >= 0) {
      // known == 0 would divide by zero: the check below fails first.
      Value nonZero =
          b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, known, zero);
      Value safe = b.create<arith::SelectOp>(loc, nonZero, known,
                                             createIndex(b, loc, 1));
      Value rem = b.create<arith::RemUIOp>(loc, total, safe);
      Value divides = b.create<arith::AndIOp>(
          loc, nonZero,
          b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, rem, zero));
      if (!resultType.hasStaticShape() || !type.hasStaticShape())
        assertAtRunTime(b, loc, divides,
                        "reshape: the element count is not a multiple of the "
                        "given sizes");
      sizes[inferred] = b.create<arith::DivUIOp>(loc, total, safe);
    } else if (!resultType.hasStaticShape() || !type.hasStaticShape()) {
      Value same =
          b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, total, known);
      assertAtRunTime(b, loc, same,
                      "reshape: the new shape has a different element count");
    }
    if (resultType.getRank() == 0 || type.getRank() == 0) {
      // tensor.reshape needs a shape of rank >= 1; a scalar reshapes by
      // collapsing or expanding unit dims.
      if (resultType.getRank() == 0)
        return b.create<tensor::CollapseShapeOp>(
            loc, resultType, x, ArrayRef<ReassociationIndices>{});
      SmallVector<OpFoldResult> ones(resultType.getRank(), b.getIndexAttr(1));
      return b.create<tensor::ExpandShapeOp>(
          loc, resultType, x, ArrayRef<ReassociationIndices>{}, ones);
    }
    Value shape = b.create<tensor::FromElementsOp>(loc, sizes);
    return b.create<tensor::ReshapeOp>(loc, resultType, x, shape);
  }
};

struct ConcatLowering : public SeqOpLowering<seq::ConcatOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::ConcatOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    ValueRange inputs = adaptor.getInputs();
    auto type = llvm::cast<RankedTensorType>(inputs.front().getType());
    int64_t rank = type.getRank();
    int64_t axis = positiveAxis(op.getAxis(), rank);
    for (int64_t i = 0; i < rank; ++i) {
      if (i == axis)
        continue;
      SmallVector<TensorDim> dims;
      for (Value v : inputs)
        dims.push_back({v, i});
      assertDimsEqual(b, loc, dims, "concat dims");
    }
    SmallVector<OpFoldResult> sizes = getSizes(b, loc, inputs.front());
    Value length = createIndex(b, loc, 0);
    SmallVector<Value> offsets;
    for (Value v : inputs) {
      offsets.push_back(length);
      length = b.create<arith::AddIOp>(loc, length,
                                       getDimValue(b, loc, v, axis));
    }
    sizes[axis] = length;
    Value result = createEmpty(b, loc, sizes, type.getElementType());
    for (auto [v, offset] : llvm::zip(inputs, offsets)) {
      SmallVector<OpFoldResult> at(rank, b.getIndexAttr(0));
      at[axis] = offset;
      SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
      result = b.create<tensor::InsertSliceOp>(loc, v, result, at,
                                               getSizes(b, loc, v), strides);
    }
    return result;
  }
};

struct SliceLowering : public SeqOpLowering<seq::SliceOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::SliceOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    Value x = adaptor.getInput();
    auto type = llvm::cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    int64_t axis = positiveAxis(op.getAxis(), rank);
    int64_t start = static_cast<int64_t>(op.getStart());
    int64_t end = static_cast<int64_t>(op.getEnd());
    int64_t step = static_cast<int64_t>(op.getStep());
    SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes = getSizes(b, loc, x);
    SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
    strides[axis] = b.getIndexAttr(step);
    if (!type.isDynamicDim(axis)) {
      int64_t dim = type.getDimSize(axis);
      int64_t length = seq::sliceLength(dim, start, end, step);
      int64_t s = start < 0 ? std::max<int64_t>(start + dim, 0)
                            : std::min(start, dim);
      offsets[axis] = b.getIndexAttr(length ? s : 0);
      sizes[axis] = b.getIndexAttr(length);
    } else {
      // Python's clamping, at run time: i < 0 → max(i + dim, 0), else
      // min(i, dim); length = max(0, ceil((e - s) / step)).
      Value dim = getDimValue(b, loc, x, axis);
      Value zero = createIndex(b, loc, 0);
      auto clampIndex = [&](int64_t i) -> Value {
        if (i >= 0)
          return b.create<arith::MinSIOp>(loc, createIndex(b, loc, i), dim);
        // i + dim in i64 cannot overflow once i is clamped to -dim.
        Value shifted = b.create<arith::AddIOp>(
            loc, createIndex(b, loc, std::max<int64_t>(i, -(int64_t(1) << 62))),
            dim);
        return b.create<arith::MaxSIOp>(loc, shifted, zero);
      };
      Value s = clampIndex(start), e = clampIndex(end);
      Value span = b.create<arith::MaxSIOp>(
          loc, b.create<arith::SubIOp>(loc, e, s), zero);
      Value length = b.create<arith::CeilDivSIOp>(loc, span,
                                                  createIndex(b, loc, step));
      offsets[axis] = s;
      sizes[axis] = length;
    }
    return b.create<tensor::ExtractSliceOp>(loc, x, offsets, sizes, strides);
  }
};

struct IndexSelectLowering : public SeqOpLowering<seq::IndexSelectOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::IndexSelectOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    Value x = adaptor.getInput(), indices = adaptor.getIndices();
    auto type = llvm::cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    int64_t axis = positiveAxis(op.getAxis(), rank);
    Value dim = getDimValue(b, loc, x, axis);
    // Every index in [0, dim), checked once before the gather.
    Value count = getDimValue(b, loc, indices, 0);
    Value zero = createIndex(b, loc, 0), one = createIndex(b, loc, 1);
    b.create<scf::ForOp>(
        loc, zero, count, one, ValueRange{},
        [&](OpBuilder &n, Location l, Value i, ValueRange) {
          Value raw = n.create<tensor::ExtractOp>(l, indices, i);
          Value index = n.create<arith::IndexCastOp>(l, n.getIndexType(), raw);
          Value ok = n.create<arith::AndIOp>(
              l, n.create<arith::CmpIOp>(l, arith::CmpIPredicate::sge, index,
                                         zero),
              n.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, index,
                                      dim));
          assertAtRunTime(n, l, ok, "index_select: an index is out of range");
          n.create<scf::YieldOp>(l);
        });
    SmallVector<OpFoldResult> sizes = getSizes(b, loc, x);
    sizes[axis] = getSizes(b, loc, indices)[0];
    AffineMap indexMap = AffineMap::get(
        rank, 0, {getAffineDimExpr(axis, b.getContext())}, b.getContext());
    return createGeneric(
        b, loc, indices, indexMap, sizes, type.getElementType(),
        [&](OpBuilder &n, Location l, ValueRange a) -> Value {
          SmallVector<Value> at;
          for (int64_t i = 0; i < rank; ++i)
            at.push_back(i == axis ? Value(n.create<arith::IndexCastOp>(
                                         l, n.getIndexType(), a[0]))
                                   : Value(n.create<linalg::IndexOp>(l, i)));
          return n.create<tensor::ExtractOp>(l, x, at);
        });
  }
};

struct ArangeLowering : public SeqOpLowering<seq::ArangeOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::ArangeOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    RankedTensorType type = op.getType();
    OpFoldResult length =
        type.isDynamicDim(0) ? OpFoldResult(adaptor.getLength())
                             : OpFoldResult(b.getIndexAttr(type.getDimSize(0)));
    Type element = type.getElementType();
    return createGeneric(b, loc, {}, {}, {length}, element,
                         [&](OpBuilder &n, Location l, ValueRange) -> Value {
                           return n.create<arith::IndexCastOp>(
                               l, element, n.create<linalg::IndexOp>(l, 0));
                         });
  }
};

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

struct ReduceLowering : public SeqOpLowering<seq::ReduceOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::ReduceOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    Value x = adaptor.getInput();
    auto type = llvm::cast<RankedTensorType>(x.getType());
    Type f = type.getElementType();
    int64_t rank = type.getRank();
    SmallVector<int64_t> axes;
    for (int64_t a : op.getAxes())
      axes.push_back(a < 0 ? a + rank : a);
    llvm::sort(axes);
    seq::ReduceKind kind = op.getKind();
    double init = kind == seq::ReduceKind::max   ? -kInf
                  : kind == seq::ReduceKind::min ? kInf
                                                 : 0.0;
    Value count = createFloat(b, loc, f, 1.0);
    Value r = x;
    // From the last axis back, so the others keep their numbers.
    for (int64_t axis : llvm::reverse(axes)) {
      if (kind == seq::ReduceKind::mean)
        count = b.create<arith::MulFOp>(loc, count,
                                        getDimAsFloat(b, loc, r, axis, f));
      r = reduceDim(b, loc, r, axis, init,
                    [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                      switch (kind) {
                      case seq::ReduceKind::max:
                        return n.create<arith::MaximumFOp>(l, a[0], a[1]);
                      case seq::ReduceKind::min:
                        return n.create<arith::MinimumFOp>(l, a[0], a[1]);
                      default:
                        return n.create<arith::AddFOp>(l, a[0], a[1]);
                      }
                    });
    }
    if (kind == seq::ReduceKind::mean)
      r = mapElements(b, loc, r,
                      [&](OpBuilder &n, Location l, ValueRange a) -> Value {
                        return n.create<arith::DivFOp>(l, a[0], count);
                      });
    if (!op.getKeepdim())
      return r;
    return insertUnitDims(b, loc, r, axes, op.getType());
  }
};

struct ArgmaxLowering : public SeqOpLowering<seq::ArgmaxOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::ArgmaxOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    Value x = adaptor.getInput();
    auto type = llvm::cast<RankedTensorType>(x.getType());
    Type f = type.getElementType();
    Type i64 = b.getI64Type();
    int64_t rank = type.getRank();
    int64_t axis = positiveAxis(op.getAxis(), rank);
    SmallVector<OpFoldResult> sizes = getSizes(b, loc, x);
    sizes.erase(sizes.begin() + axis);
    Value best = createFilled(b, loc, sizes, f, -kInf);
    Value zeros = b.create<linalg::FillOp>(
                       loc,
                       ValueRange{b.create<arith::ConstantOp>(
                           loc, b.getIntegerAttr(i64, 0))},
                       ValueRange{createEmpty(b, loc, sizes, i64)})
                      .getResult(0);
    MLIRContext *ctx = b.getContext();
    AffineMap rowMap = dropDimMap(rank, axis, ctx);
    SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank), rowMap, rowMap};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators[axis] = utils::IteratorType::reduction;
    auto generic = b.create<linalg::GenericOp>(
        loc, TypeRange{best.getType(), zeros.getType()}, ValueRange{x},
        ValueRange{best, zeros}, maps, iterators,
        [&](OpBuilder &n, Location l, ValueRange a) {
          // The first largest; a NaN is larger than everything (torch).
          Value v = a[0], m = a[1], at = a[2];
          Value greater =
              n.create<arith::CmpFOp>(l, arith::CmpFPredicate::OGT, v, m);
          Value vNan = n.create<arith::CmpFOp>(l, arith::CmpFPredicate::UNO,
                                               v, v);
          Value mOrdered =
              n.create<arith::CmpFOp>(l, arith::CmpFPredicate::ORD, m, m);
          Value take = n.create<arith::OrIOp>(
              l, greater, n.create<arith::AndIOp>(l, vNan, mOrdered));
          Value j = n.create<arith::IndexCastOp>(
              l, i64, n.create<linalg::IndexOp>(l, axis));
          n.create<linalg::YieldOp>(
              l, ValueRange{n.create<arith::SelectOp>(l, take, v, m),
                            n.create<arith::SelectOp>(l, take, j, at)});
        });
    Value indices = generic.getResult(1);
    if (!op.getKeepdim())
      return indices;
    return insertUnitDims(b, loc, indices, {axis}, op.getType());
  }
};

struct LogSoftmaxLowering : public SeqOpLowering<seq::LogSoftmaxOp> {
  using SeqOpLowering::SeqOpLowering;
  Value lower(seq::LogSoftmaxOp op, OpAdaptor adaptor, OpBuilder &b,
              Location loc) const override {
    Value x = adaptor.getInput();
    auto type = llvm::cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    int64_t axis = positiveAxis(op.getAxis(), rank);
    Type f = type.getElementType();
    MLIRContext *ctx = b.getContext();
    SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                                dropDimMap(rank, axis, ctx)};
    SmallVector<OpFoldResult> sizes = getSizes(b, loc, x);
    Value rowMax = reduceDim(b, loc, x, axis, -kInf,
                             [](OpBuilder &n, Location l, ValueRange a) -> Value {
                               return n.create<arith::MaximumFOp>(l, a[0], a[1]);
                             });
    Value shifted = createGeneric(
        b, loc, {x, rowMax}, maps, sizes, f,
        [](OpBuilder &n, Location l, ValueRange a) -> Value {
          return n.create<arith::SubFOp>(l, a[0], a[1]);
        });
    Value sums = reduceDim(b, loc, shifted, axis, 0.0,
                           [](OpBuilder &n, Location l, ValueRange a) -> Value {
                             return n.create<arith::AddFOp>(
                                 l, n.create<math::ExpOp>(l, a[0]), a[1]);
                           });
    return createGeneric(
        b, loc, {shifted, sums}, maps, sizes, f,
        [](OpBuilder &n, Location l, ValueRange a) -> Value {
          return n.create<arith::SubFOp>(l, a[0],
                                         n.create<math::LogOp>(l, a[1]));
        });
  }
};

} // namespace

void seqc::populateSeqTensorToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<PowLowering, UnaryLowering, ClampLowering, CompareLowering,
               WhereLowering, CastLowering, MatmulLowering, TransposeLowering,
               ReshapeLowering, ConcatLowering, SliceLowering,
               IndexSelectLowering, ReduceLowering, ArgmaxLowering,
               LogSoftmaxLowering, ArangeLowering>(patterns.getContext());
}
