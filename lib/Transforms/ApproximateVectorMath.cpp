//===- ApproximateVectorMath.cpp - polynomial math on vectors ---*- C++ -*-===//
//
// seq-approximate-vector-math: MLIR's polynomial approximations, applied
// only to math ops on vectors. The fused attention's exp stays a vector
// computation (a libm call per lane would cost more than the tile products);
// scalar math keeps its exact lowering.
//
//===----------------------------------------------------------------------===//

#include "seqc/Transforms/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace seqc {
#define GEN_PASS_DEF_SEQAPPROXIMATEVECTORMATH
#include "seqc/Transforms/Passes.h.inc"
} // namespace seqc

using namespace mlir;

namespace {
struct SeqApproximateVectorMathPass
    : public seqc::impl::SeqApproximateVectorMathBase<
          SeqApproximateVectorMathPass> {
  void runOnOperation() override {
    SmallVector<Operation *> vectorMath;
    getOperation()->walk([&](Operation *op) {
      if (llvm::isa<math::MathDialect>(op->getDialect()) &&
          op->getNumResults() == 1 &&
          llvm::isa<VectorType>(op->getResult(0).getType()))
        vectorMath.push_back(op);
    });
    if (vectorMath.empty())
      return;
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    GreedyRewriteConfig config;
    // The ops the approximations create are rewritten too (exp inside tanh),
    // but no scalar op that was there before.
    config.strictMode = GreedyRewriteStrictness::ExistingAndNewOps;
    if (failed(applyOpPatternsAndFold(vectorMath, std::move(patterns), config)))
      return signalPassFailure();
  }
};
} // namespace
