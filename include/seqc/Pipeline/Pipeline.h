//===- Pipeline.h - Seqc's lowering pipelines -------------------*- C++ -*-===//

#ifndef SEQC_PIPELINE_PIPELINE_H
#define SEQC_PIPELINE_PIPELINE_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace seqc {

/// How seq.sdpa (and multi_head_attention) is lowered.
enum class AttentionLowering {
  /// seq-fuse-attention: tiled, online softmax, vectorised, multi-threaded.
  Fused,
  /// convert-seq-to-linalg's unfused lowering (materialised scores).
  Reference,
};

/// Options of the seq-to-llvm pipeline; later passes add their switches here.
struct PipelineOptions : public mlir::PassPipelineOptions<PipelineOptions> {
  Option<std::string> targetCpu{
      *this, "target-cpu",
      llvm::cl::desc("LLVM CPU name to compile for (default: the module's "
                     "seq.target, else the host)"),
      llvm::cl::init("")};
  Option<std::string> targetFeatures{
      *this, "target-features",
      llvm::cl::desc("Extra LLVM CPU features, e.g. '-avx512f'"),
      llvm::cl::init("")};
  Option<bool> raiseAttention{
      *this, "raise-attention",
      llvm::cl::desc("seq-raise-attention: attention written with matmul, "
                     "softmax and masks becomes seq.sdpa"),
      llvm::cl::init(true)};
  Option<bool> raiseAttentionReport{
      *this, "raise-attention-report",
      llvm::cl::desc("seq-raise-attention's remarks: what was raised where, "
                     "and why a near-miss was not"),
      llvm::cl::init(false)};
  Option<AttentionLowering> attention{
      *this, "attention", llvm::cl::desc("Attention lowering"),
      llvm::cl::init(AttentionLowering::Fused),
      llvm::cl::values(
          clEnumValN(AttentionLowering::Fused, "fused",
                     "tiled, fused attention (seq-fuse-attention)"),
          clEnumValN(AttentionLowering::Reference, "reference",
                     "the unfused lowering with materialised scores"))};
  Option<int64_t> attentionTileQ{
      *this, "attention-tile-q",
      llvm::cl::desc("seq-fuse-attention's tile-q (0: its default)"),
      llvm::cl::init(0)};
  Option<int64_t> attentionTileKV{
      *this, "attention-tile-kv",
      llvm::cl::desc("seq-fuse-attention's tile-kv (0: its default)"),
      llvm::cl::init(0)};
  Option<bool> fuseNorms{
      *this, "fuse-norms",
      llvm::cl::desc("seq-fuse-norm: layer/RMS norms (with a residual add) "
                     "as one vectorised pass over each row"),
      llvm::cl::init(true)};
  Option<bool> vectorizeMatmul{
      *this, "vectorize-matmul",
      llvm::cl::desc("seq-vectorize-matmul: register-tiled vector GEMMs and "
                     "vector elementwise loops after bufferization"),
      llvm::cl::init(true)};
  Option<int64_t> matmulParallelThreshold{
      *this, "matmul-parallel-threshold",
      llvm::cl::desc("seq-vectorize-matmul's parallel-threshold (M*N*K; 0: "
                     "serial)"),
      llvm::cl::init(1 << 21)};
  Option<bool> vectorize{*this, "vectorize",
                         llvm::cl::desc("Vectorise linalg ops before bufferization"),
                         llvm::cl::init(false)};
};

/// seq ops on tensors → LLVM dialect: seq-set-target (the module's
/// target, unless it has one and no target option is given),
/// seq-raise-attention, seq-fuse-attention (unless
/// attention=reference), convert-seq-to-linalg, one-shot bufferization,
/// loops, parallel loops on the runtime's threads (seq-parallel-to-threads),
/// math expansion and the LLVM conversions. Functions
/// keep their names; callers that need C wrappers mark functions with
/// `llvm.emit_c_interface` before running it.
void buildSeqToLLVMPipeline(mlir::OpPassManager &pm,
                            const PipelineOptions &options);

/// Registers `seq-to-llvm` for seq-opt.
void registerSeqcPipelines();

} // namespace seqc

#endif // SEQC_PIPELINE_PIPELINE_H
