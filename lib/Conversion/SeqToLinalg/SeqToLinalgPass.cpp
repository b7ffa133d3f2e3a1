//===- SeqToLinalgPass.cpp - convert-seq-to-linalg, seq-decompose -*- C++ -*-===//

#include "seqc/Conversion/Passes.h"
#include "seq/SeqOps.h"

#include "mlir/Transforms/DialectConversion.h"

namespace seqc {
#define GEN_PASS_DEF_SEQDECOMPOSE
#define GEN_PASS_DEF_CONVERTSEQTOLINALG
#include "seqc/Conversion/Passes.h.inc"
} // namespace seqc

using namespace mlir;

void seqc::populateSeqToLinalgConversionPatterns(RewritePatternSet &patterns) {
  populateSeqDecompositionPatterns(patterns);
  populateSeqLayerToLinalgPatterns(patterns);
  populateSeqTensorToLinalgPatterns(patterns);
  populateSeqRecurrentToLinalgPatterns(patterns);
}

namespace {
struct SeqDecomposePass
    : public seqc::impl::SeqDecomposeBase<SeqDecomposePass> {
  void runOnOperation() override {
    ConversionTarget target(getContext());
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    target.addIllegalOp<seq::MultiHeadAttentionOp, seq::FfnOp>();
    // Slices of constants become constants (weights sliced in the model).
    seqc::foldConstantSlices(getOperation());
    RewritePatternSet patterns(&getContext());
    seqc::populateSeqDecompositionPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

struct ConvertSeqToLinalgPass
    : public seqc::impl::ConvertSeqToLinalgBase<ConvertSeqToLinalgPass> {
  using ConvertSeqToLinalgBase::ConvertSeqToLinalgBase;
  void runOnOperation() override {
    ConversionTarget target(getContext());
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    target.addIllegalDialect<seq::SeqDialect>();
    RewritePatternSet patterns(&getContext());
    seqc::populateSeqDecompositionPatterns(patterns);
    seqc::populateSeqLayerToLinalgPatterns(patterns);
    seqc::populateSeqTensorToLinalgPatterns(patterns);
    seqc::populateSeqRecurrentToLinalgPatterns(patterns, sliceRecurrences);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
