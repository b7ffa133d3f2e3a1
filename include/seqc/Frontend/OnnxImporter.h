//===- OnnxImporter.h - ONNX models into the seq dialect --------*- C++ -*-===//
//
// Reads an ONNX ModelProto (through Debian's libonnx/protobuf) and builds the
// same kind of module the .seq front end builds: one public func.func marked
// seqc.model, named after the file's stem, whose arguments are the graph
// inputs that are not initializers (seqc.name = the input's name, seqc.dims =
// its dim_param names or sizes; a dynamic dim without a dim_param is named
// "<input>_dim<i>") and whose results are the graph outputs (seqc.name).
//
// Initializers become embedded constants, external-data tensors read from
// the file beside the model. Nodes become seq ops with ONNX's semantics;
// shape computations (Shape, Gather, Concat, Unsqueeze, integer arithmetic
// on dims) are evaluated at import into the sizes of seq.reshape and
// seq.slice, so no integer tensor arithmetic reaches the model. Weights the
// kernels read in PyTorch's layout (the [in, out] operand of a MatMul, the
// gates of LSTM/GRU in ONNX's iofc / zrh order) are rearranged once, here.
//
// Errors name the file, and the node's index, name, op type and the model's
// opset; a file that does not parse, a wrong dtype or a tensor whose data do
// not match its shape get one error each.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_FRONTEND_ONNXIMPORTER_H
#define SEQC_FRONTEND_ONNXIMPORTER_H

#include "seqc/Frontend/Frontend.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/StringRef.h"

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace seqc {

struct OnnxImportOptions {
  /// Only WeightMode::Embedded is supported for ONNX models today.
  WeightMode weights = WeightMode::Embedded;
};

/// Imports the ONNX model in `buffer` (read from `path`, whose directory
/// holds any external data). Errors go to the context's diagnostics; returns
/// null if there were any.
mlir::OwningOpRef<mlir::ModuleOp>
importOnnxModel(llvm::StringRef path, const llvm::MemoryBuffer &buffer,
                mlir::MLIRContext &context, const OnnxImportOptions &options);

} // namespace seqc

#endif // SEQC_FRONTEND_ONNXIMPORTER_H
