//===- Frontend.h - the .seq model language ---------------------*- C++ -*-===//
//
// Parses a .seq model file and builds a module in the seq dialect: one
// public func.func per `model`, whose arguments are the model inputs in
// declaration order (then, with runtime weights, one argument per weight)
// and whose results are its outputs. Every op carries the FileLineColLoc of
// the model text it came from.
//
// The ABI that seqc and seq-run read back is spelled in attributes:
//   func:      seqc.model (unit)
//   argument:  seqc.name = "tokens", seqc.dims = ["batch", "seq"]
//              (one string per dim: the dim's name, or its size when static)
//              seqc.weight = "layers.0.norm1.weight" for runtime weights
//   result:    seqc.name = "out", seqc.dims = [...]
// Inputs and outputs that share a dim name share its size at run time.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_FRONTEND_FRONTEND_H
#define SEQC_FRONTEND_FRONTEND_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace seqc {

class SafeTensors;

enum class WeightMode {
  /// Weights become constants of the module (later passes may pre-pack them).
  Embedded,
  /// Weights become arguments of the entry point.
  Runtime,
};

struct FrontendOptions {
  WeightMode weights = WeightMode::Embedded;
  /// Each call of a block becomes a call of a private function holding its
  /// ops and its weights (`@<model>.<block>`), so that the pipeline can
  /// compile structurally equal layers once (seq-merge-equal-functions);
  /// otherwise blocks are inlined.
  bool outlineBlocks = true;
};

/// Parses the main buffer of `sourceMgr` and builds its models. Errors are
/// emitted through the context's diagnostics at the model file's line and
/// column (several per file where recovery is possible); returns null if
/// there were any. `weights` may be null only if the model names none.
mlir::OwningOpRef<mlir::ModuleOp>
buildModelModule(llvm::SourceMgr &sourceMgr, mlir::MLIRContext &context,
                 const SafeTensors *weights, const FrontendOptions &options);

} // namespace seqc

#endif // SEQC_FRONTEND_FRONTEND_H
