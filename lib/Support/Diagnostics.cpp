//===- Diagnostics.cpp - one-line diagnostics for the tools -----*- C++ -*-===//

#include "seqc/Support/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace seqc;

static llvm::StringRef getSeverityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

LineDiagnosticHandler::LineDiagnosticHandler(MLIRContext *context,
                                             llvm::StringRef tool)
    : ScopedDiagnosticHandler(context), tool(tool.str()) {
  setHandler([this](Diagnostic &diag) {
    print(diag.getLocation(), diag.getSeverity(), diag.str());
    for (Diagnostic &note : diag.getNotes())
      print(note.getLocation(), note.getSeverity(), note.str());
    return success();
  });
}

void LineDiagnosticHandler::print(Location loc, DiagnosticSeverity severity,
                                  llvm::StringRef message) const {
  llvm::raw_ostream &os = llvm::errs();
  auto fileLoc = loc->findInstanceOf<FileLineColLoc>();
  if (fileLoc && fileLoc.getLine() > 0) {
    os << fileLoc.getFilename().getValue() << ":" << fileLoc.getLine() << ":"
       << fileLoc.getColumn() << ": ";
  } else if (fileLoc) {
    os << fileLoc.getFilename().getValue() << ": ";
    // A place without a line, such as a node of a binary model file.
    if (auto name = dyn_cast<NameLoc>(loc))
      os << name.getName().getValue() << ": ";
  } else {
    os << tool << ": ";
  }
  os << getSeverityName(severity) << ": " << message << "\n";
}
