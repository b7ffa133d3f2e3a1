//===- InitAll.cpp - register Seqc's dialects and passes --------*- C++ -*-===//

#include "seqc/InitAll.h"
#include "seq/SeqDialect.h"
#include "seqc/Conversion/Passes.h"
#include "seqc/Pipeline/Pipeline.h"
#include "seqc/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

void seqc::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::seq::SeqDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerAllToLLVMIRTranslations(registry);
}

void seqc::registerAllPasses() {
  mlir::registerAllPasses();
  registerSeqcConversionPasses();
  registerSeqcTransformsPasses();
  registerSeqcPipelines();
}
