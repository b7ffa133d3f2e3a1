//===- Norm.cpp - row normalisation as MLIR vector code ---------*- C++ -*-===//

#include "seqc/Kernels/Norm.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace seqc::kernels;

namespace {

/// Rows per parallel block.
constexpr int64_t kBlockRows = 8;
/// Independent accumulators of a reduction: enough to cover an FP add's
/// latency at one vector per cycle.
constexpr int64_t kAccumulators = 4;

struct NormEmitter {
  OpBuilder &b;
  Location loc;
  const RowNorm &norm;
  int64_t width;
  int64_t d;
  VectorType vecType;

  Value index(int64_t v) { return b.create<arith::ConstantIndexOp>(loc, v); }
  Value f32(double v) {
    return b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(v));
  }
  Value splat(Value scalar) {
    return b.create<vector::BroadcastOp>(loc, vecType, scalar);
  }
  Value zeroVector() {
    return b.create<arith::ConstantOp>(
        loc, vecType, DenseElementsAttr::get(vecType, b.getF32FloatAttr(0)));
  }
  /// A vector of `tensor` along its last dim at `indices`; lanes past the
  /// end read as zero unless `inBounds`.
  Value readAt(Value tensor, ValueRange indices, bool inBounds) {
    return b.create<vector::TransferReadOp>(loc, vecType, tensor, indices,
                                            f32(0.0),
                                            ArrayRef<bool>{inBounds});
  }
  Value add(Value x, Value y) { return b.create<arith::AddFOp>(loc, x, y); }
  Value sub(Value x, Value y) { return b.create<arith::SubFOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.create<arith::MulFOp>(loc, x, y); }
  Value fma(Value x, Value y, Value acc) {
    return b.create<vector::FMAOp>(loc, x, y, acc);
  }

  /// Vectors of a row (the last one partial when width does not divide D),
  /// and those in whole groups of kAccumulators full vectors.
  int64_t vectors() const { return (d + width - 1) / width; }
  int64_t groupVectors() const {
    return d / width / kAccumulators * kAccumulators;
  }

  /// Σ over the row of f(vector j) with kAccumulators accumulators: an
  /// scf.for over whole groups, then the last (at most kAccumulators)
  /// vectors unrolled. `f(column value, static column or -1)`.
  Value reduceRow(llvm::function_ref<Value(Value, int64_t)> term) {
    SmallVector<Value> init(kAccumulators, zeroVector());
    int64_t groupEnd = groupVectors() * width;
    SmallVector<Value> acc = init;
    if (groupEnd > 0) {
      auto loop = b.create<scf::ForOp>(
          loc, index(0), index(groupEnd), index(kAccumulators * width), init,
          [&](OpBuilder &nb, Location, Value j, ValueRange iter) {
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nb.getInsertionBlock(),
                                nb.getInsertionPoint());
            SmallVector<Value> next;
            for (int64_t u = 0; u < kAccumulators; ++u) {
              Value col = b.create<arith::AddIOp>(loc, j, index(u * width));
              next.push_back(add(iter[u], term(col, -1)));
            }
            b.create<scf::YieldOp>(loc, next);
          });
      acc.assign(loop.getResults().begin(), loop.getResults().end());
    }
    for (int64_t v = groupVectors(), u = 0; v < vectors(); ++v, ++u)
      acc[u] = add(acc[u], term(index(v * width), v * width));
    Value total = add(add(acc[0], acc[1]), add(acc[2], acc[3]));
    return b.create<vector::ReductionOp>(loc, vector::CombiningKind::ADD,
                                         total);
  }

  /// Lanes of the vector at static `column` that lie in the row (-1: all).
  Value maskLanes(Value v, int64_t column) {
    if (column < 0 || column + width <= d)
      return v;
    auto maskType = VectorType::get({width}, b.getI1Type());
    Value mask = b.create<vector::CreateMaskOp>(loc, maskType,
                                                ValueRange{index(d - column)});
    return b.create<arith::SelectOp>(loc, mask, v, zeroVector());
  }

  Value build() {
    auto type = llvm::cast<RankedTensorType>(norm.input.getType());
    Type f32Type = b.getF32Type();
    // A single row [D] as [1, D]; otherwise the leading dims stay, so that
    // no reshape mixes dynamic dims.
    auto atLeast2d = [&](Value v) -> Value {
      if (!v || type.getRank() > 1)
        return v;
      return b.create<tensor::ExpandShapeOp>(
          loc, RankedTensorType::get({1, d}, f32Type), v,
          ArrayRef<ReassociationIndices>{{0, 1}});
    };
    Value x = atLeast2d(norm.input);
    Value residual = atLeast2d(norm.residual);
    auto xType = llvm::cast<RankedTensorType>(x.getType());
    int64_t rank = xType.getRank();
    SmallVector<Value> dynamicSizes;
    SmallVector<OpFoldResult> bounds;
    for (int64_t i = 0; i < rank - 1; ++i) {
      Value size = b.create<tensor::DimOp>(loc, x, i);
      if (xType.isDynamicDim(i))
        dynamicSizes.push_back(size);
      bounds.push_back(size);
    }
    Value rows = llvm::cast<Value>(bounds.back());
    bounds.back() = b.create<arith::CeilDivUIOp>(loc, rows, index(kBlockRows))
                        .getResult();
    Value init = b.create<tensor::EmptyOp>(loc, xType.getShape(), f32Type,
                                           dynamicSizes);
    // The outer dims and blocks of kBlockRows rows of the last but one.
    auto forall = b.create<scf::ForallOp>(loc, bounds, ValueRange{init},
                                          /*mapping=*/std::nullopt);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(forall.getBody());
      SmallVector<Value> ivs(forall.getInductionVars());
      Value out = forall.getRegionIterArgs()[0];
      Value first = b.create<arith::MulIOp>(loc, ivs.back(), index(kBlockRows));
      Value count = b.create<arith::MinUIOp>(
          loc, index(kBlockRows), b.create<arith::SubIOp>(loc, rows, first));
      SmallVector<Value> prefix(ivs.begin(), ivs.end() - 1);
      SmallVector<OpFoldResult> offsets, sizes, strides;
      for (Value iv : prefix) {
        offsets.push_back(iv);
        sizes.push_back(b.getIndexAttr(1));
      }
      offsets.append({first, b.getIndexAttr(0)});
      sizes.append({count, b.getIndexAttr(d)});
      strides.assign(rank, b.getIndexAttr(1));
      auto tileType =
          RankedTensorType::get({ShapedType::kDynamic, d}, f32Type);
      Value tile = b.create<tensor::ExtractSliceOp>(loc, tileType, out,
                                                    offsets, sizes, strides);
      // One row of x + residual, zero past D (the forall body is an
      // allocation scope).
      auto scratchType = MemRefType::get({vectors() * width}, f32Type);
      Value scratch = b.create<memref::AllocaOp>(loc, scratchType,
                                                 b.getI64IntegerAttr(64));
      auto rowLoop = b.create<scf::ForOp>(
          loc, index(0), count, index(1), ValueRange{tile},
          [&](OpBuilder &nb, Location, Value r, ValueRange iter) {
            OpBuilder::InsertionGuard inner(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            SmallVector<Value> rowIndex(prefix);
            rowIndex.push_back(b.create<arith::AddIOp>(loc, first, r));
            Value written = emitRow(x, residual, scratch, rowIndex, r, iter[0]);
            b.create<scf::YieldOp>(loc, written);
          });
      b.setInsertionPointToStart(forall.getTerminator().getBody());
      b.create<tensor::ParallelInsertSliceOp>(loc, rowLoop.getResult(0), out,
                                              offsets, sizes, strides);
    }
    Value result = forall.getResult(0);
    if (type.getRank() > 1)
      return result;
    return b.create<tensor::CollapseShapeOp>(
        loc, type, result, ArrayRef<ReassociationIndices>{{0, 1}});
  }

  /// Row `row` of the input, normalised into row `r` of `tile`.
  Value emitRow(Value x, Value residual, Value scratch,
                ArrayRef<Value> rowIndex, Value r, Value tile) {
    auto at = [&](Value col) {
      SmallVector<Value> idx(rowIndex);
      idx.push_back(col);
      return idx;
    };
    Value invD = f32(1.0 / static_cast<double>(d));
    // Pass 1: x (+ residual) into scratch; Σ s, or Σ s² for rms_norm.
    Value first = reduceRow([&](Value col, int64_t column) {
      bool inBounds = column < 0 || column + width <= d;
      Value s = readAt(x, at(col), inBounds);
      if (residual)
        s = add(s, readAt(residual, at(col), inBounds));
      b.create<vector::StoreOp>(loc, s, scratch, ValueRange{col});
      return norm.rms ? mul(s, s) : s;
    });
    Value scale, shift;
    if (norm.rms) {
      Value meanSquare = b.create<arith::MulFOp>(loc, first, invD);
      scale = b.create<math::RsqrtOp>(
          loc, b.create<arith::AddFOp>(loc, meanSquare, f32(norm.epsilon)));
    } else {
      // Pass 2: the centred second moment, from the row in L1.
      Value mean = b.create<arith::MulFOp>(loc, first, invD);
      Value meanVec = splat(mean);
      Value second = reduceRow([&](Value col, int64_t column) {
        Value s = b.create<vector::LoadOp>(loc, vecType, scratch,
                                           ValueRange{col});
        Value centred = maskLanes(sub(s, meanVec), column);
        return mul(centred, centred);
      });
      Value variance = b.create<arith::MulFOp>(loc, second, invD);
      scale = b.create<math::RsqrtOp>(
          loc, b.create<arith::AddFOp>(loc, variance, f32(norm.epsilon)));
      shift = mean;
    }
    // Pass 3: (s - mean) · scale · weight + bias, written to the tile.
    Value scaleVec = splat(scale);
    Value shiftVec = shift ? splat(shift) : Value();
    auto outputAt = [&](Value col, bool inBounds, Value current) {
      Value s =
          b.create<vector::LoadOp>(loc, vecType, scratch, ValueRange{col});
      Value y = mul(shiftVec ? sub(s, shiftVec) : s, scaleVec);
      if (norm.weight)
        y = mul(y, readAt(norm.weight, {col}, inBounds));
      if (norm.bias)
        y = add(y, readAt(norm.bias, {col}, inBounds));
      return b
          .create<vector::TransferWriteOp>(loc, y, current, ValueRange{r, col},
                                           ArrayRef<bool>{inBounds})
          .getResult();
    };
    int64_t fullEnd = d / width * width;
    if (fullEnd > 0) {
      auto loop = b.create<scf::ForOp>(
          loc, index(0), index(fullEnd), index(width), ValueRange{tile},
          [&](OpBuilder &nb, Location, Value col, ValueRange iter) {
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            b.create<scf::YieldOp>(loc, outputAt(col, true, iter[0]));
          });
      tile = loop.getResult(0);
    }
    if (fullEnd < d)
      tile = outputAt(index(fullEnd), false, tile);
    return tile;
  }
};

} // namespace

bool seqc::kernels::canEmitRowNorm(Type inputType) {
  auto type = llvm::dyn_cast<RankedTensorType>(inputType);
  if (!type || type.getRank() == 0 || !type.getElementType().isF32())
    return false;
  int64_t d = type.getDimSize(type.getRank() - 1);
  // Longer rows than this keep their scratch row out of L1 anyway.
  return !ShapedType::isDynamic(d) && d > 0 && d <= 16384;
}

Value seqc::kernels::emitRowNorm(OpBuilder &b, Location loc,
                                 const RowNorm &norm, int64_t width) {
  auto type = llvm::cast<RankedTensorType>(norm.input.getType());
  NormEmitter emitter{b,
                      loc,
                      norm,
                      width,
                      type.getDimSize(type.getRank() - 1),
                      VectorType::get({width}, b.getF32Type())};
  return emitter.build();
}
