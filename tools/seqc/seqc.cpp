//===- seqc.cpp - the Seqc ahead-of-time compiler ---------------*- C++ -*-===//
//
//   seqc MODEL.seq|MODEL.mlir [--weights W.safetensors] [--weights=runtime]
//        [-o OUT] [--header model.h] [--emit=mlir|llvm|obj|shared]
//        [--target-cpu CPU]
//
// Loads the model (Codegen/Model.h) and compiles it (Codegen/AotCompiler.h).
//
//===----------------------------------------------------------------------===//

#include "seqc/Codegen/AotCompiler.h"
#include "seqc/Codegen/Model.h"
#include "seqc/InitAll.h"
#include "seqc/Support/Diagnostics.h"
#include "seqc/Support/ToolOptions.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace {

int fail(const llvm::Twine &message) {
  llvm::errs() << "seqc: error: " << message << "\n";
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  namespace cl = llvm::cl;
  cl::OptionCategory category("seqc options");
  cl::opt<std::string> inputFilename(cl::Positional, cl::Required,
                                     cl::desc("<model.seq | model.mlir>"),
                                     cl::cat(category));
  cl::list<std::string> weights(
      "weights",
      cl::desc("The safetensors weights file, or the weight mode: "
               "'embedded' (default: constants of the code) or 'runtime' "
               "(arguments of the entry points); may be given twice"),
      cl::value_desc("file | embedded | runtime"), cl::cat(category));
  cl::opt<std::string> outputFilename(
      "o",
      cl::desc("Output file (default: the model's name with the "
               "extension of --emit, in the current directory)"),
      cl::value_desc("file"), cl::cat(category));
  cl::opt<std::string> headerFilename(
      "header", cl::desc("Write the C header of the entry points"),
      cl::value_desc("file.h"), cl::cat(category));
  cl::opt<seqc::EmitKind> emit(
      "emit", cl::desc("What to write"), cl::init(seqc::EmitKind::Object),
      cl::values(
          clEnumValN(seqc::EmitKind::Mlir, "mlir",
                     "the model in the seq dialect, before lowering"),
          clEnumValN(seqc::EmitKind::Llvm, "llvm", "optimised LLVM IR (.ll)"),
          clEnumValN(seqc::EmitKind::Object, "obj", "an object file (.o)"),
          clEnumValN(seqc::EmitKind::Shared, "shared",
                     "a shared library (.so), linked with cc")),
      cl::cat(category));
  cl::opt<bool> raiseReport(
      "seq-raise-attention-report",
      cl::desc("Say which written-out attentions became seq.sdpa, and why "
               "others did not"),
      cl::cat(category));
  cl::opt<std::string> targetCpu(
      "target-cpu", cl::desc("LLVM CPU name (default: the host CPU)"),
      cl::value_desc("cpu"), cl::cat(category));
  cl::opt<std::string> targetFeatures(
      "target-features",
      cl::desc("Extra LLVM CPU features, e.g. '-avx512f' or '+avx2,+fma'"),
      cl::value_desc("+a,-b"), cl::cat(category));

  cl::opt<bool> inlineBlocks(
      "inline-blocks",
      cl::desc("Inline every call of a .seq block instead of compiling "
               "equal layers once (slower compiles, larger code)"),
      cl::cat(category));

  cl::opt<unsigned> jobs(
      "jobs",
      cl::desc("LLVM optimises and generates code in up to this many parts "
               "at once (default: the cores)"),
      cl::init(seqc::getDefaultCompileJobs()),
      cl::value_desc("N"), cl::cat(category));
  cl::alias jobsShort("j", cl::desc("Alias for --jobs"), cl::aliasopt(jobs),
                      cl::cat(category));

  // Registered passes can be named by --mlir-print-ir-after and friends.
  seqc::registerAllPasses();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerAsmPrinterCLOptions();
  registerDefaultTimingManagerCLOptions();
  // LLVM's and MLIR's own options still work; --help-hidden lists them.
  // Those that show where a compile spends its time, or what a pass did,
  // are listed with seqc's own.
  cl::HideUnrelatedOptions(category);
  seqc::showPassManagerOptions(category);
  cl::ParseCommandLineOptions(argc, argv,
                              "seqc: compile sequence models to native code\n");

  seqc::ModelLoadOptions loadOptions;
  if (llvm::Error err = seqc::parseWeightsOption(weights, loadOptions))
    return fail(llvm::toString(std::move(err)));

  loadOptions.outlineBlocks = !inlineBlocks;

  seqc::AotOptions options;
  options.jobs = std::max(1u, jobs.getValue());
  options.emit = emit;
  options.headerPath = headerFilename;
  options.targetCpu = targetCpu;
  options.targetFeatures = targetFeatures;
  options.sourceName = llvm::sys::path::filename(inputFilename).str();
  options.outputPath = outputFilename;
  if (options.outputPath.empty()) {
    static constexpr const char *extensions[] = {".mlir", ".ll", ".o", ".so"};
    llvm::SmallString<128> path(llvm::sys::path::stem(inputFilename));
    path += extensions[static_cast<int>(options.emit)];
    options.outputPath = path.str().str();
  }

  DialectRegistry registry;
  seqc::registerAllDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  seqc::LineDiagnosticHandler diagnostics(&context, "seqc");

  // --mlir-timing covers the whole compile: loading, the MLIR pipeline and
  // LLVM. On a terminal, each phase says when it starts.
  DefaultTimingManager timingManager;
  applyDefaultTimingManagerCLOptions(timingManager);
  TimingScope timing = timingManager.getRootScope();
  seqc::PhaseReporter progress("seqc", options.sourceName);
  options.timing = &timing;
  options.onPhase = [&](llvm::StringRef name) { progress.start(name); };

  llvm::SourceMgr sourceMgr;
  progress.start("Loading the model");
  TimingScope loadTiming = timing.nest("Loading the model");
  FailureOr<seqc::LoadedModel> model =
      seqc::loadModel(inputFilename, loadOptions, context, sourceMgr);
  loadTiming.stop();
  if (failed(model))
    return 1;
  // The module holds its own copy of what it needs from the file.
  model->weights.reset();
  seqc::PipelineOptions pipelineOptions;
  pipelineOptions.raiseAttentionReport = raiseReport.getValue();
  if (failed(seqc::compileModels(*model->module, options, pipelineOptions)))
    return 1;
  progress.finish();
  return 0;
}
