//===- Pipeline.h - Seqc's lowering pipelines -------------------*- C++ -*-===//

#ifndef SEQC_PIPELINE_PIPELINE_H
#define SEQC_PIPELINE_PIPELINE_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace seqc {

/// Options of the seq-to-llvm pipeline; later passes add their switches here.
struct PipelineOptions : public mlir::PassPipelineOptions<PipelineOptions> {
  Option<std::string> attention{
      *this, "attention",
      llvm::cl::desc("Attention lowering: 'reference' (materialised scores)"),
      llvm::cl::init("reference")};
  Option<bool> vectorize{*this, "vectorize",
                         llvm::cl::desc("Vectorise linalg ops before bufferization"),
                         llvm::cl::init(false)};
};

/// seq ops on tensors → LLVM dialect: convert-seq-to-linalg, one-shot
/// bufferization, loops, math expansion and the LLVM conversions. Functions
/// keep their names; callers that need C wrappers mark functions with
/// `llvm.emit_c_interface` before running it.
void buildSeqToLLVMPipeline(mlir::OpPassManager &pm,
                            const PipelineOptions &options);

/// Registers `seq-to-llvm` for seq-opt.
void registerSeqcPipelines();

} // namespace seqc

#endif // SEQC_PIPELINE_PIPELINE_H
