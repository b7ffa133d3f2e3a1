//===- ModelInputs.h - bind named inputs and weights to a model -*- C++ -*-===//
//
// seq-run's `--input NAME=FILE.npy` for models with the seqc.* ABI
// attributes (Codegen/Model.h): inputs bind by seqc.name, unnamed ones in
// order, runtime weights (seqc.weight) come from the safetensors file, and
// inputs that share a dim name must agree on its size.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_EXECUTION_MODELINPUTS_H
#define SEQC_EXECUTION_MODELINPUTS_H

#include "seqc/Execution/Npy.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mlir {
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace seqc {

class SafeTensors;

/// One `--input [NAME=]FILE`.
struct NamedInput {
  /// Empty for a positional input.
  std::string name;
  /// "NAME=FILE" or "FILE", for messages.
  std::string label;
  NpyArray array;
};

/// The arguments of an entry function, in order, with their labels.
struct BoundArguments {
  llvm::SmallVector<NpyArray> arrays;
  llvm::SmallVector<std::string> labels;
};

/// Orders `inputs` for the arguments of `func`. A NAME that is an argument's
/// seqc.name binds there; when no argument has a seqc.name, names are only
/// labels. Inputs without a (binding) name fill the remaining non-weight
/// arguments in order. Arguments marked seqc.weight are read from `weights`
/// and converted to their type. Inputs that share a dim name (seqc.dims) must
/// agree on its size; the error names both. Dtypes and ranks are left to
/// checkInputs.
llvm::Expected<BoundArguments>
bindModelInputs(mlir::func::FuncOp func, llvm::ArrayRef<NamedInput> inputs,
                const SafeTensors *weights);

} // namespace seqc

#endif // SEQC_EXECUTION_MODELINPUTS_H
