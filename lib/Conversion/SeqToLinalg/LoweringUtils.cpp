//===- LoweringUtils.cpp - helpers shared by the seq lowerings --*- C++ -*-===//

#include "LoweringUtils.h"
#include "seqc/Support/WeightConstants.h"
#include "seqc/Target/Target.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"

#include <cmath>

using namespace mlir;

namespace seqc::lowering {

SmallVector<OpFoldResult> getSizes(OpBuilder &b, Location loc, Value tensor) {
  auto type = llvm::cast<RankedTensorType>(tensor.getType());
  SmallVector<OpFoldResult> sizes;
  for (int64_t i = 0, e = type.getRank(); i < e; ++i) {
    if (type.isDynamicDim(i))
      sizes.push_back(b.create<tensor::DimOp>(loc, tensor, i).getResult());
    else
      sizes.push_back(b.getIndexAttr(type.getDimSize(i)));
  }
  return sizes;
}

Value getDimValue(OpBuilder &b, Location loc, Value tensor, int64_t dim) {
  auto type = llvm::cast<RankedTensorType>(tensor.getType());
  if (!type.isDynamicDim(dim))
    return createIndex(b, loc, type.getDimSize(dim));
  return b.create<tensor::DimOp>(loc, tensor, dim);
}

Value createEmpty(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                  Type elementType) {
  return b.create<tensor::EmptyOp>(loc, sizes, elementType);
}

Value createFilled(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                   Type elementType, double value) {
  Value empty = createEmpty(b, loc, sizes, elementType);
  Value scalar = createFloat(b, loc, elementType, value);
  return b.create<linalg::FillOp>(loc, scalar, empty).getResult(0);
}

Value createFloat(OpBuilder &b, Location loc, Type type, double value) {
  return b.create<arith::ConstantOp>(loc, b.getFloatAttr(type, value));
}

Value createIndex(OpBuilder &b, Location loc, int64_t value) {
  return b.create<arith::ConstantIndexOp>(loc, value);
}

Value getDimAsFloat(OpBuilder &b, Location loc, Value x, int64_t dim,
                           Type type) {
  auto shaped = llvm::cast<RankedTensorType>(x.getType());
  if (!shaped.isDynamicDim(dim))
    return createFloat(b, loc, type, shaped.getDimSize(dim));
  Value size = b.create<arith::IndexCastOp>(loc, b.getI64Type(),
                                            getDimValue(b, loc, x, dim));
  return b.create<arith::SIToFPOp>(loc, type, size);
}

Value createGeneric(OpBuilder &b, Location loc, ValueRange inputs,
                    ArrayRef<AffineMap> inputMaps, ArrayRef<OpFoldResult> sizes,
                    Type elementType, BodyBuilder body) {
  int64_t rank = sizes.size();
  Value init = createEmpty(b, loc, sizes, elementType);
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, init.getType(), inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args);
        nested.create<linalg::YieldOp>(nestedLoc, result);
      });
  return generic.getResult(0);
}

Value createBroadcastElementwise(OpBuilder &b, Location loc,
                                 ValueRange operands,
                                 RankedTensorType resultType, BodyBuilder body) {
  int64_t rank = resultType.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  // Each result dim takes its size from an operand that does not broadcast
  // along it, or is 1.
  SmallVector<OpFoldResult> sizes(rank, b.getIndexAttr(1));
  SmallVector<bool> sized(rank, false);
  SmallVector<SmallVector<TensorDim>> sharing(rank);
  for (Value operand : operands) {
    auto type = llvm::dyn_cast<RankedTensorType>(operand.getType());
    if (!type) {
      maps.push_back(AffineMap::get(rank, 0, {}, ctx));
      continue;
    }
    AffineMap map = getBroadcastMap(type, resultType.getShape(), ctx);
    for (auto [j, expr] : llvm::enumerate(map.getResults())) {
      auto dim = llvm::dyn_cast<AffineDimExpr>(expr);
      if (!dim)
        continue;
      sharing[dim.getPosition()].push_back({operand, int64_t(j)});
      if (sized[dim.getPosition()])
        continue;
      sizes[dim.getPosition()] =
          type.isDynamicDim(j)
              ? OpFoldResult(b.create<tensor::DimOp>(loc, operand, j).getResult())
              : OpFoldResult(b.getIndexAttr(type.getDimSize(j)));
      sized[dim.getPosition()] = true;
    }
    maps.push_back(map);
  }
  for (ArrayRef<TensorDim> dims : sharing)
    assertDimsEqual(b, loc, dims, "broadcast operand dims");
  return createGeneric(b, loc, operands, maps, sizes,
                       resultType.getElementType(), body);
}

AffineMap getBroadcastMap(RankedTensorType operand,
                          ArrayRef<int64_t> targetShape, MLIRContext *ctx) {
  int64_t rank = targetShape.size();
  int64_t offset = rank - operand.getRank();
  SmallVector<AffineExpr> exprs;
  for (int64_t j = 0; j < operand.getRank(); ++j) {
    bool broadcasts =
        operand.getDimSize(j) == 1 && targetShape[offset + j] != 1;
    exprs.push_back(broadcasts ? getAffineConstantExpr(0, ctx)
                               : getAffineDimExpr(offset + j, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}

void assertDimsEqual(OpBuilder &b, Location loc, ArrayRef<TensorDim> dims,
                     StringRef what) {
  auto isDynamic = [](const TensorDim &d) {
    return llvm::cast<RankedTensorType>(d.tensor.getType())
        .isDynamicDim(d.dim);
  };
  if (dims.size() < 2 || llvm::none_of(dims, isDynamic))
    return;
  std::string message = (what + " differ at run time").str();
  Value first = getDimValue(b, loc, dims.front().tensor, dims.front().dim);
  for (const TensorDim &d : dims.drop_front()) {
    Value other = getDimValue(b, loc, d.tensor, d.dim);
    Value same =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, first, other);
    assertAtRunTime(b, loc, same, message);
  }
}

void assertSdpaDimsEqual(OpBuilder &b, Location loc, Value query, Value key,
                         Value value, Value keyLengths) {
  assertDimsEqual(b, loc, {{query, 0}, {key, 0}, {value, 0}},
                  "sdpa batch dims");
  assertDimsEqual(b, loc, {{query, 1}, {key, 1}, {value, 1}},
                  "sdpa head dims");
  assertDimsEqual(b, loc, {{key, 2}, {value, 2}},
                  "sdpa key and value lengths");
  if (keyLengths)
    assertDimsEqual(b, loc, {{query, 0}, {keyLengths, 0}},
                    "sdpa batch and key_lengths sizes");
}

Value castToType(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return b.create<tensor::CastOp>(loc, type, value);
}

Value mapElements(OpBuilder &b, Location loc, Value x, BodyBuilder body) {
  auto type = llvm::cast<RankedTensorType>(x.getType());
  return createBroadcastElementwise(b, loc, x, type, body);
}

AffineMap dropDimMap(int64_t rank, int64_t dim, MLIRContext *ctx) {
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < rank; ++i)
    if (i != dim)
      exprs.push_back(getAffineDimExpr(i, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

Value reduceDim(OpBuilder &b, Location loc, Value x, int64_t dim, double init,
                BodyBuilder combine) {
  auto type = llvm::cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, x);
  sizes.erase(sizes.begin() + dim);
  Value acc = createFilled(b, loc, sizes, type.getElementType(), init);
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                              dropDimMap(rank, dim, b.getContext())};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators[dim] = utils::IteratorType::reduction;
  auto generic = b.create<linalg::GenericOp>(
      loc, acc.getType(), ValueRange{x}, ValueRange{acc}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        nested.create<linalg::YieldOp>(nestedLoc,
                                       combine(nested, nestedLoc, args));
      });
  return generic.getResult(0);
}

Value transposeWeight(OpBuilder &b, Location loc, Value weight) {
  auto type = llvm::cast<RankedTensorType>(weight.getType());
  auto resultType = RankedTensorType::get(
      {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
  if (auto cst = weight.getDefiningOp<arith::ConstantOp>()) {
    auto dense = llvm::dyn_cast<DenseElementsAttr>(cst.getValue());
    if (dense && dense.isSplat())
      return b.create<arith::ConstantOp>(loc, resultType,
                                         dense.resizeSplat(resultType));
    std::optional<ArrayRef<float>> values =
        seqc::getWeightF32Values(cst.getValue());
    if (values && type.hasStaticShape()) {
      int64_t n = type.getDimSize(0), k = type.getDimSize(1);
      ElementsAttr transposed =
          seqc::createWeightAttr(resultType, [&](MutableArrayRef<char> out) {
            float *t = reinterpret_cast<float *>(out.data());
            for (int64_t col = 0; col < k; ++col)
              for (int64_t row = 0; row < n; ++row)
                *t++ = (*values)[row * k + col];
          });
      return b.create<arith::ConstantOp>(loc, llvm::cast<TypedAttr>(transposed));
    }
  }
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, weight);
  Value init = createEmpty(b, loc, {sizes[1], sizes[0]}, type.getElementType());
  return b
      .create<linalg::TransposeOp>(loc, weight, init, ArrayRef<int64_t>{1, 0})
      ->getResult(0);
}

/// The [M, N] accumulator of a linear layer: the bias row broadcast over
/// the M rows, or zeros without a bias.
static Value createBiasInit(OpBuilder &b, Location loc,
                           ArrayRef<OpFoldResult> outSizes, Type elementType,
                           Value bias) {
  if (!bias)
    return createFilled(b, loc, outSizes, elementType, 0.0);
  Value empty = createEmpty(b, loc, outSizes, elementType);
  return b.create<linalg::BroadcastOp>(loc, bias, empty, ArrayRef<int64_t>{0})
      ->getResult(0);
}

Value createLinearTransposed(OpBuilder &b, Location loc, Value rows,
                             Value weightT, Value bias) {
  Type elementType =
      llvm::cast<RankedTensorType>(rows.getType()).getElementType();
  SmallVector<OpFoldResult> outSizes{getSizes(b, loc, rows)[0],
                                     getSizes(b, loc, weightT)[1]};
  Value init = createBiasInit(b, loc, outSizes, elementType, bias);
  return b
      .create<linalg::MatmulOp>(loc, init.getType(), ValueRange{rows, weightT},
                                ValueRange{init})
      ->getResult(0);
}

int64_t getPanelWidth(Value weight) {
  Operation *anchor = weight.getDefiningOp();
  if (!anchor)
    anchor = weight.getParentBlock()->getParentOp();
  return seqc::getTarget(anchor).f32Lanes();
}

bool canPackWeight(Value weight) {
  auto type = llvm::cast<RankedTensorType>(weight.getType());
  return type.hasStaticShape() && type.getElementType().isF32() &&
         type.getDimSize(0) % getPanelWidth(weight) == 0;
}

Value packWeight(OpBuilder &b, Location loc, Value weight) {
  int64_t panelWidth = getPanelWidth(weight);
  auto type = llvm::cast<RankedTensorType>(weight.getType());
  int64_t n = type.getDimSize(0), k = type.getDimSize(1);
  auto packedType = RankedTensorType::get({n / panelWidth, k, panelWidth},
                                          type.getElementType());
  if (auto cst = weight.getDefiningOp<arith::ConstantOp>()) {
    auto dense = llvm::dyn_cast<DenseElementsAttr>(cst.getValue());
    if (dense && dense.isSplat())
      return b.create<arith::ConstantOp>(loc, packedType,
                                         dense.resizeSplat(packedType));
    // Packed straight into the constant's blob (seqc::createWeightAttr):
    // no copy beside it and no hashing of the whole weight.
    if (std::optional<ArrayRef<float>> values =
            seqc::getWeightF32Values(cst.getValue())) {
      ElementsAttr packed =
          seqc::createWeightAttr(packedType, [&](MutableArrayRef<char> out) {
            float *p = reinterpret_cast<float *>(out.data());
            for (int64_t panel = 0; panel < n / panelWidth; ++panel)
              for (int64_t col = 0; col < k; ++col)
                for (int64_t l = 0; l < panelWidth; ++l)
                  *p++ = (*values)[(panel * panelWidth + l) * k + col];
          });
      return b.create<arith::ConstantOp>(loc, llvm::cast<TypedAttr>(packed));
    }
  }
  auto expandedType = RankedTensorType::get({n / panelWidth, panelWidth, k},
                                            type.getElementType());
  Value expanded = b.create<tensor::ExpandShapeOp>(
      loc, expandedType, weight, ArrayRef<ReassociationIndices>{{0, 1}, {2}});
  Value init = b.create<tensor::EmptyOp>(loc, packedType.getShape(),
                                         type.getElementType());
  return b
      .create<linalg::TransposeOp>(loc, expanded, init,
                                   ArrayRef<int64_t>{0, 2, 1})
      ->getResult(0);
}

Value createPackedLinear(OpBuilder &b, Location loc, Value rows, Value packed,
                         Value bias) {
  auto rowsType = llvm::cast<RankedTensorType>(rows.getType());
  auto packedType = llvm::cast<RankedTensorType>(packed.getType());
  Type elementType = rowsType.getElementType();
  int64_t panels = packedType.getDimSize(0);
  int64_t panelWidth = packedType.getDimSize(2);
  int64_t n = panels * panelWidth;
  OpFoldResult m = getSizes(b, loc, rows)[0];
  SmallVector<OpFoldResult> outSizes{m, b.getIndexAttr(n)};
  Value init = createBiasInit(b, loc, outSizes, elementType, bias);
  auto viewType = RankedTensorType::get(
      {rowsType.getDimSize(0), panels, panelWidth}, elementType);
  SmallVector<ReassociationIndices> reassociation{{0}, {1, 2}};
  Value view = b.create<tensor::ExpandShapeOp>(
      loc, viewType, init, reassociation,
      ArrayRef<OpFoldResult>{m, b.getIndexAttr(panels),
                             b.getIndexAttr(panelWidth)});
  return b.create<tensor::CollapseShapeOp>(
      loc, init.getType(), createPackedProduct(b, loc, rows, packed, view),
      reassociation);
}

Value createPackedProduct(OpBuilder &b, Location loc, Value rows, Value packed,
                          Value init) {
  MLIRContext *ctx = b.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineMap> maps{AffineMap::get(4, 0, {d(0), d(3)}, ctx),
                              AffineMap::get(4, 0, {d(1), d(3), d(2)}, ctx),
                              AffineMap::get(4, 0, {d(0), d(1), d(2)}, ctx)};
  SmallVector<utils::IteratorType> iterators{
      utils::IteratorType::parallel, utils::IteratorType::parallel,
      utils::IteratorType::parallel, utils::IteratorType::reduction};
  auto generic = b.create<linalg::GenericOp>(
      loc, init.getType(), ValueRange{rows, packed}, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value product = nb.create<arith::MulFOp>(nloc, args[0], args[1]);
        nb.create<linalg::YieldOp>(
            nloc, nb.create<arith::AddFOp>(nloc, args[2], product).getResult());
      });
  return generic.getResult(0);
}

Value foldRows(OpBuilder &b, Location loc, Value x) {
  auto xType = llvm::cast<RankedTensorType>(x.getType());
  int64_t rank = xType.getRank();
  if (rank == 2)
    return x;
  if (rank == 1) {
    auto rowType = RankedTensorType::get({1, xType.getDimSize(0)},
                                         xType.getElementType());
    return b.create<tensor::ExpandShapeOp>(
        loc, rowType, x, ArrayRef<ReassociationIndices>{{0, 1}},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1), getSizes(b, loc, x)[0]});
  }
  ReassociationIndices lead;
  for (int64_t i = 0; i < rank - 1; ++i)
    lead.push_back(i);
  return b.create<tensor::CollapseShapeOp>(
      loc, x, ArrayRef<ReassociationIndices>{lead, {rank - 1}});
}

Value unfoldRows(OpBuilder &b, Location loc, Value product, Value x) {
  auto xType = llvm::cast<RankedTensorType>(x.getType());
  auto productType = llvm::cast<RankedTensorType>(product.getType());
  int64_t rank = xType.getRank();
  if (rank == 2)
    return product;
  SmallVector<OpFoldResult> resultSizes = getSizes(b, loc, x);
  resultSizes.back() = getSizes(b, loc, product)[1];
  SmallVector<int64_t> resultShape(xType.getShape());
  resultShape.back() = productType.getDimSize(1);
  auto resultType =
      RankedTensorType::get(resultShape, productType.getElementType());
  if (rank == 1)
    return b.create<tensor::CollapseShapeOp>(
        loc, resultType, product, ArrayRef<ReassociationIndices>{{0, 1}});
  // MLIR 19 bufferizes expand_shape by re-inferring its output shape, which
  // fails (out of memory) when one group has two dynamic dims; tensor.reshape
  // takes the shape as an operand instead.
  if (llvm::count_if(xType.getShape().drop_back(), ShapedType::isDynamic) > 1) {
    SmallVector<Value> dims;
    for (OpFoldResult size : resultSizes)
      dims.push_back(getValueOrCreateConstantIndexOp(b, loc, size));
    Value shape = b.create<tensor::FromElementsOp>(loc, dims);
    return b.create<tensor::ReshapeOp>(loc, resultType, product, shape);
  }
  ReassociationIndices lead;
  for (int64_t i = 0; i < rank - 1; ++i)
    lead.push_back(i);
  return b.create<tensor::ExpandShapeOp>(
      loc, resultType, product,
      ArrayRef<ReassociationIndices>{lead, {rank - 1}}, resultSizes);
}

Value createLinear(OpBuilder &b, Location loc, Value x, Value weight,
                   Value bias) {
  Value rows = foldRows(b, loc, x);
  Value product =
      canPackWeight(weight)
          ? createPackedLinear(b, loc, rows, packWeight(b, loc, weight), bias)
          : createLinearTransposed(b, loc, rows,
                                   transposeWeight(b, loc, weight), bias);
  return unfoldRows(b, loc, product, x);
}

Value createSigmoid(OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  Value one = createFloat(b, loc, t, 1.0);
  Value negX = b.create<arith::NegFOp>(loc, x);
  Value denom = b.create<arith::AddFOp>(loc, one, b.create<math::ExpOp>(loc, negX));
  return b.create<arith::DivFOp>(loc, one, denom);
}

Value createActivation(OpBuilder &b, Location loc, seq::ActivationKind kind,
                       Value x) {
  Type t = x.getType();
  switch (kind) {
  case seq::ActivationKind::relu:
    return b.create<arith::MaximumFOp>(loc, x, createFloat(b, loc, t, 0.0));
  case seq::ActivationKind::gelu: {
    // 0.5·x·(1 + erf(x/√2))
    Value scaled =
        b.create<arith::MulFOp>(loc, x, createFloat(b, loc, t, M_SQRT1_2));
    Value erf = b.create<math::ErfOp>(loc, scaled);
    Value onePlus =
        b.create<arith::AddFOp>(loc, erf, createFloat(b, loc, t, 1.0));
    Value half = b.create<arith::MulFOp>(loc, x, createFloat(b, loc, t, 0.5));
    return b.create<arith::MulFOp>(loc, half, onePlus);
  }
  case seq::ActivationKind::gelu_tanh: {
    // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    Value x3 = b.create<arith::MulFOp>(loc, x, b.create<arith::MulFOp>(loc, x, x));
    Value inner = b.create<arith::AddFOp>(
        loc, x, b.create<arith::MulFOp>(loc, x3, createFloat(b, loc, t, 0.044715)));
    Value arg = b.create<arith::MulFOp>(
        loc, inner, createFloat(b, loc, t, std::sqrt(2.0 / M_PI)));
    Value onePlus = b.create<arith::AddFOp>(loc, b.create<math::TanhOp>(loc, arg),
                                            createFloat(b, loc, t, 1.0));
    Value half = b.create<arith::MulFOp>(loc, x, createFloat(b, loc, t, 0.5));
    return b.create<arith::MulFOp>(loc, half, onePlus);
  }
  case seq::ActivationKind::silu:
    return b.create<arith::MulFOp>(loc, x, createSigmoid(b, loc, x));
  case seq::ActivationKind::tanh:
    return b.create<math::TanhOp>(loc, x);
  case seq::ActivationKind::sigmoid:
    return createSigmoid(b, loc, x);
  }
  llvm_unreachable("unknown activation");
}

} // namespace seqc::lowering
