//===- RunTimeAssert.h - checks in the compiled code ------------*- C++ -*-===//
//
// A check that the compiled code makes at run time, with the model's
// location in its message: what the front end (a position past a cache) and
// the lowering (dims that must agree, an index in range) both emit. AOT
// entry points turn a failed one into SEQC_CHECK_FAILED.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_SUPPORT_RUNTIMEASSERT_H
#define SEQC_SUPPORT_RUNTIMEASSERT_H

#include "mlir/IR/Builders.h"

#include "llvm/ADT/StringRef.h"

namespace seqc {

/// Stops the compiled code with "seqc: <file:line:col of loc>: <what>"
/// when `condition` (i1) is false (cf.assert: puts + abort, libc only).
void assertAtRunTime(mlir::OpBuilder &b, mlir::Location loc,
                     mlir::Value condition, llvm::StringRef what);

} // namespace seqc

#endif // SEQC_SUPPORT_RUNTIMEASSERT_H
