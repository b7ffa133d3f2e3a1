//===- SeqDialect.cpp - seq dialect registration ----------------*- C++ -*-===//

#include "seq/SeqDialect.h"
#include "seq/SeqOps.h"

#include "mlir/IR/DialectImplementation.h"

using namespace mlir;
using namespace mlir::seq;

#include "seq/SeqDialect.cpp.inc"
#include "seq/SeqEnums.cpp.inc"

void SeqDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "seq/SeqOps.cpp.inc"
      >();
}
