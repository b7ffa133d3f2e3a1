//===- seq-front.cpp - print the seq module of a .seq model -----*- C++ -*-===//
//
//   seq-front model.seq [--weights W.safetensors] [--weights-mode=runtime]
//
// Prints the module that the front end builds, or its diagnostics as
// `file:line:col: error: ...` with the source line. For tests and for
// looking at what a model file becomes; seqc compiles it.
//
//===----------------------------------------------------------------------===//

#include "seqc/Frontend/Frontend.h"
#include "seqc/Frontend/OnnxImporter.h"
#include "seqc/Support/Diagnostics.h"
#include "seqc/Support/SafeTensors.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.seq | model.onnx>"),
                                      cl::Required);
static cl::opt<std::string> weightsFile("weights",
                                        cl::desc("safetensors weights file"),
                                        cl::value_desc("file"));
static cl::opt<seqc::WeightMode> weightsMode(
    "weights-mode", cl::desc("how weights enter the module"),
    cl::init(seqc::WeightMode::Embedded),
    cl::values(clEnumValN(seqc::WeightMode::Embedded, "embedded",
                          "as constants (default)"),
               clEnumValN(seqc::WeightMode::Runtime, "runtime",
                          "as arguments after the inputs")));
static cl::opt<bool> inlineBlocks(
    "inline-blocks",
    cl::desc("inline each block call instead of calling a private function "
             "per call (the pipeline merges equal ones and inlines the rest)"),
    cl::init(false));
static cl::opt<std::string> outputFile("o", cl::desc("output file"),
                                       cl::value_desc("file"), cl::init("-"));

static int printModule(mlir::ModuleOp module) {
  std::string error;
  auto output = mlir::openOutputFile(outputFile, &error);
  if (!output) {
    errs() << "seq-front: " << error << "\n";
    return 1;
  }
  module.print(output->os());
  output->os() << "\n";
  output->keep();
  return 0;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  cl::ParseCommandLineOptions(argc, argv, "Seqc model front end\n");

  std::string error;
  auto source = mlir::openInputFile(inputFile, &error);
  if (!source) {
    errs() << "seq-front: " << error << "\n";
    return 1;
  }
  SourceMgr sourceMgr;
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  if (StringRef(inputFile).ends_with(".onnx")) {
    // A binary file has no lines to show: one line per diagnostic, naming
    // the file and the node.
    context.printOpOnDiagnostic(false);
    seqc::LineDiagnosticHandler lines(&context, "seq-front");
    if (!weightsFile.empty()) {
      errs() << "seq-front: an ONNX model carries its own weights; "
                "--weights is for .seq models\n";
      return 1;
    }
    seqc::OnnxImportOptions options;
    options.weights = weightsMode;
    module = seqc::importOnnxModel(inputFile, *source, context, options);
    if (!module)
      return 1;
    return printModule(*module);
  }
  sourceMgr.AddNewSourceBuffer(std::move(source), SMLoc());
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);

  std::unique_ptr<seqc::SafeTensors> weights;
  if (!weightsFile.empty()) {
    auto opened = seqc::SafeTensors::open(weightsFile);
    if (!opened) {
      errs() << "seq-front: " << toString(opened.takeError()) << "\n";
      return 1;
    }
    weights = std::move(*opened);
  }

  seqc::FrontendOptions options;
  options.weights = weightsMode;
  options.outlineBlocks = !inlineBlocks;
  module = seqc::buildModelModule(sourceMgr, context, weights.get(), options);
  if (!module)
    return 1;
  return printModule(*module);
}
