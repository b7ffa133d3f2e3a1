//===- RaiseAttention.cpp - attention written out, as seq.sdpa --*- C++ -*-===//
//
// Finds scaled-dot-product attention written with general tensor ops,
//
//   matmul(softmax(mask(scale(matmul(q, transpose(k)))), axis = -1), v)
//
// and rewrites it to seq.sdpa, which takes the fused, tiled path (no
// [Sq, Sk] buffer). The raised op computes what the written ops compute:
//
// - scale: multiplications and divisions by constants, on the scores or on
//   q or k before the product, multiply into one scale;
// - mask: `where(c, value, s)` (masked_fill) or `where(c, s, value)` with a
//   constant value becomes an i1 keep-mask with masked_value = value (so a
//   wholly masked row weighs its keys equally, as torch's softmax makes
//   it), or nan_if_empty for value = -inf; an additive f32 mask stays
//   additive with nan_if_empty (torch's softmax of -infs is NaN);
// - ranks 2 to 4: [S, D] and [B, S, D] operands become [1, 1, S, D] and
//   [B, 1, S, D]; the head split/merge transposes around 4-D operands are
//   left for seq-fuse-attention, which reads through them.
//
// Anything else (softmax over another axis, two masks, a mask that does not
// broadcast to the scores, a scale computed from data, a dynamic head dim)
// is left as written; with `report`, a remark says why, and says what was
// raised.
//
//===----------------------------------------------------------------------===//

#include "seqc/Transforms/Passes.h"
#include "seq/SeqOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/SetVector.h"

#include <cmath>
#include <limits>

namespace seqc {
#define GEN_PASS_DEF_SEQRAISEATTENTION
#include "seqc/Transforms/Passes.h.inc"
} // namespace seqc

using namespace mlir;

namespace {

/// The value of a one-element float constant (a scalar or a splat tensor
/// with every dim 1), or nullopt.
std::optional<double> getScalarConstant(Value v) {
  if (!v)
    return std::nullopt;
  FloatAttr scalar;
  if (matchPattern(v, m_Constant(&scalar)))
    return scalar.getValueAsDouble();
  DenseFPElementsAttr dense;
  if (matchPattern(v, m_Constant(&dense)) && dense.getNumElements() == 1)
    return (*dense.getValues<APFloat>().begin()).convertToDouble();
  return std::nullopt;
}

/// For a binary op whose result has `x`'s type and one of whose operands is
/// a constant: the other operand and the constant.
template <typename OpT>
std::optional<std::pair<Value, double>> matchByConstant(Value x,
                                                        bool constantLhsOk) {
  auto op = x.getDefiningOp<OpT>();
  if (!op)
    return std::nullopt;
  if (op.getType() == op.getLhs().getType())
    if (std::optional<double> c = getScalarConstant(op.getRhs()))
      return std::make_pair(op.getLhs(), *c);
  if (constantLhsOk && op.getType() == op.getRhs().getType())
    if (std::optional<double> c = getScalarConstant(op.getLhs()))
      return std::make_pair(op.getRhs(), *c);
  return std::nullopt;
}

/// `x` = `y · c` or `y / c` with a constant c: y and the factor applied.
std::optional<std::pair<Value, double>> matchScale(Value x) {
  if (auto m = matchByConstant<seq::MulOp>(x, /*constantLhsOk=*/true))
    return m;
  if (auto d = matchByConstant<seq::DivOp>(x, /*constantLhsOk=*/false))
    if (d->second != 0.0)
      return std::make_pair(d->first, 1.0 / d->second);
  return std::nullopt;
}

/// A mask found between the scores and the softmax.
struct MaskStep {
  enum Kind { Fill, Keep, Additive } kind;
  Value mask;        // the i1 condition, or the additive f32 tensor
  double value = 0;  // the filled value (Fill: where mask; Keep: where not)
};

/// The pieces of one written attention.
struct Match {
  Value query, key, value;
  double scale = 1.0;
  std::optional<MaskStep> mask;
  double fillScale = 1.0; // the scale applied after the fill
  int64_t rank = 0;
};

class Raiser {
public:
  Raiser(seq::MatmulOp product, bool report)
      : product(product), report(report) {}

  /// Rewrites the attention ending in `product`; false if it is none.
  bool run();

private:
  /// Reports why the attention ending in `product` stays as written.
  bool fail(const llvm::Twine &reason) {
    if (report)
      product.emitRemark() << "seq-raise-attention: not raised: " << reason;
    return false;
  }
  bool matchScores(Value scores);
  /// `x` permuted by `permutation` (as torch.permute), folding a
  /// seq.transpose that defines x.
  Value permute(OpBuilder &b, Value x, ArrayRef<int64_t> permutation);
  /// `x` of rank `rank` as [B, H, S, X]: unit dims inserted after the
  /// batch dim (rank 3) or in front (rank 2).
  Value toRank4(OpBuilder &b, Value x, int64_t rank);
  /// The inverse of toRank4 on the [B, H, Sq, Dv] result.
  Value fromRank4(OpBuilder &b, Value x, int64_t rank);
  /// `x` reshaped: dim i of the result is dim `dimsOfSource[i]` of x, or
  /// a unit dim where that is -1.
  Value reshape(OpBuilder &b, Value x, ArrayRef<int64_t> dimsOfSource);
  /// The mask as the i1 keep-mask or additive mask seq.sdpa takes, or null
  /// (reported) if it does not broadcast to the scores.
  Value buildMask(OpBuilder &b);

  seq::MatmulOp product;
  bool report;
  Match match;
  RankedTensorType scoresType;
};

bool Raiser::run() {
  auto softmax = product.getLhs().getDefiningOp<seq::SoftmaxOp>();
  if (!softmax)
    return false;
  auto probs = llvm::cast<RankedTensorType>(softmax.getType());
  int64_t rank = probs.getRank();
  if (seq::normalizeAxis(softmax.getAxis(), rank) != rank - 1)
    return fail("the softmax is over axis " + llvm::Twine(softmax.getAxis()) +
                ", not the key axis (the last)");
  auto valueType = llvm::cast<RankedTensorType>(product.getRhs().getType());
  if (rank < 2 || rank > 4 || valueType.getRank() != rank)
    return fail("the scores and v must have one rank between 2 and 4");
  match.rank = rank;
  match.value = product.getRhs();
  scoresType = probs;
  if (!matchScores(softmax.getInput()))
    return false;

  auto queryType = llvm::cast<RankedTensorType>(match.query.getType());
  auto keyType = llvm::cast<RankedTensorType>(match.key.getType());
  if (queryType.isDynamicDim(rank - 1))
    return fail("the head dim of q is dynamic");
  // The batch dims must agree: seq.sdpa does not broadcast them (dynamic
  // ones are checked when the program runs).
  for (int64_t d = 0; d + 2 < rank; ++d)
    for (RankedTensorType t : {keyType, valueType}) {
      int64_t a = queryType.getDimSize(d), c = t.getDimSize(d);
      if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(c) && a != c)
        return fail("q, k and v broadcast batch dim " + llvm::Twine(d) +
                    " (" + llvm::Twine(a) + " against " + llvm::Twine(c) +
                    "); seq.sdpa needs them equal");
    }
  if (!std::isfinite(match.scale))
    return fail("the scale is not finite");

  OpBuilder b(product);
  Location loc = product.getLoc();
  Value mask;
  if (match.mask) {
    mask = buildMask(b);
    if (!mask)
      return false;
  }
  std::optional<double> maskedValue;
  bool nanIfEmpty = false;
  if (match.mask) {
    if (match.mask->kind == MaskStep::Additive) {
      nanIfEmpty = true;
    } else {
      double value = match.mask->value * match.fillScale;
      if (std::isnan(value) || value == std::numeric_limits<double>::infinity())
        return fail("the masked scores are NaN or +inf");
      if (value == -std::numeric_limits<double>::infinity())
        nanIfEmpty = true;
      else if (std::abs(value) > std::numeric_limits<float>::max())
        return fail("the masked value overflows f32");
      else
        maskedValue = value;
    }
  }

  Value q = toRank4(b, match.query, rank);
  Value k = toRank4(b, match.key, rank);
  Value v = toRank4(b, match.value, rank);
  auto sdpa = b.create<seq::SdpaOp>(
      loc, q, k, v, /*key_lengths=*/Value(), mask,
      /*causal=*/seq::CausalAlignmentAttr(),
      b.getF32FloatAttr(static_cast<float>(match.scale)),
      maskedValue ? b.getF32FloatAttr(static_cast<float>(*maskedValue))
                  : FloatAttr(),
      nanIfEmpty ? b.getUnitAttr() : UnitAttr());
  Value result = fromRank4(b, sdpa.getResult(), rank);
  if (result.getType() != product.getType())
    result = b.create<tensor::CastOp>(loc, product.getType(), result);
  if (report) {
    InFlightDiagnostic remark = product.emitRemark()
                                << "seq-raise-attention: raised to seq.sdpa"
                                << " (scale " << match.scale;
    if (maskedValue)
      remark << ", masked scores " << *maskedValue;
    else if (match.mask && match.mask->kind == MaskStep::Additive)
      remark << ", additive mask";
    else if (match.mask)
      remark << ", masked scores -inf";
    if (rank < 4)
      remark << ", rank " << rank << " as one head";
    remark << ")";
  }
  product.getResult().replaceAllUsesWith(result);
  // What only the written attention used (the scores, their softmax, the
  // transposed k) goes with it.
  llvm::SetVector<Operation *> unused;
  for (Value operand : product->getOperands())
    if (Operation *def = operand.getDefiningOp())
      unused.insert(def);
  product.erase();
  while (!unused.empty()) {
    Operation *op = unused.pop_back_val();
    if (!isOpTriviallyDead(op))
      continue;
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp())
        unused.insert(def);
    op->erase();
  }
  return true;
}

/// Peels the scaling and masking between the scores' product and the
/// softmax, then the product itself.
bool Raiser::matchScores(Value scores) {
  // The steps, from the softmax's input down to the product.
  Value x = scores;
  SmallVector<std::pair<double, bool>> steps; // (factor, is-mask)
  while (true) {
    if (x.getType() != scoresType)
      return fail("a step between the scores and the softmax changes their "
                  "shape");
    if (auto scale = matchScale(x)) {
      steps.push_back({scale->second, false});
      x = scale->first;
      continue;
    }
    if (auto where = x.getDefiningOp<seq::WhereOp>()) {
      if (match.mask)
        return fail("two masks before the softmax");
      std::optional<double> lhs = getScalarConstant(where.getLhs());
      std::optional<double> rhs = getScalarConstant(where.getRhs());
      if (lhs && where.getRhs().getType() == scoresType) {
        match.mask = MaskStep{MaskStep::Fill, where.getCondition(), *lhs};
        x = where.getRhs();
      } else if (rhs && where.getLhs().getType() == scoresType) {
        match.mask = MaskStep{MaskStep::Keep, where.getCondition(), *rhs};
        x = where.getLhs();
      } else {
        return fail("a where before the softmax whose other value is not a "
                    "constant");
      }
      steps.push_back({1.0, true});
      continue;
    }
    if (auto add = x.getDefiningOp<seq::AddOp>()) {
      if (match.mask)
        return fail("two masks before the softmax");
      Value lhs = add.getLhs(), rhs = add.getRhs();
      if (getScalarConstant(lhs) || getScalarConstant(rhs))
        return fail("a constant is added to the scores");
      // The scores are the side that leads (through scales) to the
      // product; the other is the mask, on either side of the add.
      auto leadsToProduct = [&](Value v) {
        if (v.getType() != scoresType)
          return false;
        while (auto scale = matchScale(v))
          v = scale->first;
        return static_cast<bool>(v.getDefiningOp<seq::MatmulOp>());
      };
      bool scoresLeft = leadsToProduct(lhs) || !leadsToProduct(rhs);
      Value mask = scoresLeft ? rhs : lhs;
      if (!llvm::isa<RankedTensorType>(mask.getType()))
        return fail("the additive mask is not a tensor");
      match.mask = MaskStep{MaskStep::Additive, mask, 0.0};
      x = scoresLeft ? lhs : rhs;
      steps.push_back({1.0, true});
      continue;
    }
    break;
  }
  auto scoresProduct = x.getDefiningOp<seq::MatmulOp>();
  if (!scoresProduct)
    return fail("the softmax's input is not q·kᵀ (a matmul), scaled and "
                "masked");

  // Applied in the order written, from the product up: scales after a fill
  // scale the filled value too; an additive mask must come after them all.
  bool masked = false;
  for (auto [factor, isMask] : llvm::reverse(steps)) {
    if (isMask) {
      masked = true;
      continue;
    }
    match.scale *= factor;
    if (masked) {
      if (match.mask->kind == MaskStep::Additive)
        return fail("the scores are scaled after the additive mask");
      match.fillScale *= factor;
    }
  }

  // q and kᵀ, with constant scales peeled.
  Value q = scoresProduct.getLhs(), kt = scoresProduct.getRhs();
  auto qType = llvm::cast<RankedTensorType>(q.getType());
  auto ktType = llvm::cast<RankedTensorType>(kt.getType());
  if (qType.getRank() != match.rank || ktType.getRank() != match.rank)
    return fail("q and kᵀ must have the scores' rank");
  while (auto scale = matchScale(q)) {
    match.scale *= scale->second;
    q = scale->first;
  }
  while (auto scale = matchScale(kt)) {
    match.scale *= scale->second;
    kt = scale->first;
  }
  OpBuilder b(product);
  SmallVector<int64_t> swap = llvm::to_vector(llvm::seq<int64_t>(0, match.rank));
  std::swap(swap[match.rank - 1], swap[match.rank - 2]);
  Value k = permute(b, kt, swap);
  while (auto scale = matchScale(k)) {
    match.scale *= scale->second;
    k = scale->first;
  }
  match.query = q;
  match.key = k;
  return true;
}

Value Raiser::permute(OpBuilder &b, Value x, ArrayRef<int64_t> permutation) {
  SmallVector<int64_t> perm(permutation);
  while (auto transpose = x.getDefiningOp<seq::TransposeOp>()) {
    ArrayRef<int64_t> inner = transpose.getPermutation();
    for (int64_t &p : perm)
      p = inner[p];
    x = transpose.getInput();
  }
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return x;
  return b.create<seq::TransposeOp>(product.getLoc(), x, perm);
}

Value Raiser::reshape(OpBuilder &b, Value x, ArrayRef<int64_t> dimsOfSource) {
  Location loc = product.getLoc();
  auto type = llvm::cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> sizes;
  SmallVector<Value> dynamic;
  for (int64_t d : dimsOfSource) {
    if (d < 0) {
      sizes.push_back(1);
    } else if (type.isDynamicDim(d)) {
      sizes.push_back(ShapedType::kDynamic);
      dynamic.push_back(b.create<tensor::DimOp>(loc, x, d));
    } else {
      sizes.push_back(type.getDimSize(d));
    }
  }
  return b.create<seq::ReshapeOp>(loc, x, dynamic, sizes);
}

Value Raiser::toRank4(OpBuilder &b, Value x, int64_t rank) {
  if (rank == 4)
    return x;
  if (rank == 3)
    return reshape(b, x, {0, -1, 1, 2});
  return reshape(b, x, {-1, -1, 0, 1});
}

Value Raiser::fromRank4(OpBuilder &b, Value x, int64_t rank) {
  if (rank == 4)
    return x;
  if (rank == 3)
    return reshape(b, x, {0, 2, 3});
  return reshape(b, x, {2, 3});
}

Value Raiser::buildMask(OpBuilder &b) {
  Location loc = product.getLoc();
  Value mask = match.mask->mask;
  auto type = llvm::dyn_cast<RankedTensorType>(mask.getType());
  if (!type)
    return fail("the mask is a scalar"), Value();
  if (match.mask->kind == MaskStep::Additive && !type.getElementType().isF32())
    return fail("the additive mask is not f32"), Value();
  int64_t rank = match.rank;
  if (type.getRank() > rank)
    return fail("the mask has a higher rank than the scores"), Value();
  // Right-aligned broadcasting, as numpy's: each mask dim is 1 or the
  // scores' dim (dynamic dims are checked when the program runs).
  int64_t offset = rank - type.getRank();
  for (int64_t d = 0; d < type.getRank(); ++d) {
    int64_t m = type.getDimSize(d), s = scoresType.getDimSize(d + offset);
    if (m == 1 || ShapedType::isDynamic(m) || ShapedType::isDynamic(s) ||
        m == s)
      continue;
    return fail("the mask (dim " + llvm::Twine(d) + " of size " +
                llvm::Twine(m) + ") does not broadcast to the scores (" +
                llvm::Twine(s) + ")"),
           Value();
  }
  // A fill mask marks what is masked: seq.sdpa keeps where true.
  if (match.mask->kind == MaskStep::Fill) {
    auto compare = mask.getDefiningOp<seq::CompareOp>();
    Type operand = compare ? getElementTypeOrSelf(compare.getLhs().getType())
                           : Type();
    if (compare && llvm::isa<IntegerType>(operand)) {
      using P = seq::ComparePredicate;
      P inverse;
      switch (compare.getPredicate()) {
      case P::eq: inverse = P::ne; break;
      case P::ne: inverse = P::eq; break;
      case P::lt: inverse = P::ge; break;
      case P::le: inverse = P::gt; break;
      case P::gt: inverse = P::le; break;
      case P::ge: inverse = P::lt; break;
      }
      mask = b.create<seq::CompareOp>(loc, inverse, compare.getLhs(),
                                      compare.getRhs());
    } else {
      Value no = b.create<arith::ConstantOp>(loc, b.getBoolAttr(false));
      mask = b.create<seq::CompareOp>(loc, seq::ComparePredicate::eq, mask, no);
    }
  }
  // seq.sdpa broadcasts a mask right-aligned to [B, H, Sq, Sk]: [Sq, Sk]
  // and [Sk] masks are right as they are; others are left-padded to the
  // scores' rank, then given the unit head dim as the scores are.
  if (type.getRank() <= 2 || rank == 4)
    return mask;
  if (offset > 0) {
    SmallVector<int64_t> dims(offset, -1);
    for (int64_t d = 0; d < type.getRank(); ++d)
      dims.push_back(d);
    mask = reshape(b, mask, dims);
  }
  return toRank4(b, mask, rank);
}

struct SeqRaiseAttentionPass
    : public seqc::impl::SeqRaiseAttentionBase<SeqRaiseAttentionPass> {
  using SeqRaiseAttentionBase::SeqRaiseAttentionBase;

  void runOnOperation() override {
    SmallVector<seq::MatmulOp> products;
    getOperation()->walk([&](seq::MatmulOp op) { products.push_back(op); });
    for (seq::MatmulOp product : products) {
      if (!Raiser(product, report).run())
        continue;
      ++numRaised;
    }
  }
};

} // namespace
