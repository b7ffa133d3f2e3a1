//===- Model.h - model modules and their ABI --------------------*- C++ -*-===//
//
// A model module is what the front end builds from a .seq file (or what a
// user writes in the seq dialect): one public func.func per model, whose ABI
// is spelled in the seqc.* attributes documented in Frontend/Frontend.h. This
// header loads such modules (from .seq or .mlir, with safetensors weights)
// and reads their ABI back, for seqc and seq-run alike.
//
//===----------------------------------------------------------------------===//

#ifndef SEQC_CODEGEN_MODEL_H
#define SEQC_CODEGEN_MODEL_H

#include "seqc/Frontend/Frontend.h"
#include "seqc/Support/SafeTensors.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace seqc {

/// Attribute names of the model ABI.
inline constexpr llvm::StringLiteral kModelAttrName = "seqc.model";
inline constexpr llvm::StringLiteral kNameAttrName = "seqc.name";
inline constexpr llvm::StringLiteral kDimsAttrName = "seqc.dims";
inline constexpr llvm::StringLiteral kWeightAttrName = "seqc.weight";
/// On an argument (unit): an in/out state the model updates in place. On a
/// result (the argument's index): that argument's new value, written back
/// into the argument's buffer by AOT entry points rather than into an output.
inline constexpr llvm::StringLiteral kInoutAttrName = "seqc.inout";

/// One dim of a model value: a static size, or a named dynamic dim. Values
/// that share a dim name share its size at run time.
struct ModelDim {
  /// The static size, or mlir::ShapedType::kDynamic.
  int64_t size = mlir::ShapedType::kDynamic;
  /// The dim's name (for static dims, the name the model gave it, if any).
  std::string name;

  bool isDynamic() const { return mlir::ShapedType::isDynamic(size); }
};

/// An argument (input or runtime weight) or a result of a model.
struct ModelValue {
  /// seqc.name; by default "arg<i>" for arguments, "out" or "out<i>" for
  /// results.
  std::string name;
  /// seqc.weight: the safetensors name of a runtime weight, else empty.
  std::string weight;
  mlir::RankedTensorType type;
  llvm::SmallVector<ModelDim> dims;

  /// An argument marked seqc.inout.
  bool inout = false;
  /// For a result: the index of the in/out argument it updates, else -1.
  int inoutOf = -1;

  bool isWeight() const { return !weight.empty(); }
  bool isInoutResult() const { return inoutOf >= 0; }
};

/// The ABI of one model function.
struct ModelSignature {
  mlir::func::FuncOp func;
  std::string name;
  /// In function order: the inputs, then the runtime weights.
  llvm::SmallVector<ModelValue> arguments;
  llvm::SmallVector<ModelValue> results;
  /// The names of the dynamic dims of the arguments, in order of first
  /// appearance.
  llvm::SmallVector<std::string> dimNames;

  /// The values of the C entry point: the arguments (in/out ones once), then
  /// the results that are not the new value of an in/out argument.
  llvm::SmallVector<ModelValue> getCValues() const;
};

/// Reads the ABI of `func`. Dynamic argument dims without seqc.dims are named
/// d0, d1, ...; dynamic result dims without seqc.dims keep an empty name
/// (see inferResultDims). Emits an error and fails on inconsistent
/// attributes or non-tensor types.
mlir::FailureOr<ModelSignature> getModelSignature(mlir::func::FuncOp func);

/// The models of `module`: the functions marked seqc.model if there are any,
/// else every public function with a body. Fails (with an error) if there is
/// none.
mlir::FailureOr<std::vector<ModelSignature>>
getModelSignatures(mlir::ModuleOp module);

/// Names the dynamic result dims that have no name yet after the argument
/// dim they provably equal (by value-bounds analysis of the linalg lowering
/// of a copy of the function); emits an error naming the first one that
/// cannot be tied to an argument dim.
mlir::LogicalResult inferResultDims(ModelSignature &signature);

/// How to load a model file.
struct ModelLoadOptions {
  /// A safetensors file, or empty.
  std::string weightsPath;
  WeightMode weightMode = WeightMode::Embedded;
  /// `.seq` block calls as functions (FrontendOptions::outlineBlocks).
  bool outlineBlocks = true;
};

/// Reads the values of the `--weights` option of seqc and seq-run: each is
/// the weights file or the mode ("embedded" or "runtime"), at most one each.
llvm::Error parseWeightsOption(llvm::ArrayRef<std::string> values,
                               ModelLoadOptions &options);

/// A loaded model module and the weights it was built with.
struct LoadedModel {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  /// Null when no weights file was given.
  std::unique_ptr<SafeTensors> weights;
};

/// Loads `path`: a .seq file goes through the front end, a .onnx file through
/// the ONNX importer (its initializers are its weights); any other file is
/// parsed as MLIR, and then, with embedded weights, arguments marked
/// seqc.weight become constants from the weights file. Errors (including a
/// missing or invalid weights file) are emitted as diagnostics on `context`;
/// `sourceMgr` keeps the source buffer for their locations.
mlir::FailureOr<LoadedModel> loadModel(llvm::StringRef path,
                                       const ModelLoadOptions &options,
                                       mlir::MLIRContext &context,
                                       llvm::SourceMgr &sourceMgr);

/// Whether the weight `view` can be the value of a tensor of `type`: the same
/// shape, and F32/F16/BF16 for f32, I32/I64 for i32/i64, BOOL for i1.
bool isWeightCompatible(const TensorView &view, mlir::RankedTensorType type);

/// Checks `view` against the tensor type `type` (see isWeightCompatible) and
/// returns its values as a dense attribute of `type`. Emits an error at `loc`
/// naming the weight otherwise.
mlir::FailureOr<mlir::DenseElementsAttr>
getWeightAttr(const TensorView &view, mlir::RankedTensorType type,
              mlir::Location loc, llvm::StringRef file);

} // namespace seqc

#endif // SEQC_CODEGEN_MODEL_H
