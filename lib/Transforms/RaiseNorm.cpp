//===- RaiseNorm.cpp - norms written out, as seq.layer_norm/rms_norm -----===//
//
// seq-raise-norm: layer norm and RMS norm written with general tensor ops —
// as torch.onnx.export writes nn.LayerNorm before opset 17, and as models
// write RMSNorm —
//
//   d = x - mean(x, -1, keepdim)
//   y = d / sqrt(mean(d², -1, keepdim) + eps)      (or d * rsqrt(...))
//   y = y * weight + bias                          (each optional)
//
//   y = x / sqrt(mean(x², -1, keepdim) + eps) * weight   (or x * rsqrt(...))
//
// become one seq.layer_norm / seq.rms_norm, which seq-fuse-norm turns into
// one pass over each row (with the residual add before it), instead of nine
// elementwise and reduction passes over the whole tensor. `d²` is pow(d, 2)
// or d * d; eps is a constant; weight and bias are [D] vectors taken only
// when the normalised value has no other use.
//
//===----------------------------------------------------------------------===//

#include "seqc/Transforms/Passes.h"
#include "seq/SeqOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace seqc {
#define GEN_PASS_DEF_SEQRAISENORM
#include "seqc/Transforms/Passes.h.inc"
} // namespace seqc

using namespace mlir;

namespace {

/// The value of a constant f32 scalar or one-element f32 tensor.
std::optional<double> getConstantFloat(Value v) {
  Attribute attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  if (auto f = dyn_cast<FloatAttr>(attr))
    return f.getValueAsDouble();
  if (auto dense = dyn_cast<DenseFPElementsAttr>(attr))
    if (dense.getNumElements() == 1)
      return (*dense.getValues<APFloat>().begin()).convertToDouble();
  return std::nullopt;
}

/// Whether `v` is mean(input, last axis, keepdim = true).
bool isMeanOfLastDim(Value v, Value &input) {
  auto reduce = v.getDefiningOp<seq::ReduceOp>();
  if (!reduce || reduce.getKind() != seq::ReduceKind::mean ||
      !reduce.getKeepdim() || reduce.getAxes().size() != 1)
    return false;
  int64_t rank = reduce.getInput().getType().getRank();
  int64_t axis = reduce.getAxes()[0];
  if (axis != -1 && axis != rank - 1)
    return false;
  input = reduce.getInput();
  return true;
}

/// Whether `v` is d² (pow(d, 2) or d * d); sets `d`.
bool isSquare(Value v, Value &d) {
  if (auto pow = v.getDefiningOp<seq::PowOp>()) {
    std::optional<double> e = getConstantFloat(pow.getRhs());
    if (e && *e == 2.0 && isa<RankedTensorType>(pow.getLhs().getType())) {
      d = pow.getLhs();
      return true;
    }
  }
  if (auto mul = v.getDefiningOp<seq::MulOp>()) {
    if (mul.getLhs() == mul.getRhs()) {
      d = mul.getLhs();
      return true;
    }
  }
  return false;
}

/// Whether `v` is 1/sqrt(mean(s², -1) + eps) (when `reciprocal`) or
/// sqrt(mean(s², -1) + eps); sets `s` and `eps`.
bool isRootMeanSquare(Value v, bool reciprocal, Value &s, double &eps) {
  auto unary = v.getDefiningOp<seq::UnaryOp>();
  if (!unary || unary.getKind() != (reciprocal ? seq::UnaryKind::rsqrt
                                               : seq::UnaryKind::sqrt))
    return false;
  auto add = unary.getInput().getDefiningOp<seq::AddOp>();
  if (!add)
    return false;
  for (auto [mean, epsValue] : {std::pair{add.getLhs(), add.getRhs()},
                                std::pair{add.getRhs(), add.getLhs()}}) {
    std::optional<double> e = getConstantFloat(epsValue);
    Value squared;
    if (!e || !isMeanOfLastDim(mean, squared) || !isSquare(squared, s))
      continue;
    eps = *e;
    return true;
  }
  return false;
}

/// `y`'s normalised operand: y = n / sqrt(...) or n * rsqrt(...); sets the
/// operand `n` and the root-mean-square's argument `s` and `eps`.
bool isNormalized(Operation *op, Value &n, Value &s, double &eps) {
  if (auto div = dyn_cast<seq::DivOp>(op)) {
    if (isRootMeanSquare(div.getRhs(), false, s, eps)) {
      n = div.getLhs();
      return true;
    }
    return false;
  }
  if (auto mul = dyn_cast<seq::MulOp>(op)) {
    for (auto [x, r] : {std::pair{mul.getLhs(), mul.getRhs()},
                        std::pair{mul.getRhs(), mul.getLhs()}}) {
      if (isRootMeanSquare(r, true, s, eps)) {
        n = x;
        return true;
      }
    }
  }
  return false;
}

/// A [D] vector operand of `op` (mul or add) whose other operand is `of`.
Value vectorOperand(Operation *op, Value of, int64_t d) {
  if (op->getNumOperands() != 2)
    return {};
  Value other = op->getOperand(0) == of ? op->getOperand(1) : op->getOperand(0);
  if (op->getOperand(0) != of && op->getOperand(1) != of)
    return {};
  auto type = dyn_cast<RankedTensorType>(other.getType());
  if (!type || type.getRank() != 1 || type.getDimSize(0) != d ||
      ShapedType::isDynamic(d))
    return {};
  return other;
}

struct RaiseNorm : public RewritePattern {
  RaiseNorm(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isa<seq::DivOp, seq::MulOp>(op))
      return failure();
    Value n, s;
    double eps = 0;
    if (!isNormalized(op, n, s, eps))
      return failure();
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    if (n.getType() != type || s != n)
      return failure();
    int64_t d = type.getDimSize(type.getRank() - 1);

    // Layer norm: n = x - mean(x); else RMS norm of n itself.
    Value x = n;
    bool layer = false;
    if (auto sub = n.getDefiningOp<seq::SubOp>()) {
      Value meanOf;
      if (isMeanOfLastDim(sub.getRhs(), meanOf) && meanOf == sub.getLhs() &&
          sub.getLhs().getType() == type) {
        x = sub.getLhs();
        layer = true;
      }
    }

    // The affine parameters, when the normalised value is used by them only.
    Operation *last = op;
    Value weight, bias;
    if (last->hasOneUse() && isa<seq::MulOp>(*last->user_begin())) {
      Operation *mul = *last->user_begin();
      if (Value w = vectorOperand(mul, last->getResult(0), d);
          w && mul->getResult(0).getType() == type) {
        weight = w;
        last = mul;
      }
    }
    if (layer && last->hasOneUse() && isa<seq::AddOp>(*last->user_begin())) {
      Operation *add = *last->user_begin();
      if (Value b = vectorOperand(add, last->getResult(0), d);
          b && add->getResult(0).getType() == type) {
        bias = b;
        last = add;
      }
    }

    rewriter.setInsertionPoint(last);
    auto epsAttr = rewriter.getF32FloatAttr(static_cast<float>(eps));
    Value result;
    if (layer)
      result = rewriter.create<seq::LayerNormOp>(last->getLoc(), x, weight,
                                                 bias, epsAttr);
    else
      result = rewriter.create<seq::RmsNormOp>(last->getLoc(), x, weight,
                                               epsAttr);
    rewriter.replaceOp(last, result);
    return success();
  }
};

struct SeqRaiseNormPass
    : public seqc::impl::SeqRaiseNormBase<SeqRaiseNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RaiseNorm>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
