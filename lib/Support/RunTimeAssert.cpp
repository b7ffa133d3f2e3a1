//===- RunTimeAssert.cpp - checks in the compiled code ----------*- C++ -*-===//

#include "seqc/Support/RunTimeAssert.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/IR/Location.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;

void seqc::assertAtRunTime(OpBuilder &b, Location loc, Value condition,
                           StringRef what) {
  std::string message;
  llvm::raw_string_ostream os(message);
  os << "seqc: ";
  loc->walk([&](Location inner) {
    auto fileLoc = llvm::dyn_cast<FileLineColLoc>(inner);
    if (!fileLoc)
      return WalkResult::advance();
    os << fileLoc.getFilename().getValue() << ":" << fileLoc.getLine() << ":"
       << fileLoc.getColumn() << ": ";
    return WalkResult::interrupt();
  });
  os << what;
  b.create<cf::AssertOp>(loc, condition, message);
}
