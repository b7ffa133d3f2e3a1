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
    llvm::Expected<seqc::TargetDescription> target =
        seqc::TargetDescription::get(cpu, features);
    if (!target) {
      module.emitError() << llvm::toString(target.takeError());
      return signalPassFailure();
    }
    seqc::setTarget(module, *target);
  }
};
} // namespace
