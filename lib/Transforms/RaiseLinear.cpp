//===- RaiseLinear.cpp - products written out, as seq.linear ----*- C++ -*-===//
//
// seq-raise-linear: `x @ W.t()` (seq.matmul of x by a transposed 2-D W) is
// `linear(x, W)`, and a bias vector added to a linear without one is its
// bias. seq.linear gets the GEMM kernel with W packed once (at compile time
// for a constant) and the bias in the epilogue; the written form transposes
// W into a new buffer on every call and adds the bias in a pass of its own.
//
//===----------------------------------------------------------------------===//

#include "seqc/Transforms/Passes.h"
#include "seq/SeqOps.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace seqc {
#define GEN_PASS_DEF_SEQRAISELINEAR
#include "seqc/Transforms/Passes.h.inc"
} // namespace seqc

using namespace mlir;

namespace {

/// `value` as `type`, through a tensor.cast when only static dims differ.
Value castTo(PatternRewriter &rewriter, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return rewriter.create<tensor::CastOp>(loc, type, value);
}

/// matmul(x, transpose(W, [1, 0])) → linear(x, W), for x of rank 2 or more.
struct MatmulOfTransposedWeight : public OpRewritePattern<seq::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(seq::MatmulOp op,
                                PatternRewriter &rewriter) const override {
    auto transpose = op.getRhs().getDefiningOp<seq::TransposeOp>();
    if (!transpose || transpose.getPermutation() != ArrayRef<int64_t>{1, 0})
      return failure();
    if (op.getLhs().getType().getRank() < 2)
      return failure();
    Value linear = rewriter.create<seq::LinearOp>(
        op.getLoc(), op.getLhs(), transpose.getInput(), Value());
    rewriter.replaceOp(op, castTo(rewriter, op.getLoc(), linear, op.getType()));
    return success();
  }
};

/// add(linear(x, W), b) with b a [N] vector → linear(x, W, b), when the
/// linear has no bias and no other use.
struct AddBiasToLinear : public OpRewritePattern<seq::AddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(seq::AddOp op,
                                PatternRewriter &rewriter) const override {
    for (auto [product, bias] : {std::pair{op.getLhs(), op.getRhs()},
                                 std::pair{op.getRhs(), op.getLhs()}}) {
      auto linear = product.getDefiningOp<seq::LinearOp>();
      if (!linear || linear.getBias() || !linear->hasOneUse() ||
          linear.getType() != op.getType())
        continue;
      auto biasType = llvm::dyn_cast<RankedTensorType>(bias.getType());
      auto weightType = linear.getWeight().getType();
      if (!biasType || biasType.getRank() != 1 ||
          !biasType.getElementType().isF32() ||
          biasType.isDynamicDim(0) || weightType.isDynamicDim(0) ||
          biasType.getDimSize(0) != weightType.getDimSize(0))
        continue;
      rewriter.replaceOpWithNewOp<seq::LinearOp>(
          op, op.getType(), linear.getInput(), linear.getWeight(), bias);
      rewriter.eraseOp(linear);
      return success();
    }
    return failure();
  }
};

struct SeqRaiseLinearPass
    : public seqc::impl::SeqRaiseLinearBase<SeqRaiseLinearPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<MatmulOfTransposedWeight, AddBiasToLinear>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
