//===- FuzzCommon.h - what the fuzz targets share ---------------*- C++ -*-===//
//
// Each target gets a fresh MLIRContext per input (so memory does not grow
// with the run) whose diagnostics are dropped: a located error is the
// expected answer to a bad input; a crash, a sanitizer report, a timeout or
// an out-of-memory is a finding.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_TEST_FUZZ_FUZZCOMMON_H
#define SEQC_TEST_FUZZ_FUZZCOMMON_H

#include "seq/SeqDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <memory>

namespace seqc::fuzz {

struct Context {
  mlir::MLIRContext context{mlir::MLIRContext::Threading::DISABLED};
  std::unique_ptr<mlir::ScopedDiagnosticHandler> quiet;
  Context() {
    context.loadDialect<mlir::seq::SeqDialect, mlir::arith::ArithDialect,
                        mlir::func::FuncDialect, mlir::tensor::TensorDialect>();
    context.printOpOnDiagnostic(false);
    quiet = std::make_unique<mlir::ScopedDiagnosticHandler>(
        &context, [](mlir::Diagnostic &) { return mlir::success(); });
  }
};

} // namespace seqc::fuzz

#endif // SEQC_TEST_FUZZ_FUZZCOMMON_H
