//===- Pipeline.cpp - Seqc's lowering pipelines -----------------*- C++ -*-===//

#include "seqc/Pipeline/Pipeline.h"
#include "seqc/Conversion/Passes.h"
#include "seqc/Transforms/Passes.h"
#include "seqc/Support/WeightConstants.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace {
/// Marks the tensor arguments of public functions read-only for one-shot
/// bufferization: callers (seq-run, AOT entry points) pass their input
/// buffers and may call again with the same inputs, so compiled code must
/// copy rather than update an argument in place (a recurrent state, say).
struct ProtectEntryArgumentsPass
    : public PassWrapper<ProtectEntryArgumentsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ProtectEntryArgumentsPass)
  StringRef getArgument() const final { return "seq-protect-entry-arguments"; }
  void runOnOperation() override {
    Builder b(&getContext());
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isPrivate() || func.isExternal())
        continue;
      for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
        if (llvm::isa<TensorType>(type))
          func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                          b.getBoolAttr(false));
    }
  }
};

/// Gives every tensor.empty a single use. MLIR 19's empty-tensor elimination
/// replaces every use of a tensor.empty with the destination of the first
/// subset insertion it feeds, so one tensor.empty shared (after CSE) by two
/// results, such as an LSTM's h_n and c_n, would make an AOT entry point
/// compute both into the same output buffer.
struct SplitEmptyTensorsPass
    : public PassWrapper<SplitEmptyTensorsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(SplitEmptyTensorsPass)
  StringRef getArgument() const final { return "seq-split-empty-tensors"; }
  void runOnOperation() override {
    getOperation().walk([](tensor::EmptyOp empty) {
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : empty->getUses())
        uses.push_back(&use);
      OpBuilder b(empty);
      for (OpOperand *use : llvm::drop_begin(uses))
        use->set(b.clone(*empty)->getResult(0));
    });
  }
};

/// Rewrites memref.copy as linalg.copy, which becomes plain loops: a strided
/// memref.copy would otherwise call `memrefCopy` from MLIR's runtime library,
/// and compiled models link against libc and libm only.
struct CopiesToLoopsPass
    : public PassWrapper<CopiesToLoopsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CopiesToLoopsPass)
  StringRef getArgument() const final { return "seq-copies-to-loops"; }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<linalg::LinalgDialect>();
  }
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies) {
      OpBuilder b(copy);
      b.create<linalg::CopyOp>(copy.getLoc(), copy.getSource(),
                               copy.getTarget());
      copy.erase();
    }
  }
};
/// Gives every large constant global of the LLVM dialect (the weights, as
/// packed at compile time) the type of its bytes, `!llvm.array<N x i8>`,
/// and those bytes as a resource (seqc::getWeightAsBytes: a weight blob is
/// handed over, a dense attribute's storage referenced). LLVM then holds
/// one byte string per weight and writes it to the object in one piece,
/// instead of building and emitting one constant per row and one float at a
/// time (seconds per hundred MB). Uses are through `llvm.mlir.addressof`,
/// which does not depend on the global's type.
struct WeightsAsBytesPass
    : public PassWrapper<WeightsAsBytesPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(WeightsAsBytesPass)
  StringRef getArgument() const final { return "seq-weights-as-bytes"; }
  void runOnOperation() override {
    for (auto global : getOperation().getOps<LLVM::GlobalOp>()) {
      auto value =
          llvm::dyn_cast_or_null<ElementsAttr>(global.getValueOrNull());
      if (!global.getConstant() || !value ||
          value.getElementType().isInteger(8))
        continue;
      std::optional<ArrayRef<char>> bytes = seqc::getWeightBytes(value);
      if (!bytes || bytes->size() < kMinBytes)
        continue;
      DenseResourceElementsAttr asBytes = seqc::getWeightAsBytes(value);
      if (!asBytes)
        continue;
      global.setGlobalTypeAttr(TypeAttr::get(LLVM::LLVMArrayType::get(
          asBytes.getElementType(), asBytes.getNumElements())));
      global.setValueAttr(asBytes);
    }
  }
  static constexpr size_t kMinBytes = 1024;
};
} // namespace

void seqc::buildSeqToLLVMPipeline(OpPassManager &pm,
                                  const PipelineOptions &options) {
  // The target first: every pass below reads it.
  SeqSetTargetOptions target;
  bool explicitTarget =
      !options.targetCpu.empty() || !options.targetFeatures.empty();
  target.cpu = options.targetCpu.empty() ? std::string("host")
                                         : std::string(options.targetCpu);
  target.features = options.targetFeatures;
  target.keepExisting = !explicitTarget;
  pm.addPass(createSeqSetTarget(target));

  // Attention written out (matmul, softmax, masks) as seq.sdpa.
  if (options.raiseAttention) {
    SeqRaiseAttentionOptions raise;
    raise.report = options.raiseAttentionReport;
    pm.addPass(createSeqRaiseAttention(raise));
  }
  // x @ W.t() (+ b) as seq.linear; norms written out as seq norms.
  pm.addPass(createSeqRaiseLinear());
  pm.addPass(createSeqRaiseNorm());

  // Fused attention first: every seq.sdpa, including multi-head attention's.
  if (options.attention == AttentionLowering::Fused) {
    pm.addPass(createSeqDecompose());
    SeqFuseAttentionOptions fusion;
    if (options.attentionTileQ > 0)
      fusion.tileQ = options.attentionTileQ;
    if (options.attentionTileKV > 0)
      fusion.tileKV = options.attentionTileKV;
    pm.addPass(createSeqFuseAttention(fusion));
  }

  // Norms (and the residual adds before them) as row kernels.
  if (options.fuseNorms)
    pm.addPass(createSeqFuseNorm());

  // seq → linalg on tensors; upstream arith/math ops on whole tensors (as
  // a hand-written .mlir has them) become linalg.generic too.
  pm.addPass(createConvertSeqToLinalg());
  pm.addPass(createConvertElementwiseToLinalgPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createLinalgElementwiseOpFusionPass());
  pm.addPass(createCanonicalizerPass());
  // Layers that the front end outlined, now with their weights packed:
  // equal ones become one function, the rest are inlined back.
  pm.addPass(createSeqMergeEqualFunctions());

  // Tensors → buffers. Results are returned as fresh allocations owned by the
  // caller; temporaries are freed by the ownership-based deallocation.
  pm.addPass(std::make_unique<ProtectEntryArgumentsPass>());
  pm.addPass(std::make_unique<SplitEmptyTensorsPass>());
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizationOptions bufferization;
  bufferization.bufferizeFunctionBoundaries = true;
  bufferization.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  pm.addPass(bufferization::createOneShotBufferizePass(bufferization));
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createBufferizationToMemRefPass());
  pm.addPass(std::make_unique<CopiesToLoopsPass>());
  if (options.vectorizeMatmul) {
    SeqVectorizeMatmulOptions matmul;
    matmul.parallelThreshold = options.matmulParallelThreshold;
    pm.addPass(createSeqVectorizeMatmul(matmul));
  }

  // Buffers → loops → LLVM. Parallel loops run on the runtime's threads;
  // exp and friends on vectors become polynomials.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createForallToParallelLoopPass());
  pm.addPass(createSeqParallelToThreads());
  // From here on, passes that work function by function run on the
  // functions in parallel (the outlined loop bodies are many).
  pm.addPass(createSeqApproximateVectorMath());
  pm.addNestedPass<func::FuncOp>(createConvertVectorToSCFPass());
  pm.addNestedPass<func::FuncOp>(createLowerAffinePass());
  // Dynamic buffer sizes that would wrap fail the call instead.
  pm.addPass(createSeqCheckAllocationSizes());
  {
    OpPassManager &functions = pm.nest<func::FuncOp>();
    functions.addPass(createConvertSCFToCFPass());
    functions.addPass(arith::createArithExpandOpsPass());
    functions.addPass(memref::createExpandStridedMetadataPass());
    functions.addPass(createLowerAffinePass());
    functions.addPass(createConvertVectorToLLVMPass());
    // Math with an LLVM intrinsic goes there; the rest (tanh, erf) calls
    // libm (which declares the functions: on the module).
    functions.addPass(createConvertMathToLLVMPass());
  }
  pm.addPass(createConvertMathToLibmPass());
  // Heap buffers through lib/Runtime/BufferCache.c, which keeps the
  // temporaries of one call for the next.
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(std::make_unique<WeightsAsBytesPass>());
}

void seqc::registerSeqcPipelines() {
  PassPipelineRegistration<PipelineOptions>(
      "seq-to-llvm",
      "Lower seq ops (and linalg/tensor code) to the LLVM dialect",
      [](OpPassManager &pm, const PipelineOptions &options) {
        buildSeqToLLVMPipeline(pm, options);
      });
}
