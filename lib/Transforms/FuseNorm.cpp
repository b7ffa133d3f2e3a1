//===- FuseNorm.cpp - norms as one pass over each row -----------*- C++ -*-===//

#include "seqc/Kernels/Norm.h"
#include "seqc/Target/Target.h"
#include "seqc/Transforms/Passes.h"
#include "seq/SeqOps.h"

namespace seqc {
#define GEN_PASS_DEF_SEQFUSENORM
#include "seqc/Transforms/Passes.h.inc"
} // namespace seqc

using namespace mlir;

namespace {

/// A [D] f32 vector of static size `d`, or null.
bool isRowParameter(Value v, int64_t d) {
  if (!v)
    return true;
  auto type = llvm::dyn_cast<RankedTensorType>(v.getType());
  return type && type.getRank() == 1 && type.getDimSize(0) == d &&
         type.getElementType().isF32();
}

/// The residual add feeding a norm: a seq.add of two tensors of the norm's
/// input type (no broadcasting).
seq::AddOp getResidualAdd(Value input) {
  auto add = input.getDefiningOp<seq::AddOp>();
  if (!add || add.getLhs().getType() != input.getType() ||
      add.getRhs().getType() != input.getType())
    return nullptr;
  return add;
}

struct SeqFuseNormPass : public seqc::impl::SeqFuseNormBase<SeqFuseNormPass> {
  using SeqFuseNormBase::SeqFuseNormBase;

  void runOnOperation() override {
    int64_t width = vectorWidth > 0
                        ? int64_t(vectorWidth)
                        : seqc::getTarget(getOperation()).f32Lanes();
    SmallVector<Operation *> norms;
    getOperation()->walk([&](Operation *op) {
      if (llvm::isa<seq::LayerNormOp, seq::RmsNormOp>(op))
        norms.push_back(op);
    });
    for (Operation *op : norms) {
      seqc::kernels::RowNorm norm;
      if (auto ln = llvm::dyn_cast<seq::LayerNormOp>(op)) {
        norm.input = ln.getInput();
        norm.weight = ln.getWeight();
        norm.bias = ln.getBias();
        norm.epsilon = ln.getEpsilon().convertToFloat();
      } else {
        auto rms = llvm::cast<seq::RmsNormOp>(op);
        norm.input = rms.getInput();
        norm.weight = rms.getWeight();
        norm.epsilon = rms.getEpsilon().convertToFloat();
        norm.rms = true;
      }
      Type type = norm.input.getType();
      if (!seqc::kernels::canEmitRowNorm(type))
        continue;
      auto tensorType = llvm::cast<RankedTensorType>(type);
      int64_t d = tensorType.getDimSize(tensorType.getRank() - 1);
      if (!isRowParameter(norm.weight, d) || !isRowParameter(norm.bias, d))
        continue;
      seq::AddOp add = getResidualAdd(norm.input);
      if (add) {
        norm.input = add.getLhs();
        norm.residual = add.getRhs();
      }
      OpBuilder b(op);
      Value result = seqc::kernels::emitRowNorm(b, op->getLoc(), norm, width);
      op->getResult(0).replaceAllUsesWith(result);
      op->erase();
      if (add && add->use_empty())
        add->erase();
    }
  }
};

} // namespace
