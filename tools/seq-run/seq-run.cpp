//===- seq-run.cpp - JIT-compile a module and run its entry -----*- C++ -*-===//
//
//   seq-run FILE.mlir|FILE.seq [--entry NAME] [--input [NAME=]FILE.npy]...
//           [--weights W.safetensors] [--weights=runtime]
//           [--output-dir DIR] [--repeat N] [--attention fused|reference]
//           [--threads N]
//
// Loads the module (a .seq file through the front end, see Codegen/Model.h),
// binds the .npy inputs to the entry function's tensor arguments (by seqc.name,
// else in order; runtime weights from the weights file), runs it once, prints
// each result and writes it to DIR/result<i>.npy; with --repeat N it also
// times N more calls. The work is done by SeqcRuntime.
//
//===----------------------------------------------------------------------===//

#include "seqc/Codegen/Model.h"
#include "seqc/InitAll.h"
#include "seqc/Execution/JitRunner.h"
#include "seqc/Execution/ModelInputs.h"
#include "seqc/Execution/Npy.h"
#include "seqc/Runtime/Parallel.h"
#include "seqc/Support/Diagnostics.h"
#include "seqc/Support/ToolOptions.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

using namespace mlir;

namespace {

int fail(const llvm::Twine &message) {
  llvm::errs() << "seq-run: error: " << message << "\n";
  return 1;
}

/// Splits "--input NAME=FILE"; a plain path has no name.
std::pair<std::string, std::string> splitInputSpec(llvm::StringRef spec) {
  auto [name, path] = spec.split('=');
  bool isName = !name.empty() && !path.empty() &&
                (llvm::isAlpha(name.front()) || name.front() == '_') &&
                llvm::all_of(name, [](char c) {
                  return llvm::isAlnum(c) || c == '_' || c == '.';
                });
  if (!isName)
    return {"", spec.str()};
  return {name.str(), path.str()};
}

/// Takes "--threads N" / "--threads=N" off the command line: libLLVM already
/// registers an unrelated global "threads" option. Returns the value, 0 when
/// absent, -1 (after an error message) when malformed.
int takeThreadsOption(int &argc, char **argv) {
  int threads = 0, kept = 1;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (!arg.consume_front("--") && !arg.consume_front("-")) {
      argv[kept++] = argv[i];
      continue;
    }
    if (arg != "threads" && !arg.starts_with("threads=")) {
      argv[kept++] = argv[i];
      continue;
    }
    llvm::StringRef value;
    if (arg.consume_front("threads="))
      value = arg;
    else if (i + 1 < argc)
      value = argv[++i];
    if (value.getAsInteger(10, threads) || threads <= 0) {
      fail("--threads expects a positive number of threads");
      return -1;
    }
  }
  argc = kept;
  argv[argc] = nullptr;
  return threads;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  int threads = takeThreadsOption(argc, argv);
  if (threads < 0)
    return 1;
  namespace cl = llvm::cl;
  cl::OptionCategory category("seq-run options");
  cl::opt<std::string> inputFilename(cl::Positional, cl::Required,
                                     cl::desc("<module.mlir | model.seq>"),
                                     cl::cat(category));
  cl::opt<std::string> entry(
      "entry",
      cl::desc("Function to run (default: 'main', else the only public "
               "function with a body)"),
      cl::value_desc("name"), cl::cat(category));
  cl::list<std::string> inputSpecs(
      "input",
      cl::desc("A .npy file for the input NAME (its seqc.name), else for the "
               "next argument in order"),
      cl::value_desc("[name=]file.npy"), cl::cat(category));
  cl::list<std::string> weightsOption(
      "weights",
      cl::desc("The safetensors weights file, or the weight mode: 'embedded' "
               "(default: constants) or 'runtime' (bound from the file)"),
      cl::value_desc("file | embedded | runtime"), cl::cat(category));
  cl::opt<std::string> outputDir(
      "output-dir", cl::desc("Write each result to DIR/result<i>.npy"),
      cl::value_desc("dir"), cl::cat(category));
  cl::opt<unsigned> repeat(
      "repeat",
      cl::desc("Time N further calls and print the median and minimum"),
      cl::value_desc("N"), cl::init(0), cl::cat(category));
  cl::opt<unsigned> jobs(
      "jobs",
      cl::desc("LLVM optimises and generates code in up to this many parts "
               "at once (default: the cores)"),
      cl::init(seqc::getDefaultCompileJobs()), cl::value_desc("N"),
      cl::cat(category));
  cl::opt<unsigned> printValues(
      "print-values", cl::desc("Values shown per result (default 8)"),
      cl::value_desc("N"), cl::init(8), cl::cat(category));

  // Passes are registered so --mlir-print-ir-after=<pass> can name them.
  seqc::registerAllPasses();
  cl::opt<seqc::AttentionLowering> attention(
      "attention", cl::desc("How seq.sdpa is lowered (default: fused)"),
      cl::init(seqc::AttentionLowering::Fused),
      cl::values(clEnumValN(seqc::AttentionLowering::Fused, "fused",
                            "tiled, fused, multi-threaded attention"),
                 clEnumValN(seqc::AttentionLowering::Reference, "reference",
                            "the unfused lowering, for comparison")));
  cl::opt<bool> raiseReport(
      "seq-raise-attention-report",
      cl::desc("Say which written-out attentions became seq.sdpa, and why "
               "others did not"),
      cl::cat(category));
  cl::opt<std::string> targetCpu(
      "target-cpu",
      cl::desc("LLVM CPU name whose kernels to use (default: the host); it "
               "must run on this machine"),
      cl::value_desc("cpu"), cl::cat(category));
  cl::opt<std::string> targetFeatures(
      "target-features", cl::desc("Extra LLVM CPU features, e.g. '-avx512f'"),
      cl::value_desc("+a,-b"), cl::cat(category));
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  // LLVM's and MLIR's own options still work; --help-hidden lists them.
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "seq-run: JIT-compile a module and run it\n\n"
      "  --threads N  threads of parallel loops (default: SEQC_NUM_THREADS, "
      "else one per CPU)\n");

  DialectRegistry registry;
  seqc::registerAllDialects(registry);
  MLIRContext context(registry);
  // Diagnostics stay one line each; seq-opt shows the IR when debugging.
  context.printOpOnDiagnostic(false);
  seqc::LineDiagnosticHandler diagnostics(&context, "seq-run");

  seqc::ModelLoadOptions loadOptions;
  if (llvm::Error err = seqc::parseWeightsOption(weightsOption, loadOptions))
    return fail(llvm::toString(std::move(err)));

  // Inputs first: a bad .npy is reported before any compilation.
  SmallVector<seqc::NamedInput> inputs;
  for (const std::string &spec : inputSpecs) {
    auto [name, path] = splitInputSpec(spec);
    std::string label = name.empty() ? path : name + "=" + path;
    llvm::Expected<seqc::NpyArray> array = seqc::readNpyFile(path);
    if (!array)
      return fail("argument " + llvm::Twine(inputs.size()) + " ('" + label +
                  "'): " + llvm::toString(array.takeError()));
    inputs.push_back({name, std::move(label), std::move(*array)});
  }

  // --mlir-timing covers loading, the MLIR pipeline, LLVM and linking.
  DefaultTimingManager timingManager;
  applyDefaultTimingManagerCLOptions(timingManager);
  TimingScope timing = timingManager.getRootScope();
  llvm::SourceMgr sourceMgr;
  TimingScope loadTiming = timing.nest("Loading the model");
  FailureOr<seqc::LoadedModel> model =
      seqc::loadModel(inputFilename, loadOptions, context, sourceMgr);
  loadTiming.stop();
  if (failed(model))
    return 1;
  OwningOpRef<ModuleOp> module = std::move(model->module);

  // Check the inputs against the signature before the (slow) compilation.
  FailureOr<func::FuncOp> entryFunc = seqc::findEntryFunction(*module, entry);
  if (failed(entryFunc))
    return 1;
  FailureOr<seqc::EntrySignature> signature =
      seqc::getEntrySignature(*entryFunc);
  if (failed(signature))
    return 1;
  llvm::Expected<seqc::BoundArguments> bound =
      seqc::bindModelInputs(*entryFunc, inputs, model->weights.get());
  if (!bound)
    return fail(llvm::toString(bound.takeError()));
  ArrayRef<seqc::NpyArray> arrays = bound->arrays;
  ArrayRef<std::string> labels = bound->labels;
  if (llvm::Error err = seqc::checkInputs(*signature, arrays, labels))
    return fail(llvm::toString(std::move(err)));

  if (threads > 0)
    seqc_set_num_threads(static_cast<int>(threads));
  seqc::PipelineOptions pipelineOptions;
  pipelineOptions.attention = attention;
  pipelineOptions.raiseAttentionReport = raiseReport.getValue();
  pipelineOptions.targetCpu = targetCpu.getValue();
  pipelineOptions.targetFeatures = targetFeatures.getValue();
  seqc::JitOptions options;
  options.entry = signature->name;
  options.jobs = std::max(1u, jobs.getValue());
  options.timing = &timing;
  FailureOr<std::unique_ptr<seqc::JitRunner>> runner =
      seqc::JitRunner::create(*module, options, pipelineOptions);
  if (failed(runner))
    return 1;
  timing.stop();

  llvm::Expected<SmallVector<seqc::NpyArray>> results =
      (*runner)->call(arrays, labels);
  if (!results)
    return fail(llvm::toString(results.takeError()));

  if (!outputDir.empty())
    if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
      return fail(llvm::Twine("cannot create '") + outputDir + "': " +
                  ec.message());
  const seqc::EntrySignature &sig = (*runner)->getSignature();
  for (auto [i, result] : llvm::enumerate(*results)) {
    llvm::outs() << seqc::formatResult(i, sig.results[i], result, printValues)
                 << "\n";
    if (outputDir.empty())
      continue;
    llvm::SmallString<256> path(outputDir);
    llvm::sys::path::append(path, "result" + std::to_string(i) + ".npy");
    if (llvm::Error err = seqc::writeNpyFile(path, result))
      return fail(llvm::Twine("cannot write '") + path + "': " +
                  llvm::toString(std::move(err)));
  }

  if (repeat > 0) {
    llvm::Expected<seqc::TimingStats> stats =
        (*runner)->benchmark(arrays, repeat, labels);
    if (!stats)
      return fail(llvm::toString(stats.takeError()));
    llvm::outs() << fmt::format(
        "time per call ({} calls of '{}'): median {:.4g} ms, min {:.4g} ms\n",
        stats->calls, sig.name, stats->medianMs, stats->minMs);
  }
  llvm::outs().flush();
  return 0;
}
