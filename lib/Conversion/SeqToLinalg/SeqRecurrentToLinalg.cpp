//===- SeqRecurrentToLinalg.cpp - rnn/lstm/gru to scf + linalg --*- C++ -*-===//
//
// The reference lowering of the recurrent layers and cells. The input
// projection x·W_ihᵀ + b_ih does not depend on the state, so a layer computes
// it for every timestep with one GEMM before the time loop; the `scf.for`
// over time then only does the recurrent GEMM h·W_hhᵀ + b_hh and one fused
// linalg.generic for the gate math, carrying the states and the output as
// iter_args. The three recurrences differ only in that gate math.
//
// The products are laid out for seq-vectorize-matmul (lib/Transforms): the
// weights are packed once per layer (at compile time when constant) into
// [G·H/8, K, 8] panels when 8 divides G·H, else transposed, so that every
// product reads one contiguous stream per panel: the input projection
// [B·T, I] × [I, G·H] and, when G > 1, the per-step [B, H] × [H, G·H]. The
// gate generic carries `seq.vectorize_math`: its sigmoid and tanh may
// become vector polynomials.
//
// Batch rows never interact, so a static batch of 16 or more rows (a
// multiple of 8) runs its time loop in chunks of 8 rows, one scf.forall
// iteration each: the threads then share no state and meet no barrier per
// step, and the gate math runs in parallel too.
//
// `lengths` follow pack_padded_sequence: batch b runs L_b steps, outputs past
// its end are zero and its final state is the one after step L_b-1. The
// reverse direction reverses each sequence within its length, runs the same
// forward recurrence and reverses the outputs back. pack_padded_sequence
// rejects lengths outside [1, T]; here a length > T acts as T and a length
// <= 0 as 0 (all-zero outputs, final state = initial state), so that
// out-of-range lengths never index out of bounds.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "seqc/Support/WeightConstants.h"
#include "seqc/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

#include <algorithm>
#include <type_traits>

using namespace mlir;
using namespace seqc::lowering;

namespace {

enum class CellKind { rnn, lstm, gru };

/// What tells the three recurrences apart.
struct Recurrence {
  CellKind kind;
  seq::RnnNonlinearity nonlinearity = seq::RnnNonlinearity::tanh;

  int64_t numGates() const {
    switch (kind) {
    case CellKind::rnn:
      return 1;
    case CellKind::lstm:
      return 4;
    case CellKind::gru:
      return 3;
    }
    llvm_unreachable("unknown recurrence");
  }
  /// h, and the LSTM's c.
  int64_t numStates() const { return kind == CellKind::lstm ? 2 : 1; }
};

/// The weights of one direction; biases may be null.
struct DirectionWeights {
  Value weightIh, weightHh, biasIh, biasHh;
};

/// Sizes shared by every tensor of a lowering. All [B, H] tensors are built
/// from these same OpFoldResults so that the iter_args of the time loop and
/// the values yielded for them get identical types.
struct RecurrentShape {
  OpFoldResult batch, time, hidden;
  Type elementType;
};

} // namespace

template <typename OpTy> static Recurrence getRecurrence(OpTy op) {
  if constexpr (llvm::is_one_of<OpTy, seq::RnnOp, seq::RnnCellOp>::value)
    return {CellKind::rnn, op.getNonlinearity()};
  else
    return {seq::getGateCount(op) == 4 ? CellKind::lstm : CellKind::gru};
}

static Value toIndexValue(OpBuilder &b, Location loc, OpFoldResult ofr) {
  if (auto value = llvm::dyn_cast_if_present<Value>(ofr))
    return value;
  return createIndex(b, loc, *getConstantIntValue(ofr));
}

/// `ofr · factor`, folded when `ofr` is static: gate g of a [B, G·H] tensor
/// starts at column g·H, and a bidirectional output is 2·H wide.
static OpFoldResult mulIndex(OpBuilder &b, Location loc, OpFoldResult ofr,
                             int64_t factor) {
  if (std::optional<int64_t> value = getConstantIntValue(ofr))
    return b.getIndexAttr(*value * factor);
  if (factor == 1)
    return ofr;
  return b
      .create<arith::MulIOp>(loc, toIndexValue(b, loc, ofr),
                             createIndex(b, loc, factor))
      .getResult();
}

/// A unit-stride slice of `source`, rank-reduced to `resultRank` by dropping
/// unit dims of `sizes` (a time step of [B, T, N], a direction of [D, B, H]).
static Value extractSlice(OpBuilder &b, Location loc, Value source,
                          ArrayRef<OpFoldResult> offsets,
                          ArrayRef<OpFoldResult> sizes, unsigned resultRank) {
  SmallVector<OpFoldResult> strides(sizes.size(), b.getIndexAttr(1));
  auto resultType = tensor::ExtractSliceOp::inferCanonicalRankReducedResultType(
      resultRank, llvm::cast<RankedTensorType>(source.getType()), offsets,
      sizes, strides);
  return b.create<tensor::ExtractSliceOp>(loc, resultType, source, offsets,
                                          sizes, strides);
}

static Value insertSlice(OpBuilder &b, Location loc, Value source, Value dest,
                         ArrayRef<OpFoldResult> offsets,
                         ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> strides(sizes.size(), b.getIndexAttr(1));
  return b.create<tensor::InsertSliceOp>(loc, source, dest, offsets, sizes,
                                         strides);
}

/// The results are built from the same input and weight_hh dims that the
/// op's type inference uses, so their types should match; replaceOp would
/// not notice if they ever did not, so cast rather than trust.
static Value castTo(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return b.create<tensor::CastOp>(loc, type, value);
}

/// The scalar recurrence on one (b, j) element: the gate pre-activations
/// split into their input (`x`) and hidden (`h`) projections, both with
/// their biases, and the old states; returns the new states.
static SmallVector<Value, 2> applyCell(OpBuilder &b, Location loc,
                                       const Recurrence &rec, ValueRange x,
                                       ValueRange h, ValueRange states) {
  auto gate = [&](int64_t g) -> Value {
    return b.create<arith::AddFOp>(loc, x[g], h[g]);
  };
  auto tanh = [&](Value v) -> Value { return b.create<math::TanhOp>(loc, v); };
  switch (rec.kind) {
  case CellKind::rnn: {
    auto act = rec.nonlinearity == seq::RnnNonlinearity::relu
                   ? seq::ActivationKind::relu
                   : seq::ActivationKind::tanh;
    return {createActivation(b, loc, act, gate(0))};
  }
  case CellKind::lstm: {
    Value i = createSigmoid(b, loc, gate(0));
    Value f = createSigmoid(b, loc, gate(1));
    Value g = tanh(gate(2));
    Value o = createSigmoid(b, loc, gate(3));
    Value c =
        b.create<arith::AddFOp>(loc, b.create<arith::MulFOp>(loc, f, states[1]),
                                b.create<arith::MulFOp>(loc, i, g));
    return {b.create<arith::MulFOp>(loc, o, tanh(c)), c};
  }
  case CellKind::gru: {
    Value r = createSigmoid(b, loc, gate(0));
    Value z = createSigmoid(b, loc, gate(1));
    // b_hn is part of h[2], so it is scaled by r as in PyTorch.
    Value n = tanh(b.create<arith::AddFOp>(
        loc, x[2], b.create<arith::MulFOp>(loc, r, h[2])));
    // (1 - z)·n + z·h, written as ATen's CPU kernel computes it.
    Value diff = b.create<arith::SubFOp>(loc, states[0], n);
    return {
        b.create<arith::AddFOp>(loc, n, b.create<arith::MulFOp>(loc, z, diff))};
  }
  }
  llvm_unreachable("unknown recurrence");
}

/// One step of the recurrence for the whole batch, as a single
/// linalg.generic over [B, H] reading the gate slices of `xProj` and `hProj`
/// ([B, G·H]) and the old `states` ([B, H] each). Returns the new states
/// and, with `withOutput`, the step's output. With `lengths`, a batch whose
/// sequence has ended (`step` ≥ L_b) keeps its states and outputs zero.
/// State `inPlaceState` (if ≥ 0) is updated in its own tensor: the generic
/// reads it as its output operand, so bufferization writes it in place
/// instead of copying the old values aside.
static SmallVector<Value>
buildStep(OpBuilder &b, Location loc, const Recurrence &rec,
          const RecurrentShape &shape, Value xProj, Value hProj,
          ValueRange states, bool withOutput, Value lengths, Value step,
          int64_t inPlaceState = -1) {
  MLIRContext *ctx = b.getContext();
  int64_t numGates = rec.numGates();
  int64_t numStates = states.size();
  SmallVector<OpFoldResult> stateSizes{shape.batch, shape.hidden};
  AffineMap identity = b.getMultiDimIdentityMap(2);

  SmallVector<Value> inputs;
  for (Value proj : {xProj, hProj})
    for (int64_t g = 0; g < numGates; ++g) {
      OpFoldResult column = mulIndex(b, loc, shape.hidden, g);
      inputs.push_back(extractSlice(b, loc, proj, {b.getIndexAttr(0), column},
                                    stateSizes, 2));
    }
  // Where each old state is in the body's arguments.
  SmallVector<int64_t> oldArg(numStates);
  for (int64_t i = 0; i < numStates; ++i)
    if (i != inPlaceState) {
      oldArg[i] = inputs.size();
      inputs.push_back(states[i]);
    }
  SmallVector<AffineMap> maps(inputs.size(), identity);
  Value stepLength;
  int64_t lengthArg = inputs.size();
  if (lengths) {
    inputs.push_back(lengths);
    maps.push_back(AffineMap::get(2, 0, getAffineDimExpr(0, ctx), ctx));
    Type lengthType =
        llvm::cast<RankedTensorType>(lengths.getType()).getElementType();
    stepLength = b.create<arith::IndexCastOp>(loc, lengthType, step);
  }
  // Fresh outputs rather than the states themselves: the body need not read
  // an old state (an LSTM's h), and elementwise fusion would then swap such
  // an output for a tensor.empty anyway.
  int64_t numResults = numStates + (withOutput ? 1 : 0);
  SmallVector<Value> outputs;
  for (int64_t i = 0; i < numResults; ++i) {
    if (i == inPlaceState) {
      oldArg[i] = inputs.size() + i;
      outputs.push_back(states[i]);
      continue;
    }
    outputs.push_back(createEmpty(b, loc, stateSizes, shape.elementType));
  }
  maps.append(numResults, identity);
  SmallVector<Type> resultTypes(numResults, outputs[0].getType());

  SmallVector<utils::IteratorType> iterators(2, utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, resultTypes, inputs, outputs, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        ValueRange x = args.take_front(numGates);
        ValueRange h = args.slice(numGates, numGates);
        SmallVector<Value> old;
        for (int64_t i = 0; i < numStates; ++i)
          old.push_back(args[oldArg[i]]);
        SmallVector<Value> results(applyCell(nb, nloc, rec, x, h, old));
        Value out = results[0];
        if (lengths) {
          Value length = args[lengthArg];
          Value valid = nb.create<arith::CmpIOp>(
              nloc, arith::CmpIPredicate::slt, stepLength, length);
          for (auto [result, previous] : llvm::zip(results, old))
            result = nb.create<arith::SelectOp>(nloc, valid, result, previous);
          Value zero = createFloat(nb, nloc, shape.elementType, 0.0);
          out = nb.create<arith::SelectOp>(nloc, valid, out, zero);
        }
        if (withOutput)
          results.push_back(out);
        nb.create<linalg::YieldOp>(nloc, results);
      });
  // seq-vectorize-matmul may vectorise this generic's sigmoid and tanh (as
  // polynomials); other math keeps its libm lowering.
  generic->setAttr("seq.vectorize_math", b.getUnitAttr());
  return generic.getResults();
}

/// result[b, t, :] = source[b, t < L_b ? L_b-1-t : t, :]: reverses each
/// sequence of `source` [B, T, N] (of `sizes`) within its length and leaves
/// the padding in place, so it is its own inverse. Without `lengths`,
/// L_b = T. The sizes are passed in rather than read with tensor.dim: MLIR
/// 19 folds tensor.dim of an expand_shape with two dynamic dims in one group
/// to garbage, and the [B, T, N] projection may be such an expand_shape.
static Value reverseWithinLengths(OpBuilder &b, Location loc, Value source,
                                  ArrayRef<OpFoldResult> sizes, Value lengths) {
  MLIRContext *ctx = b.getContext();
  auto type = llvm::cast<RankedTensorType>(source.getType());
  Value time = toIndexValue(b, loc, sizes[1]);
  Value init = createEmpty(b, loc, sizes, type.getElementType());
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  if (lengths) {
    inputs.push_back(lengths);
    maps.push_back(AffineMap::get(3, 0, getAffineDimExpr(0, ctx), ctx));
  }
  maps.push_back(b.getMultiDimIdentityMap(3));
  SmallVector<utils::IteratorType> iterators(3, utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, init.getType(), inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value batch = nb.create<linalg::IndexOp>(nloc, 0);
        Value t = nb.create<linalg::IndexOp>(nloc, 1);
        Value column = nb.create<linalg::IndexOp>(nloc, 2);
        Value length = time;
        if (lengths) {
          // pack_padded_sequence rejects lengths > T; we clamp them to T so
          // the gather stays in bounds (a length <= 0 gathers nothing).
          Value given =
              nb.create<arith::IndexCastOp>(nloc, nb.getIndexType(), args[0]);
          length = nb.create<arith::MinSIOp>(nloc, given, time);
        }
        Value one = createIndex(nb, nloc, 1);
        Value mirrored = nb.create<arith::SubIOp>(
            nloc, nb.create<arith::SubIOp>(nloc, length, one), t);
        Value index = mirrored;
        if (lengths) {
          Value inside = nb.create<arith::CmpIOp>(
              nloc, arith::CmpIPredicate::slt, t, length);
          index = nb.create<arith::SelectOp>(nloc, inside, mirrored, t);
        }
        Value element = nb.create<tensor::ExtractOp>(
            nloc, source, ValueRange{batch, index, column});
        nb.create<linalg::YieldOp>(nloc, element);
      });
  return generic.getResult(0);
}

/// The input projection of a layer for every timestep: x [B, T, I] ·
/// W_ihᵀ + bias as one [B·T, I] × [I, G·H] GEMM, returned as [B, T, G·H]
/// (of `projSizes`). `weight` is W_ihᵀ [I, G·H], or with `packed` W_ih in
/// panels (packWeight).
static Value createInputProjection(OpBuilder &b, Location loc, Value x,
                                   Value weight, Value bias,
                                   ArrayRef<OpFoldResult> projSizes,
                                   bool packed) {
  auto xType = llvm::cast<RankedTensorType>(x.getType());
  Value rows = b.create<tensor::CollapseShapeOp>(
      loc, x, ArrayRef<ReassociationIndices>{{0, 1}, {2}});
  Value product = packed ? createPackedLinear(b, loc, rows, weight, bias)
                         : createLinearTransposed(b, loc, rows, weight, bias);
  auto productType = llvm::cast<RankedTensorType>(product.getType());
  auto resultType = RankedTensorType::get(
      {xType.getDimSize(0), xType.getDimSize(1), productType.getDimSize(1)},
      xType.getElementType());
  // As createLinear: tensor.reshape when B and T are both dynamic (MLIR 19
  // cannot bufferize such an expand_shape).
  if (xType.isDynamicDim(0) && xType.isDynamicDim(1)) {
    SmallVector<Value> dims;
    for (OpFoldResult size : projSizes)
      dims.push_back(getValueOrCreateConstantIndexOp(b, loc, size));
    Value shape = b.create<tensor::FromElementsOp>(loc, dims);
    return b.create<tensor::ReshapeOp>(loc, resultType, product, shape);
  }
  return b.create<tensor::ExpandShapeOp>(
      loc, resultType, product, ArrayRef<ReassociationIndices>{{0, 1}, {2}},
      projSizes);
}

/// The time loop of one direction over the input projection `xProj`
/// [B, T, G·H] (of `projSizes`), with W_hh packed (`packed`) or transposed.
/// Returns the output [B, T, H] followed by the final states [B, H].
static SmallVector<Value>
runRecurrence(OpBuilder &b, Location loc, const Recurrence &rec,
              const RecurrentShape &shape, Value xProj,
              ArrayRef<OpFoldResult> projSizes, Value weightHhT, bool packed,
              Value biasHh, ValueRange initStates, Value lengths) {
  SmallVector<OpFoldResult> outSizes{shape.batch, shape.time, shape.hidden};
  // Every (b, t) is written: with zeros once the sequence has ended.
  Value output = createEmpty(b, loc, outSizes, shape.elementType);
  SmallVector<Value> iterArgs(initStates);
  iterArgs.push_back(output);

  Value zero = createIndex(b, loc, 0);
  Value one = createIndex(b, loc, 1);
  Value steps = toIndexValue(b, loc, shape.time);
  auto loop = b.create<scf::ForOp>(
      loc, zero, steps, one, iterArgs,
      [&](OpBuilder &nb, Location nloc, Value t, ValueRange args) {
        ValueRange states = args.drop_back();
        Value out = args.back();
        OpFoldResult zeroAttr = nb.getIndexAttr(0);
        OpFoldResult unit = nb.getIndexAttr(1);
        SmallVector<OpFoldResult> stepOffsets{zeroAttr, t, zeroAttr};
        Value xStep = extractSlice(nb, nloc, xProj, stepOffsets,
                                   {projSizes[0], unit, projSizes[2]}, 2);
        Value hProj =
            packed ? createPackedLinear(nb, nloc, states[0], weightHhT, biasHh)
                   : createLinearTransposed(nb, nloc, states[0], weightHhT,
                                            biasHh);
        SmallVector<Value> next =
            buildStep(nb, nloc, rec, shape, xStep, hProj, states,
                      /*withOutput=*/true, lengths, t);
        // One-shot bufferization rejects a loop whose yielded value is not
        // in its iter_arg's buffer. Copying into the iter_arg makes it so
        // whatever canonicalization does to the step's outputs (it turns
        // outs that the body does not read into tensor.empty).
        for (auto [state, old] :
             llvm::zip(MutableArrayRef(next).drop_back(), states))
          state = nb.create<linalg::CopyOp>(nloc, state, old).getResult(0);
        next.back() = insertSlice(nb, nloc, next.back(), out, stepOffsets,
                                  {shape.batch, unit, shape.hidden});
        nb.create<scf::YieldOp>(nloc, next);
      });

  SmallVector<Value> results(loop.getResults());
  std::rotate(results.begin(), results.end() - 1, results.end());
  return results;
}

/// Hidden units per column slice of the sliced time loop, or 0 when the
/// layer keeps one GEMM per step: a slice is one panel of the packed weights
/// (the target's f32 lanes), and the slices must cover H.
static int64_t getSliceHidden(const Recurrence &rec, const RecurrentShape &shape,
                              Value weightHh) {
  std::optional<int64_t> hidden = getConstantIntValue(shape.hidden);
  if (rec.numGates() == 1 || !hidden || !canPackWeight(weightHh))
    return 0;
  int64_t panel = getPanelWidth(weightHh);
  if (*hidden % panel != 0 || *hidden / panel < 2)
    return 0;
  return panel;
}

/// The rows of `value` ([G·H, K] weight or [G·H] bias) reordered by column
/// slice of `sliceHidden` hidden units: slice s holds gate 0's units
/// s·hs .. s·hs+hs-1, then gate 1's, and so on, so that one slice of the
/// gates is one contiguous range of G·hs columns. Constant at compile time.
static Value interleaveGates(OpBuilder &b, Location loc, Value value,
                             int64_t gates, int64_t sliceHidden) {
  if (!value)
    return value;
  auto type = llvm::cast<RankedTensorType>(value.getType());
  int64_t rows = type.getDimSize(0);
  int64_t slices = rows / gates / sliceHidden;
  int64_t inner = type.getRank() == 2 ? type.getDimSize(1) : 1;
  auto dest = [&](int64_t row) {
    int64_t g = row / (slices * sliceHidden);
    int64_t s = row / sliceHidden % slices;
    int64_t u = row % sliceHidden;
    return (s * gates + g) * sliceHidden + u;
  };
  if (auto cst = value.getDefiningOp<arith::ConstantOp>()) {
    auto dense = llvm::dyn_cast<DenseElementsAttr>(cst.getValue());
    if (dense && dense.isSplat())
      return value;
    std::optional<ArrayRef<float>> values =
        seqc::getWeightF32Values(cst.getValue());
    if (values && type.hasStaticShape()) {
      ElementsAttr permuted =
          seqc::createWeightAttr(type, [&](MutableArrayRef<char> out) {
            float *p = reinterpret_cast<float *>(out.data());
            for (int64_t row = 0; row < rows; ++row)
              for (int64_t col = 0; col < inner; ++col)
                p[dest(row) * inner + col] = (*values)[row * inner + col];
          });
      return b.create<arith::ConstantOp>(loc, llvm::cast<TypedAttr>(permuted));
    }
  }
  // [G, S, hs, (K)] → [S, G, hs, (K)].
  SmallVector<int64_t> shape{gates, slices, sliceHidden};
  SmallVector<int64_t> perm{1, 0, 2};
  ReassociationIndices lead{0, 1, 2};
  SmallVector<ReassociationIndices> reassociation{lead};
  if (type.getRank() == 2) {
    shape.push_back(inner);
    perm.push_back(3);
    reassociation.push_back({3});
  }
  auto expandedType = RankedTensorType::get(shape, type.getElementType());
  Value expanded = b.create<tensor::ExpandShapeOp>(loc, expandedType, value,
                                                   reassociation);
  SmallVector<int64_t> permutedShape(shape);
  std::swap(permutedShape[0], permutedShape[1]);
  Value init =
      b.create<tensor::EmptyOp>(loc, permutedShape, type.getElementType());
  Value transposed =
      b.create<linalg::TransposeOp>(loc, expanded, init, perm)->getResult(0);
  return b.create<tensor::CollapseShapeOp>(loc, type, transposed,
                                           reassociation);
}

/// The time loop of one direction with the gates cut in column slices
/// (weights and projections ordered by interleaveGates): each step is one
/// scf.forall over the slices, and a slice computes its G·hs columns of
/// h·W_hhᵀ + b_hh and at once the gate math of its hs hidden units, writing
/// its part of the new state and of the output. The threads' join at the
/// end of the forall is the one barrier of a step. A slice's weight panels
/// are the same on every step, and the runtime deals a loop's chunks to the
/// same threads on every call: each core keeps its slices of W_hh in its
/// cache. The GEMM's result lives in one [B, G·H] buffer reused by every
/// step; c is updated in place; h is written to the output and copied into
/// the state (with `lengths`, into its own buffer first: an ended sequence
/// keeps its state but outputs zero).
static SmallVector<Value>
runSlicedRecurrence(OpBuilder &b, Location loc, const Recurrence &rec,
                    const RecurrentShape &shape, Value xProj,
                    ArrayRef<OpFoldResult> projSizes, Value packedHh,
                    Value biasHh, ValueRange initStates, Value lengths,
                    int64_t sliceHidden) {
  int64_t gates = rec.numGates();
  int64_t hidden = *getConstantIntValue(shape.hidden);
  int64_t slices = hidden / sliceHidden;
  int64_t sliceColumns = gates * sliceHidden;
  auto packedType = llvm::cast<RankedTensorType>(packedHh.getType());
  int64_t panelWidth = packedType.getDimSize(2);
  int64_t slicePanels = sliceColumns / panelWidth;
  OpFoldResult zeroAttr = b.getIndexAttr(0);
  OpFoldResult unit = b.getIndexAttr(1);

  SmallVector<OpFoldResult> outSizes{shape.batch, shape.time, shape.hidden};
  SmallVector<OpFoldResult> stateSizes{shape.batch, shape.hidden};
  SmallVector<OpFoldResult> sliceSizes{shape.batch, b.getIndexAttr(sliceHidden)};
  // Every (b, t) is written: with zeros once the sequence has ended.
  SmallVector<Value> iterArgs(initStates);
  iterArgs.push_back(createEmpty(b, loc, outSizes, shape.elementType));
  // The GEMM's [B, G·H/P, P] buffer.
  iterArgs.push_back(createEmpty(b, loc,
                                 {shape.batch,
                                  b.getIndexAttr(gates * hidden / panelWidth),
                                  b.getIndexAttr(panelWidth)},
                                 shape.elementType));
  // b_hh as [G·H/P, P] rows of the GEMM's view.
  if (biasHh)
    biasHh = b.create<tensor::ExpandShapeOp>(
        loc,
        RankedTensorType::get({gates * hidden / panelWidth, panelWidth},
                              shape.elementType),
        biasHh, ArrayRef<ReassociationIndices>{{0, 1}});
  if (lengths)
    iterArgs.push_back(createEmpty(b, loc, stateSizes, shape.elementType));
  int64_t numStates = initStates.size();

  Value steps = toIndexValue(b, loc, shape.time);
  auto loop = b.create<scf::ForOp>(
      loc, createIndex(b, loc, 0), steps, createIndex(b, loc, 1), iterArgs,
      [&](OpBuilder &nb, Location nloc, Value t, ValueRange args) {
        Value h = args[0];
        // The forall's shared outputs: the output, the GEMM buffer, c (in
        // place), and with lengths the new h.
        SmallVector<Value> shared{args[numStates], args[numStates + 1]};
        if (numStates == 2)
          shared.push_back(args[1]);
        if (lengths)
          shared.push_back(args.back());
        auto forall = nb.create<scf::ForallOp>(
            nloc, ArrayRef<OpFoldResult>{nb.getIndexAttr(slices)}, shared,
            std::nullopt);
        {
          OpBuilder::InsertionGuard guard(nb);
          nb.setInsertionPoint(forall.getTerminator());
          ArrayRef<BlockArgument> outs = forall.getRegionIterArgs();
          Value s = forall.getInductionVars()[0];
          Value column = nb.create<arith::MulIOp>(
              nloc, s, createIndex(nb, nloc, sliceColumns));
          Value firstUnit = nb.create<arith::MulIOp>(
              nloc, s, createIndex(nb, nloc, sliceHidden));
          Value firstPanel = nb.create<arith::MulIOp>(
              nloc, s, createIndex(nb, nloc, slicePanels));
          OpFoldResult columns = nb.getIndexAttr(sliceColumns);
          Value weight = extractSlice(
              nb, nloc, packedHh, {firstPanel, zeroAttr, zeroAttr},
              {nb.getIndexAttr(slicePanels), shape.hidden,
               nb.getIndexAttr(panelWidth)},
              3);
          OpFoldResult panels = nb.getIndexAttr(slicePanels);
          OpFoldResult lanes = nb.getIndexAttr(panelWidth);
          SmallVector<OpFoldResult> gemmOffsets{zeroAttr, firstPanel, zeroAttr};
          SmallVector<OpFoldResult> gemmSizes{shape.batch, panels, lanes};
          Value init =
              extractSlice(nb, nloc, outs[1], gemmOffsets, gemmSizes, 3);
          if (biasHh) {
            Value bias = extractSlice(nb, nloc, biasHh, {firstPanel, zeroAttr},
                                      {panels, lanes}, 2);
            init = nb.create<linalg::BroadcastOp>(nloc, bias, init,
                                                  ArrayRef<int64_t>{0})
                       ->getResult(0);
          } else {
            init = nb.create<linalg::FillOp>(
                         nloc, createFloat(nb, nloc, shape.elementType, 0.0),
                         init)
                       .getResult(0);
          }
          Value product = createPackedProduct(nb, nloc, h, weight, init);
          Value hProj = nb.create<tensor::CollapseShapeOp>(
              nloc, product, ArrayRef<ReassociationIndices>{{0}, {1, 2}});
          Value xStep = extractSlice(nb, nloc, xProj, {zeroAttr, t, column},
                                     {projSizes[0], unit, columns}, 2);
          SmallVector<OpFoldResult> unitOffsets{zeroAttr, firstUnit};
          SmallVector<Value> old{
              extractSlice(nb, nloc, h, unitOffsets, sliceSizes, 2)};
          if (numStates == 2)
            old.push_back(
                extractSlice(nb, nloc, outs[2], unitOffsets, sliceSizes, 2));
          RecurrentShape sliceShape = shape;
          sliceShape.hidden = nb.getIndexAttr(sliceHidden);
          SmallVector<Value> next = buildStep(
              nb, nloc, rec, sliceShape, xStep, hProj, old,
              /*withOutput=*/bool(lengths), lengths, t,
              /*inPlaceState=*/numStates == 2 ? 1 : -1);

          nb.setInsertionPointToStart(forall.getTerminator().getBody());
          SmallVector<OpFoldResult> strides3(3, unit);
          SmallVector<OpFoldResult> strides2(2, unit);
          auto insert = [&](Value source, Value into,
                            ArrayRef<OpFoldResult> offsets,
                            ArrayRef<OpFoldResult> sizes) {
            nb.create<tensor::ParallelInsertSliceOp>(
                nloc, source, into, offsets, sizes,
                sizes.size() == 3 ? ArrayRef(strides3) : ArrayRef(strides2));
          };
          insert(lengths ? next.back() : next[0], outs[0],
                 {zeroAttr, t, firstUnit},
                 {shape.batch, unit, nb.getIndexAttr(sliceHidden)});
          insert(product, outs[1], gemmOffsets, gemmSizes);
          if (numStates == 2)
            insert(next[1], outs[2], unitOffsets, sliceSizes);
          if (lengths)
            insert(next[0], outs.back(), unitOffsets, sliceSizes);
        }
        ValueRange results = forall.getResults();
        Value newH =
            lengths ? results.back()
                    : extractSlice(nb, nloc, results[0], {zeroAttr, t, zeroAttr},
                                   {shape.batch, unit, shape.hidden}, 2);
        // Into the state's own buffer: the loop's yield must be in its
        // iter_arg's buffer for one-shot bufferization.
        SmallVector<Value> yields{
            nb.create<linalg::CopyOp>(nloc, newH, h).getResult(0)};
        if (numStates == 2)
          yields.push_back(results[2]);
        yields.push_back(results[0]);
        yields.push_back(results[1]);
        if (lengths)
          yields.push_back(results.back());
        nb.create<scf::YieldOp>(nloc, yields);
      });

  SmallVector<Value> results{loop.getResult(numStates)};
  for (int64_t i = 0; i < numStates; ++i)
    results.push_back(loop.getResult(i));
  return results;
}

/// Batch rows per independent recurrence when a layer's batch is split
/// (two 4-row tiles of seq-vectorize-matmul's kernel).
static constexpr int64_t kBatchChunk = 8;

/// The number of batch chunks of `kBatchChunk` rows that a layer's time
/// loop is split into, or 1. Batch rows never interact, so each chunk runs
/// the whole recurrence on its own thread: no barrier per step, and the
/// step's gate math and copies run in parallel too.
static int64_t getBatchChunks(const RecurrentShape &shape) {
  std::optional<int64_t> batch = getConstantIntValue(shape.batch);
  if (!batch || *batch < 2 * kBatchChunk || *batch % kBatchChunk != 0)
    return 1;
  return *batch / kBatchChunk;
}

/// Runs one direction of a layer over `input` [B, T, I]. Returns the output
/// [B, T, H] followed by the final states [B, H].
static SmallVector<Value> runDirection(OpBuilder &b, Location loc,
                                       const Recurrence &rec,
                                       const RecurrentShape &shape, Value input,
                                       const DirectionWeights &w,
                                       ValueRange initStates, Value lengths,
                                       bool reverse, bool sliced) {
  SmallVector<OpFoldResult> projSizes{
      shape.batch, shape.time, mulIndex(b, loc, shape.hidden, rec.numGates())};
  // W_ih packed like W_hh: a [K, N] weight's rows are a power-of-two
  // stride apart at the usual sizes, which thrashes L1 in the hoisted GEMM.
  // With column slices, the gates of every weight and bias are reordered
  // slice by slice (the input projection then comes out in that order).
  int64_t sliceHidden = sliced ? getSliceHidden(rec, shape, w.weightHh) : 0;
  DirectionWeights weights = w;
  if (sliceHidden > 0)
    for (Value *value : {&weights.weightIh, &weights.weightHh, &weights.biasIh,
                         &weights.biasHh})
      *value = interleaveGates(b, loc, *value, rec.numGates(), sliceHidden);
  bool packedIh = canPackWeight(weights.weightIh);
  Value xProj = createInputProjection(
      b, loc, input,
      packedIh ? packWeight(b, loc, weights.weightIh)
               : transposeWeight(b, loc, weights.weightIh),
      weights.biasIh, projSizes, packedIh);
  // The recurrent weight is packed into panels when it can be (the step's
  // product is then one contiguous stream per panel); else transposed. Not
  // for a single gate: the gate generic would read the product's
  // [B, N/P, P] view directly, and reshape propagation would then expand
  // the generic and drop the copy that keeps the loop's yield in place.
  bool packed = rec.numGates() > 1 && canPackWeight(weights.weightHh);
  Value weightHhT = packed ? packWeight(b, loc, weights.weightHh)
                           : transposeWeight(b, loc, weights.weightHh);
  SmallVector<OpFoldResult> outSizes{shape.batch, shape.time, shape.hidden};
  if (reverse)
    xProj = reverseWithinLengths(b, loc, xProj, projSizes, lengths);

  SmallVector<Value> results;
  int64_t chunks = getBatchChunks(shape);
  auto recurrence = [&](const RecurrentShape &runShape, Value runProj,
                        ArrayRef<OpFoldResult> runProjSizes, ValueRange states,
                        Value runLengths) {
    if (sliceHidden > 0)
      return runSlicedRecurrence(b, loc, rec, runShape, runProj, runProjSizes,
                                 weightHhT, weights.biasHh, states, runLengths,
                                 sliceHidden);
    return runRecurrence(b, loc, rec, runShape, runProj, runProjSizes,
                         weightHhT, packed, weights.biasHh, states, runLengths);
  };
  if (chunks == 1) {
    results = recurrence(shape, xProj, projSizes, initStates, lengths);
  } else {
    // scf.forall over batch chunks; seq-parallel-to-threads runs it on the
    // runtime's threads.
    SmallVector<OpFoldResult> stateSizes{shape.batch, shape.hidden};
    SmallVector<Value> shared{
        createEmpty(b, loc, outSizes, shape.elementType)};
    for (size_t i = 0; i < initStates.size(); ++i)
      shared.push_back(createEmpty(b, loc, stateSizes, shape.elementType));
    auto forall = b.create<scf::ForallOp>(
        loc, ArrayRef<OpFoldResult>{b.getIndexAttr(chunks)}, shared,
        std::nullopt);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(forall.getTerminator());
    Value row = b.create<arith::MulIOp>(loc, forall.getInductionVars()[0],
                                        createIndex(b, loc, kBatchChunk));
    OpFoldResult zeroAttr = b.getIndexAttr(0);
    OpFoldResult rows = b.getIndexAttr(kBatchChunk);
    RecurrentShape chunkShape = shape;
    chunkShape.batch = rows;
    SmallVector<OpFoldResult> chunkProjSizes{rows, projSizes[1], projSizes[2]};
    Value chunkProj = extractSlice(b, loc, xProj, {row, zeroAttr, zeroAttr},
                                   chunkProjSizes, 3);
    SmallVector<Value> chunkStates;
    for (Value state : initStates)
      chunkStates.push_back(extractSlice(b, loc, state, {row, zeroAttr},
                                         {rows, shape.hidden}, 2));
    Value chunkLengths;
    if (lengths)
      chunkLengths = extractSlice(b, loc, lengths, {row}, {rows}, 1);
    SmallVector<Value> chunkResults = recurrence(
        chunkShape, chunkProj, chunkProjSizes, chunkStates, chunkLengths);
    b.setInsertionPointToStart(forall.getTerminator().getBody());
    ArrayRef<BlockArgument> outs = forall.getRegionIterArgs();
    SmallVector<OpFoldResult> unitStrides(3, b.getIndexAttr(1));
    b.create<tensor::ParallelInsertSliceOp>(
        loc, chunkResults[0], outs[0],
        ArrayRef<OpFoldResult>{row, zeroAttr, zeroAttr},
        ArrayRef<OpFoldResult>{rows, shape.time, shape.hidden},
        ArrayRef(unitStrides));
    for (size_t i = 1; i < chunkResults.size(); ++i)
      b.create<tensor::ParallelInsertSliceOp>(
          loc, chunkResults[i], outs[i], ArrayRef<OpFoldResult>{row, zeroAttr},
          ArrayRef<OpFoldResult>{rows, shape.hidden},
          ArrayRef(unitStrides).take_front(2));
    results.assign(forall.getResults().begin(), forall.getResults().end());
  }
  if (reverse)
    results[0] = reverseWithinLengths(b, loc, results[0], outSizes, lengths);
  return results;
}

/// The initial states of a layer (h0, and c0 for an LSTM), null when absent.
template <typename OpTy>
static SmallVector<Value, 2> getInitialStates(typename OpTy::Adaptor adaptor) {
  if constexpr (std::is_same_v<OpTy, seq::LstmOp>)
    return {adaptor.getH0(), adaptor.getC0()};
  else
    return {adaptor.getH0()};
}

/// The states of a cell (h, and c for an LSTM), null when absent.
template <typename OpTy>
static SmallVector<Value, 2> getCellStates(typename OpTy::Adaptor adaptor) {
  if constexpr (std::is_same_v<OpTy, seq::LstmCellOp>)
    return {adaptor.getH(), adaptor.getC()};
  else
    return {adaptor.getH()};
}

namespace {

template <typename OpTy>
struct RecurrentLayerLowering : public OpConversionPattern<OpTy> {
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;
  RecurrentLayerLowering(MLIRContext *ctx, bool sliced)
      : OpConversionPattern<OpTy>(ctx), sliced(sliced) {}
  bool sliced;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Recurrence rec = getRecurrence(op);
    Value input = adaptor.getInput();
    Value lengths = adaptor.getLengths();
    SmallVector<OpFoldResult> inputSizes = getSizes(rewriter, loc, input);
    RecurrentShape shape{
        inputSizes[0], inputSizes[1],
        getSizes(rewriter, loc, adaptor.getWeightHh())[1],
        llvm::cast<RankedTensorType>(input.getType()).getElementType()};

    seq::Direction direction = op.getDirection();
    DirectionWeights forward{adaptor.getWeightIh(), adaptor.getWeightHh(),
                             adaptor.getBiasIh(), adaptor.getBiasHh()};
    DirectionWeights backward{
        adaptor.getWeightIhReverse(), adaptor.getWeightHhReverse(),
        adaptor.getBiasIhReverse(), adaptor.getBiasHhReverse()};
    struct Run {
      DirectionWeights weights;
      bool reverse;
    };
    SmallVector<Run, 2> runs;
    if (direction == seq::Direction::bidirectional)
      runs = {{forward, false}, {backward, true}};
    else
      runs = {{forward, direction == seq::Direction::reverse}};
    int64_t numDirs = runs.size();

    SmallVector<Value, 2> stateOperands = getInitialStates<OpTy>(adaptor);
    OpFoldResult zeroAttr = rewriter.getIndexAttr(0);
    OpFoldResult unit = rewriter.getIndexAttr(1);
    SmallVector<OpFoldResult> stateSizes{rewriter.getIndexAttr(numDirs),
                                         shape.batch, shape.hidden};
    SmallVector<Value> outputs;
    SmallVector<Value> finalStates;
    for (int64_t i = 0; i < rec.numStates(); ++i)
      finalStates.push_back(
          createEmpty(rewriter, loc, stateSizes, shape.elementType));
    for (auto [d, run] : llvm::enumerate(runs)) {
      SmallVector<OpFoldResult> dirOffsets{rewriter.getIndexAttr(d), zeroAttr,
                                           zeroAttr};
      SmallVector<OpFoldResult> dirSizes{unit, shape.batch, shape.hidden};
      SmallVector<Value> init;
      for (Value state : stateOperands)
        init.push_back(
            state ? extractSlice(rewriter, loc, state, dirOffsets, dirSizes, 2)
                  : createFilled(rewriter, loc, {shape.batch, shape.hidden},
                                 shape.elementType, 0.0));
      SmallVector<Value> results =
          runDirection(rewriter, loc, rec, shape, input, run.weights, init,
                       lengths, run.reverse, sliced);
      outputs.push_back(results[0]);
      for (auto [i, state] : llvm::enumerate(ArrayRef(results).drop_front()))
        finalStates[i] = insertSlice(rewriter, loc, state, finalStates[i],
                                     dirOffsets, dirSizes);
    }

    Value output = outputs[0];
    if (numDirs == 2) {
      output = createEmpty(
          rewriter, loc,
          {shape.batch, shape.time, mulIndex(rewriter, loc, shape.hidden, 2)},
          shape.elementType);
      SmallVector<OpFoldResult> halfSizes{shape.batch, shape.time,
                                          shape.hidden};
      for (auto [d, half] : llvm::enumerate(outputs))
        output = insertSlice(
            rewriter, loc, half, output,
            {zeroAttr, zeroAttr, mulIndex(rewriter, loc, shape.hidden, d)},
            halfSizes);
    }

    SmallVector<Value> replacements{output};
    replacements.append(finalStates);
    for (auto [value, result] : llvm::zip(replacements, op->getResults()))
      value = castTo(rewriter, loc, value, result.getType());
    rewriter.replaceOp(op, replacements);
    return success();
  }
};

template <typename OpTy>
struct RecurrentCellLowering : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Recurrence rec = getRecurrence(op);
    Value input = adaptor.getInput();
    RecurrentShape shape{
        getSizes(rewriter, loc, input)[0], OpFoldResult(),
        getSizes(rewriter, loc, adaptor.getWeightHh())[1],
        llvm::cast<RankedTensorType>(input.getType()).getElementType()};

    SmallVector<Value> states;
    for (Value state : getCellStates<OpTy>(adaptor))
      states.push_back(state ? state
                             : createFilled(rewriter, loc,
                                            {shape.batch, shape.hidden},
                                            shape.elementType, 0.0));
    Value xProj = createLinear(rewriter, loc, input, adaptor.getWeightIh(),
                               adaptor.getBiasIh());
    Value hProj = createLinear(rewriter, loc, states[0], adaptor.getWeightHh(),
                               adaptor.getBiasHh());
    SmallVector<Value> next =
        buildStep(rewriter, loc, rec, shape, xProj, hProj, states,
                  /*withOutput=*/false, /*lengths=*/Value(), /*step=*/Value());
    for (auto [value, result] : llvm::zip(next, op->getResults()))
      value = castTo(rewriter, loc, value, result.getType());
    rewriter.replaceOp(op, next);
    return success();
  }
};

} // namespace

void seqc::populateSeqRecurrentToLinalgPatterns(RewritePatternSet &patterns,
                                                bool sliceRecurrences) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<RecurrentLayerLowering<seq::RnnOp>,
               RecurrentLayerLowering<seq::LstmOp>,
               RecurrentLayerLowering<seq::GruOp>>(ctx, sliceRecurrences);
  patterns.add<RecurrentCellLowering<seq::RnnCellOp>,
               RecurrentCellLowering<seq::LstmCellOp>,
               RecurrentCellLowering<seq::GruCellOp>>(ctx);
}
