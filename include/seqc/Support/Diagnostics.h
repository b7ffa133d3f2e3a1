//===- Diagnostics.h - one-line diagnostics for the tools -------*- C++ -*-===//
//
// The command-line tools print every diagnostic on one line, the way
// compilers do, so that scripts and editors can jump to it.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_SUPPORT_DIAGNOSTICS_H
#define SEQC_SUPPORT_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/StringRef.h"

#include <string>

namespace seqc {

/// While alive, prints each diagnostic of `context` and each of its notes to
/// stderr as "file:line:col: error: message", "file: error: message" when
/// the location is a whole file, or "<tool>: error: message" without one.
class LineDiagnosticHandler : public mlir::ScopedDiagnosticHandler {
public:
  LineDiagnosticHandler(mlir::MLIRContext *context, llvm::StringRef tool);

private:
  void print(mlir::Location loc, mlir::DiagnosticSeverity severity,
             llvm::StringRef message) const;

  std::string tool;
};

} // namespace seqc

#endif // SEQC_SUPPORT_DIAGNOSTICS_H
