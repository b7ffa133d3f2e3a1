//===- ToolOptions.cpp - what the command-line tools share ------*- C++ -*-===//

#include "seqc/Support/ToolOptions.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace seqc;

void seqc::showPassManagerOptions(llvm::cl::OptionCategory &category) {
  static constexpr llvm::StringLiteral names[] = {
      "mlir-timing",
      "mlir-timing-display",
      "mlir-pass-statistics",
      "mlir-print-ir-before-all",
      "mlir-print-ir-after-all",
      "mlir-print-ir-after-failure",
      "mlir-print-ir-module-scope",
  };
  llvm::StringMap<llvm::cl::Option *> &options =
      llvm::cl::getRegisteredOptions();
  for (llvm::StringRef name : names) {
    auto it = options.find(name);
    if (it == options.end())
      continue;
    it->second->setHiddenFlag(llvm::cl::NotHidden);
    it->second->addCategory(category);
  }
}

PhaseReporter::PhaseReporter(llvm::StringRef tool, llvm::StringRef file)
    : tool(tool.str()), file(file.str()),
      enabled(llvm::errs().is_displayed()),
      begin(llvm::TimeRecord::getCurrentTime(/*Start=*/true)) {}

double PhaseReporter::elapsed() const {
  return llvm::TimeRecord::getCurrentTime(/*Start=*/false).getWallTime() -
         begin.getWallTime();
}

void PhaseReporter::start(llvm::StringRef phase) {
  if (!enabled)
    return;
  llvm::errs() << tool << ": " << file << ": "
               << llvm::format("%6.2f s  ", elapsed()) << phase << "\n";
}

void PhaseReporter::finish() {
  if (!enabled)
    return;
  llvm::errs() << tool << ": " << file << ": "
               << llvm::format("%6.2f s  ", elapsed()) << "done\n";
}

unsigned seqc::getDefaultCompileJobs() {
  return std::clamp(llvm::hardware_concurrency().compute_thread_count(), 1u,
                    16u);
}
