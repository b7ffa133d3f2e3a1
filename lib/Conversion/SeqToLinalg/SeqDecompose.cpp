//===- SeqDecompose.cpp - composite seq ops into simpler ones ---*- C++ -*-===//
//
// multi_head_attention becomes projections (one GEMM for those of one
// input) + head split + seq.sdpa + head merge + output projection, so that every attention lowering (reference or
// fused) only has to handle seq.sdpa. ffn becomes linear → activation →
// linear.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "seqc/Conversion/Passes.h"
#include "seqc/Support/WeightConstants.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <algorithm>
#include <cstring>

using namespace mlir;
using namespace seqc::lowering;

/// `value` (a constant of static `type`) sliced along `axis`: the entries
/// start, start + step, ... of `resultType`'s size there (start already
/// clamped), or null when its bytes cannot be read.
static TypedAttr sliceConstant(Attribute value, RankedTensorType type,
                               RankedTensorType resultType, int64_t axis,
                               int64_t start, int64_t step) {
  if (!type.hasStaticShape() || !resultType.hasStaticShape() ||
      type.getElementTypeBitWidth() % 8 != 0)
    return nullptr;
  auto dense = llvm::dyn_cast<DenseElementsAttr>(value);
  if (dense && dense.isSplat())
    return dense.resizeSplat(resultType);
  std::optional<ArrayRef<char>> bytes = seqc::getWeightBytes(value);
  if (!bytes)
    return nullptr;
  // Rows of `axis` are `inner` bytes apart, `outer` blocks of them.
  int64_t dim = type.getDimSize(axis), length = resultType.getDimSize(axis);
  int64_t inner = type.getElementTypeBitWidth() / 8, outer = 1;
  for (int64_t d = axis + 1; d < type.getRank(); ++d)
    inner *= type.getDimSize(d);
  for (int64_t d = 0; d < axis; ++d)
    outer *= type.getDimSize(d);
  if (int64_t(bytes->size()) != outer * dim * inner)
    return nullptr;
  ElementsAttr attr =
      seqc::createWeightAttr(resultType, [&](MutableArrayRef<char> out) {
        char *to = out.data();
        for (int64_t o = 0; o < outer; ++o)
          for (int64_t i = 0; i < length; ++i) {
            std::memcpy(to, bytes->data() + (o * dim + start + i * step) * inner,
                        inner);
            to += inner;
          }
      });
  return llvm::cast<TypedAttr>(attr);
}

/// Rows [first, first + rows) of a 1-D or 2-D `tensor`: a constant of its
/// own when `tensor` is a constant (in_proj_weight split into Q, K and V),
/// so that the projections' weights are packed at compile time like any
/// other.
static Value sliceRowRange(OpBuilder &b, Location loc, Value tensor,
                           int64_t first, int64_t rows) {
  if (!tensor)
    return tensor;
  auto type = llvm::cast<RankedTensorType>(tensor.getType());
  if (auto cst = tensor.getDefiningOp<arith::ConstantOp>();
      cst && type.hasStaticShape() && type.getElementType().isF32()) {
    SmallVector<int64_t> shape(type.getShape());
    shape[0] = rows;
    auto sliceType = RankedTensorType::get(shape, type.getElementType());
    if (TypedAttr slice = sliceConstant(cst.getValue(), type, sliceType,
                                        /*axis=*/0, first, /*step=*/1))
      return b.create<arith::ConstantOp>(loc, slice);
  }
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, tensor);
  SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
  offsets[0] = b.getIndexAttr(first);
  sizes[0] = b.getIndexAttr(rows);
  return b.create<tensor::ExtractSliceOp>(loc, tensor, offsets, sizes, strides);
}

/// Rows [index·rows, (index+1)·rows) of a 1-D or 2-D tensor.
static Value sliceRows(OpBuilder &b, Location loc, Value tensor, int64_t index,
                       int64_t rows) {
  return sliceRowRange(b, loc, tensor, index * rows, rows);
}

/// Constant f32 tensors of one rank stacked along dim 0, or null if one is
/// not a dense constant (or absent).
static Value concatConstantRows(OpBuilder &b, Location loc,
                                ArrayRef<Value> parts) {
  // Each part's values, or its splat value (stored once).
  SmallVector<std::pair<ArrayRef<float>, int64_t>> values;
  SmallVector<float> splats;
  splats.reserve(parts.size());
  int64_t rows = 0;
  RankedTensorType first;
  for (Value part : parts) {
    auto cst = part ? part.getDefiningOp<arith::ConstantOp>() : nullptr;
    auto type = llvm::cast_if_present<RankedTensorType>(
        part ? part.getType() : Type());
    std::optional<ArrayRef<float>> partValues =
        cst ? seqc::getWeightF32Values(cst.getValue()) : std::nullopt;
    auto dense =
        cst ? llvm::dyn_cast<DenseElementsAttr>(cst.getValue()) : nullptr;
    if (!partValues && dense && dense.isSplat() &&
        dense.getElementType().isF32()) {
      splats.push_back(dense.getSplatValue<float>());
      partValues = ArrayRef<float>(splats.back());
    }
    if (!partValues || !type || !type.hasStaticShape() ||
        (first && (first.getRank() != type.getRank() ||
                   first.getShape().drop_front() !=
                       type.getShape().drop_front())))
      return nullptr;
    first = first ? first : type;
    rows += type.getDimSize(0);
    values.push_back({*partValues, type.getNumElements()});
  }
  SmallVector<int64_t> shape(first.getShape());
  shape[0] = rows;
  auto type = RankedTensorType::get(shape, first.getElementType());
  ElementsAttr attr =
      seqc::createWeightAttr(type, [&](MutableArrayRef<char> out) {
        char *to = out.data();
        for (auto [part, count] : values) {
          if (int64_t(part.size()) == count)
            std::memcpy(to, part.data(), count * sizeof(float));
          else
            std::fill_n(reinterpret_cast<float *>(to), count, part.front());
          to += count * sizeof(float);
        }
      });
  return b.create<arith::ConstantOp>(loc, llvm::cast<TypedAttr>(attr));
}

/// `count` projections of one input `x` [B, S, In] as one GEMM with the
/// stacked weight [count·E, In] (and bias): the [B, S, E] column blocks of
/// its result, which the head split reads in place.
static SmallVector<Value> jointProjection(OpBuilder &b, Location loc, Value x,
                                          Value weight, Value bias,
                                          int64_t count, int64_t embed) {
  Value joint = b.create<seq::LinearOp>(loc, x, weight, bias);
  auto type = llvm::cast<RankedTensorType>(joint.getType());
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, joint);
  sizes.back() = b.getIndexAttr(embed);
  SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
  SmallVector<Value> parts;
  for (int64_t i = 0; i < count; ++i) {
    SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
    offsets.back() = b.getIndexAttr(i * embed);
    parts.push_back(b.create<tensor::ExtractSliceOp>(loc, joint, offsets,
                                                     sizes, strides));
  }
  return parts;
}

/// [B, S, E] → [B, heads, S, E/heads].
static Value splitHeads(OpBuilder &b, Location loc, Value x, int64_t heads) {
  auto type = llvm::cast<RankedTensorType>(x.getType());
  int64_t headDim = type.getDimSize(2) / heads;
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, x);
  auto splitType = RankedTensorType::get(
      {type.getDimSize(0), type.getDimSize(1), heads, headDim},
      type.getElementType());
  Value split = b.create<tensor::ExpandShapeOp>(
      loc, splitType, x, ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}},
      ArrayRef<OpFoldResult>{sizes[0], sizes[1], b.getIndexAttr(heads),
                             b.getIndexAttr(headDim)});
  Value init = createEmpty(b, loc,
                           {sizes[0], b.getIndexAttr(heads), sizes[1],
                            b.getIndexAttr(headDim)},
                           type.getElementType());
  return b.create<linalg::TransposeOp>(loc, split, init,
                                       ArrayRef<int64_t>{0, 2, 1, 3})
      ->getResult(0);
}

/// [B, heads, S, D] → [B, S, heads·D].
static Value mergeHeads(OpBuilder &b, Location loc, Value x) {
  auto type = llvm::cast<RankedTensorType>(x.getType());
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, x);
  Value init = createEmpty(b, loc, {sizes[0], sizes[2], sizes[1], sizes[3]},
                           type.getElementType());
  Value transposed = b.create<linalg::TransposeOp>(
                          loc, x, init, ArrayRef<int64_t>{0, 2, 1, 3})
                         ->getResult(0);
  return b.create<tensor::CollapseShapeOp>(
      loc, transposed, ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
}

namespace {
struct DecomposeMultiHeadAttention
    : public OpConversionPattern<seq::MultiHeadAttentionOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(seq::MultiHeadAttentionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t embed = op.getQuery().getType().getDimSize(2);
    int64_t heads = op.getHeads();
    Value wq = adaptor.getQProjWeight(), wk = adaptor.getKProjWeight(),
          wv = adaptor.getVProjWeight();
    Value packed = adaptor.getInProjWeight();
    Value bias = adaptor.getInProjBias();
    Value query = adaptor.getQuery(), key = adaptor.getKey(),
          value = adaptor.getValue();
    // Projections of one input are one GEMM over the stacked weights
    // (self-attention: q, k and v; cross-attention: k and v), its column
    // blocks read in place; weights stack at compile time when constant.
    Value q, k, v;
    if (query == key && key == value) {
      Value weight = packed ? packed
                            : concatConstantRows(rewriter, loc, {wq, wk, wv});
      if (weight) {
        SmallVector<Value> parts =
            jointProjection(rewriter, loc, query, weight, bias, 3, embed);
        q = parts[0], k = parts[1], v = parts[2];
      }
    } else if (key == value) {
      Value weight = packed ? sliceRowRange(rewriter, loc, packed, embed,
                                            2 * embed)
                            : concatConstantRows(rewriter, loc, {wk, wv});
      auto weightType =
          weight ? llvm::cast<RankedTensorType>(weight.getType()) : nullptr;
      if (weightType && weightType.getDimSize(0) == 2 * embed) {
        SmallVector<Value> parts = jointProjection(
            rewriter, loc, key, weight,
            sliceRowRange(rewriter, loc, bias, embed, 2 * embed), 2, embed);
        k = parts[0], v = parts[1];
      }
    }
    // The others on their own, with their rows of the packed weight.
    if (packed) {
      wq = q ? Value() : sliceRows(rewriter, loc, packed, 0, embed);
      wk = k ? Value() : sliceRows(rewriter, loc, packed, 1, embed);
      wv = v ? Value() : sliceRows(rewriter, loc, packed, 2, embed);
    }
    if (!q)
      q = rewriter.create<seq::LinearOp>(
          loc, query, wq, sliceRows(rewriter, loc, bias, 0, embed));
    if (!k)
      k = rewriter.create<seq::LinearOp>(
          loc, key, wk, sliceRows(rewriter, loc, bias, 1, embed));
    if (!v)
      v = rewriter.create<seq::LinearOp>(
          loc, value, wv, sliceRows(rewriter, loc, bias, 2, embed));
    Value attention = rewriter.create<seq::SdpaOp>(
        loc, splitHeads(rewriter, loc, q, heads),
        splitHeads(rewriter, loc, k, heads), splitHeads(rewriter, loc, v, heads),
        adaptor.getKeyLengths(), adaptor.getMask(), op.getCausalAttr(),
        op.getScaleAttr(), /*masked_value=*/FloatAttr(),
        /*nan_if_empty=*/UnitAttr());
    Value merged = mergeHeads(rewriter, loc, attention);
    Value out = rewriter.create<seq::LinearOp>(
        loc, merged, adaptor.getOutProjWeight(), adaptor.getOutProjBias());
    rewriter.replaceOp(op, castToType(rewriter, loc, out, op.getType()));
    return success();
  }
};

struct DecomposeFfn : public OpConversionPattern<seq::FfnOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(seq::FfnOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value hidden = rewriter.create<seq::LinearOp>(
        loc, adaptor.getInput(), adaptor.getWeight1(), adaptor.getBias1());
    Value activated = rewriter.create<seq::ActivationOp>(
        loc, op.getActivationAttr(), hidden);
    Value out = rewriter.create<seq::LinearOp>(
        loc, activated, adaptor.getWeight2(), adaptor.getBias2());
    rewriter.replaceOp(op, castToType(rewriter, loc, out, op.getType()));
    return success();
  }
};
} // namespace

void seqc::foldConstantSlices(Operation *root) {
  SmallVector<seq::SliceOp> slices;
  root->walk([&](seq::SliceOp op) { slices.push_back(op); });
  for (seq::SliceOp op : slices) {
    auto cst = op.getInput().getDefiningOp<arith::ConstantOp>();
    if (!cst)
      continue;
    auto type = llvm::dyn_cast<RankedTensorType>(op.getInput().getType());
    auto resultType = llvm::dyn_cast<RankedTensorType>(op.getType());
    if (!type || !resultType || !type.hasStaticShape())
      continue;
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += type.getRank();
    // Python's clamping of the start (the verifier has computed the size).
    int64_t dim = type.getDimSize(axis);
    int64_t start = static_cast<int64_t>(op.getStart());
    start = start < 0 ? std::max<int64_t>(start + dim, 0) : std::min(start, dim);
    if (TypedAttr folded =
            sliceConstant(cst.getValue(), type, resultType, axis, start,
                          static_cast<int64_t>(op.getStep()))) {
      OpBuilder b(op);
      op.getResult().replaceAllUsesWith(
          b.create<arith::ConstantOp>(op.getLoc(), folded).getResult());
      op.erase();
      if (cst->use_empty())
        cst->erase();
    }
  }
}

void seqc::populateSeqDecompositionPatterns(RewritePatternSet &patterns) {
  patterns.add<DecomposeMultiHeadAttention, DecomposeFfn>(
      patterns.getContext());
}
