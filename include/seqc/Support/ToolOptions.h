//===- ToolOptions.h - what the command-line tools share --------*- C++ -*-===//
//
// The tools list MLIR's pass-manager options (--mlir-timing and friends)
// beside their own, and say on a terminal which phase of a long compile
// they are in.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_SUPPORT_TOOLOPTIONS_H
#define SEQC_SUPPORT_TOOLOPTIONS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Timer.h"

#include <string>

namespace seqc {

/// Lists the registered pass-manager and timing options (--mlir-timing,
/// --mlir-pass-statistics, --mlir-print-ir-after-all, ...) under `category`
/// in --help, after cl::HideUnrelatedOptions hid them.
void showPassManagerOptions(llvm::cl::OptionCategory &category);

/// The default of --jobs: the cores this process may run on (at most 16).
unsigned getDefaultCompileJobs();

/// Prints "tool: file: phase..." to stderr as each phase starts, with the
/// time since the start, when stderr is a terminal; quiet otherwise (tests,
/// scripts, build logs).
class PhaseReporter {
public:
  PhaseReporter(llvm::StringRef tool, llvm::StringRef file);
  void start(llvm::StringRef phase);
  /// Ends the last phase (prints the total on a terminal).
  void finish();

private:
  double elapsed() const;

  std::string tool, file;
  bool enabled;
  llvm::TimeRecord begin;
};

} // namespace seqc

#endif // SEQC_SUPPORT_TOOLOPTIONS_H
