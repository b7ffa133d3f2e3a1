//===- SetTarget.cpp - attach the target description ------------*- C++ -*-===//

#include "seqc/Target/Target.h"
#include "seqc/Transforms/Passes.h"
#include "seq/SeqDialect.h"

namespace seqc {
#define GEN_PASS_DEF_SEQSETTARGET
#include "seqc/Transforms/Passes.h.inc"
} // namespace seqc

using namespace mlir;

namespace {
struct SeqSetTargetPass
    : public seqc::impl::SeqSetTargetBase<SeqSetTargetPass> {
  using SeqSetTargetBase::SeqSetTargetBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (keepExisting && module->hasAttr(seqc::kTargetAttrName))
      return;
    if (llvm::Error err = seqc::attachTarget(module, cpu, features)) {
      module.emitError() << llvm::toString(std::move(err));
      return signalPassFailure();
    }
  }
};
} // namespace
